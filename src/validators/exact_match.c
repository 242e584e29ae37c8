/* exact_match.c - R1: the entered code equals a catalog code byte for byte.
 * Nothing is trimmed or case-folded: "Promo codes should be entered
 * exactly." The code's syntax was checked before the pipeline runs. */
#include "pipeline.h"

static promo_status check_order(promo_check *check) {
  check->campaign =
      promo_catalog_lookup(check->order->catalog, check->code, check->code_len);
  return check->campaign == NULL ? PROMO_ERR_CODE_NOT_FOUND : PROMO_OK;
}

const promo_step promo_step_exact_match = {"exact_match", "R1", check_order,
                                           NULL};
