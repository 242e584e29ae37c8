/* redemptions.h - R11's ledger: how many completed orders redeemed each
 * campaign, and which order ids were counted. The only mutable part of a
 * catalog: counts are atomics read without a lock; updates take a mutex so
 * a multi-campaign redemption is all or nothing. */
#ifndef PROMO_SRC_REDEMPTIONS_H
#define PROMO_SRC_REDEMPTIONS_H

#include "alloc.h"
#include "strmap.h"

#include <promo/status.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

typedef struct promo_ledger {
  pthread_mutex_t lock;
  size_t campaign_count;
  _Atomic int64_t *counts;
  promo_strmap *orders; /* per campaign: order ids counted (keys owned) */
} promo_ledger;

promo_status promo_ledger_init(promo_ledger *l, const promo_alloc *a,
                               size_t campaign_count);
void promo_ledger_release(promo_ledger *l, const promo_alloc *a);

/* The campaign's count now. Lock-free. */
int64_t promo_ledger_count(const promo_ledger *l, uint32_t campaign);

/* Whether `order_id` was already counted for the campaign. */
bool promo_ledger_counted(promo_ledger *l, uint32_t campaign,
                          const char *order_id);

/* Counts one redemption by `order_id` of each of the `n` campaigns, skipping
 * those it already counted. If one of the others has reached limits[i]
 * (0 = no limit), counts nothing and returns PROMO_ERR_REDEMPTION_LIMIT;
 * PROMO_ERR_NO_MEMORY also counts nothing. */
promo_status promo_ledger_redeem(promo_ledger *l, const promo_alloc *a,
                                 const uint32_t *campaigns,
                                 const int64_t *limits, size_t n,
                                 const char *order_id);

#endif
