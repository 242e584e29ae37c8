/* redeem.c - R11's flow for an order: reserve, complete (commit), release
 * and refund, in the catalog's store, for the campaigns whose codes the
 * order's new lines carry. */
#include "order_impl.h"
#include "store/store_impl.h"

#include <promo/apply.h>

#include <stdlib.h>
#include <string.h>

/* Up to this many distinct campaigns per order need no allocation. */
#define SMALL 16

static int by_campaign(const void *a, const void *b) {
  const promo_store_claim *x = a;
  const promo_store_claim *y = b;
  return strcmp(x->campaign, y->campaign);
}

/* Collects, without repeats and sorted by campaign id (the order backends
 * lock in), the campaigns whose codes the order's new lines carry; returns
 * how many (at most one a line). */
static size_t collect(const promo_order *o, promo_store_claim *claims) {
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
      seen = claims[k].campaign == c->id;
    }
    if (!seen) {
      claims[n].campaign = c->id;
      claims[n].max_redemptions = c->max_redemptions;
      n++;
    }
  }
  qsort(claims, n, sizeof *claims, by_campaign);
  return n;
}

static promo_status store_failed(promo_order *o, promo_status st,
                                 const promo_store_error *e) {
  return promo_fail(&o->error, st, "%s", e->text);
}

/* Runs `op` for the order's campaigns; the caller checked the order. */
static promo_status run(promo_order *o, promo_store_op op, int64_t ttl) {
  promo_store_claim small[SMALL];
  promo_store_claim *claims = small;
  if (o->line_count > SMALL) {
    claims = promo_calloc(&o->alloc, o->line_count, sizeof *claims);
    if (claims == NULL) {
      return promo_fail(&o->error, PROMO_ERR_NO_MEMORY, "out of memory");
    }
  }
  promo_status st = PROMO_OK;
  size_t n = collect(o, claims);
  if (n > 0) {
    promo_store *store = o->catalog->store;
    int64_t now = promo_store_now(store);
    promo_store_error error;
    st = promo_store_run(store, op, claims, n, o->id, now,
                         promo_saturating_add(now, ttl), &error);
    if (st != PROMO_OK) {
      store_failed(o, st, &error);
    }
  }
  if (claims != small) {
    promo_free(&o->alloc, claims);
  }
  return st;
}

/* The checks every operation makes first. */
static promo_status usable(promo_order *o, const char *what) {
  if (o->id == NULL) {
    return promo_fail(&o->error, PROMO_ERR_INVALID_ARGUMENT,
                      "the order needs an id to be %s", what);
  }
  return PROMO_OK;
}

promo_status promo_order_reserve(promo_order *o, int64_t ttl_seconds) {
  if (o == NULL) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  if (ttl_seconds < 1) {
    return promo_fail(&o->error, PROMO_ERR_INVALID_ARGUMENT,
                      "a reservation lasts at least 1 second, not %lld",
                      (long long)ttl_seconds);
  }
  promo_status st = usable(o, "reserved");
  if (st != PROMO_OK || o->completed) {
    return st;
  }
  return run(o, PROMO_STORE_RESERVE, ttl_seconds);
}

promo_status promo_order_complete(promo_order *o) {
  if (o == NULL) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  if (o->completed) {
    return PROMO_OK;
  }
  promo_status st = usable(o, "completed");
  if (st == PROMO_OK) {
    st = run(o, PROMO_STORE_COMMIT, 0);
  }
  if (st == PROMO_OK) {
    o->completed = true;
  }
  return st;
}

promo_status promo_order_release(promo_order *o) {
  if (o == NULL) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  promo_status st = usable(o, "released");
  return st != PROMO_OK ? st : run(o, PROMO_STORE_RELEASE, 0);
}

promo_status promo_order_refund(promo_order *o) {
  if (o == NULL) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  promo_status st = usable(o, "refunded");
  if (st == PROMO_OK) {
    st = run(o, PROMO_STORE_REFUND, 0);
  }
  if (st == PROMO_OK) {
    o->completed = false;
  }
  return st;
}
