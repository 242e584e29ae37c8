/* test_result.c - reading a result is always safe: a NULL result, a result
 * not yet filled and an out-of-range line read as empty, never crash. */
#include "support.h"

#include <check.h>
#include <stdlib.h>

START_TEST(result_null_reads_as_empty) {
  ck_assert_int_eq(promo_result_status(NULL), PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_ptr_null(promo_result_code(NULL));
  ck_assert_ptr_null(promo_result_campaign(NULL));
  ck_assert_str_eq(promo_result_reason(NULL), "");
  ck_assert_int_eq(promo_result_subtotal(NULL), 0);
  ck_assert_int_eq(promo_result_discount(NULL), 0);
  ck_assert_int_eq(promo_result_total(NULL), 0);
  ck_assert_uint_eq(promo_result_line_count(NULL), 0);
  ck_assert_int_eq(promo_result_line_status(NULL, 0),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_result_line_discounted_licenses(NULL, 0), 0);
  ck_assert_int_eq(promo_result_line_discount(NULL, 0), 0);
  ck_assert_int_eq(promo_result_line_discount_ends(NULL, 0), 0);
  ck_assert_str_eq(promo_result_line_reason(NULL, 0), "");
  promo_result_free(NULL);
}
END_TEST

START_TEST(result_new_reads_as_empty_until_filled) {
  promo_result *r = NULL;
  ck_assert_int_eq(promo_result_new(NULL, NULL), PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_result_new(&r, NULL), PROMO_OK);
  ck_assert_int_eq(promo_result_status(r), PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_ptr_null(promo_result_code(r));
  ck_assert_ptr_null(promo_result_campaign(r));
  ck_assert_str_eq(promo_result_reason(r), "");
  ck_assert_uint_eq(promo_result_line_count(r), 0);
  ck_assert_int_eq(promo_result_line_status(r, 0), PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_result_line_discount(r, SIZE_MAX), 0);
  ck_assert_str_eq(promo_result_line_reason(r, 3), "");
  promo_result_free(r);
}
END_TEST

START_TEST(result_new_out_of_memory_hands_back_nothing) {
  test_alloc t;
  test_alloc_init(&t, 1);
  promo_result *r = NULL;
  ck_assert_int_eq(promo_result_new(&r, &t.allocator), PROMO_ERR_NO_MEMORY);
  ck_assert_ptr_null(r);
  ck_assert_int_eq(t.live, 0);
}
END_TEST

int main(void) {
  Suite *s = suite_create("result");
  TCase *tc = tcase_create("result");
  tcase_add_test(tc, result_null_reads_as_empty);
  tcase_add_test(tc, result_new_reads_as_empty_until_filled);
  tcase_add_test(tc, result_new_out_of_memory_hands_back_nothing);
  suite_add_tcase(s, tc);
  return test_run_suite(s);
}
