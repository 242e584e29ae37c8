/* test_order.c - one checkout: setters that refuse bad values and then
 * change nothing, getters and their defaults, terms by name, R7's cached
 * term ends, and allocation failure while an order is filled. */
#include "order_impl.h"
#include "support.h"

#include <check.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MUST(call) ck_assert_int_eq((call), PROMO_OK)
#define N_ROWS(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* A catalog with one campaign; orders only need it to exist. */
static promo_catalog *make_catalog(const promo_allocator *allocator) {
  promo_catalog_builder *b = NULL;
  promo_campaign *c = NULL;
  promo_catalog *cat = NULL;
  ck_assert_int_eq(promo_catalog_builder_new(&b, allocator), PROMO_OK);
  ck_assert_int_eq(promo_catalog_builder_add_campaign(&c, b, "spring"),
                   PROMO_OK);
  ck_assert_int_eq(promo_campaign_set_percent_bps(c, 2000), PROMO_OK);
  ck_assert_int_eq(promo_campaign_add_code(c, "SPRING-2026", 11), PROMO_OK);
  ck_assert_int_eq(promo_catalog_build(&cat, b), PROMO_OK);
  promo_catalog_builder_free(b);
  return cat;
}

static promo_order *new_order(promo_catalog *cat) {
  promo_order *o = NULL;
  ck_assert_int_eq(promo_order_new(&o, cat), PROMO_OK);
  ck_assert_ptr_nonnull(o);
  return o;
}

static const int64_t PLACED = INT64_C(1774992600); /* 2026-03-31T21:30:00Z */

/* An order with every value set, so a refused call has something to keep. */
static promo_order *full_order(promo_catalog *cat) {
  promo_order *o = new_order(cat);
  size_t index = 99;
  ck_assert_int_eq(promo_order_set_id(o, "order-1001"), PROMO_OK);
  ck_assert_int_eq(promo_order_set_country(o, "NL"), PROMO_OK);
  ck_assert_int_eq(promo_order_set_currency(o, "EUR"), PROMO_OK);
  ck_assert_int_eq(promo_order_set_time_zone(o, "Europe/Amsterdam"), PROMO_OK);
  ck_assert_int_eq(promo_order_set_placed_at(o, PLACED), PROMO_OK);
  ck_assert_int_eq(promo_order_add_line(&index, o, "sub-1", "O365_E3", true,
                                        PROMO_TERM_ANNUAL_PAID_MONTHLY, 350,
                                        1050),
                   PROMO_OK);
  ck_assert_uint_eq(index, 0);
  ck_assert_int_eq(promo_order_add_line(&index, o, "sub-2", "TEAMS_ESS", false,
                                        PROMO_TERM_MONTHLY, 5, 400),
                   PROMO_OK);
  ck_assert_uint_eq(index, 1);
  ck_assert_int_eq(promo_order_set_line_promo_code(o, 1, "OLD-CODE", 8),
                   PROMO_OK);
  ck_assert_str_eq(promo_order_error(o), "");
  return o;
}

/* What a caller can see of an order, to compare before and after. */
typedef struct seen_line {
  const char *subscription, *product, *code;
  bool is_new;
  promo_term term;
  int64_t licenses, unit_price;
} seen_line;

typedef struct seen {
  char id[32], country[8], currency[8], zone[64]; /* room for "(null)" */
  int64_t placed_at, subtotal;
  bool completed;
  size_t lines;
  seen_line line[4];
} seen;

static void copy_or_empty(char *dst, size_t cap, const char *src) {
  snprintf(dst, cap, "%s", src == NULL ? "(null)" : src);
}

static seen look(const promo_order *o) {
  seen s;
  memset(&s, 0, sizeof s);
  copy_or_empty(s.id, sizeof s.id, promo_order_id(o));
  copy_or_empty(s.country, sizeof s.country, promo_order_country(o));
  copy_or_empty(s.currency, sizeof s.currency, promo_order_currency(o));
  copy_or_empty(s.zone, sizeof s.zone, promo_order_time_zone(o));
  s.placed_at = test_placed_at(o);
  s.subtotal = promo_order_subtotal(o);
  s.completed = promo_order_completed(o);
  s.lines = promo_order_line_count(o);
  for (size_t i = 0; i < 4; i++) {
    s.line[i].subscription = promo_order_line_subscription(o, i);
    s.line[i].product = promo_order_line_product(o, i);
    s.line[i].code = promo_order_line_promo_code(o, i);
    s.line[i].is_new = promo_order_line_is_new(o, i);
    s.line[i].term = promo_order_line_term(o, i);
    s.line[i].licenses = promo_order_line_licenses(o, i);
    s.line[i].unit_price = promo_order_line_unit_price(o, i);
  }
  return s;
}

static void assert_same(const seen *a, const seen *b, const char *what) {
  ck_assert_msg(strcmp(a->id, b->id) == 0, "%s: id", what);
  ck_assert_msg(strcmp(a->country, b->country) == 0, "%s: country", what);
  ck_assert_msg(strcmp(a->currency, b->currency) == 0, "%s: currency", what);
  ck_assert_msg(strcmp(a->zone, b->zone) == 0, "%s: time zone", what);
  ck_assert_msg(a->placed_at == b->placed_at, "%s: placed_at", what);
  ck_assert_msg(a->subtotal == b->subtotal, "%s: subtotal", what);
  ck_assert_msg(a->completed == b->completed, "%s: completed", what);
  ck_assert_msg(a->lines == b->lines, "%s: line count", what);
  /* pointers into the order: the same strings, not moved */
  ck_assert_msg(memcmp(a->line, b->line, sizeof a->line) == 0, "%s: lines",
                what);
}

/* ---- setters refuse bad values ------------------------------------------ */

typedef promo_status (*bad_call)(promo_order *o);

/* clang-format off */
static promo_status country_zz(promo_order *o) { return promo_order_set_country(o, "ZZ"); }
static promo_status country_eu(promo_order *o) { return promo_order_set_country(o, "EU"); }
static promo_status country_lower(promo_order *o) { return promo_order_set_country(o, "nl"); }
static promo_status country_uk(promo_order *o) { return promo_order_set_country(o, "UK"); }
static promo_status country_an(promo_order *o) { return promo_order_set_country(o, "AN"); }
static promo_status country_150(promo_order *o) { return promo_order_set_country(o, "150"); }
static promo_status country_alpha3(promo_order *o) { return promo_order_set_country(o, "NLD"); }
static promo_status country_empty(promo_order *o) { return promo_order_set_country(o, ""); }
static promo_status country_null(promo_order *o) { return promo_order_set_country(o, NULL); }
static promo_status currency_xyz(promo_order *o) { return promo_order_set_currency(o, "XYZ"); }
static promo_status currency_lower(promo_order *o) { return promo_order_set_currency(o, "eur"); }
static promo_status currency_long(promo_order *o) { return promo_order_set_currency(o, "EURO"); }
static promo_status currency_null(promo_order *o) { return promo_order_set_currency(o, NULL); }
static promo_status zone_mars(promo_order *o) { return promo_order_set_time_zone(o, "Mars/Olympus"); }
static promo_status zone_unknown(promo_order *o) { return promo_order_set_time_zone(o, "Etc/Unknown"); }
static promo_status zone_lower(promo_order *o) { return promo_order_set_time_zone(o, "utc"); }
static promo_status zone_empty(promo_order *o) { return promo_order_set_time_zone(o, ""); }
static promo_status zone_null(promo_order *o) { return promo_order_set_time_zone(o, NULL); }
static promo_status placed_before_year_1(promo_order *o) { return promo_order_set_placed_at(o, PROMO_INSTANT_MIN - 1); }
static promo_status placed_after_year_9999(promo_order *o) { return promo_order_set_placed_at(o, PROMO_INSTANT_MAX + 1); }
static promo_status placed_int64_min(promo_order *o) { return promo_order_set_placed_at(o, INT64_MIN); }
static promo_status placed_int64_max(promo_order *o) { return promo_order_set_placed_at(o, INT64_MAX); }
static promo_status id_empty(promo_order *o) { return promo_order_set_id(o, ""); }
static promo_status id_null(promo_order *o) { return promo_order_set_id(o, NULL); }
static promo_status id_not_utf8(promo_order *o) { return promo_order_set_id(o, "order-\xc0\xaf"); }
static promo_status term_none(promo_order *o) { return promo_order_add_line(NULL, o, "sub-3", "O365_E3", true, PROMO_TERM_NONE, 1, 100); }
static promo_status term_4(promo_order *o) { return promo_order_add_line(NULL, o, "sub-3", "O365_E3", true, (promo_term)4, 1, 100); }
static promo_status licenses_0(promo_order *o) { return promo_order_add_line(NULL, o, "sub-3", "O365_E3", true, PROMO_TERM_MONTHLY, 0, 100); }
static promo_status licenses_negative(promo_order *o) { return promo_order_add_line(NULL, o, "sub-3", "O365_E3", true, PROMO_TERM_MONTHLY, -1, 100); }
static promo_status price_negative(promo_order *o) { return promo_order_add_line(NULL, o, "sub-3", "O365_E3", true, PROMO_TERM_MONTHLY, 1, -1); }
static promo_status price_times_licenses_overflows(promo_order *o) { return promo_order_add_line(NULL, o, "sub-3", "O365_E3", true, PROMO_TERM_MONTHLY, 2, INT64_MAX / 2 + 1); }
static promo_status subtotal_overflows(promo_order *o) { return promo_order_add_line(NULL, o, "sub-3", "O365_E3", true, PROMO_TERM_MONTHLY, 1, INT64_MAX); }
static promo_status subscription_twice(promo_order *o) { return promo_order_add_line(NULL, o, "sub-1", "O365_E3", true, PROMO_TERM_MONTHLY, 1, 100); }
static promo_status subscription_empty(promo_order *o) { return promo_order_add_line(NULL, o, "", "O365_E3", true, PROMO_TERM_MONTHLY, 1, 100); }
static promo_status subscription_null(promo_order *o) { return promo_order_add_line(NULL, o, NULL, "O365_E3", true, PROMO_TERM_MONTHLY, 1, 100); }
static promo_status product_empty(promo_order *o) { return promo_order_add_line(NULL, o, "sub-3", "", true, PROMO_TERM_MONTHLY, 1, 100); }
static promo_status product_not_utf8(promo_order *o) { return promo_order_add_line(NULL, o, "sub-3", "O365\xff", true, PROMO_TERM_MONTHLY, 1, 100); }
static promo_status code_empty(promo_order *o) { return promo_order_set_line_promo_code(o, 0, "", 0); }
static promo_status code_null_with_length(promo_order *o) { return promo_order_set_line_promo_code(o, 0, NULL, 4); }
static promo_status code_control(promo_order *o) { return promo_order_set_line_promo_code(o, 1, "NEW\tCODE", 8); }
static promo_status code_not_utf8(promo_order *o) { return promo_order_set_line_promo_code(o, 1, "\xed\xa0\x80", 3); }
static promo_status code_65_bytes(promo_order *o) {
  char code[PROMO_CODE_MAX_BYTES + 1];
  memset(code, 'C', sizeof code);
  return promo_order_set_line_promo_code(o, 1, code, sizeof code);
}
static promo_status code_line_2(promo_order *o) { return promo_order_set_line_promo_code(o, 2, "SPRING-2026", 11); }
static promo_status code_line_max(promo_order *o) { return promo_order_set_line_promo_code(o, SIZE_MAX, "SPRING-2026", 11); }
static promo_status clear_line_2(promo_order *o) { return promo_order_set_line_promo_code(o, 2, NULL, 0); }
/* clang-format on */

static const struct {
  const char *what;
  bad_call call;
  const char *needle; /* the error text must say this */
} BAD[] = {
    {"country ZZ", country_zz, "'ZZ'"},
    {"country EU", country_eu, "'EU'"},
    {"country nl", country_lower, "'nl'"},
    {"country UK", country_uk, "'UK'"},
    {"country AN", country_an, "'AN'"},
    {"country 150", country_150, "'150'"},
    {"country NLD", country_alpha3, "'NLD'"},
    {"country empty", country_empty, "country"},
    {"country NULL", country_null, "country"},
    {"currency XYZ", currency_xyz, "'XYZ'"},
    {"currency eur", currency_lower, "'eur'"},
    {"currency EURO", currency_long, "'EURO'"},
    {"currency NULL", currency_null, "currency"},
    {"zone Mars/Olympus", zone_mars, "'Mars/Olympus'"},
    {"zone Etc/Unknown", zone_unknown, "'Etc/Unknown'"},
    {"zone utc", zone_lower, "'utc'"},
    {"zone empty", zone_empty, "time zone"},
    {"zone NULL", zone_null, "time zone"},
    {"placed_at before year 1", placed_before_year_1, "-62135596801"},
    {"placed_at after year 9999", placed_after_year_9999, "253402300800"},
    {"placed_at INT64_MIN", placed_int64_min, "placed_at"},
    {"placed_at INT64_MAX", placed_int64_max, "placed_at"},
    {"id empty", id_empty, "id"},
    {"id NULL", id_null, "id"},
    {"id not UTF-8", id_not_utf8, "id"},
    {"term none", term_none, "term 0"},
    {"term 4", term_4, "term 4"},
    {"licenses 0", licenses_0, "licenses"},
    {"licenses -1", licenses_negative, "-1"},
    {"unit_price -1", price_negative, "unit_price"},
    {"price x licenses overflows", price_times_licenses_overflows, "overflow"},
    {"subtotal overflows", subtotal_overflows, "overflow"},
    {"subscription twice", subscription_twice, "'sub-1'"},
    {"subscription empty", subscription_empty, "subscription"},
    {"subscription NULL", subscription_null, "subscription"},
    {"product empty", product_empty, "product"},
    {"product not UTF-8", product_not_utf8, "product"},
    {"promo code empty", code_empty, "empty"},
    {"promo code NULL with a length", code_null_with_length, "code"},
    {"promo code with a tab", code_control, "control"},
    {"promo code not UTF-8", code_not_utf8, "UTF-8"},
    {"promo code of 65 bytes", code_65_bytes, "64"},
    {"promo code on line 2 of 2", code_line_2, "no line 2"},
    {"promo code on line SIZE_MAX", code_line_max, "no line"},
    {"clearing line 2 of 2", clear_line_2, "no line 2"},
};

START_TEST(order_setter_refuses_a_bad_value_and_changes_nothing) {
  promo_catalog *cat = make_catalog(NULL);
  promo_order *o = full_order(cat);
  seen before = look(o);
  /* everything but the error text, byte for byte */
  size_t kept = offsetof(promo_order, error);
  unsigned char *raw = malloc(kept);
  ck_assert_ptr_nonnull(raw);
  memcpy(raw, o, kept);

  ck_assert_msg(BAD[_i].call(o) == PROMO_ERR_INVALID_ARGUMENT, "%s accepted",
                BAD[_i].what);
  const char *error = promo_order_error(o);
  ck_assert_msg(strstr(error, BAD[_i].needle) != NULL,
                "%s: error '%s' does not say '%s'", BAD[_i].what, error,
                BAD[_i].needle);
  seen after = look(o);
  assert_same(&before, &after, BAD[_i].what);
  ck_assert_msg(memcmp(raw, o, kept) == 0, "%s changed the order",
                BAD[_i].what);
  free(raw);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(order_add_line_leaves_the_index_alone_when_refused) {
  promo_catalog *cat = make_catalog(NULL);
  promo_order *o = new_order(cat);
  size_t index = 77;
  ck_assert_int_eq(promo_order_add_line(&index, o, "sub-1", "O365_E3", true,
                                        PROMO_TERM_MONTHLY, 0, 100),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_uint_eq(index, 77);
  ck_assert_uint_eq(promo_order_line_count(o), 0);
  /* the index is optional */
  ck_assert_int_eq(promo_order_add_line(NULL, o, "sub-1", "O365_E3", true,
                                        PROMO_TERM_MONTHLY, 1, 100),
                   PROMO_OK);
  ck_assert_uint_eq(promo_order_line_count(o), 1);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

/* ---- values accepted ---------------------------------------------------- */

START_TEST(order_accepts_values_at_their_limits) {
  promo_catalog *cat = make_catalog(NULL);
  promo_order *o = new_order(cat);
  ck_assert_int_eq(promo_order_set_placed_at(o, PROMO_INSTANT_MIN), PROMO_OK);
  ck_assert_int_eq(test_placed_at(o), PROMO_INSTANT_MIN);
  ck_assert_int_eq(promo_order_set_placed_at(o, PROMO_INSTANT_MAX), PROMO_OK);
  ck_assert_int_eq(test_placed_at(o), PROMO_INSTANT_MAX);
  ck_assert_int_eq(promo_order_set_placed_at(o, 0), PROMO_OK);
  ck_assert_int_eq(test_placed_at(o), 0);
  ck_assert_int_eq(promo_order_set_country(o, "XK"), PROMO_OK);
  ck_assert_int_eq(promo_order_set_country(o, "AQ"), PROMO_OK);
  ck_assert_str_eq(promo_order_country(o), "AQ");
  ck_assert_int_eq(promo_order_set_currency(o, "JPY"), PROMO_OK);
  ck_assert_str_eq(promo_order_currency(o), "JPY");
  ck_assert_int_eq(promo_order_set_time_zone(o, "US/Eastern"), PROMO_OK);
  ck_assert_str_eq(promo_order_time_zone(o), "US/Eastern");
  ck_assert_int_eq(promo_order_set_id(o, "first"), PROMO_OK);
  ck_assert_int_eq(promo_order_set_id(o, "b\xc3\xa9stelling-2"), PROMO_OK);
  ck_assert_str_eq(promo_order_id(o), "b\xc3\xa9stelling-2");
  /* a free line, then one whose price fills int64_t exactly */
  ck_assert_int_eq(promo_order_add_line(NULL, o, "free", "TRIAL", true,
                                        PROMO_TERM_MONTHLY, 25, 0),
                   PROMO_OK);
  ck_assert_int_eq(promo_order_add_line(NULL, o, "huge", "O365_E5", true,
                                        PROMO_TERM_ANNUAL, INT64_MAX, 1),
                   PROMO_OK);
  ck_assert_int_eq(promo_order_subtotal(o), INT64_MAX);
  /* another free line still fits; a 1-cent one does not */
  ck_assert_int_eq(promo_order_add_line(NULL, o, "free-2", "TRIAL", true,
                                        PROMO_TERM_MONTHLY, 1, 0),
                   PROMO_OK);
  ck_assert_int_eq(promo_order_add_line(NULL, o, "cent", "TRIAL", true,
                                        PROMO_TERM_MONTHLY, 1, 1),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_uint_eq(promo_order_line_count(o), 3);
  ck_assert_int_eq(promo_order_subtotal(o), INT64_MAX);
  /* subscription ids compare byte for byte */
  ck_assert_int_eq(promo_order_add_line(NULL, o, "Free", "TRIAL", true,
                                        PROMO_TERM_MONTHLY, 1, 0),
                   PROMO_OK);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(order_lines_keep_what_was_given) {
  promo_catalog *cat = make_catalog(NULL);
  promo_order *o = full_order(cat);
  ck_assert_uint_eq(promo_order_line_count(o), 2);
  ck_assert_str_eq(promo_order_line_subscription(o, 0), "sub-1");
  ck_assert_str_eq(promo_order_line_product(o, 0), "O365_E3");
  ck_assert(promo_order_line_is_new(o, 0));
  ck_assert_int_eq(promo_order_line_term(o, 0), PROMO_TERM_ANNUAL_PAID_MONTHLY);
  ck_assert_int_eq(promo_order_line_licenses(o, 0), 350);
  ck_assert_int_eq(promo_order_line_unit_price(o, 0), 1050);
  ck_assert_ptr_null(promo_order_line_promo_code(o, 0));
  ck_assert_str_eq(promo_order_line_subscription(o, 1), "sub-2");
  ck_assert(!promo_order_line_is_new(o, 1));
  ck_assert_int_eq(promo_order_line_term(o, 1), PROMO_TERM_MONTHLY);
  ck_assert_str_eq(promo_order_line_promo_code(o, 1), "OLD-CODE");
  /* the spec's example subtotal: 350 x 1050 + 5 x 400 */
  ck_assert_int_eq(promo_order_subtotal(o), 369500);
  ck_assert_str_eq(promo_order_id(o), "order-1001");
  ck_assert_str_eq(promo_order_country(o), "NL");
  ck_assert_str_eq(promo_order_currency(o), "EUR");
  ck_assert_str_eq(promo_order_time_zone(o), "Europe/Amsterdam");
  ck_assert_int_eq(test_placed_at(o), PLACED);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(order_line_promo_code_is_set_replaced_and_cleared) {
  promo_catalog *cat = make_catalog(NULL);
  promo_order *o = full_order(cat);
  /* only len bytes are taken, and kept NUL-terminated */
  ck_assert_int_eq(promo_order_set_line_promo_code(o, 0, "SPRING-2026-XYZ", 11),
                   PROMO_OK);
  ck_assert_str_eq(promo_order_line_promo_code(o, 0), "SPRING-2026");
  char longest[PROMO_CODE_MAX_BYTES + 1];
  memset(longest, 'Q', PROMO_CODE_MAX_BYTES);
  longest[PROMO_CODE_MAX_BYTES] = '\0';
  ck_assert_int_eq(
      promo_order_set_line_promo_code(o, 0, longest, PROMO_CODE_MAX_BYTES),
      PROMO_OK);
  ck_assert_str_eq(promo_order_line_promo_code(o, 0), longest);
  ck_assert_int_eq(promo_order_set_line_promo_code(o, 0, "A", 1), PROMO_OK);
  ck_assert_str_eq(promo_order_line_promo_code(o, 0), "A");
  ck_assert_int_eq(promo_order_set_line_promo_code(o, 0, NULL, 0), PROMO_OK);
  ck_assert_ptr_null(promo_order_line_promo_code(o, 0));
  ck_assert_str_eq(promo_order_line_promo_code(o, 1), "OLD-CODE");
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(order_completed_is_a_plain_flag) {
  promo_catalog *cat = make_catalog(NULL);
  promo_order *o = new_order(cat);
  ck_assert(!promo_order_completed(o));
  ck_assert_int_eq(promo_order_set_completed(o, true), PROMO_OK);
  ck_assert(promo_order_completed(o));
  ck_assert_int_eq(promo_order_set_completed(o, false), PROMO_OK);
  ck_assert(!promo_order_completed(o));
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

/* ---- getters: defaults, out of range, NULL ----------------------------- */

START_TEST(order_new_has_the_documented_defaults) {
  promo_catalog *cat = make_catalog(NULL);
  promo_order *o = new_order(cat);
  ck_assert_ptr_null(promo_order_id(o));
  ck_assert_ptr_null(promo_order_country(o));
  ck_assert_ptr_null(promo_order_currency(o));
  ck_assert_str_eq(promo_order_time_zone(o), "UTC");
  ck_assert_int_eq(test_placed_at(o), INT64_MIN); /* not set */
  ck_assert(!promo_order_completed(o));
  ck_assert_uint_eq(promo_order_line_count(o), 0);
  ck_assert_int_eq(promo_order_subtotal(o), 0);
  ck_assert_str_eq(promo_order_error(o), "");
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(order_line_out_of_range_reads_as_null_zero_false_term_none) {
  promo_catalog *cat = make_catalog(NULL);
  promo_order *o = full_order(cat);
  static const size_t OUT[] = {2, 3, 1000, SIZE_MAX};
  for (int i = 0; i < N_ROWS(OUT); i++) {
    size_t k = OUT[i];
    ck_assert_ptr_null(promo_order_line_subscription(o, k));
    ck_assert_ptr_null(promo_order_line_product(o, k));
    ck_assert(!promo_order_line_is_new(o, k));
    ck_assert_int_eq(promo_order_line_term(o, k), PROMO_TERM_NONE);
    ck_assert_int_eq(promo_order_line_licenses(o, k), 0);
    ck_assert_int_eq(promo_order_line_unit_price(o, k), 0);
    ck_assert_ptr_null(promo_order_line_promo_code(o, k));
  }
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(order_placed_at_unset_is_not_the_epoch) {
  promo_catalog *cat = make_catalog(NULL);
  promo_order *o = new_order(cat);
  bool is_set = true;
  int64_t placed = 42;
  MUST(promo_order_placed_at(&is_set, &placed, o));
  ck_assert(!is_set);
  ck_assert_int_eq(placed, 0);
  /* 1970-01-01T00:00:00Z is a moment like any other, and reads as set. */
  MUST(promo_order_set_placed_at(o, 0));
  MUST(promo_order_placed_at(&is_set, &placed, o));
  ck_assert(is_set);
  ck_assert_int_eq(placed, 0);
  /* Out-parameters that are NULL are refused and nothing is written. */
  is_set = false;
  ck_assert_int_eq(promo_order_placed_at(NULL, &placed, o),
                   PROMO_ERR_INVALID_ARGUMENT);
  placed = 42;
  ck_assert_int_eq(promo_order_placed_at(&is_set, NULL, o),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert(!is_set);
  ck_assert_int_eq(placed, 42);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(order_null_arguments_are_refused_everywhere) {
  promo_catalog *cat = make_catalog(NULL);
  promo_order *o = NULL;
  ck_assert_int_eq(promo_order_new(NULL, cat), PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_order_new(&o, NULL), PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_ptr_null(o);

  ck_assert_int_eq(promo_order_set_id(NULL, "x"), PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_order_set_country(NULL, "NL"),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_order_set_currency(NULL, "EUR"),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_order_set_time_zone(NULL, "UTC"),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_order_set_placed_at(NULL, 0),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_order_set_completed(NULL, true),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_order_add_line(NULL, NULL, "sub", "sku", true,
                                        PROMO_TERM_MONTHLY, 1, 1),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_order_set_line_promo_code(NULL, 0, "A", 1),
                   PROMO_ERR_INVALID_ARGUMENT);

  ck_assert_str_eq(promo_order_error(NULL), "");
  ck_assert_ptr_null(promo_order_id(NULL));
  ck_assert_ptr_null(promo_order_country(NULL));
  ck_assert_ptr_null(promo_order_currency(NULL));
  ck_assert_ptr_null(promo_order_time_zone(NULL));
  bool is_set = true;
  int64_t placed = 1;
  ck_assert_int_eq(promo_order_placed_at(&is_set, &placed, NULL),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert(is_set);
  ck_assert_int_eq(placed, 1);
  ck_assert(!promo_order_completed(NULL));
  ck_assert_uint_eq(promo_order_line_count(NULL), 0);
  ck_assert_ptr_null(promo_order_line_subscription(NULL, 0));
  ck_assert_ptr_null(promo_order_line_product(NULL, 0));
  ck_assert(!promo_order_line_is_new(NULL, 0));
  ck_assert_int_eq(promo_order_line_term(NULL, 0), PROMO_TERM_NONE);
  ck_assert_int_eq(promo_order_line_licenses(NULL, 0), 0);
  ck_assert_int_eq(promo_order_line_unit_price(NULL, 0), 0);
  ck_assert_ptr_null(promo_order_line_promo_code(NULL, 0));
  ck_assert_int_eq(promo_order_subtotal(NULL), 0);
  promo_order_free(NULL);
  promo_catalog_free(cat);
}
END_TEST

/* ---- terms by name ------------------------------------------------------- */

static const struct {
  promo_term term;
  const char *name;
} TERMS[] = {
    {PROMO_TERM_MONTHLY, "monthly"},
    {PROMO_TERM_ANNUAL, "annual"},
    {PROMO_TERM_ANNUAL_PAID_MONTHLY, "annual_paid_monthly"},
};

START_TEST(order_term_names_round_trip) {
  ck_assert_str_eq(promo_term_name(TERMS[_i].term), TERMS[_i].name);
  promo_term parsed = (promo_term)0;
  ck_assert_int_eq(promo_term_from_name(&parsed, TERMS[_i].name), PROMO_OK);
  ck_assert_int_eq(parsed, TERMS[_i].term);
}
END_TEST

START_TEST(order_term_values_are_pinned) {
  /* PROMO_TERM_NONE makes the value a missing line gives a member of the
   * enum, so that a binding's enum type (Rust's bindgen) can hold it. */
  ck_assert_int_eq(PROMO_TERM_NONE, 0);
  ck_assert_ptr_null(promo_term_name(PROMO_TERM_NONE));
  ck_assert_int_eq(PROMO_TERM_MONTHLY, 1);
  ck_assert_int_eq(PROMO_TERM_ANNUAL, 2);
  ck_assert_int_eq(PROMO_TERM_ANNUAL_PAID_MONTHLY, 3);
}
END_TEST

START_TEST(order_unknown_terms_have_no_name) {
  static const char *const BAD_NAMES[] = {"",
                                          "Monthly",
                                          "MONTHLY",
                                          "annual ",
                                          " annual",
                                          "yearly",
                                          "month",
                                          "annual-paid-monthly",
                                          "annualpaidmonthly",
                                          "1"};
  ck_assert_ptr_null(promo_term_name((promo_term)0));
  ck_assert_ptr_null(promo_term_name((promo_term)4));
  ck_assert_ptr_null(promo_term_name((promo_term)-1));
  ck_assert_ptr_null(promo_term_name((promo_term)1000));
  for (int i = 0; i < N_ROWS(BAD_NAMES); i++) {
    promo_term parsed = PROMO_TERM_ANNUAL;
    ck_assert_msg(promo_term_from_name(&parsed, BAD_NAMES[i]) ==
                      PROMO_ERR_INVALID_ARGUMENT,
                  "'%s' parsed", BAD_NAMES[i]);
    ck_assert_int_eq(parsed, PROMO_TERM_ANNUAL);
  }
  promo_term parsed = PROMO_TERM_ANNUAL;
  ck_assert_int_eq(promo_term_from_name(&parsed, NULL),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_term_from_name(NULL, "monthly"),
                   PROMO_ERR_INVALID_ARGUMENT);
}
END_TEST

/* ---- R7 through the order ----------------------------------------------- */

START_TEST(r7_order_term_end_follows_its_zone_and_placed_at) {
  promo_catalog *cat = make_catalog(NULL);
  promo_order *o = new_order(cat);
  int64_t end = 0;
  /* 2024-01-30T12:00Z is Jan 30 in UTC but Jan 31 in Kiritimati */
  ck_assert_int_eq(
      promo_order_set_placed_at(o, test_utc(2024, 1, 30, 12, 0, 0)), PROMO_OK);
  ck_assert_int_eq(promo_order_term_end(o, PROMO_TERM_MONTHLY, &end), PROMO_OK);
  ck_assert_int_eq(end, test_utc(2024, 2, 29, 12, 0, 0));
  ck_assert_int_eq(promo_order_set_time_zone(o, "Pacific/Kiritimati"),
                   PROMO_OK);
  ck_assert_int_eq(promo_order_term_end(o, PROMO_TERM_MONTHLY, &end), PROMO_OK);
  ck_assert_int_eq(end, test_utc(2024, 2, 28, 12, 0, 0));
  /* a new placed_at is a new term */
  ck_assert_int_eq(promo_order_term_end(o, PROMO_TERM_ANNUAL, &end), PROMO_OK);
  ck_assert_int_eq(end, test_utc(2025, 1, 30, 12, 0, 0));
  ck_assert_int_eq(
      promo_order_set_placed_at(o, test_utc(2024, 2, 28, 12, 0, 0)), PROMO_OK);
  ck_assert_int_eq(promo_order_term_end(o, PROMO_TERM_ANNUAL, &end), PROMO_OK);
  ck_assert_int_eq(end, test_utc(2025, 2, 27, 12, 0, 0)); /* Feb 29 -> 28 */
  ck_assert_int_eq(
      promo_order_term_end(o, PROMO_TERM_ANNUAL_PAID_MONTHLY, &end), PROMO_OK);
  ck_assert_int_eq(end, test_utc(2025, 2, 27, 12, 0, 0));
  ck_assert_int_eq(promo_order_term_end(o, PROMO_TERM_MONTHLY, &end), PROMO_OK);
  ck_assert_int_eq(end, test_utc(2024, 3, 28, 12, 0, 0));
  /* a refused zone keeps the old one, and its terms */
  ck_assert_int_eq(promo_order_set_time_zone(o, "Mars/Olympus"),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_order_term_end(o, PROMO_TERM_MONTHLY, &end), PROMO_OK);
  ck_assert_int_eq(end, test_utc(2024, 3, 28, 12, 0, 0));
  /* back to UTC */
  ck_assert_int_eq(promo_order_set_time_zone(o, "UTC"), PROMO_OK);
  ck_assert_int_eq(promo_order_term_end(o, PROMO_TERM_ANNUAL, &end), PROMO_OK);
  ck_assert_int_eq(end, test_utc(2025, 2, 28, 12, 0, 0));
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

/* ---- allocation failure ------------------------------------------------- */

#define LINES 9

static int order_step_count(void) {
  return 6 + LINES + 3;
}

/* One call per step: filling an order with enough lines that its arrays
 * and its subscription map grow more than once. */
static promo_status order_step(promo_order **o, promo_catalog *cat, int step) {
  char sub[16];
  if (step == 0) {
    return promo_order_new(o, cat);
  }
  switch (step) {
  case 1:
    return promo_order_set_id(*o, "order-1001");
  case 2:
    return promo_order_set_country(*o, "NL");
  case 3:
    return promo_order_set_currency(*o, "EUR");
  case 4:
    return promo_order_set_time_zone(*o, "Europe/Amsterdam");
  case 5:
    return promo_order_set_placed_at(*o, PLACED);
  default:
    break;
  }
  step -= 6;
  if (step < LINES) {
    snprintf(sub, sizeof sub, "sub-%d", step);
    return promo_order_add_line(NULL, *o, sub, "O365_E3", step % 2 == 0,
                                PROMO_TERM_MONTHLY, 1 + step, 100);
  }
  switch (step - LINES) {
  case 0:
    return promo_order_set_line_promo_code(*o, 3, "SPRING-2026", 11);
  case 1:
    return promo_order_set_id(*o, "order-1002"); /* replaces the id */
  default:
    return promo_order_set_time_zone(*o, "Pacific/Kiritimati"); /* again */
  }
}

static void assert_order_complete(const promo_order *o) {
  ck_assert_str_eq(promo_order_id(o), "order-1002");
  ck_assert_str_eq(promo_order_country(o), "NL");
  ck_assert_str_eq(promo_order_time_zone(o), "Pacific/Kiritimati");
  ck_assert_uint_eq(promo_order_line_count(o), LINES);
  ck_assert_str_eq(promo_order_line_subscription(o, LINES - 1), "sub-8");
  ck_assert_str_eq(promo_order_line_promo_code(o, 3), "SPRING-2026");
  /* 100 x (1 + 2 + ... + 9) */
  ck_assert_int_eq(promo_order_subtotal(o), 4500);
}

/* The catalog's zones keep every zone an order reads, for every later
 * order: read the steps' zones once, so that only the order's own blocks
 * come and go. */
static void read_zones(promo_catalog *cat) {
  promo_order *o = new_order(cat);
  ck_assert_int_eq(promo_order_set_time_zone(o, "Europe/Amsterdam"), PROMO_OK);
  ck_assert_int_eq(promo_order_set_time_zone(o, "Pacific/Kiritimati"),
                   PROMO_OK);
  promo_order_free(o);
}

START_TEST(order_allocation_failure_at_any_step_frees_everything) {
  test_alloc t;
  test_alloc_init(&t, 0);
  promo_catalog *cat = make_catalog(&t.allocator);
  read_zones(cat);
  long catalog_blocks = t.live;
  long n = 1;
  for (;; n++) {
    t.fail_at = t.calls + n;
    long failed_before = t.failed;
    promo_order *o = NULL;
    promo_status st = PROMO_OK;
    int step = 0;
    for (; step < order_step_count() && st == PROMO_OK; step++) {
      st = order_step(&o, cat, step);
    }
    bool failed = t.failed != failed_before;
    t.fail_at = 0;
    if (st == PROMO_OK) {
      assert_order_complete(o);
    } else {
      ck_assert_msg(st == PROMO_ERR_NO_MEMORY && failed, "n=%ld step %d: %s", n,
                    step - 1, promo_status_name(st));
      if (o != NULL) {
        ck_assert_str_eq(promo_order_error(o), "out of memory");
      }
    }
    promo_order_free(o);
    ck_assert_msg(t.live == catalog_blocks, "n=%ld: %ld blocks leaked", n,
                  t.live - catalog_blocks);
    if (!failed) {
      break;
    }
  }
  /* The order; its lines as they grow to 4, 8 and 16; a block of text
   * when the first one, inside the order, is full. */
  ck_assert_int_gt(n, 5);
  promo_catalog_free(cat);
  ck_assert_int_eq(t.live, 0);
}
END_TEST

START_TEST(order_many_lines_keep_subscriptions_unique_and_strings_whole) {
  /* Past PROMO_ORDER_SCAN_LINES lines the subscriptions go into a map, and
   * past the order's own text its strings into blocks of their own: the
   * lines, their strings and the refusal of a repeated subscription must
   * not notice either. Fail every allocation along the way once. */
  test_alloc t;
  test_alloc_init(&t, 0);
  promo_catalog *cat = make_catalog(&t.allocator);
  promo_order *o = new_order(cat);
  char sub[300];
  char sku[300];
  int failures = 0;
  for (int i = 0; i < 3 * PROMO_ORDER_SCAN_LINES; i++) {
    /* Every seventh subscription id is long: a block of its own. */
    int width = i % 7 == 3 ? 250 : 1;
    snprintf(sub, sizeof sub, "sub-%0*d", width, i);
    snprintf(sku, sizeof sku, "SKU-%d", i % 5);
    size_t before = promo_order_line_count(o);
    t.fail_at = t.calls + 1;
    promo_status st = promo_order_add_line(NULL, o, sub, sku, true,
                                           PROMO_TERM_MONTHLY, 1, 100);
    t.fail_at = 0;
    if (st == PROMO_ERR_NO_MEMORY) {
      failures++;
      ck_assert_uint_eq(promo_order_line_count(o), before);
      st = promo_order_add_line(NULL, o, sub, sku, true, PROMO_TERM_MONTHLY, 1,
                                100);
    }
    ck_assert_int_eq(st, PROMO_OK);
  }
  ck_assert_int_ge(failures, 5);
  ck_assert_uint_eq(promo_order_line_count(o), 3 * PROMO_ORDER_SCAN_LINES);
  for (int i = 0; i < 3 * PROMO_ORDER_SCAN_LINES; i++) {
    int width = i % 7 == 3 ? 250 : 1;
    snprintf(sub, sizeof sub, "sub-%0*d", width, i);
    snprintf(sku, sizeof sku, "SKU-%d", i % 5);
    ck_assert_str_eq(promo_order_line_subscription(o, (size_t)i), sub);
    ck_assert_str_eq(promo_order_line_product(o, (size_t)i), sku);
    ck_assert_int_eq(promo_order_add_line(NULL, o, sub, "X", true,
                                          PROMO_TERM_MONTHLY, 1, 100),
                     PROMO_ERR_INVALID_ARGUMENT);
  }
  ck_assert_uint_eq(promo_order_line_count(o), 3 * PROMO_ORDER_SCAN_LINES);
  /* An id longer than the text left: a block of its own, or nothing. */
  char *id = malloc(1 << 16);
  ck_assert_ptr_nonnull(id);
  memset(id, 'i', (1 << 16) - 1);
  id[(1 << 16) - 1] = '\0';
  ck_assert_int_eq(promo_order_set_id(o, "short"), PROMO_OK);
  t.fail_at = t.calls + 1;
  ck_assert_int_eq(promo_order_set_id(o, id), PROMO_ERR_NO_MEMORY);
  t.fail_at = 0;
  ck_assert_str_eq(promo_order_id(o), "short");
  ck_assert_int_eq(promo_order_set_id(o, id), PROMO_OK);
  ck_assert_str_eq(promo_order_id(o), id);
  free(id);
  promo_order_free(o);
  promo_catalog_free(cat);
  ck_assert_int_eq(t.live, 0);
}
END_TEST

START_TEST(order_zone_read_out_of_memory_changes_nothing) {
  /* The first order to ask for a zone reads it, with the catalog's
   * allocator: two blocks (the file, then the rules the catalog keeps). */
  for (long n = 1; n <= 2; n++) {
    test_alloc t;
    test_alloc_init(&t, 0);
    promo_catalog *cat = make_catalog(&t.allocator);
    promo_order *o = full_order(cat);
    long live = t.live;
    t.fail_at = t.calls + n;
    ck_assert_int_eq(promo_order_set_time_zone(o, "Asia/Tokyo"),
                     PROMO_ERR_NO_MEMORY);
    t.fail_at = 0;
    ck_assert_int_eq(t.failed, 1);
    ck_assert_int_eq(t.live, live);
    ck_assert_str_eq(promo_order_error(o), "out of memory");
    ck_assert_str_eq(promo_order_time_zone(o), "Europe/Amsterdam");
    ck_assert_int_eq(promo_order_set_time_zone(o, "Asia/Tokyo"), PROMO_OK);
    ck_assert_str_eq(promo_order_time_zone(o), "Asia/Tokyo");
    ck_assert_int_eq(t.live, live + 1);
    promo_order_free(o);
    promo_catalog_free(cat);
    ck_assert_int_eq(t.live, 0);
  }
}
END_TEST

START_TEST(order_allocation_failure_changes_nothing_and_a_retry_succeeds) {
  test_alloc t;
  test_alloc_init(&t, 0);
  promo_catalog *cat = make_catalog(&t.allocator);
  read_zones(cat);
  long catalog_blocks = t.live;
  long n = 1;
  for (;; n++) {
    t.fail_at = t.calls + n;
    long failed_before = t.failed;
    promo_order *o = NULL;
    for (int step = 0; step < order_step_count(); step++) {
      seen before;
      memset(&before, 0, sizeof before);
      if (o != NULL) {
        before = look(o);
      }
      promo_status st = order_step(&o, cat, step);
      if (st == PROMO_ERR_NO_MEMORY) {
        if (o != NULL) {
          seen after = look(o);
          assert_same(&before, &after, "a failed step");
        }
        st = order_step(&o, cat, step);
      }
      ck_assert_msg(st == PROMO_OK, "n=%ld step %d: %s (%s)", n, step,
                    promo_status_name(st), promo_order_error(o));
    }
    bool failed = t.failed != failed_before;
    t.fail_at = 0;
    assert_order_complete(o);
    promo_order_free(o);
    ck_assert_int_eq(t.live, catalog_blocks);
    if (!failed) {
      break;
    }
  }
  /* The order; its lines as they grow to 4, 8 and 16; a block of text
   * when the first one, inside the order, is full. */
  ck_assert_int_gt(n, 5);
  promo_catalog_free(cat);
  ck_assert_int_eq(t.live, 0);
}
END_TEST

/* An order never suggests a country it would refuse: ICU maps "QU" to the
 * grouping "EU" and "ZZZ" to the unknown "ZZ". For every code of two or
 * three letters or three digits that the order calls an alias, the code it
 * suggests is accepted. */
START_TEST(r3_an_order_suggests_only_a_country_it_accepts) {
  promo_catalog *cat = make_catalog(NULL);
  promo_order *o = NULL;
  ck_assert_int_eq(promo_order_new(&o, cat), PROMO_OK);
  int suggested = 0;
  char code[4] = {0};
  for (int n = 0; n < 26 * 26 * 27 + 1000; n++) {
    if (n < 26 * 26 * 27) {
      int third = n % 27;
      code[0] = (char)('A' + n / (26 * 27));
      code[1] = (char)('A' + n / 27 % 26);
      code[2] = third == 26 ? '\0' : (char)('A' + third);
    } else {
      int d = n - 26 * 26 * 27;
      code[0] = (char)('0' + d / 100);
      code[1] = (char)('0' + d / 10 % 10);
      code[2] = (char)('0' + d % 10);
    }
    if (promo_order_set_country(o, code) == PROMO_OK) {
      continue;
    }
    const char *use = strstr(promo_order_error(o), "is an alias: use '");
    if (use == NULL) {
      continue;
    }
    char target[8] = {0};
    use += strlen("is an alias: use '");
    size_t len = strcspn(use, "'");
    ck_assert_uint_lt(len, sizeof target);
    memcpy(target, use, len);
    suggested++;
    ck_assert_msg(promo_order_set_country(o, target) == PROMO_OK,
                  "'%s' suggests '%s', which is refused: %s", code, target,
                  promo_order_error(o));
  }
  ck_assert_int_gt(suggested, 0);
  ck_assert_int_eq(promo_order_set_country(o, "QU"),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_ptr_null(strstr(promo_order_error(o), "use 'EU'"));
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

int main(void) {
  Suite *s = suite_create("order");

  TCase *setters = tcase_create("setters");
  tcase_add_loop_test(setters,
                      order_setter_refuses_a_bad_value_and_changes_nothing, 0,
                      N_ROWS(BAD));
  tcase_add_test(setters, order_add_line_leaves_the_index_alone_when_refused);
  tcase_add_test(setters, order_accepts_values_at_their_limits);
  tcase_add_test(setters, order_lines_keep_what_was_given);
  tcase_add_test(setters, order_line_promo_code_is_set_replaced_and_cleared);
  tcase_add_test(setters, order_completed_is_a_plain_flag);
  tcase_add_test(setters, r3_an_order_suggests_only_a_country_it_accepts);
  suite_add_tcase(s, setters);

  TCase *getters = tcase_create("getters");
  tcase_add_test(getters, order_new_has_the_documented_defaults);
  tcase_add_test(getters,
                 order_line_out_of_range_reads_as_null_zero_false_term_none);
  tcase_add_test(getters, order_placed_at_unset_is_not_the_epoch);
  tcase_add_test(getters, order_null_arguments_are_refused_everywhere);
  suite_add_tcase(s, getters);

  TCase *terms = tcase_create("terms");
  tcase_add_loop_test(terms, order_term_names_round_trip, 0, N_ROWS(TERMS));
  tcase_add_test(terms, order_term_values_are_pinned);
  tcase_add_test(terms, order_unknown_terms_have_no_name);
  tcase_add_test(terms, r7_order_term_end_follows_its_zone_and_placed_at);
  suite_add_tcase(s, terms);

  TCase *memory = tcase_create("allocation_failure");
  tcase_set_timeout(memory, 120);
  tcase_add_test(memory, order_allocation_failure_at_any_step_frees_everything);
  tcase_add_test(memory,
                 order_allocation_failure_changes_nothing_and_a_retry_succeeds);
  tcase_add_test(memory, order_zone_read_out_of_memory_changes_nothing);
  tcase_add_test(memory,
                 order_many_lines_keep_subscriptions_unique_and_strings_whole);
  suite_add_tcase(s, memory);

  return test_run_suite(s);
}
