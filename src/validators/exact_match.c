/* exact_match.c - R1: the entered code equals a catalog code byte for byte.
 * Nothing is trimmed or case-folded: "Promo codes should be entered
 * exactly." The code's syntax was checked, and the code looked up (once, by
 * promo_apply, into check->campaign), before the table runs: this step
 * only turns "in no campaign" into R1's status, first in the table, so
 * that every later step has a campaign. */
#include "pipeline.h"

static promo_status check_order(const promo_check *check) {
  return check->campaign == NULL ? PROMO_ERR_CODE_NOT_FOUND : PROMO_OK;
}

/* Once a campaign is found, R1 has nothing left to refuse. */
static bool applies(const promo_campaign_def *c) {
  (void)c;
  return false;
}

const promo_step promo_step_exact_match = {"exact_match", "R1", applies,
                                           check_order, NULL};
