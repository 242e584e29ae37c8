/* pipeline.c - the check order, and the loop that walks it. */
#include "pipeline.h"

const promo_step *const promo_pipeline[] = {
    &promo_step_exact_match,      /* R1 */
    &promo_step_expiry,           /* R2 */
    &promo_step_region,           /* R3 */
    &promo_step_new_subscription, /* R4 */
    &promo_step_one_code,         /* R5 */
    &promo_step_product,          /* R9 */
    &promo_step_currency,         /* R10 */
    &promo_step_redemptions,      /* R11 */
    &promo_step_host,             /* R12 */
};

const size_t promo_pipeline_length =
    sizeof promo_pipeline / sizeof promo_pipeline[0];

/* Runs one step's line check over the lines still in; returns how many are
 * left, or SIZE_MAX after PROMO_ERR_NO_MEMORY. */
static size_t run_lines(const promo_step *step, promo_check *check,
                        promo_result *r, promo_status *first_skip) {
  size_t left = 0;
  for (size_t i = 0; i < r->line_count; i++) {
    promo_result_line *line = &r->lines[i];
    if (line->status != PROMO_OK) {
      continue;
    }
    check->reason = line->reason;
    promo_status st = step->check_line(check, i);
    if (st == PROMO_ERR_NO_MEMORY) {
      return SIZE_MAX;
    }
    if (st != PROMO_OK) {
      line->status = st;
      if (*first_skip == PROMO_OK) {
        *first_skip = st;
      }
    } else {
      left++;
    }
  }
  return left;
}

promo_status promo_pipeline_run(promo_check *check, promo_result *r) {
  promo_status first_skip = PROMO_OK;
  for (size_t s = 0; s < promo_pipeline_length; s++) {
    const promo_step *step = promo_pipeline[s];
    if (step->check_order != NULL) {
      check->reason = r->reason;
      promo_status st = step->check_order(check);
      if (st != PROMO_OK) {
        return st;
      }
    }
    if (step->check_line != NULL) {
      size_t left = run_lines(step, check, r, &first_skip);
      if (left == SIZE_MAX) {
        return PROMO_ERR_NO_MEMORY;
      }
      if (left == 0) {
        return first_skip;
      }
    }
  }
  return PROMO_OK;
}
