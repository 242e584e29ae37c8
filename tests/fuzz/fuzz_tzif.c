/* fuzz_tzif.c - the TZif reader on any bytes. A refused file must say why
 * and allocate nothing that outlives the call; an accepted one must give
 * rules that hold together at every instant the library uses: offsets
 * within the zone's bounds, stretches that move forward, and for each
 * wall-clock time a least instant showing it or later, which R2's day
 * starts and R7's term ends build on. */
#include "fuzz.h"

#include "calendar.h"
#include "tzif.h"

static const int64_t PROBES[] = {PROMO_INSTANT_MIN,
                                 INT64_C(-2208988800),
                                 -1,
                                 0,
                                 INT64_C(1),
                                 INT64_C(1000000000),
                                 INT64_C(2147483647),
                                 INT64_C(4102444800),
                                 PROMO_INSTANT_MAX};

static void check_wall_clock(const promo_zone *z, int64_t local) {
  int64_t t = promo_zone_first_at_or_after(z, local);
  REQUIRE(t + promo_zone_offset(z, t) >= local);
  REQUIRE(t - 1 + promo_zone_offset(z, t - 1) < local);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  promo_alloc a;
  REQUIRE(promo_alloc_init(&a, NULL));
  promo_zone *z = NULL;
  const char *why = NULL;
  promo_status st = promo_tzif_parse(&z, &a, "Fuzz/Zone", data, size, &why);
  if (st != PROMO_OK) {
    REQUIRE(st == PROMO_ERR_INVALID_ARGUMENT && why != NULL && z == NULL);
    return 0;
  }
  REQUIRE(z->min_offset <= z->initial && z->initial <= z->max_offset);
  for (size_t i = 0; i < sizeof PROBES / sizeof PROBES[0]; i++) {
    int64_t t = PROBES[i];
    int32_t offset = 0;
    int64_t next = 0;
    promo_zone_segment(z, t, &offset, &next);
    REQUIRE(next > t);
    REQUIRE(offset >= z->min_offset && offset <= z->max_offset);
    REQUIRE(promo_zone_offset(z, t) == offset);
    check_wall_clock(z, t);
    int64_t end = 0;
    REQUIRE(promo_calendar_term_end(z, t, PROMO_TERM_MONTHLY, &end) ==
            PROMO_OK);
    REQUIRE(end > t);
    REQUIRE(promo_calendar_term_end(z, t, PROMO_TERM_ANNUAL, &end) == PROMO_OK);
    REQUIRE(end > t);
  }
  /* Walk the stretches of recent years: each change is seen by the
   * wall-clock search on both sides. */
  int64_t t = INT64_C(946684800); /* 2000 */
  for (int steps = 0; steps < 64 && t < INT64_C(2145916800); steps++) {
    int32_t offset = 0;
    int64_t next = 0;
    promo_zone_segment(z, t, &offset, &next);
    REQUIRE(next > t);
    check_wall_clock(z, t + offset);
    if (next < INT64_C(2145916800)) {
      check_wall_clock(z, next + promo_zone_offset(z, next) - 1);
    }
    t = next;
  }
  REQUIRE(promo_calendar_day_start(z, 2024, 2, 29) >=
          promo_calendar_day_start(z, 2024, 2, 28));
  promo_free(&a, z);
  return 0;
}
