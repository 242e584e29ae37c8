/* test_tzif.c - reading TZif files (RFC 9636) and their footer's TZ
 * strings, and the answers a zone's rules give: offsets, stretches, and
 * the first instant at or after a wall-clock time. The files are the
 * synthetic ones of tests/data/zoneinfo (tests/tzdb/make_tzif.py); the
 * expected instants are worked out by hand in the comments. */
#include "calendar.h"
#include "civil.h"
#include "posix_tz.h"
#include "support.h"
#include "tzif.h"
#include "zone.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_ROWS(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define H 3600

static promo_alloc std_alloc(void) {
  promo_alloc a;
  ck_assert(promo_alloc_init(&a, NULL));
  return a;
}

/* The bytes of tests/data/zoneinfo/<name>, in a malloc'd buffer. */
static unsigned char *read_fixture(const char *name, size_t *len) {
  char path[512];
  snprintf(path, sizeof path, "%s/zoneinfo/%s", PROMO_TEST_DATA_DIR, name);
  FILE *f = fopen(path, "rb");
  ck_assert_msg(f != NULL, "%s", path);
  unsigned char *buf = malloc(PROMO_TZIF_MAX_BYTES);
  ck_assert_ptr_nonnull(buf);
  *len = fread(buf, 1, PROMO_TZIF_MAX_BYTES, f);
  fclose(f);
  return buf;
}

static promo_status parse_fixture(promo_zone **out, const char *name,
                                  const char **why) {
  size_t len = 0;
  unsigned char *data = read_fixture(name, &len);
  promo_alloc a = std_alloc();
  promo_status st = promo_tzif_parse(out, &a, name, data, len, why);
  free(data);
  return st;
}

static promo_zone *load(const char *name) {
  promo_zone *z = NULL;
  const char *why = NULL;
  promo_status st = parse_fixture(&z, name, &why);
  ck_assert_msg(st == PROMO_OK, "%s: %s", name, why == NULL ? "?" : why);
  ck_assert_str_eq(z->name, name);
  return z;
}

static void unload(promo_zone *z) {
  promo_alloc a = std_alloc();
  promo_free(&a, z);
}

/* ---- offsets of the good files ------------------------------------------ */

typedef struct offset_row {
  const char *zone;
  int64_t at;
  int32_t offset;
  const char *what;
} offset_row;

static offset_row offset_rows[48];
static int offset_row_count;

static void add_offset(const char *zone, int64_t at, int32_t offset,
                       const char *what) {
  if (offset_row_count >= N_ROWS(offset_rows)) {
    abort(); /* the table outgrew its array */
  }
  offset_rows[offset_row_count++] = (offset_row){zone, at, offset, what};
}

static void fill_offset_rows(void) {
  offset_row_count = 0;
  /* Plus3: +02 until the epoch, +03 from it on; footer <+03>-3. */
  add_offset("Test/Plus3", -1, 2 * H, "before the only transition: type 0");
  add_offset("Test/Plus3", 0, 3 * H, "at the transition");
  add_offset("Test/Plus3", PROMO_INSTANT_MIN, 2 * H, "year 1");
  add_offset("Test/Plus3", test_utc(9999, 1, 1, 0, 0, 0), 3 * H, "year 9999");
  /* Dst: +01/+02, changes stored for 2020-2022, then the footer
   * TST-1TDT,M3.5.0,M10.5.0/3: last Sunday of March 02:00 standard, last
   * Sunday of October 03:00 daylight, 01:00Z both (as stored before). */
  add_offset("Test/Dst", test_utc(2019, 7, 1, 0, 0, 0), H,
             "before the stored years: type 0");
  add_offset("Test/Dst", test_utc(2021, 3, 28, 0, 59, 59), H,
             "a stored change, before");
  add_offset("Test/Dst", test_utc(2021, 3, 28, 1, 0, 0), 2 * H,
             "a stored change, at");
  add_offset("Test/Dst", test_utc(2022, 10, 30, 0, 59, 59), 2 * H,
             "the last stored change, before");
  add_offset("Test/Dst", test_utc(2022, 10, 30, 1, 0, 0), H,
             "the last stored change, at: the footer agrees");
  add_offset("Test/Dst", test_utc(2023, 3, 26, 0, 59, 59), H,
             "the footer: March 26, 2023, before");
  add_offset("Test/Dst", test_utc(2023, 3, 26, 1, 0, 0), 2 * H,
             "the footer: March 26, 2023, at");
  add_offset("Test/Dst", test_utc(2023, 10, 29, 0, 59, 59), 2 * H,
             "the footer: October 29, 2023, before");
  add_offset("Test/Dst", test_utc(2023, 10, 29, 1, 0, 0), H,
             "the footer: October 29, 2023, at");
  add_offset("Test/Dst", test_utc(9999, 7, 1, 0, 0, 0), 2 * H,
             "the footer in 9999");
  /* V1: UT until the epoch, EST after; no footer: EST for ever. */
  add_offset("Test/V1", -1, 0, "version 1, before");
  add_offset("Test/V1", 0, -5 * H, "version 1, at");
  add_offset("Test/V1", test_utc(9999, 1, 1, 0, 0, 0), -5 * H,
             "version 1, no footer: the last type stays");
  /* FooterOnly: <-03>3<-02>,M10.1.0/0,M3.3.0/0, no transitions: DST from
   * the first Sunday of October 00:00 -03 (2024-10-06T03:00Z) to the third
   * Sunday of March 00:00 -02 (2024-03-17T02:00Z). */
  add_offset("Test/FooterOnly", test_utc(2024, 7, 1, 0, 0, 0), -3 * H,
             "southern winter");
  add_offset("Test/FooterOnly", test_utc(2024, 12, 1, 0, 0, 0), -2 * H,
             "southern summer");
  add_offset("Test/FooterOnly", test_utc(2024, 3, 17, 1, 59, 59), -2 * H,
             "DST ends, before");
  add_offset("Test/FooterOnly", test_utc(2024, 3, 17, 2, 0, 0), -3 * H,
             "DST ends, at");
  add_offset("Test/FooterOnly", test_utc(2024, 10, 6, 2, 59, 59), -3 * H,
             "DST starts, before");
  add_offset("Test/FooterOnly", test_utc(2024, 10, 6, 3, 0, 0), -2 * H,
             "DST starts, at");
  add_offset("Test/FooterOnly", test_utc(1, 1, 1, 0, 0, 0), -2 * H,
             "the rule in year 1 (January: summer)");
  /* V3: <-02>2<-01>,M3.5.0/-1,M10.5.0/0: DST starts on the last Sunday of
   * March at -1:00, i.e. Saturday 23:00 -02 (2024-03-31T01:00Z), ends on
   * the last Sunday of October at 00:00 -01 (2024-10-27T01:00Z). */
  add_offset("Test/V3", test_utc(2024, 3, 31, 0, 59, 59), -2 * H,
             "a negative change time, before");
  add_offset("Test/V3", test_utc(2024, 3, 31, 1, 0, 0), -1 * H,
             "a negative change time, at");
  add_offset("Test/V3", test_utc(2024, 10, 27, 0, 59, 59), -1 * H,
             "change time 0, before");
  add_offset("Test/V3", test_utc(2024, 10, 27, 1, 0, 0), -2 * H,
             "change time 0, at");
  /* AllYearDst: EST5EDT,0/0,J365/25: DST ends at 25:00 on Dec 31, which is
   * when the next year's starts: daylight time all year. */
  add_offset("Test/AllYearDst", test_utc(2024, 7, 1, 0, 0, 0), -4 * H,
             "summer");
  add_offset("Test/AllYearDst", test_utc(2025, 1, 1, 4, 59, 59), -4 * H,
             "just before the year turns in standard time");
  add_offset("Test/AllYearDst", test_utc(2025, 1, 1, 5, 0, 0), -4 * H,
             "the instant DST both ends and starts");
  add_offset("Test/AllYearDst", test_utc(2025, 1, 1, 6, 0, 0), -4 * H,
             "an hour later");
}

START_TEST(tzif_offsets_follow_transitions_then_the_footer) {
  const offset_row *r = &offset_rows[_i];
  promo_zone *z = load(r->zone);
  int32_t got = promo_zone_offset(z, r->at);
  ck_assert_msg(got == r->offset, "%s: %s: got %d, want %d", r->zone, r->what,
                (int)got, (int)r->offset);
  ck_assert_int_ge(got, z->min_offset);
  ck_assert_int_le(got, z->max_offset);
  unload(z);
}
END_TEST

/* ---- R2's day starts in DST gaps and overlaps --------------------------- */

typedef struct day_row {
  const char *zone;
  int year, month, day;
  int64_t expected;
  const char *what;
} day_row;

static day_row day_rows[16];
static int day_row_count;

static void add_day(const char *zone, int y, int m, int d, int64_t expected,
                    const char *what) {
  if (day_row_count >= N_ROWS(day_rows)) {
    abort();
  }
  day_rows[day_row_count++] = (day_row){zone, y, m, d, expected, what};
}

static void fill_day_rows(void) {
  day_row_count = 0;
  add_day("Test/Plus3", 1970, 1, 1, -2 * H,
          "midnight at +02, just before the change to +03");
  add_day("Test/Plus3", 1970, 1, 2, test_utc(1970, 1, 1, 21, 0, 0),
          "the next day at +03");
  add_day("Test/FooterOnly", 2024, 10, 6, test_utc(2024, 10, 6, 3, 0, 0),
          "a skipped midnight: the change itself");
  add_day("Test/FooterOnly", 2024, 3, 17, test_utc(2024, 3, 17, 3, 0, 0),
          "DST ends at 00:00 -02: the hour before it comes twice, and "
          "midnight once, at -03");
  add_day("Test/V3", 2024, 3, 30, test_utc(2024, 3, 30, 2, 0, 0),
          "the day before the change at -1:00");
  add_day("Test/V3", 2024, 3, 31, test_utc(2024, 3, 31, 1, 0, 0),
          "the day after Saturday's skipped last hour");
  add_day("Test/AllYearDst", 2025, 1, 1, test_utc(2025, 1, 1, 4, 0, 0),
          "daylight time on January 1");
  add_day("Test/V1", 1, 1, 1, test_utc(1, 1, 1, 0, 0, 0),
          "year 1 in a version 1 file");
}

START_TEST(r2_day_start_in_a_zone_read_from_tzif) {
  const day_row *r = &day_rows[_i];
  promo_zone *z = load(r->zone);
  int64_t got = promo_calendar_day_start(z, r->year, r->month, r->day);
  ck_assert_msg(got == r->expected, "%s: %s: got %lld, want %lld", r->zone,
                r->what, (long long)got, (long long)r->expected);
  unload(z);
}
END_TEST

/* Whether the answer for `local` shows that time or later and the instant
 * before it does not. */
static bool least_instant(const promo_zone *z, int64_t local) {
  int64_t t = promo_zone_first_at_or_after(z, local);
  return t + promo_zone_offset(z, t) >= local &&
         t - 1 + promo_zone_offset(z, t - 1) < local;
}

START_TEST(zone_first_at_or_after_is_the_least_such_instant) {
  /* Wall-clock times every six hours of 2024, and every five minutes
   * around each change of offset that year: the answer shows that time or
   * later, and the instant before it does not. */
  static const char *const ZONES[] = {"Test/Dst", "Test/FooterOnly", "Test/V3",
                                      "Test/Plus3", "Test/AllYearDst"};
  const int64_t from = test_utc(2024, 1, 1, 0, 0, 0);
  const int64_t to = test_utc(2025, 1, 1, 0, 0, 0);
  for (int i = 0; i < N_ROWS(ZONES); i++) {
    promo_zone *z = load(ZONES[i]);
    int wrong = 0;
    for (int64_t local = from; local < to; local += 6 * H) {
      wrong += least_instant(z, local) ? 0 : 1;
    }
    int64_t t = from;
    while (t < to) {
      int32_t offset = 0;
      int64_t next = 0;
      promo_zone_segment(z, t, &offset, &next);
      if (next >= to) {
        break;
      }
      for (int64_t local = next + offset - 2 * H; local < next + offset + 3 * H;
           local += 5 * 60) {
        wrong += least_instant(z, local) ? 0 : 1;
      }
      t = next;
    }
    ck_assert_msg(wrong == 0, "%s: %d wall-clock times", ZONES[i], wrong);
    unload(z);
  }
}
END_TEST

START_TEST(zone_segments_tile_time_and_name_their_end) {
  promo_zone *z = load("Test/Dst");
  int64_t t = test_utc(2019, 1, 1, 0, 0, 0);
  const int64_t end = test_utc(2026, 1, 1, 0, 0, 0);
  int changes = 0;
  while (t < end) {
    int32_t offset = 0;
    int64_t next = 0;
    promo_zone_segment(z, t, &offset, &next);
    ck_assert_int_gt(next, t);
    ck_assert_int_eq(promo_zone_offset(z, next - 1), offset);
    if (next < end && promo_zone_offset(z, next) != offset) {
      changes++;
    }
    t = next;
  }
  ck_assert_int_eq(changes, 2 * 6); /* 2020 to 2025, two a year */
  unload(z);
}
END_TEST

/* ---- refused files ------------------------------------------------------- */

static const struct {
  const char *file;
  const char *why;
} BROKEN[] = {
    {"Test/Empty", "truncated header"},
    {"Test/Truncated", "truncated data block"},
    {"Test/NotTzif", "no TZif magic"},
    {"Test/BadVersion", "unsupported TZif version"},
    {"Test/BadFooter", "daylight saving time without its dates"},
    {"Test/NoFooterEnd", "truncated footer"},
    {"Test/Trailing", "bytes after the footer"},
    {"Test/LeapSeconds", "leap seconds (a right/ zone): not civil time"},
    {"Test/Unsorted", "transition times not in ascending order"},
    {"Test/BadOffset", "UTC offset out of range"},
    {"Test/DstNoRule", "daylight saving time without its dates"},
};

START_TEST(tzif_refuses_broken_files_saying_why) {
  promo_zone *z = NULL;
  const char *why = NULL;
  ck_assert_int_eq(parse_fixture(&z, BROKEN[_i].file, &why),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_ptr_null(z);
  ck_assert_ptr_nonnull(why);
  ck_assert_str_eq(why, BROKEN[_i].why);
}
END_TEST

START_TEST(tzif_refuses_every_truncation_of_a_good_file) {
  static const char *const GOOD[] = {"Test/Plus3", "Test/Dst", "Test/V1",
                                     "Test/V3"};
  for (int i = 0; i < N_ROWS(GOOD); i++) {
    size_t len = 0;
    unsigned char *data = read_fixture(GOOD[i], &len);
    promo_alloc a = std_alloc();
    for (size_t cut = 0; cut < len; cut++) {
      promo_zone *z = NULL;
      const char *why = NULL;
      ck_assert_msg(promo_tzif_parse(&z, &a, "x", data, cut, &why) ==
                        PROMO_ERR_INVALID_ARGUMENT,
                    "%s cut to %zu bytes", GOOD[i], cut);
      ck_assert_ptr_nonnull(why);
    }
    free(data);
  }
}
END_TEST

START_TEST(tzif_refuses_more_than_its_size_limit) {
  static unsigned char big[PROMO_TZIF_MAX_BYTES + 1];
  promo_alloc a = std_alloc();
  promo_zone *z = NULL;
  const char *why = NULL;
  memcpy(big, "TZif2", 5);
  ck_assert_int_eq(promo_tzif_parse(&z, &a, "x", big, sizeof big, &why),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_str_eq(why, "file too large for a TZif file");
}
END_TEST

START_TEST(tzif_parse_reports_out_of_memory) {
  test_alloc t;
  test_alloc_init(&t, 1);
  size_t len = 0;
  unsigned char *data = read_fixture("Test/Dst", &len);
  promo_zone *z = NULL;
  const char *why = NULL;
  ck_assert_int_eq(
      promo_tzif_parse(&z, &t.allocator, "Test/Dst", data, len, &why),
      PROMO_ERR_NO_MEMORY);
  ck_assert_ptr_null(z);
  ck_assert_int_eq(t.live, 0);
  free(data);
}
END_TEST

/* ---- TZ strings -----------------------------------------------------------
 */

static const struct {
  const char *text;
  bool ok;
} TZ_STRINGS[] = {
    {"UTC0", true},
    {"CET-1CEST,M3.5.0,M10.5.0/3", true},
    {"EST5EDT,M3.2.0,M11.1.0", true},
    {"<+0545>-5:45", true},
    {"<-03>3<-02>,M10.1.0/0,M3.3.0/0", true},
    {"<+1030>-10:30<+11>-11,M10.1.0,M4.1.0", true},
    {"IST-1GMT0,M10.5.0,M3.5.0/1", true}, /* Dublin: negative DST */
    {"EST5EDT,0/0,J365/25", true},
    {"<-02>2<-01>,M3.5.0/-1,M10.5.0/0", true},
    {"XXX3YYY,J60/2:30:15,300/-167", true},
    {"AB0", false},            /* a name of 2 letters */
    {"<AB>0", false},          /* likewise, quoted */
    {"<A B>0", false},         /* a space in a quoted name */
    {"<ABC0", false},          /* unterminated */
    {"ABC", false},            /* no offset */
    {"ABC25", false},          /* an offset over 24 hours */
    {"ABC1:60", false},        /* minutes over 59 */
    {"ABC1:30:60", false},     /* seconds over 59 */
    {"ABC1DEF", false},        /* DST without dates */
    {"ABC1DEF,M3.2.0", false}, /* DST without its end */
    {"ABC1DEF,M13.1.0,M11.1.0", false},
    {"ABC1DEF,M0.1.0,M11.1.0", false},
    {"ABC1DEF,M3.6.0,M11.1.0", false},
    {"ABC1DEF,M3.0.0,M11.1.0", false},
    {"ABC1DEF,M3.1.7,M11.1.0", false},
    {"ABC1DEF,M3-1.0,M11.1.0", false},
    {"ABC1DEF,M3.1-0,M11.1.0", false},
    {"ABC1DEF,J0,J365", false}, /* Julian days start at 1 */
    {"ABC1DEF,J366,J1", false},
    {"ABC1DEF,366,1", false},
    {"ABC1DEF,M3.2.0/168,M11.1.0", false}, /* over 167 hours */
    {"ABC1DEF,M3.2.0,M11.1.0junk", false},
    {"ABC1DEF,M3.2.0;M11.1.0", false},
    {"", false},
};

START_TEST(posix_tz_strings_parse_as_rfc_9636_writes_them) {
  promo_posix_tz tz;
  const char *why = NULL;
  const char *text = TZ_STRINGS[_i].text;
  bool ok = promo_posix_tz_parse(&tz, text, strlen(text), &why);
  ck_assert_msg(ok == TZ_STRINGS[_i].ok, "'%s': %s", text,
                why == NULL ? "accepted" : why);
  if (!ok) {
    ck_assert_ptr_nonnull(why);
  }
}
END_TEST

START_TEST(posix_tz_fields_are_read_east_positive) {
  promo_posix_tz tz;
  const char *why = NULL;
  const char *text = "XXX3YYY,J60/2:30:15,300/-167";
  ck_assert(promo_posix_tz_parse(&tz, text, strlen(text), &why));
  ck_assert_int_eq(tz.std_offset, -3 * H);
  ck_assert_int_eq(tz.dst_offset, -2 * H); /* default: one hour ahead */
  ck_assert(tz.has_dst);
  ck_assert_int_eq(tz.start.kind, 'J');
  ck_assert_int_eq(tz.start.day, 60);
  ck_assert_int_eq(tz.start.time, 2 * H + 30 * 60 + 15);
  ck_assert_int_eq(tz.end.kind, 'n');
  ck_assert_int_eq(tz.end.day, 300);
  ck_assert_int_eq(tz.end.time, -167 * H);
  /* J60 is March 1 in every year; n59 is March 1 only in common years. */
  int32_t offset = 0;
  int64_t next = 0;
  promo_posix_tz_at(&tz, test_utc(2024, 3, 1, 5, 30, 15), &offset, &next);
  ck_assert_int_eq(offset, -2 * H); /* J60 02:30:15 -03 = 05:30:15Z */
  promo_posix_tz_at(&tz, test_utc(2024, 3, 1, 5, 30, 14), &offset, &next);
  ck_assert_int_eq(offset, -3 * H);
  ck_assert_int_eq(next, test_utc(2024, 3, 1, 5, 30, 15));
}
END_TEST

START_TEST(posix_tz_without_dst_never_changes) {
  promo_posix_tz tz;
  const char *why = NULL;
  ck_assert(promo_posix_tz_parse(&tz, "<+0545>-5:45", 12, &why));
  int32_t offset = 0;
  int64_t next = 0;
  promo_posix_tz_at(&tz, 0, &offset, &next);
  ck_assert_int_eq(offset, 5 * H + 45 * 60);
  ck_assert_int_eq(next, INT64_MAX);
}
END_TEST

/* ---- the calendar's arithmetic --------------------------------------------
 */

START_TEST(civil_days_round_trip_from_year_1_to_10000) {
  ck_assert_int_eq(promo_days_from_civil(1970, 1, 1), 0);
  ck_assert_int_eq(promo_days_from_civil(1969, 12, 31), -1);
  ck_assert_int_eq(promo_days_from_civil(2000, 3, 1), 11017);
  ck_assert_int_eq(promo_days_from_civil(1, 1, 1), -719162);
  ck_assert_int_eq(promo_weekday(0), 4);       /* a Thursday */
  ck_assert_int_eq(promo_weekday(-719162), 1); /* 0001-01-01: a Monday */
  ck_assert_int_eq(promo_floor_div(-1, 86400), -1);
  ck_assert_int_eq(promo_floor_div(-86400, 86400), -1);
  ck_assert_int_eq(promo_floor_div(86399, 86400), 0);
  /* The first and last day of every month from year 1 to 10000. */
  int64_t prev = promo_days_from_civil(1, 1, 1) - 1;
  int wrong = 0;
  for (int64_t y = 1; y <= 10000; y++) {
    for (int m = 1; m <= 12; m++) {
      int last = promo_month_days(y, m);
      for (int d = 1; d <= last; d += last - 1) {
        int64_t days = promo_days_from_civil(y, m, d);
        int64_t yy = 0;
        int mm = 0;
        int dd = 0;
        promo_civil_from_days(days, &yy, &mm, &dd);
        wrong += yy == y && mm == m && dd == d && days > prev ? 0 : 1;
        prev = days;
      }
    }
  }
  ck_assert_int_eq(wrong, 0);
  ck_assert_int_eq(promo_days_from_civil(10000, 12, 32),
                   promo_days_from_civil(10001, 1, 1));
}
END_TEST

int main(void) {
  fill_offset_rows();
  fill_day_rows();
  Suite *s = suite_create("tzif");
  TCase *good = tcase_create("good_files");
  tcase_set_timeout(good, 60); /* a busy machine, or valgrind */
  tcase_add_loop_test(good, tzif_offsets_follow_transitions_then_the_footer, 0,
                      offset_row_count);
  tcase_add_loop_test(good, r2_day_start_in_a_zone_read_from_tzif, 0,
                      day_row_count);
  tcase_add_test(good, zone_first_at_or_after_is_the_least_such_instant);
  tcase_add_test(good, zone_segments_tile_time_and_name_their_end);
  suite_add_tcase(s, good);
  TCase *bad = tcase_create("broken_files");
  tcase_set_timeout(bad, 60);
  tcase_add_loop_test(bad, tzif_refuses_broken_files_saying_why, 0,
                      N_ROWS(BROKEN));
  tcase_add_test(bad, tzif_refuses_every_truncation_of_a_good_file);
  tcase_add_test(bad, tzif_refuses_more_than_its_size_limit);
  tcase_add_test(bad, tzif_parse_reports_out_of_memory);
  suite_add_tcase(s, bad);
  TCase *tz = tcase_create("tz_strings");
  tcase_set_timeout(tz, 60);
  tcase_add_loop_test(tz, posix_tz_strings_parse_as_rfc_9636_writes_them, 0,
                      N_ROWS(TZ_STRINGS));
  tcase_add_test(tz, posix_tz_fields_are_read_east_positive);
  tcase_add_test(tz, posix_tz_without_dst_never_changes);
  tcase_add_test(tz, civil_days_round_trip_from_year_1_to_10000);
  suite_add_tcase(s, tz);
  return test_run_suite(s);
}
