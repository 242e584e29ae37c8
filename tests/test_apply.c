/* test_apply.c - rules R1 to R10 and the money rules, end to end through
 * promo_apply and the public getters. Every expected number is worked out by
 * hand in a comment; after every refused apply the order is proved to be
 * exactly as it was. */
#include "support.h"
#include "text.h"

#include <check.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- fixture: the catalog ------------------------------------------------ */

typedef struct date3 {
  int y, m, d; /* y == 0: not set */
} date3;

typedef struct campaign_spec {
  const char *id;
  int64_t bps;    /* a percentage, or 0 for a fixed amount: */
  int64_t amount; /* ... off each license, in `currency` */
  const char *currency;
  date3 starts;
  date3 ends;
  const char *zone; /* NULL: UTC */
  const char *regions[4];
  const char *products[3];
  int64_t max_licenses; /* 0: no cap */
  const char *codes[3];
} campaign_spec;

/* 64 bytes, the longest code R1 accepts. */
#define CODE_64                                                                \
  "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static const campaign_spec CAMPAIGNS[] = {
    /* The spec's own example campaign. */
    {.id = "spring",
     .bps = 2000,
     .starts = {2026, 3, 1},
     .ends = {2026, 3, 31},
     .zone = "Europe/Amsterdam",
     .regions = {"NL", "BE", "155"},
     .products = {"O365_E3", "TEAMS_ESS"},
     .max_licenses = 300,
     .codes = {"SPRING-2026", "Spring-Partner"}},
    /* R2 in zones far from UTC: +14 and -11 all year. */
    {.id = "kiri",
     .bps = 1000,
     .starts = {2026, 3, 1},
     .ends = {2026, 3, 31},
     .zone = "Pacific/Kiritimati",
     .codes = {"KIRI-2026"}},
    {.id = "pago",
     .bps = 1000,
     .starts = {2026, 3, 1},
     .ends = {2026, 3, 31},
     .zone = "Pacific/Pago_Pago",
     .codes = {"PAGO-2026"}},
    /* No dates, regions, products or caps: valid everywhere, always. */
    {.id = "ten", .bps = 1000, .codes = {"TEN"}},
    {.id = "half", .bps = 5000, .codes = {"HALF"}},
    {.id = "full", .bps = 10000, .codes = {"FULL"}},
    {.id = "other", .bps = 1500, .codes = {"OTHER-CODE"}},
    {.id = "five-eur", .amount = 500, .currency = "EUR", .codes = {"FIVE-EUR"}},
    {.id = "e3-five-eur",
     .amount = 500,
     .currency = "EUR",
     .products = {"O365_E3"},
     .codes = {"E3-FIVE-EUR"}},
    /* R3. */
    {.id = "west", .bps = 1000, .regions = {"155"}, .codes = {"WEST"}},
    {.id = "europe", .bps = 1000, .regions = {"150"}, .codes = {"EUROPE"}},
    {.id = "eu", .bps = 1000, .regions = {"EU"}, .codes = {"EU-ONLY"}},
    {.id = "nl", .bps = 1000, .regions = {"NL"}, .codes = {"NL-ONLY"}},
    {.id = "us-west",
     .bps = 1000,
     .regions = {"US", "155"},
     .codes = {"US-WEST"}},
    /* R6 and R9. */
    {.id = "cap", .bps = 2000, .max_licenses = 300, .codes = {"CAP-300"}},
    {.id = "e3", .bps = 1000, .products = {"O365_E3"}, .codes = {"E3-ONLY"}},
    /* R1: bytes, not characters; and the longest code. */
    {.id = "ete", .bps = 1000, .codes = {"\xc3\x89T\xc3\x89-2026"}}, /* ÉTÉ */
    {.id = "long", .bps = 1000, .codes = {CODE_64}},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define MUST(call) ck_assert_int_eq((call), PROMO_OK)

static promo_catalog *build_catalog(const campaign_spec *specs, size_t n) {
  promo_catalog_builder *b = NULL;
  MUST(promo_catalog_builder_new(&b, NULL));
  for (size_t i = 0; i < n; i++) {
    const campaign_spec *s = &specs[i];
    promo_campaign *c = NULL;
    MUST(promo_catalog_builder_add_campaign(&c, b, s->id));
    if (s->bps != 0) {
      MUST(promo_campaign_set_percent_bps(c, s->bps));
    } else {
      MUST(promo_campaign_set_amount(c, s->amount, s->currency));
    }
    if (s->zone != NULL) {
      MUST(promo_campaign_set_time_zone(c, s->zone));
    }
    if (s->starts.y != 0) {
      MUST(promo_campaign_set_starts(c, s->starts.y, s->starts.m, s->starts.d));
    }
    if (s->ends.y != 0) {
      MUST(promo_campaign_set_ends(c, s->ends.y, s->ends.m, s->ends.d));
    }
    for (size_t k = 0; k < COUNT(s->regions) && s->regions[k]; k++) {
      MUST(promo_campaign_add_region(c, s->regions[k]));
    }
    for (size_t k = 0; k < COUNT(s->products) && s->products[k]; k++) {
      MUST(promo_campaign_add_product(c, s->products[k]));
    }
    if (s->max_licenses != 0) {
      MUST(promo_campaign_set_max_licenses(c, s->max_licenses));
    }
    for (size_t k = 0; k < COUNT(s->codes) && s->codes[k]; k++) {
      MUST(promo_campaign_add_code(c, s->codes[k], strlen(s->codes[k])));
    }
  }
  promo_catalog *cat = NULL;
  ck_assert_msg(promo_catalog_build(&cat, b) == PROMO_OK, "%s",
                promo_catalog_builder_error(b));
  promo_catalog_builder_free(b);
  return cat;
}

static promo_catalog *standard_catalog(void) {
  return build_catalog(CAMPAIGNS, COUNT(CAMPAIGNS));
}

/* A catalog of one campaign "c" with code "C" and `bps`. */
static promo_catalog *percent_catalog(int64_t bps) {
  campaign_spec spec = {.id = "c", .bps = bps, .codes = {"C"}};
  return build_catalog(&spec, 1);
}

/* ---- fixture: orders ----------------------------------------------------- */

typedef struct line_spec {
  const char *sub; /* NULL ends a list */
  const char *product;
  bool is_new;
  promo_term term;
  int64_t licenses;
  int64_t unit_price;
  const char *code; /* carried already, or NULL */
} line_spec;

#define APM PROMO_TERM_ANNUAL_PAID_MONTHLY
#define MONTHLY PROMO_TERM_MONTHLY
#define ANNUAL PROMO_TERM_ANNUAL

static void add_lines(promo_order *o, const line_spec *lines) {
  for (const line_spec *l = lines; l->sub != NULL; l++) {
    size_t index = 0;
    MUST(promo_order_add_line(&index, o, l->sub, l->product, l->is_new, l->term,
                              l->licenses, l->unit_price));
    if (l->code != NULL) {
      MUST(promo_order_set_line_promo_code(o, index, l->code, strlen(l->code)));
    }
  }
}

static promo_order *order_of(promo_catalog *cat, const char *country,
                             const char *currency, const char *zone,
                             int64_t placed, const line_spec *lines) {
  promo_order *o = NULL;
  MUST(promo_order_new(&o, cat));
  MUST(promo_order_set_id(o, "order-1001"));
  MUST(promo_order_set_country(o, country));
  MUST(promo_order_set_currency(o, currency));
  if (zone != NULL) {
    MUST(promo_order_set_time_zone(o, zone));
  }
  MUST(promo_order_set_placed_at(o, placed));
  add_lines(o, lines);
  return o;
}

/* The spec's example order, placed mid-campaign. */
static const line_spec STANDARD_LINES[] = {
    {"sub-1", "O365_E3", true, APM, 350, 1050, NULL},
    {"sub-2", "TEAMS_ESS", false, MONTHLY, 5, 400, "OLD-CODE"},
    {NULL, NULL, false, MONTHLY, 0, 0, NULL},
};

static int64_t mid_march(void) {
  return test_utc(2026, 3, 15, 10, 0, 0);
}

static promo_order *standard_order(promo_catalog *cat) {
  return order_of(cat, "NL", "EUR", "Europe/Amsterdam", mid_march(),
                  STANDARD_LINES);
}

/* An NL/EUR/UTC order placed mid-March 2026 with `lines`. */
static promo_order *plain_order(promo_catalog *cat, const line_spec *lines) {
  return order_of(cat, "NL", "EUR", NULL, mid_march(), lines);
}

static promo_result *new_result(void) {
  promo_result *r = NULL;
  MUST(promo_result_new(&r, NULL));
  return r;
}

/* ---- the order, before and after ----------------------------------------- */

#define SNAP_LINES 16
#define SNAP_TEXT 80

typedef struct text {
  bool null;
  char s[SNAP_TEXT];
} text;

typedef struct snapshot {
  text id, country, currency, zone;
  int64_t placed_at;
  bool completed;
  int64_t subtotal;
  size_t line_count;
  struct {
    text sub, product, code;
    bool is_new;
    promo_term term;
    int64_t licenses, unit_price;
  } lines[SNAP_LINES];
} snapshot;

static text text_of(const char *s) {
  text t = {s == NULL, ""};
  if (s != NULL) {
    ck_assert_uint_lt(strlen(s), SNAP_TEXT);
    strcpy(t.s, s);
  }
  return t;
}

static void snap(snapshot *s, const promo_order *o) {
  memset(s, 0, sizeof *s);
  s->id = text_of(promo_order_id(o));
  s->country = text_of(promo_order_country(o));
  s->currency = text_of(promo_order_currency(o));
  s->zone = text_of(promo_order_time_zone(o));
  s->placed_at = test_placed_at(o);
  s->completed = promo_order_completed(o);
  s->subtotal = promo_order_subtotal(o);
  s->line_count = promo_order_line_count(o);
  ck_assert_uint_le(s->line_count, SNAP_LINES);
  for (size_t i = 0; i < s->line_count; i++) {
    s->lines[i].sub = text_of(promo_order_line_subscription(o, i));
    s->lines[i].product = text_of(promo_order_line_product(o, i));
    s->lines[i].code = text_of(promo_order_line_promo_code(o, i));
    s->lines[i].is_new = promo_order_line_is_new(o, i);
    s->lines[i].term = promo_order_line_term(o, i);
    s->lines[i].licenses = promo_order_line_licenses(o, i);
    s->lines[i].unit_price = promo_order_line_unit_price(o, i);
  }
}

static void text_eq(const text *a, const text *b, const char *what) {
  ck_assert_msg(a->null == b->null && strcmp(a->s, b->s) == 0,
                "%s changed: '%s' -> '%s'", what, a->null ? "(null)" : a->s,
                b->null ? "(null)" : b->s);
}

/* The order is exactly as in `before`. */
static void assert_unchanged(const snapshot *before, const promo_order *o) {
  snapshot now;
  snap(&now, o);
  text_eq(&before->id, &now.id, "id");
  text_eq(&before->country, &now.country, "country");
  text_eq(&before->currency, &now.currency, "currency");
  text_eq(&before->zone, &now.zone, "time zone");
  ck_assert_int_eq(before->placed_at, now.placed_at);
  ck_assert(before->completed == now.completed);
  ck_assert_int_eq(before->subtotal, now.subtotal);
  ck_assert_uint_eq(before->line_count, now.line_count);
  for (size_t i = 0; i < now.line_count; i++) {
    text_eq(&before->lines[i].sub, &now.lines[i].sub, "subscription");
    text_eq(&before->lines[i].product, &now.lines[i].product, "product");
    text_eq(&before->lines[i].code, &now.lines[i].code, "promo code");
    ck_assert(before->lines[i].is_new == now.lines[i].is_new);
    ck_assert_int_eq(before->lines[i].term, now.lines[i].term);
    ck_assert_int_eq(before->lines[i].licenses, now.lines[i].licenses);
    ck_assert_int_eq(before->lines[i].unit_price, now.lines[i].unit_price);
  }
}

/* ---- applying ------------------------------------------------------------ */

static promo_status apply(promo_result *r, promo_order *o, const char *code) {
  return promo_apply(r, o, code, strlen(code), NULL);
}

/* Applies `len` bytes of `code`, expects the refusal `expected`, and proves
 * that nothing was discounted and the order is exactly as before. */
static void expect_refused_len(promo_result *r, promo_order *o,
                               const char *code, size_t len,
                               promo_status expected) {
  snapshot before;
  snap(&before, o);
  promo_status st = promo_apply(r, o, code, len, NULL);
  ck_assert_msg(st == expected, "'%.*s': %s, expected %s", (int)len, code,
                promo_status_name(st), promo_status_name(expected));
  ck_assert_int_eq(promo_result_status(r), expected);
  ck_assert_int_eq(promo_result_subtotal(r), promo_order_subtotal(o));
  ck_assert_int_eq(promo_result_discount(r), 0);
  ck_assert_int_eq(promo_result_total(r), promo_result_subtotal(r));
  ck_assert_uint_eq(promo_result_line_count(r), promo_order_line_count(o));
  for (size_t i = 0; i < promo_result_line_count(r); i++) {
    ck_assert_int_ne(promo_result_line_status(r, i), PROMO_OK);
    ck_assert_int_eq(promo_result_line_discounted_licenses(r, i), 0);
    ck_assert_int_eq(promo_result_line_discount(r, i), 0);
    ck_assert_int_eq(promo_result_line_discount_ends(r, i), 0);
  }
  assert_unchanged(&before, o);
}

static void expect_refused(promo_result *r, promo_order *o, const char *code,
                           promo_status expected) {
  expect_refused_len(r, o, code, strlen(code), expected);
}

/* ---- R1: exact match ----------------------------------------------------- */

START_TEST(r1_exact_code_applies_and_names_its_campaign) {
  promo_catalog *cat = standard_catalog();
  promo_order *o = standard_order(cat);
  promo_result *r = new_result();
  ck_assert_int_eq(apply(r, o, "SPRING-2026"), PROMO_OK);
  ck_assert_int_eq(promo_result_status(r), PROMO_OK);
  ck_assert_str_eq(promo_result_code(r), "SPRING-2026");
  ck_assert_str_eq(promo_result_campaign(r), "spring");
  ck_assert_str_eq(promo_order_line_promo_code(o, 0), "SPRING-2026");
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(r1_every_code_of_a_campaign_redeems_it) {
  promo_catalog *cat = standard_catalog();
  promo_order *o = standard_order(cat);
  promo_result *r = new_result();
  ck_assert_int_eq(apply(r, o, "Spring-Partner"), PROMO_OK);
  ck_assert_str_eq(promo_result_campaign(r), "spring");
  ck_assert_str_eq(promo_order_line_promo_code(o, 0), "Spring-Partner");
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

/* Near misses of "SPRING-2026", "Spring-Partner" and "ÉTÉ-2026": typos, not
 * bad input. Nothing is trimmed or case-folded. */
static const char *const NEAR_MISSES[] = {
    "spring-2026",              /* case */
    "Spring-2026",              /* case */
    "SPRING2026",               /* dash dropped */
    "SPRING_2026",              /* another symbol */
    "SPRING\342\200\2232026",   /* en dash, U+2013 in UTF-8 (octal) */
    "SPRING-2026 ",             /* trailing space */
    " SPRING-2026",             /* leading space */
    "SPRING-2026\xc2\xa0",      /* trailing no-break space */
    "spring-partner",           /* case of the second code */
    "\xc3\xa9t\xc3\xa9-2026",   /* "été-2026": lower case of ÉTÉ-2026 */
    "E\xcc\x81TE\xcc\x81-2026", /* ÉTÉ decomposed (NFD): other bytes */
    "NOPE",
};

START_TEST(r1_case_dashes_spaces_and_symbols_count_code_not_found) {
  promo_catalog *cat = standard_catalog();
  promo_order *o = standard_order(cat);
  promo_result *r = new_result();
  const char *code = NEAR_MISSES[_i];
  expect_refused(r, o, code, PROMO_ERR_CODE_NOT_FOUND);
  /* A typo is reported with the code as entered and no campaign. */
  ck_assert_str_eq(promo_result_code(r), code);
  ck_assert_ptr_null(promo_result_campaign(r));
  ck_assert_int_eq(promo_result_line_status(r, 0), PROMO_ERR_CODE_NOT_FOUND);
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(r1_the_same_bytes_in_nfc_are_found) {
  promo_catalog *cat = standard_catalog();
  promo_order *o = standard_order(cat);
  promo_result *r = new_result();
  ck_assert_int_eq(apply(r, o, "\xc3\x89T\xc3\x89-2026"), PROMO_OK);
  ck_assert_str_eq(promo_result_campaign(r), "ete");
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

#define BYTES(lit) lit, sizeof(lit) - 1

static const struct {
  const char *code;
  size_t len;
} BAD_SYNTAX[] = {
    {BYTES("")},                /* empty */
    {BYTES(CODE_64 "x")},       /* 65 bytes */
    {BYTES("\xff")},            /* not UTF-8 */
    {BYTES("SPRING-2026\xc3")}, /* truncated sequence */
    {BYTES("\xc0\xafSPRING")},  /* overlong '/' */
    {BYTES("\xed\xa0\x80")},    /* a UTF-16 surrogate */
    {BYTES("SPRING\n2026")},    /* control character */
    {BYTES("SPRING-2026\r")},   /* control character */
    {BYTES("SPRING\0-2026")},   /* NUL inside the length */
    {BYTES("SPRING\x7f")},      /* DEL */
    {BYTES("SPRING\xc2\x85")},  /* U+0085, a C1 control */
};

START_TEST(r1_bad_syntax_is_malformed_code_with_no_code_in_the_result) {
  promo_catalog *cat = standard_catalog();
  promo_order *o = standard_order(cat);
  promo_result *r = new_result();
  expect_refused_len(r, o, BAD_SYNTAX[_i].code, BAD_SYNTAX[_i].len,
                     PROMO_ERR_MALFORMED_CODE);
  ck_assert_ptr_null(promo_result_code(r));
  ck_assert_ptr_null(promo_result_campaign(r));
  /* No line was looked at: each reads as the apply's status. */
  ck_assert_int_eq(promo_result_line_status(r, 0), PROMO_ERR_MALFORMED_CODE);
  ck_assert_int_eq(promo_result_line_status(r, 1), PROMO_ERR_MALFORMED_CODE);
  /* R1's reason says what is wrong with it. */
  const char *why = NULL;
  ck_assert_int_ne(
      promo_code_syntax(BAD_SYNTAX[_i].code, BAD_SYNTAX[_i].len, &why),
      PROMO_OK);
  ck_assert_str_eq(promo_result_error(r), why);
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(r1_a_malformed_code_is_the_customers_a_null_one_the_callers) {
  promo_catalog *cat = standard_catalog();
  promo_order *o = standard_order(cat);
  promo_result *r = new_result();
  /* The customer typed a line break: malformed_code, R1's reason. */
  expect_refused(r, o, "SPRING\n2026", PROMO_ERR_MALFORMED_CODE);
  const char *why = NULL;
  ck_assert_int_ne(promo_code_syntax("SPRING\n2026", 11, &why), PROMO_OK);
  ck_assert_str_eq(promo_result_error(r), why);
  /* The caller passed no code at all: invalid_argument. */
  ck_assert_int_eq(promo_apply(r, o, NULL, 0, NULL),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_str_eq(promo_result_error(r), "the code is NULL");
  /* Both at once: the caller's mistake (an incomplete order refuses every
   * code) is reported, not hidden behind the customer's typo. */
  promo_order *incomplete = NULL;
  MUST(promo_order_new(&incomplete, cat));
  expect_refused(r, incomplete, "SPRING\n2026", PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_str_eq(promo_result_error(r),
                   "the order is incomplete: it has no country, currency, "
                   "placed_at, lines");
  ck_assert_ptr_null(promo_result_code(r));
  promo_order_free(incomplete);
  /* A well-formed code that is not in the catalog has no error text. */
  expect_refused(r, o, "SPRING-2O26", PROMO_ERR_CODE_NOT_FOUND);
  ck_assert_str_eq(promo_result_error(r), "");
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(r1_a_code_of_64_bytes_is_looked_up) {
  promo_catalog *cat = standard_catalog();
  promo_order *o = standard_order(cat);
  promo_result *r = new_result();
  /* 64 bytes that are not a code: a typo, not bad input. */
  expect_refused(
      r, o, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeF",
      PROMO_ERR_CODE_NOT_FOUND);
  ck_assert_int_eq(apply(r, o, CODE_64), PROMO_OK);
  ck_assert_str_eq(promo_result_code(r), CODE_64);
  ck_assert_str_eq(promo_result_campaign(r), "long");
  ck_assert_str_eq(promo_order_line_promo_code(o, 0), CODE_64);
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(r1_the_code_is_len_bytes_and_needs_no_nul) {
  promo_catalog *cat = standard_catalog();
  promo_order *o = standard_order(cat);
  promo_result *r = new_result();
  const char buffer[] = "SPRING-2026XYZ";
  ck_assert_int_eq(promo_apply(r, o, buffer, 11, NULL), PROMO_OK);
  ck_assert_str_eq(promo_result_code(r), "SPRING-2026");
  ck_assert_str_eq(promo_order_line_promo_code(o, 0), "SPRING-2026");
  /* One byte short is another code, and not one of ours. */
  expect_refused_len(r, o, buffer, 10, PROMO_ERR_CODE_NOT_FOUND);
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

/* ---- R2: expiry and start ------------------------------------------------ */

/* One new O365_E3 line: every campaign of the fixture that has dates takes
 * it from an NL/EUR order. */
static const line_spec ONE_E3_LINE[] = {
    {"sub-1", "O365_E3", true, APM, 10, 1000, NULL},
    {NULL, NULL, false, MONTHLY, 0, 0, NULL},
};

/* The order's own zone is deliberately another far-off one: R2 reads the
 * campaign's dates in the campaign's zone only. */
static const struct {
  const char *code;
  const char *order_zone;
  int y, mo, d, h, mi, s; /* placed at, UTC */
  promo_status expected;
} WINDOW[] = {
    /* Kiritimati (+14): 2026-04-01T00:00+14 is 2026-03-31T10:00Z. */
    {"KIRI-2026", "Pacific/Pago_Pago", 2026, 3, 31, 9, 59, 59, PROMO_OK},
    {"KIRI-2026", "Pacific/Pago_Pago", 2026, 3, 31, 10, 0, 0,
     PROMO_ERR_EXPIRED},
    {"KIRI-2026", "UTC", 2026, 3, 31, 23, 59, 59, PROMO_ERR_EXPIRED},
    /* 2026-03-01T00:00+14 is 2026-02-28T10:00Z. */
    {"KIRI-2026", "Pacific/Pago_Pago", 2026, 2, 28, 9, 59, 59,
     PROMO_ERR_NOT_YET_ACTIVE},
    {"KIRI-2026", "Pacific/Pago_Pago", 2026, 2, 28, 10, 0, 0, PROMO_OK},
    /* Pago Pago (-11): 2026-04-01T00:00-11 is 2026-04-01T11:00Z. */
    {"PAGO-2026", "Pacific/Kiritimati", 2026, 4, 1, 10, 59, 59, PROMO_OK},
    {"PAGO-2026", "Pacific/Kiritimati", 2026, 4, 1, 11, 0, 0,
     PROMO_ERR_EXPIRED},
    /* 2026-03-01T00:00-11 is 2026-03-01T11:00Z. */
    {"PAGO-2026", "Pacific/Kiritimati", 2026, 3, 1, 10, 59, 59,
     PROMO_ERR_NOT_YET_ACTIVE},
    {"PAGO-2026", "Pacific/Kiritimati", 2026, 3, 1, 11, 0, 0, PROMO_OK},
    {"PAGO-2026", "UTC", 2026, 3, 1, 0, 0, 0, PROMO_ERR_NOT_YET_ACTIVE},
    /* Amsterdam: 31 March 2026 is summer time (+2), so the campaign ends
     * at 2026-03-31T22:00Z; 1 March is winter time (+1), so it starts at
     * 2026-02-28T23:00Z. */
    {"SPRING-2026", "UTC", 2026, 3, 31, 21, 59, 59, PROMO_OK},
    {"SPRING-2026", "UTC", 2026, 3, 31, 22, 0, 0, PROMO_ERR_EXPIRED},
    {"SPRING-2026", "UTC", 2026, 2, 28, 22, 59, 59, PROMO_ERR_NOT_YET_ACTIVE},
    {"SPRING-2026", "UTC", 2026, 2, 28, 23, 0, 0, PROMO_OK},
    /* Long after and long before. */
    {"SPRING-2026", "UTC", 2027, 3, 15, 0, 0, 0, PROMO_ERR_EXPIRED},
    {"SPRING-2026", "UTC", 2025, 3, 15, 0, 0, 0, PROMO_ERR_NOT_YET_ACTIVE},
};

START_TEST(r2_expired_from_first_second_after_last_day_in_zone) {
  promo_catalog *cat = standard_catalog();
  int64_t placed = test_utc(WINDOW[_i].y, WINDOW[_i].mo, WINDOW[_i].d,
                            WINDOW[_i].h, WINDOW[_i].mi, WINDOW[_i].s);
  promo_order *o =
      order_of(cat, "NL", "EUR", WINDOW[_i].order_zone, placed, ONE_E3_LINE);
  promo_result *r = new_result();
  if (WINDOW[_i].expected == PROMO_OK) {
    ck_assert_int_eq(apply(r, o, WINDOW[_i].code), PROMO_OK);
    ck_assert_str_eq(promo_order_line_promo_code(o, 0), WINDOW[_i].code);
  } else {
    expect_refused(r, o, WINDOW[_i].code, WINDOW[_i].expected);
    /* The code was found: the campaign is named. */
    ck_assert_ptr_nonnull(promo_result_campaign(r));
  }
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(r2_expiry_is_checked_before_region) {
  /* Expired and in the wrong region: the earlier rule speaks. */
  promo_catalog *cat = standard_catalog();
  promo_order *o = order_of(cat, "US", "USD", NULL,
                            test_utc(2026, 4, 2, 0, 0, 0), ONE_E3_LINE);
  promo_result *r = new_result();
  expect_refused(r, o, "SPRING-2026", PROMO_ERR_EXPIRED);
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

/* ---- R3: region ---------------------------------------------------------- */

static const struct {
  const char *code;
  const char *country;
  promo_status expected;
} REGIONS[] = {
    /* 155 Western Europe: AT BE CH DE FR LI LU MC NL. */
    {"WEST", "NL", PROMO_OK},
    {"WEST", "DE", PROMO_OK},
    {"WEST", "CH", PROMO_OK},
    {"WEST", "PL", PROMO_ERR_WRONG_REGION}, /* 151 Eastern Europe */
    {"WEST", "GB", PROMO_ERR_WRONG_REGION}, /* 154 Northern Europe */
    {"WEST", "US", PROMO_ERR_WRONG_REGION},
    /* 150 Europe holds 151, 154, 155 and 39. */
    {"EUROPE", "PL", PROMO_OK},
    {"EUROPE", "GB", PROMO_OK},
    {"EUROPE", "NO", PROMO_OK},
    {"EUROPE", "IT", PROMO_OK},
    {"EUROPE", "NL", PROMO_OK},
    {"EUROPE", "US", PROMO_ERR_WRONG_REGION},
    {"EUROPE", "JP", PROMO_ERR_WRONG_REGION},
    /* EU: the member states only. */
    {"EU-ONLY", "DE", PROMO_OK},
    {"EU-ONLY", "PL", PROMO_OK},
    {"EU-ONLY", "IE", PROMO_OK},
    {"EU-ONLY", "CH", PROMO_ERR_WRONG_REGION},
    {"EU-ONLY", "NO", PROMO_ERR_WRONG_REGION},
    {"EU-ONLY", "US", PROMO_ERR_WRONG_REGION},
    /* One country. */
    {"NL-ONLY", "NL", PROMO_OK},
    {"NL-ONLY", "BE", PROMO_ERR_WRONG_REGION},
    /* A country and a grouping. */
    {"US-WEST", "US", PROMO_OK},
    {"US-WEST", "DE", PROMO_OK},
    {"US-WEST", "CA", PROMO_ERR_WRONG_REGION},
    /* No regions means everywhere. */
    {"TEN", "JP", PROMO_OK},
    {"TEN", "BR", PROMO_OK},
    {"TEN", "AQ", PROMO_OK},
    /* The spec's example lists NL, BE and 155. */
    {"SPRING-2026", "LU", PROMO_OK},
    {"SPRING-2026", "DK", PROMO_ERR_WRONG_REGION},
};

START_TEST(r3_order_country_must_be_or_lie_in_a_campaign_region) {
  promo_catalog *cat = standard_catalog();
  promo_order *o =
      order_of(cat, REGIONS[_i].country, "EUR", NULL, mid_march(), ONE_E3_LINE);
  promo_result *r = new_result();
  if (REGIONS[_i].expected == PROMO_OK) {
    ck_assert_msg(apply(r, o, REGIONS[_i].code) == PROMO_OK, "%s in %s: %s",
                  REGIONS[_i].code, REGIONS[_i].country,
                  promo_status_name(promo_result_status(r)));
  } else {
    expect_refused(r, o, REGIONS[_i].code, REGIONS[_i].expected);
  }
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

/* ---- R4: new subscriptions only ------------------------------------------ */

START_TEST(r4_a_completed_order_takes_no_code) {
  promo_catalog *cat = standard_catalog();
  promo_order *o = standard_order(cat);
  MUST(promo_order_set_completed(o, true));
  promo_result *r = new_result();
  expect_refused(r, o, "TEN", PROMO_ERR_NOT_NEW_SUBSCRIPTION);
  ck_assert_str_eq(promo_result_campaign(r), "ten");
  ck_assert_int_eq(promo_result_line_status(r, 0),
                   PROMO_ERR_NOT_NEW_SUBSCRIPTION);
  ck_assert(promo_order_completed(o));
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(r4_an_existing_line_is_skipped_while_a_new_line_takes_the_code) {
  static const line_spec lines[] = {
      {"sub-old", "O365_E3", false, APM, 10, 1000, NULL},
      {"sub-new", "O365_E3", true, APM, 10, 1000, NULL},
      {NULL, NULL, false, MONTHLY, 0, 0, NULL},
  };
  promo_catalog *cat = standard_catalog();
  promo_order *o = plain_order(cat, lines);
  promo_result *r = new_result();
  ck_assert_int_eq(apply(r, o, "TEN"), PROMO_OK);
  ck_assert_int_eq(promo_result_line_status(r, 0),
                   PROMO_ERR_NOT_NEW_SUBSCRIPTION);
  ck_assert_int_eq(promo_result_line_status(r, 1), PROMO_OK);
  ck_assert_ptr_null(promo_order_line_promo_code(o, 0));
  ck_assert_str_eq(promo_order_line_promo_code(o, 1), "TEN");
  /* 10 x 1000 x 10 % = 1000 off the new line only. */
  ck_assert_int_eq(promo_result_line_discount(r, 0), 0);
  ck_assert_int_eq(promo_result_line_discount(r, 1), 1000);
  ck_assert_int_eq(promo_result_discount(r), 1000);
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(r4_only_existing_lines_is_not_new_subscription) {
  static const line_spec lines[] = {
      {"sub-a", "O365_E3", false, APM, 10, 1000, NULL},
      {"sub-b", "TEAMS_ESS", false, MONTHLY, 1, 400, NULL},
      {NULL, NULL, false, MONTHLY, 0, 0, NULL},
  };
  promo_catalog *cat = standard_catalog();
  promo_order *o = plain_order(cat, lines);
  promo_result *r = new_result();
  expect_refused(r, o, "TEN", PROMO_ERR_NOT_NEW_SUBSCRIPTION);
  ck_assert_int_eq(promo_result_line_status(r, 0),
                   PROMO_ERR_NOT_NEW_SUBSCRIPTION);
  ck_assert_int_eq(promo_result_line_status(r, 1),
                   PROMO_ERR_NOT_NEW_SUBSCRIPTION);
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

/* ---- R5: one code per subscription --------------------------------------- */

START_TEST(r5_a_line_carrying_another_code_is_skipped_already_has_promo) {
  static const line_spec lines[] = {
      {"sub-a", "O365_E3", true, APM, 10, 1000, "OTHER-CODE"},
      {"sub-b", "O365_E3", true, APM, 10, 1000, NULL},
      {NULL, NULL, false, MONTHLY, 0, 0, NULL},
  };
  promo_catalog *cat = standard_catalog();
  promo_order *o = plain_order(cat, lines);
  promo_result *r = new_result();
  ck_assert_int_eq(apply(r, o, "TEN"), PROMO_OK);
  ck_assert_int_eq(promo_result_line_status(r, 0), PROMO_ERR_ALREADY_HAS_PROMO);
  ck_assert_int_eq(promo_result_line_status(r, 1), PROMO_OK);
  ck_assert_str_eq(promo_order_line_promo_code(o, 0), "OTHER-CODE");
  ck_assert_str_eq(promo_order_line_promo_code(o, 1), "TEN");
  ck_assert_int_eq(promo_result_line_discount(r, 0), 0);
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(r5_a_code_from_outside_the_catalog_also_blocks_the_line) {
  static const line_spec lines[] = {
      {"sub-a", "O365_E3", true, APM, 10, 1000, "LEGACY-1"},
      {NULL, NULL, false, MONTHLY, 0, 0, NULL},
  };
  promo_catalog *cat = standard_catalog();
  promo_order *o = plain_order(cat, lines);
  promo_result *r = new_result();
  expect_refused(r, o, "TEN", PROMO_ERR_ALREADY_HAS_PROMO);
  ck_assert_int_eq(promo_result_line_status(r, 0), PROMO_ERR_ALREADY_HAS_PROMO);
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(r5_another_code_of_the_same_campaign_is_still_another_code) {
  /* SPRING-2026 and Spring-Partner redeem one campaign, but a subscription
   * carrying one cannot take the other. */
  static const line_spec lines[] = {
      {"sub-a", "O365_E3", true, APM, 10, 1000, "SPRING-2026"},
      {NULL, NULL, false, MONTHLY, 0, 0, NULL},
  };
  promo_catalog *cat = standard_catalog();
  promo_order *o = plain_order(cat, lines);
  promo_result *r = new_result();
  expect_refused(r, o, "Spring-Partner", PROMO_ERR_ALREADY_HAS_PROMO);
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(r5_same_code_again_is_a_no_op_never_a_double_discount) {
  promo_catalog *cat = standard_catalog();
  promo_order *o = standard_order(cat);
  promo_result *r = new_result();
  /* Line 0: 350 licenses capped at 300 (R6), 300 x 1050 x 20 % = 63000.
   * Line 1 is an existing subscription. Subtotal 350 x 1050 + 5 x 400 =
   * 367500 + 2000 = 369500; total 369500 - 63000 = 306500. */
  for (int round = 0; round < 3; round++) {
    ck_assert_int_eq(apply(r, o, "SPRING-2026"), PROMO_OK);
    ck_assert_int_eq(promo_result_line_status(r, 0), PROMO_OK);
    ck_assert_int_eq(promo_result_line_discounted_licenses(r, 0), 300);
    ck_assert_int_eq(promo_result_line_discount(r, 0), 63000);
    ck_assert_int_eq(promo_result_subtotal(r), 369500);
    ck_assert_int_eq(promo_result_discount(r), 63000);
    ck_assert_int_eq(promo_result_total(r), 306500);
    ck_assert_str_eq(promo_order_line_promo_code(o, 0), "SPRING-2026");
    ck_assert_str_eq(promo_order_line_promo_code(o, 1), "OLD-CODE");
  }
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(r5_one_code_serves_several_subscriptions_of_one_order) {
  static const line_spec lines[] = {
      {"sub-a", "O365_E3", true, APM, 10, 1000, NULL},
      {"sub-b", "TEAMS_ESS", true, MONTHLY, 4, 400, NULL},
      {"sub-c", "O365_E3", true, ANNUAL, 1, 12000, NULL},
      {NULL, NULL, false, MONTHLY, 0, 0, NULL},
  };
  promo_catalog *cat = standard_catalog();
  promo_order *o = plain_order(cat, lines);
  promo_result *r = new_result();
  ck_assert_int_eq(apply(r, o, "TEN"), PROMO_OK);
  /* 10 % of 10000, 1600 and 12000: 1000 + 160 + 1200 = 2360 off 23600. */
  static const int64_t discount[] = {1000, 160, 1200};
  for (size_t i = 0; i < 3; i++) {
    ck_assert_int_eq(promo_result_line_status(r, i), PROMO_OK);
    ck_assert_int_eq(promo_result_line_discount(r, i), discount[i]);
    ck_assert_str_eq(promo_order_line_promo_code(o, i), "TEN");
  }
  ck_assert_int_eq(promo_result_subtotal(r), 23600);
  ck_assert_int_eq(promo_result_discount(r), 2360);
  ck_assert_int_eq(promo_result_total(r), 21240);
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(r5_same_code_on_some_lines_extends_to_the_others) {
  /* sub-a took TEN earlier; sub-b was added since. Applying TEN again keeps
   * sub-a as it is and gives sub-b the code too. */
  static const line_spec lines[] = {
      {"sub-a", "O365_E3", true, APM, 10, 1000, "TEN"},
      {"sub-b", "O365_E3", true, APM, 2, 1000, NULL},
      {NULL, NULL, false, MONTHLY, 0, 0, NULL},
  };
  promo_catalog *cat = standard_catalog();
  promo_order *o = plain_order(cat, lines);
  promo_result *r = new_result();
  ck_assert_int_eq(apply(r, o, "TEN"), PROMO_OK);
  /* 1000 + 200. */
  ck_assert_int_eq(promo_result_line_discount(r, 0), 1000);
  ck_assert_int_eq(promo_result_line_discount(r, 1), 200);
  ck_assert_int_eq(promo_result_discount(r), 1200);
  ck_assert_str_eq(promo_order_line_promo_code(o, 0), "TEN");
  ck_assert_str_eq(promo_order_line_promo_code(o, 1), "TEN");
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

/* ---- R6: license cap ----------------------------------------------------- */

static const struct {
  int64_t licenses, discounted, discount, subtotal, total;
} CAP[] = {
    /* CAP-300: 20 % of 1050 is 210 a discounted license. */
    {1, 1, 210, 1050, 840},
    {299, 299, 62790, 313950, 251160},
    {300, 300, 63000, 315000, 252000},
    /* 50 licenses over the cap pay full price: 50 x 1050 + 300 x 840 =
     * 52500 + 252000 = 304500 = 367500 - 63000. */
    {350, 300, 63000, 367500, 304500},
    {301, 300, 63000, 316050, 253050},
};

START_TEST(r6_only_licenses_up_to_the_cap_are_discounted) {
  line_spec lines[] = {
      {"sub-1", "O365_E3", true, APM, CAP[_i].licenses, 1050, NULL},
      {NULL, NULL, false, MONTHLY, 0, 0, NULL},
  };
  promo_catalog *cat = standard_catalog();
  promo_order *o = plain_order(cat, lines);
  promo_result *r = new_result();
  ck_assert_int_eq(apply(r, o, "CAP-300"), PROMO_OK);
  ck_assert_int_eq(promo_result_line_discounted_licenses(r, 0),
                   CAP[_i].discounted);
  ck_assert_int_eq(promo_result_line_discount(r, 0), CAP[_i].discount);
  ck_assert_int_eq(promo_result_subtotal(r), CAP[_i].subtotal);
  ck_assert_int_eq(promo_result_discount(r), CAP[_i].discount);
  ck_assert_int_eq(promo_result_total(r), CAP[_i].total);
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(r6_the_cap_is_per_subscription_not_per_order) {
  static const line_spec lines[] = {
      {"sub-1", "O365_E3", true, APM, 200, 1050, NULL},
      {"sub-2", "O365_E3", true, APM, 200, 1050, NULL},
      {NULL, NULL, false, MONTHLY, 0, 0, NULL},
  };
  promo_catalog *cat = standard_catalog();
  promo_order *o = plain_order(cat, lines);
  promo_result *r = new_result();
  ck_assert_int_eq(apply(r, o, "CAP-300"), PROMO_OK);
  /* 400 licenses in all, but each line is under 300: 2 x 200 x 210. */
  ck_assert_int_eq(promo_result_line_discounted_licenses(r, 0), 200);
  ck_assert_int_eq(promo_result_line_discounted_licenses(r, 1), 200);
  ck_assert_int_eq(promo_result_discount(r), 84000);
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

/* ---- R7 / R8: how long the discount lasts -------------------------------- */

static const struct {
  promo_term term;
  const char *zone;         /* the order's */
  int py, pmo, pd, ph, pmi; /* placed, UTC */
  int ey, emo, ed, eh, emi; /* discount ends, UTC */
} TERMS[] = {
    /* One calendar month, one calendar year. */
    {MONTHLY, "UTC", 2026, 3, 15, 10, 0, 2026, 4, 15, 10, 0},
    {ANNUAL, "UTC", 2026, 3, 15, 10, 0, 2027, 3, 15, 10, 0},
    {APM, "UTC", 2026, 3, 15, 10, 0, 2027, 3, 15, 10, 0},
    /* Clamped to the month's last day. */
    {MONTHLY, "UTC", 2026, 1, 31, 12, 0, 2026, 2, 28, 12, 0},
    {MONTHLY, "UTC", 2028, 1, 31, 12, 0, 2028, 2, 29, 12, 0},
    {MONTHLY, "UTC", 2026, 3, 31, 12, 0, 2026, 4, 30, 12, 0},
    {MONTHLY, "UTC", 2026, 12, 31, 23, 59, 2027, 1, 31, 23, 59},
    {ANNUAL, "UTC", 2028, 2, 29, 12, 0, 2029, 2, 28, 12, 0},
    {APM, "UTC", 2028, 2, 29, 12, 0, 2029, 2, 28, 12, 0},
    /* Wall-clock time kept across DST. Amsterdam 2026-03-15 10:00 CET
     * (+1) is 09:00Z; 2026-04-15 10:00 CEST (+2) is 08:00Z. */
    {MONTHLY, "Europe/Amsterdam", 2026, 3, 15, 9, 0, 2026, 4, 15, 8, 0},
    /* New York 2026-10-15 10:00 EDT (-4) is 14:00Z; 2026-11-15 10:00 EST
     * (-5) is 15:00Z. */
    {MONTHLY, "America/New_York", 2026, 10, 15, 14, 0, 2026, 11, 15, 15, 0},
    /* Amsterdam 2026-07-01 12:00 CEST is 10:00Z; 2027-07-01 12:00 CEST
     * too: no DST change in between at the same season. */
    {ANNUAL, "Europe/Amsterdam", 2026, 7, 1, 10, 0, 2027, 7, 1, 10, 0},
    /* Counted in the ORDER's zone. Kiritimati: 2026-01-30T23:30Z is
     * 31 January 13:30 there; one month on is 28 February 13:30 there,
     * 2026-02-27T23:30Z. (In UTC it would be 2026-02-28T23:30Z.) */
    {MONTHLY, "Pacific/Kiritimati", 2026, 1, 30, 23, 30, 2026, 2, 27, 23, 30},
    /* Pago Pago: 2026-03-01T05:00Z is 28 February 18:00 there; one month
     * on is 28 March 18:00, 2026-03-29T05:00Z. (UTC: 2026-04-01T05:00Z.) */
    {MONTHLY, "Pacific/Pago_Pago", 2026, 3, 1, 5, 0, 2026, 3, 29, 5, 0},
    /* Pago Pago: 2027-03-01T05:00Z is 2027-02-28 18:00 there; a year on is
     * 2028-02-28 18:00, 2028-02-29T05:00Z. (UTC: 2028-03-01T05:00Z.) */
    {ANNUAL, "Pacific/Pago_Pago", 2027, 3, 1, 5, 0, 2028, 2, 29, 5, 0},
};

START_TEST(r7_discount_lasts_one_term_from_placement_in_the_order_zone) {
  line_spec lines[] = {
      {"sub-1", "O365_E3", true, TERMS[_i].term, 1, 1000, NULL},
      {NULL, NULL, false, MONTHLY, 0, 0, NULL},
  };
  promo_catalog *cat = standard_catalog();
  int64_t placed = test_utc(TERMS[_i].py, TERMS[_i].pmo, TERMS[_i].pd,
                            TERMS[_i].ph, TERMS[_i].pmi, 0);
  int64_t ends = test_utc(TERMS[_i].ey, TERMS[_i].emo, TERMS[_i].ed,
                          TERMS[_i].eh, TERMS[_i].emi, 0);
  promo_order *o = order_of(cat, "NL", "EUR", TERMS[_i].zone, placed, lines);
  promo_result *r = new_result();
  ck_assert_int_eq(apply(r, o, "TEN"), PROMO_OK);
  ck_assert_int_eq(promo_result_line_discount_ends(r, 0), ends);
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(r7_each_line_lasts_its_own_term_and_skipped_lines_none) {
  static const line_spec lines[] = {
      {"sub-m", "O365_E3", true, MONTHLY, 1, 1000, NULL},
      {"sub-a", "O365_E3", true, ANNUAL, 1, 1000, NULL},
      {"sub-x", "O365_E3", false, ANNUAL, 1, 1000, NULL},
      {"sub-p", "O365_E3", true, APM, 1, 1000, NULL},
      {NULL, NULL, false, MONTHLY, 0, 0, NULL},
  };
  promo_catalog *cat = standard_catalog();
  promo_order *o = plain_order(cat, lines); /* UTC, 2026-03-15T10:00Z */
  promo_result *r = new_result();
  ck_assert_int_eq(apply(r, o, "TEN"), PROMO_OK);
  ck_assert_int_eq(promo_result_line_discount_ends(r, 0),
                   test_utc(2026, 4, 15, 10, 0, 0));
  ck_assert_int_eq(promo_result_line_discount_ends(r, 1),
                   test_utc(2027, 3, 15, 10, 0, 0));
  ck_assert_int_eq(promo_result_line_discount_ends(r, 2), 0);
  ck_assert_int_eq(promo_result_line_discount_ends(r, 3),
                   test_utc(2027, 3, 15, 10, 0, 0));
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(r7_a_term_ending_after_year_9999_is_refused_not_misdated) {
  static const line_spec annual[] = {
      {"sub-a", "O365_E3", true, ANNUAL, 1, 1000, NULL},
      {NULL, NULL, false, MONTHLY, 0, 0, NULL},
  };
  static const line_spec monthly[] = {
      {"sub-m", "O365_E3", true, MONTHLY, 1, 1000, NULL},
      {NULL, NULL, false, MONTHLY, 0, 0, NULL},
  };
  promo_catalog *cat = standard_catalog();
  promo_result *r = new_result();
  int64_t placed = test_utc(9999, 6, 1, 0, 0, 0);
  /* 9999-06-01 + 1 year is in year 10000, which no instant of the library
   * (nor RFC 3339) can name. */
  promo_order *o = order_of(cat, "NL", "EUR", NULL, placed, annual);
  snapshot before;
  snap(&before, o);
  ck_assert_int_eq(apply(r, o, "TEN"), PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_result_discount(r), 0);
  ck_assert_str_eq(promo_result_error(r),
                   "subscription 'sub-a': its annual discount would end after "
                   "9999-12-31");
  assert_unchanged(&before, o);
  promo_order_free(o);
  /* + 1 month is still in 9999. */
  o = order_of(cat, "NL", "EUR", NULL, placed, monthly);
  ck_assert_int_eq(apply(r, o, "TEN"), PROMO_OK);
  ck_assert_int_eq(promo_result_line_discount_ends(r, 0),
                   test_utc(9999, 7, 1, 0, 0, 0));
  promo_order_free(o);
  promo_result_free(r);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(r7_a_changed_zone_or_moment_changes_the_term_end) {
  static const line_spec lines[] = {
      {"sub-m", "O365_E3", true, MONTHLY, 1, 1000, NULL},
      {NULL, NULL, false, MONTHLY, 0, 0, NULL},
  };
  promo_catalog *cat = standard_catalog();
  promo_order *o =
      order_of(cat, "NL", "EUR", NULL, test_utc(2026, 1, 30, 23, 30, 0), lines);
  promo_result *r = new_result();
  ck_assert_int_eq(apply(r, o, "TEN"), PROMO_OK);
  /* UTC: 30 January + 1 month = 28 February (clamped). */
  ck_assert_int_eq(promo_result_line_discount_ends(r, 0),
                   test_utc(2026, 2, 28, 23, 30, 0));
  MUST(promo_order_set_time_zone(o, "Pacific/Kiritimati"));
  ck_assert_int_eq(apply(r, o, "TEN"), PROMO_OK);
  /* As in the table: 2026-02-27T23:30Z. */
  ck_assert_int_eq(promo_result_line_discount_ends(r, 0),
                   test_utc(2026, 2, 27, 23, 30, 0));
  MUST(promo_order_set_placed_at(o, test_utc(2026, 5, 10, 0, 0, 0)));
  /* 10 May 14:00 there + 1 month = 10 June 14:00 there = 00:00Z. */
  ck_assert_int_eq(apply(r, o, "TEN"), PROMO_OK);
  ck_assert_int_eq(promo_result_line_discount_ends(r, 0),
                   test_utc(2026, 6, 10, 0, 0, 0));
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(r8_a_code_accepted_on_the_last_day_lasts_its_whole_term) {
  static const line_spec lines[] = {
      {"sub-1", "O365_E3", true, APM, 350, 1050, NULL},
      {"sub-2", "TEAMS_ESS", true, MONTHLY, 5, 400, NULL},
      {NULL, NULL, false, MONTHLY, 0, 0, NULL},
  };
  promo_catalog *cat = standard_catalog();
  /* 2026-03-31T21:30Z is 23:30 CEST on the campaign's last day. */
  promo_order *o = order_of(cat, "NL", "EUR", "Europe/Amsterdam",
                            test_utc(2026, 3, 31, 21, 30, 0), lines);
  promo_result *r = new_result();
  ck_assert_int_eq(apply(r, o, "SPRING-2026"), PROMO_OK);
  /* A year on, 2027-03-31 23:30 CEST (DST began 28 March 2027) =
   * 21:30Z: the spec's example. A month on, 2026-04-30 23:30 CEST. */
  int64_t campaign_end = test_utc(2026, 3, 31, 22, 0, 0);
  ck_assert_int_eq(promo_result_line_discount_ends(r, 0),
                   test_utc(2027, 3, 31, 21, 30, 0));
  ck_assert_int_eq(promo_result_line_discount_ends(r, 1),
                   test_utc(2026, 4, 30, 21, 30, 0));
  ck_assert_int_gt(promo_result_line_discount_ends(r, 1), campaign_end);
  /* 300 x 210 = 63000; 5 x 400 x 20 % = 400. */
  ck_assert_int_eq(promo_result_line_discount(r, 0), 63000);
  ck_assert_int_eq(promo_result_line_discount(r, 1), 400);
  ck_assert_int_eq(promo_result_discount(r), 63400);
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

/* ---- R9: products -------------------------------------------------------- */

START_TEST(r9_lines_for_other_products_are_skipped_not_applicable) {
  static const line_spec lines[] = {
      {"sub-e3", "O365_E3", true, APM, 10, 1000, NULL},
      {"sub-teams", "TEAMS_ESS", true, MONTHLY, 5, 400, NULL},
      {"sub-lower", "o365_e3", true, APM, 10, 1000, NULL},
      {NULL, NULL, false, MONTHLY, 0, 0, NULL},
  };
  promo_catalog *cat = standard_catalog();
  promo_order *o = plain_order(cat, lines);
  promo_result *r = new_result();
  ck_assert_int_eq(apply(r, o, "E3-ONLY"), PROMO_OK);
  ck_assert_int_eq(promo_result_line_status(r, 0), PROMO_OK);
  ck_assert_int_eq(promo_result_line_status(r, 1), PROMO_ERR_NOT_APPLICABLE);
  /* SKUs are compared byte for byte too. */
  ck_assert_int_eq(promo_result_line_status(r, 2), PROMO_ERR_NOT_APPLICABLE);
  ck_assert_str_eq(promo_order_line_promo_code(o, 0), "E3-ONLY");
  ck_assert_ptr_null(promo_order_line_promo_code(o, 1));
  ck_assert_ptr_null(promo_order_line_promo_code(o, 2));
  /* 10 % of 10000 only. */
  ck_assert_int_eq(promo_result_discount(r), 1000);
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(r9_no_line_for_a_listed_product_is_not_applicable) {
  static const line_spec lines[] = {
      {"sub-teams", "TEAMS_ESS", true, MONTHLY, 5, 400, NULL},
      {NULL, NULL, false, MONTHLY, 0, 0, NULL},
  };
  promo_catalog *cat = standard_catalog();
  promo_order *o = plain_order(cat, lines);
  promo_result *r = new_result();
  expect_refused(r, o, "E3-ONLY", PROMO_ERR_NOT_APPLICABLE);
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

/* Campaigns list products by index into the catalog's table, in sorted
 * lists: three campaigns list overlapping SKUs in different orders; every
 * line matches exactly the campaigns that list its SKU, whatever the order
 * the SKUs were first seen in, and a SKU no campaign lists matches none. */
START_TEST(r9_each_campaign_matches_exactly_the_products_it_lists) {
  promo_catalog_builder *b = NULL;
  MUST(promo_catalog_builder_new(&b, NULL));
  static const char *const IDS[] = {"evens", "threes", "all"};
  promo_campaign *c[3];
  for (int k = 0; k < 3; k++) {
    MUST(promo_catalog_builder_add_campaign(&c[k], b, IDS[k]));
    MUST(promo_campaign_set_percent_bps(c[k], 1000));
    MUST(promo_campaign_add_code(c[k], IDS[k], strlen(IDS[k])));
  }
  char sku[16];
  for (int i = 39; i >= 0; i--) { /* "threes" sees them backwards */
    snprintf(sku, sizeof sku, "SKU-%02d", i);
    if (i % 3 == 0) {
      MUST(promo_campaign_add_product(c[1], sku));
    }
  }
  for (int i = 0; i < 40; i++) {
    snprintf(sku, sizeof sku, "SKU-%02d", (i * 7) % 40); /* shuffled */
    if ((i * 7) % 40 % 2 == 0) {
      MUST(promo_campaign_add_product(c[0], sku));
    }
    MUST(promo_campaign_add_product(c[2], sku));
  }
  promo_catalog *cat = NULL;
  MUST(promo_catalog_build(&cat, b));
  promo_catalog_builder_free(b);
  promo_result *r = new_result();
  for (int i = 0; i <= 40; i++) { /* 40: a SKU no campaign lists */
    promo_order *o = NULL;
    MUST(promo_order_new(&o, cat));
    MUST(promo_order_set_country(o, "NL"));
    MUST(promo_order_set_currency(o, "EUR"));
    MUST(promo_order_set_placed_at(o, mid_march()));
    snprintf(sku, sizeof sku, "SKU-%02d", i);
    MUST(promo_order_add_line(NULL, o, "sub", sku, true, PROMO_TERM_MONTHLY, 1,
                              100));
    promo_apply_options dry = PROMO_APPLY_OPTIONS_INIT;
    dry.dry_run = true;
    const bool expected[3] = {i < 40 && i % 2 == 0, i < 40 && i % 3 == 0,
                              i < 40};
    for (int k = 0; k < 3; k++) {
      promo_status st = promo_apply(r, o, IDS[k], strlen(IDS[k]), &dry);
      ck_assert_msg(st == (expected[k] ? PROMO_OK : PROMO_ERR_NOT_APPLICABLE),
                    "%s with %s: %s", IDS[k], sku, promo_status_name(st));
    }
    promo_order_free(o);
  }
  promo_result_free(r);
  promo_catalog_free(cat);
}
END_TEST

/* ---- R10: currency ------------------------------------------------------- */

START_TEST(r10_fixed_amount_in_another_currency_is_currency_mismatch) {
  promo_catalog *cat = standard_catalog();
  promo_order *o = order_of(cat, "US", "USD", NULL, mid_march(), ONE_E3_LINE);
  promo_result *r = new_result();
  expect_refused(r, o, "FIVE-EUR", PROMO_ERR_CURRENCY_MISMATCH);
  ck_assert_int_eq(promo_result_line_status(r, 0), PROMO_ERR_CURRENCY_MISMATCH);
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(r10_fixed_amount_in_the_order_currency_is_taken_off_each_license) {
  promo_catalog *cat = standard_catalog();
  promo_order *o = plain_order(cat, ONE_E3_LINE); /* 10 x 1000 EUR cents */
  promo_result *r = new_result();
  ck_assert_int_eq(apply(r, o, "FIVE-EUR"), PROMO_OK);
  /* 500 off each of 10 licenses: 5000 off 10000. */
  ck_assert_int_eq(promo_result_line_discounted_licenses(r, 0), 10);
  ck_assert_int_eq(promo_result_line_discount(r, 0), 5000);
  ck_assert_int_eq(promo_result_total(r), 5000);
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

static const struct {
  const char *country;
  const char *currency;
  int64_t unit_price, discount; /* 3 licenses, TEN */
} ANY_CURRENCY[] = {
    {"NL", "EUR", 1000, 300}, /* 3000 cents x 10 % */
    {"US", "USD", 1999, 600}, /* 5997 x 10 % = 599.7 -> 600 */
    {"JP", "JPY", 1500, 450}, /* yen have no minor unit: 4500 x 10 % */
    {"KW", "KWD", 1234, 370}, /* three decimals: 3702 x 10 % = 370.2 */
};

START_TEST(r10_percentage_works_in_any_currency) {
  line_spec lines[] = {
      {"sub-1", "O365_E3", true, APM, 3, ANY_CURRENCY[_i].unit_price, NULL},
      {NULL, NULL, false, MONTHLY, 0, 0, NULL},
  };
  promo_catalog *cat = standard_catalog();
  promo_order *o =
      order_of(cat, ANY_CURRENCY[_i].country, ANY_CURRENCY[_i].currency, NULL,
               mid_march(), lines);
  promo_result *r = new_result();
  ck_assert_int_eq(apply(r, o, "TEN"), PROMO_OK);
  ck_assert_int_eq(promo_result_discount(r), ANY_CURRENCY[_i].discount);
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

/* ---- money --------------------------------------------------------------- */

static const struct {
  int64_t unit_price, licenses, bps, discount;
} ROUNDING[] = {
    {5, 1, 1000, 1},     /* 0.5 -> 1: half away from zero */
    {4, 1, 1000, 0},     /* 0.4 -> 0 */
    {14, 1, 1000, 1},    /* 1.4 -> 1 */
    {15, 1, 1000, 2},    /* 1.5 -> 2 */
    {25, 1, 1000, 3},    /* 2.5 -> 3, not 2 as half-to-even would give */
    {1, 1, 4999, 0},     /* 0.4999 -> 0 */
    {1, 1, 5000, 1},     /* 0.5 -> 1 */
    {1, 1, 5001, 1},     /* 0.5001 -> 1 */
    {1, 1, 1, 0},        /* 0.0001 -> 0 */
    {333, 1, 3333, 111}, /* 1109889 / 10000 = 110.9889 -> 111 */
    {1, 3, 5000, 2},     /* on the line, not per license: 1.5 -> 2 */
    {0, 10, 5000, 0},    /* a free product stays free */
    {1050, 350, 2000, 73500},
    {199, 7, 1250, 174}, /* 1393 x 12.5 % = 174.125 -> 174 */
    {7, 1, 10000, 7},
};

START_TEST(money_percent_rounds_half_away_from_zero) {
  line_spec lines[] = {
      {"sub-1", "O365_E3", true, APM, ROUNDING[_i].licenses,
       ROUNDING[_i].unit_price, NULL},
      {NULL, NULL, false, MONTHLY, 0, 0, NULL},
  };
  promo_catalog *cat = percent_catalog(ROUNDING[_i].bps);
  promo_order *o = plain_order(cat, lines);
  promo_result *r = new_result();
  ck_assert_int_eq(apply(r, o, "C"), PROMO_OK);
  ck_assert_int_eq(promo_result_line_discount(r, 0), ROUNDING[_i].discount);
  ck_assert_int_eq(promo_result_discount(r), ROUNDING[_i].discount);
  ck_assert_int_eq(promo_result_total(r),
                   ROUNDING[_i].unit_price * ROUNDING[_i].licenses -
                       ROUNDING[_i].discount);
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(money_fixed_amount_never_exceeds_the_unit_price) {
  static const line_spec lines[] = {
      {"sub-cheap", "O365_E3", true, APM, 4, 300, NULL},
      {"sub-dear", "O365_E3", true, APM, 2, 1050, NULL},
      {"sub-free", "O365_E3", true, APM, 3, 0, NULL},
      {NULL, NULL, false, MONTHLY, 0, 0, NULL},
  };
  promo_catalog *cat = standard_catalog();
  promo_order *o = plain_order(cat, lines);
  promo_result *r = new_result();
  ck_assert_int_eq(apply(r, o, "FIVE-EUR"), PROMO_OK);
  /* 500 off a 300 license is 300: 4 x 300 = 1200, the whole line. */
  ck_assert_int_eq(promo_result_line_discount(r, 0), 1200);
  /* 2 x 500 = 1000 off 2100. */
  ck_assert_int_eq(promo_result_line_discount(r, 1), 1000);
  ck_assert_int_eq(promo_result_line_discount(r, 2), 0);
  /* Subtotal 1200 + 2100 + 0 = 3300; discount 2200; total 1100. */
  ck_assert_int_eq(promo_result_subtotal(r), 3300);
  ck_assert_int_eq(promo_result_discount(r), 2200);
  ck_assert_int_eq(promo_result_total(r), 1100);
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(money_line_priced_at_int64_max_with_full_discount) {
  static const line_spec lines[] = {
      {"sub-1", "O365_E3", true, APM, 1, INT64_MAX, NULL},
      {NULL, NULL, false, MONTHLY, 0, 0, NULL},
  };
  promo_catalog *cat = standard_catalog();
  promo_order *o = plain_order(cat, lines);
  promo_result *r = new_result();
  ck_assert_int_eq(apply(r, o, "FULL"), PROMO_OK);
  ck_assert_int_eq(promo_result_subtotal(r), INT64_MAX);
  ck_assert_int_eq(promo_result_line_discount(r, 0), INT64_MAX);
  ck_assert_int_eq(promo_result_discount(r), INT64_MAX);
  ck_assert_int_eq(promo_result_total(r), 0);
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(money_half_of_int64_max_rounds_half_away_exactly) {
  static const line_spec lines[] = {
      {"sub-1", "O365_E3", true, APM, 1, INT64_MAX, NULL},
      {NULL, NULL, false, MONTHLY, 0, 0, NULL},
  };
  promo_catalog *cat = standard_catalog();
  promo_order *o = plain_order(cat, lines);
  promo_result *r = new_result();
  ck_assert_int_eq(apply(r, o, "HALF"), PROMO_OK);
  /* 9223372036854775807 / 2 = 4611686018427387903.5 -> ...904; the total
   * is 9223372036854775807 - 4611686018427387904 = 4611686018427387903. A
   * double intermediate would be off by hundreds. */
  ck_assert_int_eq(promo_result_line_discount(r, 0),
                   INT64_C(4611686018427387904));
  ck_assert_int_eq(promo_result_total(r), INT64_C(4611686018427387903));
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(money_licenses_times_price_near_int64_max_is_exact) {
  /* 3 x 3074457345618258602 = 9223372036854775806 = INT64_MAX - 1, and a
   * second line of 1 makes the subtotal exactly INT64_MAX. */
  static const line_spec lines[] = {
      {"sub-1", "O365_E3", true, APM, 3, INT64_C(3074457345618258602), NULL},
      {"sub-2", "O365_E3", true, MONTHLY, 1, 1, NULL},
      {NULL, NULL, false, MONTHLY, 0, 0, NULL},
  };
  promo_catalog *cat = standard_catalog();
  promo_order *o = plain_order(cat, lines);
  promo_result *r = new_result();
  ck_assert_int_eq(apply(r, o, "FULL"), PROMO_OK);
  ck_assert_int_eq(promo_result_subtotal(r), INT64_MAX);
  ck_assert_int_eq(promo_result_line_discount(r, 0),
                   INT64_C(9223372036854775806));
  ck_assert_int_eq(promo_result_line_discount(r, 1), 1);
  ck_assert_int_eq(promo_result_discount(r), INT64_MAX);
  ck_assert_int_eq(promo_result_total(r), 0);
  /* 10 %: 922337203685477580.6 -> ...581, and 0.1 -> 0. */
  MUST(promo_order_set_line_promo_code(o, 0, NULL, 0));
  MUST(promo_order_set_line_promo_code(o, 1, NULL, 0));
  ck_assert_int_eq(apply(r, o, "TEN"), PROMO_OK);
  ck_assert_int_eq(promo_result_line_discount(r, 0),
                   INT64_C(922337203685477581));
  ck_assert_int_eq(promo_result_line_discount(r, 1), 0);
  ck_assert_int_eq(promo_result_total(r),
                   INT64_MAX - INT64_C(922337203685477581));
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(money_totals_are_subtotal_discount_and_their_difference) {
  static const line_spec lines[] = {
      {"sub-1", "O365_E3", true, APM, 3, 1000, NULL},
      {"sub-2", "TEAMS_ESS", true, MONTHLY, 2, 455, NULL},
      {"sub-3", "TEAMS_ESS", false, MONTHLY, 5, 400, NULL},
      {NULL, NULL, false, MONTHLY, 0, 0, NULL},
  };
  promo_catalog *cat = standard_catalog();
  promo_order *o = plain_order(cat, lines);
  promo_result *r = new_result();
  ck_assert_int_eq(apply(r, o, "TEN"), PROMO_OK);
  /* Subtotal 3000 + 910 + 2000 = 5910 (the skipped line counts);
   * discount 300 + 91 = 391; total 5519. */
  ck_assert_int_eq(promo_result_subtotal(r), 5910);
  ck_assert_int_eq(promo_result_line_discount(r, 0), 300);
  ck_assert_int_eq(promo_result_line_discount(r, 1), 91);
  ck_assert_int_eq(promo_result_line_discount(r, 2), 0);
  ck_assert_int_eq(promo_result_discount(r), 391);
  ck_assert_int_eq(promo_result_total(r), 5519);
  ck_assert_int_eq(promo_order_subtotal(o), 5910);
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

/* ---- which status a refused apply reports -------------------------------- */

/* When no line takes the code, the apply reports the line that came closest
 * to taking it: the status of the latest validator, in check order, that
 * skipped a line. That is the one the customer can act on. */
static const struct {
  const char *why;
  const char *code;
  const char *currency;
  line_spec lines[3];
  promo_status expected;
} CLOSEST[] = {
    {"R9 after R4",
     "E3-ONLY",
     "EUR",
     {{"sub-a", "O365_E3", false, APM, 1, 100, NULL},
      {"sub-b", "TEAMS_ESS", true, APM, 1, 100, NULL}},
     PROMO_ERR_NOT_APPLICABLE},
    {"R9 after R4, whatever the line order",
     "E3-ONLY",
     "EUR",
     {{"sub-b", "TEAMS_ESS", true, APM, 1, 100, NULL},
      {"sub-a", "O365_E3", false, APM, 1, 100, NULL}},
     PROMO_ERR_NOT_APPLICABLE},
    {"R9 after R5",
     "E3-ONLY",
     "EUR",
     {{"sub-b", "TEAMS_ESS", true, APM, 1, 100, NULL},
      {"sub-a", "O365_E3", true, APM, 1, 100, "OTHER-CODE"}},
     PROMO_ERR_NOT_APPLICABLE},
    {"R5 after R4",
     "TEN",
     "EUR",
     {{"sub-b", "TEAMS_ESS", true, APM, 1, 100, "OTHER-CODE"},
      {"sub-a", "O365_E3", false, APM, 1, 100, NULL}},
     PROMO_ERR_ALREADY_HAS_PROMO},
    {"R10 after R9",
     "E3-FIVE-EUR",
     "USD",
     {{"sub-e3", "O365_E3", true, APM, 1, 100, NULL},
      {"sub-teams", "TEAMS_ESS", true, APM, 1, 100, NULL}},
     PROMO_ERR_CURRENCY_MISMATCH},
    /* The issue's own case: an existing subscription, and a new one in the
     * wrong currency. "Codes are for new subscriptions only" would send the
     * customer the wrong way; the currency is what they can change. */
    {"R10 after R4: the new line came closest",
     "FIVE-EUR",
     "USD",
     {{"sub-old", "O365_E3", false, APM, 1, 100, NULL},
      {"sub-new", "O365_E3", true, APM, 1, 100, NULL}},
     PROMO_ERR_CURRENCY_MISMATCH},
    {"R10 alone",
     "E3-FIVE-EUR",
     "USD",
     {{"sub-e3", "O365_E3", true, APM, 1, 100, NULL}},
     PROMO_ERR_CURRENCY_MISMATCH},
    {"R4 alone",
     "TEN",
     "EUR",
     {{"sub-a", "O365_E3", false, APM, 1, 100, NULL},
      {"sub-b", "TEAMS_ESS", false, APM, 1, 100, NULL}},
     PROMO_ERR_NOT_NEW_SUBSCRIPTION},
};

START_TEST(no_line_taking_the_code_fails_with_the_closest_lines_status) {
  promo_catalog *cat = standard_catalog();
  promo_order *o = order_of(cat, "NL", CLOSEST[_i].currency, NULL, mid_march(),
                            CLOSEST[_i].lines);
  promo_result *r = new_result();
  snapshot before;
  snap(&before, o);
  promo_status st = apply(r, o, CLOSEST[_i].code);
  ck_assert_msg(st == CLOSEST[_i].expected, "%s: got %s", CLOSEST[_i].why,
                promo_status_name(st));
  assert_unchanged(&before, o);
  /* And the whole refusal, once more: nothing discounted, nothing kept. */
  expect_refused(r, o, CLOSEST[_i].code, CLOSEST[_i].expected);
  for (size_t i = 0; i < promo_result_line_count(r); i++) {
    ck_assert_int_ne(promo_result_line_status(r, i), PROMO_OK);
  }
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(skipped_lines_report_their_own_status_when_the_apply_succeeds) {
  static const line_spec lines[] = {
      {"sub-old", "O365_E3", false, APM, 1, 1000, NULL},
      {"sub-coded", "O365_E3", true, APM, 1, 1000, "OTHER-CODE"},
      {"sub-teams", "TEAMS_ESS", true, APM, 1, 1000, NULL},
      {"sub-ok", "O365_E3", true, APM, 1, 1000, NULL},
      {NULL, NULL, false, MONTHLY, 0, 0, NULL},
  };
  promo_catalog *cat = standard_catalog();
  promo_order *o = plain_order(cat, lines);
  promo_result *r = new_result();
  ck_assert_int_eq(apply(r, o, "E3-ONLY"), PROMO_OK);
  ck_assert_uint_eq(promo_result_line_count(r), 4);
  ck_assert_int_eq(promo_result_line_status(r, 0),
                   PROMO_ERR_NOT_NEW_SUBSCRIPTION);
  ck_assert_int_eq(promo_result_line_status(r, 1), PROMO_ERR_ALREADY_HAS_PROMO);
  ck_assert_int_eq(promo_result_line_status(r, 2), PROMO_ERR_NOT_APPLICABLE);
  ck_assert_int_eq(promo_result_line_status(r, 3), PROMO_OK);
  for (size_t i = 0; i < 3; i++) {
    ck_assert_int_eq(promo_result_line_discounted_licenses(r, i), 0);
    ck_assert_int_eq(promo_result_line_discount(r, i), 0);
    ck_assert_int_eq(promo_result_line_discount_ends(r, i), 0);
    ck_assert_str_eq(promo_result_line_reason(r, i), "");
  }
  ck_assert_ptr_null(promo_order_line_promo_code(o, 0));
  ck_assert_str_eq(promo_order_line_promo_code(o, 1), "OTHER-CODE");
  ck_assert_ptr_null(promo_order_line_promo_code(o, 2));
  ck_assert_str_eq(promo_order_line_promo_code(o, 3), "E3-ONLY");
  /* Out of range reads as nothing. */
  ck_assert_int_eq(promo_result_line_status(r, 4), PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_result_line_discount(r, 4), 0);
  ck_assert_str_eq(promo_result_line_reason(r, 4), "");
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

/* ---- incomplete orders --------------------------------------------------- */

enum missing { NO_COUNTRY, BAD_COUNTRY, NO_CURRENCY, NO_PLACED_AT, NO_LINES };

START_TEST(an_incomplete_order_is_invalid_argument) {
  promo_catalog *cat = standard_catalog();
  promo_order *o = NULL;
  MUST(promo_order_new(&o, cat));
  MUST(promo_order_set_id(o, "order-1"));
  if (_i == BAD_COUNTRY) {
    /* Not real ISO 3166-1 territories: refused when set, so still none. */
    ck_assert_int_eq(promo_order_set_country(o, "XX"),
                     PROMO_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(promo_order_set_country(o, "150"),
                     PROMO_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(promo_order_set_country(o, "nl"),
                     PROMO_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(promo_order_set_country(o, "ZZ"),
                     PROMO_ERR_INVALID_ARGUMENT);
  } else if (_i != NO_COUNTRY) {
    MUST(promo_order_set_country(o, "NL"));
  }
  if (_i != NO_CURRENCY) {
    MUST(promo_order_set_currency(o, "EUR"));
  }
  if (_i != NO_PLACED_AT) {
    MUST(promo_order_set_placed_at(o, mid_march()));
  }
  if (_i != NO_LINES) {
    add_lines(o, ONE_E3_LINE);
  }
  promo_result *r = new_result();
  expect_refused(r, o, "TEN", PROMO_ERR_INVALID_ARGUMENT);
  /* The code itself was fine: it is reported. */
  ck_assert_str_eq(promo_result_code(r), "TEN");
  /* And the error text names what is missing. */
  static const char *const MISSING[] = {"country", "country", "currency",
                                        "placed_at", "lines"};
  char expected[128];
  snprintf(expected, sizeof expected, "the order is incomplete: it has no %s",
           MISSING[_i]);
  ck_assert_str_eq(promo_result_error(r), expected);
  snapshot before;
  snap(&before, o);
  ck_assert_int_eq(promo_apply(NULL, o, "TEN", 3, NULL),
                   PROMO_ERR_INVALID_ARGUMENT);
  assert_unchanged(&before, o);
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

/* ---- options, dry run, NULL arguments, the result ------------------------ */

START_TEST(dry_run_computes_the_result_but_leaves_the_order_unchanged) {
  promo_catalog *cat = standard_catalog();
  promo_order *o = standard_order(cat);
  promo_result *r = new_result();
  promo_apply_options opts = PROMO_APPLY_OPTIONS_INIT;
  opts.dry_run = true;
  snapshot before;
  snap(&before, o);
  ck_assert_int_eq(promo_apply(r, o, "SPRING-2026", 11, &opts), PROMO_OK);
  ck_assert_int_eq(promo_result_status(r), PROMO_OK);
  ck_assert_int_eq(promo_result_line_discount(r, 0), 63000);
  ck_assert_int_eq(promo_result_line_discount_ends(r, 0),
                   test_utc(2027, 3, 15, 10, 0, 0));
  ck_assert_int_eq(promo_result_total(r), 306500);
  assert_unchanged(&before, o);
  /* A dry run refused is refused all the same. */
  ck_assert_int_eq(promo_apply(r, o, "NOPE", 4, &opts),
                   PROMO_ERR_CODE_NOT_FOUND);
  assert_unchanged(&before, o);
  /* The real apply reports the same numbers. */
  ck_assert_int_eq(apply(r, o, "SPRING-2026"), PROMO_OK);
  ck_assert_int_eq(promo_result_total(r), 306500);
  ck_assert_str_eq(promo_order_line_promo_code(o, 0), "SPRING-2026");
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(options_init_fills_the_defaults_of_a_known_version_only) {
  promo_apply_options opts;
  memset(&opts, 0xa5, sizeof opts);
  MUST(promo_apply_options_init(&opts, PROMO_APPLY_OPTIONS_VERSION));
  ck_assert_uint_eq(opts.version, PROMO_APPLY_OPTIONS_VERSION);
  ck_assert_ptr_null(opts.validators);
  ck_assert_uint_eq(opts.validator_count, 0);
  ck_assert(!opts.dry_run);
  ck_assert(!opts.hints && !opts.explain && !opts.anonymous);
  /* Version 1: the struct of a caller built against it ends at dry_run;
   * nothing past it is written. */
  memset(&opts, 0xa5, sizeof opts);
  MUST(promo_apply_options_init(&opts, 1));
  ck_assert_uint_eq(opts.version, 1);
  ck_assert_ptr_null(opts.validators);
  ck_assert(!opts.dry_run);
  const unsigned char *past = (const unsigned char *)&opts.hints;
  for (size_t i = 0; i < sizeof opts - offsetof(promo_apply_options, hints);
       i++) {
    ck_assert_uint_eq(past[i], 0xa5);
  }
  ck_assert_uint_eq(promo_apply_options_version(), 2);
  ck_assert_int_eq(promo_apply_options_init(NULL, PROMO_APPLY_OPTIONS_VERSION),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_apply_options_init(&opts, 0),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(
      promo_apply_options_init(&opts, PROMO_APPLY_OPTIONS_VERSION + 1),
      PROMO_ERR_INVALID_ARGUMENT);
}
END_TEST

/* The result of SPRING-2026 on the standard order, read back whole. */
static void assert_spring_result(const promo_result *r) {
  ck_assert_int_eq(promo_result_status(r), PROMO_OK);
  ck_assert_str_eq(promo_result_code(r), "SPRING-2026");
  ck_assert_str_eq(promo_result_campaign(r), "spring");
  ck_assert_str_eq(promo_result_reason(r), "");
  ck_assert_int_eq(promo_result_subtotal(r), 369500);
  ck_assert_int_eq(promo_result_discount(r), 63000);
  ck_assert_int_eq(promo_result_total(r), 306500);
  ck_assert_uint_eq(promo_result_line_count(r), 2);
  ck_assert_int_eq(promo_result_line_status(r, 0), PROMO_OK);
  ck_assert_int_eq(promo_result_line_discounted_licenses(r, 0), 300);
  ck_assert_int_eq(promo_result_line_discount(r, 0), 63000);
  ck_assert_int_eq(promo_result_line_status(r, 1),
                   PROMO_ERR_NOT_NEW_SUBSCRIPTION);
}

/* libgit2's rule: a caller built against an older header passes an older
 * version, and keeps working against a newer library. */
START_TEST(options_of_every_version_up_to_the_current_one_are_accepted) {
  promo_catalog *cat = standard_catalog();
  promo_order *o = standard_order(cat);
  promo_result *r = new_result();
  for (unsigned int v = 1; v <= PROMO_APPLY_OPTIONS_VERSION; v++) {
    promo_apply_options opts;
    memset(&opts, 0, sizeof opts);
    MUST(promo_apply_options_init(&opts, v));
    ck_assert_uint_eq(opts.version, v);
    opts.dry_run = true;
    ck_assert_int_eq(promo_apply(r, o, "SPRING-2026", 11, &opts), PROMO_OK);
    assert_spring_result(r);
    ck_assert_ptr_null(promo_order_line_promo_code(o, 0)); /* dry run */
  }
  promo_apply_options newer = PROMO_APPLY_OPTIONS_INIT;
  newer.version = PROMO_APPLY_OPTIONS_VERSION + 1;
  ck_assert_int_eq(promo_apply(r, o, "SPRING-2026", 11, &newer),
                   PROMO_ERR_INVALID_ARGUMENT);
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(a_refused_call_never_leaves_an_earlier_outcome_in_the_result) {
  promo_catalog *cat = standard_catalog();
  promo_order *o = standard_order(cat);
  promo_result *r = new_result();
  snapshot before;
  promo_apply_options bad = PROMO_APPLY_OPTIONS_INIT;
  char newer[64];
  snprintf(newer, sizeof newer,
           "apply options version %d is not supported (1 to %d)",
           PROMO_APPLY_OPTIONS_VERSION + 1, PROMO_APPLY_OPTIONS_VERSION);
  char older[64];
  snprintf(older, sizeof older,
           "apply options version 0 is not supported (1 to %d)",
           PROMO_APPLY_OPTIONS_VERSION);
  const char *const WHY[] = {
      "the order is NULL",
      "the code is NULL",
      older,
      newer,
      "apply options list 1 validators but no array of them",
  };
  /* Each refusal follows a successful apply into the same result: a host
   * that reads the result instead of the status must not see a discount. */
  for (int call = 0; call < 5; call++) {
    ck_assert_int_eq(apply(r, o, "SPRING-2026"), PROMO_OK);
    assert_spring_result(r);
    snap(&before, o);
    promo_status st = PROMO_OK;
    switch (call) {
    case 0:
      st = promo_apply(r, NULL, "TEN", 3, NULL);
      break;
    case 1:
      st = promo_apply(r, o, NULL, 3, NULL);
      break;
    case 2:
      bad.version = 0;
      st = promo_apply(r, o, "TEN", 3, &bad);
      break;
    case 3:
      bad.version = PROMO_APPLY_OPTIONS_VERSION + 1;
      st = promo_apply(r, o, "TEN", 3, &bad);
      break;
    default: /* validators counted but not given */
      bad.version = PROMO_APPLY_OPTIONS_VERSION;
      bad.validator_count = 1;
      st = promo_apply(r, o, "TEN", 3, &bad);
      break;
    }
    ck_assert_int_eq(st, PROMO_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(promo_result_status(r), PROMO_ERR_INVALID_ARGUMENT);
    ck_assert_str_eq(promo_result_error(r), WHY[call]);
    ck_assert_ptr_null(promo_result_code(r));
    ck_assert_ptr_null(promo_result_campaign(r));
    ck_assert_int_eq(promo_result_discount(r), 0);
    ck_assert_int_eq(promo_result_total(r), 0);
    ck_assert_uint_eq(promo_result_line_count(r), 0);
    assert_unchanged(&before, o);
  }
  ck_assert_int_eq(promo_apply(NULL, NULL, NULL, 0, NULL),
                   PROMO_ERR_INVALID_ARGUMENT);
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(apply_without_a_result_still_returns_the_status) {
  promo_catalog *cat = standard_catalog();
  promo_order *o = standard_order(cat);
  snapshot before;
  snap(&before, o);
  ck_assert_int_eq(promo_apply(NULL, o, "NOPE", 4, NULL),
                   PROMO_ERR_CODE_NOT_FOUND);
  ck_assert_int_eq(promo_apply(NULL, o, "", 0, NULL), PROMO_ERR_MALFORMED_CODE);
  ck_assert_int_eq(promo_apply(NULL, o, NULL, 0, NULL),
                   PROMO_ERR_INVALID_ARGUMENT);
  assert_unchanged(&before, o);
  ck_assert_int_eq(promo_apply(NULL, o, "NL-ONLY", 7, NULL), PROMO_OK);
  ck_assert_str_eq(promo_order_line_promo_code(o, 0), "NL-ONLY");
  snap(&before, o);
  /* Line 0 now carries NL-ONLY (R5) and line 1 is an existing subscription
   * (R4): R5 comes later in the pipeline, its line came closer, so it names
   * the failure. */
  ck_assert_int_eq(promo_apply(NULL, o, "WEST", 4, NULL),
                   PROMO_ERR_ALREADY_HAS_PROMO);
  assert_unchanged(&before, o);
  promo_order_free(o);

  o = order_of(cat, "US", "USD", NULL, mid_march(), ONE_E3_LINE);
  snap(&before, o);
  ck_assert_int_eq(promo_apply(NULL, o, "WEST", 4, NULL),
                   PROMO_ERR_WRONG_REGION);
  assert_unchanged(&before, o);
  ck_assert_int_eq(promo_apply(NULL, o, "TEN", 3, NULL), PROMO_OK);
  ck_assert_str_eq(promo_order_line_promo_code(o, 0), "TEN");
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(a_fresh_result_reads_as_empty) {
  promo_result *r = new_result();
  ck_assert_int_eq(promo_result_status(r), PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_ptr_null(promo_result_code(r));
  ck_assert_ptr_null(promo_result_campaign(r));
  ck_assert_str_eq(promo_result_reason(r), "");
  ck_assert_int_eq(promo_result_subtotal(r), 0);
  ck_assert_int_eq(promo_result_discount(r), 0);
  ck_assert_int_eq(promo_result_total(r), 0);
  ck_assert_uint_eq(promo_result_line_count(r), 0);
  ck_assert_int_eq(promo_result_line_status(r, 0), PROMO_ERR_INVALID_ARGUMENT);
  promo_result_free(r);
  promo_result_free(NULL);
  ck_assert_int_eq(promo_result_new(NULL, NULL), PROMO_ERR_INVALID_ARGUMENT);
}
END_TEST

static line_spec numbered_lines[9];
static char numbered_subs[8][8];

/* n new O365_E3 lines, line i with i + 1 licenses at 1000. */
static const line_spec *lines_of(size_t n) {
  for (size_t i = 0; i < 8; i++) {
    snprintf(numbered_subs[i], sizeof numbered_subs[i], "sub-%zu", i);
    line_spec l = {numbered_subs[i], "O365_E3", true, APM,
                   (int64_t)i + 1,   1000,      NULL};
    numbered_lines[i] = l;
  }
  memset(&numbered_lines[n], 0, sizeof numbered_lines[n]);
  return numbered_lines;
}

START_TEST(a_result_is_reused_for_a_smaller_then_a_bigger_order) {
  promo_catalog *cat = standard_catalog();
  promo_result *r = new_result();
  static const size_t sizes[] = {3, 1, 8, 2};
  for (size_t k = 0; k < 4; k++) {
    size_t n = sizes[k];
    promo_order *o = plain_order(cat, lines_of(n));
    ck_assert_int_eq(apply(r, o, "TEN"), PROMO_OK);
    ck_assert_uint_eq(promo_result_line_count(r), n);
    /* Line i: (i + 1) x 1000 x 10 % = 100 (i + 1); in all 100 n (n + 1) / 2. */
    int64_t sum = 0;
    for (size_t i = 0; i < n; i++) {
      ck_assert_int_eq(promo_result_line_status(r, i), PROMO_OK);
      ck_assert_int_eq(promo_result_line_discount(r, i),
                       100 * ((int64_t)i + 1));
      sum += 100 * ((int64_t)i + 1);
    }
    ck_assert_int_eq(sum, 100 * (int64_t)(n * (n + 1) / 2));
    ck_assert_int_eq(promo_result_discount(r), sum);
    ck_assert_int_eq(promo_result_line_status(r, n),
                     PROMO_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(promo_result_line_discount(r, n), 0);
    /* A refusal in between leaves nothing of the success behind. */
    MUST(promo_order_set_completed(o, true));
    expect_refused(r, o, "TEN", PROMO_ERR_NOT_NEW_SUBSCRIPTION);
    ck_assert_uint_eq(promo_result_line_count(r), n);
    promo_order_free(o);
  }
  promo_result_free(r);
  promo_catalog_free(cat);
}
END_TEST

int main(void) {
  Suite *s = suite_create("apply");
  TCase *tc = tcase_create("r1");
  tcase_add_test(tc, r1_exact_code_applies_and_names_its_campaign);
  tcase_add_test(tc, r1_every_code_of_a_campaign_redeems_it);
  tcase_add_loop_test(tc,
                      r1_case_dashes_spaces_and_symbols_count_code_not_found, 0,
                      (int)COUNT(NEAR_MISSES));
  tcase_add_test(tc, r1_the_same_bytes_in_nfc_are_found);
  tcase_add_test(tc,
                 r1_a_malformed_code_is_the_customers_a_null_one_the_callers);
  tcase_add_loop_test(
      tc, r1_bad_syntax_is_malformed_code_with_no_code_in_the_result, 0,
      (int)COUNT(BAD_SYNTAX));
  tcase_add_test(tc, r1_a_code_of_64_bytes_is_looked_up);
  tcase_add_test(tc, r1_the_code_is_len_bytes_and_needs_no_nul);
  suite_add_tcase(s, tc);

  tc = tcase_create("r2_r3");
  tcase_add_loop_test(tc, r2_expired_from_first_second_after_last_day_in_zone,
                      0, (int)COUNT(WINDOW));
  tcase_add_test(tc, r2_expiry_is_checked_before_region);
  tcase_add_loop_test(tc, r3_order_country_must_be_or_lie_in_a_campaign_region,
                      0, (int)COUNT(REGIONS));
  suite_add_tcase(s, tc);

  tc = tcase_create("r4_r5");
  tcase_add_test(tc, r4_a_completed_order_takes_no_code);
  tcase_add_test(
      tc, r4_an_existing_line_is_skipped_while_a_new_line_takes_the_code);
  tcase_add_test(tc, r4_only_existing_lines_is_not_new_subscription);
  tcase_add_test(tc,
                 r5_a_line_carrying_another_code_is_skipped_already_has_promo);
  tcase_add_test(tc, r5_a_code_from_outside_the_catalog_also_blocks_the_line);
  tcase_add_test(tc,
                 r5_another_code_of_the_same_campaign_is_still_another_code);
  tcase_add_test(tc, r5_same_code_again_is_a_no_op_never_a_double_discount);
  tcase_add_test(tc, r5_one_code_serves_several_subscriptions_of_one_order);
  tcase_add_test(tc, r5_same_code_on_some_lines_extends_to_the_others);
  suite_add_tcase(s, tc);

  tc = tcase_create("r6_r7_r8");
  tcase_add_loop_test(tc, r6_only_licenses_up_to_the_cap_are_discounted, 0,
                      (int)COUNT(CAP));
  tcase_add_test(tc, r6_the_cap_is_per_subscription_not_per_order);
  tcase_add_loop_test(
      tc, r7_discount_lasts_one_term_from_placement_in_the_order_zone, 0,
      (int)COUNT(TERMS));
  tcase_add_test(tc, r7_each_line_lasts_its_own_term_and_skipped_lines_none);
  tcase_add_test(tc, r7_a_changed_zone_or_moment_changes_the_term_end);
  tcase_add_test(tc, r8_a_code_accepted_on_the_last_day_lasts_its_whole_term);
  suite_add_tcase(s, tc);

  tcase_add_test(tc, r7_a_term_ending_after_year_9999_is_refused_not_misdated);
  tc = tcase_create("r9_r10");
  tcase_add_test(tc, r9_lines_for_other_products_are_skipped_not_applicable);
  tcase_add_test(tc, r9_no_line_for_a_listed_product_is_not_applicable);
  tcase_add_test(tc, r9_each_campaign_matches_exactly_the_products_it_lists);
  tcase_add_test(tc, r10_fixed_amount_in_another_currency_is_currency_mismatch);
  tcase_add_test(
      tc, r10_fixed_amount_in_the_order_currency_is_taken_off_each_license);
  tcase_add_loop_test(tc, r10_percentage_works_in_any_currency, 0,
                      (int)COUNT(ANY_CURRENCY));
  suite_add_tcase(s, tc);

  tc = tcase_create("money");
  tcase_add_loop_test(tc, money_percent_rounds_half_away_from_zero, 0,
                      (int)COUNT(ROUNDING));
  tcase_add_test(tc, money_fixed_amount_never_exceeds_the_unit_price);
  tcase_add_test(tc, money_line_priced_at_int64_max_with_full_discount);
  tcase_add_test(tc, money_half_of_int64_max_rounds_half_away_exactly);
  tcase_add_test(tc, money_licenses_times_price_near_int64_max_is_exact);
  tcase_add_test(tc, money_totals_are_subtotal_discount_and_their_difference);
  suite_add_tcase(s, tc);

  tc = tcase_create("outcome");
  tcase_add_loop_test(
      tc, no_line_taking_the_code_fails_with_the_closest_lines_status, 0,
      (int)COUNT(CLOSEST));
  tcase_add_test(tc,
                 skipped_lines_report_their_own_status_when_the_apply_succeeds);
  tcase_add_loop_test(tc, an_incomplete_order_is_invalid_argument, NO_COUNTRY,
                      NO_LINES + 1);
  tcase_add_test(tc,
                 dry_run_computes_the_result_but_leaves_the_order_unchanged);
  tcase_add_test(tc, options_init_fills_the_defaults_of_a_known_version_only);
  tcase_add_test(tc,
                 options_of_every_version_up_to_the_current_one_are_accepted);
  tcase_add_test(tc,
                 a_refused_call_never_leaves_an_earlier_outcome_in_the_result);
  tcase_add_test(tc, apply_without_a_result_still_returns_the_status);
  tcase_add_test(tc, a_fresh_result_reads_as_empty);
  tcase_add_test(tc, a_result_is_reused_for_a_smaller_then_a_bigger_order);
  suite_add_tcase(s, tc);
  return test_run_suite(s);
}
