/* test_explain.c - explain mode (issue 12): every validator runs, even after
 * one refused, and the result records every reason of the order and of
 * each line ("expired, and also wrong region") for support staff; the
 * answer itself (status, lines' statuses, money, host reasons) is exactly
 * that of the same apply without it. */
#include "support.h"

#include <check.h>
#include <stdio.h>
#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define MUST(call) ck_assert_int_eq((call), PROMO_OK)
#define BIT(status) (1u << (status))

/* "spring": 20 %, March 2026 in Amsterdam, Western Europe, O365_E3 only.
 * "usd": 5 USD off a license. "any": 10 %, no condition. */
static promo_catalog *explain_catalog(void) {
  promo_catalog_builder *b = NULL;
  promo_campaign *c = NULL;
  MUST(promo_catalog_builder_new(&b, NULL));
  MUST(promo_catalog_builder_add_campaign(&c, b, "spring"));
  MUST(promo_campaign_set_percent_bps(c, 2000));
  MUST(promo_campaign_set_starts(c, 2026, 3, 1));
  MUST(promo_campaign_set_ends(c, 2026, 3, 31));
  MUST(promo_campaign_set_time_zone(c, "Europe/Amsterdam"));
  MUST(promo_campaign_add_region(c, "155"));
  MUST(promo_campaign_add_product(c, "O365_E3"));
  MUST(promo_campaign_add_code(c, "SPRING-2026", 11));
  MUST(promo_catalog_builder_add_campaign(&c, b, "usd"));
  MUST(promo_campaign_set_amount(c, 500, "USD"));
  MUST(promo_campaign_add_product(c, "O365_E3"));
  MUST(promo_campaign_add_code(c, "FIVE-USD", 8));
  MUST(promo_catalog_builder_add_campaign(&c, b, "any"));
  MUST(promo_campaign_set_percent_bps(c, 1000));
  MUST(promo_campaign_add_code(c, "ANY", 3));
  promo_catalog *cat = NULL;
  MUST(promo_catalog_build(&cat, b));
  promo_catalog_builder_free(b);
  return cat;
}

typedef struct line_spec {
  const char *product; /* NULL ends the list */
  bool is_new;
  const char *code;
} line_spec;

static promo_order *order_of(promo_catalog *cat, const char *country,
                             const char *currency, int64_t placed,
                             bool completed, const line_spec *lines) {
  promo_order *o = NULL;
  MUST(promo_order_new(&o, cat));
  MUST(promo_order_set_id(o, "order-12"));
  MUST(promo_order_set_country(o, country));
  MUST(promo_order_set_currency(o, currency));
  MUST(promo_order_set_placed_at(o, placed));
  MUST(promo_order_set_completed(o, completed));
  for (size_t i = 0; lines[i].product != NULL; i++) {
    char sub[8] = "sub-0";
    sub[4] = (char)('0' + i);
    size_t at = 0;
    MUST(promo_order_add_line(&at, o, sub, lines[i].product, lines[i].is_new,
                              PROMO_TERM_ANNUAL, 2, 1000));
    if (lines[i].code != NULL) {
      MUST(promo_order_set_line_promo_code(o, at, lines[i].code,
                                           strlen(lines[i].code)));
    }
  }
  return o;
}

static int64_t march(void) {
  return test_utc(2026, 3, 15, 10, 0, 0);
}

static int64_t april(void) {
  return test_utc(2026, 4, 15, 10, 0, 0);
}

static int64_t february(void) {
  return test_utc(2026, 2, 15, 10, 0, 0);
}

static const line_spec ONE_E3[] = {{"O365_E3", true, NULL}, {NULL, 0, NULL}};
static const line_spec MIXED[] = {{"TEAMS_ESS", false, NULL}, /* R4 and R9 */
                                  {"O365_E3", true, "OTHER-CODE"}, /* R5 */
                                  {"TEAMS_ESS", true, NULL},       /* R9 */
                                  {NULL, 0, NULL}};

/* ---- a host validator that rejects what it is told ---------------------- */

typedef struct host {
  bool reject_order;
  size_t reject_line; /* SIZE_MAX: none */
  int order_calls;
  int line_calls;
  bool saw_line[4];
} host;

static promo_status host_order_check(void *data, const promo_order *o,
                                     const char *campaign, char *reason,
                                     size_t size) {
  (void)o;
  (void)campaign;
  host *h = data;
  h->order_calls++;
  if (h->reject_order) {
    (void)snprintf(reason, size, "order says no");
    return PROMO_ERR_REJECTED_BY_HOST;
  }
  return PROMO_OK;
}

static promo_status host_line_check(void *data, const promo_order *o,
                                    size_t line, const char *campaign,
                                    char *reason, size_t size) {
  (void)o;
  (void)campaign;
  host *h = data;
  h->line_calls++;
  if (line < 4) {
    h->saw_line[line] = true;
  }
  if (line == h->reject_line) {
    (void)snprintf(reason, size, "line says no");
    return PROMO_ERR_REJECTED_BY_HOST;
  }
  return PROMO_OK;
}

/* ---- the answer with and without explain -------------------------------- */

/* The parts of a result the answer consists of. */
typedef struct answer {
  promo_status status;
  int64_t discount;
  int64_t total;
  char reason[PROMO_REASON_MAX];
  size_t lines;
  promo_status line_status[4];
  int64_t line_discount[4];
  int64_t line_ends[4];
  char line_reason[4][PROMO_REASON_MAX];
} answer;

static void answer_of(answer *a, const promo_result *r) {
  memset(a, 0, sizeof *a);
  a->status = promo_result_status(r);
  a->discount = promo_result_discount(r);
  a->total = promo_result_total(r);
  strcpy(a->reason, promo_result_reason(r));
  a->lines = promo_result_line_count(r);
  for (size_t i = 0; i < a->lines && i < 4; i++) {
    a->line_status[i] = promo_result_line_status(r, i);
    a->line_discount[i] = promo_result_line_discount(r, i);
    a->line_ends[i] = promo_result_line_discount_ends(r, i);
    strcpy(a->line_reason[i], promo_result_line_reason(r, i));
  }
}

static const struct {
  const char *why;
  const char *code;
  const char *country;
  const char *currency;
  int64_t (*placed)(void);
  bool completed;
  const line_spec *lines;
  bool host_rejects_order;
  size_t host_rejects_line;
  promo_status status;
  uint32_t reasons;
  uint32_t line_reasons[4];
} CASES[] = {
    {"expired, and also wrong region",
     "SPRING-2026",
     "US",
     "EUR",
     april,
     false,
     ONE_E3,
     false,
     SIZE_MAX,
     PROMO_ERR_EXPIRED,
     BIT(PROMO_ERR_EXPIRED) | BIT(PROMO_ERR_WRONG_REGION),
     {0}},
    {"not yet active, a completed order, and a host that says no",
     "SPRING-2026",
     "NL",
     "EUR",
     february,
     true,
     ONE_E3,
     true,
     SIZE_MAX,
     PROMO_ERR_NOT_YET_ACTIVE,
     BIT(PROMO_ERR_NOT_YET_ACTIVE) | BIT(PROMO_ERR_NOT_NEW_SUBSCRIPTION) |
         BIT(PROMO_ERR_REJECTED_BY_HOST),
     {0}},
    {"every line skipped, each for its reasons",
     "SPRING-2026",
     "NL",
     "EUR",
     march,
     false,
     MIXED,
     false,
     1,
     PROMO_ERR_NOT_APPLICABLE,
     0,
     {BIT(PROMO_ERR_NOT_NEW_SUBSCRIPTION) | BIT(PROMO_ERR_NOT_APPLICABLE),
      BIT(PROMO_ERR_ALREADY_HAS_PROMO) | BIT(PROMO_ERR_REJECTED_BY_HOST),
      BIT(PROMO_ERR_NOT_APPLICABLE)}},
    {"lines skipped, then the order refused by the host too",
     "SPRING-2026",
     "NL",
     "EUR",
     march,
     false,
     MIXED,
     true,
     SIZE_MAX,
     PROMO_ERR_NOT_APPLICABLE,
     BIT(PROMO_ERR_REJECTED_BY_HOST),
     {BIT(PROMO_ERR_NOT_NEW_SUBSCRIPTION) | BIT(PROMO_ERR_NOT_APPLICABLE),
      BIT(PROMO_ERR_ALREADY_HAS_PROMO), BIT(PROMO_ERR_NOT_APPLICABLE)}},
    {"the wrong currency for every line, the wrong product for two",
     "FIVE-USD",
     "NL",
     "EUR",
     march,
     false,
     MIXED,
     false,
     SIZE_MAX,
     PROMO_ERR_NOT_APPLICABLE,
     0,
     {BIT(PROMO_ERR_NOT_NEW_SUBSCRIPTION) | BIT(PROMO_ERR_NOT_APPLICABLE) |
          BIT(PROMO_ERR_CURRENCY_MISMATCH),
      BIT(PROMO_ERR_ALREADY_HAS_PROMO) | BIT(PROMO_ERR_CURRENCY_MISMATCH),
      BIT(PROMO_ERR_NOT_APPLICABLE) | BIT(PROMO_ERR_CURRENCY_MISMATCH)}},
    {"accepted: the skipped lines say why, the taken one nothing",
     "ANY",
     "NL",
     "EUR",
     march,
     false,
     MIXED,
     false,
     0,
     PROMO_OK,
     0,
     {BIT(PROMO_ERR_NOT_NEW_SUBSCRIPTION) | BIT(PROMO_ERR_REJECTED_BY_HOST),
      BIT(PROMO_ERR_ALREADY_HAS_PROMO), 0}},
    {"not found: nothing else can be checked",
     "NOPE",
     "US",
     "EUR",
     april,
     true,
     MIXED,
     true,
     0,
     PROMO_ERR_CODE_NOT_FOUND,
     BIT(PROMO_ERR_CODE_NOT_FOUND),
     {0}},
    {"malformed: nothing else can be checked",
     "NO\tPE",
     "US",
     "EUR",
     april,
     true,
     MIXED,
     true,
     0,
     PROMO_ERR_MALFORMED_CODE,
     BIT(PROMO_ERR_MALFORMED_CODE),
     {0}},
};

START_TEST(explain_records_every_reason_and_changes_no_answer) {
  promo_catalog *cat = explain_catalog();
  promo_order *o =
      order_of(cat, CASES[_i].country, CASES[_i].currency, CASES[_i].placed(),
               CASES[_i].completed, CASES[_i].lines);
  host plain;
  host explained;
  memset(&plain, 0, sizeof plain);
  plain.reject_order = CASES[_i].host_rejects_order;
  plain.reject_line = CASES[_i].host_rejects_line;
  explained = plain;
  promo_validator v = {"h", host_order_check, host_line_check, &plain};
  promo_apply_options opts = PROMO_APPLY_OPTIONS_INIT;
  opts.validators = &v;
  opts.validator_count = 1;
  opts.dry_run = true;
  promo_result *r = NULL;
  MUST(promo_result_new(&r, NULL));
  const char *code = CASES[_i].code;
  promo_status without = promo_apply(r, o, code, strlen(code), &opts);
  ck_assert(!promo_result_explained(r));
  ck_assert_uint_eq(promo_result_reasons(r), 0);
  answer a;
  answer_of(&a, r);

  v.user_data = &explained;
  opts.explain = true;
  promo_status with = promo_apply(r, o, code, strlen(code), &opts);
  ck_assert_msg(with == CASES[_i].status, "%s: %s", CASES[_i].why,
                promo_status_name(with));
  ck_assert_int_eq(with, without);
  answer b;
  answer_of(&b, r);
  ck_assert_msg(memcmp(&a, &b, sizeof a) == 0, "%s: the answer changed",
                CASES[_i].why);
  ck_assert(promo_result_explained(r));
  ck_assert_msg(promo_result_reasons(r) == CASES[_i].reasons,
                "%s: reasons %#x, expected %#x", CASES[_i].why,
                promo_result_reasons(r), CASES[_i].reasons);
  for (size_t i = 0; i < promo_result_line_count(r); i++) {
    ck_assert_msg(promo_result_line_reasons(r, i) == CASES[_i].line_reasons[i],
                  "%s: line %zu reasons %#x, expected %#x", CASES[_i].why, i,
                  promo_result_line_reasons(r, i), CASES[_i].line_reasons[i]);
  }
  /* The flat reads say the same. */
  promo_result_info info;
  MUST(promo_result_get(&info, sizeof info, r));
  ck_assert(info.explained);
  ck_assert_uint_eq(info.reasons, CASES[_i].reasons);
  promo_result_line_info lines[4];
  size_t count = 0;
  MUST(promo_result_get_lines(&count, lines, 4, sizeof lines[0], r));
  for (size_t i = 0; i < count; i++) {
    ck_assert_uint_eq(lines[i].reasons, CASES[_i].line_reasons[i]);
  }
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(explain_runs_host_validators_everywhere_but_keeps_their_words_out) {
  promo_catalog *cat = explain_catalog();
  promo_order *o = order_of(cat, "US", "EUR", april(), false, MIXED);
  host h;
  memset(&h, 0, sizeof h);
  h.reject_order = true;
  h.reject_line = 0;
  promo_validator v = {"h", host_order_check, host_line_check, &h};
  promo_apply_options opts = PROMO_APPLY_OPTIONS_INIT;
  opts.validators = &v;
  opts.validator_count = 1;
  promo_result *r = NULL;
  MUST(promo_result_new(&r, NULL));
  /* Without explain the host never runs: the code expired first. */
  ck_assert_int_eq(promo_apply(r, o, "SPRING-2026", 11, &opts),
                   PROMO_ERR_EXPIRED);
  ck_assert_int_eq(h.order_calls + h.line_calls, 0);
  /* With it, the host looks at the order and at every line, skipped ones
   * included, and its reasons are recorded as reasons, not as the
   * answer's words. */
  opts.explain = true;
  ck_assert_int_eq(promo_apply(r, o, "SPRING-2026", 11, &opts),
                   PROMO_ERR_EXPIRED);
  ck_assert_int_eq(h.order_calls, 1);
  ck_assert(h.saw_line[0] && h.saw_line[1] && h.saw_line[2]);
  ck_assert_str_eq(promo_result_reason(r), "");
  ck_assert_str_eq(promo_result_line_reason(r, 0), "");
  ck_assert_uint_eq(promo_result_reasons(r),
                    BIT(PROMO_ERR_EXPIRED) | BIT(PROMO_ERR_WRONG_REGION) |
                        BIT(PROMO_ERR_REJECTED_BY_HOST));
  ck_assert(promo_result_line_reasons(r, 0) & BIT(PROMO_ERR_REJECTED_BY_HOST));
  for (size_t i = 0; i < promo_result_line_count(r); i++) {
    ck_assert_int_eq(promo_result_line_status(r, i), PROMO_ERR_EXPIRED);
  }
  ck_assert_ptr_null(promo_order_line_promo_code(o, 0));
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(explain_of_an_unusable_call_has_no_reason) {
  promo_catalog *cat = explain_catalog();
  promo_order *o = NULL;
  MUST(promo_order_new(&o, cat)); /* no country, currency, time, lines */
  promo_apply_options opts = PROMO_APPLY_OPTIONS_INIT;
  opts.explain = true;
  promo_result *r = NULL;
  MUST(promo_result_new(&r, NULL));
  ck_assert_int_eq(promo_apply(r, o, "ANY", 3, &opts),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_uint_eq(promo_result_reasons(r), 0);
  ck_assert(promo_result_explained(r));
  ck_assert_int_eq(promo_apply(r, NULL, "ANY", 3, &opts),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert(!promo_result_explained(r)); /* a refused call: empty */
  ck_assert_uint_eq(promo_result_line_reasons(r, 0), 0);
  ck_assert_uint_eq(promo_result_reasons(NULL), 0);
  ck_assert(!promo_result_explained(NULL));
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

int main(void) {
  Suite *s = suite_create("explain");
  TCase *tc = tcase_create("explain");
  tcase_add_loop_test(tc, explain_records_every_reason_and_changes_no_answer, 0,
                      (int)COUNT(CASES));
  tcase_add_test(
      tc, explain_runs_host_validators_everywhere_but_keeps_their_words_out);
  tcase_add_test(tc, explain_of_an_unusable_call_has_no_reason);
  suite_add_tcase(s, tc);
  return test_run_suite(s);
}
