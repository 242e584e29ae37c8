/* test_pipeline.c - the validator table is the check order that apply.h
 * and the README document, one step per rule. */
#include "pipeline.h"

#include "support.h"
#include <stdio.h>

#include <check.h>
#include <stdlib.h>
#include <string.h>

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
  /* The runner skips the host's step (the 9th) when there are no host
   * validators. */
  ck_assert_ptr_eq(promo_pipeline[8], &promo_step_host);
}
END_TEST

/* Campaigns with none, some and all of what steps check. */
static promo_catalog *varied_catalog(void) {
  promo_catalog_builder *b = NULL;
  ck_assert_int_eq(promo_catalog_builder_new(&b, NULL), PROMO_OK);
  for (int i = 0; i < 32; i++) {
    char id[16];
    snprintf(id, sizeof id, "c%d", i);
    promo_campaign *c = NULL;
    ck_assert_int_eq(promo_catalog_builder_add_campaign(&c, b, id), PROMO_OK);
    ck_assert_int_eq((i & 1) ? promo_campaign_set_amount(c, 100, "EUR")
                             : promo_campaign_set_percent_bps(c, 1000),
                     PROMO_OK);
    if (i & 2) {
      ck_assert_int_eq(promo_campaign_set_starts(c, 2026, 3, 1), PROMO_OK);
    }
    if (i & 4) {
      ck_assert_int_eq(promo_campaign_add_region(c, "NL"), PROMO_OK);
    }
    if (i & 8) {
      ck_assert_int_eq(promo_campaign_add_product(c, "E3"), PROMO_OK);
    }
    if (i & 16) {
      ck_assert_int_eq(promo_campaign_set_max_redemptions(c, 1), PROMO_OK);
    }
    ck_assert_int_eq(promo_campaign_add_code(c, id, strlen(id)), PROMO_OK);
  }
  promo_catalog *cat = NULL;
  ck_assert_int_eq(promo_catalog_build(&cat, b), PROMO_OK);
  promo_catalog_builder_free(b);
  return cat;
}

/* An order that each step might refuse: from abroad, in another currency,
 * early, completed, lines of other products, existing, carrying codes. */
static promo_order *awkward_order(promo_catalog *cat, int variant) {
  promo_order *o = NULL;
  ck_assert_int_eq(promo_order_new(&o, cat), PROMO_OK);
  ck_assert_int_eq(promo_order_set_id(o, "order-1"), PROMO_OK);
  ck_assert_int_eq(promo_order_set_country(o, variant & 1 ? "US" : "NL"),
                   PROMO_OK);
  ck_assert_int_eq(promo_order_set_currency(o, variant & 2 ? "USD" : "EUR"),
                   PROMO_OK);
  ck_assert_int_eq(
      promo_order_set_placed_at(o, variant & 4 ? test_utc(2026, 1, 1, 0, 0, 0)
                                               : test_utc(2026, 5, 1, 0, 0, 0)),
      PROMO_OK);
  ck_assert_int_eq(promo_order_set_completed(o, (variant & 8) != 0), PROMO_OK);
  size_t line = 0;
  ck_assert_int_eq(promo_order_add_line(&line, o, "a", "E3", true,
                                        PROMO_TERM_MONTHLY, 1, 100),
                   PROMO_OK);
  ck_assert_int_eq(promo_order_add_line(&line, o, "b", "TEAMS",
                                        (variant & 16) == 0, PROMO_TERM_MONTHLY,
                                        1, 100),
                   PROMO_OK);
  ck_assert_int_eq(promo_order_set_line_promo_code(o, line, "OTHER", 5),
                   PROMO_OK);
  return o;
}

/* A step the run skips for a campaign (promo_pipeline_steps) could not
 * have refused anything: called anyway, on orders made to be refused, it
 * accepts. So skipping it changes no answer. */
START_TEST(pipeline_a_step_skipped_for_a_campaign_would_have_accepted) {
  promo_catalog *cat = varied_catalog();
  promo_apply_options options = PROMO_APPLY_OPTIONS_INIT;
  char reason[PROMO_REASON_MAX];
  promo_store_error store_error;
  int skipped = 0;
  for (int variant = 0; variant < 32; variant++) {
    promo_order *o = awkward_order(cat, variant);
    for (size_t k = 0; k < cat->count; k++) {
      const promo_campaign_def *c = cat->campaigns[k];
      ck_assert_uint_eq(c->steps, promo_pipeline_steps(c));
      promo_check check = {o, c->id,  strlen(c->id), &options,
                           c, reason, &store_error};
      for (size_t s = 0; s < promo_pipeline_length; s++) {
        if ((c->steps >> s) & 1u) {
          continue;
        }
        skipped++;
        const promo_step *step = promo_pipeline[s];
        if (step->check_order != NULL) {
          ck_assert_int_eq(step->check_order(&check), PROMO_OK);
        }
        for (size_t i = 0; step->check_line != NULL && i < 2; i++) {
          ck_assert_int_eq(step->check_line(&check, i), PROMO_OK);
        }
      }
    }
    promo_order_free(o);
  }
  ck_assert_int_gt(skipped, 32 * 32); /* R1 for all, and more */
  promo_catalog_free(cat);
}
END_TEST

/* Which steps apply to which campaign. */
START_TEST(pipeline_steps_follow_what_a_campaign_sets) {
  promo_catalog *cat = varied_catalog();
  for (size_t k = 0; k < cat->count; k++) {
    uint32_t steps = cat->campaigns[k]->steps;
    int i = (int)k;
    ck_assert_uint_eq(steps & 1u, 0);                    /* R1: found */
    ck_assert_uint_eq((steps >> 1) & 1u, (i & 2) != 0);  /* R2 */
    ck_assert_uint_eq((steps >> 2) & 1u, (i & 4) != 0);  /* R3 */
    ck_assert_uint_eq((steps >> 3) & 1u, 1);             /* R4 */
    ck_assert_uint_eq((steps >> 4) & 1u, 1);             /* R5 */
    ck_assert_uint_eq((steps >> 5) & 1u, (i & 8) != 0);  /* R9 */
    ck_assert_uint_eq((steps >> 6) & 1u, (i & 1) != 0);  /* R10 */
    ck_assert_uint_eq((steps >> 7) & 1u, (i & 16) != 0); /* R11 */
    ck_assert_uint_eq((steps >> 8) & 1u, 1);             /* R12 */
  }
  promo_catalog_free(cat);
}
END_TEST

int main(void) {
  Suite *s = suite_create("pipeline");
  TCase *tc = tcase_create("pipeline");
  tcase_add_loop_test(tc, pipeline_table_is_the_documented_check_order, 0,
                      (int)(sizeof DOCUMENTED / sizeof DOCUMENTED[0]));
  tcase_add_test(tc,
                 pipeline_a_step_skipped_for_a_campaign_would_have_accepted);
  tcase_add_test(tc, pipeline_steps_follow_what_a_campaign_sets);
  suite_add_tcase(s, tc);
  return test_run_suite(s);
}
