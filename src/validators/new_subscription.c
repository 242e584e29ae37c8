/* new_subscription.c - R4: promo codes are for new subscriptions only.
 * "There is no way to apply a promo code after the purchase is complete":
 * a completed order takes no code at all; a line that is an existing
 * subscription is skipped. */
#include "pipeline.h"

static promo_status check_order(const promo_check *check) {
  return check->order->completed ? PROMO_ERR_NOT_NEW_SUBSCRIPTION : PROMO_OK;
}

static promo_status check_line(const promo_check *check, size_t line) {
  return check->order->lines[line].is_new ? PROMO_OK
                                          : PROMO_ERR_NOT_NEW_SUBSCRIPTION;
}

const promo_step promo_step_new_subscription = {"new_subscription", "R4", NULL,
                                                check_order, check_line};
