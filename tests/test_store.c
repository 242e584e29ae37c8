/* test_store.c - R11 in a store: reserve, commit, release and refund per
 * campaign id and order id, with the in-memory store on a clock the test
 * sets; counts that outlive a catalog; a host's own backend; and
 * store_unavailable, which never counts anything. */
#include "support.h"

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define MUST(call) ck_assert_int_eq((call), PROMO_OK)

#define T0 INT64_C(1800000000)

/* ---- fixture ------------------------------------------------------------- */

static test_clock clock_;

static promo_store *memory_store(void) {
  atomic_store(&clock_.now, T0);
  promo_store_memory_options options = PROMO_STORE_MEMORY_OPTIONS_INIT;
  options.clock = test_clock_now;
  options.clock_ctx = &clock_;
  promo_store *store = NULL;
  MUST(promo_store_new_memory(&store, &options));
  return store;
}

static void tick(int64_t seconds) {
  atomic_fetch_add(&clock_.now, seconds);
}

/* "once": 1 redemption; "two": 2; "open": no cap; "other": 5. `first_id`
 * renames "once", for catalogs that are edited. */
static promo_catalog *catalog_named(promo_store *store, const char *once_id) {
  promo_catalog_builder *b = NULL;
  promo_campaign *c = NULL;
  MUST(promo_catalog_builder_new(&b, NULL));
  if (store != NULL) {
    MUST(promo_catalog_builder_set_store(b, store));
  }
  static const struct {
    const char *id;
    const char *code;
    int64_t max;
  } rows[] = {{"two", "TWO", 2},
              {"once", "ONCE", 1},
              {"open", "OPEN", 0},
              {"other", "OTHER", 5}};
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    const char *id = strcmp(rows[i].id, "once") == 0 ? once_id : rows[i].id;
    MUST(promo_catalog_builder_add_campaign(&c, b, id));
    MUST(promo_campaign_set_percent_bps(c, 1000));
    if (rows[i].max > 0) {
      MUST(promo_campaign_set_max_redemptions(c, rows[i].max));
    }
    MUST(promo_campaign_add_code(c, rows[i].code, strlen(rows[i].code)));
  }
  promo_catalog *cat = NULL;
  MUST(promo_catalog_build(&cat, b));
  promo_catalog_builder_free(b);
  return cat;
}

static promo_catalog *store_catalog(promo_store *store) {
  return catalog_named(store, "once");
}

/* An NL/EUR order `id` with one new line per code, each carrying it. */
static promo_order *order_carrying(promo_catalog *cat, const char *id,
                                   const char *const *codes, size_t n) {
  promo_order *o = NULL;
  MUST(promo_order_new(&o, cat));
  if (id != NULL) {
    MUST(promo_order_set_id(o, id));
  }
  MUST(promo_order_set_country(o, "NL"));
  MUST(promo_order_set_currency(o, "EUR"));
  MUST(promo_order_set_placed_at(o, test_utc(2026, 3, 15, 10, 0, 0)));
  for (size_t i = 0; i < n; i++) {
    char sub[32];
    snprintf(sub, sizeof sub, "sub-%zu", i);
    MUST(promo_order_add_line(NULL, o, sub, "O365_E3", true, PROMO_TERM_ANNUAL,
                              1, 1000));
    if (codes[i] != NULL) {
      MUST(promo_order_set_line_promo_code(o, i, codes[i], strlen(codes[i])));
    }
  }
  return o;
}

static promo_order *order_with(promo_catalog *cat, const char *id,
                               const char *code) {
  return order_carrying(cat, id, &code, 1);
}

/* An order `id` with one new line and no code yet. */
static promo_order *fresh_order(promo_catalog *cat, const char *id) {
  static const char *const none[] = {NULL};
  return order_carrying(cat, id, none, 1);
}

static promo_redemptions counts(promo_catalog *cat, const char *id) {
  promo_redemptions r = PROMO_REDEMPTIONS_INIT;
  MUST(promo_catalog_redemptions(&r, cat, id, NULL));
  return r;
}

static void assert_counts(promo_catalog *cat, const char *id, int64_t redeemed,
                          int64_t reserved) {
  promo_redemptions r = counts(cat, id);
  ck_assert_int_eq(r.redeemed, redeemed);
  ck_assert_int_eq(r.reserved, reserved);
}

/* Applies `code` to a new order `id`; returns the status. */
static promo_status apply_new(promo_catalog *cat, const char *id,
                              const char *code) {
  promo_order *o = fresh_order(cat, id);
  promo_status st = promo_apply(NULL, o, code, strlen(code), NULL);
  promo_order_free(o);
  return st;
}

/* ---- reservations -------------------------------------------------------- */

START_TEST(r11_a_reservation_holds_a_slot_against_other_orders) {
  promo_store *store = memory_store();
  promo_catalog *cat = store_catalog(store);
  promo_order *o = order_with(cat, "order-1", "ONCE");
  MUST(promo_order_reserve(o, 60));
  assert_counts(cat, "once", 0, 1);
  /* Another order: refused by apply and by reserve and complete. */
  ck_assert_int_eq(apply_new(cat, "order-2", "ONCE"),
                   PROMO_ERR_REDEMPTION_LIMIT);
  promo_order *other = order_with(cat, "order-2", "ONCE");
  ck_assert_int_eq(promo_order_reserve(other, 60), PROMO_ERR_REDEMPTION_LIMIT);
  ck_assert_str_eq(promo_order_error(other),
                   "campaign 'once' has no free slot: 0 of 1 redeemed, 1 "
                   "reserved");
  ck_assert_int_eq(promo_order_complete(other), PROMO_ERR_REDEMPTION_LIMIT);
  ck_assert(!promo_order_completed(other));
  /* The order holding it applies and completes. */
  ck_assert_int_eq(apply_new(cat, "order-1", "ONCE"), PROMO_OK);
  MUST(promo_order_complete(o));
  assert_counts(cat, "once", 1, 0);
  promo_order_free(other);
  promo_order_free(o);
  promo_catalog_free(cat);
  promo_store_release(store);
}
END_TEST

START_TEST(r11_an_expired_reservation_frees_its_slot_without_a_sweeper) {
  promo_store *store = memory_store();
  promo_catalog *cat = store_catalog(store);
  promo_order *o = order_with(cat, "order-1", "ONCE");
  MUST(promo_order_reserve(o, 60));
  tick(59);
  assert_counts(cat, "once", 0, 1);
  ck_assert_int_eq(apply_new(cat, "order-2", "ONCE"),
                   PROMO_ERR_REDEMPTION_LIMIT);
  /* Live while now < reserved + ttl: gone at exactly the ttl. */
  tick(1);
  assert_counts(cat, "once", 0, 0);
  ck_assert_int_eq(apply_new(cat, "order-2", "ONCE"), PROMO_OK);
  promo_order *late = order_with(cat, "order-2", "ONCE");
  MUST(promo_order_complete(late));
  /* The first order's payment outlived its reservation: the slot is gone. */
  ck_assert_int_eq(promo_order_complete(o), PROMO_ERR_REDEMPTION_LIMIT);
  assert_counts(cat, "once", 1, 0);
  promo_order_free(late);
  promo_order_free(o);
  promo_catalog_free(cat);
  promo_store_release(store);
}
END_TEST

START_TEST(r11_an_expired_reservation_commits_if_a_slot_is_still_free) {
  promo_store *store = memory_store();
  promo_catalog *cat = store_catalog(store);
  promo_order *o = order_with(cat, "order-1", "ONCE");
  MUST(promo_order_reserve(o, 10));
  tick(3600);
  MUST(promo_order_complete(o));
  assert_counts(cat, "once", 1, 0);
  promo_order_free(o);
  promo_catalog_free(cat);
  promo_store_release(store);
}
END_TEST

START_TEST(r11_reserving_again_renews_the_reservation_from_now) {
  promo_store *store = memory_store();
  promo_catalog *cat = store_catalog(store);
  promo_order *o = order_with(cat, "order-1", "ONCE");
  MUST(promo_order_reserve(o, 60));
  tick(50);
  MUST(promo_order_reserve(o, 60));
  assert_counts(cat, "once", 0, 1);
  tick(50); /* 100 s after the first reservation, 50 after the second */
  assert_counts(cat, "once", 0, 1);
  ck_assert_int_eq(apply_new(cat, "order-2", "ONCE"),
                   PROMO_ERR_REDEMPTION_LIMIT);
  tick(10);
  assert_counts(cat, "once", 0, 0);
  promo_order_free(o);
  promo_catalog_free(cat);
  promo_store_release(store);
}
END_TEST

START_TEST(r11_reservations_never_push_past_the_cap) {
  promo_store *store = memory_store();
  promo_catalog *cat = store_catalog(store);
  promo_order *a = order_with(cat, "order-a", "TWO");
  promo_order *b = order_with(cat, "order-b", "TWO");
  promo_order *c = order_with(cat, "order-c", "TWO");
  MUST(promo_order_complete(a));
  MUST(promo_order_reserve(b, 60));
  ck_assert_int_eq(promo_order_reserve(c, 60), PROMO_ERR_REDEMPTION_LIMIT);
  assert_counts(cat, "two", 1, 1);
  /* Released: c's turn. */
  MUST(promo_order_release(b));
  assert_counts(cat, "two", 1, 0);
  MUST(promo_order_reserve(c, 60));
  assert_counts(cat, "two", 1, 1);
  promo_order_free(a);
  promo_order_free(b);
  promo_order_free(c);
  promo_catalog_free(cat);
  promo_store_release(store);
}
END_TEST

START_TEST(r11_release_frees_a_reservation_never_a_redemption) {
  promo_store *store = memory_store();
  promo_catalog *cat = store_catalog(store);
  promo_order *o = order_with(cat, "order-1", "TWO");
  /* Nothing to release: fine, and idempotent. */
  MUST(promo_order_release(o));
  MUST(promo_order_reserve(o, 60));
  MUST(promo_order_release(o));
  MUST(promo_order_release(o));
  assert_counts(cat, "two", 0, 0);
  MUST(promo_order_complete(o));
  MUST(promo_order_release(o));
  assert_counts(cat, "two", 1, 0);
  promo_order_free(o);
  promo_catalog_free(cat);
  promo_store_release(store);
}
END_TEST

START_TEST(r11_reserving_a_counted_order_leaves_it_counted) {
  promo_store *store = memory_store();
  promo_catalog *cat = store_catalog(store);
  promo_order *o = order_with(cat, "order-1", "ONCE");
  MUST(promo_order_complete(o));
  /* A second order object with the same id, not completed. */
  promo_order *again = order_with(cat, "order-1", "ONCE");
  MUST(promo_order_reserve(again, 60));
  assert_counts(cat, "once", 1, 0);
  /* A completed order holds its redemption: reserving it is a no-op. */
  MUST(promo_order_reserve(o, 60));
  assert_counts(cat, "once", 1, 0);
  promo_order_free(again);
  promo_order_free(o);
  promo_catalog_free(cat);
  promo_store_release(store);
}
END_TEST

/* ---- commit and refund --------------------------------------------------- */

START_TEST(r11_commit_turns_the_reservation_into_the_redemption_at_the_cap) {
  promo_store *store = memory_store();
  promo_catalog *cat = store_catalog(store);
  promo_order *a = order_with(cat, "order-a", "TWO");
  promo_order *b = order_with(cat, "order-b", "TWO");
  MUST(promo_order_reserve(a, 60));
  MUST(promo_order_reserve(b, 60));
  assert_counts(cat, "two", 0, 2);
  MUST(promo_order_complete(a));
  assert_counts(cat, "two", 1, 1);
  MUST(promo_order_complete(b));
  assert_counts(cat, "two", 2, 0);
  promo_order_free(a);
  promo_order_free(b);
  promo_catalog_free(cat);
  promo_store_release(store);
}
END_TEST

START_TEST(r11_commit_is_idempotent_per_order_id) {
  promo_store *store = memory_store();
  promo_catalog *cat = store_catalog(store);
  promo_order *o = order_with(cat, "order-1", "TWO");
  MUST(promo_order_complete(o));
  /* The same order id again, from another order object (a retry after a
   * lost answer): the same answer, counted once. */
  for (int i = 0; i < 3; i++) {
    promo_order *retry = order_with(cat, "order-1", "TWO");
    MUST(promo_order_complete(retry));
    ck_assert(promo_order_completed(retry));
    promo_order_free(retry);
  }
  assert_counts(cat, "two", 1, 0);
  promo_order_free(o);
  promo_catalog_free(cat);
  promo_store_release(store);
}
END_TEST

START_TEST(r11_refund_brings_the_slot_back_and_the_order_may_commit_again) {
  promo_store *store = memory_store();
  promo_catalog *cat = store_catalog(store);
  promo_order *o = order_with(cat, "order-1", "ONCE");
  MUST(promo_order_complete(o));
  ck_assert_int_eq(apply_new(cat, "order-2", "ONCE"),
                   PROMO_ERR_REDEMPTION_LIMIT);
  MUST(promo_order_refund(o));
  ck_assert(!promo_order_completed(o));
  assert_counts(cat, "once", 0, 0);
  /* Refunding again: nothing left to refund, the same answer. */
  MUST(promo_order_refund(o));
  assert_counts(cat, "once", 0, 0);
  ck_assert_int_eq(apply_new(cat, "order-2", "ONCE"), PROMO_OK);
  /* The refunded order completes again and counts once more. */
  MUST(promo_order_complete(o));
  assert_counts(cat, "once", 1, 0);
  promo_order_free(o);
  promo_catalog_free(cat);
  promo_store_release(store);
}
END_TEST

START_TEST(r11_refund_leaves_a_mere_reservation_and_unknown_orders_alone) {
  promo_store *store = memory_store();
  promo_catalog *cat = store_catalog(store);
  promo_order *o = order_with(cat, "order-1", "TWO");
  MUST(promo_order_refund(o));
  MUST(promo_order_reserve(o, 60));
  MUST(promo_order_refund(o));
  assert_counts(cat, "two", 0, 1);
  promo_order_free(o);
  promo_catalog_free(cat);
  promo_store_release(store);
}
END_TEST

START_TEST(r11_reserve_and_commit_are_all_or_nothing_across_campaigns) {
  promo_store *store = memory_store();
  promo_catalog *cat = store_catalog(store);
  promo_order *first = order_with(cat, "order-1", "ONCE");
  MUST(promo_order_reserve(first, 60));
  static const char *const codes[] = {"OTHER", "TWO", "ONCE", "OPEN"};
  promo_order *o = order_carrying(cat, "order-2", codes, 4);
  ck_assert_int_eq(promo_order_reserve(o, 60), PROMO_ERR_REDEMPTION_LIMIT);
  ck_assert_int_eq(promo_order_complete(o), PROMO_ERR_REDEMPTION_LIMIT);
  assert_counts(cat, "other", 0, 0);
  assert_counts(cat, "two", 0, 0);
  assert_counts(cat, "open", 0, 0);
  assert_counts(cat, "once", 0, 1);
  /* Once the slot is free, all four at once. */
  MUST(promo_order_release(first));
  MUST(promo_order_reserve(o, 60));
  assert_counts(cat, "other", 0, 1);
  assert_counts(cat, "open", 0, 1);
  MUST(promo_order_complete(o));
  assert_counts(cat, "other", 1, 0);
  assert_counts(cat, "two", 1, 0);
  assert_counts(cat, "once", 1, 0);
  assert_counts(cat, "open", 1, 0);
  MUST(promo_order_refund(o));
  assert_counts(cat, "other", 0, 0);
  assert_counts(cat, "once", 0, 0);
  assert_counts(cat, "open", 0, 0);
  promo_order_free(o);
  promo_order_free(first);
  promo_catalog_free(cat);
  promo_store_release(store);
}
END_TEST

START_TEST(r11_an_uncapped_campaign_remembers_its_orders_for_the_retention) {
  atomic_store(&clock_.now, T0);
  promo_store_memory_options options = PROMO_STORE_MEMORY_OPTIONS_INIT;
  options.clock = test_clock_now;
  options.clock_ctx = &clock_;
  options.uncapped_retention = 100;
  promo_store *store = NULL;
  MUST(promo_store_new_memory(&store, &options));
  promo_catalog *cat = store_catalog(store);
  promo_order *o = order_with(cat, "order-1", "OPEN");
  MUST(promo_order_complete(o));
  tick(99);
  promo_order *retry = order_with(cat, "order-1", "OPEN");
  MUST(promo_order_complete(retry));
  assert_counts(cat, "open", 1, 0);
  /* Past the retention the count stays, and the order is forgotten: a
   * complete retried that late counts again, a refund finds nothing. */
  tick(1);
  assert_counts(cat, "open", 1, 0);
  MUST(promo_order_refund(o));
  assert_counts(cat, "open", 1, 0);
  promo_order *late = order_with(cat, "order-1", "OPEN");
  MUST(promo_order_complete(late));
  assert_counts(cat, "open", 2, 0);
  promo_order_free(late);
  promo_order_free(retry);
  promo_order_free(o);
  promo_catalog_free(cat);
  promo_store_release(store);
}
END_TEST

START_TEST(r11_a_capped_campaign_remembers_its_orders_until_refunded) {
  promo_store *store = memory_store();
  promo_catalog *cat = store_catalog(store);
  promo_order *o = order_with(cat, "order-1", "TWO");
  MUST(promo_order_complete(o));
  tick(INT64_C(10) * 365 * 86400);
  promo_order *retry = order_with(cat, "order-1", "TWO");
  MUST(promo_order_complete(retry));
  assert_counts(cat, "two", 1, 0);
  MUST(promo_order_refund(retry));
  assert_counts(cat, "two", 0, 0);
  promo_order_free(retry);
  promo_order_free(o);
  promo_catalog_free(cat);
  promo_store_release(store);
}
END_TEST

/* ---- the store outlives catalogs ----------------------------------------- */

START_TEST(r11_a_catalog_rebuilt_with_the_same_store_keeps_the_counts) {
  promo_store *store = memory_store();
  promo_catalog *cat = store_catalog(store);
  promo_order *o = order_with(cat, "order-1", "ONCE");
  MUST(promo_order_complete(o));
  promo_order_free(o);
  promo_catalog_free(cat);
  /* Reloaded: the count is there, the cap holds. */
  promo_catalog *reloaded = store_catalog(store);
  assert_counts(reloaded, "once", 1, 0);
  ck_assert_int_eq(apply_new(reloaded, "order-2", "ONCE"),
                   PROMO_ERR_REDEMPTION_LIMIT);
  /* Edited: "once" renamed, so it is another campaign with its own count;
   * the other campaigns (in other positions) keep theirs. */
  promo_order *t = order_with(reloaded, "order-3", "TWO");
  MUST(promo_order_complete(t));
  promo_catalog *edited = catalog_named(store, "once-v2");
  assert_counts(edited, "once-v2", 0, 0);
  assert_counts(edited, "two", 1, 0);
  ck_assert_int_eq(apply_new(edited, "order-2", "ONCE"), PROMO_OK);
  promo_order_free(t);
  promo_catalog_free(edited);
  promo_catalog_free(reloaded);
  promo_store_release(store);
}
END_TEST

START_TEST(r11_catalogs_without_a_store_each_count_apart) {
  promo_catalog *a = store_catalog(NULL);
  promo_catalog *b = store_catalog(NULL);
  promo_order *o = order_with(a, "order-1", "ONCE");
  MUST(promo_order_complete(o));
  assert_counts(a, "once", 1, 0);
  assert_counts(b, "once", 0, 0);
  ck_assert_ptr_ne(promo_catalog_store(a), promo_catalog_store(b));
  ck_assert_ptr_null(promo_catalog_store(NULL));
  promo_order_free(o);
  promo_catalog_free(a);
  promo_catalog_free(b);
}
END_TEST

START_TEST(r11_a_builder_keeps_its_store_for_every_build) {
  promo_store *store = memory_store();
  promo_catalog_builder *b = NULL;
  promo_campaign *c = NULL;
  MUST(promo_catalog_builder_new(&b, NULL));
  MUST(promo_catalog_builder_set_store(b, store));
  promo_catalog *cats[2];
  for (int i = 0; i < 2; i++) {
    MUST(promo_catalog_builder_add_campaign(&c, b, "once"));
    MUST(promo_campaign_set_percent_bps(c, 1000));
    MUST(promo_campaign_set_max_redemptions(c, 1));
    MUST(promo_campaign_add_code(c, "ONCE", 4));
    MUST(promo_catalog_build(&cats[i], b));
    ck_assert_ptr_eq(promo_catalog_store(cats[i]), store);
  }
  /* The store lives while a catalog holds it. */
  promo_store_release(store);
  promo_catalog_builder_free(b);
  promo_order *o = order_with(cats[0], "order-1", "ONCE");
  MUST(promo_order_complete(o));
  assert_counts(cats[1], "once", 1, 0);
  promo_order_free(o);
  promo_catalog_free(cats[0]);
  promo_catalog_free(cats[1]);
  /* Setting NULL goes back to a private store per build. */
  MUST(promo_catalog_builder_new(&b, NULL));
  MUST(promo_catalog_builder_set_store(b, NULL));
  ck_assert_int_eq(promo_catalog_builder_set_store(NULL, NULL),
                   PROMO_ERR_INVALID_ARGUMENT);
  promo_catalog_builder_free(b);
}
END_TEST

/* ---- apply, then reserve or complete ------------------------------------- */

START_TEST(r11_apply_then_reserve_holds_the_slot_in_the_same_call) {
  promo_store *store = memory_store();
  promo_catalog *cat = store_catalog(store);
  promo_apply_options options = PROMO_APPLY_OPTIONS_INIT;
  options.then = PROMO_THEN_RESERVE;
  options.reserve_ttl = 60;
  promo_order *o = fresh_order(cat, "order-1");
  MUST(promo_apply(NULL, o, "ONCE", 4, &options));
  ck_assert_str_eq(promo_order_line_promo_code(o, 0), "ONCE");
  assert_counts(cat, "once", 0, 1);
  MUST(promo_order_complete(o));
  assert_counts(cat, "once", 1, 0);
  promo_order_free(o);
  promo_catalog_free(cat);
  promo_store_release(store);
}
END_TEST

/* A host validator that takes the last slot for another order between R11's
 * read and the apply's write: the race apply-then-reserve closes. */
static promo_status steal_the_slot(void *user_data, const promo_order *order,
                                   const char *campaign_id, char *reason,
                                   size_t reason_size) {
  (void)order;
  (void)campaign_id;
  (void)reason;
  (void)reason_size;
  promo_order *thief = user_data;
  return promo_order_complete(thief);
}

START_TEST(r11_apply_then_complete_refused_by_the_store_changes_nothing) {
  promo_store *store = memory_store();
  promo_catalog *cat = store_catalog(store);
  promo_order *thief = order_with(cat, "order-thief", "ONCE");
  promo_validator v = {"thief", steal_the_slot, NULL, thief};
  promo_apply_options options = PROMO_APPLY_OPTIONS_INIT;
  options.validators = &v;
  options.validator_count = 1;
  options.then = PROMO_THEN_COMPLETE;
  promo_order *o = fresh_order(cat, "order-1");
  promo_result *r = NULL;
  MUST(promo_result_new(&r, NULL));
  ck_assert_int_eq(promo_apply(r, o, "ONCE", 4, &options),
                   PROMO_ERR_REDEMPTION_LIMIT);
  ck_assert_int_eq(promo_result_status(r), PROMO_ERR_REDEMPTION_LIMIT);
  ck_assert_int_eq(promo_result_discount(r), 0);
  ck_assert_int_eq(promo_result_line_status(r, 0), PROMO_ERR_REDEMPTION_LIMIT);
  ck_assert_ptr_null(promo_order_line_promo_code(o, 0));
  ck_assert(!promo_order_completed(o));
  ck_assert_str_ne(promo_order_error(o), "");
  assert_counts(cat, "once", 1, 0);
  promo_result_free(r);
  promo_order_free(o);
  promo_order_free(thief);
  promo_catalog_free(cat);
  promo_store_release(store);
}
END_TEST

START_TEST(r11_apply_then_complete_counts_in_the_same_call) {
  promo_store *store = memory_store();
  promo_catalog *cat = store_catalog(store);
  promo_apply_options options = PROMO_APPLY_OPTIONS_INIT;
  options.then = PROMO_THEN_COMPLETE;
  promo_order *o = fresh_order(cat, "order-1");
  promo_result *r = NULL;
  MUST(promo_result_new(&r, NULL));
  MUST(promo_apply(r, o, "TWO", 3, &options));
  ck_assert_int_eq(promo_result_discount(r), 100);
  ck_assert(promo_order_completed(o));
  assert_counts(cat, "two", 1, 0);
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
  promo_store_release(store);
}
END_TEST

START_TEST(r11_apply_options_of_version_1_and_bad_then_values) {
  promo_store *store = memory_store();
  promo_catalog *cat = store_catalog(store);
  promo_order *o = fresh_order(cat, "order-1");
  promo_apply_options options;
  MUST(promo_apply_options_init(&options, 1));
  ck_assert_uint_eq(options.version, 1);
  options.then = PROMO_THEN_COMPLETE; /* not a field of version 1: unread */
  MUST(promo_apply(NULL, o, "TWO", 3, &options));
  assert_counts(cat, "two", 0, 0);
  ck_assert_uint_eq(promo_apply_options_version(), PROMO_APPLY_OPTIONS_VERSION);
  ck_assert_int_eq(promo_apply_options_init(&options, 0),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(
      promo_apply_options_init(&options, PROMO_APPLY_OPTIONS_VERSION + 1),
      PROMO_ERR_INVALID_ARGUMENT);
  MUST(promo_apply_options_init(&options, PROMO_APPLY_OPTIONS_VERSION));
  struct {
    promo_apply_then then;
    int64_t ttl;
    bool dry_run;
    const char *error;
  } bad[] = {
      {PROMO_THEN_RESERVE, 0, false,
       "apply options: a reservation lasts at least 1 second, not 0"},
      {PROMO_THEN_RESERVE, 60, true,
       "apply options: a dry run cannot reserve or complete"},
      {PROMO_THEN_COMPLETE, 0, true,
       "apply options: a dry run cannot reserve or complete"},
      {(promo_apply_then)3, 0, false, "apply options: unknown then value 3"}};
  promo_order *other = fresh_order(cat, "order-2");
  promo_result *r = NULL;
  MUST(promo_result_new(&r, NULL));
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    options.then = bad[i].then;
    options.reserve_ttl = bad[i].ttl;
    options.dry_run = bad[i].dry_run;
    ck_assert_int_eq(promo_apply(r, other, "TWO", 3, &options),
                     PROMO_ERR_INVALID_ARGUMENT);
    ck_assert_str_eq(promo_result_error(r), bad[i].error);
    ck_assert_ptr_null(promo_order_line_promo_code(other, 0));
  }
  /* An order without an id cannot be reserved by apply: taken back. */
  promo_order *anonymous = fresh_order(cat, NULL);
  options.then = PROMO_THEN_RESERVE;
  options.reserve_ttl = 60;
  options.dry_run = false;
  ck_assert_int_eq(promo_apply(r, anonymous, "TWO", 3, &options),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_str_eq(promo_result_error(r),
                   "the order needs an id to be reserved");
  ck_assert_ptr_null(promo_order_line_promo_code(anonymous, 0));
  promo_order_free(anonymous);
  promo_result_free(r);
  assert_counts(cat, "two", 0, 0);
  promo_order_free(other);
  promo_order_free(o);
  promo_catalog_free(cat);
  promo_store_release(store);
}
END_TEST

/* ---- refusals ------------------------------------------------------------ */

START_TEST(r11_store_operations_refuse_bad_arguments_with_a_reason) {
  promo_store *store = memory_store();
  promo_catalog *cat = store_catalog(store);
  ck_assert_int_eq(promo_order_reserve(NULL, 60), PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_order_release(NULL), PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_order_refund(NULL), PROMO_ERR_INVALID_ARGUMENT);
  promo_order *o = order_with(cat, "order-1", "ONCE");
  ck_assert_int_eq(promo_order_reserve(o, 0), PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_str_eq(promo_order_error(o),
                   "a reservation lasts at least 1 second, not 0");
  ck_assert_int_eq(promo_order_reserve(o, -5), PROMO_ERR_INVALID_ARGUMENT);
  promo_order *anonymous = order_with(cat, NULL, "ONCE");
  ck_assert_int_eq(promo_order_reserve(anonymous, 60),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_str_eq(promo_order_error(anonymous),
                   "the order needs an id to be reserved");
  ck_assert_int_eq(promo_order_release(anonymous), PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_str_eq(promo_order_error(anonymous),
                   "the order needs an id to be released");
  ck_assert_int_eq(promo_order_refund(anonymous), PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_str_eq(promo_order_error(anonymous),
                   "the order needs an id to be refunded");
  assert_counts(cat, "once", 0, 0);
  /* A reservation of INT64_MAX seconds saturates; it is live. */
  MUST(promo_order_reserve(o, INT64_MAX));
  assert_counts(cat, "once", 0, 1);
  promo_order_free(anonymous);
  promo_order_free(o);
  promo_catalog_free(cat);
  promo_store_release(store);
}
END_TEST

START_TEST(r11_store_constructors_check_their_options) {
  promo_store *store = NULL;
  ck_assert_int_eq(promo_store_new_memory(NULL, NULL),
                   PROMO_ERR_INVALID_ARGUMENT);
  promo_store_memory_options m;
  MUST(promo_store_memory_options_init(&m, 1));
  ck_assert_int_eq(m.uncapped_retention, 86400);
  m.uncapped_retention = 0;
  ck_assert_int_eq(promo_store_new_memory(&store, &m),
                   PROMO_ERR_INVALID_ARGUMENT);
  MUST(promo_store_memory_options_init(&m, 1));
  m.version = 0;
  ck_assert_int_eq(promo_store_new_memory(&store, &m),
                   PROMO_ERR_INVALID_ARGUMENT);
  m.version = PROMO_STORE_MEMORY_OPTIONS_VERSION + 1;
  ck_assert_int_eq(promo_store_new_memory(&store, &m),
                   PROMO_ERR_INVALID_ARGUMENT);
  MUST(promo_store_memory_options_init(&m, 1));
  promo_allocator half = {NULL, NULL, NULL, NULL};
  m.allocator = &half;
  ck_assert_int_eq(promo_store_new_memory(&store, &m),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_ptr_null(store);
  ck_assert_int_eq(promo_store_memory_options_init(NULL, 1),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_store_memory_options_init(&m, 2),
                   PROMO_ERR_INVALID_ARGUMENT);
  promo_store_options o;
  MUST(promo_store_options_init(&o, 1));
  ck_assert(o.clock == NULL);
  ck_assert_int_eq(promo_store_options_init(&o, 0), PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_store_options_init(NULL, 1),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_uint_eq(promo_store_options_version(), 1);
  ck_assert_uint_eq(promo_store_memory_options_version(), 1);
  ck_assert_uint_eq(promo_store_backend_version(), 1);
  ck_assert_uint_eq(promo_store_error_max(), PROMO_STORE_ERROR_MAX);
  ck_assert_uint_eq(promo_redemptions_version(), 1);
  promo_redemptions r;
  MUST(promo_redemptions_init(&r, 1));
  ck_assert_int_eq(r.redeemed, 0);
  ck_assert_int_eq(promo_redemptions_init(&r, 2), PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_redemptions_init(NULL, 1), PROMO_ERR_INVALID_ARGUMENT);
  /* NULL is a no-op for every store function that takes one. */
  promo_store_release(NULL);
  ck_assert_ptr_null(promo_store_retain(NULL));
  ck_assert_int_eq(promo_store_now(NULL), 0);
}
END_TEST

START_TEST(r11_the_default_clock_is_the_systems) {
  promo_store *store = NULL;
  MUST(promo_store_new_memory(&store, NULL));
  int64_t before = (int64_t)time(NULL);
  int64_t now = promo_store_now(store);
  int64_t after = (int64_t)time(NULL);
  ck_assert_int_ge(now, before);
  ck_assert_int_le(now, after);
  ck_assert_ptr_eq(promo_store_retain(store), store);
  promo_store_release(store);
  promo_store_release(store);
}
END_TEST

/* ---- a host's own backend ------------------------------------------------ */

/* A backend that forwards to a memory store's backend until told to fail,
 * and records what it was asked. */
typedef struct proxy {
  promo_store *inner;        /* the memory store, reached through orders */
  promo_status fail_with;    /* PROMO_OK: forward */
  promo_store_counts counts; /* answered by count() when fail_with is OK */
  bool fake_counts;
  int calls;
  char last_campaigns[128];
  int destroyed;
} proxy;

static promo_status proxy_fail(proxy *p, promo_store_error *error) {
  p->calls++;
  if (p->fail_with == PROMO_ERR_STORE_UNAVAILABLE) {
    snprintf(error->text, sizeof error->text, "connection to the store lost");
  }
  return p->fail_with;
}

static promo_status proxy_count(void *ctx, promo_store_counts *out,
                                const char *campaign, const char *order,
                                int64_t now, promo_store_error *error) {
  (void)campaign;
  (void)order;
  (void)now;
  proxy *p = ctx;
  if (p->fail_with != PROMO_OK) {
    return proxy_fail(p, error);
  }
  p->calls++;
  *out = p->counts;
  return PROMO_OK;
}

static void record(proxy *p, const promo_store_claim *claims, size_t n) {
  p->last_campaigns[0] = '\0';
  for (size_t i = 0; i < n; i++) {
    size_t len = strlen(p->last_campaigns);
    snprintf(p->last_campaigns + len, sizeof p->last_campaigns - len, "%s%s",
             i == 0 ? "" : ",", claims[i].campaign);
  }
}

static promo_status proxy_write(void *ctx, const promo_store_claim *claims,
                                size_t n, const char *order, int64_t now,
                                promo_store_error *error) {
  (void)order;
  (void)now;
  proxy *p = ctx;
  record(p, claims, n);
  if (p->fail_with != PROMO_OK) {
    return proxy_fail(p, error);
  }
  p->calls++;
  return PROMO_OK;
}

static promo_status proxy_reserve(void *ctx, const promo_store_claim *claims,
                                  size_t n, const char *order, int64_t now,
                                  int64_t expires_at,
                                  promo_store_error *error) {
  (void)expires_at;
  return proxy_write(ctx, claims, n, order, now, error);
}

static void proxy_destroy(void *ctx) {
  proxy *p = ctx;
  p->destroyed++;
}

static const promo_store_backend PROXY = {PROMO_STORE_BACKEND_VERSION,
                                          proxy_count,
                                          proxy_reserve,
                                          proxy_write,
                                          proxy_write,
                                          proxy_write,
                                          proxy_destroy};

static promo_store *proxy_store(proxy *p) {
  memset(p, 0, sizeof *p);
  promo_store *store = NULL;
  promo_store_options options = PROMO_STORE_OPTIONS_INIT;
  options.clock = test_clock_now;
  options.clock_ctx = &clock_;
  MUST(promo_store_new(&store, &PROXY, p, &options));
  return store;
}

START_TEST(r11_a_host_backend_gets_the_claims_sorted_by_campaign_id) {
  proxy p;
  promo_store *store = proxy_store(&p);
  promo_catalog *cat = store_catalog(store);
  static const char *const codes[] = {"TWO", "OTHER", "ONCE",
                                      "TWO", "OPEN",  "NOT-OURS"};
  promo_order *o = order_carrying(cat, "order-1", codes, 6);
  MUST(promo_order_reserve(o, 60));
  ck_assert_str_eq(p.last_campaigns, "once,open,other,two");
  MUST(promo_order_complete(o));
  MUST(promo_order_release(o));
  MUST(promo_order_refund(o));
  ck_assert_int_eq(p.calls, 4);
  promo_order_free(o);
  promo_catalog_free(cat);
  ck_assert_int_eq(p.destroyed, 0);
  promo_store_release(store);
  ck_assert_int_eq(p.destroyed, 1);
}
END_TEST

START_TEST(r11_store_unavailable_is_never_a_counted_redemption) {
  proxy p;
  promo_store *store = proxy_store(&p);
  promo_catalog *cat = store_catalog(store);
  p.fail_with = PROMO_ERR_STORE_UNAVAILABLE;
  promo_order *o = fresh_order(cat, "order-1");
  promo_result *r = NULL;
  MUST(promo_result_new(&r, NULL));
  /* R11 cannot read: the apply fails, with the store's reason. */
  ck_assert_int_eq(promo_apply(r, o, "ONCE", 4, NULL),
                   PROMO_ERR_STORE_UNAVAILABLE);
  ck_assert_int_eq(promo_result_status(r), PROMO_ERR_STORE_UNAVAILABLE);
  ck_assert_int_eq(promo_result_discount(r), 0);
  ck_assert_ptr_null(promo_order_line_promo_code(o, 0));
  ck_assert_str_eq(promo_order_error(o), "connection to the store lost");
  ck_assert_str_eq(promo_result_error(r), "connection to the store lost");
  /* An uncapped campaign does not read the store. */
  p.calls = 0;
  MUST(promo_apply(r, o, "OPEN", 4, NULL));
  ck_assert_int_eq(p.calls, 0);
  /* Complete fails and the order stays open, to be retried. */
  ck_assert_int_eq(promo_order_complete(o), PROMO_ERR_STORE_UNAVAILABLE);
  ck_assert(!promo_order_completed(o));
  ck_assert_str_eq(promo_order_error(o), "connection to the store lost");
  ck_assert_int_eq(promo_order_reserve(o, 60), PROMO_ERR_STORE_UNAVAILABLE);
  ck_assert_int_eq(promo_order_release(o), PROMO_ERR_STORE_UNAVAILABLE);
  ck_assert_int_eq(promo_order_refund(o), PROMO_ERR_STORE_UNAVAILABLE);
  promo_redemptions counts = PROMO_REDEMPTIONS_INIT;
  promo_store_error e;
  ck_assert_int_eq(promo_catalog_redemptions(&counts, cat, "open", &e),
                   PROMO_ERR_STORE_UNAVAILABLE);
  ck_assert_str_eq(e.text, "connection to the store lost");
  /* Apply-then-complete takes the code back. */
  promo_order *fresh = fresh_order(cat, "order-2");
  promo_apply_options options = PROMO_APPLY_OPTIONS_INIT;
  options.then = PROMO_THEN_COMPLETE;
  ck_assert_int_eq(promo_apply(r, fresh, "OPEN", 4, &options),
                   PROMO_ERR_STORE_UNAVAILABLE);
  ck_assert_ptr_null(promo_order_line_promo_code(fresh, 0));
  ck_assert(!promo_order_completed(fresh));
  ck_assert_str_eq(promo_result_error(r), "connection to the store lost");
  ck_assert_int_eq(promo_result_discount(r), 0);
  /* Back up: the retry goes through. */
  p.fail_with = PROMO_OK;
  MUST(promo_order_complete(o));
  ck_assert(promo_order_completed(o));
  promo_order_free(fresh);
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
  promo_store_release(store);
}
END_TEST

START_TEST(r11_a_backend_breaking_its_contract_is_store_unavailable) {
  proxy p;
  promo_store *store = proxy_store(&p);
  promo_catalog *cat = store_catalog(store);
  promo_order *o = fresh_order(cat, "order-1");
  /* A status outside the contract, with no text. */
  p.fail_with = PROMO_ERR_EXPIRED;
  ck_assert_int_eq(promo_apply(NULL, o, "ONCE", 4, NULL),
                   PROMO_ERR_STORE_UNAVAILABLE);
  ck_assert_str_eq(promo_order_error(o),
                   "the store answered with status 2 (expired)");
  /* A read cannot be refused for the cap. */
  p.fail_with = PROMO_ERR_REDEMPTION_LIMIT;
  ck_assert_int_eq(promo_apply(NULL, o, "ONCE", 4, NULL),
                   PROMO_ERR_STORE_UNAVAILABLE);
  /* No memory, without a text: one is given. */
  p.fail_with = PROMO_ERR_NO_MEMORY;
  ck_assert_int_eq(promo_apply(NULL, o, "ONCE", 4, NULL), PROMO_ERR_NO_MEMORY);
  promo_order *carrying = order_with(cat, "order-2", "ONCE");
  ck_assert_int_eq(promo_order_complete(carrying), PROMO_ERR_NO_MEMORY);
  ck_assert_str_eq(promo_order_error(carrying), "the store failed: no_memory");
  /* Negative counts. */
  p.fail_with = PROMO_OK;
  p.counts.redeemed = -1;
  ck_assert_int_eq(promo_apply(NULL, o, "ONCE", 4, NULL),
                   PROMO_ERR_STORE_UNAVAILABLE);
  /* Counts that would overflow when added still refuse at the cap. */
  p.counts.redeemed = INT64_MAX;
  p.counts.reserved = INT64_MAX;
  ck_assert_int_eq(promo_apply(NULL, o, "ONCE", 4, NULL),
                   PROMO_ERR_REDEMPTION_LIMIT);
  /* Held by this very order: passes whatever the counts. */
  p.counts.held = true;
  MUST(promo_apply(NULL, o, "ONCE", 4, NULL));
  promo_order_free(carrying);
  promo_order_free(o);
  promo_catalog_free(cat);
  promo_store_release(store);
}
END_TEST

START_TEST(r11_store_new_refuses_incomplete_backends) {
  proxy p;
  memset(&p, 0, sizeof p);
  promo_store *store = NULL;
  ck_assert_int_eq(promo_store_new(NULL, &PROXY, &p, NULL),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_store_new(&store, NULL, &p, NULL),
                   PROMO_ERR_INVALID_ARGUMENT);
  promo_store_backend b = PROXY;
  b.version = PROMO_STORE_BACKEND_VERSION + 1;
  ck_assert_int_eq(promo_store_new(&store, &b, &p, NULL),
                   PROMO_ERR_INVALID_ARGUMENT);
  for (int missing = 0; missing < 6; missing++) {
    b = PROXY;
    switch (missing) {
    case 0:
      b.count = NULL;
      break;
    case 1:
      b.reserve = NULL;
      break;
    case 2:
      b.commit = NULL;
      break;
    case 3:
      b.release = NULL;
      break;
    case 4:
      b.refund = NULL;
      break;
    default:
      b.destroy = NULL;
      break;
    }
    ck_assert_int_eq(promo_store_new(&store, &b, &p, NULL),
                     PROMO_ERR_INVALID_ARGUMENT);
  }
  promo_store_options o = PROMO_STORE_OPTIONS_INIT;
  o.version = 2;
  ck_assert_int_eq(promo_store_new(&store, &PROXY, &p, &o),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_ptr_null(store);
  ck_assert_int_eq(p.destroyed, 0);
  /* Default options: the system clock. */
  MUST(promo_store_new(&store, &PROXY, &p, NULL));
  ck_assert_int_gt(promo_store_now(store), T0 - INT64_C(400000000));
  promo_store_release(store);
  ck_assert_int_eq(p.destroyed, 1);
}
END_TEST

int main(void) {
  Suite *s = suite_create("store");
  TCase *tc = tcase_create("reservations");
  tcase_add_test(tc, r11_a_reservation_holds_a_slot_against_other_orders);
  tcase_add_test(tc,
                 r11_an_expired_reservation_frees_its_slot_without_a_sweeper);
  tcase_add_test(tc,
                 r11_an_expired_reservation_commits_if_a_slot_is_still_free);
  tcase_add_test(tc, r11_reserving_again_renews_the_reservation_from_now);
  tcase_add_test(tc, r11_reservations_never_push_past_the_cap);
  tcase_add_test(tc, r11_release_frees_a_reservation_never_a_redemption);
  tcase_add_test(tc, r11_reserving_a_counted_order_leaves_it_counted);
  suite_add_tcase(s, tc);

  tc = tcase_create("commit");
  tcase_add_test(
      tc, r11_commit_turns_the_reservation_into_the_redemption_at_the_cap);
  tcase_add_test(tc, r11_commit_is_idempotent_per_order_id);
  tcase_add_test(
      tc, r11_refund_brings_the_slot_back_and_the_order_may_commit_again);
  tcase_add_test(tc,
                 r11_refund_leaves_a_mere_reservation_and_unknown_orders_alone);
  tcase_add_test(tc,
                 r11_reserve_and_commit_are_all_or_nothing_across_campaigns);
  tcase_add_test(
      tc, r11_an_uncapped_campaign_remembers_its_orders_for_the_retention);
  tcase_add_test(tc, r11_a_capped_campaign_remembers_its_orders_until_refunded);
  suite_add_tcase(s, tc);

  tc = tcase_create("catalogs");
  tcase_add_test(tc,
                 r11_a_catalog_rebuilt_with_the_same_store_keeps_the_counts);
  tcase_add_test(tc, r11_catalogs_without_a_store_each_count_apart);
  tcase_add_test(tc, r11_a_builder_keeps_its_store_for_every_build);
  suite_add_tcase(s, tc);

  tc = tcase_create("apply");
  tcase_add_test(tc, r11_apply_then_reserve_holds_the_slot_in_the_same_call);
  tcase_add_test(tc,
                 r11_apply_then_complete_refused_by_the_store_changes_nothing);
  tcase_add_test(tc, r11_apply_then_complete_counts_in_the_same_call);
  tcase_add_test(tc, r11_apply_options_of_version_1_and_bad_then_values);
  suite_add_tcase(s, tc);

  tc = tcase_create("refusals");
  tcase_add_test(tc, r11_store_operations_refuse_bad_arguments_with_a_reason);
  tcase_add_test(tc, r11_store_constructors_check_their_options);
  tcase_add_test(tc, r11_the_default_clock_is_the_systems);
  suite_add_tcase(s, tc);

  tc = tcase_create("backends");
  tcase_add_test(tc, r11_a_host_backend_gets_the_claims_sorted_by_campaign_id);
  tcase_add_test(tc, r11_store_unavailable_is_never_a_counted_redemption);
  tcase_add_test(tc, r11_a_backend_breaking_its_contract_is_store_unavailable);
  tcase_add_test(tc, r11_store_new_refuses_incomplete_backends);
  suite_add_tcase(s, tc);
  return test_run_suite(s);
}
