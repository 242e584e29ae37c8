/* test_store_alloc.c - the in-memory store when allocations fail. For
 * N = 1, 2, ... the Nth allocation of the store (or of the catalog, for an
 * order's own bookkeeping) fails: each failure must be PROMO_ERR_NO_MEMORY
 * with a reason, change no count and no order, and leak nothing once the
 * store is freed, until N is large enough for the operation to succeed. */
#include "support.h"

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define MUST(call) ck_assert_int_eq((call), PROMO_OK)

/* More campaigns than an operation's 16 on-stack slots. */
#define CAMPAIGNS 20
#define T0 INT64_C(1800000000)

static test_clock clock_;

/* ---- fixture ------------------------------------------------------------- */

typedef struct world {
  test_alloc sa; /* the store's allocator */
  test_alloc ca; /* the catalog's (and its orders') */
  promo_store *store;
  promo_catalog *cat;
} world;

/* Campaigns c00 ... c19 with codes C00 ... C19, at most 50 redemptions
 * each, and "open" (OPEN) without a cap. */
static void world_new(world *w) {
  test_alloc_init(&w->sa, 0);
  test_alloc_init(&w->ca, 0);
  atomic_store(&clock_.now, T0);
  promo_store_memory_options options = PROMO_STORE_MEMORY_OPTIONS_INIT;
  options.allocator = &w->sa.allocator;
  options.clock = test_clock_now;
  options.clock_ctx = &clock_;
  w->store = NULL;
  MUST(promo_store_new_memory(&w->store, &options));
  promo_catalog_builder *b = NULL;
  MUST(promo_catalog_builder_new(&b, &w->ca.allocator));
  MUST(promo_catalog_builder_set_store(b, w->store));
  for (int i = 0; i <= CAMPAIGNS; i++) {
    char id[8];
    char code[8];
    snprintf(id, sizeof id, i == CAMPAIGNS ? "open" : "c%02d", i);
    snprintf(code, sizeof code, i == CAMPAIGNS ? "OPEN" : "C%02d", i);
    promo_campaign *c = NULL;
    MUST(promo_catalog_builder_add_campaign(&c, b, id));
    MUST(promo_campaign_set_percent_bps(c, 1000));
    if (i < CAMPAIGNS) {
      MUST(promo_campaign_set_max_redemptions(c, 50));
    }
    MUST(promo_campaign_add_code(c, code, strlen(code)));
  }
  MUST(promo_catalog_build(&w->cat, b));
  promo_catalog_builder_free(b);
}

static void world_free(world *w) {
  promo_catalog_free(w->cat);
  promo_store_release(w->store);
  ck_assert_int_eq(w->sa.live, 0);
  ck_assert_int_eq(w->ca.live, 0);
}

/* An order `id` whose lines carry the codes of campaigns `first` up to
 * `first + lines - 1` (C00 ... C19, then OPEN). */
static promo_order *order_of(const world *w, const char *id, int first,
                             int lines) {
  promo_order *o = NULL;
  MUST(promo_order_new(&o, w->cat));
  MUST(promo_order_set_id(o, id));
  MUST(promo_order_set_country(o, "NL"));
  MUST(promo_order_set_currency(o, "EUR"));
  MUST(promo_order_set_placed_at(o, test_utc(2026, 3, 15, 10, 0, 0)));
  for (int i = 0; i < lines; i++) {
    char sub[16];
    char code[8];
    int k = first + i;
    snprintf(sub, sizeof sub, "sub-%d", i);
    snprintf(code, sizeof code, k == CAMPAIGNS ? "OPEN" : "C%02d", k);
    MUST(promo_order_add_line(NULL, o, sub, "O365_E3", true, PROMO_TERM_ANNUAL,
                              1, 1000));
    MUST(promo_order_set_line_promo_code(o, (size_t)i, code, strlen(code)));
  }
  return o;
}

/* Every count of every campaign, and the order's completed flag. */
typedef struct snapshot {
  int64_t redeemed[CAMPAIGNS + 1];
  int64_t reserved[CAMPAIGNS + 1];
  bool completed;
} snapshot;

static snapshot snap(const world *w, const promo_order *o) {
  snapshot s;
  memset(&s, 0, sizeof s);
  for (int i = 0; i <= CAMPAIGNS; i++) {
    char id[8];
    snprintf(id, sizeof id, i == CAMPAIGNS ? "open" : "c%02d", i);
    promo_redemptions r = PROMO_REDEMPTIONS_INIT;
    MUST(promo_catalog_redemptions(&r, w->cat, id, NULL));
    s.redeemed[i] = r.redeemed;
    s.reserved[i] = r.reserved;
  }
  s.completed = promo_order_completed(o);
  return s;
}

static void assert_same(const snapshot *a, const snapshot *b) {
  for (int i = 0; i <= CAMPAIGNS; i++) {
    ck_assert_int_eq(a->redeemed[i], b->redeemed[i]);
    ck_assert_int_eq(a->reserved[i], b->reserved[i]);
  }
  ck_assert(a->completed == b->completed);
}

/* What happens before the operation under test. */
typedef void (*setup_fn)(world *w);
typedef promo_status (*op_fn)(promo_order *o);

static promo_status op_reserve(promo_order *o) {
  return promo_order_reserve(o, 60);
}

/* Runs the loop on one world: `setup`, then `op` on an order `id` carrying
 * `lines` codes from campaign `first`, with the Nth allocation of the store
 * (or, when `fail_catalog`, of the catalog) failing, for N = 1, 2, ...
 * until it succeeds. A failure changes nothing, so the same world serves
 * the next N. Returns the snapshot after the success; *failures counts
 * the failed calls. The world is freed: nothing may leak. */
static snapshot alloc_loop(setup_fn setup, op_fn op, int first, int lines,
                           bool fail_catalog, long *failures) {
  world w;
  world_new(&w);
  if (setup != NULL) {
    setup(&w);
  }
  promo_order *o = order_of(&w, "order-x", first, lines);
  snapshot before = snap(&w, o);
  test_alloc *failing = fail_catalog ? &w.ca : &w.sa;
  *failures = 0;
  promo_status st = PROMO_ERR_NO_MEMORY;
  for (long n = 1; st == PROMO_ERR_NO_MEMORY && n < 10000; n++) {
    failing->fail_at = failing->calls + n;
    st = op(o);
    failing->fail_at = 0;
    if (st == PROMO_ERR_NO_MEMORY) {
      ck_assert_str_eq(promo_order_error(o), "out of memory");
      snapshot now = snap(&w, o);
      assert_same(&before, &now);
      (*failures)++;
    }
  }
  MUST(st);
  snapshot after = snap(&w, o);
  promo_order_free(o);
  world_free(&w);
  return after;
}

/* ---- tests --------------------------------------------------------------- */

START_TEST(alloc_memory_store_new_fails_cleanly) {
  long failures = 0;
  for (long n = 1; n < 100; n++) {
    test_alloc sa;
    test_alloc_init(&sa, n);
    promo_store_memory_options options = PROMO_STORE_MEMORY_OPTIONS_INIT;
    options.allocator = &sa.allocator;
    promo_store *store = NULL;
    promo_status st = promo_store_new_memory(&store, &options);
    if (st == PROMO_ERR_NO_MEMORY) {
      ck_assert_ptr_null(store);
      ck_assert_int_eq(sa.live, 0);
      failures++;
      continue;
    }
    MUST(st);
    promo_store_release(store);
    ck_assert_int_eq(sa.live, 0);
    break;
  }
  /* The store's state and its handle. */
  ck_assert_int_eq(failures, 2);
}
END_TEST

START_TEST(alloc_reserve_in_twenty_new_campaigns_holds_nothing_until_done) {
  long failures = 0;
  snapshot after =
      alloc_loop(NULL, op_reserve, 0, CAMPAIGNS + 1, false, &failures);
  for (int i = 0; i <= CAMPAIGNS; i++) {
    ck_assert_int_eq(after.reserved[i], 1);
  }
  /* The plans, the index as it grows, then per campaign itself and its
   * id, and per claim the claim, its copy of the order id, the table and
   * the heap: at least one failure for each campaign (the campaigns a
   * failed call made stay, empty, for the next). */
  ck_assert_int_ge(failures, CAMPAIGNS + 1);
}
END_TEST

static promo_status op_complete(promo_order *o) {
  return promo_order_complete(o);
}

START_TEST(alloc_commit_in_twenty_new_campaigns_counts_nothing_until_done) {
  long failures = 0;
  snapshot after =
      alloc_loop(NULL, op_complete, 0, CAMPAIGNS + 1, false, &failures);
  for (int i = 0; i <= CAMPAIGNS; i++) {
    ck_assert_int_eq(after.redeemed[i], 1);
  }
  ck_assert(after.completed);
  ck_assert_int_ge(failures, CAMPAIGNS + 1);
}
END_TEST

/* Orders p-0 ... p-<k-1> reserve C00 and OPEN first, so that the order
 * under test lands on every size of the campaigns' tables and heaps. */
static int prior_count;

static void prior_reservations(world *w) {
  for (int i = 0; i < prior_count; i++) {
    char id[16];
    snprintf(id, sizeof id, "p-%d", i);
    promo_order *o = order_of(w, id, CAMPAIGNS - 1, 2); /* c19 and OPEN */
    MUST(i % 2 == 0 ? promo_order_reserve(o, 60) : promo_order_complete(o));
    promo_order_free(o);
  }
}

START_TEST(alloc_growing_order_tables_and_expiry_heaps_fail_cleanly) {
  /* Up to 14 earlier orders: the tables grow at 7 and 13 entries, the
   * heaps at 5 and 9. */
  for (prior_count = 0; prior_count <= 14; prior_count++) {
    long failures = 0;
    snapshot after = alloc_loop(prior_reservations, op_reserve, CAMPAIGNS - 1,
                                2, false, &failures);
    ck_assert_int_eq(after.reserved[CAMPAIGNS - 1], (prior_count + 1) / 2 + 1);
    ck_assert_int_eq(after.redeemed[CAMPAIGNS - 1], prior_count / 2);
    ck_assert_int_ge(failures, 1);
  }
}
END_TEST

static void reserve_all(world *w) {
  promo_order *o = order_of(w, "order-x", 0, CAMPAIGNS + 1);
  MUST(promo_order_reserve(o, 60));
  promo_order_free(o);
}

static void commit_all(world *w) {
  promo_order *o = order_of(w, "order-x", 0, CAMPAIGNS + 1);
  MUST(promo_order_complete(o));
  promo_order_free(o);
}

static promo_status op_release(promo_order *o) {
  return promo_order_release(o);
}

static promo_status op_refund(promo_order *o) {
  return promo_order_refund(o);
}

START_TEST(alloc_release_and_refund_of_twenty_campaigns_fail_cleanly) {
  long failures = 0;
  snapshot after =
      alloc_loop(reserve_all, op_release, 0, CAMPAIGNS + 1, false, &failures);
  /* Only the plans of more than 16 campaigns are allocated. */
  ck_assert_int_eq(failures, 1);
  for (int i = 0; i <= CAMPAIGNS; i++) {
    ck_assert_int_eq(after.reserved[i], 0);
  }
  after = alloc_loop(commit_all, op_refund, 0, CAMPAIGNS + 1, false, &failures);
  ck_assert_int_eq(failures, 1);
  for (int i = 0; i <= CAMPAIGNS; i++) {
    ck_assert_int_eq(after.redeemed[i], 0);
  }
}
END_TEST

START_TEST(alloc_an_orders_own_list_of_campaigns_fails_cleanly) {
  /* More lines than 16: the order's list of campaigns is allocated with
   * the catalog's allocator, once per operation. */
  op_fn ops[] = {op_reserve, op_complete, op_release, op_refund};
  setup_fn setups[] = {NULL, NULL, reserve_all, commit_all};
  for (size_t i = 0; i < 4; i++) {
    long failures = 0;
    (void)alloc_loop(setups[i], ops[i], 0, CAMPAIGNS + 1, true, &failures);
    ck_assert_int_eq(failures, 1);
  }
}
END_TEST

int main(void) {
  Suite *s = suite_create("store_alloc");
  TCase *tc = tcase_create("no_memory");
  /* Thousands of small worlds; slow under valgrind, nothing is timed. */
  tcase_set_timeout(tc, 600);
  tcase_add_test(tc, alloc_memory_store_new_fails_cleanly);
  tcase_add_test(
      tc, alloc_reserve_in_twenty_new_campaigns_holds_nothing_until_done);
  tcase_add_test(
      tc, alloc_commit_in_twenty_new_campaigns_counts_nothing_until_done);
  tcase_add_test(tc, alloc_growing_order_tables_and_expiry_heaps_fail_cleanly);
  tcase_add_test(tc, alloc_release_and_refund_of_twenty_campaigns_fail_cleanly);
  tcase_add_test(tc, alloc_an_orders_own_list_of_campaigns_fails_cleanly);
  suite_add_tcase(s, tc);
  return test_run_suite(s);
}
