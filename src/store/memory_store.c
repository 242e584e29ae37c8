/* memory_store.c - the in-memory store: one process's reservations and
 * redemptions.
 *
 * Each campaign id has its own lock, counts, a table of the orders holding
 * a slot (by order id) and a min-heap of the instants at which those
 * entries expire. An operation locks the campaigns it touches in campaign
 * id order (the claims come sorted), drops the entries expired at its
 * `now` from the heap (so an expired reservation frees its slot without a
 * sweeper), decides for every campaign, and only then changes anything:
 * all or nothing. Every allocation an operation needs is made before the
 * first change, so running out of memory changes nothing either.
 *
 * The campaign index is behind a read-write lock; campaigns are never
 * removed before the store is freed, so a campaign found stays valid. */
/* pthread_rwlock_t is POSIX.1-2001, beyond what C11 mode declares. */
// NOLINTNEXTLINE(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp)
#define _POSIX_C_SOURCE 200809L

#include "hash.h"
#include "store/store_impl.h"
#include "strmap.h"
#include "text.h"

#include <pthread.h>
#include <string.h>

enum { CLAIM_RESERVED = 1, CLAIM_REDEEMED = 2 };

#define NOT_IN_HEAP SIZE_MAX

/* Up to this many campaigns per operation need no allocation of their own
 * for bookkeeping. */
#define SMALL 16

/* One order holding a slot of one campaign. */
typedef struct claim {
  char *order; /* owned */
  size_t hash;
  int state;
  int64_t expires; /* when it is dropped, while in the heap */
  size_t heap_at;  /* position in the heap, or NOT_IN_HEAP: kept until
                      refunded */
} claim;

typedef struct campaign {
  pthread_mutex_t lock;
  char *id; /* owned */
  int64_t redeemed;
  int64_t reserved; /* after a purge at `now`: the live reservations */
  /* Open addressing, linear probing, by order id; NULL: empty. */
  claim **table;
  size_t mask;
  size_t count;
  /* Min-heap by `expires` of the claims that expire. */
  claim **heap;
  size_t heap_len;
  size_t heap_cap;
} campaign;

typedef struct memory_store {
  promo_alloc alloc;
  int64_t retention;
  /* Keys the order tables' hash: order ids may come from outside (a
   * client's idempotency key), and crafted collisions would make every
   * operation scan a long run under the campaign's lock. */
  uint64_t seed;
  pthread_rwlock_t lock; /* over index, campaigns, count, cap */
  promo_strmap index;    /* campaign id (the campaign's own copy) -> slot */
  campaign **campaigns;
  size_t count;
  size_t cap;
} memory_store;

/* ---- the order table of a campaign ------------------------------------- */

static size_t hash_of(const memory_store *m, const char *order) {
  return (size_t)promo_hash(m->seed, order, strlen(order));
}

static claim *table_find(const campaign *c, const char *order, size_t hash) {
  if (c->table == NULL) {
    return NULL;
  }
  for (size_t i = hash & c->mask;; i = (i + 1) & c->mask) {
    claim *e = c->table[i];
    if (e == NULL) {
      return NULL;
    }
    if (e->hash == hash && strcmp(e->order, order) == 0) {
      return e;
    }
  }
}

static void table_put(claim **table, size_t mask, claim *e) {
  size_t i = e->hash & mask;
  while (table[i] != NULL) {
    i = (i + 1) & mask;
  }
  table[i] = e;
}

/* Makes room for `extra` more claims at a load of at most 3/4; leaves the
 * table as it was when out of memory. */
static bool table_reserve(campaign *c, const promo_alloc *a, size_t extra) {
  size_t cap = c->table == NULL ? 0 : c->mask + 1;
  size_t need = c->count + extra;
  if (need <= cap / 4 * 3) {
    return true;
  }
  size_t grown = cap < 8 ? 8 : cap;
  while (grown / 4 * 3 < need) {
    if (grown > SIZE_MAX / 2 / sizeof(claim *)) {
      return false;
    }
    grown *= 2;
  }
  claim **table = promo_calloc(a, grown, sizeof(claim *));
  if (table == NULL) {
    return false;
  }
  for (size_t i = 0; i < cap; i++) {
    if (c->table[i] != NULL) {
      table_put(table, grown - 1, c->table[i]);
    }
  }
  promo_free(a, (void *)c->table);
  c->table = table;
  c->mask = grown - 1;
  return true;
}

/* Removes e, closing the gap by shifting back the entries after it. */
static void table_remove(campaign *c, const claim *e) {
  size_t i = e->hash & c->mask;
  while (c->table[i] != e) {
    i = (i + 1) & c->mask;
  }
  for (size_t j = (i + 1) & c->mask; c->table[j] != NULL;
       j = (j + 1) & c->mask) {
    size_t home = c->table[j]->hash & c->mask;
    /* Entry j may move to the hole at i if its home is not in (i, j]. */
    bool stays = i <= j ? (i < home && home <= j) : (i < home || home <= j);
    if (!stays) {
      c->table[i] = c->table[j];
      i = j;
    }
  }
  c->table[i] = NULL;
  c->count--;
}

/* ---- the expiry heap of a campaign ------------------------------------- */

static void heap_set(campaign *c, size_t at, claim *e) {
  c->heap[at] = e;
  e->heap_at = at;
}

static void heap_up(campaign *c, size_t at) {
  claim *e = c->heap[at];
  while (at > 0) {
    size_t parent = (at - 1) / 2;
    if (c->heap[parent]->expires <= e->expires) {
      break;
    }
    heap_set(c, at, c->heap[parent]);
    at = parent;
  }
  heap_set(c, at, e);
}

static void heap_down(campaign *c, size_t at) {
  claim *e = c->heap[at];
  for (;;) {
    size_t child = 2 * at + 1;
    if (child >= c->heap_len) {
      break;
    }
    if (child + 1 < c->heap_len &&
        c->heap[child + 1]->expires < c->heap[child]->expires) {
      child++;
    }
    if (e->expires <= c->heap[child]->expires) {
      break;
    }
    heap_set(c, at, c->heap[child]);
    at = child;
  }
  heap_set(c, at, e);
}

static bool heap_reserve(campaign *c, const promo_alloc *a, size_t extra) {
  return promo_grow(a, (void **)&c->heap, &c->heap_cap, c->heap_len + extra,
                    sizeof(claim *));
}

/* Adds e (room reserved) with its `expires` set. */
static void heap_push(campaign *c, claim *e) {
  heap_set(c, c->heap_len++, e);
  heap_up(c, e->heap_at);
}

static void heap_remove(campaign *c, claim *e) {
  size_t at = e->heap_at;
  e->heap_at = NOT_IN_HEAP;
  claim *last = c->heap[--c->heap_len];
  if (last == e) {
    return;
  }
  heap_set(c, at, last);
  heap_up(c, at);
  heap_down(c, last->heap_at);
}

/* After e->expires changed. */
static void heap_fix(campaign *c, claim *e) {
  heap_up(c, e->heap_at);
  heap_down(c, e->heap_at);
}

/* ---- campaigns --------------------------------------------------------- */

static void claim_free(const promo_alloc *a, claim *e) {
  promo_free(a, e->order);
  promo_free(a, e);
}

/* Drops a claim from the campaign. A reservation's slot comes back; a
 * redemption is un-counted when `uncount`, else it stays counted (an
 * uncapped campaign forgetting an order). */
static void drop(campaign *c, const promo_alloc *a, claim *e, bool uncount) {
  if (e->heap_at != NOT_IN_HEAP) {
    heap_remove(c, e);
  }
  table_remove(c, e);
  if (e->state == CLAIM_RESERVED) {
    c->reserved--;
  } else if (uncount) {
    c->redeemed--;
  }
  claim_free(a, e);
}

/* Forgets what expired at `now`: reservations free their slot; remembered
 * orders of uncapped campaigns go, their count stays. */
static void purge(campaign *c, const promo_alloc *a, int64_t now) {
  while (c->heap_len > 0 && c->heap[0]->expires <= now) {
    drop(c, a, c->heap[0], false);
  }
}

static void campaign_free(const promo_alloc *a, campaign *c) {
  size_t cap = c->table == NULL ? 0 : c->mask + 1;
  for (size_t i = 0; i < cap; i++) {
    if (c->table[i] != NULL) {
      claim_free(a, c->table[i]);
    }
  }
  promo_free(a, (void *)c->table);
  promo_free(a, (void *)c->heap);
  pthread_mutex_destroy(&c->lock);
  promo_free(a, c->id);
  promo_free(a, c);
}

static campaign *find_campaign(memory_store *m, const char *id) {
  size_t at = 0;
  pthread_rwlock_rdlock(&m->lock);
  campaign *c = promo_strmap_get(&m->index, id, &at) ? m->campaigns[at] : NULL;
  pthread_rwlock_unlock(&m->lock);
  return c;
}

static campaign *new_campaign(const promo_alloc *a, const char *id) {
  campaign *c = promo_calloc(a, 1, sizeof *c);
  if (c == NULL) {
    return NULL;
  }
  c->id = promo_strdup(a, id);
  if (c->id == NULL || pthread_mutex_init(&c->lock, NULL) != 0) {
    promo_free(a, c->id);
    promo_free(a, c);
    return NULL;
  }
  return c;
}

/* The campaign `id`, made (empty) if it is new; NULL when out of memory. An
 * empty campaign is invisible: counts read 0 as for an unknown id. */
static campaign *campaign_for(memory_store *m, const char *id) {
  campaign *c = find_campaign(m, id);
  if (c != NULL) {
    return c;
  }
  pthread_rwlock_wrlock(&m->lock);
  size_t at = 0;
  if (promo_strmap_get(&m->index, id, &at)) {
    c = m->campaigns[at]; /* another thread made it meanwhile */
  } else if (promo_grow(&m->alloc, (void **)&m->campaigns, &m->cap,
                        m->count + 1, sizeof(campaign *)) &&
             promo_strmap_reserve(&m->index, &m->alloc, 1) == PROMO_OK &&
             (c = new_campaign(&m->alloc, id)) != NULL) {
    m->campaigns[m->count] = c;
    promo_strmap_put(&m->index, c->id, m->count);
    m->count++;
  }
  pthread_rwlock_unlock(&m->lock);
  return c;
}

/* ---- operations -------------------------------------------------------- */

/* What an operation does to one campaign, decided before anything
 * changes. */
typedef enum step {
  STEP_NONE,    /* nothing to do */
  STEP_NEW,     /* a new claim (reserve, commit) */
  STEP_RENEW,   /* a live reservation gets a new expiry */
  STEP_CONVERT, /* a live reservation becomes a redemption */
  STEP_DROP     /* release, refund */
} step;

typedef struct plan {
  campaign *c; /* NULL: unknown campaign, nothing to do */
  claim *existing;
  step step;
  claim *fresh; /* STEP_NEW: allocated before any change */
} plan;

static bool has_free_slot(const campaign *c, int64_t max) {
  return max == 0 || c->redeemed + c->reserved < max;
}

/* Decides one campaign's step; PROMO_ERR_REDEMPTION_LIMIT when the
 * operation needs a slot and there is none. */
static promo_status decide(plan *p, promo_store_op op, int64_t max,
                           promo_store_error *error) {
  const campaign *c = p->c;
  int state = p->existing == NULL ? 0 : p->existing->state;
  p->step = STEP_NONE;
  switch (op) {
  case PROMO_STORE_RESERVE:
  case PROMO_STORE_COMMIT:
    if (state == CLAIM_RESERVED) {
      p->step = op == PROMO_STORE_RESERVE ? STEP_RENEW : STEP_CONVERT;
    } else if (state == 0) {
      if (!has_free_slot(c, max)) {
        promo_store_error_set(
            error,
            "campaign '%s' has no free slot: %lld of %lld redeemed, %lld "
            "reserved",
            c->id, (long long)c->redeemed, (long long)max,
            (long long)c->reserved);
        return PROMO_ERR_REDEMPTION_LIMIT;
      }
      p->step = STEP_NEW;
    }
    break;
  case PROMO_STORE_RELEASE:
    p->step = state == CLAIM_RESERVED ? STEP_DROP : STEP_NONE;
    break;
  case PROMO_STORE_REFUND:
    p->step = state == CLAIM_REDEEMED ? STEP_DROP : STEP_NONE;
    break;
  }
  return PROMO_OK;
}

/* Allocates what a STEP_NEW needs: the claim, its copy of the order id,
 * room in the table and the heap. */
static bool prepare(plan *p, const promo_alloc *a, const char *order,
                    size_t hash) {
  p->fresh = promo_calloc(a, 1, sizeof *p->fresh);
  if (p->fresh == NULL) {
    return false;
  }
  p->fresh->order = promo_strdup(a, order);
  if (p->fresh->order == NULL || !table_reserve(p->c, a, 1) ||
      !heap_reserve(p->c, a, 1)) {
    claim_free(a, p->fresh);
    p->fresh = NULL;
    return false;
  }
  p->fresh->hash = hash;
  p->fresh->heap_at = NOT_IN_HEAP;
  return true;
}

/* A redemption of a capped campaign is kept until refunded; one of an
 * uncapped campaign for the retention. */
static void settle_redeemed(campaign *c, claim *e, int64_t max, int64_t now,
                            int64_t retention) {
  e->state = CLAIM_REDEEMED;
  if (max != 0) {
    if (e->heap_at != NOT_IN_HEAP) {
      heap_remove(c, e);
    }
    return;
  }
  e->expires = promo_saturating_add(now, retention);
  if (e->heap_at == NOT_IN_HEAP) {
    heap_push(c, e);
  } else {
    heap_fix(c, e);
  }
}

/* Carries out one decided step; nothing here can fail. */
static void carry_out(const memory_store *m, plan *p, promo_store_op op,
                      int64_t max, int64_t now, int64_t expires_at) {
  campaign *c = p->c;
  claim *e = p->existing;
  switch (p->step) {
  case STEP_NONE:
    break;
  case STEP_NEW:
    e = p->fresh;
    p->fresh = NULL;
    table_put(c->table, c->mask, e);
    c->count++;
    if (op == PROMO_STORE_RESERVE) {
      e->state = CLAIM_RESERVED;
      e->expires = expires_at;
      heap_push(c, e);
      c->reserved++;
    } else {
      settle_redeemed(c, e, max, now, m->retention);
      c->redeemed++;
    }
    break;
  case STEP_RENEW:
    e->expires = expires_at;
    heap_fix(c, e);
    break;
  case STEP_CONVERT:
    c->reserved--;
    c->redeemed++;
    settle_redeemed(c, e, max, now, m->retention);
    break;
  case STEP_DROP:
    drop(c, &m->alloc, e, true);
    break;
  }
}

static promo_status run(memory_store *m, promo_store_op op,
                        const promo_store_claim *claims, size_t n,
                        const char *order, int64_t now, int64_t expires_at,
                        promo_store_error *error) {
  plan small[SMALL];
  plan *plans = small;
  if (n > SMALL) {
    plans = promo_calloc(&m->alloc, n, sizeof *plans);
    if (plans == NULL) {
      promo_store_error_set(error, "out of memory");
      return PROMO_ERR_NO_MEMORY;
    }
  }
  bool takes_slots = op == PROMO_STORE_RESERVE || op == PROMO_STORE_COMMIT;
  promo_status st = PROMO_OK;
  for (size_t i = 0; i < n; i++) {
    plans[i].fresh = NULL;
    plans[i].c = takes_slots ? campaign_for(m, claims[i].campaign)
                             : find_campaign(m, claims[i].campaign);
    if (takes_slots && plans[i].c == NULL) {
      st = PROMO_ERR_NO_MEMORY;
    }
  }
  size_t locked = 0;
  size_t hash = hash_of(m, order);
  for (; st == PROMO_OK && locked < n; locked++) {
    plan *p = &plans[locked];
    if (p->c == NULL) {
      continue;
    }
    pthread_mutex_lock(&p->c->lock);
    purge(p->c, &m->alloc, now);
    p->existing = table_find(p->c, order, hash);
  }
  for (size_t i = 0; st == PROMO_OK && i < n; i++) {
    if (plans[i].c != NULL) {
      st = decide(&plans[i], op, claims[i].max_redemptions, error);
    }
  }
  for (size_t i = 0; st == PROMO_OK && i < n; i++) {
    if (plans[i].c != NULL && plans[i].step == STEP_NEW &&
        !prepare(&plans[i], &m->alloc, order, hash)) {
      st = PROMO_ERR_NO_MEMORY;
    }
  }
  for (size_t i = 0; i < n && i < locked; i++) {
    plan *p = &plans[i];
    if (p->c == NULL) {
      continue;
    }
    if (st == PROMO_OK) {
      carry_out(m, p, op, claims[i].max_redemptions, now, expires_at);
    } else if (p->fresh != NULL) {
      claim_free(&m->alloc, p->fresh);
    }
  }
  for (size_t i = locked; i-- > 0;) {
    if (plans[i].c != NULL) {
      pthread_mutex_unlock(&plans[i].c->lock);
    }
  }
  if (plans != small) {
    promo_free(&m->alloc, plans);
  }
  if (st == PROMO_ERR_NO_MEMORY) {
    promo_store_error_set(error, "out of memory");
  }
  return st;
}

/* ---- the backend ------------------------------------------------------- */

static promo_status memory_count(void *ctx, promo_store_counts *out,
                                 const char *campaign_id, const char *order,
                                 int64_t now, promo_store_error *error) {
  (void)error;
  memory_store *m = ctx;
  campaign *c = find_campaign(m, campaign_id);
  out->redeemed = 0;
  out->reserved = 0;
  out->held = false;
  if (c == NULL) {
    return PROMO_OK;
  }
  pthread_mutex_lock(&c->lock);
  purge(c, &m->alloc, now);
  out->redeemed = c->redeemed;
  out->reserved = c->reserved;
  out->held = order != NULL && table_find(c, order, hash_of(m, order)) != NULL;
  pthread_mutex_unlock(&c->lock);
  return PROMO_OK;
}

static promo_status memory_reserve(void *ctx, const promo_store_claim *claims,
                                   size_t n, const char *order, int64_t now,
                                   int64_t expires_at,
                                   promo_store_error *error) {
  return run(ctx, PROMO_STORE_RESERVE, claims, n, order, now, expires_at,
             error);
}

static promo_status memory_commit(void *ctx, const promo_store_claim *claims,
                                  size_t n, const char *order, int64_t now,
                                  promo_store_error *error) {
  return run(ctx, PROMO_STORE_COMMIT, claims, n, order, now, 0, error);
}

static promo_status memory_release(void *ctx, const promo_store_claim *claims,
                                   size_t n, const char *order, int64_t now,
                                   promo_store_error *error) {
  return run(ctx, PROMO_STORE_RELEASE, claims, n, order, now, 0, error);
}

static promo_status memory_refund(void *ctx, const promo_store_claim *claims,
                                  size_t n, const char *order, int64_t now,
                                  promo_store_error *error) {
  return run(ctx, PROMO_STORE_REFUND, claims, n, order, now, 0, error);
}

static void memory_destroy(void *ctx) {
  memory_store *m = ctx;
  promo_alloc a = m->alloc;
  for (size_t i = 0; i < m->count; i++) {
    campaign_free(&a, m->campaigns[i]);
  }
  promo_free(&a, (void *)m->campaigns);
  promo_strmap_release(&m->index, &a);
  pthread_rwlock_destroy(&m->lock);
  promo_free(&a, m);
}

static const promo_store_backend MEMORY_BACKEND = {PROMO_STORE_BACKEND_VERSION,
                                                   memory_count,
                                                   memory_reserve,
                                                   memory_commit,
                                                   memory_release,
                                                   memory_refund,
                                                   memory_destroy};

unsigned int promo_store_memory_options_version(void) {
  return PROMO_STORE_MEMORY_OPTIONS_VERSION;
}

promo_status
promo_store_memory_options_init(promo_store_memory_options *options,
                                unsigned int version) {
  if (options == NULL || version < 1 ||
      version > PROMO_STORE_MEMORY_OPTIONS_VERSION) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  const promo_store_memory_options defaults = PROMO_STORE_MEMORY_OPTIONS_INIT;
  *options = defaults;
  options->version = version;
  return PROMO_OK;
}

promo_status promo_store_new_memory(promo_store **out,
                                    const promo_store_memory_options *options) {
  static const promo_store_memory_options defaults =
      PROMO_STORE_MEMORY_OPTIONS_INIT;
  if (options == NULL) {
    options = &defaults;
  }
  promo_alloc a;
  if (out == NULL || options->version < 1 ||
      options->version > PROMO_STORE_MEMORY_OPTIONS_VERSION ||
      options->uncapped_retention < 1 ||
      !promo_alloc_init(&a, options->allocator)) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  memory_store *m = promo_calloc(&a, 1, sizeof *m);
  if (m == NULL) {
    return PROMO_ERR_NO_MEMORY;
  }
  m->alloc = a;
  m->retention = options->uncapped_retention;
  m->seed = promo_hash_random_seed();
  promo_strmap_init(&m->index);
  if (pthread_rwlock_init(&m->lock, NULL) != 0) {
    promo_free(&a, m);
    return PROMO_ERR_NO_MEMORY;
  }
  promo_store_options common = PROMO_STORE_OPTIONS_INIT;
  common.allocator = options->allocator;
  common.clock = options->clock;
  common.clock_ctx = options->clock_ctx;
  promo_status st = promo_store_new(out, &MEMORY_BACKEND, m, &common);
  if (st != PROMO_OK) {
    memory_destroy(m);
  }
  return st;
}
