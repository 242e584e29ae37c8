/*
 * promo/store.h - where rule R11's redemptions are counted.
 *
 * A store keeps, per campaign id and per order id, whether the order holds a
 * slot of the campaign's max_redemptions: a *reservation* (a slot held until
 * an instant, while the customer pays) or a *redemption* (counted). Counts
 * are keyed by campaign id, never by a position in a catalog, so a catalog
 * rebuilt or edited with the same store keeps its counts. A catalog reaches
 * its store through promo_catalog_builder_set_store() (catalog.h); the order
 * operations (promo_order_reserve, _complete, _release, _refund in apply.h)
 * and R11's check in promo_apply() go through it.
 *
 * Two stores ship: the in-memory one below (one process) and PostgreSQL
 * (promo/pg.h, library promo_pg: a fleet of processes). A host plugs its own
 * (Redis, its database) with promo_store_new() and a promo_store_backend.
 *
 * Time: every operation is done at one instant, the store's clock (the
 * system's real-time clock unless options give another), read once per
 * operation. Reservations expire at an instant: an expired one frees its
 * slot at once, without a sweeper; the next operation on the campaign
 * forgets it.
 *
 * Thread-safety: a promo_store is shared: any number of threads and
 * catalogs may use one store at once, and every operation is atomic (all or
 * nothing across the campaigns of one order). Reference counting
 * (promo_store_retain/promo_store_release) is atomic too. Backends and
 * clocks are called from whichever thread runs an operation.
 */
#ifndef PROMO_STORE_H
#define PROMO_STORE_H

#include "common.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct promo_store promo_store;

/* Room for a store's error text, NUL included. */
#define PROMO_STORE_ERROR_MAX 512

/* PROMO_STORE_ERROR_MAX, for bindings that cannot read macros. */
PROMO_EXTERN size_t promo_store_error_max(void);

/* What a store operation that failed says about it: NUL-terminated UTF-8,
 * truncated if it does not fit ("connection to the store lost: ...",
 * "campaign 'spring' is fully redeemed (1000 of 1000)"). The struct is
 * frozen: it never grows, so it needs no version. */
typedef struct promo_store_error {
  char text[PROMO_STORE_ERROR_MAX];
} promo_store_error;

/* A clock: the current instant in seconds since 1970-01-01T00:00:00Z. Called
 * from any thread; must be thread-safe. */
typedef int64_t (*promo_clock_fn)(void *clock_ctx);

/* ---- writing a backend -------------------------------------------------- */

/* One campaign an operation touches: its id and its cap (0: no cap). */
typedef struct promo_store_claim {
  const char *campaign;
  int64_t max_redemptions;
} promo_store_claim;

/* What a backend's count() reports. Frozen, like promo_store_error. */
typedef struct promo_store_counts {
  int64_t redeemed; /* orders counted and not refunded */
  int64_t reserved; /* reservations live at `now` (expiring after it) */
  bool held;        /* the order asked about holds a slot: it is counted, or
                       its reservation is live */
} promo_store_counts;

/*
 * A store's operations, in the manner of libgit2's refdb_backend. Set
 * `version` to PROMO_STORE_BACKEND_VERSION; every function must be set.
 * `ctx` is what was given to promo_store_new(). The library calls them from
 * many threads at once and expects each call to be atomic.
 *
 * Every call gets the order id and `now`, the store clock's instant. The
 * claims of one call are 1 or more, distinct, sorted by campaign id
 * (strcmp order), so that a backend that locks per campaign can lock in
 * that order and never deadlock. A reservation is live while now <
 * expires_at.
 *
 *  count    the campaign's counts at `now`, and whether order `order_id`
 *           holds a slot (`order_id` may be NULL: held is false).
 *  reserve  for every claim: an order already counted is left alone; a live
 *           reservation of the order is renewed to `expires_at`; otherwise
 *           a slot is taken if max_redemptions is 0 or redeemed + live
 *           reservations < max_redemptions.
 *  commit   for every claim: an order already counted is left alone (the
 *           same answer again: idempotent); a live reservation of the order
 *           becomes a redemption; otherwise a free slot is taken as in
 *           reserve, and counted.
 *  release  for every claim: the order's reservation, live or not, is
 *           dropped; a redemption is left alone.
 *  refund   for every claim: the order's redemption is un-counted and its
 *           slot comes back; an order not counted is left alone.
 *  destroy  frees ctx, when the store's last reference goes.
 *
 * reserve and commit are all or nothing: when one claim finds no free slot
 * they change nothing and return PROMO_ERR_REDEMPTION_LIMIT. Any failure of
 * the backend itself (connection, timeout, statement) returns
 * PROMO_ERR_STORE_UNAVAILABLE, and the backend must not leave the operation
 * half done (a database transaction rolls back). PROMO_ERR_NO_MEMORY also
 * changes nothing. On any status but PROMO_OK, write a reason into
 * error->text (never NULL).
 */
#define PROMO_STORE_BACKEND_VERSION 1

/* PROMO_STORE_BACKEND_VERSION, for bindings. */
PROMO_EXTERN unsigned int promo_store_backend_version(void);

typedef struct promo_store_backend {
  unsigned int version;
  promo_status (*count)(void *ctx, promo_store_counts *out,
                        const char *campaign, const char *order_id, int64_t now,
                        promo_store_error *error);
  promo_status (*reserve)(void *ctx, const promo_store_claim *claims,
                          size_t claim_count, const char *order_id, int64_t now,
                          int64_t expires_at, promo_store_error *error);
  promo_status (*commit)(void *ctx, const promo_store_claim *claims,
                         size_t claim_count, const char *order_id, int64_t now,
                         promo_store_error *error);
  promo_status (*release)(void *ctx, const promo_store_claim *claims,
                          size_t claim_count, const char *order_id, int64_t now,
                          promo_store_error *error);
  promo_status (*refund)(void *ctx, const promo_store_claim *claims,
                         size_t claim_count, const char *order_id, int64_t now,
                         promo_store_error *error);
  void (*destroy)(void *ctx);
} promo_store_backend;

/* Options of promo_store_new(). Versioned: fill with
 * PROMO_STORE_OPTIONS_INIT or promo_store_options_init(). */
#define PROMO_STORE_OPTIONS_VERSION 1
typedef struct promo_store_options {
  unsigned int version;
  /* The store's own allocations (its handle); copied. NULL: malloc. */
  const promo_allocator *allocator;
  /* The store's clock; NULL: the system's real-time clock. */
  promo_clock_fn clock;
  void *clock_ctx;
} promo_store_options;

#define PROMO_STORE_OPTIONS_INIT                                               \
  { PROMO_STORE_OPTIONS_VERSION, NULL, NULL, NULL }

/* PROMO_STORE_OPTIONS_VERSION, for bindings. */
PROMO_EXTERN unsigned int promo_store_options_version(void);

/* Fills *options with the defaults of `version` (1 up to
 * PROMO_STORE_OPTIONS_VERSION). PROMO_ERR_INVALID_ARGUMENT for NULL or
 * another version. */
PROMO_EXTERN promo_status promo_store_options_init(promo_store_options *options,
                                                   unsigned int version);

/*
 * Creates a store in *out that runs `backend` (copied) on `ctx`, with one
 * reference held by the caller. `options` may be NULL for the defaults.
 * From PROMO_OK on, the store owns ctx and calls backend->destroy(ctx) when its
 * last reference goes; on any failure it does not touch ctx.
 * PROMO_ERR_INVALID_ARGUMENT for a NULL out or backend, a backend of
 * another version or with a function missing, or bad options;
 * PROMO_ERR_NO_MEMORY.
 */
PROMO_EXTERN promo_status promo_store_new(promo_store **out,
                                          const promo_store_backend *backend,
                                          void *ctx,
                                          const promo_store_options *options);

/* ---- the in-memory store ------------------------------------------------ */

/* Options of promo_store_new_memory(). Versioned like the others. */
#define PROMO_STORE_MEMORY_OPTIONS_VERSION 1
typedef struct promo_store_memory_options {
  unsigned int version;
  /* Every allocation of the store; copied. NULL: malloc. */
  const promo_allocator *allocator;
  /* The store's clock; NULL: the system's real-time clock. */
  promo_clock_fn clock;
  void *clock_ctx;
  /* Seconds an order counted for a campaign *without* a cap is remembered
   * (so that a retried commit counts it once); >= 1. Default 86400. Orders
   * of capped campaigns are remembered until refunded. */
  int64_t uncapped_retention;
} promo_store_memory_options;

#define PROMO_STORE_MEMORY_OPTIONS_INIT                                        \
  { PROMO_STORE_MEMORY_OPTIONS_VERSION, NULL, NULL, NULL, 86400 }

/* PROMO_STORE_MEMORY_OPTIONS_VERSION, for bindings. */
PROMO_EXTERN unsigned int promo_store_memory_options_version(void);

/* Fills *options with the defaults of `version`; as
 * promo_store_options_init(). */
PROMO_EXTERN promo_status promo_store_memory_options_init(
    promo_store_memory_options *options, unsigned int version);

/*
 * Creates an in-memory store in *out: one process's counts, gone when the
 * store is freed (a catalog built without a store makes one of these).
 * `options` may be NULL for the defaults.
 *
 * What it keeps, per campaign id touched: the counts and a lock (~100
 * bytes). Per order id and campaign: a copy of the order id and ~48 bytes,
 * for as long as the order holds its slot -- a reservation until it expires
 * or is released, a redemption of a capped campaign until it is refunded
 * (so at most max_redemptions of them), a redemption of an uncapped
 * campaign for `uncapped_retention` seconds (after which a retried commit
 * counts the order again and a refund finds nothing to un-count: PROMO_OK,
 * the count unchanged). Expired entries are dropped by
 * the next operation on their campaign: memory is bounded by the caps, the
 * reservations live and the uncapped commits of the retention window.
 *
 * PROMO_ERR_INVALID_ARGUMENT for a NULL out or bad options (an allocator
 * without a function, uncapped_retention < 1, an unknown version);
 * PROMO_ERR_NO_MEMORY.
 */
PROMO_EXTERN promo_status promo_store_new_memory(
    promo_store **out, const promo_store_memory_options *options);

/* ---- every store -------------------------------------------------------- */

/* Takes one more reference to `store` and returns it (NULL: NULL). */
PROMO_EXTERN promo_store *promo_store_retain(promo_store *store);

/* Drops one reference; the last one frees the store (and its backend's
 * ctx). This is the store's _free: NULL is a no-op. */
PROMO_EXTERN void promo_store_release(promo_store *store);

/* The store clock's current instant, in seconds since the epoch; 0 for a
 * NULL store. */
PROMO_EXTERN int64_t promo_store_now(const promo_store *store);

#ifdef __cplusplus
}
#endif

#endif /* PROMO_STORE_H */
