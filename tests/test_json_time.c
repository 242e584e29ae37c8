/* test_json_time.c - dates and instants as the file formats write them
 * (src/json/time_text.c): "YYYY-MM-DD" for campaigns, RFC 3339 for
 * placed_at, and UTC RFC 3339 for discount_ends in results. */
#include "support.h"
#include "time_text.h"

#include <check.h>
#include <string.h>

#define ROWS(table) (sizeof(table) / sizeof *(table))

/* ---- dates -------------------------------------------------------------- */

START_TEST(date_reads_exactly_four_two_two_digits) {
  int y = 0;
  int m = 0;
  int d = 0;
  ck_assert(pj_parse_date("2026-03-31", &y, &m, &d));
  ck_assert_int_eq(y, 2026);
  ck_assert_int_eq(m, 3);
  ck_assert_int_eq(d, 31);
  /* Whether the day exists is the library's business, not the reader's. */
  ck_assert(pj_parse_date("2026-02-31", &y, &m, &d));
  ck_assert_int_eq(d, 31);
}
END_TEST

START_TEST(date_refuses_any_other_shape) {
  static const char *const BAD[] = {
      "",
      "2026-3-31",
      "2026-03-1",
      "26-03-31",
      "2026/03/31",
      "2026-03/31",
      "2026-03-31Z",
      "\uFF12026-03-31",
      "2026-03-31 ",
      "+2026-03-31",
      "2026-0a-31",
  };
  for (size_t i = 0; i < ROWS(BAD); i++) {
    int y = -1;
    int m = -1;
    int d = -1;
    ck_assert_msg(!pj_parse_date(BAD[i], &y, &m, &d), "accepted \"%s\"",
                  BAD[i]);
    ck_assert_int_eq(y, -1); /* nothing stored on failure */
  }
}
END_TEST

/* ---- RFC 3339 in -------------------------------------------------------- */

typedef struct instant_row {
  const char *text;
  int64_t utc; /* as test_utc() */
} instant_row;

START_TEST(placed_at_with_offset_is_converted_to_utc) {
  const instant_row ROWS_[] = {
      {"2026-03-31T21:30:00Z", test_utc(2026, 3, 31, 21, 30, 0)},
      {"2026-03-31T23:30:00+02:00", test_utc(2026, 3, 31, 21, 30, 0)},
      {"2026-03-31T16:00:00-05:30", test_utc(2026, 3, 31, 21, 30, 0)},
      /* An offset can move the instant into another day, month or year. */
      {"2027-01-01T01:00:00+02:00", test_utc(2026, 12, 31, 23, 0, 0)},
      {"2024-02-28T23:59:59-23:59", test_utc(2024, 2, 29, 23, 58, 59)},
      {"2026-03-31T21:30:00+00:00", test_utc(2026, 3, 31, 21, 30, 0)},
      {"2026-03-31T21:30:00-00:00", test_utc(2026, 3, 31, 21, 30, 0)},
  };
  for (size_t i = 0; i < ROWS(ROWS_); i++) {
    int64_t t = 0;
    const char *why = NULL;
    ck_assert_msg(pj_parse_rfc3339(ROWS_[i].text, &t, &why), "%s: %s",
                  ROWS_[i].text, why);
    ck_assert_int_eq(t, ROWS_[i].utc);
  }
}
END_TEST

START_TEST(placed_at_drops_the_fraction_and_takes_lower_case_t_and_z) {
  int64_t t = 0;
  const char *why = NULL;
  ck_assert(pj_parse_rfc3339("2026-03-31T21:30:00.999999999Z", &t, &why));
  ck_assert_int_eq(t, test_utc(2026, 3, 31, 21, 30, 0));
  ck_assert(pj_parse_rfc3339("2026-03-31t23:30:00.5+02:00", &t, &why));
  ck_assert_int_eq(t, test_utc(2026, 3, 31, 21, 30, 0));
  ck_assert(pj_parse_rfc3339("2026-03-31T21:30:59z", &t, &why));
  ck_assert_int_eq(t, test_utc(2026, 3, 31, 21, 30, 59));
}
END_TEST

START_TEST(placed_at_before_1970_is_a_negative_instant) {
  int64_t t = 0;
  const char *why = NULL;
  ck_assert(pj_parse_rfc3339("1969-12-31T23:59:59Z", &t, &why));
  ck_assert_int_eq(t, -1);
  ck_assert(pj_parse_rfc3339("0001-01-01T00:00:00Z", &t, &why));
  ck_assert_int_eq(t, test_utc(1, 1, 1, 0, 0, 0));
  /* Year 0 (a leap year) is read too: the order refuses it, not the
   * reader. */
  ck_assert(pj_parse_rfc3339("0000-02-29T00:00:00Z", &t, &why));
  ck_assert_int_eq(t, test_utc(1, 1, 1, 0, 0, 0) - 307 * 86400LL);
}
END_TEST

START_TEST(leap_days_follow_the_gregorian_rules) {
  int64_t t = 0;
  const char *why = NULL;
  ck_assert(pj_parse_rfc3339("2024-02-29T00:00:00Z", &t, &why));
  ck_assert(pj_parse_rfc3339("2000-02-29T00:00:00Z", &t, &why));  /* 400 */
  ck_assert(!pj_parse_rfc3339("1900-02-29T00:00:00Z", &t, &why)); /* 100 */
  ck_assert_str_eq(why, "that day does not exist in that month");
  ck_assert(!pj_parse_rfc3339("2026-02-29T00:00:00Z", &t, &why));
  ck_assert(!pj_parse_rfc3339("2026-04-31T00:00:00Z", &t, &why));
  ck_assert(pj_parse_rfc3339("2026-12-31T00:00:00Z", &t, &why));
}
END_TEST

typedef struct refusal_row {
  const char *text;
  const char *why;
} refusal_row;

START_TEST(placed_at_refusals_say_what_is_wrong) {
  static const char SHAPE[] = "expected YYYY-MM-DDTHH:MM:SS followed by Z or "
                              "an offset such as +02:00";
  const refusal_row ROWS_[] = {
      {"2026-03-15T09:00:00",
       "no UTC offset: end it with Z (UTC) or an offset such as +02:00"},
      {"2026-03-15 09:00:00Z", SHAPE},
      {"2026-03-15T09:00Z", SHAPE},
      {"2026-03-15", SHAPE},
      {"", SHAPE},
      {"2026/03-15T09:00:00Z", SHAPE},
      {"2026-03/15T09:00:00Z", SHAPE},
      {"2026-0x-15T09:00:00Z", SHAPE},
      {"2026-03-1xT09:00:00Z", SHAPE},
      {"2026-03-15T0x:00:00Z", SHAPE},
      {"2026-03-15T09.00:00Z", SHAPE},
      {"2026-03-15T09:0x:00Z", SHAPE},
      {"2026-03-15T09:00.00Z", SHAPE},
      {"2026-03-15T09:00:0xZ", SHAPE},
      {"2026-03-15T09:00:00+02-00",
       "the UTC offset must be Z or +HH:MM or -HH:MM"},
      {"2026-03-15T09:00:00+02:0x",
       "the UTC offset must be Z or +HH:MM or -HH:MM"},
      {"2026-03-15T09:00:00.+02:00",
       "a fraction of a second needs digits after the '.'"},
      {"2026-03-15T09:00:00ZZ", "unexpected text after Z"},
      {"2026-03-15T09:00:00+2:00",
       "the UTC offset must be Z or +HH:MM or -HH:MM"},
      {"2026-03-15T09:00:00+0200",
       "the UTC offset must be Z or +HH:MM or -HH:MM"},
      {"2026-03-15T09:00:00 +02:00",
       "the UTC offset must be Z or +HH:MM or -HH:MM"},
      {"2026-03-15T09:00:00+02:00 ",
       "the UTC offset must be Z or +HH:MM or -HH:MM"},
      {"2026-03-15T09:00:00+24:00",
       "the UTC offset must be between -23:59 and +23:59"},
      {"2026-03-15T09:00:00-01:60",
       "the UTC offset must be between -23:59 and +23:59"},
      {"2026-03-15T09:00:00.Z",
       "a fraction of a second needs digits after the '.'"},
      {"2026-00-15T09:00:00Z", "the month must be 01 to 12"},
      {"2026-13-15T09:00:00Z", "the month must be 01 to 12"},
      {"2026-03-00T09:00:00Z", "that day does not exist in that month"},
      {"2026-03-15T24:00:00Z", "the time of day must be 00:00:00 to 23:59:59"},
      {"2026-03-15T23:60:00Z", "the time of day must be 00:00:00 to 23:59:59"},
      {"2016-12-31T23:59:60Z",
       "the seconds must be 00 to 59 (leap seconds are not accepted)"},
  };
  for (size_t i = 0; i < ROWS(ROWS_); i++) {
    int64_t t = 42;
    const char *why = NULL;
    ck_assert_msg(!pj_parse_rfc3339(ROWS_[i].text, &t, &why), "accepted %s",
                  ROWS_[i].text);
    ck_assert_msg(why != NULL && strcmp(why, ROWS_[i].why) == 0,
                  "%s: got \"%s\"", ROWS_[i].text, why);
    ck_assert_int_eq(t, 42);
  }
}
END_TEST

/* ---- RFC 3339 out ------------------------------------------------------- */

typedef struct format_row {
  int64_t t;
  const char *text;
} format_row;

START_TEST(discount_ends_is_written_in_utc_with_a_z) {
  const format_row ROWS_[] = {
      {0, "1970-01-01T00:00:00Z"},
      {test_utc(2027, 3, 31, 21, 30, 0), "2027-03-31T21:30:00Z"},
      {test_utc(2028, 2, 29, 23, 59, 59), "2028-02-29T23:59:59Z"},
      {-1, "1969-12-31T23:59:59Z"},
      {-86400, "1969-12-31T00:00:00Z"},
      {test_utc(1, 1, 1, 0, 0, 0), "0001-01-01T00:00:00Z"},
      {test_utc(9999, 12, 31, 23, 59, 59), "9999-12-31T23:59:59Z"},
      {test_utc(10000, 1, 1, 0, 0, 0), "10000-01-01T00:00:00Z"},
  };
  for (size_t i = 0; i < ROWS(ROWS_); i++) {
    char out[PJ_TIME_TEXT_MAX];
    pj_format_utc(ROWS_[i].t, out);
    ck_assert_str_eq(out, ROWS_[i].text);
  }
}
END_TEST

START_TEST(any_instant_fits_the_buffer) {
  /* Years far beyond the library's range (twelve digits and a sign) are
   * written whole, within PJ_TIME_TEXT_MAX. */
  const int64_t EXTREMES[] = {INT64_MAX, INT64_MIN + 86400,
                              INT64_MAX / 86400 * 86400 - 1};
  for (size_t i = 0; i < ROWS(EXTREMES); i++) {
    char out[PJ_TIME_TEXT_MAX + 8];
    memset(out, 'x', sizeof out);
    pj_format_utc(EXTREMES[i], out);
    ck_assert_uint_lt(strlen(out), PJ_TIME_TEXT_MAX);
    ck_assert_int_eq(out[strlen(out) - 1], 'Z');
    ck_assert_int_eq(out[PJ_TIME_TEXT_MAX], 'x');
  }
  char out[PJ_TIME_TEXT_MAX];
  pj_format_utc(INT64_MAX, out);
  ck_assert_str_eq(out, "292277026596-12-04T15:30:07Z");
  pj_format_utc(INT64_MIN, out);
  ck_assert_str_eq(out, "-292277022657-01-27T08:29:52Z");
}
END_TEST

START_TEST(written_instants_read_back_the_same) {
  /* A step that is prime to every calendar period visits all of them. */
  for (int64_t t = test_utc(1, 1, 1, 0, 0, 0);
       t < test_utc(9999, 12, 31, 0, 0, 0); t += 86400LL * 997 + 3607) {
    char out[PJ_TIME_TEXT_MAX];
    pj_format_utc(t, out);
    int64_t back = 0;
    const char *why = NULL;
    ck_assert_msg(pj_parse_rfc3339(out, &back, &why), "%s: %s", out, why);
    ck_assert_int_eq(back, t);
  }
}
END_TEST

int main(void) {
  Suite *s = suite_create("json_time");
  TCase *dates = tcase_create("dates");
  tcase_add_test(dates, date_reads_exactly_four_two_two_digits);
  tcase_add_test(dates, date_refuses_any_other_shape);
  suite_add_tcase(s, dates);
  TCase *in = tcase_create("rfc3339_in");
  tcase_add_test(in, placed_at_with_offset_is_converted_to_utc);
  tcase_add_test(in, placed_at_drops_the_fraction_and_takes_lower_case_t_and_z);
  tcase_add_test(in, placed_at_before_1970_is_a_negative_instant);
  tcase_add_test(in, leap_days_follow_the_gregorian_rules);
  tcase_add_test(in, placed_at_refusals_say_what_is_wrong);
  suite_add_tcase(s, in);
  TCase *out = tcase_create("rfc3339_out");
  tcase_add_test(out, discount_ends_is_written_in_utc_with_a_z);
  tcase_add_test(out, any_instant_fits_the_buffer);
  tcase_add_test(out, written_instants_read_back_the_same);
  suite_add_tcase(s, out);
  return test_run_suite(s);
}
