/* redemptions.c - the in-memory redemption ledger of a catalog (R11). */
#include "redemptions.h"

#include "text.h"

#include <string.h>

promo_status promo_ledger_init(promo_ledger *l, const promo_alloc *a,
                               size_t campaign_count) {
  memset(l, 0, sizeof *l);
  if (campaign_count > 0) {
    l->counts = promo_calloc(a, campaign_count, sizeof *l->counts);
    l->orders = promo_calloc(a, campaign_count, sizeof *l->orders);
    if (l->counts == NULL || l->orders == NULL) {
      promo_free(a, (void *)(uintptr_t)l->counts);
      promo_free(a, l->orders);
      return PROMO_ERR_NO_MEMORY;
    }
    for (size_t i = 0; i < campaign_count; i++) {
      atomic_init(&l->counts[i], 0);
      promo_strmap_init(&l->orders[i]);
    }
  }
  if (pthread_mutex_init(&l->lock, NULL) != 0) {
    promo_free(a, (void *)(uintptr_t)l->counts);
    promo_free(a, l->orders);
    return PROMO_ERR_NO_MEMORY;
  }
  l->campaign_count = campaign_count;
  return PROMO_OK;
}

void promo_ledger_release(promo_ledger *l, const promo_alloc *a) {
  for (size_t c = 0; c < l->campaign_count; c++) {
    promo_strmap_release_keys(&l->orders[c], a);
  }
  promo_free(a, (void *)(uintptr_t)l->counts);
  promo_free(a, l->orders);
  pthread_mutex_destroy(&l->lock);
  memset(l, 0, sizeof *l);
}

int64_t promo_ledger_count(const promo_ledger *l, uint32_t campaign) {
  /* Reading an atomic through a const pointer: the ledger is logically
   * const here, the count is what other threads change. */
  _Atomic int64_t *count = (_Atomic int64_t *)(uintptr_t)&l->counts[campaign];
  return atomic_load_explicit(count, memory_order_acquire);
}

bool promo_ledger_counted(promo_ledger *l, uint32_t campaign,
                          const char *order_id) {
  pthread_mutex_lock(&l->lock);
  bool counted = promo_strmap_get(&l->orders[campaign], order_id, NULL);
  pthread_mutex_unlock(&l->lock);
  return counted;
}

promo_status promo_ledger_redeem(promo_ledger *l, const promo_alloc *a,
                                 const uint32_t *campaigns,
                                 const int64_t *limits, size_t n,
                                 const char *order_id) {
  promo_status status = PROMO_OK;
  size_t copies_made = 0;
  char *copies[16];
  char **copy = copies;
  if (n > 16) {
    copy = promo_calloc(a, n, sizeof *copy);
    if (copy == NULL) {
      return PROMO_ERR_NO_MEMORY;
    }
  }
  pthread_mutex_lock(&l->lock);
  /* First decide and reserve everything, then commit: all or nothing. */
  for (size_t i = 0; i < n && status == PROMO_OK; i++) {
    uint32_t c = campaigns[i];
    copy[i] = NULL;
    if (promo_strmap_get(&l->orders[c], order_id, NULL)) {
      continue;
    }
    int64_t now = atomic_load_explicit(&l->counts[c], memory_order_relaxed);
    if (limits[i] > 0 && now >= limits[i]) {
      status = PROMO_ERR_REDEMPTION_LIMIT;
    } else if (promo_strmap_reserve(&l->orders[c], a, 1) != PROMO_OK ||
               (copy[i] = promo_strdup(a, order_id)) == NULL) {
      status = PROMO_ERR_NO_MEMORY;
    } else {
      copies_made = i + 1;
    }
  }
  if (status == PROMO_OK) {
    for (size_t i = 0; i < n; i++) {
      if (copy[i] != NULL) {
        promo_strmap_put(&l->orders[campaigns[i]], copy[i], 0);
        atomic_fetch_add_explicit(&l->counts[campaigns[i]], 1,
                                  memory_order_acq_rel);
      }
    }
  } else {
    for (size_t i = 0; i < copies_made; i++) {
      promo_free(a, copy[i]);
    }
  }
  pthread_mutex_unlock(&l->lock);
  if (copy != copies) {
    promo_free(a, copy);
  }
  return status;
}
