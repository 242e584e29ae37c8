/* test_calendar.c - time zones, calendar dates, R2's day boundaries and R7's
 * terms, computed from the system's tz database. The DST transitions used
 * below were read from ICU's own zone data (ucal_getTimeZoneTransitionDate)
 * for 2023-2027, when ICU computed these answers; the rows are unchanged
 * since, and hold for the tz database too (none of these zones changed its
 * rules for those years). */
#include "calendar.h"
#include "support.h"
#include "zones.h"

#include <check.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define N_ROWS(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* The system's tz database, default options: shared by every test. */
static promo_zones *zones;

static const promo_zone *open_zone(const char *zone) {
  const promo_zone *z = NULL;
  char msg[256];
  promo_status st = promo_zones_get(zones, &z, zone, msg, sizeof msg);
  ck_assert_msg(st == PROMO_OK, "%s: %s", zone, msg);
  ck_assert_ptr_nonnull(z);
  return z;
}

/* ---- promo_date_valid --------------------------------------------------- */

static const struct {
  int year, month, day;
  bool valid;
} DATES[] = {
    /* Feb 29: every 4 years, not every 100, but every 400 */
    {2024, 2, 29, true},
    {2023, 2, 29, false},
    {2100, 2, 29, false},
    {1900, 2, 29, false},
    {2000, 2, 29, true},
    {2400, 2, 29, true},
    {4, 2, 29, true},
    {2023, 2, 28, true},
    /* years 1 to 9999 */
    {1, 1, 1, true},
    {0, 12, 31, false},
    {-1, 6, 15, false},
    {9999, 12, 31, true},
    {10000, 1, 1, false},
    {INT_MAX, 1, 1, false},
    {INT_MIN, 1, 1, false},
    /* months 1 to 12 */
    {2024, 13, 1, false},
    {2024, 0, 1, false},
    {2024, -1, 1, false},
    {2024, INT_MAX, 1, false},
    {2024, 12, 31, true},
    /* each month's last day */
    {2024, 1, 0, false},
    {2024, 1, -1, false},
    {2024, 1, 31, true},
    {2024, 1, 32, false},
    {2024, 3, 31, true},
    {2024, 4, 30, true},
    {2024, 4, 31, false},
    {2024, 6, 31, false},
    {2024, 9, 31, false},
    {2024, 11, 31, false},
    {2024, 8, 31, true},
    {2024, 2, 30, false},
    {2024, 7, INT_MAX, false},
};

START_TEST(calendar_dates_are_gregorian_from_year_1_to_9999) {
  ck_assert_msg(promo_date_valid(DATES[_i].year, DATES[_i].month,
                                 DATES[_i].day) == DATES[_i].valid,
                "%d-%d-%d", DATES[_i].year, DATES[_i].month, DATES[_i].day);
}
END_TEST

/* ---- zone ids: those of the tz database --------------------------------- */

static const struct {
  const char *zone;
  promo_status expected;
} ZONES[] = {
    {"UTC", PROMO_OK},
    {"Etc/UTC", PROMO_OK},
    {"GMT", PROMO_OK},
    {"Europe/Amsterdam", PROMO_OK},
    {"America/Argentina/Buenos_Aires", PROMO_OK},
    {"Pacific/Kiritimati", PROMO_OK},
    {"Etc/GMT-14", PROMO_OK},
    /* aliases (IANA links) name the same zone */
    {"US/Eastern", PROMO_OK},
    {"Asia/Calcutta", PROMO_OK},
    {"Europe/Kiev", PROMO_OK},
    /* added to the database after ICU 72's copy (2022e) */
    {"America/Ciudad_Juarez", PROMO_OK},
    /* not IANA ids: unknown, ICU's fallback, wrong case, custom offsets */
    {"", PROMO_ERR_INVALID_ARGUMENT},
    {"Mars/Olympus", PROMO_ERR_INVALID_ARGUMENT},
    {"Etc/Unknown", PROMO_ERR_INVALID_ARGUMENT},
    {"utc", PROMO_ERR_INVALID_ARGUMENT},
    {"europe/amsterdam", PROMO_ERR_INVALID_ARGUMENT},
    {"Europe/Amst", PROMO_ERR_INVALID_ARGUMENT},
    {"GMT+5", PROMO_ERR_INVALID_ARGUMENT},
    {"GMT+05:00", PROMO_ERR_INVALID_ARGUMENT},
    {"Etc/GMT+14", PROMO_ERR_INVALID_ARGUMENT},
    {"Z", PROMO_ERR_INVALID_ARGUMENT},
    /* ids only ICU knew (Java's three-letter aliases, SystemV) */
    {"PST", PROMO_ERR_INVALID_ARGUMENT},
    {"ACT", PROMO_ERR_INVALID_ARGUMENT},
    {"IST", PROMO_ERR_INVALID_ARGUMENT},
    {"SystemV/AST4", PROMO_ERR_INVALID_ARGUMENT},
    /* files of the directory that are not zones of the database */
    {"posix/Europe/Amsterdam", PROMO_ERR_INVALID_ARGUMENT},
    {"right/Europe/Amsterdam", PROMO_ERR_INVALID_ARGUMENT},
    {"posixrules", PROMO_ERR_INVALID_ARGUMENT},
    {"localtime", PROMO_ERR_INVALID_ARGUMENT},
    {"leapseconds", PROMO_ERR_INVALID_ARGUMENT},
    {"leap-seconds.list", PROMO_ERR_INVALID_ARGUMENT},
    {"zone.tab", PROMO_ERR_INVALID_ARGUMENT},
    {"zone1970.tab", PROMO_ERR_INVALID_ARGUMENT},
    {"iso3166.tab", PROMO_ERR_INVALID_ARGUMENT},
    {"tzdata.zi", PROMO_ERR_INVALID_ARGUMENT},
    {"America", PROMO_ERR_INVALID_ARGUMENT},
    {"Europe/", PROMO_ERR_INVALID_ARGUMENT},
    /* nothing outside the directory */
    {"../zoneinfo/UTC", PROMO_ERR_INVALID_ARGUMENT},
    {"/etc/localtime", PROMO_ERR_INVALID_ARGUMENT},
    {"Europe/../UTC", PROMO_ERR_INVALID_ARGUMENT},
    {"Europe//Amsterdam", PROMO_ERR_INVALID_ARGUMENT},
    /* nothing is trimmed; only printable ASCII */
    {" UTC", PROMO_ERR_INVALID_ARGUMENT},
    {"UTC ", PROMO_ERR_INVALID_ARGUMENT},
    {"UTC\n", PROMO_ERR_INVALID_ARGUMENT},
    {"Europe/Amsterdam\t", PROMO_ERR_INVALID_ARGUMENT},
    {"Europe/Z\xc3\xbcrich", PROMO_ERR_INVALID_ARGUMENT},
    /* over PROMO_ZONE_MAX bytes */
    {"Europe/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
     PROMO_ERR_INVALID_ARGUMENT},
    {"America/Argentina/Buenos_Aires/America/Argentina/Buenos_Aires/America/"
     "Argentina/Buenos_Aires",
     PROMO_ERR_INVALID_ARGUMENT},
};

START_TEST(calendar_accepts_exactly_the_zones_of_the_tz_database) {
  const promo_zone *z = NULL;
  char msg[256] = "unset";
  promo_status st = promo_zones_get(zones, &z, ZONES[_i].zone, msg, sizeof msg);
  ck_assert_msg(st == ZONES[_i].expected, "'%s': %s", ZONES[_i].zone,
                promo_status_name(st));
  if (st == PROMO_OK) {
    ck_assert_ptr_nonnull(z);
    ck_assert_str_eq(z->name, ZONES[_i].zone);
  } else {
    ck_assert_ptr_null(z);
    ck_assert_msg(strstr(msg, "unknown time zone") == msg, "%s", msg);
  }
}
END_TEST

START_TEST(calendar_zone_longer_than_the_limit_is_refused_unread) {
  /* A 65-byte id, one over PROMO_ZONE_MAX, even though it is well formed. */
  char zone[PROMO_ZONE_MAX + 2];
  memset(zone, 'A', sizeof zone - 1);
  memcpy(zone, "Europe/", 7);
  zone[PROMO_ZONE_MAX + 1] = '\0';
  ck_assert_uint_eq(strlen(zone), PROMO_ZONE_MAX + 1);
  const promo_zone *z = NULL;
  char msg[256];
  ck_assert_int_eq(promo_zones_get(zones, &z, zone, msg, sizeof msg),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_ptr_null(z);
  /* 64 bytes is the limit, not a refusal in itself. */
  zone[PROMO_ZONE_MAX] = '\0';
  ck_assert_int_eq(promo_zones_get(zones, &z, zone, msg, sizeof msg),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_str_eq(msg + strlen(msg) - 4, "AAA'");
}
END_TEST

START_TEST(calendar_zone_read_reports_out_of_memory_and_leaks_nothing) {
  /* Reading a zone takes two blocks: the file (freed at once) and the
   * zone's rules, kept by the zones object. Fail each in turn. */
  for (long n = 2; n <= 3; n++) {
    test_alloc t;
    test_alloc_init(&t, n);
    promo_zones_options options = PROMO_ZONES_OPTIONS_INIT;
    options.allocator = &t.allocator;
    promo_zones *own = NULL;
    ck_assert_int_eq(promo_zones_new(&own, &options), PROMO_OK);
    const promo_zone *z = NULL;
    char msg[256];
    ck_assert_int_eq(
        promo_zones_get(own, &z, "Europe/Amsterdam", msg, sizeof msg),
        PROMO_ERR_NO_MEMORY);
    ck_assert_ptr_null(z);
    ck_assert_int_eq(t.failed, 1);
    ck_assert_int_eq(t.live, 1); /* the zones object alone */
    /* Nothing half-cached: the next call reads the zone. */
    ck_assert_int_eq(
        promo_zones_get(own, &z, "Europe/Amsterdam", msg, sizeof msg),
        PROMO_OK);
    ck_assert_int_eq(t.live, 2);
    promo_zones_free(own);
    ck_assert_int_eq(t.live, 0);
  }
  /* A refused zone, "UTC" and a zone already read allocate nothing. */
  test_alloc t;
  test_alloc_init(&t, 0);
  promo_zones_options options = PROMO_ZONES_OPTIONS_INIT;
  options.allocator = &t.allocator;
  promo_zones *own = NULL;
  ck_assert_int_eq(promo_zones_new(&own, &options), PROMO_OK);
  const promo_zone *z = NULL;
  const promo_zone *again = NULL;
  char msg[256];
  ck_assert_int_eq(promo_zones_get(own, &z, "Europe/Paris", msg, sizeof msg),
                   PROMO_OK);
  long calls = t.calls;
  ck_assert_int_eq(
      promo_zones_get(own, &again, "Mars/Olympus", msg, sizeof msg),
      PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_zones_get(own, &again, "UTC", msg, sizeof msg),
                   PROMO_OK);
  ck_assert_int_eq(
      promo_zones_get(own, &again, "Europe/Paris", msg, sizeof msg), PROMO_OK);
  ck_assert_ptr_eq(again, z);
  ck_assert_int_eq(t.calls, calls);
  promo_zones_free(own);
  promo_zones_free(NULL);
  ck_assert_int_eq(t.live, 0);
}
END_TEST

/* ---- R2: promo_calendar_day_start --------------------------------------- */

typedef struct day_row {
  const char *zone;
  int year, month, day;
  int64_t expected; /* the first instant of that local day */
  const char *what;
} day_row;

static day_row day_rows[64];
static int day_row_count;

static void add_day(const char *zone, int y, int m, int d, int64_t expected,
                    const char *what) {
  if (day_row_count >= N_ROWS(day_rows)) {
    abort(); /* the table outgrew its array */
  }
  day_rows[day_row_count++] = (day_row){zone, y, m, d, expected, what};
}

/* test_utc() is a function, so the table is filled before the suite runs. */
static void fill_day_rows(void) {
  day_row_count = 0;
  add_day("UTC", 2024, 1, 1, test_utc(2024, 1, 1, 0, 0, 0), "UTC");
  add_day("UTC", 1970, 1, 1, 0, "the epoch");
  add_day("UTC", 1969, 12, 31, -86400, "before the epoch");
  add_day("UTC", 1, 1, 1, PROMO_INSTANT_MIN, "year 1");
  add_day("UTC", 9999, 12, 31, test_utc(9999, 12, 31, 0, 0, 0), "year 9999");
  add_day("UTC", 9999, 12, 32, PROMO_INSTANT_MAX + 1,
          "the day after the last accepted day");
  /* proleptic Gregorian: no Julian switch in October 1582 */
  add_day("UTC", 1582, 10, 10, test_utc(1582, 10, 10, 0, 0, 0),
          "a day the Julian switch skipped");
  add_day("UTC", 1000, 3, 1, test_utc(1000, 3, 1, 0, 0, 0),
          "1000 is no leap year");
  /* far from UTC */
  add_day("Pacific/Kiritimati", 2024, 1, 1, test_utc(2023, 12, 31, 10, 0, 0),
          "UTC+14 starts the day 14 hours before UTC");
  add_day("Pacific/Pago_Pago", 2024, 1, 1, test_utc(2024, 1, 1, 11, 0, 0),
          "UTC-11 starts the day 11 hours after UTC");
  add_day("Etc/GMT-14", 2024, 6, 1, test_utc(2024, 5, 31, 10, 0, 0),
          "Etc/GMT-14 is UTC+14");
  /* Europe/Amsterdam: DST from 2026-03-29 02:00, back 2026-10-25 03:00 */
  add_day("Europe/Amsterdam", 2026, 3, 29, test_utc(2026, 3, 28, 23, 0, 0),
          "the spring-forward day starts in winter time");
  add_day("Europe/Amsterdam", 2026, 3, 30, test_utc(2026, 3, 29, 22, 0, 0),
          "the day after it starts in summer time");
  add_day("Europe/Amsterdam", 2026, 10, 25, test_utc(2026, 10, 24, 22, 0, 0),
          "the fall-back day starts in summer time");
  add_day("Europe/Amsterdam", 2026, 10, 26, test_utc(2026, 10, 25, 23, 0, 0),
          "the day after it starts in winter time");
  /* America/Santiago: 2024-09-08 00:00 -04 jumps to 01:00 -03 */
  add_day("America/Santiago", 2024, 9, 7, test_utc(2024, 9, 7, 4, 0, 0),
          "the day before the skipped midnight");
  add_day("America/Santiago", 2024, 9, 8, test_utc(2024, 9, 8, 4, 0, 0),
          "a skipped midnight: the day starts at 01:00 -03");
  add_day("America/Santiago", 2024, 9, 9, test_utc(2024, 9, 9, 3, 0, 0),
          "the day after the skipped midnight");
  /* America/Havana: 2024-03-10 00:00 -05 jumps to 01:00 -04, and
   * 2024-11-03 01:00 -04 falls back to 00:00 -05 (midnight twice) */
  add_day("America/Havana", 2024, 3, 9, test_utc(2024, 3, 9, 5, 0, 0),
          "Havana before the skipped midnight");
  add_day("America/Havana", 2024, 3, 10, test_utc(2024, 3, 10, 5, 0, 0),
          "Havana's skipped midnight: the day starts at 01:00 -04");
  add_day("America/Havana", 2024, 3, 11, test_utc(2024, 3, 11, 4, 0, 0),
          "Havana after the skipped midnight");
  add_day("America/Havana", 2024, 11, 3, test_utc(2024, 11, 3, 4, 0, 0),
          "a repeated midnight: the day starts at the first one");
  add_day("America/Havana", 2024, 11, 4, test_utc(2024, 11, 4, 5, 0, 0),
          "the day after the repeated midnight");
  /* whole days skipped: Apia went from UTC-10 to UTC+14 after 2011-12-29,
   * Kiritimati after 1994-12-30; a missing day starts when the next does */
  add_day("Pacific/Apia", 2011, 12, 29, test_utc(2011, 12, 29, 10, 0, 0),
          "Apia's last day at UTC-10");
  add_day("Pacific/Apia", 2011, 12, 30, test_utc(2011, 12, 30, 10, 0, 0),
          "Apia's missing day");
  add_day("Pacific/Apia", 2011, 12, 31, test_utc(2011, 12, 30, 10, 0, 0),
          "Apia's first day at UTC+14");
  add_day("Pacific/Kiritimati", 1994, 12, 31, test_utc(1994, 12, 31, 10, 0, 0),
          "Kiritimati's missing day");
  /* day + 1 rolls over month and year ends */
  add_day("UTC", 2024, 1, 32, test_utc(2024, 2, 1, 0, 0, 0), "Jan 32");
  add_day("UTC", 2023, 2, 29, test_utc(2023, 3, 1, 0, 0, 0),
          "Feb 29 of a common year");
  add_day("UTC", 2024, 2, 30, test_utc(2024, 3, 1, 0, 0, 0),
          "Feb 30 of a leap year");
  add_day("UTC", 2100, 2, 29, test_utc(2100, 3, 1, 0, 0, 0), "Feb 29, 2100");
  add_day("UTC", 2024, 4, 31, test_utc(2024, 5, 1, 0, 0, 0), "Apr 31");
  add_day("UTC", 2024, 12, 32, test_utc(2025, 1, 1, 0, 0, 0), "Dec 32");
  add_day("Europe/Amsterdam", 2024, 12, 32, test_utc(2024, 12, 31, 23, 0, 0),
          "Dec 32 in Amsterdam");
  add_day("Pacific/Kiritimati", 2025, 12, 32, test_utc(2025, 12, 31, 10, 0, 0),
          "Dec 32 in Kiritimati");
  add_day("America/Santiago", 2024, 9, 7 + 1, test_utc(2024, 9, 8, 4, 0, 0),
          "the day after rolls into a skipped midnight");
}

START_TEST(r2_day_starts_at_the_first_instant_of_the_local_day) {
  const day_row *r = &day_rows[_i];
  const promo_zone *zone = open_zone(r->zone);
  int64_t got = promo_calendar_day_start(zone, r->year, r->month, r->day);
  ck_assert_msg(got == r->expected, "%s (%s %d-%d-%d): got %lld, want %lld",
                r->what, r->zone, r->year, r->month, r->day, (long long)got,
                (long long)r->expected);
}
END_TEST

START_TEST(r2_day_ends_at_first_instant_of_next_day_in_zone) {
  /* A campaign that ends 2026-03-31 in Amsterdam is redeemable until
   * 2026-03-31T22:00Z (midnight CEST), not until midnight UTC. */
  const promo_zone *ams = open_zone("Europe/Amsterdam");
  const promo_zone *utc = open_zone("UTC");
  int64_t end_ams = promo_calendar_day_start(ams, 2026, 3, 31 + 1);
  int64_t end_utc = promo_calendar_day_start(utc, 2026, 3, 31 + 1);
  ck_assert_int_eq(end_ams, test_utc(2026, 3, 31, 22, 0, 0));
  ck_assert_int_eq(end_utc, test_utc(2026, 4, 1, 0, 0, 0));
  /* One calendar reused for every day of 2026 gives each day its own
   * start: 23 hours on 2026-03-29, 25 on 2026-10-25, else 24. */
  int64_t prev = promo_calendar_day_start(ams, 2025, 12, 31);
  int days = 0;
  int prev_month = 12;
  int prev_day = 31;
  for (int m = 1; m <= 12; m++) {
    for (int d = 1; promo_date_valid(2026, m, d); d++) {
      int64_t next = promo_calendar_day_start(ams, 2026, m, d);
      int64_t want = 24 * 3600;
      if (prev_month == 3 && prev_day == 29) {
        want = 23 * 3600;
      } else if (prev_month == 10 && prev_day == 25) {
        want = 25 * 3600;
      }
      ck_assert_msg(next - prev == want, "2026-%02d-%02d", prev_month,
                    prev_day);
      prev = next;
      prev_month = m;
      prev_day = d;
      days++;
    }
  }
  ck_assert_int_eq(days, 365);
}
END_TEST

/* ---- R7: promo_calendar_term_end ---------------------------------------- */

typedef struct term_row {
  const char *zone;
  int64_t placed;
  promo_term term;
  int64_t expected;
  const char *what;
} term_row;

static term_row term_rows[64];
static int term_row_count;

static void add_term(const char *zone, int64_t placed, promo_term term,
                     int64_t expected, const char *what) {
  if (term_row_count >= N_ROWS(term_rows)) {
    abort(); /* the table outgrew its array */
  }
  term_rows[term_row_count++] = (term_row){zone, placed, term, expected, what};
}

static void fill_term_rows(void) {
  const promo_term M = PROMO_TERM_MONTHLY;
  const promo_term A = PROMO_TERM_ANNUAL;
  const promo_term APM = PROMO_TERM_ANNUAL_PAID_MONTHLY;
  term_row_count = 0;
  /* monthly: + 1 calendar month, clamped to the month's last day */
  add_term("UTC", test_utc(2024, 1, 31, 12, 0, 0), M,
           test_utc(2024, 2, 29, 12, 0, 0), "Jan 31 -> Feb 29 in a leap year");
  add_term("UTC", test_utc(2023, 1, 31, 12, 0, 0), M,
           test_utc(2023, 2, 28, 12, 0, 0), "Jan 31 -> Feb 28");
  add_term("UTC", test_utc(2100, 1, 31, 0, 0, 0), M,
           test_utc(2100, 2, 28, 0, 0, 0), "Jan 31 -> Feb 28 in 2100");
  add_term("UTC", test_utc(2024, 1, 30, 12, 0, 0), M,
           test_utc(2024, 2, 29, 12, 0, 0), "Jan 30 -> Feb 29");
  add_term("UTC", test_utc(2024, 3, 31, 8, 15, 30), M,
           test_utc(2024, 4, 30, 8, 15, 30), "Mar 31 -> Apr 30, to the second");
  add_term("UTC", test_utc(2024, 2, 29, 0, 0, 0), M,
           test_utc(2024, 3, 29, 0, 0, 0), "Feb 29 -> Mar 29");
  add_term("UTC", test_utc(2024, 12, 15, 9, 0, 0), M,
           test_utc(2025, 1, 15, 9, 0, 0), "December rolls into the next year");
  add_term("UTC", test_utc(2024, 12, 31, 23, 59, 59), M,
           test_utc(2025, 1, 31, 23, 59, 59), "the last second of a year");
  add_term("UTC", test_utc(1, 1, 31, 0, 0, 0), M, test_utc(1, 2, 28, 0, 0, 0),
           "year 1");
  add_term("UTC", test_utc(1582, 10, 4, 0, 0, 0), M,
           test_utc(1582, 11, 4, 0, 0, 0), "proleptic Gregorian in 1582");
  /* annual and annual_paid_monthly: + 1 calendar year */
  add_term("UTC", test_utc(2024, 2, 29, 10, 0, 0), A,
           test_utc(2025, 2, 28, 10, 0, 0), "Feb 29 -> Feb 28");
  add_term("UTC", test_utc(2024, 2, 29, 10, 0, 0), APM,
           test_utc(2025, 2, 28, 10, 0, 0), "annual_paid_monthly is annual");
  add_term("UTC", test_utc(2028, 2, 29, 0, 0, 0), A,
           test_utc(2029, 2, 28, 0, 0, 0), "Feb 29, 2028 -> Feb 28");
  add_term("UTC", test_utc(2023, 2, 28, 0, 0, 0), A,
           test_utc(2024, 2, 28, 0, 0, 0),
           "Feb 28 stays Feb 28 into a leap year");
  add_term("UTC", test_utc(2023, 3, 1, 6, 0, 0), A,
           test_utc(2024, 3, 1, 6, 0, 0), "across a Feb 29");
  add_term("UTC", test_utc(2023, 3, 1, 6, 0, 0), APM,
           test_utc(2024, 3, 1, 6, 0, 0), "annual_paid_monthly across Feb 29");
  /* the edges of the accepted instants: a term may end past year 9999 (R8:
   * the discount lasts its whole term) */
  add_term("UTC", PROMO_INSTANT_MAX, A, test_utc(10000, 12, 31, 23, 59, 59),
           "the last accepted second");
  add_term("UTC", PROMO_INSTANT_MIN, M, test_utc(1, 2, 1, 0, 0, 0),
           "the first accepted second");
  /* wall-clock time kept across DST (Europe/Amsterdam, 2026-03-29) */
  add_term("Europe/Amsterdam", test_utc(2026, 3, 15, 9, 0, 0), M,
           test_utc(2026, 4, 15, 8, 0, 0),
           "10:00 CET in March ends 10:00 CEST in April");
  add_term("Europe/Amsterdam", test_utc(2026, 3, 15, 9, 0, 0), A,
           test_utc(2027, 3, 15, 9, 0, 0), "10:00 CET to 10:00 CET a year on");
  add_term("Europe/Amsterdam", test_utc(2026, 3, 15, 9, 0, 0), APM,
           test_utc(2027, 3, 15, 9, 0, 0), "annual_paid_monthly likewise");
  add_term("Europe/Amsterdam", test_utc(2026, 10, 10, 10, 0, 0), M,
           test_utc(2026, 11, 10, 11, 0, 0),
           "12:00 CEST in October ends 12:00 CET in November");
  /* the spec's example: placed 2026-03-31T21:30Z, 23:30 CEST */
  add_term("Europe/Amsterdam", test_utc(2026, 3, 31, 21, 30, 0), APM,
           test_utc(2027, 3, 31, 21, 30, 0), "the spec's example");
  add_term("Europe/Amsterdam", test_utc(2026, 3, 31, 21, 30, 0), M,
           test_utc(2026, 4, 30, 21, 30, 0), "Mar 31 23:30 CEST -> Apr 30");
  /* a wall-clock time the end day skips (2027-03-28 02:00-03:00) ends at
   * the first valid instant after it, 03:00 CEST */
  add_term("Europe/Amsterdam", test_utc(2027, 2, 28, 1, 30, 0), M,
           test_utc(2027, 3, 28, 1, 0, 0), "02:30 does not exist on Mar 28");
  /* one the end day repeats (2026-10-25 02:00-03:00) ends at the first */
  add_term("Europe/Amsterdam", test_utc(2026, 9, 25, 0, 30, 0), M,
           test_utc(2026, 10, 25, 0, 30, 0), "02:30 happens twice on Oct 25");
  /* months are counted in the order's zone, not in UTC */
  add_term("Pacific/Kiritimati", test_utc(2024, 1, 30, 12, 0, 0), M,
           test_utc(2024, 2, 28, 12, 0, 0),
           "Jan 31 02:00 local -> Feb 29 02:00 local");
  add_term("UTC", test_utc(2024, 1, 30, 12, 0, 0), M,
           test_utc(2024, 2, 29, 12, 0, 0), "the same instant in UTC");
  add_term("Pacific/Pago_Pago", test_utc(2024, 3, 1, 5, 0, 0), M,
           test_utc(2024, 3, 30, 5, 0, 0),
           "Feb 29 18:00 local -> Mar 29 18:00 local");
  add_term("UTC", test_utc(2024, 3, 1, 5, 0, 0), M,
           test_utc(2024, 4, 1, 5, 0, 0), "the same instant in UTC");
  add_term("Pacific/Pago_Pago", test_utc(2024, 3, 1, 5, 0, 0), A,
           test_utc(2025, 3, 1, 5, 0, 0),
           "Feb 29 18:00 local -> Feb 28 18:00 local");
}

START_TEST(r7_term_ends_one_calendar_month_or_year_later_in_zone) {
  const term_row *r = &term_rows[_i];
  const promo_zone *zone = open_zone(r->zone);
  int64_t got = 0;
  ck_assert_int_eq(promo_calendar_term_end(zone, r->placed, r->term, &got),
                   PROMO_OK);
  ck_assert_msg(got == r->expected, "%s (%s): got %lld, want %lld", r->what,
                r->zone, (long long)got, (long long)r->expected);
}
END_TEST

START_TEST(r7_term_end_refuses_an_unknown_term) {
  const promo_zone *utc = open_zone("UTC");
  int64_t out = 42;
  ck_assert_int_eq(promo_calendar_term_end(utc, 0, (promo_term)0, &out),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_calendar_term_end(utc, 0, (promo_term)4, &out),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(out, 42);
}
END_TEST

START_TEST(r7_term_end_does_not_depend_on_what_the_calendar_did_before) {
  /* A zone's rules are shared by every order: earlier calls must leave no
   * state behind (a set day, a clamped month) that changes a later answer. */
  const promo_zone *ams = open_zone("Europe/Amsterdam");
  int64_t first = 0;
  int64_t again = 0;
  int64_t day = 0;
  int64_t placed = test_utc(2026, 3, 15, 9, 0, 0);
  ck_assert_int_eq(
      promo_calendar_term_end(ams, placed, PROMO_TERM_MONTHLY, &first),
      PROMO_OK);
  day = promo_calendar_day_start(ams, 2024, 2, 30);
  ck_assert_int_eq(promo_calendar_term_end(ams, test_utc(2024, 1, 31, 0, 0, 0),
                                           PROMO_TERM_ANNUAL, &day),
                   PROMO_OK);
  ck_assert_int_eq(
      promo_calendar_term_end(ams, placed, PROMO_TERM_MONTHLY, &again),
      PROMO_OK);
  ck_assert_int_eq(first, again);
  ck_assert_int_eq(first, test_utc(2026, 4, 15, 8, 0, 0));
}
END_TEST

int main(void) {
  fill_day_rows();
  fill_term_rows();
  if (promo_zones_new(&zones, NULL) != PROMO_OK) {
    return EXIT_FAILURE;
  }
  Suite *s = suite_create("calendar");

  TCase *dates = tcase_create("dates_and_zones");
  tcase_add_loop_test(dates, calendar_dates_are_gregorian_from_year_1_to_9999,
                      0, N_ROWS(DATES));
  tcase_add_loop_test(dates,
                      calendar_accepts_exactly_the_zones_of_the_tz_database, 0,
                      N_ROWS(ZONES));
  tcase_add_test(dates, calendar_zone_longer_than_the_limit_is_refused_unread);
  tcase_add_test(dates,
                 calendar_zone_read_reports_out_of_memory_and_leaks_nothing);
  suite_add_tcase(s, dates);

  TCase *r2 = tcase_create("r2_day_start");
  tcase_add_loop_test(r2, r2_day_starts_at_the_first_instant_of_the_local_day,
                      0, day_row_count);
  tcase_add_test(r2, r2_day_ends_at_first_instant_of_next_day_in_zone);
  suite_add_tcase(s, r2);

  TCase *r7 = tcase_create("r7_term_end");
  tcase_add_loop_test(r7, r7_term_ends_one_calendar_month_or_year_later_in_zone,
                      0, term_row_count);
  tcase_add_test(r7, r7_term_end_refuses_an_unknown_term);
  tcase_add_test(r7,
                 r7_term_end_does_not_depend_on_what_the_calendar_did_before);
  suite_add_tcase(s, r7);

  int status = test_run_suite(s);
  promo_zones_free(zones);
  return status;
}
