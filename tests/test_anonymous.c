/* test_anonymous.c - anonymous mode (issue 12): a bulk guesser learns
 * nothing. Every refusal that would show the code exists (expired, wrong
 * region, not for these products, redeemed out, refused by the host, ...)
 * reads "code not found" to the customer, with no hint, while the host
 * still reads the precise status for its logs. */
#include "support.h"

#include <check.h>
#include <stdio.h>
#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define MUST(call) ck_assert_int_eq((call), PROMO_OK)

static promo_catalog *anonymous_catalog(void) {
  promo_catalog_builder *b = NULL;
  promo_campaign *c = NULL;
  MUST(promo_catalog_builder_new(&b, NULL));
  MUST(promo_catalog_builder_set_hints(b, true));
  MUST(promo_catalog_builder_add_campaign(&c, b, "spring"));
  MUST(promo_campaign_set_percent_bps(c, 2000));
  MUST(promo_campaign_set_starts(c, 2026, 3, 1));
  MUST(promo_campaign_set_ends(c, 2026, 3, 31));
  MUST(promo_campaign_add_region(c, "155"));
  MUST(promo_campaign_add_code(c, "SPRING-2026", 11));
  MUST(promo_catalog_builder_add_campaign(&c, b, "e3"));
  MUST(promo_campaign_set_percent_bps(c, 1000));
  MUST(promo_campaign_add_product(c, "O365_E3"));
  MUST(promo_campaign_add_code(c, "E3-ONLY", 7));
  MUST(promo_catalog_builder_add_campaign(&c, b, "usd"));
  MUST(promo_campaign_set_amount(c, 500, "USD"));
  MUST(promo_campaign_add_code(c, "FIVE-USD", 8));
  MUST(promo_catalog_builder_add_campaign(&c, b, "once"));
  MUST(promo_campaign_set_percent_bps(c, 1000));
  MUST(promo_campaign_set_max_redemptions(c, 1));
  MUST(promo_campaign_add_code(c, "ONCE", 4));
  MUST(promo_catalog_builder_add_campaign(&c, b, "any"));
  MUST(promo_campaign_set_percent_bps(c, 1000));
  MUST(promo_campaign_add_code(c, "ANY", 3));
  promo_catalog *cat = NULL;
  MUST(promo_catalog_build(&cat, b));
  promo_catalog_builder_free(b);
  return cat;
}

typedef struct setup {
  const char *country;
  const char *currency;
  int64_t placed;
  bool completed;
  bool is_new;
  const char *product;
  const char *carried; /* a code the line carries already */
  promo_term term;
} setup;

static promo_order *order_of(promo_catalog *cat, const setup *s,
                             const char *id) {
  promo_order *o = NULL;
  MUST(promo_order_new(&o, cat));
  MUST(promo_order_set_id(o, id));
  MUST(promo_order_set_country(o, s->country));
  MUST(promo_order_set_currency(o, s->currency));
  MUST(promo_order_set_placed_at(o, s->placed));
  MUST(promo_order_set_completed(o, s->completed));
  size_t at = 0;
  MUST(promo_order_add_line(&at, o, "sub-1", s->product, s->is_new, s->term, 1,
                            1000));
  if (s->carried != NULL) {
    MUST(
        promo_order_set_line_promo_code(o, at, s->carried, strlen(s->carried)));
  }
  return o;
}

#define MARCH 1773568800  /* 2026-03-15T10:00:00Z */
#define APRIL 1776247200  /* 2026-04-15T10:00:00Z */
#define FEB 1771149600    /* 2026-02-15T10:00:00Z */
#define LATE 253402214400 /* 9999-12-31T00:00:00Z */
#define AN PROMO_TERM_ANNUAL

static promo_status rejecting_host(void *data, const promo_order *o,
                                   const char *campaign, char *reason,
                                   size_t size) {
  (void)data;
  (void)o;
  (void)campaign;
  (void)snprintf(reason, size, "first purchase only");
  return PROMO_ERR_REJECTED_BY_HOST;
}

/* Every refusal of a code the catalog holds. */
static const struct {
  const char *code;
  setup order;
  bool host_rejects;
  promo_status precise;
} REVEALING[] = {
    {"SPRING-2026",
     {"NL", "EUR", APRIL, false, true, "O365_E3", NULL, AN},
     false,
     PROMO_ERR_EXPIRED},
    {"SPRING-2026",
     {"NL", "EUR", FEB, false, true, "O365_E3", NULL, AN},
     false,
     PROMO_ERR_NOT_YET_ACTIVE},
    {"SPRING-2026",
     {"US", "EUR", MARCH, false, true, "O365_E3", NULL, AN},
     false,
     PROMO_ERR_WRONG_REGION},
    {"ANY",
     {"NL", "EUR", MARCH, true, true, "O365_E3", NULL, AN},
     false,
     PROMO_ERR_NOT_NEW_SUBSCRIPTION},
    {"ANY",
     {"NL", "EUR", MARCH, false, false, "O365_E3", NULL, AN},
     false,
     PROMO_ERR_NOT_NEW_SUBSCRIPTION},
    {"ANY",
     {"NL", "EUR", MARCH, false, true, "O365_E3", "OTHER", AN},
     false,
     PROMO_ERR_ALREADY_HAS_PROMO},
    {"E3-ONLY",
     {"NL", "EUR", MARCH, false, true, "TEAMS_ESS", NULL, AN},
     false,
     PROMO_ERR_NOT_APPLICABLE},
    {"FIVE-USD",
     {"NL", "EUR", MARCH, false, true, "O365_E3", NULL, AN},
     false,
     PROMO_ERR_CURRENCY_MISMATCH},
    {"ONCE",
     {"NL", "EUR", MARCH, false, true, "O365_E3", NULL, AN},
     false,
     PROMO_ERR_REDEMPTION_LIMIT},
    {"ANY",
     {"NL", "EUR", MARCH, false, true, "O365_E3", NULL, AN},
     true,
     PROMO_ERR_REJECTED_BY_HOST},
    /* Even the caller's mistake that only a found code can reach. */
    {"ANY",
     {"NL", "EUR", LATE, false, true, "O365_E3", NULL, AN},
     false,
     PROMO_ERR_INVALID_ARGUMENT},
};

/* Uses up ONCE's one redemption with another order. */
static void redeem_once(promo_catalog *cat) {
  setup s = {"NL", "EUR", MARCH, false, true, "O365_E3", NULL, AN};
  promo_order *o = order_of(cat, &s, "order-first");
  MUST(promo_apply(NULL, o, "ONCE", 4, NULL));
  MUST(promo_order_complete(o));
  promo_order_free(o);
}

static void message_of(char *out, const promo_result *r, const char *locale) {
  size_t n = 0;
  MUST(promo_result_message(&n, out, PROMO_MESSAGE_MAX, r, locale));
}

START_TEST(a_refusal_that_shows_the_code_exists_reads_code_not_found) {
  promo_catalog *cat = anonymous_catalog();
  redeem_once(cat);
  promo_order *o = order_of(cat, &REVEALING[_i].order, "order-2");
  promo_validator host = {"host", rejecting_host, NULL, NULL};
  promo_apply_options opts = PROMO_APPLY_OPTIONS_INIT;
  opts.anonymous = true;
  opts.hints = true;
  if (REVEALING[_i].host_rejects) {
    opts.validators = &host;
    opts.validator_count = 1;
  }
  promo_result *r = NULL;
  MUST(promo_result_new(&r, NULL));
  const char *code = REVEALING[_i].code;
  /* The host reads the precise answer... */
  promo_status st = promo_apply(r, o, code, strlen(code), &opts);
  ck_assert_msg(st == REVEALING[_i].precise, "%s: %s", code,
                promo_status_name(st));
  ck_assert_int_eq(promo_result_status(r), st);
  ck_assert_ptr_nonnull(promo_result_campaign(r));
  ck_assert(promo_result_anonymous(r));
  /* ... the customer is told what a code that does not exist gets. */
  ck_assert_int_eq(promo_result_customer_status(r), PROMO_ERR_CODE_NOT_FOUND);
  ck_assert_int_eq(promo_result_customer_hint(r), PROMO_HINT_NONE);
  promo_result_info info;
  MUST(promo_result_get(&info, sizeof info, r));
  ck_assert_int_eq(info.status, st);
  ck_assert_int_eq(info.customer_status, PROMO_ERR_CODE_NOT_FOUND);
  ck_assert(info.anonymous);

  promo_result *nope = NULL;
  MUST(promo_result_new(&nope, NULL));
  ck_assert_int_eq(promo_apply(nope, o, "NO-SUCH-CODE", 12, &opts),
                   PROMO_ERR_CODE_NOT_FOUND);
  for (size_t l = 0; l < promo_message_locale_count(); l++) {
    char a[PROMO_MESSAGE_MAX];
    char b[PROMO_MESSAGE_MAX];
    message_of(a, r, promo_message_locale(l));
    message_of(b, nope, promo_message_locale(l));
    ck_assert_str_eq(a, b);
    ck_assert_str_eq(a, promo_status_message(PROMO_ERR_CODE_NOT_FOUND,
                                             promo_message_locale(l)));
  }
  promo_result_free(nope);
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(what_shows_no_code_exists_reads_as_it_is) {
  promo_catalog *cat = anonymous_catalog();
  setup s = {"NL", "EUR", MARCH, false, true, "O365_E3", NULL, AN};
  promo_order *o = order_of(cat, &s, "order-3");
  promo_apply_options opts = PROMO_APPLY_OPTIONS_INIT;
  opts.anonymous = true;
  opts.hints = true;
  opts.dry_run = true;
  promo_result *r = NULL;
  MUST(promo_result_new(&r, NULL));
  /* Applied: the customer sees the discount, campaign and all. */
  ck_assert_int_eq(promo_apply(r, o, "ANY", 3, &opts), PROMO_OK);
  ck_assert_int_eq(promo_result_customer_status(r), PROMO_OK);
  /* Not found, malformed: the same for everyone; the hint, which tells
   * that a close code exists, stays with the host. */
  ck_assert_int_eq(promo_apply(r, o, "any", 3, &opts),
                   PROMO_ERR_CODE_NOT_FOUND);
  ck_assert_int_eq(promo_result_customer_status(r), PROMO_ERR_CODE_NOT_FOUND);
  ck_assert_int_eq(promo_result_hint(r), PROMO_HINT_LETTER_CASE);
  ck_assert_int_eq(promo_result_customer_hint(r), PROMO_HINT_NONE);
  ck_assert_int_eq(promo_apply(r, o, "ANY\n", 4, &opts),
                   PROMO_ERR_MALFORMED_CODE);
  ck_assert_int_eq(promo_result_customer_status(r), PROMO_ERR_MALFORMED_CODE);
  ck_assert_int_eq(promo_result_hint(r), PROMO_HINT_WHITE_SPACE);
  ck_assert_int_eq(promo_result_customer_hint(r), PROMO_HINT_NONE);
  /* The caller's mistake before any lookup. */
  promo_order *empty = NULL;
  MUST(promo_order_new(&empty, cat));
  ck_assert_int_eq(promo_apply(r, empty, "ANY", 3, &opts),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_result_customer_status(r), PROMO_ERR_INVALID_ARGUMENT);
  /* Without the option, the customer reads the precise answer. */
  opts.anonymous = false;
  s.placed = APRIL;
  promo_order *late = order_of(cat, &s, "order-4");
  ck_assert_int_eq(promo_apply(r, late, "SPRING-2026", 11, &opts),
                   PROMO_ERR_EXPIRED);
  ck_assert(!promo_result_anonymous(r));
  ck_assert_int_eq(promo_result_customer_status(r), PROMO_ERR_EXPIRED);
  ck_assert_int_eq(promo_result_customer_status(NULL),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_result_customer_hint(NULL), PROMO_HINT_NONE);
  ck_assert(!promo_result_anonymous(NULL));
  promo_result_free(r);
  promo_order_free(late);
  promo_order_free(empty);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

/* A redemption store that cannot be reached: every call fails. */
static promo_status down(promo_store_error *error) {
  snprintf(error->text, sizeof error->text, "connection refused");
  return PROMO_ERR_STORE_UNAVAILABLE;
}

static promo_status down_count(void *ctx, promo_store_counts *out,
                               const char *campaign, const char *order_id,
                               int64_t now, promo_store_error *error) {
  (void)ctx;
  (void)out;
  (void)campaign;
  (void)order_id;
  (void)now;
  return down(error);
}

static promo_status down_write(void *ctx, const promo_store_claim *claims,
                               size_t n, const char *order_id, int64_t now,
                               promo_store_error *error) {
  (void)ctx;
  (void)claims;
  (void)n;
  (void)order_id;
  (void)now;
  return down(error);
}

static promo_status down_reserve(void *ctx, const promo_store_claim *claims,
                                 size_t n, const char *order_id, int64_t now,
                                 int64_t expires_at, promo_store_error *error) {
  (void)expires_at;
  return down_write(ctx, claims, n, order_id, now, error);
}

static void down_destroy(void *ctx) {
  (void)ctx;
}

static const promo_store_backend DOWN = {PROMO_STORE_BACKEND_VERSION,
                                         down_count,
                                         down_reserve,
                                         down_write,
                                         down_write,
                                         down_write,
                                         down_destroy};

START_TEST(a_store_that_fails_is_not_hidden_as_code_not_found) {
  /* R11 reads the store for a capped campaign: when it cannot, the code
   * may well apply, and "not found" would send the customer away. */
  promo_store *store = NULL;
  MUST(promo_store_new(&store, &DOWN, NULL, NULL));
  promo_catalog_builder *b = NULL;
  promo_campaign *c = NULL;
  MUST(promo_catalog_builder_new(&b, NULL));
  MUST(promo_catalog_builder_set_store(b, store));
  promo_store_release(store); /* the builder and its catalog hold it */
  MUST(promo_catalog_builder_add_campaign(&c, b, "once"));
  MUST(promo_campaign_set_percent_bps(c, 1000));
  MUST(promo_campaign_set_max_redemptions(c, 1));
  MUST(promo_campaign_add_code(c, "ONCE", 4));
  promo_catalog *cat = NULL;
  MUST(promo_catalog_build(&cat, b));
  promo_catalog_builder_free(b);
  setup s = {"NL", "EUR", MARCH, false, true, "O365_E3", NULL, AN};
  promo_order *o = order_of(cat, &s, "order-5");
  promo_apply_options opts = PROMO_APPLY_OPTIONS_INIT;
  opts.anonymous = true;
  promo_result *r = NULL;
  MUST(promo_result_new(&r, NULL));
  ck_assert_int_eq(promo_apply(r, o, "ONCE", 4, &opts),
                   PROMO_ERR_STORE_UNAVAILABLE);
  ck_assert(promo_result_anonymous(r));
  ck_assert_int_eq(promo_result_customer_status(r),
                   PROMO_ERR_STORE_UNAVAILABLE);
  ck_assert_ptr_null(promo_order_line_promo_code(o, 0));
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

int main(void) {
  Suite *s = suite_create("anonymous");
  TCase *tc = tcase_create("anonymous");
  tcase_add_loop_test(tc,
                      a_refusal_that_shows_the_code_exists_reads_code_not_found,
                      0, (int)COUNT(REVEALING));
  tcase_add_test(tc, what_shows_no_code_exists_reads_as_it_is);
  tcase_add_test(tc, a_store_that_fails_is_not_hidden_as_code_not_found);
  suite_add_tcase(s, tc);
  return test_run_suite(s);
}
