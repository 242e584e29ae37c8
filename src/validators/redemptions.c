/* redemptions.c - R11: a campaign redeemed max_redemptions times takes no
 * more codes. The count is read lock-free; only at the cap does the check
 * ask whether this very order was one of those counted (then it passes, so
 * a re-apply of a counted order is not refused by its own redemption). */
#include "pipeline.h"

static promo_status check_order(promo_check *check) {
  const promo_campaign_def *c = check->campaign;
  if (c->max_redemptions == 0) {
    return PROMO_OK;
  }
  promo_ledger *ledger = check->order->catalog->ledger;
  if (promo_ledger_count(ledger, c->index) < c->max_redemptions) {
    return PROMO_OK;
  }
  const char *id = check->order->id;
  if (id != NULL && promo_ledger_counted(ledger, c->index, id)) {
    return PROMO_OK;
  }
  return PROMO_ERR_REDEMPTION_LIMIT;
}

const promo_step promo_step_redemptions = {"redemptions", "R11", check_order,
                                           NULL};
