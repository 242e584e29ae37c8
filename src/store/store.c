/* store.c - a promo_store: a reference-counted backend and its clock. Every
 * call into a backend goes through here, so that a backend that breaks its
 * contract (an unexpected status, no error text) cannot mislead R11. */
#include "store/store_impl.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

size_t promo_store_error_max(void) {
  return PROMO_STORE_ERROR_MAX;
}

unsigned int promo_store_backend_version(void) {
  return PROMO_STORE_BACKEND_VERSION;
}

unsigned int promo_store_options_version(void) {
  return PROMO_STORE_OPTIONS_VERSION;
}

promo_status promo_store_options_init(promo_store_options *options,
                                      unsigned int version) {
  if (options == NULL || version < 1 || version > PROMO_STORE_OPTIONS_VERSION) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  const promo_store_options defaults = PROMO_STORE_OPTIONS_INIT;
  *options = defaults;
  options->version = version;
  return PROMO_OK;
}

int64_t promo_store_system_clock(void *ctx) {
  (void)ctx;
  return (int64_t)time(NULL);
}

void promo_store_error_set(promo_store_error *error, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  // NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized)
  (void)vsnprintf(error->text, sizeof error->text, fmt, ap);
  va_end(ap);
}

int64_t promo_saturating_add(int64_t a, int64_t b) {
  if (b > 0 && a > INT64_MAX - b) {
    return INT64_MAX;
  }
  if (b < 0 && a < INT64_MIN - b) {
    return INT64_MIN;
  }
  return a + b;
}

static bool backend_usable(const promo_store_backend *b) {
  return b->version == PROMO_STORE_BACKEND_VERSION && b->count != NULL &&
         b->reserve != NULL && b->commit != NULL && b->release != NULL &&
         b->refund != NULL && b->destroy != NULL;
}

promo_status promo_store_new(promo_store **out,
                             const promo_store_backend *backend, void *ctx,
                             const promo_store_options *options) {
  static const promo_store_options defaults = PROMO_STORE_OPTIONS_INIT;
  if (options == NULL) {
    options = &defaults;
  }
  promo_alloc a;
  if (out == NULL || backend == NULL || !backend_usable(backend) ||
      options->version < 1 || options->version > PROMO_STORE_OPTIONS_VERSION ||
      !promo_alloc_init(&a, options->allocator)) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  promo_store *s = promo_malloc(&a, sizeof *s);
  if (s == NULL) {
    return PROMO_ERR_NO_MEMORY;
  }
  atomic_init(&s->refs, 1);
  s->alloc = a;
  s->backend = *backend;
  s->ctx = ctx;
  s->clock = options->clock != NULL ? options->clock : promo_store_system_clock;
  s->clock_ctx = options->clock != NULL ? options->clock_ctx : NULL;
  *out = s;
  return PROMO_OK;
}

promo_store *promo_store_retain(promo_store *s) {
  if (s != NULL) {
    atomic_fetch_add_explicit(&s->refs, 1, memory_order_relaxed);
  }
  return s;
}

void promo_store_release(promo_store *s) {
  if (s == NULL) {
    return;
  }
  /* acq_rel: the thread that frees sees every write of the others. */
  if (atomic_fetch_sub_explicit(&s->refs, 1, memory_order_acq_rel) != 1) {
    return;
  }
  s->backend.destroy(s->ctx);
  promo_alloc a = s->alloc;
  promo_free(&a, s);
}

int64_t promo_store_now(const promo_store *s) {
  return s == NULL ? 0 : s->clock(s->clock_ctx);
}

/* Keeps a backend's answer within its contract. */
static promo_status checked(promo_status st, bool limit_allowed,
                            promo_store_error *error) {
  error->text[sizeof error->text - 1] = '\0';
  switch (st) {
  case PROMO_OK:
    return st;
  case PROMO_ERR_REDEMPTION_LIMIT:
    if (limit_allowed) {
      break;
    }
    promo_store_error_set(error, "the store refused a read with "
                                 "redemption_limit, which a read cannot do");
    return PROMO_ERR_STORE_UNAVAILABLE;
  case PROMO_ERR_STORE_UNAVAILABLE:
  case PROMO_ERR_NO_MEMORY:
    break;
  default:
    promo_store_error_set(error, "the store answered with status %d (%s)",
                          (int)st, promo_status_name(st));
    return PROMO_ERR_STORE_UNAVAILABLE;
  }
  if (error->text[0] == '\0') {
    promo_store_error_set(error, "the store failed: %s", promo_status_name(st));
  }
  return st;
}

promo_status promo_store_count(promo_store *s, promo_store_counts *out,
                               const char *campaign, const char *order_id,
                               int64_t now, promo_store_error *error) {
  promo_store_counts counts = {0, 0, false};
  error->text[0] = '\0';
  promo_status st =
      checked(s->backend.count(s->ctx, &counts, campaign, order_id, now, error),
              false, error);
  if (st == PROMO_OK && (counts.redeemed < 0 || counts.reserved < 0)) {
    promo_store_error_set(error, "the store counted a negative number of "
                                 "redemptions or reservations");
    st = PROMO_ERR_STORE_UNAVAILABLE;
  }
  if (st == PROMO_OK) {
    *out = counts;
  }
  return st;
}

promo_status promo_store_run(promo_store *s, promo_store_op op,
                             const promo_store_claim *claims, size_t n,
                             const char *order_id, int64_t now,
                             int64_t expires_at, promo_store_error *error) {
  const promo_store_backend *b = &s->backend;
  error->text[0] = '\0';
  promo_status st = PROMO_OK;
  switch (op) {
  case PROMO_STORE_RESERVE:
    st = b->reserve(s->ctx, claims, n, order_id, now, expires_at, error);
    break;
  case PROMO_STORE_COMMIT:
    st = b->commit(s->ctx, claims, n, order_id, now, error);
    break;
  case PROMO_STORE_RELEASE:
    st = b->release(s->ctx, claims, n, order_id, now, error);
    break;
  case PROMO_STORE_REFUND:
    st = b->refund(s->ctx, claims, n, order_id, now, error);
    break;
  }
  bool may_refuse = op == PROMO_STORE_RESERVE || op == PROMO_STORE_COMMIT;
  return checked(st, may_refuse, error);
}
