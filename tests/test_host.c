/* test_host.c - R12: the host's own validators, appended to the pipeline.
 * They run after the built-in ones, in the order given, see only the lines
 * the built-ins kept, and reject with rejected_by_host and their reason. */
#include "support.h"

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define MUST(call) ck_assert_int_eq((call), PROMO_OK)

/* ---- fixture ------------------------------------------------------------- */

/* "ten": 10 % anywhere, always. "e3": only for O365_E3. "future": not before
 * 2030. "nl": only in NL. "once": one redemption in all. */
static promo_catalog *host_catalog(void) {
  promo_catalog_builder *b = NULL;
  promo_campaign *c = NULL;
  MUST(promo_catalog_builder_new(&b, NULL));
  MUST(promo_catalog_builder_add_campaign(&c, b, "ten"));
  MUST(promo_campaign_set_percent_bps(c, 1000));
  MUST(promo_campaign_add_code(c, "TEN", 3));
  MUST(promo_catalog_builder_add_campaign(&c, b, "e3"));
  MUST(promo_campaign_set_percent_bps(c, 1000));
  MUST(promo_campaign_add_product(c, "O365_E3"));
  MUST(promo_campaign_add_code(c, "E3-ONLY", 7));
  MUST(promo_catalog_builder_add_campaign(&c, b, "future"));
  MUST(promo_campaign_set_percent_bps(c, 1000));
  MUST(promo_campaign_set_starts(c, 2030, 1, 1));
  MUST(promo_campaign_add_code(c, "FUTURE", 6));
  MUST(promo_catalog_builder_add_campaign(&c, b, "nl"));
  MUST(promo_campaign_set_percent_bps(c, 1000));
  MUST(promo_campaign_add_region(c, "NL"));
  MUST(promo_campaign_add_code(c, "NL-ONLY", 7));
  MUST(promo_catalog_builder_add_campaign(&c, b, "once"));
  MUST(promo_campaign_set_percent_bps(c, 1000));
  MUST(promo_campaign_set_max_redemptions(c, 1));
  MUST(promo_campaign_add_code(c, "ONCE", 4));
  promo_catalog *cat = NULL;
  MUST(promo_catalog_build(&cat, b));
  promo_catalog_builder_free(b);
  return cat;
}

/* Three new lines and, in the middle, an existing one:
 *   0 sub-a O365_E3   new       2 x 1000
 *   1 sub-b O365_E3   existing  1 x 1000
 *   2 sub-c TEAMS_ESS new       4 x 500
 *   3 sub-d O365_E3   new       1 x 3000 */
static promo_order *host_order(promo_catalog *cat, const char *country) {
  promo_order *o = NULL;
  MUST(promo_order_new(&o, cat));
  MUST(promo_order_set_id(o, "order-7"));
  MUST(promo_order_set_country(o, country));
  MUST(promo_order_set_currency(o, "EUR"));
  MUST(promo_order_set_placed_at(o, test_utc(2026, 3, 15, 10, 0, 0)));
  MUST(promo_order_add_line(NULL, o, "sub-a", "O365_E3", true,
                            PROMO_TERM_ANNUAL, 2, 1000));
  MUST(promo_order_add_line(NULL, o, "sub-b", "O365_E3", false,
                            PROMO_TERM_ANNUAL, 1, 1000));
  MUST(promo_order_add_line(NULL, o, "sub-c", "TEAMS_ESS", true,
                            PROMO_TERM_MONTHLY, 4, 500));
  MUST(promo_order_add_line(NULL, o, "sub-d", "O365_E3", true,
                            PROMO_TERM_ANNUAL, 1, 3000));
  return o;
}

#define LINES 4

/* What one validator does and what it saw. A shared log records the order
 * in which every callback of every validator ran. */
typedef struct call_log {
  char entries[32][16];
  size_t count;
} call_log;

typedef struct host {
  const char *name;
  call_log *log;
  promo_status order_answer; /* what check_order returns */
  const char *order_reason;  /* written when it rejects */
  promo_status line_answer;  /* what check_line returns for reject_line */
  size_t reject_line;        /* SIZE_MAX: rejects none */
  const char *line_reason;
  bool fill_reason;   /* write 'x' over the whole buffer, no NUL */
  const char *raw;    /* else these raw bytes, when not NULL ... */
  size_t raw_len;     /* ... this many (at most the buffer's size) */
  bool reason_always; /* write the reason even when accepting */
  int order_calls;
  int line_calls;
  bool saw_line[LINES];
  bool buffer_was_zeroed;
  size_t reason_size;
  char campaign[32];
  const promo_order *order;
} host;

static void host_init(host *h, const char *name, call_log *log) {
  memset(h, 0, sizeof *h);
  h->name = name;
  h->log = log;
  h->order_answer = PROMO_OK;
  h->line_answer = PROMO_OK;
  h->reject_line = SIZE_MAX;
  h->buffer_was_zeroed = true;
}

static void note(host *h, const char *what, size_t line) {
  if (h->log != NULL && h->log->count < 32) {
    snprintf(h->log->entries[h->log->count++], 16, "%s.%s%zu", h->name, what,
             line);
  }
}

static void look_at_reason(host *h, const char *campaign, char *reason,
                           size_t size) {
  for (size_t i = 0; i < size; i++) {
    if (reason[i] != '\0') {
      h->buffer_was_zeroed = false;
    }
  }
  h->reason_size = size;
  snprintf(h->campaign, sizeof h->campaign, "%s", campaign);
}

static void write_reason(const host *h, const char *text, char *reason,
                         size_t size) {
  if (h->fill_reason) {
    memset(reason, 'x', size);
  } else if (h->raw != NULL) {
    memcpy(reason, h->raw, h->raw_len < size ? h->raw_len : size);
  } else if (text != NULL) {
    snprintf(reason, size, "%s", text);
  }
}

static promo_status check_order(void *user_data, const promo_order *order,
                                const char *campaign_id, char *reason,
                                size_t reason_size) {
  host *h = user_data;
  h->order_calls++;
  h->order = order;
  note(h, "order", 0);
  look_at_reason(h, campaign_id, reason, reason_size);
  if (h->order_answer != PROMO_OK || h->reason_always) {
    write_reason(h, h->order_reason, reason, reason_size);
  }
  return h->order_answer;
}

static promo_status check_line(void *user_data, const promo_order *order,
                               size_t line, const char *campaign_id,
                               char *reason, size_t reason_size) {
  host *h = user_data;
  h->line_calls++;
  h->order = order;
  note(h, "line", line);
  look_at_reason(h, campaign_id, reason, reason_size);
  if (line < LINES) {
    h->saw_line[line] = true;
  }
  if (line == h->reject_line) {
    write_reason(h, h->line_reason, reason, reason_size);
    return h->line_answer;
  }
  if (h->reason_always) {
    write_reason(h, h->line_reason, reason, reason_size);
  }
  return PROMO_OK;
}

static promo_validator validator_of(host *h, bool order_level,
                                    bool line_level) {
  promo_validator v = {h->name, order_level ? check_order : NULL,
                       line_level ? check_line : NULL, h};
  return v;
}

static promo_apply_options options_of(const promo_validator *v, size_t n) {
  promo_apply_options o = PROMO_APPLY_OPTIONS_INIT;
  o.validators = v;
  o.validator_count = n;
  return o;
}

/* Every line's promo code and the completed flag: all a refused apply could
 * have changed. */
typedef struct codes {
  bool completed;
  bool has[LINES];
  char code[LINES][PROMO_CODE_MAX_BYTES + 1];
} codes;

static codes codes_of(const promo_order *o) {
  codes c;
  memset(&c, 0, sizeof c);
  ck_assert_uint_eq(promo_order_line_count(o), LINES);
  c.completed = promo_order_completed(o);
  for (size_t i = 0; i < LINES; i++) {
    const char *s = promo_order_line_promo_code(o, i);
    c.has[i] = s != NULL;
    if (s != NULL) {
      strcpy(c.code[i], s);
    }
  }
  return c;
}

static void assert_same_codes(const codes *before, const promo_order *o) {
  codes now = codes_of(o);
  ck_assert(before->completed == now.completed);
  for (size_t i = 0; i < LINES; i++) {
    ck_assert(before->has[i] == now.has[i]);
    ck_assert_str_eq(before->code[i], now.code[i]);
  }
  ck_assert_int_eq(promo_order_subtotal(o), 2000 + 1000 + 2000 + 3000);
}

/* ---- order-level validators ---------------------------------------------- */

START_TEST(r12_order_validator_rejects_with_rejected_by_host_and_its_reason) {
  promo_catalog *cat = host_catalog();
  promo_order *o = host_order(cat, "NL");
  promo_result *r = NULL;
  MUST(promo_result_new(&r, NULL));
  host h;
  host_init(&h, "first", NULL);
  h.order_answer = PROMO_ERR_NOT_APPLICABLE;
  h.order_reason = "First purchase only.";
  promo_validator v = validator_of(&h, true, true);
  promo_apply_options opts = options_of(&v, 1);
  codes before = codes_of(o);
  ck_assert_int_eq(promo_apply(r, o, "TEN", 3, &opts),
                   PROMO_ERR_REJECTED_BY_HOST);
  ck_assert_int_eq(promo_result_status(r), PROMO_ERR_REJECTED_BY_HOST);
  ck_assert_str_eq(promo_result_reason(r), "First purchase only.");
  ck_assert_str_eq(promo_result_campaign(r), "ten");
  ck_assert_int_eq(promo_result_discount(r), 0);
  ck_assert_int_eq(promo_result_total(r), 8000);
  for (size_t i = 0; i < LINES; i++) {
    ck_assert_int_ne(promo_result_line_status(r, i), PROMO_OK);
    ck_assert_str_eq(promo_result_line_reason(r, i), "");
  }
  assert_same_codes(&before, o);
  /* The callback got its user data, the order, the campaign and a zeroed
   * buffer of PROMO_REASON_MAX bytes; no line was looked at. */
  ck_assert_int_eq(h.order_calls, 1);
  ck_assert_int_eq(h.line_calls, 0);
  ck_assert_ptr_eq(h.order, o);
  ck_assert_str_eq(h.campaign, "ten");
  ck_assert_uint_eq(h.reason_size, PROMO_REASON_MAX);
  ck_assert(h.buffer_was_zeroed);

  /* Accepted next time, into the same result: no reason is left behind. */
  h.order_answer = PROMO_OK;
  ck_assert_int_eq(promo_apply(r, o, "TEN", 3, &opts), PROMO_OK);
  ck_assert_str_eq(promo_result_reason(r), "");
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

/* Only PROMO_OK accepts: every status but OK and NO_MEMORY rejects, and so
 * does every value that is no status at all (what a binding's callback that
 * raised, or returned garbage, hands back). */
static const promo_status ANY_REJECT[] = {
    PROMO_ERR_CODE_NOT_FOUND,
    PROMO_ERR_EXPIRED,
    PROMO_ERR_NOT_YET_ACTIVE,
    PROMO_ERR_WRONG_REGION,
    PROMO_ERR_NOT_NEW_SUBSCRIPTION,
    PROMO_ERR_ALREADY_HAS_PROMO,
    PROMO_ERR_NOT_APPLICABLE,
    PROMO_ERR_CURRENCY_MISMATCH,
    PROMO_ERR_REDEMPTION_LIMIT,
    PROMO_ERR_REJECTED_BY_HOST,
    PROMO_ERR_INVALID_ARGUMENT,
    PROMO_ERR_MALFORMED_CODE,
    (promo_status)PROMO_STATUS_COUNT,
    (promo_status)99,
    (promo_status)-1,
    (promo_status)INT32_MAX,
    (promo_status)INT32_MIN,
};

START_TEST(r12_only_ok_accepts_any_other_order_answer_rejects) {
  promo_catalog *cat = host_catalog();
  promo_order *o = host_order(cat, "NL");
  promo_result *r = NULL;
  MUST(promo_result_new(&r, NULL));
  host h;
  host_init(&h, "h", NULL);
  h.order_answer = ANY_REJECT[_i];
  promo_validator v = validator_of(&h, true, false);
  promo_apply_options opts = options_of(&v, 1);
  codes before = codes_of(o);
  ck_assert_int_eq(promo_apply(r, o, "TEN", 3, &opts),
                   PROMO_ERR_REJECTED_BY_HOST);
  /* No reason written: an empty one. */
  ck_assert_str_eq(promo_result_reason(r), "");
  assert_same_codes(&before, o);
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(r12_only_ok_accepts_any_other_line_answer_rejects) {
  promo_catalog *cat = host_catalog();
  promo_order *o = host_order(cat, "NL");
  promo_result *r = NULL;
  MUST(promo_result_new(&r, NULL));
  host h;
  host_init(&h, "h", NULL);
  h.reject_line = 3;
  h.line_answer = ANY_REJECT[_i];
  promo_validator v = validator_of(&h, false, true);
  promo_apply_options opts = options_of(&v, 1);
  ck_assert_int_eq(promo_apply(r, o, "TEN", 3, &opts), PROMO_OK);
  ck_assert_int_eq(promo_result_line_status(r, 3), PROMO_ERR_REJECTED_BY_HOST);
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(r12_first_rejecting_order_validator_stops_the_rest) {
  promo_catalog *cat = host_catalog();
  promo_order *o = host_order(cat, "NL");
  promo_result *r = NULL;
  MUST(promo_result_new(&r, NULL));
  call_log log = {{{0}}, 0};
  host a, b;
  host_init(&a, "A", &log);
  host_init(&b, "B", &log);
  a.order_answer = PROMO_ERR_EXPIRED;
  a.order_reason = "A says no";
  promo_validator v[2] = {validator_of(&a, true, true),
                          validator_of(&b, true, true)};
  promo_apply_options opts = options_of(v, 2);
  ck_assert_int_eq(promo_apply(r, o, "TEN", 3, &opts),
                   PROMO_ERR_REJECTED_BY_HOST);
  ck_assert_str_eq(promo_result_reason(r), "A says no");
  ck_assert_uint_eq(log.count, 1);
  ck_assert_str_eq(log.entries[0], "A.order0");
  ck_assert_int_eq(b.order_calls + b.line_calls + a.line_calls, 0);
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

/* ---- line-level validators ----------------------------------------------- */

START_TEST(r12_a_line_level_reject_skips_only_that_line) {
  promo_catalog *cat = host_catalog();
  promo_order *o = host_order(cat, "NL");
  promo_result *r = NULL;
  MUST(promo_result_new(&r, NULL));
  host h;
  host_init(&h, "seats", NULL);
  h.reject_line = 2;
  h.line_answer = PROMO_ERR_NOT_APPLICABLE;
  h.line_reason = "Teams is excluded for resellers.";
  promo_validator v = validator_of(&h, false, true);
  promo_apply_options opts = options_of(&v, 1);
  ck_assert_int_eq(promo_apply(r, o, "TEN", 3, &opts), PROMO_OK);
  ck_assert_int_eq(promo_result_line_status(r, 0), PROMO_OK);
  ck_assert_int_eq(promo_result_line_status(r, 1),
                   PROMO_ERR_NOT_NEW_SUBSCRIPTION);
  ck_assert_int_eq(promo_result_line_status(r, 2), PROMO_ERR_REJECTED_BY_HOST);
  ck_assert_int_eq(promo_result_line_status(r, 3), PROMO_OK);
  ck_assert_str_eq(promo_result_line_reason(r, 2),
                   "Teams is excluded for resellers.");
  ck_assert_str_eq(promo_result_line_reason(r, 0), "");
  ck_assert_str_eq(promo_result_line_reason(r, 3), "");
  ck_assert_str_eq(promo_result_reason(r), "");
  /* 10 % of 2000 and of 3000. */
  ck_assert_int_eq(promo_result_line_discount(r, 2), 0);
  ck_assert_int_eq(promo_result_discount(r), 500);
  ck_assert_int_eq(promo_result_total(r), 7500);
  ck_assert_str_eq(promo_order_line_promo_code(o, 0), "TEN");
  ck_assert_ptr_null(promo_order_line_promo_code(o, 1));
  ck_assert_ptr_null(promo_order_line_promo_code(o, 2));
  ck_assert_str_eq(promo_order_line_promo_code(o, 3), "TEN");
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(r12_line_rejects_after_builtin_skips_fail_with_the_builtin_status) {
  promo_catalog *cat = host_catalog();
  promo_order *o = host_order(cat, "NL");
  promo_result *r = NULL;
  MUST(promo_result_new(&r, NULL));
  /* E3-ONLY keeps lines 0 and 3; A rejects 0, B rejects 3. */
  host a, b;
  host_init(&a, "A", NULL);
  host_init(&b, "B", NULL);
  a.reject_line = 0;
  a.line_answer = PROMO_ERR_INVALID_ARGUMENT;
  a.line_reason = "A: no";
  b.reject_line = 3;
  b.line_answer = PROMO_ERR_INVALID_ARGUMENT;
  b.line_reason = "B: no";
  promo_validator v[2] = {validator_of(&a, false, true),
                          validator_of(&b, false, true)};
  promo_apply_options opts = options_of(v, 2);
  codes before = codes_of(o);
  /* No line is left. The failure is named by the latest validator in
   * pipeline order that skipped a line, whose lines came closest: the host
   * (lines 0 and 3), not R4 (line 1). */
  ck_assert_int_eq(promo_apply(r, o, "E3-ONLY", 7, &opts),
                   PROMO_ERR_REJECTED_BY_HOST);
  ck_assert_int_eq(promo_result_line_status(r, 0), PROMO_ERR_REJECTED_BY_HOST);
  ck_assert_int_eq(promo_result_line_status(r, 1),
                   PROMO_ERR_NOT_NEW_SUBSCRIPTION);
  ck_assert_int_eq(promo_result_line_status(r, 2), PROMO_ERR_NOT_APPLICABLE);
  ck_assert_int_eq(promo_result_line_status(r, 3), PROMO_ERR_REJECTED_BY_HOST);
  ck_assert_str_eq(promo_result_line_reason(r, 0), "A: no");
  ck_assert_str_eq(promo_result_line_reason(r, 3), "B: no");
  ck_assert_int_eq(promo_result_discount(r), 0);
  assert_same_codes(&before, o);
  /* B never saw line 0, which A had already rejected. */
  ck_assert(!b.saw_line[0]);
  ck_assert(b.saw_line[3]);
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(r12_line_validator_rejecting_every_line_fails_rejected_by_host) {
  promo_catalog *cat = host_catalog();
  promo_order *o = NULL;
  MUST(promo_order_new(&o, cat));
  MUST(promo_order_set_country(o, "NL"));
  MUST(promo_order_set_currency(o, "EUR"));
  MUST(promo_order_set_placed_at(o, test_utc(2026, 3, 15, 10, 0, 0)));
  MUST(promo_order_add_line(NULL, o, "sub-a", "O365_E3", true,
                            PROMO_TERM_ANNUAL, 1, 1000));
  MUST(promo_order_add_line(NULL, o, "sub-b", "O365_E3", true,
                            PROMO_TERM_ANNUAL, 1, 1000));
  promo_result *r = NULL;
  MUST(promo_result_new(&r, NULL));
  host a, b;
  host_init(&a, "A", NULL);
  host_init(&b, "B", NULL);
  a.reject_line = 1;
  a.line_answer = PROMO_ERR_NOT_APPLICABLE;
  a.line_reason = "A: not sub-b";
  b.reject_line = 0;
  b.line_answer = PROMO_ERR_NOT_APPLICABLE;
  b.line_reason = "B: not sub-a";
  promo_validator v[2] = {validator_of(&a, false, true),
                          validator_of(&b, false, true)};
  promo_apply_options opts = options_of(v, 2);
  ck_assert_int_eq(promo_apply(r, o, "TEN", 3, &opts),
                   PROMO_ERR_REJECTED_BY_HOST);
  ck_assert_int_eq(promo_result_line_status(r, 0), PROMO_ERR_REJECTED_BY_HOST);
  ck_assert_int_eq(promo_result_line_status(r, 1), PROMO_ERR_REJECTED_BY_HOST);
  ck_assert_str_eq(promo_result_line_reason(r, 0), "B: not sub-a");
  ck_assert_str_eq(promo_result_line_reason(r, 1), "A: not sub-b");
  /* An order-level reason there is none. */
  ck_assert_str_eq(promo_result_reason(r), "");
  ck_assert_int_eq(promo_result_discount(r), 0);
  ck_assert_ptr_null(promo_order_line_promo_code(o, 0));
  ck_assert_ptr_null(promo_order_line_promo_code(o, 1));
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

/* ---- order of calls ------------------------------------------------------ */

START_TEST(r12_host_validators_run_after_the_builtins_in_the_given_order) {
  promo_catalog *cat = host_catalog();
  promo_order *o = host_order(cat, "NL");
  promo_result *r = NULL;
  MUST(promo_result_new(&r, NULL));
  call_log log = {{{0}}, 0};
  host a, b, c;
  host_init(&a, "A", &log);
  host_init(&b, "B", &log);
  host_init(&c, "C", &log);
  promo_validator v[3] = {validator_of(&a, true, true),
                          validator_of(&b, false, true),
                          validator_of(&c, true, false)};
  promo_apply_options opts = options_of(v, 3);
  /* E3-ONLY: the built-ins skip line 1 (R4) and line 2 (R9) first. */
  ck_assert_int_eq(promo_apply(r, o, "E3-ONLY", 7, &opts), PROMO_OK);
  static const char *const expected[] = {
      "A.order0", "C.order0", /* order checks, in the given order */
      "A.line0",  "B.line0",  /* then each kept line, by every validator */
      "A.line3",  "B.line3",
  };
  ck_assert_uint_eq(log.count, sizeof expected / sizeof expected[0]);
  for (size_t i = 0; i < log.count; i++) {
    ck_assert_str_eq(log.entries[i], expected[i]);
  }
  /* Callbacks see only lines the built-ins kept. */
  ck_assert(a.saw_line[0] && !a.saw_line[1] && !a.saw_line[2] && a.saw_line[3]);
  ck_assert_str_eq(a.campaign, "e3");
  ck_assert_int_eq(promo_result_line_status(r, 1),
                   PROMO_ERR_NOT_NEW_SUBSCRIPTION);
  ck_assert_int_eq(promo_result_line_status(r, 2), PROMO_ERR_NOT_APPLICABLE);
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(r12_a_validator_with_no_callbacks_is_skipped) {
  promo_catalog *cat = host_catalog();
  promo_order *o = host_order(cat, "NL");
  promo_validator v = {NULL, NULL, NULL, NULL};
  promo_apply_options opts = options_of(&v, 1);
  ck_assert_int_eq(promo_apply(NULL, o, "TEN", 3, &opts), PROMO_OK);
  ck_assert_str_eq(promo_order_line_promo_code(o, 0), "TEN");
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

/* Built-in refusals, each before any host callback. */
static const struct {
  const char *code;
  const char *country;
  bool completed;
  promo_status expected;
} BUILTIN_FIRST[] = {
    {"NOPE", "NL", false, PROMO_ERR_CODE_NOT_FOUND},     /* R1 */
    {"FUTURE", "NL", false, PROMO_ERR_NOT_YET_ACTIVE},   /* R2 */
    {"NL-ONLY", "DE", false, PROMO_ERR_WRONG_REGION},    /* R3 */
    {"TEN", "NL", true, PROMO_ERR_NOT_NEW_SUBSCRIPTION}, /* R4, order */
};

START_TEST(r12_callbacks_are_not_called_when_a_builtin_already_failed) {
  promo_catalog *cat = host_catalog();
  promo_order *o = host_order(cat, BUILTIN_FIRST[_i].country);
  MUST(promo_order_set_completed(o, BUILTIN_FIRST[_i].completed));
  promo_result *r = NULL;
  MUST(promo_result_new(&r, NULL));
  host h;
  host_init(&h, "h", NULL);
  h.order_answer = PROMO_ERR_NOT_APPLICABLE;
  h.order_reason = "never";
  promo_validator v = validator_of(&h, true, true);
  promo_apply_options opts = options_of(&v, 1);
  codes before = codes_of(o);
  ck_assert_int_eq(promo_apply(r, o, BUILTIN_FIRST[_i].code,
                               strlen(BUILTIN_FIRST[_i].code), &opts),
                   BUILTIN_FIRST[_i].expected);
  ck_assert_int_eq(h.order_calls, 0);
  ck_assert_int_eq(h.line_calls, 0);
  ck_assert_str_eq(promo_result_reason(r), "");
  assert_same_codes(&before, o);
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(r12_callbacks_are_not_called_when_builtins_skipped_every_line) {
  /* E3-ONLY on an existing O365_E3 line (R4) and a new Teams line (R9):
   * no line is left for the host to look at. */
  promo_catalog *cat = host_catalog();
  promo_order *o = NULL;
  MUST(promo_order_new(&o, cat));
  MUST(promo_order_set_id(o, "order-8"));
  MUST(promo_order_set_country(o, "NL"));
  MUST(promo_order_set_currency(o, "EUR"));
  MUST(promo_order_set_placed_at(o, test_utc(2026, 3, 15, 10, 0, 0)));
  MUST(promo_order_add_line(NULL, o, "sub-a", "O365_E3", false,
                            PROMO_TERM_ANNUAL, 1, 1000));
  MUST(promo_order_add_line(NULL, o, "sub-b", "TEAMS_ESS", true,
                            PROMO_TERM_ANNUAL, 1, 1000));
  host h;
  host_init(&h, "h", NULL);
  promo_validator v = validator_of(&h, true, true);
  promo_apply_options opts = options_of(&v, 1);
  ck_assert_int_eq(promo_apply(NULL, o, "E3-ONLY", 7, &opts),
                   PROMO_ERR_NOT_APPLICABLE);
  ck_assert_int_eq(h.order_calls + h.line_calls, 0);
  ck_assert_ptr_null(promo_order_line_promo_code(o, 0));
  ck_assert_ptr_null(promo_order_line_promo_code(o, 1));
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(r12_callbacks_are_not_called_at_the_redemption_limit) {
  promo_catalog *cat = host_catalog();
  promo_order *first = host_order(cat, "NL");
  MUST(promo_apply(NULL, first, "ONCE", 4, NULL));
  MUST(promo_order_complete(first));
  promo_order *o = host_order(cat, "NL");
  MUST(promo_order_set_id(o, "order-9"));
  host h;
  host_init(&h, "h", NULL);
  promo_validator v = validator_of(&h, true, true);
  promo_apply_options opts = options_of(&v, 1);
  codes before = codes_of(o);
  ck_assert_int_eq(promo_apply(NULL, o, "ONCE", 4, &opts),
                   PROMO_ERR_REDEMPTION_LIMIT);
  ck_assert_int_eq(h.order_calls + h.line_calls, 0);
  assert_same_codes(&before, o);
  promo_order_free(o);
  promo_order_free(first);
  promo_catalog_free(cat);
}
END_TEST

/* ---- no memory, and the reason buffer ------------------------------------ */

START_TEST(r12_no_memory_from_an_order_callback_aborts_the_apply) {
  promo_catalog *cat = host_catalog();
  promo_order *o = host_order(cat, "NL");
  promo_result *r = NULL;
  MUST(promo_result_new(&r, NULL));
  host h;
  host_init(&h, "h", NULL);
  h.order_answer = PROMO_ERR_NO_MEMORY;
  h.order_reason = "partial"; /* written before it ran out */
  promo_validator v = validator_of(&h, true, true);
  promo_apply_options opts = options_of(&v, 1);
  codes before = codes_of(o);
  ck_assert_int_eq(promo_apply(r, o, "TEN", 3, &opts), PROMO_ERR_NO_MEMORY);
  ck_assert_int_eq(promo_result_status(r), PROMO_ERR_NO_MEMORY);
  ck_assert_int_eq(promo_result_discount(r), 0);
  /* Only a rejection leaves a reason. */
  ck_assert_str_eq(promo_result_reason(r), "");
  ck_assert_int_eq(h.line_calls, 0);
  assert_same_codes(&before, o);
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(r12_no_memory_from_a_line_callback_aborts_the_apply) {
  promo_catalog *cat = host_catalog();
  promo_order *o = host_order(cat, "NL");
  promo_result *r = NULL;
  MUST(promo_result_new(&r, NULL));
  host h;
  host_init(&h, "h", NULL);
  /* Line 0 is accepted first; line 3 then runs out of memory. */
  h.reject_line = 3;
  h.line_answer = PROMO_ERR_NO_MEMORY;
  h.line_reason = "partial"; /* written before it ran out */
  promo_validator v = validator_of(&h, false, true);
  promo_apply_options opts = options_of(&v, 1);
  codes before = codes_of(o);
  ck_assert_int_eq(promo_apply(r, o, "TEN", 3, &opts), PROMO_ERR_NO_MEMORY);
  ck_assert_int_eq(promo_result_status(r), PROMO_ERR_NO_MEMORY);
  ck_assert_int_eq(promo_result_discount(r), 0);
  for (size_t i = 0; i < LINES; i++) {
    ck_assert_int_ne(promo_result_line_status(r, i), PROMO_OK);
    ck_assert_int_eq(promo_result_line_discount(r, i), 0);
    ck_assert_str_eq(promo_result_line_reason(r, i), "");
  }
  ck_assert(h.saw_line[0] && h.saw_line[3]);
  assert_same_codes(&before, o);
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(r12_a_reason_filling_all_256_bytes_without_nul_is_cut_safely) {
  promo_catalog *cat = host_catalog();
  promo_order *o = host_order(cat, "NL");
  promo_result *r = NULL;
  MUST(promo_result_new(&r, NULL));
  host h;
  host_init(&h, "h", NULL);
  h.fill_reason = true;
  h.order_answer = PROMO_ERR_REJECTED_BY_HOST;
  promo_validator v = validator_of(&h, true, false);
  promo_apply_options opts = options_of(&v, 1);
  ck_assert_int_eq(promo_apply(r, o, "TEN", 3, &opts),
                   PROMO_ERR_REJECTED_BY_HOST);
  /* 255 of the 256 'x' survive, then the NUL the library put back. */
  const char *reason = promo_result_reason(r);
  ck_assert_uint_eq(strlen(reason), PROMO_REASON_MAX - 1);
  ck_assert_int_eq(reason[0], 'x');
  ck_assert_int_eq(reason[PROMO_REASON_MAX - 2], 'x');

  /* The same at line level. */
  host_init(&h, "h", NULL);
  h.fill_reason = true;
  h.reject_line = 0;
  h.line_answer = PROMO_ERR_REJECTED_BY_HOST;
  v = validator_of(&h, false, true);
  ck_assert_int_eq(promo_apply(r, o, "TEN", 3, &opts), PROMO_OK);
  ck_assert_int_eq(promo_result_line_status(r, 0), PROMO_ERR_REJECTED_BY_HOST);
  ck_assert_uint_eq(strlen(promo_result_line_reason(r, 0)),
                    PROMO_REASON_MAX - 1);
  ck_assert_str_eq(promo_result_line_reason(r, 3), "");
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

/* ---- reasons: cut at a character boundary, always valid UTF-8 ----------- */

#define BYTES(lit) lit, sizeof(lit) - 1
#define FFFD "\xef\xbf\xbd"

/* A reason the callback wrote (NUL-terminated within the buffer), and what
 * the customer gets: each ill-formed sequence becomes one U+FFFD. */
static const struct {
  const char *raw;
  size_t len;
  const char *kept;
} REASONS[] = {
    {BYTES("First purchase only."), "First purchase only."},
    {BYTES("Alleen bij de eerste aankoop \xe2\x80\x93 sorry"),
     "Alleen bij de eerste aankoop \xe2\x80\x93 sorry"},
    {BYTES("bad \xff byte"), "bad " FFFD " byte"},
    {BYTES("Latin-1 caf\xe9"), "Latin-1 caf" FFFD},
    {BYTES("overlong \xc0\xaf"), "overlong " FFFD FFFD},
    {BYTES("surrogate \xed\xa0\x80."), "surrogate " FFFD FFFD FFFD "."},
    {BYTES("cut \xe2\x82 short"), "cut " FFFD " short"},
    /* Not at the end of a full buffer: ill-formed, not a cut. */
    {BYTES("ends in \xe2\x82"), "ends in " FFFD},
    {BYTES("past U+10FFFF \xf4\x90\x80\x80"),
     "past U+10FFFF " FFFD FFFD FFFD FFFD},
    {BYTES("\xf0\x9f\x8e\x89 party"), "\xf0\x9f\x8e\x89 party"},
};

/* Applies TEN with an order-level validator that rejects with the reason
 * `raw` (`len` bytes; `fill`: 'x' over the whole buffer instead). */
static void reject_with(promo_result *r, promo_order *o, const char *raw,
                        size_t len, bool fill) {
  host h;
  host_init(&h, "h", NULL);
  h.raw = raw;
  h.raw_len = len;
  h.fill_reason = fill;
  h.order_answer = PROMO_ERR_REJECTED_BY_HOST;
  promo_validator v = validator_of(&h, true, false);
  promo_apply_options opts = options_of(&v, 1);
  ck_assert_int_eq(promo_apply(r, o, "TEN", 3, &opts),
                   PROMO_ERR_REJECTED_BY_HOST);
}

/* The same with a line-level validator that skips line 0, in a dry run. */
static void reject_line_with(promo_result *r, promo_order *o, const char *raw,
                             size_t len) {
  host h;
  host_init(&h, "h", NULL);
  h.raw = raw;
  h.raw_len = len;
  h.reject_line = 0;
  h.line_answer = PROMO_ERR_REJECTED_BY_HOST;
  promo_validator v = validator_of(&h, false, true);
  promo_apply_options opts = options_of(&v, 1);
  opts.dry_run = true;
  MUST(promo_apply(r, o, "TEN", 3, &opts));
  ck_assert_int_eq(promo_result_line_status(r, 0), PROMO_ERR_REJECTED_BY_HOST);
}

/* Whether s is well-formed UTF-8, by a decoder of its own. */
static bool valid_utf8(const char *s) {
  const unsigned char *p = (const unsigned char *)s;
  while (*p != 0) {
    size_t n = *p < 0x80   ? 1
               : *p < 0xc2 ? 0
               : *p < 0xe0 ? 2
               : *p < 0xf0 ? 3
               : *p < 0xf5 ? 4
                           : 0;
    if (n == 0) {
      return false;
    }
    for (size_t i = 1; i < n; i++) {
      if ((p[i] & 0xc0) != 0x80) {
        return false;
      }
    }
    unsigned lo = n > 1 ? p[1] : 0x80;
    if ((*p == 0xe0 && lo < 0xa0) || (*p == 0xed && lo > 0x9f) ||
        (*p == 0xf0 && lo < 0x90) || (*p == 0xf4 && lo > 0x8f)) {
      return false;
    }
    p += n;
  }
  return true;
}

START_TEST(r12_an_ill_formed_reason_is_kept_with_u_fffd_in_its_place) {
  promo_catalog *cat = host_catalog();
  promo_order *o = host_order(cat, "NL");
  promo_result *r = NULL;
  MUST(promo_result_new(&r, NULL));
  reject_with(r, o, REASONS[_i].raw, REASONS[_i].len + 1, false);
  ck_assert_str_eq(promo_result_reason(r), REASONS[_i].kept);
  reject_line_with(r, o, REASONS[_i].raw, REASONS[_i].len + 1);
  ck_assert_str_eq(promo_result_line_reason(r, 0), REASONS[_i].kept);
  ck_assert(valid_utf8(promo_result_line_reason(r, 0)));
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(r12_a_reason_is_cut_at_a_character_boundary) {
  promo_catalog *cat = host_catalog();
  promo_order *o = host_order(cat, "NL");
  promo_result *r = NULL;
  MUST(promo_result_new(&r, NULL));
  char raw[PROMO_REASON_MAX];
  /* 254 'x' and a two-byte character: the buffer is full, without a NUL.
   * The library keeps 255 bytes, which would split the character: it is
   * dropped whole. */
  memset(raw, 'x', 254);
  memcpy(raw + 254, "\xc3\xa9", 2);
  reject_with(r, o, raw, sizeof raw, false);
  const char *reason = promo_result_reason(r);
  ck_assert_uint_eq(strlen(reason), 254);
  ck_assert(valid_utf8(reason));
  /* The same text as a callback's snprintf cuts it: 253 'x' and the first
   * two bytes of a three-byte character, then its NUL. */
  memset(raw, 'x', 253);
  memcpy(raw + 253, "\xe2\x82\0", 3);
  reject_with(r, o, raw, sizeof raw, false);
  ck_assert_uint_eq(strlen(promo_result_reason(r)), 253);
  ck_assert(valid_utf8(promo_result_reason(r)));
  /* A four-byte character that fits exactly is kept. */
  memset(raw, 'x', 251);
  memcpy(raw + 251, "\xf0\x9f\x8e\x89\0", 5);
  reject_with(r, o, raw, sizeof raw, false);
  ck_assert_uint_eq(strlen(promo_result_reason(r)), 255);
  ck_assert_str_eq(promo_result_reason(r) + 251, "\xf0\x9f\x8e\x89");
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(r12_replacements_never_make_a_reason_longer_than_the_buffer) {
  promo_catalog *cat = host_catalog();
  promo_order *o = host_order(cat, "NL");
  promo_result *r = NULL;
  MUST(promo_result_new(&r, NULL));
  char raw[PROMO_REASON_MAX];
  /* 255 ill-formed bytes: 85 U+FFFD fill the 255 bytes exactly. */
  memset(raw, 0xff, sizeof raw);
  reject_with(r, o, raw, sizeof raw, false);
  const char *reason = promo_result_reason(r);
  ck_assert_uint_eq(strlen(reason), 255);
  for (size_t i = 0; i < 255; i += 3) {
    ck_assert_int_eq(memcmp(reason + i, FFFD, 3), 0);
  }
  /* 200 'x' and 55 ill-formed bytes: 18 replacements fit (254 bytes); the
   * 19th would not, and the reason ends before it. */
  memset(raw, 'x', 200);
  memset(raw + 200, 0x80, sizeof raw - 200);
  reject_with(r, o, raw, sizeof raw, false);
  reason = promo_result_reason(r);
  ck_assert_uint_eq(strlen(reason), 254);
  ck_assert(valid_utf8(reason));
  ck_assert_int_eq(memcmp(reason + 251, FFFD, 3), 0);
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(r12_an_accepting_callback_leaves_no_reason_behind) {
  promo_catalog *cat = host_catalog();
  promo_order *o = host_order(cat, "NL");
  promo_result *r = NULL;
  MUST(promo_result_new(&r, NULL));
  host h;
  host_init(&h, "h", NULL);
  h.reason_always = true;
  h.order_reason = "scribbled while accepting";
  h.line_reason = "scribbled too";
  promo_validator v = validator_of(&h, true, true);
  promo_apply_options opts = options_of(&v, 1);
  ck_assert_int_eq(promo_apply(r, o, "TEN", 3, &opts), PROMO_OK);
  ck_assert_str_eq(promo_result_reason(r), "");
  for (size_t i = 0; i < LINES; i++) {
    ck_assert_str_eq(promo_result_line_reason(r, i), "");
  }
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(r12_dry_run_runs_the_host_validators_too) {
  promo_catalog *cat = host_catalog();
  promo_order *o = host_order(cat, "NL");
  promo_result *r = NULL;
  MUST(promo_result_new(&r, NULL));
  host h;
  host_init(&h, "h", NULL);
  h.reject_line = 0;
  h.line_answer = PROMO_ERR_NOT_APPLICABLE;
  h.line_reason = "not this one";
  promo_validator v = validator_of(&h, true, true);
  promo_apply_options opts = options_of(&v, 1);
  opts.dry_run = true;
  codes before = codes_of(o);
  ck_assert_int_eq(promo_apply(r, o, "TEN", 3, &opts), PROMO_OK);
  ck_assert_int_eq(h.order_calls, 1);
  ck_assert_str_eq(promo_result_line_reason(r, 0), "not this one");
  /* 10 % of 2000 (line 2) and of 3000 (line 3). */
  ck_assert_int_eq(promo_result_discount(r), 500);
  assert_same_codes(&before, o);
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

int main(void) {
  Suite *s = suite_create("host");
  TCase *tc = tcase_create("r12");
  tcase_add_test(
      tc, r12_order_validator_rejects_with_rejected_by_host_and_its_reason);
  tcase_add_loop_test(tc, r12_only_ok_accepts_any_other_order_answer_rejects, 0,
                      (int)(sizeof ANY_REJECT / sizeof ANY_REJECT[0]));
  tcase_add_loop_test(tc, r12_only_ok_accepts_any_other_line_answer_rejects, 0,
                      (int)(sizeof ANY_REJECT / sizeof ANY_REJECT[0]));
  tcase_add_test(tc, r12_first_rejecting_order_validator_stops_the_rest);
  tcase_add_test(tc, r12_a_line_level_reject_skips_only_that_line);
  tcase_add_test(
      tc, r12_line_rejects_after_builtin_skips_fail_with_the_builtin_status);
  tcase_add_test(
      tc, r12_line_validator_rejecting_every_line_fails_rejected_by_host);
  tcase_add_test(tc,
                 r12_host_validators_run_after_the_builtins_in_the_given_order);
  tcase_add_test(tc, r12_a_validator_with_no_callbacks_is_skipped);
  tcase_add_loop_test(
      tc, r12_callbacks_are_not_called_when_a_builtin_already_failed, 0,
      (int)(sizeof BUILTIN_FIRST / sizeof BUILTIN_FIRST[0]));
  tcase_add_test(tc,
                 r12_callbacks_are_not_called_when_builtins_skipped_every_line);
  tcase_add_test(tc, r12_callbacks_are_not_called_at_the_redemption_limit);
  tcase_add_test(tc, r12_no_memory_from_an_order_callback_aborts_the_apply);
  tcase_add_test(tc, r12_no_memory_from_a_line_callback_aborts_the_apply);
  tcase_add_test(tc,
                 r12_a_reason_filling_all_256_bytes_without_nul_is_cut_safely);
  tcase_add_loop_test(tc,
                      r12_an_ill_formed_reason_is_kept_with_u_fffd_in_its_place,
                      0, (int)(sizeof REASONS / sizeof REASONS[0]));
  tcase_add_test(tc, r12_a_reason_is_cut_at_a_character_boundary);
  tcase_add_test(tc,
                 r12_replacements_never_make_a_reason_longer_than_the_buffer);
  tcase_add_test(tc, r12_an_accepting_callback_leaves_no_reason_behind);
  tcase_add_test(tc, r12_dry_run_runs_the_host_validators_too);
  suite_add_tcase(s, tc);
  return test_run_suite(s);
}
