/* test_version.c - the version macros a user compiles against agree with
 * the library that is linked, and so does every function twin of a macro
 * (for bindings, which read the library and not the header). */
#include "support.h"

#include <check.h>
#include <stdio.h>

START_TEST(version_string_matches_the_macros) {
  char expected[32];
  snprintf(expected, sizeof expected, "%d.%d.%d", PROMO_VERSION_MAJOR,
           PROMO_VERSION_MINOR, PROMO_VERSION_PATCH);
  ck_assert_str_eq(promo_version(), expected);
}
END_TEST

START_TEST(version_number_matches_the_macros) {
  ck_assert_uint_eq(promo_version_number(), PROMO_VERSION_NUMBER);
  ck_assert_uint_eq(PROMO_VERSION_NUMBER, PROMO_VERSION_MAJOR * 10000 +
                                              PROMO_VERSION_MINOR * 100 +
                                              PROMO_VERSION_PATCH);
}
END_TEST

START_TEST(twins_equal_the_macros) {
  ck_assert_uint_eq(promo_code_max_bytes(), PROMO_CODE_MAX_BYTES);
  ck_assert_uint_eq(promo_reason_max(), PROMO_REASON_MAX);
  ck_assert_uint_eq(promo_apply_options_version(), PROMO_APPLY_OPTIONS_VERSION);
  ck_assert_uint_eq(promo_status_count(), PROMO_STATUS_COUNT);
  ck_assert_uint_eq(promo_result_info_size(), sizeof(promo_result_info));
  ck_assert_uint_eq(promo_result_line_info_size(),
                    sizeof(promo_result_line_info));
  /* The count is one past the last status: each has a name of its own. */
  ck_assert_str_ne(promo_status_name((promo_status)(promo_status_count() - 1)),
                   "unknown_status");
  ck_assert_str_eq(promo_status_name((promo_status)promo_status_count()),
                   "unknown_status");
}
END_TEST

int main(void) {
  Suite *s = suite_create("version");
  TCase *tc = tcase_create("version");
  tcase_add_test(tc, version_string_matches_the_macros);
  tcase_add_test(tc, version_number_matches_the_macros);
  tcase_add_test(tc, twins_equal_the_macros);
  suite_add_tcase(s, tc);
  return test_run_suite(s);
}
