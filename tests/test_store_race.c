/* test_store_race.c - R11 under threads: 2 to 16 threads race at least a
 * million commits (PROMO_RACE_COMMITS, default 1000000, per thread count)
 * through orders on one in-memory store, on campaigns with small caps,
 * mixed with reservations that expire or are released. Every count read
 * during the race must keep redeemed + reserved <= cap; after each epoch,
 * once the reservations have expired and every order has been offered
 * once more, exactly min(cap, orders) are counted and no order id counts
 * twice (the redeemed count equals the number of distinct order ids that
 * were told PROMO_OK). A million commits make 50 epochs; fewer, one per
 * 20,000 (at least 2). A pair of campaigns carried together by every
 * order of one kind checks that commits are all or nothing (both end with
 * the same count) and that locking two campaigns never deadlocks. */
#define _POSIX_C_SOURCE 200809L /* pthread_barrier_t */

#include "support.h"

#include <check.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MUST(call) ck_assert_int_eq((call), PROMO_OK)
/* In the racing threads, where Check's assertions must not run: a setup
 * call that fails ends the process loudly. */
#define REQUIRE(call)                                                          \
  do {                                                                         \
    if ((call) != PROMO_OK) {                                                  \
      fprintf(stderr, "%s:%d: %s failed\n", __FILE__, __LINE__, #call);        \
      abort();                                                                 \
    }                                                                          \
  } while (0)

/* Single campaigns: their caps and how many distinct orders each epoch
 * offers them (some more than the cap, some fewer). */
static const int64_t CAPS[] = {1, 2, 3, 5, 8, 13, 50, 200};
static const int POOLS[] = {3, 1, 10, 5, 40, 100, 30, 500};
#define SINGLES 8
/* The pair: every order of kind SINGLES carries both codes. */
#define PAIR_A_CAP 7
#define PAIR_B_CAP 11
#define PAIR_POOL 20
#define KINDS (SINGLES + 1)
#define MAX_POOL 500
/* Epochs of a run: one per 20,000 commits, 2 to 50 (50 for a million). */
#define MAX_EPOCHS 50
#define COMMITS_PER_EPOCH 20000
#define MAX_THREADS 16
#define TTL 5
#define T0 INT64_C(1800000000)

typedef struct race {
  int epochs;
  promo_store *store;
  promo_catalog *cat;
  test_clock clock;
  pthread_barrier_t barrier;
  int threads;
  long commits_per_epoch; /* per thread */
  /* Per epoch: which pool orders were told PROMO_OK by a commit. */
  atomic_uchar ok[KINDS][MAX_POOL];
  atomic_long commits; /* commit attempts in all */
  atomic_long bad;     /* invariant violations seen by the threads */
  atomic_int epoch;
} race;

static long commits_wanted(void) {
  const char *env = getenv("PROMO_RACE_COMMITS");
  long n = env == NULL ? 1000000 : strtol(env, NULL, 10);
  return n < 1000 ? 1000 : n;
}

static void campaign_id(char *buf, size_t size, int epoch, int kind, int half) {
  snprintf(buf, size, "e%02d-k%d%s", epoch, kind,
           kind == SINGLES ? (half == 0 ? "a" : "b") : "");
}

static void code_of(char *buf, size_t size, int epoch, int kind, int half) {
  snprintf(buf, size, "E%02dK%d%s", epoch, kind,
           kind == SINGLES ? (half == 0 ? "A" : "B") : "");
}

static int64_t cap_of(int kind, int half) {
  if (kind < SINGLES) {
    return CAPS[kind];
  }
  return half == 0 ? PAIR_A_CAP : PAIR_B_CAP;
}

static int pool_of(int kind) {
  return kind < SINGLES ? POOLS[kind] : PAIR_POOL;
}

static promo_catalog *race_catalog(promo_store *store, int epochs) {
  promo_catalog_builder *b = NULL;
  MUST(promo_catalog_builder_new(&b, NULL));
  MUST(promo_catalog_builder_set_store(b, store));
  for (int e = 0; e < epochs; e++) {
    for (int k = 0; k < KINDS; k++) {
      for (int half = 0; half < (k == SINGLES ? 2 : 1); half++) {
        char id[32];
        char code[32];
        campaign_id(id, sizeof id, e, k, half);
        code_of(code, sizeof code, e, k, half);
        promo_campaign *c = NULL;
        MUST(promo_catalog_builder_add_campaign(&c, b, id));
        MUST(promo_campaign_set_percent_bps(c, 1000));
        MUST(promo_campaign_set_max_redemptions(c, cap_of(k, half)));
        MUST(promo_campaign_add_code(c, code, strlen(code)));
      }
    }
  }
  promo_catalog *cat = NULL;
  MUST(promo_catalog_build(&cat, b));
  promo_catalog_builder_free(b);
  return cat;
}

/* One order per kind, reused: its id and codes change per operation and
 * epoch. The pair's order has two lines. */
static promo_order *kind_order(promo_catalog *cat, int kind) {
  promo_order *o = NULL;
  REQUIRE(promo_order_new(&o, cat));
  REQUIRE(promo_order_set_country(o, "NL"));
  REQUIRE(promo_order_set_currency(o, "EUR"));
  REQUIRE(promo_order_set_placed_at(o, test_utc(2026, 3, 15, 10, 0, 0)));
  REQUIRE(promo_order_add_line(NULL, o, "sub-0", "O365_E3", true,
                               PROMO_TERM_ANNUAL, 1, 1000));
  if (kind == SINGLES) {
    REQUIRE(promo_order_add_line(NULL, o, "sub-1", "O365_E3", true,
                                 PROMO_TERM_ANNUAL, 1, 1000));
  }
  return o;
}

static void set_codes(promo_order *o, int epoch, int kind) {
  for (int half = 0; half < (kind == SINGLES ? 2 : 1); half++) {
    char code[32];
    code_of(code, sizeof code, epoch, kind, half);
    REQUIRE(
        promo_order_set_line_promo_code(o, (size_t)half, code, strlen(code)));
  }
}

/* Reads the counts of every campaign the order of `kind` carries and checks
 * the cap; returns false on a violation. */
static bool within_caps(const race *r, int epoch, int kind) {
  for (int half = 0; half < (kind == SINGLES ? 2 : 1); half++) {
    char id[32];
    campaign_id(id, sizeof id, epoch, kind, half);
    promo_redemptions n = PROMO_REDEMPTIONS_INIT;
    if (promo_catalog_redemptions(&n, r->cat, id, NULL) != PROMO_OK ||
        n.redeemed + n.reserved > cap_of(kind, half) || n.reserved < 0) {
      return false;
    }
  }
  return true;
}

static uint64_t next_random(uint64_t *s) {
  *s ^= *s << 13;
  *s ^= *s >> 7;
  *s ^= *s << 17;
  return *s;
}

typedef struct worker {
  race *r;
  int thread;
} worker;

static void set_id(promo_order *o, const char *prefix, int epoch, long n) {
  char id[48];
  snprintf(id, sizeof id, "%s-%d-%ld", prefix, epoch, n);
  if (promo_order_set_id(o, id) != PROMO_OK) {
    abort();
  }
  promo_order_set_completed(o, false);
}

/* One epoch of one thread: commits of pool orders (70 %), reservations of
 * pool orders (10 %) and of orders that never commit (10 %), releases of
 * either (10 %). */
static void race_epoch(worker *w, promo_order **orders, int epoch,
                       uint64_t *seed) {
  race *r = w->r;
  long commits = 0;
  long ops = 0;
  long last_reserver = -1;
  while (commits < r->commits_per_epoch) {
    int kind = (int)(next_random(seed) % KINDS);
    promo_order *o = orders[kind];
    long idx = (long)(next_random(seed) % (uint64_t)pool_of(kind));
    unsigned roll = (unsigned)(next_random(seed) % 100);
    promo_status st = PROMO_OK;
    if (roll < 70) {
      set_id(o, "pool", epoch, idx);
      st = promo_order_complete(o);
      commits++;
      if (st == PROMO_OK) {
        atomic_store(&r->ok[kind][idx], 1);
      }
    } else if (roll < 80) {
      set_id(o, "pool", epoch, idx);
      st = promo_order_reserve(o, TTL);
    } else if (roll < 90) {
      last_reserver = ops;
      char prefix[16];
      snprintf(prefix, sizeof prefix, "hold%d", w->thread);
      set_id(o, prefix, epoch, last_reserver);
      st = promo_order_reserve(o, TTL);
    } else if (roll < 95 && last_reserver >= 0) {
      char prefix[16];
      snprintf(prefix, sizeof prefix, "hold%d", w->thread);
      set_id(o, prefix, epoch, last_reserver);
      st = promo_order_release(o);
    } else {
      set_id(o, "pool", epoch, idx);
      st = promo_order_release(o);
    }
    if ((st != PROMO_OK && st != PROMO_ERR_REDEMPTION_LIMIT) ||
        !within_caps(r, epoch, kind)) {
      atomic_fetch_add(&r->bad, 1);
    }
    if (++ops % 256 == 0) {
      atomic_fetch_add(&r->clock.now, 1); /* reservations expire */
    }
  }
  atomic_fetch_add(&r->commits, commits);
}

/* After an epoch's race: every reservation expires, every pool order is
 * offered once more, and the counts must be exactly min(cap, orders). */
static void settle_and_check(race *r, promo_order **orders, int epoch) {
  atomic_fetch_add(&r->clock.now, TTL + 1);
  for (int k = 0; k < KINDS; k++) {
    for (long idx = 0; idx < pool_of(k); idx++) {
      set_id(orders[k], "pool", epoch, idx);
      promo_status st = promo_order_complete(orders[k]);
      if (st == PROMO_OK) {
        atomic_store(&r->ok[k][idx], 1);
      } else if (st != PROMO_ERR_REDEMPTION_LIMIT) {
        atomic_fetch_add(&r->bad, 1);
      }
    }
    long distinct_ok = 0;
    for (long idx = 0; idx < pool_of(k); idx++) {
      distinct_ok += atomic_load(&r->ok[k][idx]);
    }
    for (int half = 0; half < (k == SINGLES ? 2 : 1); half++) {
      char id[32];
      campaign_id(id, sizeof id, epoch, k, half);
      promo_redemptions n = PROMO_REDEMPTIONS_INIT;
      REQUIRE(promo_catalog_redemptions(&n, r->cat, id, NULL));
      int64_t cap = k == SINGLES ? PAIR_A_CAP : cap_of(k, half);
      int64_t want = cap < pool_of(k) ? cap : pool_of(k);
      if (n.redeemed != want || n.reserved != 0 || n.redeemed != distinct_ok) {
        fprintf(stderr,
                "epoch %d campaign %s: redeemed %lld reserved %lld, want %lld; "
                "%ld order ids told ok\n",
                epoch, id, (long long)n.redeemed, (long long)n.reserved,
                (long long)want, distinct_ok);
        atomic_fetch_add(&r->bad, 1);
      }
    }
  }
}

static void *race_thread(void *arg) {
  worker *w = arg;
  race *r = w->r;
  promo_order *orders[KINDS];
  for (int k = 0; k < KINDS; k++) {
    orders[k] = kind_order(r->cat, k);
  }
  uint64_t seed = 0x9E3779B97F4A7C15u * (uint64_t)(w->thread + 1);
  for (int e = 0; e < r->epochs; e++) {
    for (int k = 0; k < KINDS; k++) {
      set_codes(orders[k], e, k);
    }
    race_epoch(w, orders, e, &seed);
    /* Everyone done racing; one thread checks; everyone goes on. */
    if (pthread_barrier_wait(&r->barrier) == PTHREAD_BARRIER_SERIAL_THREAD) {
      settle_and_check(r, orders, e);
      memset((void *)r->ok, 0, sizeof r->ok);
    }
    pthread_barrier_wait(&r->barrier);
  }
  for (int k = 0; k < KINDS; k++) {
    promo_order_free(orders[k]);
  }
  return NULL;
}

static const int THREAD_COUNTS[] = {2, 4, 8, 16};

START_TEST(r11_threads_racing_commits_count_exactly_min_of_cap_and_orders) {
  static race r; /* large: the ok flags */
  memset((void *)&r, 0, sizeof r);
  r.threads = THREAD_COUNTS[_i];
  long total = commits_wanted();
  long epochs = total / COMMITS_PER_EPOCH;
  r.epochs = epochs < 2 ? 2 : epochs > MAX_EPOCHS ? MAX_EPOCHS : (int)epochs;
  r.commits_per_epoch =
      (total + (long)r.epochs * r.threads - 1) / ((long)r.epochs * r.threads);
  atomic_store(&r.clock.now, T0);
  promo_store_memory_options options = PROMO_STORE_MEMORY_OPTIONS_INIT;
  options.clock = test_clock_now;
  options.clock_ctx = &r.clock;
  MUST(promo_store_new_memory(&r.store, &options));
  r.cat = race_catalog(r.store, r.epochs);
  ck_assert_int_eq(pthread_barrier_init(&r.barrier, NULL, (unsigned)r.threads),
                   0);
  pthread_t threads[MAX_THREADS];
  worker workers[MAX_THREADS];
  for (int t = 0; t < r.threads; t++) {
    workers[t].r = &r;
    workers[t].thread = t;
    ck_assert_int_eq(
        pthread_create(&threads[t], NULL, race_thread, &workers[t]), 0);
  }
  for (int t = 0; t < r.threads; t++) {
    ck_assert_int_eq(pthread_join(threads[t], NULL), 0);
  }
  pthread_barrier_destroy(&r.barrier);
  ck_assert_int_eq(atomic_load(&r.bad), 0);
  ck_assert_int_ge(atomic_load(&r.commits), total);
  promo_catalog_free(r.cat);
  promo_store_release(r.store);
}
END_TEST

int main(void) {
  Suite *s = suite_create("store_race");
  TCase *tc = tcase_create("threads");
  /* Slow under valgrind and ThreadSanitizer (which run fewer commits, see
   * PROMO_RACE_COMMITS); nothing here is timed. */
  tcase_set_timeout(tc, 900);
  tcase_add_loop_test(
      tc, r11_threads_racing_commits_count_exactly_min_of_cap_and_orders, 0,
      (int)(sizeof THREAD_COUNTS / sizeof THREAD_COUNTS[0]));
  suite_add_tcase(s, tc);
  return test_run_suite(s);
}
