/* fuzz_apply.c - promo_apply on a fuzzed order and code against a fixed
 * catalog that exercises every validator. The input is read as: a header
 * of order fields, then lines, then the code (the rest of the input).
 * Checked on every input: the status is a known one; on success the money
 * adds up and every discount is within its line; on failure the order is
 * exactly as it was; a second apply of the same code is a no-op that
 * reports the same discount; the flat reads (promo_result_get, _get_lines)
 * say what the getters say; an error text is there exactly when the status
 * is invalid_argument or malformed_code. Bits 5 and 6 of the order's flags
 * turn on explain and anonymous (issue 12): the answer is then the one of
 * a plain apply, explain records the answer's own reason among the others,
 * and the customer reads code_not_found for any refusal of a found code. */
#include "fuzz.h"

#include <promo/promo.h>

#include <stdlib.h>
#include <string.h>

static const char *const COUNTRIES[] = {"NL", "BE", "DE", "GB", "US", "JP"};
static const char *const CURRENCIES[] = {"EUR", "USD", "JPY", "GBP"};
static const char *const ZONES[] = {"UTC", "Europe/Amsterdam",
                                    "Pacific/Kiritimati", "America/Santiago"};
static const char *const PRODUCTS[] = {"O365_E3", "TEAMS_ESS", "OTHER"};
static const char *const CODES[] = {"SPRING-2026", "Spring-Partner", "FIXED5",
                                    "CAPPED", "OLD-CODE"};

static promo_catalog *catalog;

static void add_codes(promo_campaign *c, size_t first, size_t count) {
  for (size_t i = first; i < first + count; i++) {
    REQUIRE(promo_campaign_add_code(c, CODES[i], strlen(CODES[i])) == PROMO_OK);
  }
}

static void build_catalog(void) {
  promo_catalog_builder *b = NULL;
  promo_campaign *c = NULL;
  REQUIRE(promo_catalog_builder_new(&b, NULL) == PROMO_OK);
  REQUIRE(promo_catalog_builder_add_campaign(&c, b, "spring") == PROMO_OK);
  REQUIRE(promo_campaign_set_percent_bps(c, 2000) == PROMO_OK);
  REQUIRE(promo_campaign_set_starts(c, 2026, 3, 1) == PROMO_OK);
  REQUIRE(promo_campaign_set_ends(c, 2026, 3, 31) == PROMO_OK);
  REQUIRE(promo_campaign_set_time_zone(c, "Europe/Amsterdam") == PROMO_OK);
  REQUIRE(promo_campaign_add_region(c, "155") == PROMO_OK);
  REQUIRE(promo_campaign_add_product(c, "O365_E3") == PROMO_OK);
  REQUIRE(promo_campaign_add_product(c, "TEAMS_ESS") == PROMO_OK);
  REQUIRE(promo_campaign_set_max_licenses(c, 300) == PROMO_OK);
  add_codes(c, 0, 2);
  REQUIRE(promo_catalog_builder_add_campaign(&c, b, "fixed") == PROMO_OK);
  REQUIRE(promo_campaign_set_amount(c, 500, "EUR") == PROMO_OK);
  add_codes(c, 2, 1);
  REQUIRE(promo_catalog_builder_add_campaign(&c, b, "capped") == PROMO_OK);
  REQUIRE(promo_campaign_set_percent_bps(c, 10000) == PROMO_OK);
  REQUIRE(promo_campaign_set_max_redemptions(c, 1) == PROMO_OK);
  add_codes(c, 3, 1);
  REQUIRE(promo_catalog_builder_add_campaign(&c, b, "old") == PROMO_OK);
  REQUIRE(promo_campaign_set_percent_bps(c, 1) == PROMO_OK);
  REQUIRE(promo_campaign_add_region(c, "EU") == PROMO_OK);
  add_codes(c, 4, 1);
  REQUIRE(promo_catalog_build(&catalog, b) == PROMO_OK);
  promo_catalog_builder_free(b);
}

/* Takes bytes from the front of the input; zeros once it runs out. */
typedef struct reader {
  const uint8_t *p;
  size_t left;
} reader;

static uint64_t take(reader *r, size_t bytes) {
  uint64_t v = 0;
  for (size_t i = 0; i < bytes; i++) {
    v <<= 8;
    if (r->left > 0) {
      v |= *r->p++;
      r->left--;
    }
  }
  return v;
}

#define PICK(r, table) (table)[take(r, 1) % (sizeof(table) / sizeof *(table))]

/* Builds the order the header describes. Setters may refuse fuzzed values;
 * that is their job, and apply must then cope with what was accepted. */
static promo_order *read_order(reader *r) {
  promo_order *o = NULL;
  REQUIRE(promo_order_new(&o, catalog) == PROMO_OK);
  uint64_t flags = take(r, 1);
  if (flags & 1) {
    REQUIRE(promo_order_set_country(o, PICK(r, COUNTRIES)) == PROMO_OK);
  }
  if (flags & 2) {
    REQUIRE(promo_order_set_currency(o, PICK(r, CURRENCIES)) == PROMO_OK);
  }
  REQUIRE(promo_order_set_time_zone(o, PICK(r, ZONES)) == PROMO_OK);
  /* Around the spring campaign, or anywhere in the accepted range. */
  int64_t placed =
      (flags & 4) ? (int64_t)take(r, 8) : 1772323200 + (int64_t)take(r, 3) * 16;
  (void)promo_order_set_placed_at(o, placed);
  REQUIRE(promo_order_set_completed(o, (flags & 8) != 0) == PROMO_OK);
  if (flags & 16) {
    REQUIRE(promo_order_set_id(o, "order-1") == PROMO_OK);
  }
  size_t lines = (size_t)take(r, 1) % 6;
  for (size_t i = 0; i < lines; i++) {
    char sub[16] = "sub-0";
    sub[4] = (char)('0' + i);
    uint64_t lf = take(r, 1);
    int64_t licenses = (int64_t)take(r, (lf & 1) ? 8 : 2);
    int64_t price = (int64_t)take(r, (lf & 2) ? 8 : 3);
    size_t at = 0;
    if (promo_order_add_line(&at, o, sub, PICK(r, PRODUCTS), (lf & 4) == 0,
                             (promo_term)(1 + (lf >> 3) % 3), licenses,
                             price) == PROMO_OK &&
        (lf & 0x40)) {
      const char *code = PICK(r, CODES);
      REQUIRE(promo_order_set_line_promo_code(o, at, code, strlen(code)) ==
              PROMO_OK);
    }
  }
  return o;
}

/* The order's lines' codes, to tell whether apply changed the order. */
typedef struct snapshot {
  size_t lines;
  char codes[6][PROMO_CODE_MAX_BYTES + 1];
} snapshot;

static void take_snapshot(const promo_order *o, snapshot *s) {
  memset(s, 0, sizeof *s);
  s->lines = promo_order_line_count(o);
  for (size_t i = 0; i < s->lines; i++) {
    const char *code = promo_order_line_promo_code(o, i);
    if (code != NULL) {
      strcpy(s->codes[i], code);
    }
  }
}

static void check_money(const promo_result *res, const promo_order *o) {
  int64_t sum = 0;
  for (size_t i = 0; i < promo_result_line_count(res); i++) {
    int64_t d = promo_result_line_discount(res, i);
    int64_t licenses = promo_result_line_discounted_licenses(res, i);
    REQUIRE(d >= 0 && licenses >= 0);
    REQUIRE(licenses <= promo_order_line_licenses(o, i));
    REQUIRE(d <= promo_order_line_unit_price(o, i) * licenses);
    if (promo_result_line_status(res, i) == PROMO_OK) {
      bool placed_set = false;
      int64_t placed = 0;
      REQUIRE(promo_order_placed_at(&placed_set, &placed, o) == PROMO_OK);
      REQUIRE(placed_set && promo_result_line_discount_ends(res, i) > placed);
    } else {
      REQUIRE(d == 0);
    }
    sum += d;
  }
  REQUIRE(sum == promo_result_discount(res));
  REQUIRE(promo_result_subtotal(res) == promo_order_subtotal(o));
  REQUIRE(promo_result_total(res) ==
          promo_result_subtotal(res) - promo_result_discount(res));
}

static void check_flat(const promo_result *res, promo_status st) {
  promo_result_info info;
  REQUIRE(promo_result_get(&info, sizeof info, res) == PROMO_OK);
  REQUIRE(info.status == st && info.discount == promo_result_discount(res) &&
          info.total == promo_result_total(res) &&
          info.line_count == promo_result_line_count(res));
  REQUIRE(info.code == promo_result_code(res) &&
          info.campaign == promo_result_campaign(res));
  REQUIRE(info.error == promo_result_error(res));
  bool refused_as_bad_input =
      st == PROMO_ERR_INVALID_ARGUMENT || st == PROMO_ERR_MALFORMED_CODE;
  REQUIRE((info.error[0] != '\0') == refused_as_bad_input);
  promo_result_line_info lines[6];
  size_t count = 0;
  REQUIRE(promo_result_get_lines(&count, lines, 6, sizeof lines[0], res) ==
          PROMO_OK);
  REQUIRE(count == info.line_count);
  for (size_t i = 0; i < count && i < 6; i++) {
    REQUIRE(lines[i].status == promo_result_line_status(res, i) &&
            lines[i].discount == promo_result_line_discount(res, i) &&
            lines[i].discount_ends == promo_result_line_discount_ends(res, i));
  }
}

/* The answer of two results is the same: status, money, lines. */
static void check_same_answer(const promo_result *a, const promo_result *b) {
  REQUIRE(promo_result_status(a) == promo_result_status(b));
  REQUIRE(promo_result_discount(a) == promo_result_discount(b));
  REQUIRE(promo_result_total(a) == promo_result_total(b));
  REQUIRE(strcmp(promo_result_reason(a), promo_result_reason(b)) == 0);
  REQUIRE(promo_result_line_count(a) == promo_result_line_count(b));
  for (size_t i = 0; i < promo_result_line_count(a); i++) {
    REQUIRE(promo_result_line_status(a, i) == promo_result_line_status(b, i));
    REQUIRE(promo_result_line_discount(a, i) ==
            promo_result_line_discount(b, i));
    REQUIRE(promo_result_line_discount_ends(a, i) ==
            promo_result_line_discount_ends(b, i));
  }
}

/* What explain and anonymous add to an apply that gave `st`. */
static void check_modes(const promo_result *res, promo_status st,
                        const promo_apply_options *opts) {
  uint32_t all = promo_result_reasons(res);
  for (size_t i = 0; i < promo_result_line_count(res); i++) {
    all |= promo_result_line_reasons(res, i);
  }
  REQUIRE(promo_result_explained(res) == opts->explain);
  if (!opts->explain) {
    REQUIRE(all == 0);
  } else if (st != PROMO_OK && st != PROMO_ERR_INVALID_ARGUMENT) {
    REQUIRE((all & (1u << st)) != 0); /* the answer's reason is there */
  }
  promo_status customer = promo_result_customer_status(res);
  bool hidden = opts->anonymous && promo_result_campaign(res) != NULL &&
                st != PROMO_OK && st != PROMO_ERR_NO_MEMORY;
  REQUIRE(customer == (hidden ? PROMO_ERR_CODE_NOT_FOUND : st));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (catalog == NULL) {
    build_catalog();
  }
  reader r = {data, size};
  uint8_t modes = size > 0 ? data[0] : 0;
  promo_apply_options opts = PROMO_APPLY_OPTIONS_INIT;
  opts.explain = (modes & 32) != 0;
  opts.anonymous = (modes & 64) != 0;
  promo_order *o = read_order(&r);
  const char *code = (const char *)r.p;
  size_t len = r.left;
  promo_result *res = NULL;
  REQUIRE(promo_result_new(&res, NULL) == PROMO_OK);
  snapshot before;
  snapshot after;
  take_snapshot(o, &before);
  /* The plain answer first, without changing the order. */
  promo_result *plain = NULL;
  REQUIRE(promo_result_new(&plain, NULL) == PROMO_OK);
  promo_apply_options dry = PROMO_APPLY_OPTIONS_INIT;
  dry.dry_run = true;
  (void)promo_apply(plain, o, code, len, &dry);
  promo_status st = promo_apply(res, o, code, len, &opts);
  check_same_answer(res, plain);
  check_modes(res, st, &opts);
  promo_result_free(plain);
  REQUIRE((unsigned)st < PROMO_STATUS_COUNT && st != PROMO_ERR_NO_MEMORY);
  REQUIRE(promo_result_status(res) == st);
  REQUIRE(promo_result_line_count(res) == promo_order_line_count(o));
  check_money(res, o);
  check_flat(res, st);
  take_snapshot(o, &after);
  if (st != PROMO_OK) {
    REQUIRE(memcmp(&before, &after, sizeof before) == 0);
    REQUIRE(promo_result_discount(res) == 0);
  } else {
    /* The same code again: a no-op with the same discount. */
    int64_t discount = promo_result_discount(res);
    REQUIRE(promo_apply(res, o, code, len, &opts) == PROMO_OK);
    REQUIRE(promo_result_discount(res) == discount);
    snapshot again;
    take_snapshot(o, &again);
    REQUIRE(memcmp(&after, &again, sizeof after) == 0);
  }
  promo_result_free(res);
  promo_order_free(o);
  return 0;
}
