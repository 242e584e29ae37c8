/* product.c - R9: a campaign that lists products applies only to lines for
 * those products (SKUs compared byte for byte). Both sides are indices into
 * the catalog's product table: a campaign's list was resolved when it was
 * built, a line's SKU when the line was added (an SKU no campaign lists has
 * no index, and is in no list). */
#include "pipeline.h"

/* Whether the campaign's sorted list holds `product`. */
static bool lists(const promo_campaign_def *c, uint32_t product) {
  size_t lo = 0;
  size_t hi = c->product_count;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (c->products[mid] == product) {
      return true;
    }
    if (c->products[mid] < product) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return false;
}

static promo_status check_line(const promo_check *check, size_t line) {
  const promo_campaign_def *c = check->campaign;
  if (c->product_count == 0 ||
      lists(c, check->order->lines[line].product_index)) {
    return PROMO_OK;
  }
  return PROMO_ERR_NOT_APPLICABLE;
}

static bool applies(const promo_campaign_def *c) {
  return c->product_count > 0;
}

const promo_step promo_step_product = {"product", "R9", applies, NULL,
                                       check_line};
