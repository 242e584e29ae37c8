/* test_version.c - the version macros a user compiles against agree with
 * the library that is linked. */
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

int main(void) {
  Suite *s = suite_create("version");
  TCase *tc = tcase_create("version");
  tcase_add_test(tc, version_string_matches_the_macros);
  tcase_add_test(tc, version_number_matches_the_macros);
  suite_add_tcase(s, tc);
  return test_run_suite(s);
}
