/*
 * promo/promo.h - libpromo: does a promo code apply to an order at checkout,
 * and what does it take off? Include this header only.
 *
 *   promo_catalog_builder_new / _add_campaign / promo_campaign_* / _build
 *   promo_catalog_retain / _release (= _free)
 *   promo_zones_new (optional: where time zone rules come from)
 *   promo_order_new / _set_* / _add_line
 *   promo_apply(result, order, code, len, options)
 *   promo_result_get / _get_lines / _error
 *   promo_order_reserve / _complete / _release / _refund (R11, in a store)
 *   promo_store_new_memory / promo_store_new (promo/pg.h: PostgreSQL)
 *   promo_status_name / promo_status_message
 */
#ifndef PROMO_PROMO_H
#define PROMO_PROMO_H

#include "apply.h"
#include "catalog.h"
#include "common.h"
#include "compiled.h"
#include "order.h"
#include "status.h"
#include "store.h"
#include "zones.h"

#endif /* PROMO_PROMO_H */
