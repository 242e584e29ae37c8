/* test_pipeline.c - the validator table is the check order that apply.h
 * and the README document, one step per rule. */
#include "pipeline.h"
#include "support.h"

#include <check.h>
#include <stdlib.h>

static const struct {
  const char *name;
  const char *rule;
  bool order_level;
  bool line_level;
} DOCUMENTED[] = {
    {"exact_match", "R1", true, false}, {"expiry", "R2", true, false},
    {"region", "R3", true, false},      {"new_subscription", "R4", true, true},
    {"one_code", "R5", false, true},    {"product", "R9", false, true},
    {"currency", "R10", false, true},   {"redemptions", "R11", true, false},
    {"host", "R12", true, true},
};

START_TEST(pipeline_table_is_the_documented_check_order) {
  ck_assert_uint_eq(promo_pipeline_length,
                    sizeof DOCUMENTED / sizeof DOCUMENTED[0]);
  const promo_step *step = promo_pipeline[_i];
  ck_assert_str_eq(step->name, DOCUMENTED[_i].name);
  ck_assert_str_eq(step->rule, DOCUMENTED[_i].rule);
  ck_assert_int_eq(step->check_order != NULL, DOCUMENTED[_i].order_level);
  ck_assert_int_eq(step->check_line != NULL, DOCUMENTED[_i].line_level);
}
END_TEST

int main(void) {
  Suite *s = suite_create("pipeline");
  TCase *tc = tcase_create("pipeline");
  tcase_add_loop_test(tc, pipeline_table_is_the_documented_check_order, 0,
                      (int)(sizeof DOCUMENTED / sizeof DOCUMENTED[0]));
  suite_add_tcase(s, tc);
  return test_run_suite(s);
}
