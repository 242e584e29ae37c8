/* expiry.c - R2: the order is placed inside the campaign's redemption
 * window. The window's instants were computed when the catalog was built:
 * the first instant of `starts`, and the first instant of the day after
 * `ends`, both in the campaign's time zone. */
#include "pipeline.h"

static promo_status check_order(const promo_check *check) {
  int64_t placed = check->order->placed_at;
  if (placed < check->campaign->active_from) {
    return PROMO_ERR_NOT_YET_ACTIVE;
  }
  if (placed >= check->campaign->active_until) {
    return PROMO_ERR_EXPIRED;
  }
  return PROMO_OK;
}

static bool applies(const promo_campaign_def *c) {
  return c->active_from != INT64_MIN || c->active_until != INT64_MAX;
}

const promo_step promo_step_expiry = {"expiry", "R2", applies, check_order,
                                      NULL};
