/* test_apply_alloc.c - apply and complete when allocations fail. For
 * N = 1, 2, ... the Nth allocation fails: each failure must be
 * PROMO_ERR_NO_MEMORY, change nothing in the order or the redemption
 * counts, and leak nothing, until N is large enough for the call to
 * succeed. */
#include "support.h"

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define MUST(call) ck_assert_int_eq((call), PROMO_OK)

/* Enough campaigns that complete needs more than its 16 on-stack slots. */
#define CAMPAIGNS 20
#define MAX_LINES 24

/* ---- fixture ------------------------------------------------------------- */

/* Campaigns c00 ... c19, each 10 % with code C00 ... C19 and at most 5
 * redemptions, built with the allocator of `ta`. */
static promo_catalog *alloc_catalog(test_alloc *ta) {
  promo_catalog_builder *b = NULL;
  MUST(promo_catalog_builder_new(&b, &ta->allocator));
  for (int i = 0; i < CAMPAIGNS; i++) {
    char id[8];
    char code[8];
    snprintf(id, sizeof id, "c%02d", i);
    snprintf(code, sizeof code, "C%02d", i);
    promo_campaign *c = NULL;
    MUST(promo_catalog_builder_add_campaign(&c, b, id));
    MUST(promo_campaign_set_percent_bps(c, 1000));
    MUST(promo_campaign_set_max_redemptions(c, 5));
    MUST(promo_campaign_add_code(c, code, strlen(code)));
  }
  promo_catalog *cat = NULL;
  MUST(promo_catalog_build(&cat, b));
  promo_catalog_builder_free(b);
  return cat;
}

/* An NL/EUR order with `lines` new lines of 1 x 1000; when `codes`, line i
 * carries C(i mod 20). */
static promo_order *alloc_order(promo_catalog *cat, size_t lines, bool codes) {
  promo_order *o = NULL;
  MUST(promo_order_new(&o, cat));
  MUST(promo_order_set_id(o, "order-1"));
  MUST(promo_order_set_country(o, "NL"));
  MUST(promo_order_set_currency(o, "EUR"));
  MUST(promo_order_set_placed_at(o, test_utc(2026, 3, 15, 10, 0, 0)));
  for (size_t i = 0; i < lines; i++) {
    char sub[32];
    snprintf(sub, sizeof sub, "sub-%zu", i);
    MUST(promo_order_add_line(NULL, o, sub, "O365_E3", true, PROMO_TERM_ANNUAL,
                              1, 1000));
    if (codes) {
      char code[8];
      snprintf(code, sizeof code, "C%02zu", i % CAMPAIGNS);
      MUST(promo_order_set_line_promo_code(o, i, code, strlen(code)));
    }
  }
  return o;
}

/* What a failed call must not change: the lines' codes, the completed flag
 * and the redemption counts. */
typedef struct state {
  bool completed;
  size_t lines;
  char code[MAX_LINES][PROMO_CODE_MAX_BYTES + 1];
  int64_t redeemed[CAMPAIGNS];
} state;

static state state_of(promo_catalog *cat, const promo_order *o) {
  state s;
  memset(&s, 0, sizeof s);
  s.completed = promo_order_completed(o);
  s.lines = promo_order_line_count(o);
  ck_assert_uint_le(s.lines, MAX_LINES);
  for (size_t i = 0; i < s.lines; i++) {
    const char *code = promo_order_line_promo_code(o, i);
    snprintf(s.code[i], sizeof s.code[i], "%s", code == NULL ? "" : code);
  }
  for (int i = 0; i < CAMPAIGNS; i++) {
    char id[8];
    snprintf(id, sizeof id, "c%02d", i);
    promo_redemptions counts = PROMO_REDEMPTIONS_INIT;
    MUST(promo_catalog_redemptions(&counts, cat, id, NULL));
    s.redeemed[i] = counts.redeemed;
  }
  return s;
}

static void assert_state(const state *before, promo_catalog *cat,
                         const promo_order *o) {
  state now = state_of(cat, o);
  ck_assert(before->completed == now.completed);
  ck_assert_uint_eq(before->lines, now.lines);
  for (size_t i = 0; i < now.lines; i++) {
    ck_assert_str_eq(before->code[i], now.code[i]);
  }
  for (int i = 0; i < CAMPAIGNS; i++) {
    ck_assert_int_eq(before->redeemed[i], now.redeemed[i]);
  }
}

/* Makes the nth allocation from now on fail. */
static void fail_in(test_alloc *ta, long n) {
  ta->fail_at = ta->calls + n;
}

/* ---- apply --------------------------------------------------------------- */

START_TEST(alloc_result_new_and_apply_into_a_fresh_result_that_must_grow) {
  test_alloc ca;
  test_alloc_init(&ca, 0);
  promo_catalog *cat = alloc_catalog(&ca);
  /* Nine lines: more than any first guess of a lines array. */
  promo_order *o = alloc_order(cat, 9, false);
  state before = state_of(cat, o);
  long failures = 0;
  bool done = false;
  for (long n = 1; !done && n < 1000; n++) {
    test_alloc ra;
    test_alloc_init(&ra, n);
    promo_result *r = NULL;
    promo_status st = promo_result_new(&r, &ra.allocator);
    if (st == PROMO_ERR_NO_MEMORY) {
      ck_assert_ptr_null(r);
      ck_assert_int_eq(ra.live, 0);
      failures++;
      continue;
    }
    MUST(st);
    st = promo_apply(r, o, "C00", 3, NULL);
    if (st == PROMO_ERR_NO_MEMORY) {
      ck_assert_int_eq(promo_result_status(r), PROMO_ERR_NO_MEMORY);
      ck_assert_int_eq(promo_result_discount(r), 0);
      assert_state(&before, cat, o);
      promo_result_free(r);
      ck_assert_int_eq(ra.live, 0);
      failures++;
      continue;
    }
    MUST(st);
    ck_assert_int_eq(ra.failed, 0);
    ck_assert_uint_eq(promo_result_line_count(r), 9);
    /* 10 % of 9 x 1000. */
    ck_assert_int_eq(promo_result_discount(r), 900);
    ck_assert_str_eq(promo_order_line_promo_code(o, 8), "C00");
    promo_result_free(r);
    ck_assert_int_eq(ra.live, 0);
    done = true;
  }
  ck_assert(done);
  /* The result itself, its lines and its copy of the campaign id failed
   * once each. */
  ck_assert_int_ge(failures, 3);
  promo_order_free(o);
  promo_catalog_free(cat);
  ck_assert_int_eq(ca.live, 0);
}
END_TEST

START_TEST(alloc_a_reused_result_that_must_grow_fails_cleanly) {
  test_alloc ca;
  test_alloc_init(&ca, 0);
  promo_catalog *cat = alloc_catalog(&ca);
  promo_order *small = alloc_order(cat, 1, false);
  promo_order *big = alloc_order(cat, 20, false);
  test_alloc ra;
  test_alloc_init(&ra, 0);
  promo_result *r = NULL;
  MUST(promo_result_new(&r, &ra.allocator));
  state before = state_of(cat, big);
  long failures = 0;
  bool done = false;
  for (long n = 1; !done && n < 1000; n++) {
    MUST(promo_apply(r, small, "C01", 3, NULL));
    MUST(promo_order_set_line_promo_code(small, 0, NULL, 0));
    fail_in(&ra, n);
    promo_status st = promo_apply(r, big, "C01", 3, NULL);
    ra.fail_at = 0;
    if (st == PROMO_ERR_NO_MEMORY) {
      /* The result reads as empty, never as the small order's. */
      ck_assert_int_eq(promo_result_status(r), PROMO_ERR_NO_MEMORY);
      ck_assert_int_eq(promo_result_discount(r), 0);
      ck_assert_int_ne(promo_result_line_status(r, 0), PROMO_OK);
      assert_state(&before, cat, big);
      failures++;
      continue;
    }
    MUST(st);
    ck_assert_uint_eq(promo_result_line_count(r), 20);
    ck_assert_int_eq(promo_result_discount(r), 2000);
    done = true;
  }
  ck_assert(done);
  ck_assert_int_ge(failures, 1);
  promo_result_free(r);
  ck_assert_int_eq(ra.live, 0);
  promo_order_free(small);
  promo_order_free(big);
  promo_catalog_free(cat);
  ck_assert_int_eq(ca.live, 0);
}
END_TEST

START_TEST(alloc_apply_without_a_result_fails_cleanly) {
  test_alloc ca;
  test_alloc_init(&ca, 0);
  promo_catalog *cat = alloc_catalog(&ca);
  promo_order *o = alloc_order(cat, 9, false);
  state before = state_of(cat, o);
  long failures = 0;
  bool done = false;
  for (long n = 1; !done && n < 1000; n++) {
    long live = ca.live;
    fail_in(&ca, n);
    promo_status st = promo_apply(NULL, o, "C02", 3, NULL);
    ca.fail_at = 0;
    /* The scratch result is gone either way; R7 allocates nothing. */
    ck_assert_int_eq(ca.live, live);
    if (st == PROMO_ERR_NO_MEMORY) {
      assert_state(&before, cat, o);
      failures++;
      continue;
    }
    MUST(st);
    for (size_t i = 0; i < 9; i++) {
      ck_assert_str_eq(promo_order_line_promo_code(o, i), "C02");
    }
    done = true;
  }
  ck_assert(done);
  /* The scratch result, its lines and its copy of the campaign id. */
  ck_assert_int_ge(failures, 3);
  promo_order_free(o);
  promo_catalog_free(cat);
  ck_assert_int_eq(ca.live, 0);
}
END_TEST

START_TEST(alloc_a_longer_campaign_id_than_before_fails_cleanly) {
  /* The result keeps its copy of the campaign id across applies and grows
   * it only for a longer id; a failure there is no_memory with the result
   * empty, never the earlier campaign's name. */
  test_alloc ca;
  test_alloc_init(&ca, 0);
  promo_catalog_builder *b = NULL;
  MUST(promo_catalog_builder_new(&b, &ca.allocator));
  promo_campaign *c = NULL;
  MUST(promo_catalog_builder_add_campaign(&c, b, "s"));
  MUST(promo_campaign_set_percent_bps(c, 1000));
  MUST(promo_campaign_add_code(c, "SHORT", 5));
  MUST(promo_catalog_builder_add_campaign(
      &c, b, "a-campaign-id-much-longer-than-the-first-one"));
  MUST(promo_campaign_set_percent_bps(c, 2000));
  MUST(promo_campaign_add_code(c, "LONG", 4));
  promo_catalog *cat = NULL;
  MUST(promo_catalog_build(&cat, b));
  promo_catalog_builder_free(b);
  promo_order *o = alloc_order(cat, 1, false);
  test_alloc ra;
  test_alloc_init(&ra, 0);
  promo_result *r = NULL;
  MUST(promo_result_new(&r, &ra.allocator));
  MUST(promo_apply(r, o, "SHORT", 5, NULL));
  ck_assert_str_eq(promo_result_campaign(r), "s");
  MUST(promo_order_set_line_promo_code(o, 0, NULL, 0));
  fail_in(&ra, 1);
  ck_assert_int_eq(promo_apply(r, o, "LONG", 4, NULL), PROMO_ERR_NO_MEMORY);
  ra.fail_at = 0;
  ck_assert_int_eq(promo_result_status(r), PROMO_ERR_NO_MEMORY);
  ck_assert_ptr_null(promo_result_campaign(r));
  ck_assert_int_eq(promo_result_discount(r), 0);
  ck_assert_ptr_null(promo_order_line_promo_code(o, 0)); /* unchanged */
  MUST(promo_apply(r, o, "LONG", 4, NULL));
  ck_assert_str_eq(promo_result_campaign(r),
                   "a-campaign-id-much-longer-than-the-first-one");
  /* A shorter id again needs no allocation. */
  MUST(promo_order_set_line_promo_code(o, 0, NULL, 0));
  long calls = ra.calls;
  MUST(promo_apply(r, o, "SHORT", 5, NULL));
  ck_assert_int_eq(ra.calls, calls);
  ck_assert_str_eq(promo_result_campaign(r), "s");
  promo_result_free(r);
  ck_assert_int_eq(ra.live, 0);
  promo_order_free(o);
  promo_catalog_free(cat);
  ck_assert_int_eq(ca.live, 0);
}
END_TEST

/* ---- complete ------------------------------------------------------------ */

START_TEST(alloc_complete_of_many_lines_counts_nothing_until_it_succeeds) {
  test_alloc ca;
  test_alloc_init(&ca, 0);
  promo_catalog *cat = alloc_catalog(&ca);
  /* 22 lines carrying codes of all 20 campaigns (C00 and C01 twice). */
  promo_order *o = alloc_order(cat, 22, true);
  state before = state_of(cat, o);
  long failures = 0;
  bool done = false;
  for (long n = 1; !done && n < 10000; n++) {
    fail_in(&ca, n);
    promo_status st = promo_order_complete(o);
    ca.fail_at = 0;
    if (st == PROMO_ERR_NO_MEMORY) {
      ck_assert_str_ne(promo_order_error(o), "");
      assert_state(&before, cat, o);
      failures++;
      continue;
    }
    MUST(st);
    done = true;
  }
  ck_assert(done);
  /* The order's list of campaigns, the store's plans, and per campaign its
   * entry, its id, its claim, a copy of the order id, its table and heap:
   * many points of failure, each survived. */
  ck_assert_int_ge(failures, 3);
  ck_assert(promo_order_completed(o));
  state after = state_of(cat, o);
  for (int i = 0; i < CAMPAIGNS; i++) {
    ck_assert_int_eq(after.redeemed[i], 1);
  }
  /* A retry counts nothing twice. */
  MUST(promo_order_complete(o));
  MUST(promo_order_set_completed(o, false));
  MUST(promo_order_complete(o));
  state again = state_of(cat, o);
  for (int i = 0; i < CAMPAIGNS; i++) {
    ck_assert_int_eq(again.redeemed[i], 1);
  }
  promo_order_free(o);
  promo_catalog_free(cat);
  ck_assert_int_eq(ca.live, 0);
}
END_TEST

START_TEST(alloc_complete_of_a_second_order_after_failures_counts_once) {
  /* After a first order has been counted, a second order's complete that
   * fails part-way must not count it either, nor disturb the first. */
  test_alloc ca;
  test_alloc_init(&ca, 0);
  promo_catalog *cat = alloc_catalog(&ca);
  promo_order *first = alloc_order(cat, 20, true);
  MUST(promo_order_complete(first));
  promo_order *o = alloc_order(cat, 20, true);
  MUST(promo_order_set_id(o, "order-2"));
  state before = state_of(cat, o);
  bool done = false;
  for (long n = 1; !done && n < 10000; n++) {
    fail_in(&ca, n);
    promo_status st = promo_order_complete(o);
    ca.fail_at = 0;
    if (st == PROMO_ERR_NO_MEMORY) {
      assert_state(&before, cat, o);
      continue;
    }
    MUST(st);
    done = true;
  }
  ck_assert(done);
  state after = state_of(cat, o);
  for (int i = 0; i < CAMPAIGNS; i++) {
    ck_assert_int_eq(after.redeemed[i], 2);
  }
  promo_order_free(first);
  promo_order_free(o);
  promo_catalog_free(cat);
  ck_assert_int_eq(ca.live, 0);
}
END_TEST

int main(void) {
  Suite *s = suite_create("apply_alloc");
  TCase *tc = tcase_create("no_memory");
  tcase_set_timeout(tc, 120);
  tcase_add_test(tc,
                 alloc_result_new_and_apply_into_a_fresh_result_that_must_grow);
  tcase_add_test(tc, alloc_a_reused_result_that_must_grow_fails_cleanly);
  tcase_add_test(tc, alloc_apply_without_a_result_fails_cleanly);
  tcase_add_test(tc, alloc_a_longer_campaign_id_than_before_fails_cleanly);
  tcase_add_test(tc,
                 alloc_complete_of_many_lines_counts_nothing_until_it_succeeds);
  tcase_add_test(tc,
                 alloc_complete_of_a_second_order_after_failures_counts_once);
  suite_add_tcase(s, tc);
  return test_run_suite(s);
}
