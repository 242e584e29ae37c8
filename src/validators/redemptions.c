/* redemptions.c - R11: a campaign whose slots are all taken -- redeemed, or
 * held by live reservations of other orders -- takes no more codes. Only
 * capped campaigns read the store; an order that holds a slot itself (it is
 * counted, or its reservation is live) passes, so a re-apply is never
 * refused by its own redemption. */
#include "pipeline.h"
#include "store/store_impl.h"

static promo_status check_order(const promo_check *check) {
  const promo_campaign_def *c = check->campaign;
  if (c->max_redemptions == 0) {
    return PROMO_OK;
  }
  promo_store *store = check->order->catalog->store;
  promo_store_counts counts;
  promo_status st =
      promo_store_count(store, &counts, c->id, check->order->id,
                        promo_store_now(store), check->store_error);
  if (st != PROMO_OK) {
    return st;
  }
  if (counts.held || promo_saturating_add(counts.redeemed, counts.reserved) <
                         c->max_redemptions) {
    return PROMO_OK;
  }
  return PROMO_ERR_REDEMPTION_LIMIT;
}

static bool applies(const promo_campaign_def *c) {
  return c->max_redemptions > 0;
}

const promo_step promo_step_redemptions = {"redemptions", "R11", applies,
                                           check_order, NULL};
