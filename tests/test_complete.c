/* test_complete.c - R11: promo_order_complete counts one redemption per
 * campaign per order id, atomically, all or nothing, and max_redemptions
 * stops both apply and complete. */
#include "support.h"

#include <check.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define MUST(call) ck_assert_int_eq((call), PROMO_OK)

/* ---- fixture ------------------------------------------------------------- */

/* "limited": two codes, two redemptions in all. "open": no cap. "once": one
 * redemption. */
static promo_catalog *complete_catalog(void) {
  promo_catalog_builder *b = NULL;
  promo_campaign *c = NULL;
  MUST(promo_catalog_builder_new(&b, NULL));
  MUST(promo_catalog_builder_add_campaign(&c, b, "limited"));
  MUST(promo_campaign_set_percent_bps(c, 1000));
  MUST(promo_campaign_set_max_redemptions(c, 2));
  MUST(promo_campaign_add_code(c, "LIM-A", 5));
  MUST(promo_campaign_add_code(c, "LIM-B", 5));
  MUST(promo_catalog_builder_add_campaign(&c, b, "open"));
  MUST(promo_campaign_set_percent_bps(c, 1000));
  MUST(promo_campaign_add_code(c, "OPEN", 4));
  MUST(promo_catalog_builder_add_campaign(&c, b, "once"));
  MUST(promo_campaign_set_percent_bps(c, 1000));
  MUST(promo_campaign_set_max_redemptions(c, 1));
  MUST(promo_campaign_add_code(c, "ONCE", 4));
  promo_catalog *cat = NULL;
  MUST(promo_catalog_build(&cat, b));
  promo_catalog_builder_free(b);
  return cat;
}

static int64_t redemptions(const promo_catalog *cat, const char *campaign) {
  promo_redemptions n = PROMO_REDEMPTIONS_INIT;
  MUST(promo_catalog_redemptions(&n, cat, campaign, NULL));
  return n.redeemed;
}

/* An NL/EUR order `id` (NULL: none) with `lines` new O365_E3 lines sub-0,
 * sub-1, ..., each carrying codes[i] (NULL: none). */
static promo_order *order_with(promo_catalog *cat, const char *id, size_t lines,
                               const char *const *codes) {
  promo_order *o = NULL;
  MUST(promo_order_new(&o, cat));
  if (id != NULL) {
    MUST(promo_order_set_id(o, id));
  }
  MUST(promo_order_set_country(o, "NL"));
  MUST(promo_order_set_currency(o, "EUR"));
  MUST(promo_order_set_placed_at(o, test_utc(2026, 3, 15, 10, 0, 0)));
  for (size_t i = 0; i < lines; i++) {
    char sub[32];
    snprintf(sub, sizeof sub, "sub-%zu", i);
    MUST(promo_order_add_line(NULL, o, sub, "O365_E3", true, PROMO_TERM_ANNUAL,
                              1, 1000));
    if (codes != NULL && codes[i] != NULL) {
      MUST(promo_order_set_line_promo_code(o, i, codes[i], strlen(codes[i])));
    }
  }
  return o;
}

/* A one-line order `id` that has taken `code` through apply. */
static promo_order *applied(promo_catalog *cat, const char *id,
                            const char *code) {
  promo_order *o = order_with(cat, id, 1, NULL);
  MUST(promo_apply(NULL, o, code, strlen(code), NULL));
  return o;
}

/* The line codes and completed flag before a refused complete. */
typedef struct state {
  bool completed;
  size_t lines;
  char code[8][PROMO_CODE_MAX_BYTES + 1];
} state;

static state state_of(const promo_order *o) {
  state s;
  memset(&s, 0, sizeof s);
  s.completed = promo_order_completed(o);
  s.lines = promo_order_line_count(o);
  ck_assert_uint_le(s.lines, 8);
  for (size_t i = 0; i < s.lines; i++) {
    const char *code = promo_order_line_promo_code(o, i);
    snprintf(s.code[i], sizeof s.code[i], "%s", code == NULL ? "" : code);
  }
  return s;
}

static void assert_state(const state *before, const promo_order *o) {
  state now = state_of(o);
  ck_assert(before->completed == now.completed);
  ck_assert_uint_eq(before->lines, now.lines);
  for (size_t i = 0; i < now.lines; i++) {
    ck_assert_str_eq(before->code[i], now.code[i]);
  }
}

/* ---- counting ------------------------------------------------------------ */

START_TEST(r11_complete_counts_one_redemption_per_campaign_per_order) {
  promo_catalog *cat = complete_catalog();
  /* Two lines of "limited" (both codes of it) and one of "open". */
  static const char *const codes[] = {"LIM-A", "LIM-B", "OPEN", "LIM-A"};
  promo_order *o = order_with(cat, "order-1", 4, codes);
  ck_assert_int_eq(redemptions(cat, "limited"), 0);
  MUST(promo_order_complete(o));
  ck_assert(promo_order_completed(o));
  ck_assert_int_eq(redemptions(cat, "limited"), 1);
  ck_assert_int_eq(redemptions(cat, "open"), 1);
  ck_assert_int_eq(redemptions(cat, "once"), 0);
  /* The codes stay on the completed order. */
  ck_assert_str_eq(promo_order_line_promo_code(o, 0), "LIM-A");
  ck_assert_str_eq(promo_order_line_promo_code(o, 2), "OPEN");
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(r11_an_order_carrying_no_code_of_ours_counts_nothing) {
  promo_catalog *cat = complete_catalog();
  static const char *const codes[] = {NULL, "LEGACY-1"};
  promo_order *o = order_with(cat, "order-1", 2, codes);
  MUST(promo_order_complete(o));
  ck_assert(promo_order_completed(o));
  ck_assert_int_eq(redemptions(cat, "limited"), 0);
  ck_assert_int_eq(redemptions(cat, "open"), 0);
  ck_assert_int_eq(redemptions(cat, "once"), 0);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(r11_an_existing_subscription_carrying_a_code_is_not_counted) {
  promo_catalog *cat = complete_catalog();
  promo_order *o = order_with(cat, "order-1", 0, NULL);
  size_t index = 0;
  MUST(promo_order_add_line(&index, o, "sub-old", "O365_E3", false,
                            PROMO_TERM_ANNUAL, 1, 1000));
  MUST(promo_order_set_line_promo_code(o, index, "ONCE", 4));
  MUST(promo_order_complete(o));
  ck_assert_int_eq(redemptions(cat, "once"), 0);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(r11_a_retried_complete_counts_nothing_twice) {
  promo_catalog *cat = complete_catalog();
  promo_order *o = applied(cat, "order-1", "OPEN");
  MUST(promo_order_complete(o));
  MUST(promo_order_complete(o));
  ck_assert_int_eq(redemptions(cat, "open"), 1);
  /* Even with the flag cleared, the order id was counted already. */
  MUST(promo_order_set_completed(o, false));
  MUST(promo_order_complete(o));
  ck_assert(promo_order_completed(o));
  ck_assert_int_eq(redemptions(cat, "open"), 1);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(r11_a_second_order_with_the_same_id_counts_nothing_new) {
  promo_catalog *cat = complete_catalog();
  promo_order *first = applied(cat, "order-1", "LIM-A");
  promo_order *again = applied(cat, "order-1", "LIM-B");
  promo_order *other = applied(cat, "order-2", "LIM-A");
  MUST(promo_order_complete(first));
  MUST(promo_order_complete(again));
  ck_assert(promo_order_completed(again));
  ck_assert_int_eq(redemptions(cat, "limited"), 1);
  /* Another id counts. */
  MUST(promo_order_complete(other));
  ck_assert_int_eq(redemptions(cat, "limited"), 2);
  promo_order_free(first);
  promo_order_free(again);
  promo_order_free(other);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(r11_complete_needs_an_order_id) {
  promo_catalog *cat = complete_catalog();
  promo_order *o = applied(cat, NULL, "OPEN");
  state before = state_of(o);
  ck_assert_int_eq(promo_order_complete(o), PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_str_ne(promo_order_error(o), "");
  assert_state(&before, o);
  ck_assert_int_eq(redemptions(cat, "open"), 0);
  ck_assert_int_eq(promo_order_complete(NULL), PROMO_ERR_INVALID_ARGUMENT);
  /* With an id it completes. */
  MUST(promo_order_set_id(o, "order-1"));
  MUST(promo_order_complete(o));
  ck_assert_int_eq(redemptions(cat, "open"), 1);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(r11_a_completed_order_takes_no_further_code) {
  promo_catalog *cat = complete_catalog();
  promo_order *o = order_with(cat, "order-1", 1, NULL);
  MUST(promo_order_complete(o));
  ck_assert_int_eq(promo_apply(NULL, o, "OPEN", 4, NULL),
                   PROMO_ERR_NOT_NEW_SUBSCRIPTION);
  ck_assert_ptr_null(promo_order_line_promo_code(o, 0));
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

/* ---- the cap ------------------------------------------------------------- */

START_TEST(r11_at_max_redemptions_apply_and_complete_refuse_changing_nothing) {
  promo_catalog *cat = complete_catalog();
  /* Both take ONCE while it is still free; then the first completes. */
  promo_order *first = applied(cat, "order-1", "ONCE");
  promo_order *late = applied(cat, "order-2", "ONCE");
  MUST(promo_order_complete(first));
  ck_assert_int_eq(redemptions(cat, "once"), 1);

  /* A new order cannot take the code any more. */
  promo_order *fresh = order_with(cat, "order-3", 1, NULL);
  promo_result *r = NULL;
  MUST(promo_result_new(&r, NULL));
  state before = state_of(fresh);
  ck_assert_int_eq(promo_apply(r, fresh, "ONCE", 4, NULL),
                   PROMO_ERR_REDEMPTION_LIMIT);
  ck_assert_str_eq(promo_result_campaign(r), "once");
  ck_assert_int_eq(promo_result_discount(r), 0);
  assert_state(&before, fresh);

  /* The order that took it earlier cannot complete with it. */
  before = state_of(late);
  ck_assert_int_eq(promo_order_complete(late), PROMO_ERR_REDEMPTION_LIMIT);
  assert_state(&before, late);
  ck_assert(!promo_order_completed(late));
  ck_assert_int_eq(redemptions(cat, "once"), 1);
  /* ... and a retry is refused the same way. */
  ck_assert_int_eq(promo_order_complete(late), PROMO_ERR_REDEMPTION_LIMIT);
  ck_assert_int_eq(redemptions(cat, "once"), 1);
  /* Without the code it completes and counts nothing. */
  MUST(promo_order_set_line_promo_code(late, 0, NULL, 0));
  MUST(promo_order_complete(late));
  ck_assert_int_eq(redemptions(cat, "once"), 1);

  promo_result_free(r);
  promo_order_free(fresh);
  promo_order_free(late);
  promo_order_free(first);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(r11_exactly_max_orders_complete_below_and_at_the_cap) {
  promo_catalog *cat = complete_catalog();
  /* "limited" allows 2: the first two complete, the third is refused. */
  promo_order *o[3];
  static const char *const ids[] = {"order-a", "order-b", "order-c"};
  for (size_t i = 0; i < 3; i++) {
    o[i] = applied(cat, ids[i], i % 2 == 0 ? "LIM-A" : "LIM-B");
  }
  MUST(promo_order_complete(o[0]));
  ck_assert_int_eq(redemptions(cat, "limited"), 1);
  MUST(promo_order_complete(o[1]));
  ck_assert_int_eq(redemptions(cat, "limited"), 2);
  ck_assert_int_eq(promo_order_complete(o[2]), PROMO_ERR_REDEMPTION_LIMIT);
  ck_assert_int_eq(redemptions(cat, "limited"), 2);
  for (size_t i = 0; i < 3; i++) {
    promo_order_free(o[i]);
  }
  promo_catalog_free(cat);
}
END_TEST

START_TEST(r11_a_multi_campaign_order_at_the_cap_of_one_counts_none) {
  promo_catalog *cat = complete_catalog();
  promo_order *first = applied(cat, "order-1", "ONCE");
  MUST(promo_order_complete(first));
  /* Lines carrying OPEN, LIM-A and ONCE, the last one exhausted. */
  static const char *const codes[] = {"OPEN", "LIM-A", "ONCE"};
  promo_order *o = order_with(cat, "order-2", 3, codes);
  state before = state_of(o);
  ck_assert_int_eq(promo_order_complete(o), PROMO_ERR_REDEMPTION_LIMIT);
  assert_state(&before, o);
  ck_assert_int_eq(redemptions(cat, "open"), 0);
  ck_assert_int_eq(redemptions(cat, "limited"), 0);
  ck_assert_int_eq(redemptions(cat, "once"), 1);
  /* Without the exhausted code, both others count once. */
  MUST(promo_order_set_line_promo_code(o, 2, NULL, 0));
  MUST(promo_order_complete(o));
  ck_assert_int_eq(redemptions(cat, "open"), 1);
  ck_assert_int_eq(redemptions(cat, "limited"), 1);
  promo_order_free(o);
  promo_order_free(first);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(r11_the_counted_order_is_not_refused_by_its_own_redemption) {
  /* The library's reading: once an order id is counted, that order (say,
   * re-built by the host after a crash) may apply and complete again at the
   * cap; it still counts once. */
  promo_catalog *cat = complete_catalog();
  promo_order *first = applied(cat, "order-1", "ONCE");
  MUST(promo_order_complete(first));
  promo_order *rebuilt = order_with(cat, "order-1", 1, NULL);
  ck_assert_int_eq(promo_apply(NULL, rebuilt, "ONCE", 4, NULL), PROMO_OK);
  MUST(promo_order_complete(rebuilt));
  ck_assert_int_eq(redemptions(cat, "once"), 1);
  promo_order_free(rebuilt);
  promo_order_free(first);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(r11_redemptions_of_an_unknown_campaign_is_invalid_argument) {
  promo_catalog *cat = complete_catalog();
  promo_redemptions n = PROMO_REDEMPTIONS_INIT;
  n.redeemed = 42;
  ck_assert_int_eq(promo_catalog_redemptions(&n, cat, "nope", NULL),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_catalog_redemptions(&n, cat, NULL, NULL),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_catalog_redemptions(&n, NULL, "once", NULL),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_catalog_redemptions(NULL, cat, "once", NULL),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(n.redeemed, 42);
  promo_catalog_free(cat);
}
END_TEST

/* ---- many threads, one catalog ------------------------------------------- */

#define THREADS 8
#define ORDERS_PER_THREAD 100
#define CAP 301 /* < THREADS x ORDERS_PER_THREAD = 800 */

/* A catalog of one campaign "hot", code "HOT", max_redemptions CAP. */
static promo_catalog *hot_catalog(void) {
  promo_catalog_builder *b = NULL;
  promo_campaign *c = NULL;
  MUST(promo_catalog_builder_new(&b, NULL));
  MUST(promo_catalog_builder_add_campaign(&c, b, "hot"));
  MUST(promo_campaign_set_percent_bps(c, 1000));
  MUST(promo_campaign_set_max_redemptions(c, CAP));
  MUST(promo_campaign_add_code(c, "HOT", 3));
  promo_catalog *cat = NULL;
  MUST(promo_catalog_build(&cat, b));
  promo_catalog_builder_free(b);
  return cat;
}

typedef struct worker {
  promo_catalog *cat;
  int thread;
  promo_order *orders[ORDERS_PER_THREAD];
  /* Filled by the thread; read by the main thread after join. */
  int ok;      /* completes that returned PROMO_OK with the code */
  int refused; /* PROMO_ERR_REDEMPTION_LIMIT */
  int other;   /* anything else: a bug */
  int refused_apply;
} worker;

/* Completes the thread's own orders, already carrying HOT. */
static void *complete_own_orders(void *arg) {
  worker *w = arg;
  for (int i = 0; i < ORDERS_PER_THREAD; i++) {
    promo_status st = promo_order_complete(w->orders[i]);
    if (st == PROMO_OK) {
      w->ok++;
    } else if (st == PROMO_ERR_REDEMPTION_LIMIT) {
      w->refused++;
    } else {
      w->other++;
    }
  }
  return NULL;
}

START_TEST(r11_concurrent_completes_count_exactly_max_redemptions) {
  promo_catalog *cat = hot_catalog();
  worker w[THREADS];
  memset(w, 0, sizeof w);
  for (int t = 0; t < THREADS; t++) {
    w[t].cat = cat;
    w[t].thread = t;
    for (int i = 0; i < ORDERS_PER_THREAD; i++) {
      char id[32];
      snprintf(id, sizeof id, "order-%d-%d", t, i);
      w[t].orders[i] = applied(cat, id, "HOT");
    }
  }
  pthread_t threads[THREADS];
  for (int t = 0; t < THREADS; t++) {
    ck_assert_int_eq(
        pthread_create(&threads[t], NULL, complete_own_orders, &w[t]), 0);
  }
  for (int t = 0; t < THREADS; t++) {
    ck_assert_int_eq(pthread_join(threads[t], NULL), 0);
  }
  int ok = 0;
  int refused = 0;
  int completed = 0;
  for (int t = 0; t < THREADS; t++) {
    ck_assert_int_eq(w[t].other, 0);
    ok += w[t].ok;
    refused += w[t].refused;
    for (int i = 0; i < ORDERS_PER_THREAD; i++) {
      completed += promo_order_completed(w[t].orders[i]) ? 1 : 0;
      /* Refused orders keep their code, ready for another try. */
      ck_assert_str_eq(promo_order_line_promo_code(w[t].orders[i], 0), "HOT");
      promo_order_free(w[t].orders[i]);
    }
  }
  ck_assert_int_eq(ok, CAP);
  ck_assert_int_eq(refused, THREADS * ORDERS_PER_THREAD - CAP);
  ck_assert_int_eq(completed, CAP);
  ck_assert_int_eq(redemptions(cat, "hot"), CAP);
  promo_catalog_free(cat);
}
END_TEST

/* Builds, applies and completes the thread's own orders, one at a time. */
static void *apply_and_complete(void *arg) {
  worker *w = arg;
  for (int i = 0; i < ORDERS_PER_THREAD; i++) {
    char id[32];
    snprintf(id, sizeof id, "order-%d-%d", w->thread, i);
    promo_order *o = NULL;
    if (promo_order_new(&o, w->cat) != PROMO_OK ||
        promo_order_set_id(o, id) != PROMO_OK ||
        promo_order_set_country(o, "NL") != PROMO_OK ||
        promo_order_set_currency(o, "EUR") != PROMO_OK ||
        promo_order_set_placed_at(o, test_utc(2026, 3, 15, 10, 0, 0)) !=
            PROMO_OK ||
        promo_order_add_line(NULL, o, "sub-0", "O365_E3", true,
                             PROMO_TERM_MONTHLY, 1, 1000) != PROMO_OK) {
      w->other++;
      promo_order_free(o);
      continue;
    }
    promo_status st = promo_apply(NULL, o, "HOT", 3, NULL);
    if (st == PROMO_ERR_REDEMPTION_LIMIT) {
      w->refused_apply++;
    } else if (st != PROMO_OK) {
      w->other++;
    } else {
      st = promo_order_complete(o);
      if (st == PROMO_OK) {
        w->ok++;
      } else if (st == PROMO_ERR_REDEMPTION_LIMIT) {
        w->refused++;
      } else {
        w->other++;
      }
    }
    promo_order_free(o);
  }
  return NULL;
}

START_TEST(r11_concurrent_apply_and_complete_never_pass_the_cap) {
  promo_catalog *cat = hot_catalog();
  worker w[THREADS];
  memset(w, 0, sizeof w);
  pthread_t threads[THREADS];
  for (int t = 0; t < THREADS; t++) {
    w[t].cat = cat;
    w[t].thread = t;
    ck_assert_int_eq(
        pthread_create(&threads[t], NULL, apply_and_complete, &w[t]), 0);
  }
  for (int t = 0; t < THREADS; t++) {
    ck_assert_int_eq(pthread_join(threads[t], NULL), 0);
  }
  int ok = 0;
  int refused = 0;
  for (int t = 0; t < THREADS; t++) {
    ck_assert_int_eq(w[t].other, 0);
    ok += w[t].ok;
    refused += w[t].refused + w[t].refused_apply;
  }
  /* Every order either counted or was refused by apply or complete; exactly
   * CAP counted. */
  ck_assert_int_eq(ok, CAP);
  ck_assert_int_eq(ok + refused, THREADS * ORDERS_PER_THREAD);
  ck_assert_int_eq(redemptions(cat, "hot"), CAP);
  promo_catalog_free(cat);
}
END_TEST

int main(void) {
  Suite *s = suite_create("complete");
  TCase *tc = tcase_create("r11");
  tcase_add_test(tc, r11_complete_counts_one_redemption_per_campaign_per_order);
  tcase_add_test(tc, r11_an_order_carrying_no_code_of_ours_counts_nothing);
  tcase_add_test(tc,
                 r11_an_existing_subscription_carrying_a_code_is_not_counted);
  tcase_add_test(tc, r11_a_retried_complete_counts_nothing_twice);
  tcase_add_test(tc, r11_a_second_order_with_the_same_id_counts_nothing_new);
  tcase_add_test(tc, r11_complete_needs_an_order_id);
  tcase_add_test(tc, r11_a_completed_order_takes_no_further_code);
  tcase_add_test(
      tc, r11_at_max_redemptions_apply_and_complete_refuse_changing_nothing);
  tcase_add_test(tc, r11_exactly_max_orders_complete_below_and_at_the_cap);
  tcase_add_test(tc, r11_a_multi_campaign_order_at_the_cap_of_one_counts_none);
  tcase_add_test(tc,
                 r11_the_counted_order_is_not_refused_by_its_own_redemption);
  tcase_add_test(tc,
                 r11_redemptions_of_an_unknown_campaign_is_invalid_argument);
  suite_add_tcase(s, tc);

  tc = tcase_create("threads");
  /* Slow under valgrind and ThreadSanitizer; nothing here is timed. */
  tcase_set_timeout(tc, 300);
  tcase_add_test(tc, r11_concurrent_completes_count_exactly_max_redemptions);
  tcase_add_test(tc, r11_concurrent_apply_and_complete_never_pass_the_cap);
  suite_add_tcase(s, tc);
  return test_run_suite(s);
}
