/* region.c - R3: the order's country is one of the campaign's regions or
 * lies inside one. The regions were flattened into a set of countries when
 * they were added, so this is one bit test, no ICU lookup. */
#include "pipeline.h"

static promo_status check_order(const promo_check *check) {
  const promo_campaign_def *c = check->campaign;
  if (c->has_regions &&
      !promo_country_set_has(&c->countries, check->order->country_index)) {
    return PROMO_ERR_WRONG_REGION;
  }
  return PROMO_OK;
}

static bool applies(const promo_campaign_def *c) {
  return c->has_regions;
}

const promo_step promo_step_region = {"region", "R3", applies, check_order,
                                      NULL};
