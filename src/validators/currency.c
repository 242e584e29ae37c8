/* currency.c - R10: a fixed-amount discount is in one currency; lines of an
 * order in another are skipped. A percentage works in any currency. */
#include "pipeline.h"

#include <string.h>

static promo_status check_line(const promo_check *check, size_t line) {
  (void)line; /* every line of an order shares its currency */
  const promo_campaign_def *c = check->campaign;
  if (c->kind == PROMO_DISCOUNT_AMOUNT &&
      strcmp(c->currency, check->order->currency) != 0) {
    return PROMO_ERR_CURRENCY_MISMATCH;
  }
  return PROMO_OK;
}

/* A percentage works in any currency. */
static bool applies(const promo_campaign_def *c) {
  return c->kind == PROMO_DISCOUNT_AMOUNT;
}

const promo_step promo_step_currency = {"currency", "R10", applies, NULL,
                                        check_line};
