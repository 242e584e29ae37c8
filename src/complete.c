/* complete.c - promo_order_complete: the purchase completes and each
 * campaign whose code it carries counts one redemption (R11). */
#include "catalog_impl.h"
#include "order_impl.h"

#include <promo/apply.h>

/* Up to this many distinct campaigns per order need no allocation. */
#define SMALL 16

/* Collects, without repeats, the campaigns whose codes the order's new
 * lines carry, with their limits; returns how many (at most one a line). */
static size_t collect(const promo_order *o, uint32_t *ids, int64_t *limits) {
  size_t n = 0;
  for (size_t i = 0; i < o->line_count; i++) {
    const promo_line *line = &o->lines[i];
    if (!line->is_new || line->code_len == 0) {
      continue;
    }
    const promo_campaign_def *c =
        promo_catalog_lookup(o->catalog, line->code, line->code_len);
    if (c == NULL) {
      continue; /* a code from elsewhere: not ours to count */
    }
    bool seen = false;
    for (size_t k = 0; k < n && !seen; k++) {
      seen = ids[k] == c->index;
    }
    if (!seen) {
      ids[n] = c->index;
      limits[n] = c->max_redemptions;
      n++;
    }
  }
  return n;
}

promo_status promo_order_complete(promo_order *o) {
  if (o == NULL) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  if (o->completed) {
    return PROMO_OK;
  }
  if (o->id == NULL) {
    return promo_fail(&o->error, PROMO_ERR_INVALID_ARGUMENT,
                      "the order needs an id to be completed");
  }
  uint32_t small_ids[SMALL];
  int64_t small_limits[SMALL];
  uint32_t *ids = small_ids;
  int64_t *limits = small_limits;
  /* At most one campaign per line. */
  if (o->line_count > SMALL) {
    ids = promo_calloc(&o->alloc, o->line_count, sizeof *ids);
    limits = promo_calloc(&o->alloc, o->line_count, sizeof *limits);
    if (ids == NULL || limits == NULL) {
      promo_free(&o->alloc, ids);
      promo_free(&o->alloc, limits);
      return promo_fail(&o->error, PROMO_ERR_NO_MEMORY, "out of memory");
    }
  }
  size_t n = collect(o, ids, limits);
  promo_status st =
      n == 0 ? PROMO_OK
             : promo_ledger_redeem(o->catalog->ledger, &o->catalog->alloc, ids,
                                   limits, n, o->id);
  if (ids != small_ids) {
    promo_free(&o->alloc, ids);
    promo_free(&o->alloc, limits);
  }
  if (st == PROMO_OK) {
    o->completed = true;
  } else if (st == PROMO_ERR_NO_MEMORY) {
    promo_fail(&o->error, st, "out of memory");
  } else {
    promo_fail(&o->error, st, "a campaign of the order is fully redeemed");
  }
  return st;
}
