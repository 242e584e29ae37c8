/* store_impl.h - what a promo_store holds, and how the rest of the library
 * calls it: orders (redeem.c) and R11's check (validators/redemptions.c). */
#ifndef PROMO_SRC_STORE_IMPL_H
#define PROMO_SRC_STORE_IMPL_H

#include "alloc.h"

#include <promo/store.h>

#include <stdatomic.h>

struct promo_store {
  atomic_size_t refs;
  promo_alloc alloc;
  promo_store_backend backend;
  void *ctx;
  promo_clock_fn clock;
  void *clock_ctx;
};

/* The operations that change a store. */
typedef enum promo_store_op {
  PROMO_STORE_RESERVE,
  PROMO_STORE_COMMIT,
  PROMO_STORE_RELEASE,
  PROMO_STORE_REFUND
} promo_store_op;

/* The system's real-time clock, in seconds. */
int64_t promo_store_system_clock(void *ctx);

/* Reads the counts of `campaign` through the backend, at `now`. A status
 * the backend contract does not allow becomes PROMO_ERR_STORE_UNAVAILABLE;
 * on failure *error always holds a text. */
promo_status promo_store_count(promo_store *store, promo_store_counts *out,
                               const char *campaign, const char *order_id,
                               int64_t now, promo_store_error *error);

/* Runs `op` through the backend for `n` >= 1 claims sorted by campaign id
 * and distinct; `expires_at` is for PROMO_STORE_RESERVE only. Statuses as
 * promo_store_count(), plus PROMO_ERR_REDEMPTION_LIMIT for reserve and
 * commit. */
promo_status promo_store_run(promo_store *store, promo_store_op op,
                             const promo_store_claim *claims, size_t n,
                             const char *order_id, int64_t now,
                             int64_t expires_at, promo_store_error *error);

/* Writes a formatted text into *error (truncated if need be). */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 2, 3)))
#endif
void promo_store_error_set(promo_store_error *error, const char *fmt, ...);

/* a + b, or INT64_MAX / INT64_MIN where it would overflow. */
int64_t promo_saturating_add(int64_t a, int64_t b);

#endif
