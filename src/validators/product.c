/* product.c - R9: a campaign that lists products applies only to lines for
 * those products (SKUs compared byte for byte). */
#include "pipeline.h"

static promo_status check_line(promo_check *check, size_t line) {
  const promo_campaign_def *c = check->campaign;
  if (c->products.count == 0 ||
      promo_strmap_get(&c->products, check->order->lines[line].product, NULL)) {
    return PROMO_OK;
  }
  return PROMO_ERR_NOT_APPLICABLE;
}

const promo_step promo_step_product = {"product", "R9", NULL, check_line};
