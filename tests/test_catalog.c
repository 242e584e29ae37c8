/* test_catalog.c - the catalog builder through the public API: every value
 * checked as it comes in, refused calls that change nothing, duplicate codes
 * named by campaign, a build that is all or nothing, and allocation failure
 * at every step. */
#include "catalog_impl.h"
#include "support.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_ROWS(a) ((int)(sizeof(a) / sizeof((a)[0])))

static promo_status add_code(promo_campaign *c, const char *code) {
  return promo_campaign_add_code(c, code, strlen(code));
}

static promo_catalog_builder *new_builder(void) {
  promo_catalog_builder *b = NULL;
  ck_assert_int_eq(promo_catalog_builder_new(&b, NULL), PROMO_OK);
  ck_assert_ptr_nonnull(b);
  ck_assert_str_eq(promo_catalog_builder_error(b), "");
  return b;
}

/* A campaign "spring" with every optional value already set, so a refused
 * call has something to leave alone. */
static promo_campaign *full_campaign(promo_catalog_builder *b) {
  promo_campaign *c = NULL;
  ck_assert_int_eq(promo_catalog_builder_add_campaign(&c, b, "spring"),
                   PROMO_OK);
  ck_assert_int_eq(promo_campaign_set_percent_bps(c, 2000), PROMO_OK);
  ck_assert_int_eq(promo_campaign_set_starts(c, 2026, 3, 1), PROMO_OK);
  ck_assert_int_eq(promo_campaign_set_ends(c, 2026, 3, 31), PROMO_OK);
  ck_assert_int_eq(promo_campaign_set_time_zone(c, "Europe/Amsterdam"),
                   PROMO_OK);
  ck_assert_int_eq(promo_campaign_add_region(c, "BE"), PROMO_OK);
  ck_assert_int_eq(promo_campaign_add_product(c, "O365_E3"), PROMO_OK);
  ck_assert_int_eq(promo_campaign_set_max_licenses(c, 300), PROMO_OK);
  ck_assert_int_eq(promo_campaign_set_max_redemptions(c, 1000), PROMO_OK);
  ck_assert_int_eq(add_code(c, "SPRING-2026"), PROMO_OK);
  ck_assert_str_eq(promo_catalog_builder_error(b), "");
  return c;
}

/* ---- setters refuse bad values ----------------------------------------- */

typedef promo_status (*bad_call)(promo_campaign *c);

/* clang-format off */
static promo_status bps_zero(promo_campaign *c) { return promo_campaign_set_percent_bps(c, 0); }
static promo_status bps_10001(promo_campaign *c) { return promo_campaign_set_percent_bps(c, 10001); }
static promo_status bps_negative(promo_campaign *c) { return promo_campaign_set_percent_bps(c, -2000); }
static promo_status amount_zero(promo_campaign *c) { return promo_campaign_set_amount(c, 0, "EUR"); }
static promo_status amount_negative(promo_campaign *c) { return promo_campaign_set_amount(c, -500, "EUR"); }
static promo_status currency_xyz(promo_campaign *c) { return promo_campaign_set_amount(c, 500, "XYZ"); }
static promo_status currency_lower(promo_campaign *c) { return promo_campaign_set_amount(c, 500, "eur"); }
static promo_status currency_long(promo_campaign *c) { return promo_campaign_set_amount(c, 500, "EURO"); }
static promo_status currency_empty(promo_campaign *c) { return promo_campaign_set_amount(c, 500, ""); }
static promo_status currency_null(promo_campaign *c) { return promo_campaign_set_amount(c, 500, NULL); }
static promo_status starts_feb_29(promo_campaign *c) { return promo_campaign_set_starts(c, 2023, 2, 29); }
static promo_status starts_year_0(promo_campaign *c) { return promo_campaign_set_starts(c, 0, 1, 1); }
static promo_status ends_month_13(promo_campaign *c) { return promo_campaign_set_ends(c, 2026, 13, 1); }
static promo_status ends_day_0(promo_campaign *c) { return promo_campaign_set_ends(c, 2026, 4, 0); }
static promo_status ends_apr_31(promo_campaign *c) { return promo_campaign_set_ends(c, 2026, 4, 31); }
static promo_status ends_year_10000(promo_campaign *c) { return promo_campaign_set_ends(c, 10000, 1, 1); }
static promo_status zone_mars(promo_campaign *c) { return promo_campaign_set_time_zone(c, "Mars/Olympus"); }
static promo_status zone_unknown(promo_campaign *c) { return promo_campaign_set_time_zone(c, "Etc/Unknown"); }
static promo_status zone_lower(promo_campaign *c) { return promo_campaign_set_time_zone(c, "utc"); }
static promo_status zone_empty(promo_campaign *c) { return promo_campaign_set_time_zone(c, ""); }
static promo_status zone_null(promo_campaign *c) { return promo_campaign_set_time_zone(c, NULL); }
static promo_status region_zz(promo_campaign *c) { return promo_campaign_add_region(c, "ZZ"); }
static promo_status region_uk(promo_campaign *c) { return promo_campaign_add_region(c, "UK"); }
static promo_status region_an(promo_campaign *c) { return promo_campaign_add_region(c, "AN"); }
static promo_status region_lower(promo_campaign *c) { return promo_campaign_add_region(c, "nl"); }
static promo_status region_999(promo_campaign *c) { return promo_campaign_add_region(c, "999"); }
static promo_status region_null(promo_campaign *c) { return promo_campaign_add_region(c, NULL); }
static promo_status product_empty(promo_campaign *c) { return promo_campaign_add_product(c, ""); }
static promo_status product_null(promo_campaign *c) { return promo_campaign_add_product(c, NULL); }
static promo_status product_not_utf8(promo_campaign *c) { return promo_campaign_add_product(c, "O365\xff"); }
static promo_status max_licenses_zero(promo_campaign *c) { return promo_campaign_set_max_licenses(c, 0); }
static promo_status max_licenses_negative(promo_campaign *c) { return promo_campaign_set_max_licenses(c, -1); }
static promo_status max_redemptions_zero(promo_campaign *c) { return promo_campaign_set_max_redemptions(c, 0); }
static promo_status code_empty(promo_campaign *c) { return promo_campaign_add_code(c, "", 0); }
static promo_status code_null(promo_campaign *c) { return promo_campaign_add_code(c, NULL, 4); }
static promo_status code_65_bytes(promo_campaign *c) {
  char code[PROMO_CODE_MAX_BYTES + 1];
  memset(code, 'X', sizeof code);
  return promo_campaign_add_code(c, code, sizeof code);
}
static promo_status code_newline(promo_campaign *c) { return add_code(c, "SPRING\n"); }
static promo_status code_nul(promo_campaign *c) { return promo_campaign_add_code(c, "SPR\0NG", 6); }
static promo_status code_surrogate(promo_campaign *c) { return add_code(c, "SPRING\xed\xa0\x80"); }
static promo_status code_latin1(promo_campaign *c) { return add_code(c, "CAF\xc9"); }
/* clang-format on */

static const struct {
  const char *what;
  bad_call call;
  const char *needle; /* the error text must say this */
} BAD[] = {
    {"percent_bps 0", bps_zero, "percent_bps"},
    {"percent_bps 10001", bps_10001, "10001"},
    {"percent_bps -2000", bps_negative, "-2000"},
    {"amount 0", amount_zero, "amount"},
    {"amount -500", amount_negative, "-500"},
    {"currency XYZ", currency_xyz, "'XYZ'"},
    {"currency eur", currency_lower, "'eur'"},
    {"currency EURO", currency_long, "'EURO'"},
    {"currency empty", currency_empty, "currency"},
    {"currency NULL", currency_null, "currency"},
    {"starts 2023-02-29", starts_feb_29, "2023-02-29"},
    {"starts year 0", starts_year_0, "starts"},
    {"ends month 13", ends_month_13, "ends 2026-13-01"},
    {"ends day 0", ends_day_0, "2026-04-00"},
    {"ends Apr 31", ends_apr_31, "2026-04-31"},
    {"ends year 10000", ends_year_10000, "ends"},
    {"zone Mars/Olympus", zone_mars, "'Mars/Olympus'"},
    {"zone Etc/Unknown", zone_unknown, "'Etc/Unknown'"},
    {"zone utc", zone_lower, "'utc'"},
    {"zone empty", zone_empty, "time zone"},
    {"zone NULL", zone_null, "time zone"},
    {"region ZZ", region_zz, "'ZZ'"},
    {"region UK", region_uk, "'UK'"},
    {"region AN", region_an, "'AN'"},
    {"region nl", region_lower, "'nl'"},
    {"region 999", region_999, "'999'"},
    {"region NULL", region_null, "region"},
    {"product empty", product_empty, "product"},
    {"product NULL", product_null, "product"},
    {"product not UTF-8", product_not_utf8, "product"},
    {"max_licenses 0", max_licenses_zero, "max_licenses"},
    {"max_licenses -1", max_licenses_negative, "max_licenses"},
    {"max_redemptions 0", max_redemptions_zero, "max_redemptions"},
    {"code empty", code_empty, "empty"},
    {"code NULL", code_null, "bad code"},
    {"code of 65 bytes", code_65_bytes, "64 bytes"},
    {"code with a newline", code_newline, "control"},
    {"code with a NUL", code_nul, "control"},
    {"code with a surrogate", code_surrogate, "UTF-8"},
    {"code in Latin-1", code_latin1, "UTF-8"},
};

START_TEST(catalog_setter_refuses_a_bad_value_and_changes_nothing) {
  promo_catalog_builder *b = new_builder();
  promo_campaign *c = full_campaign(b);
  promo_campaign_def before;
  memcpy(&before, c->def, sizeof before); /* padding too, for memcmp */
  size_t codes_before = b->codes.count;

  ck_assert_msg(BAD[_i].call(c) == PROMO_ERR_INVALID_ARGUMENT, "%s accepted",
                BAD[_i].what);
  const char *error = promo_catalog_builder_error(b);
  ck_assert_msg(strstr(error, BAD[_i].needle) != NULL,
                "%s: error '%s' does not say '%s'", BAD[_i].what, error,
                BAD[_i].needle);
  ck_assert_msg(strstr(error, "'spring'") != NULL,
                "%s: error '%s' does not name the campaign", BAD[_i].what,
                error);
  /* the campaign and the builder's codes are as they were */
  ck_assert_msg(memcmp(&before, c->def, sizeof before) == 0, "%s changed it",
                BAD[_i].what);
  ck_assert_uint_eq(b->codes.count, codes_before);
  /* and the campaign still builds with its old values */
  promo_catalog *cat = NULL;
  ck_assert_int_eq(promo_catalog_build(&cat, b), PROMO_OK);
  ck_assert_int_eq(cat->campaigns[0]->bps, 2000);
  ck_assert_int_eq(cat->campaigns[0]->active_until,
                   test_utc(2026, 3, 31, 22, 0, 0));
  ck_assert_uint_eq(promo_catalog_code_count(cat), 1);
  promo_catalog_free(cat);
  promo_catalog_builder_free(b);
}
END_TEST

START_TEST(catalog_accepts_every_good_value) {
  promo_catalog_builder *b = new_builder();
  promo_campaign *c = NULL;
  ck_assert_int_eq(promo_catalog_builder_add_campaign(&c, b, "ok"), PROMO_OK);
  ck_assert_int_eq(promo_campaign_set_percent_bps(c, 1), PROMO_OK);
  ck_assert_int_eq(promo_campaign_set_percent_bps(c, 10000), PROMO_OK);
  ck_assert_int_eq(promo_campaign_set_amount(c, 1, "JPY"), PROMO_OK);
  ck_assert_int_eq(promo_campaign_set_amount(c, INT64_MAX, "EUR"), PROMO_OK);
  ck_assert_int_eq(promo_campaign_set_starts(c, 1, 1, 1), PROMO_OK);
  ck_assert_int_eq(promo_campaign_set_ends(c, 9999, 12, 31), PROMO_OK);
  ck_assert_int_eq(promo_campaign_set_time_zone(c, "US/Eastern"), PROMO_OK);
  ck_assert_int_eq(promo_campaign_set_time_zone(c, "Pacific/Kiritimati"),
                   PROMO_OK);
  ck_assert_int_eq(promo_campaign_add_region(c, "XK"), PROMO_OK);
  ck_assert_int_eq(promo_campaign_add_region(c, "EU"), PROMO_OK);
  ck_assert_int_eq(promo_campaign_add_region(c, "419"), PROMO_OK);
  ck_assert_int_eq(promo_campaign_add_product(c, "O365_E3"), PROMO_OK);
  ck_assert_int_eq(promo_campaign_add_product(c, "O365_E3"), PROMO_OK);
  ck_assert_int_eq(promo_campaign_add_product(c, "Teams \xe2\x80\x93 Ess"),
                   PROMO_OK);
  ck_assert_int_eq(promo_campaign_set_max_licenses(c, 1), PROMO_OK);
  ck_assert_int_eq(promo_campaign_set_max_redemptions(c, INT64_MAX), PROMO_OK);
  ck_assert_int_eq(add_code(c, "A"), PROMO_OK);
  ck_assert_int_eq(add_code(c, "a"), PROMO_OK); /* case counts: another */
  char longest[PROMO_CODE_MAX_BYTES];
  memset(longest, 'L', sizeof longest);
  ck_assert_int_eq(promo_campaign_add_code(c, longest, sizeof longest),
                   PROMO_OK);
  ck_assert_int_eq(add_code(c, "\xe2\x82\xac"
                               "10 OFF!"),
                   PROMO_OK);
  ck_assert_str_eq(promo_catalog_builder_error(b), "");
  /* what was set last is what holds */
  ck_assert_int_eq(c->def->kind, PROMO_DISCOUNT_AMOUNT);
  ck_assert_int_eq(c->def->bps, 0);
  ck_assert_str_eq(c->def->currency, "EUR");
  ck_assert_str_eq(promo_campaign_zone(c->def), "Pacific/Kiritimati");
  ck_assert_uint_eq(c->def->product_count, 2);
  ck_assert(c->def->has_regions);
  ck_assert(
      promo_country_set_has(&c->def->countries, promo_country_index("XK")));
  ck_assert(
      promo_country_set_has(&c->def->countries, promo_country_index("DE")));
  ck_assert(
      promo_country_set_has(&c->def->countries, promo_country_index("BR")));
  ck_assert(
      !promo_country_set_has(&c->def->countries, promo_country_index("US")));
  ck_assert_uint_eq(c->def->code_count, 4);
  /* and percent replaces amount again */
  ck_assert_int_eq(promo_campaign_set_percent_bps(c, 1500), PROMO_OK);
  ck_assert_int_eq(c->def->kind, PROMO_DISCOUNT_PERCENT);
  ck_assert_int_eq(c->def->amount, 0);
  promo_catalog *cat = NULL;
  ck_assert_int_eq(promo_catalog_build(&cat, b), PROMO_OK);
  ck_assert_uint_eq(promo_catalog_code_count(cat), 4);
  promo_catalog_free(cat);
  promo_catalog_builder_free(b);
}
END_TEST

/* ---- stale handles ----------------------------------------------------- */

/* clang-format off */
static promo_status good_bps(promo_campaign *c) { return promo_campaign_set_percent_bps(c, 1000); }
static promo_status good_amount(promo_campaign *c) { return promo_campaign_set_amount(c, 500, "EUR"); }
static promo_status good_starts(promo_campaign *c) { return promo_campaign_set_starts(c, 2026, 2, 1); }
static promo_status good_ends(promo_campaign *c) { return promo_campaign_set_ends(c, 2026, 4, 30); }
static promo_status good_zone(promo_campaign *c) { return promo_campaign_set_time_zone(c, "UTC"); }
static promo_status good_region(promo_campaign *c) { return promo_campaign_add_region(c, "NL"); }
static promo_status good_product(promo_campaign *c) { return promo_campaign_add_product(c, "TEAMS_ESS"); }
static promo_status good_max_licenses(promo_campaign *c) { return promo_campaign_set_max_licenses(c, 5); }
static promo_status good_max_redemptions(promo_campaign *c) { return promo_campaign_set_max_redemptions(c, 5); }
static promo_status good_code(promo_campaign *c) { return add_code(c, "ANOTHER"); }
/* clang-format on */

/* A good value for every setter: on a live handle each is accepted. */
static const bad_call GOOD[] = {
    good_bps,     good_amount,       good_starts,
    good_ends,    good_zone,         good_region,
    good_product, good_max_licenses, good_max_redemptions,
    good_code,
};

START_TEST(catalog_a_stale_handle_is_refused_by_every_setter_with_a_reason) {
  test_alloc t;
  test_alloc_init(&t, 0);
  promo_catalog_builder *b = NULL;
  ck_assert_int_eq(promo_catalog_builder_new(&b, &t.allocator), PROMO_OK);
  promo_campaign *stale = full_campaign(b);
  promo_catalog *cat = NULL;
  ck_assert_int_eq(promo_catalog_build(&cat, b), PROMO_OK);
  promo_campaign_def built;
  memcpy(&built, cat->campaigns[0], sizeof built);
  /* A new campaign of the same id in the reused builder is not the stale
   * handle's either. */
  promo_campaign *fresh = NULL;
  ck_assert_int_eq(promo_catalog_builder_add_campaign(&fresh, b, "spring"),
                   PROMO_OK);
  ck_assert_ptr_ne(fresh, stale);
  promo_campaign_def fresh_before;
  memcpy(&fresh_before, fresh->def, sizeof fresh_before);
  long live = t.live;

  ck_assert_int_eq(GOOD[_i](stale), PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_str_eq(promo_catalog_builder_error(b),
                   "campaign 'spring' was built into a catalog; its handle "
                   "can no longer change it");
  ck_assert_int_eq(memcmp(&built, cat->campaigns[0], sizeof built), 0);
  ck_assert_int_eq(memcmp(&fresh_before, fresh->def, sizeof fresh_before), 0);
  ck_assert_uint_eq(b->count, 1);
  ck_assert_uint_eq(b->codes.count, 0);
  ck_assert_int_eq(t.live, live);
  /* The same call through the live handle is accepted. */
  ck_assert_int_eq(GOOD[_i](fresh), PROMO_OK);

  /* Freed in the order a garbage collector may choose: the catalog first,
   * and the stale handle is still refused, not a use of freed memory. */
  promo_catalog_free(cat);
  ck_assert_int_eq(GOOD[_i](stale), PROMO_ERR_INVALID_ARGUMENT);
  promo_catalog_builder_free(b);
  ck_assert_int_eq(t.live, 0);
}
END_TEST

START_TEST(catalog_builder_hands_back_a_campaign_by_its_id) {
  promo_catalog_builder *b = new_builder();
  promo_campaign *spring = full_campaign(b);
  promo_campaign *other = NULL;
  ck_assert_int_eq(promo_catalog_builder_add_campaign(&other, b, "other"),
                   PROMO_OK);
  promo_campaign *found = NULL;
  ck_assert_int_eq(promo_catalog_builder_campaign(&found, b, "spring"),
                   PROMO_OK);
  ck_assert_ptr_eq(found, spring);
  ck_assert_int_eq(promo_catalog_builder_campaign(&found, b, "other"),
                   PROMO_OK);
  ck_assert_ptr_eq(found, other);
  /* An id it does not hold: refused, *out untouched, the reason named. */
  found = NULL;
  ck_assert_int_eq(promo_catalog_builder_campaign(&found, b, "Spring"),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_ptr_null(found);
  ck_assert_str_eq(promo_catalog_builder_error(b),
                   "the builder holds no campaign 'Spring'");
  ck_assert_int_eq(promo_catalog_builder_campaign(NULL, b, "spring"),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_catalog_builder_campaign(&found, b, NULL),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_str_eq(promo_catalog_builder_error(b), "no campaign id");
  ck_assert_int_eq(promo_catalog_builder_campaign(&found, NULL, "spring"),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_campaign_set_percent_bps(other, 100), PROMO_OK);
  ck_assert_int_eq(add_code(other, "OTHER"), PROMO_OK);
  /* Once built, the builder holds neither. */
  promo_catalog *cat = NULL;
  ck_assert_int_eq(promo_catalog_build(&cat, b), PROMO_OK);
  ck_assert_int_eq(promo_catalog_builder_campaign(&found, b, "spring"),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_ptr_null(found);
  promo_catalog_free(cat);
  promo_catalog_builder_free(b);
}
END_TEST

/* ---- duplicates --------------------------------------------------------- */

START_TEST(catalog_refuses_a_code_listed_twice_in_one_campaign) {
  promo_catalog_builder *b = new_builder();
  promo_campaign *a = NULL;
  ck_assert_int_eq(promo_catalog_builder_add_campaign(&a, b, "spring"),
                   PROMO_OK);
  ck_assert_int_eq(add_code(a, "SPRING-2026"), PROMO_OK);
  ck_assert_int_eq(add_code(a, "SPRING-2026"), PROMO_ERR_INVALID_ARGUMENT);
  const char *error = promo_catalog_builder_error(b);
  ck_assert_ptr_nonnull(strstr(error, "'SPRING-2026'"));
  ck_assert_ptr_nonnull(strstr(error, "'spring'"));
  ck_assert_ptr_nonnull(strstr(error, "twice"));
  ck_assert_uint_eq(a->def->code_count, 1);
  /* case and dashes make other codes */
  ck_assert_int_eq(add_code(a, "spring-2026"), PROMO_OK);
  ck_assert_int_eq(add_code(a, "SPRING2026"), PROMO_OK);
  ck_assert_uint_eq(a->def->code_count, 3);
  promo_catalog_builder_free(b);
}
END_TEST

START_TEST(catalog_refuses_a_code_in_two_campaigns_naming_both) {
  promo_catalog_builder *b = new_builder();
  promo_campaign *a = NULL;
  promo_campaign *c = NULL;
  ck_assert_int_eq(promo_catalog_builder_add_campaign(&a, b, "spring-2026"),
                   PROMO_OK);
  ck_assert_int_eq(promo_catalog_builder_add_campaign(&c, b, "partners"),
                   PROMO_OK);
  ck_assert_int_eq(add_code(a, "SPRING"), PROMO_OK);
  ck_assert_int_eq(add_code(c, "SPRING"), PROMO_ERR_INVALID_ARGUMENT);
  const char *error = promo_catalog_builder_error(b);
  ck_assert_msg(strstr(error, "'spring-2026'") != NULL &&
                    strstr(error, "'partners'") != NULL &&
                    strstr(error, "'SPRING'") != NULL,
                "error: %s", error);
  /* the first campaign keeps it; the second did not get it */
  ck_assert_uint_eq(a->def->code_count, 1);
  ck_assert_uint_eq(c->def->code_count, 0);
  ck_assert_int_eq(promo_campaign_set_percent_bps(a, 1000), PROMO_OK);
  ck_assert_int_eq(promo_campaign_set_percent_bps(c, 1000), PROMO_OK);
  ck_assert_int_eq(add_code(c, "PARTNER"), PROMO_OK);
  promo_catalog *cat = NULL;
  ck_assert_int_eq(promo_catalog_build(&cat, b), PROMO_OK);
  const char *id = NULL;
  ck_assert_int_eq(promo_catalog_find_code(&id, cat, "SPRING", 6), PROMO_OK);
  ck_assert_str_eq(id, "spring-2026");
  promo_catalog_free(cat);
  promo_catalog_builder_free(b);
}
END_TEST

START_TEST(catalog_refuses_a_campaign_id_used_twice) {
  promo_catalog_builder *b = new_builder();
  promo_campaign *a = NULL;
  promo_campaign *again = NULL;
  ck_assert_int_eq(promo_catalog_builder_add_campaign(&a, b, "spring"),
                   PROMO_OK);
  ck_assert_int_eq(promo_catalog_builder_add_campaign(&again, b, "spring"),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_ptr_null(again);
  ck_assert_ptr_nonnull(strstr(promo_catalog_builder_error(b), "'spring'"));
  ck_assert_uint_eq(b->count, 1);
  /* ids compare byte for byte */
  ck_assert_int_eq(promo_catalog_builder_add_campaign(&again, b, "Spring"),
                   PROMO_OK);
  ck_assert_uint_eq(b->count, 2);
  promo_catalog_builder_free(b);
}
END_TEST

START_TEST(catalog_refuses_an_empty_or_non_utf8_campaign_id) {
  promo_catalog_builder *b = new_builder();
  promo_campaign *c = NULL;
  ck_assert_int_eq(promo_catalog_builder_add_campaign(&c, b, ""),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_ptr_nonnull(strstr(promo_catalog_builder_error(b), "id"));
  ck_assert_int_eq(promo_catalog_builder_add_campaign(&c, b, NULL),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_catalog_builder_add_campaign(&c, b, "spring\xc3"),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_catalog_builder_add_campaign(NULL, b, "spring"),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_ptr_null(c);
  ck_assert_uint_eq(b->count, 0);
  promo_catalog_builder_free(b);
}
END_TEST

/* ---- build -------------------------------------------------------------- */

typedef enum flaw { NO_DISCOUNT, NO_CODES } flaw;

static const struct {
  flaw flaw;
  const char *needle;
} FLAWS[] = {
    {NO_DISCOUNT, "has no discount"},
    {NO_CODES, "has no codes"},
};

START_TEST(catalog_build_refuses_a_flawed_campaign_and_keeps_the_builder) {
  promo_catalog_builder *b = new_builder();
  promo_campaign *good = full_campaign(b);
  promo_campaign *bad = NULL;
  ck_assert_int_eq(promo_catalog_builder_add_campaign(&bad, b, "summer"),
                   PROMO_OK);
  if (FLAWS[_i].flaw != NO_DISCOUNT) {
    ck_assert_int_eq(promo_campaign_set_amount(bad, 500, "EUR"), PROMO_OK);
  }
  if (FLAWS[_i].flaw != NO_CODES) {
    ck_assert_int_eq(add_code(bad, "SUMMER"), PROMO_OK);
  }
  promo_campaign_def good_before;
  promo_campaign_def bad_before;
  promo_code_index codes_before;
  memcpy(&good_before, good->def, sizeof good_before);
  memcpy(&bad_before, bad->def, sizeof bad_before);
  memcpy(&codes_before, &b->codes, sizeof codes_before);
  size_t count_before = b->count;

  promo_catalog *cat = NULL;
  ck_assert_int_eq(promo_catalog_build(&cat, b), PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_ptr_null(cat);
  const char *error = promo_catalog_builder_error(b);
  ck_assert_msg(strstr(error, "'summer'") != NULL &&
                    strstr(error, FLAWS[_i].needle) != NULL,
                "error: %s", error);
  /* exactly as it was: same campaigns, same handles, same codes */
  ck_assert_uint_eq(b->count, count_before);
  ck_assert_ptr_eq(b->campaigns[0], good->def);
  ck_assert_ptr_eq(b->campaigns[1], bad->def);
  ck_assert_ptr_eq(good->def->handle, good);
  ck_assert_ptr_eq(bad->def->handle, bad);
  ck_assert_int_eq(memcmp(&good_before, good->def, sizeof good_before), 0);
  ck_assert_int_eq(memcmp(&bad_before, bad->def, sizeof bad_before), 0);
  ck_assert_int_eq(memcmp(&codes_before, &b->codes, sizeof codes_before), 0);

  /* a fix-up through the same handle, then the build succeeds */
  switch (FLAWS[_i].flaw) {
  case NO_DISCOUNT:
    ck_assert_int_eq(promo_campaign_set_percent_bps(bad, 1000), PROMO_OK);
    break;
  case NO_CODES:
    ck_assert_int_eq(add_code(bad, "SUMMER"), PROMO_OK);
    break;
  }
  ck_assert_int_eq(promo_catalog_build(&cat, b), PROMO_OK);
  ck_assert_uint_eq(promo_catalog_campaign_count(cat), 2);
  ck_assert_uint_eq(promo_catalog_code_count(cat), 2);
  const char *id = NULL;
  ck_assert_int_eq(promo_catalog_find_code(&id, cat, "SUMMER", 6), PROMO_OK);
  ck_assert_str_eq(id, "summer");
  ck_assert_int_eq(promo_catalog_find_code(&id, cat, "SPRING-2026", 11),
                   PROMO_OK);
  ck_assert_str_eq(id, "spring");
  promo_catalog_free(cat);
  promo_catalog_builder_free(b);
}
END_TEST

START_TEST(r2_a_campaign_never_starts_after_it_ends_in_either_order) {
  promo_catalog_builder *b = new_builder();
  promo_campaign *c = NULL;
  ck_assert_int_eq(promo_catalog_builder_add_campaign(&c, b, "summer"),
                   PROMO_OK);
  /* starts first: an ends before it is refused and leaves ends unset */
  ck_assert_int_eq(promo_campaign_set_starts(c, 2026, 7, 2), PROMO_OK);
  promo_campaign before;
  memcpy(&before, c, sizeof before);
  ck_assert_int_eq(promo_campaign_set_ends(c, 2026, 7, 1),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(memcmp(&before, c, sizeof before), 0);
  ck_assert_str_eq(promo_catalog_builder_error(b),
                   "campaign 'summer' ends on 2026-07-01, before it starts on "
                   "2026-07-02");
  /* ends first: a starts after it is refused and leaves starts as it was */
  ck_assert_int_eq(promo_campaign_set_ends(c, 2026, 7, 31), PROMO_OK);
  memcpy(&before, c, sizeof before);
  ck_assert_int_eq(promo_campaign_set_starts(c, 2026, 8, 1),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(memcmp(&before, c, sizeof before), 0);
  ck_assert_str_eq(promo_catalog_builder_error(b),
                   "campaign 'summer' starts on 2026-08-01, after it ends on "
                   "2026-07-31");
  /* the window moves outwards in any order, and may be one day */
  ck_assert_int_eq(promo_campaign_set_starts(c, 2026, 7, 31), PROMO_OK);
  ck_assert_int_eq(promo_campaign_set_ends(c, 2026, 12, 31), PROMO_OK);
  ck_assert_int_eq(promo_campaign_set_starts(c, 2026, 12, 31), PROMO_OK);
  promo_catalog_builder_free(b);
}
END_TEST

START_TEST(catalog_one_day_campaign_starts_and_ends_the_same_day) {
  promo_catalog_builder *b = new_builder();
  promo_campaign *c = NULL;
  ck_assert_int_eq(promo_catalog_builder_add_campaign(&c, b, "one-day"),
                   PROMO_OK);
  ck_assert_int_eq(promo_campaign_set_percent_bps(c, 5000), PROMO_OK);
  ck_assert_int_eq(add_code(c, "TODAY"), PROMO_OK);
  ck_assert_int_eq(promo_campaign_set_starts(c, 2026, 7, 1), PROMO_OK);
  ck_assert_int_eq(promo_campaign_set_ends(c, 2026, 7, 1), PROMO_OK);
  promo_catalog *cat = NULL;
  ck_assert_int_eq(promo_catalog_build(&cat, b), PROMO_OK);
  ck_assert_int_eq(cat->campaigns[0]->active_from,
                   test_utc(2026, 7, 1, 0, 0, 0));
  ck_assert_int_eq(cat->campaigns[0]->active_until,
                   test_utc(2026, 7, 2, 0, 0, 0));
  promo_catalog_free(cat);
  promo_catalog_builder_free(b);
}
END_TEST

START_TEST(r2_build_computes_each_campaigns_window_in_its_own_zone) {
  /* Zones alternate so that a calendar shared between campaigns would show
   * up as a wrong window. */
  static const struct {
    const char *id;
    const char *zone; /* NULL: the default, UTC */
    int starts[3];    /* year 0: not set */
    int ends[3];
  } CAMPAIGNS[] = {
      {"utc-march", NULL, {2026, 3, 1}, {2026, 3, 31}},
      {"ams-march", "Europe/Amsterdam", {2026, 3, 1}, {2026, 3, 31}},
      {"no-dates", "Pacific/Kiritimati", {0, 0, 0}, {0, 0, 0}},
      {"ams-again", "Europe/Amsterdam", {2026, 10, 1}, {2026, 10, 25}},
      {"utc-again", "UTC", {0, 0, 0}, {2026, 12, 31}},
      {"kiritimati", "Pacific/Kiritimati", {2026, 1, 1}, {0, 0, 0}},
      {"pago-pago", "Pacific/Pago_Pago", {2026, 1, 1}, {2026, 1, 1}},
      {"forever", "Etc/GMT-14", {1, 1, 1}, {9999, 12, 31}},
  };
  const int64_t FROM[] = {
      test_utc(2026, 3, 1, 0, 0, 0),
      test_utc(2026, 2, 28, 23, 0, 0),
      INT64_MIN,
      test_utc(2026, 9, 30, 22, 0, 0),
      INT64_MIN,
      test_utc(2025, 12, 31, 10, 0, 0),
      test_utc(2026, 1, 1, 11, 0, 0),
      test_utc(1, 1, 1, 0, 0, 0) - 14 * 3600,
  };
  const int64_t UNTIL[] = {
      test_utc(2026, 4, 1, 0, 0, 0),
      test_utc(2026, 3, 31, 22, 0, 0),
      INT64_MAX,
      test_utc(2026, 10, 25, 23, 0, 0),
      test_utc(2027, 1, 1, 0, 0, 0),
      INT64_MAX,
      test_utc(2026, 1, 2, 11, 0, 0),
      test_utc(9999, 12, 31, 10, 0, 0),
  };
  promo_catalog_builder *b = new_builder();
  char code[32];
  for (int i = 0; i < N_ROWS(CAMPAIGNS); i++) {
    promo_campaign *c = NULL;
    ck_assert_int_eq(promo_catalog_builder_add_campaign(&c, b, CAMPAIGNS[i].id),
                     PROMO_OK);
    ck_assert_int_eq(promo_campaign_set_percent_bps(c, 1000), PROMO_OK);
    snprintf(code, sizeof code, "CODE-%d", i);
    ck_assert_int_eq(add_code(c, code), PROMO_OK);
    if (CAMPAIGNS[i].zone != NULL) {
      ck_assert_int_eq(promo_campaign_set_time_zone(c, CAMPAIGNS[i].zone),
                       PROMO_OK);
    }
    if (CAMPAIGNS[i].starts[0] != 0) {
      ck_assert_int_eq(promo_campaign_set_starts(c, CAMPAIGNS[i].starts[0],
                                                 CAMPAIGNS[i].starts[1],
                                                 CAMPAIGNS[i].starts[2]),
                       PROMO_OK);
    }
    if (CAMPAIGNS[i].ends[0] != 0) {
      ck_assert_int_eq(promo_campaign_set_ends(c, CAMPAIGNS[i].ends[0],
                                               CAMPAIGNS[i].ends[1],
                                               CAMPAIGNS[i].ends[2]),
                       PROMO_OK);
    }
  }
  promo_catalog *cat = NULL;
  ck_assert_int_eq(promo_catalog_build(&cat, b), PROMO_OK);
  for (int i = 0; i < N_ROWS(CAMPAIGNS); i++) {
    const promo_campaign_def *c = cat->campaigns[i];
    ck_assert_str_eq(c->id, CAMPAIGNS[i].id);
    ck_assert_msg(c->active_from == FROM[i], "%s from %lld", c->id,
                  (long long)c->active_from);
    ck_assert_msg(c->active_until == UNTIL[i], "%s until %lld", c->id,
                  (long long)c->active_until);
  }
  promo_catalog_free(cat);
  promo_catalog_builder_free(b);
}
END_TEST

START_TEST(catalog_builder_is_empty_and_reusable_after_build) {
  test_alloc t;
  test_alloc_init(&t, 0);
  promo_catalog_builder *b = NULL;
  ck_assert_int_eq(promo_catalog_builder_new(&b, &t.allocator), PROMO_OK);
  promo_campaign *c = full_campaign(b);
  /* leave an error text behind: the build clears it */
  ck_assert_int_eq(add_code(c, ""), PROMO_ERR_INVALID_ARGUMENT);
  promo_catalog *first = NULL;
  ck_assert_int_eq(promo_catalog_build(&first, b), PROMO_OK);
  ck_assert_uint_eq(b->count, 0);
  ck_assert_uint_eq(b->codes.count, 0);
  ck_assert_uint_eq(b->ids.count, 0);
  ck_assert_str_eq(promo_catalog_builder_error(b), "");

  /* the same id and code again make a second, independent catalog */
  promo_campaign *again = NULL;
  ck_assert_int_eq(promo_catalog_builder_add_campaign(&again, b, "spring"),
                   PROMO_OK);
  ck_assert_int_eq(promo_campaign_set_amount(again, 500, "EUR"), PROMO_OK);
  ck_assert_int_eq(add_code(again, "SPRING-2026"), PROMO_OK);
  ck_assert_int_eq(add_code(again, "EXTRA"), PROMO_OK);
  promo_catalog *second = NULL;
  ck_assert_int_eq(promo_catalog_build(&second, b), PROMO_OK);
  ck_assert_uint_eq(promo_catalog_code_count(first), 1);
  ck_assert_uint_eq(promo_catalog_code_count(second), 2);
  ck_assert_int_eq(first->campaigns[0]->kind, PROMO_DISCOUNT_PERCENT);
  ck_assert_int_eq(second->campaigns[0]->kind, PROMO_DISCOUNT_AMOUNT);
  const char *id = NULL;
  ck_assert_int_eq(promo_catalog_find_code(&id, first, "EXTRA", 5),
                   PROMO_ERR_CODE_NOT_FOUND);

  /* an empty builder builds an empty catalog */
  promo_catalog *empty = NULL;
  ck_assert_int_eq(promo_catalog_build(&empty, b), PROMO_OK);
  ck_assert_uint_eq(promo_catalog_campaign_count(empty), 0);
  ck_assert_uint_eq(promo_catalog_code_count(empty), 0);
  ck_assert_int_eq(promo_catalog_find_code(&id, empty, "SPRING-2026", 11),
                   PROMO_ERR_CODE_NOT_FOUND);

  /* the catalogs use the builder's allocator and outlive it */
  promo_catalog_builder_free(b);
  ck_assert_int_gt(t.live, 0);
  ck_assert_int_eq(promo_catalog_find_code(&id, second, "EXTRA", 5), PROMO_OK);
  promo_catalog_free(first);
  promo_catalog_free(second);
  promo_catalog_free(empty);
  ck_assert_int_eq(t.live, 0);
}
END_TEST

/* ---- reading a catalog -------------------------------------------------- */

static promo_catalog *small_catalog(void) {
  promo_catalog_builder *b = new_builder();
  promo_campaign *a = full_campaign(b);
  ck_assert_int_eq(add_code(a, "Spring-Partner"), PROMO_OK);
  promo_campaign *c = NULL;
  ck_assert_int_eq(promo_catalog_builder_add_campaign(&c, b, "fixed"),
                   PROMO_OK);
  ck_assert_int_eq(promo_campaign_set_amount(c, 500, "EUR"), PROMO_OK);
  ck_assert_int_eq(add_code(c, "FIVE-OFF"), PROMO_OK);
  promo_catalog *cat = NULL;
  ck_assert_int_eq(promo_catalog_build(&cat, b), PROMO_OK);
  promo_catalog_builder_free(b);
  return cat;
}

static const struct {
  const char *code;
  size_t len;
  promo_status status;
  const char *campaign;
} FINDS[] = {
    {"SPRING-2026", 11, PROMO_OK, "spring"},
    {"Spring-Partner", 14, PROMO_OK, "spring"},
    {"FIVE-OFF", 8, PROMO_OK, "fixed"},
    {"FIVE-OFF and more", 8, PROMO_OK, "fixed"}, /* only len bytes count */
    {"spring-2026", 11, PROMO_ERR_CODE_NOT_FOUND, NULL},
    {"SPRING2026", 10, PROMO_ERR_CODE_NOT_FOUND, NULL},
    {"SPRING-202", 10, PROMO_ERR_CODE_NOT_FOUND, NULL},
    {"SPRING-2026 ", 12, PROMO_ERR_CODE_NOT_FOUND, NULL},
    {"FIVE-OFF\n", 9, PROMO_ERR_MALFORMED_CODE, NULL},
    {"", 0, PROMO_ERR_MALFORMED_CODE, NULL},
    {NULL, 0, PROMO_ERR_INVALID_ARGUMENT, NULL}, /* the caller's mistake */
    {"\xed\xa0\x80", 3, PROMO_ERR_MALFORMED_CODE, NULL},
    {"XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", 65,
     PROMO_ERR_MALFORMED_CODE, NULL},
};

START_TEST(r1_catalog_finds_a_code_byte_for_byte) {
  promo_catalog *cat = small_catalog();
  const char *id = "untouched";
  promo_status st =
      promo_catalog_find_code(&id, cat, FINDS[_i].code, FINDS[_i].len);
  ck_assert_msg(st == FINDS[_i].status, "row %d: %s", _i,
                promo_status_name(st));
  if (FINDS[_i].campaign != NULL) {
    ck_assert_str_eq(id, FINDS[_i].campaign);
  } else {
    ck_assert_str_eq(id, "untouched");
  }
  promo_catalog_free(cat);
}
END_TEST

/* The batch gives every code the answer promo_catalog_find_code() gives,
 * the table's rows and many bulk codes alike, across its groups. */
START_TEST(r1_catalog_finds_many_codes_at_once_as_one_by_one) {
  promo_catalog_builder *b = new_builder();
  promo_campaign *a = full_campaign(b);
  ck_assert_int_eq(add_code(a, "Spring-Partner"), PROMO_OK);
  promo_campaign *c = NULL;
  ck_assert_int_eq(promo_catalog_builder_add_campaign(&c, b, "fixed"),
                   PROMO_OK);
  ck_assert_int_eq(promo_campaign_set_amount(c, 500, "EUR"), PROMO_OK);
  ck_assert_int_eq(add_code(c, "FIVE-OFF"), PROMO_OK);
  char code[32];
  for (int i = 0; i < 500; i += 2) {
    snprintf(code, sizeof code, "BULK-%d", i);
    ck_assert_int_eq(add_code(i % 4 == 0 ? a : c, code), PROMO_OK);
  }
  promo_catalog *cat = NULL;
  ck_assert_int_eq(promo_catalog_build(&cat, b), PROMO_OK);
  promo_catalog_builder_free(b);
  enum { N = 300 + N_ROWS(FINDS) };
  static char bufs[N][32];
  const char *codes[N];
  size_t lens[N];
  for (int i = 0; i < N; i++) {
    if (i < N_ROWS(FINDS)) {
      codes[i] = FINDS[i].code;
      lens[i] = FINDS[i].len;
    } else {
      int n = snprintf(bufs[i], sizeof bufs[i], "BULK-%d", i - N_ROWS(FINDS));
      codes[i] = bufs[i];
      lens[i] = (size_t)n;
    }
  }
  const char *ids[N];
  promo_status statuses[N];
  ck_assert_int_eq(promo_catalog_find_codes(ids, statuses, cat, codes, lens, N),
                   PROMO_OK);
  int found = 0;
  for (int i = 0; i < N; i++) {
    const char *id = NULL;
    promo_status one = promo_catalog_find_code(&id, cat, codes[i], lens[i]);
    ck_assert_msg(statuses[i] == one, "code %d: %s, one by one %s", i,
                  promo_status_name(statuses[i]), promo_status_name(one));
    if (one == PROMO_OK) {
      ck_assert_ptr_eq(ids[i], id); /* the catalog's own string */
      found++;
    } else {
      ck_assert_ptr_null(ids[i]);
    }
  }
  ck_assert_int_eq(found, 4 + 150);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(r1_catalog_find_codes_refuses_null_arrays_writing_nothing) {
  promo_catalog *cat = small_catalog();
  const char *codes[1] = {"FIVE-OFF"};
  size_t lens[1] = {8};
  const char *ids[1] = {"untouched"};
  promo_status statuses[1] = {PROMO_ERR_REJECTED_BY_HOST};
  ck_assert_int_eq(
      promo_catalog_find_codes(ids, statuses, NULL, codes, lens, 1),
      PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(
      promo_catalog_find_codes(NULL, statuses, cat, codes, lens, 1),
      PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_catalog_find_codes(ids, NULL, cat, codes, lens, 1),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_catalog_find_codes(ids, statuses, cat, NULL, lens, 1),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_catalog_find_codes(ids, statuses, cat, codes, NULL, 1),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_str_eq(ids[0], "untouched");
  ck_assert_int_eq(statuses[0], PROMO_ERR_REJECTED_BY_HOST);
  /* No codes: nothing to read or write, whatever the arrays. */
  ck_assert_int_eq(promo_catalog_find_codes(NULL, NULL, cat, NULL, NULL, 0),
                   PROMO_OK);
  ck_assert_int_eq(promo_catalog_find_codes(ids, statuses, cat, codes, lens, 1),
                   PROMO_OK);
  ck_assert_int_eq(statuses[0], PROMO_OK);
  ck_assert_str_eq(ids[0], "fixed");
  promo_catalog_free(cat);
}
END_TEST

START_TEST(catalog_counts_campaigns_codes_and_redemptions) {
  promo_catalog *cat = small_catalog();
  ck_assert_uint_eq(promo_catalog_campaign_count(cat), 2);
  ck_assert_uint_eq(promo_catalog_code_count(cat), 3);
  /* Campaigns by position, in the order they were added. */
  const char *id = NULL;
  ck_assert_int_eq(promo_catalog_campaign_id(&id, cat, 0), PROMO_OK);
  ck_assert_str_eq(id, "spring");
  ck_assert_int_eq(promo_catalog_campaign_id(&id, cat, 1), PROMO_OK);
  ck_assert_str_eq(id, "fixed");
  ck_assert_int_eq(promo_catalog_campaign_id(&id, cat, 2),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_str_eq(id, "fixed");
  ck_assert_int_eq(promo_catalog_campaign_id(NULL, cat, 0),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_catalog_campaign_id(&id, NULL, 0),
                   PROMO_ERR_INVALID_ARGUMENT);
  promo_redemptions n = PROMO_REDEMPTIONS_INIT;
  n.redeemed = -1;
  ck_assert_int_eq(promo_catalog_redemptions(&n, cat, "spring", NULL),
                   PROMO_OK);
  ck_assert_int_eq(n.redeemed, 0);
  ck_assert_int_eq(n.reserved, 0);
  ck_assert_int_eq(n.max_redemptions, 1000);
  n.redeemed = -1;
  ck_assert_int_eq(promo_catalog_redemptions(&n, cat, "fixed", NULL), PROMO_OK);
  ck_assert_int_eq(n.redeemed, 0);
  ck_assert_int_eq(n.max_redemptions, 0);
  n.redeemed = -1;
  promo_store_error e;
  ck_assert_int_eq(promo_catalog_redemptions(&n, cat, "autumn", &e),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_str_eq(e.text, "the catalog has no campaign 'autumn'");
  ck_assert_int_eq(promo_catalog_redemptions(&n, cat, "Spring", NULL),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_catalog_redemptions(&n, cat, "", NULL),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(n.redeemed, -1);
  promo_catalog_free(cat);
}
END_TEST

/* ---- NULL arguments ----------------------------------------------------- */

START_TEST(catalog_null_arguments_are_refused_everywhere) {
  ck_assert_int_eq(promo_catalog_builder_new(NULL, NULL),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_str_eq(promo_catalog_builder_error(NULL), "");

  promo_campaign *c = NULL;
  promo_catalog *cat = NULL;
  ck_assert_int_eq(promo_catalog_builder_add_campaign(&c, NULL, "spring"),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_catalog_build(&cat, NULL), PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_ptr_null(c);
  ck_assert_ptr_null(cat);

  ck_assert_int_eq(promo_campaign_set_percent_bps(NULL, 2000),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_campaign_set_amount(NULL, 500, "EUR"),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_campaign_set_starts(NULL, 2026, 3, 1),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_campaign_set_ends(NULL, 2026, 3, 31),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_campaign_set_time_zone(NULL, "UTC"),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_campaign_add_region(NULL, "NL"),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_campaign_add_product(NULL, "O365_E3"),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_campaign_set_max_licenses(NULL, 300),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_campaign_set_max_redemptions(NULL, 1000),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_campaign_add_code(NULL, "SPRING", 6),
                   PROMO_ERR_INVALID_ARGUMENT);

  const char *id = NULL;
  promo_redemptions n = PROMO_REDEMPTIONS_INIT;
  n.redeemed = -1;
  ck_assert_int_eq(promo_catalog_find_code(&id, NULL, "SPRING", 6),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_catalog_redemptions(&n, NULL, "spring", NULL),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_uint_eq(promo_catalog_campaign_count(NULL), 0);
  ck_assert_uint_eq(promo_catalog_code_count(NULL), 0);

  promo_catalog *real = small_catalog();
  ck_assert_int_eq(promo_catalog_find_code(NULL, real, "SPRING-2026", 11),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_catalog_redemptions(&n, real, NULL, NULL),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_catalog_redemptions(NULL, real, "spring", NULL),
                   PROMO_ERR_INVALID_ARGUMENT);
  n.version = PROMO_REDEMPTIONS_VERSION + 1;
  ck_assert_int_eq(promo_catalog_redemptions(&n, real, "spring", NULL),
                   PROMO_ERR_INVALID_ARGUMENT);
  n.version = 0;
  ck_assert_int_eq(promo_catalog_redemptions(&n, real, "spring", NULL),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(n.redeemed, -1);
  promo_catalog_free(real);

  /* NULL out-parameters on a real builder: refused, with a reason */
  promo_catalog_builder *b = new_builder();
  ck_assert_int_eq(promo_catalog_builder_add_campaign(NULL, b, "spring"),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_str_ne(promo_catalog_builder_error(b), "");
  ck_assert_uint_eq(b->count, 0);
  ck_assert_int_eq(promo_catalog_build(NULL, b), PROMO_ERR_INVALID_ARGUMENT);
  promo_catalog_builder_free(b);
}
END_TEST

START_TEST(catalog_free_of_null_is_a_no_op) {
  /* Like free(NULL): nothing happens, nothing crashes. */
  promo_catalog_builder_free(NULL);
  promo_catalog_free(NULL);
  promo_order_free(NULL);
  promo_result_free(NULL);
  /* and the library still works afterwards */
  promo_catalog *cat = small_catalog();
  ck_assert_uint_eq(promo_catalog_code_count(cat), 3);
  promo_catalog_free(cat);
}
END_TEST

static void *no_realloc_malloc(void *ctx, size_t size) {
  (void)ctx;
  return malloc(size);
}

START_TEST(catalog_builder_refuses_an_allocator_missing_a_function) {
  promo_allocator partial = {no_realloc_malloc, NULL, NULL, NULL};
  promo_catalog_builder *b = NULL;
  ck_assert_int_eq(promo_catalog_builder_new(&b, &partial),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_ptr_null(b);
}
END_TEST

/* ---- allocation failure ------------------------------------------------- */

#define BULK_CODES 40
#define CAMPAIGNS 6

/* The steps of building a small catalog, one call each, so a failing
 * allocator can stop the script at any of them. */
typedef struct script {
  test_alloc *t;
  promo_catalog_builder *b;
  promo_campaign *c[CAMPAIGNS];
  promo_catalog *cat;
} script;

static int step_count(void) {
  return 1 + CAMPAIGNS * 3 + 9 + BULK_CODES + 1; /* new ... build */
}

static promo_status run_step(script *s, int step) {
  static const char *const IDS[CAMPAIGNS] = {"spring", "fixed", "c2",
                                             "c3",     "c4",    "c5"};
  char code[32];
  if (step == 0) {
    return promo_catalog_builder_new(&s->b, &s->t->allocator);
  }
  step -= 1;
  if (step < CAMPAIGNS * 3) {
    int i = step / 3;
    switch (step % 3) {
    case 0:
      return promo_catalog_builder_add_campaign(&s->c[i], s->b, IDS[i]);
    case 1:
      return i == 1 ? promo_campaign_set_amount(s->c[i], 500, "EUR")
                    : promo_campaign_set_percent_bps(s->c[i], 1000 + i);
    default:
      snprintf(code, sizeof code, "CODE-%d", i);
      return add_code(s->c[i], code);
    }
  }
  step -= CAMPAIGNS * 3;
  promo_campaign *c = s->c[0];
  switch (step) {
  case 0:
    return promo_campaign_set_starts(c, 2026, 3, 1);
  case 1:
    return promo_campaign_set_ends(c, 2026, 3, 31);
  case 2:
    return promo_campaign_set_time_zone(c, "Europe/Amsterdam");
  case 3:
    return promo_campaign_add_region(c, "155");
  case 4:
    return promo_campaign_add_product(c, "O365_E3");
  case 5:
    return promo_campaign_add_product(c, "TEAMS_ESS");
  case 6:
    return promo_campaign_set_max_licenses(c, 300);
  case 7:
    return promo_campaign_set_max_redemptions(c, 1000);
  case 8:
    return promo_campaign_set_time_zone(c, "Europe/Amsterdam"); /* again */
  default:
    break;
  }
  step -= 9;
  if (step < BULK_CODES) {
    snprintf(code, sizeof code, "BULK-%04d-SPRING", step);
    return add_code(c, code);
  }
  return promo_catalog_build(&s->cat, s->b);
}

static void assert_complete(promo_catalog *cat) {
  ck_assert_uint_eq(promo_catalog_campaign_count(cat), CAMPAIGNS);
  ck_assert_uint_eq(promo_catalog_code_count(cat), CAMPAIGNS + BULK_CODES);
  const char *id = NULL;
  ck_assert_int_eq(promo_catalog_find_code(&id, cat, "BULK-0039-SPRING", 16),
                   PROMO_OK);
  ck_assert_str_eq(id, "spring");
  ck_assert_int_eq(promo_catalog_find_code(&id, cat, "CODE-5", 6), PROMO_OK);
  ck_assert_str_eq(id, "c5");
  const promo_campaign_def *spring = cat->campaigns[0];
  ck_assert_uint_eq(spring->product_count, 2);
  ck_assert_uint_eq(spring->code_count, 1 + BULK_CODES);
  ck_assert_str_eq(promo_campaign_zone(spring), "Europe/Amsterdam");
  ck_assert_int_eq(spring->active_until, test_utc(2026, 3, 31, 22, 0, 0));
  ck_assert_int_eq(cat->campaigns[1]->kind, PROMO_DISCOUNT_AMOUNT);
}

START_TEST(catalog_allocation_failure_at_any_step_frees_everything) {
  /* Fail the n-th allocation; the step it hits must say no_memory, and
   * freeing what was made so far must free every block. */
  long n = 1;
  for (;; n++) {
    test_alloc t;
    test_alloc_init(&t, n);
    script s = {&t, NULL, {NULL}, NULL};
    promo_status st = PROMO_OK;
    int step = 0;
    for (; step < step_count() && st == PROMO_OK; step++) {
      st = run_step(&s, step);
    }
    if (st == PROMO_OK) {
      assert_complete(s.cat);
    } else {
      ck_assert_msg(st == PROMO_ERR_NO_MEMORY && t.failed == 1,
                    "n=%ld step %d: %s", n, step - 1, promo_status_name(st));
      if (s.b != NULL) {
        ck_assert_ptr_nonnull(
            strstr(promo_catalog_builder_error(s.b), "memory"));
      }
    }
    promo_catalog_free(s.cat);
    promo_catalog_builder_free(s.b);
    ck_assert_msg(t.live == 0, "n=%ld: %ld blocks leaked", n, t.live);
    if (t.failed == 0) {
      break;
    }
  }
  ck_assert_int_gt(n, 20); /* the script allocates many times */
}
END_TEST

START_TEST(catalog_allocation_failure_changes_nothing_and_a_retry_succeeds) {
  /* Fail the n-th allocation, then retry the refused step: it must now
   * succeed as if the failed call had never happened (no code "listed
   * twice", no id "used twice", no campaign half built). */
  long n = 1;
  for (;; n++) {
    test_alloc t;
    test_alloc_init(&t, n);
    script s = {&t, NULL, {NULL}, NULL};
    for (int step = 0; step < step_count(); step++) {
      promo_status st = run_step(&s, step);
      if (st == PROMO_ERR_NO_MEMORY) {
        ck_assert_int_eq(t.failed, 1);
        st = run_step(&s, step);
      }
      ck_assert_msg(st == PROMO_OK, "n=%ld step %d: %s (%s)", n, step,
                    promo_status_name(st),
                    s.b == NULL ? "" : promo_catalog_builder_error(s.b));
    }
    assert_complete(s.cat);
    promo_catalog_free(s.cat);
    promo_catalog_builder_free(s.b);
    ck_assert_int_eq(t.live, 0);
    if (t.failed == 0) {
      break;
    }
  }
  ck_assert_int_gt(n, 20);
}
END_TEST

/* ---- many codes in one call -------------------------------------------- */

#define LIST 200 /* several of promo_campaign_add_codes' windows of 64 */

/* A list of LIST distinct codes "LIST-<prefix>-<i>", in bufs. */
typedef struct code_list {
  char bufs[LIST][32];
  const char *codes[LIST];
  size_t lens[LIST];
} code_list;

static void make_list(code_list *l, const char *prefix) {
  for (int i = 0; i < LIST; i++) {
    int n = snprintf(l->bufs[i], sizeof l->bufs[i], "LIST-%s-%d", prefix, i);
    l->codes[i] = l->bufs[i];
    l->lens[i] = (size_t)n;
  }
}

/* The builder holds exactly the codes of `spring` (full_campaign's) and
 * those of l[0 .. n): a built catalog finds them, and nothing of l past
 * n. */
static void assert_holds_list(promo_catalog_builder *b, const code_list *l,
                              int n) {
  promo_catalog *cat = NULL;
  ck_assert_int_eq(promo_catalog_build(&cat, b), PROMO_OK);
  ck_assert_uint_eq(promo_catalog_code_count(cat), 1 + (size_t)n);
  ck_assert_uint_eq(cat->campaigns[0]->code_count, 1 + (size_t)n);
  for (int i = 0; i < LIST; i++) {
    const char *id = NULL;
    promo_status st =
        promo_catalog_find_code(&id, cat, l->codes[i], l->lens[i]);
    ck_assert_int_eq(st, i < n ? PROMO_OK : PROMO_ERR_CODE_NOT_FOUND);
  }
  promo_catalog_free(cat);
}

START_TEST(r1_add_codes_adds_a_list_as_one_call_per_code_would) {
  promo_catalog_builder *b = new_builder();
  promo_campaign *c = full_campaign(b);
  static code_list l;
  make_list(&l, "A");
  size_t refused = 99;
  ck_assert_int_eq(promo_campaign_add_codes(&refused, c, l.codes, l.lens, LIST),
                   PROMO_OK);
  ck_assert_uint_eq(refused, 0);
  ck_assert_int_eq(promo_campaign_add_codes(NULL, c, NULL, NULL, 0), PROMO_OK);
  assert_holds_list(b, &l, LIST);
  promo_catalog_builder_free(b);
}
END_TEST

/* Where the first refusal of a list is, and what it says. */
typedef struct list_refusal {
  const char *what;
  int at;           /* the code replaced */
  const char *code; /* its replacement; NULL: a NULL pointer */
  const char *text; /* in the error text */
} list_refusal;

static const list_refusal REFUSALS[] = {
    {"in another campaign", 70, "TAKEN", "already in campaign 'other'"},
    {"in this campaign already", 3, "SPRING-2026",
     "listed twice in campaign 'spring'"},
    {"earlier in the list", 150, "LIST-A-140",
     "'LIST-A-140' is listed twice in campaign 'spring'"},
    {"bad syntax", 31, "TAB\tCODE", "bad code"},
    {"empty", 32, "", "bad code: the code is empty"},
    {"white space at an edge", 199, "EDGE ", "bad code"},
    {"a NULL code", 0, NULL, "bad code"},
};

/* All or nothing: a list with one refused code adds none of its codes,
 * those before the refused one included, and says which and why, as one
 * call per code would have said it. */
START_TEST(r1_add_codes_is_all_or_nothing_and_names_the_first_refusal) {
  const list_refusal *row = &REFUSALS[_i];
  promo_catalog_builder *b = new_builder();
  promo_campaign *c = full_campaign(b);
  promo_campaign *other = NULL;
  ck_assert_int_eq(promo_catalog_builder_add_campaign(&other, b, "other"),
                   PROMO_OK);
  ck_assert_int_eq(promo_campaign_set_percent_bps(other, 500), PROMO_OK);
  ck_assert_int_eq(add_code(other, "TAKEN"), PROMO_OK);
  static code_list l;
  make_list(&l, "A");
  l.codes[row->at] = row->code;
  l.lens[row->at] = row->code == NULL ? 5 : strlen(row->code);
  /* a later refusal too: only the first is reported */
  l.codes[LIST - 1] = row->at == LIST - 1 ? l.codes[LIST - 1] : "";
  l.lens[LIST - 1] = row->at == LIST - 1 ? l.lens[LIST - 1] : 0;
  size_t refused = 0;
  ck_assert_int_eq(promo_campaign_add_codes(&refused, c, l.codes, l.lens, LIST),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_uint_eq(refused, (size_t)row->at);
  ck_assert_msg(strstr(promo_catalog_builder_error(b), row->text) != NULL,
                "%s: %s", row->what, promo_catalog_builder_error(b));
  /* Nothing was added: the whole list, made good, goes in afterwards. */
  make_list(&l, "A");
  ck_assert_int_eq(promo_campaign_add_codes(NULL, c, l.codes, l.lens, LIST),
                   PROMO_OK);
  promo_catalog *cat = NULL;
  ck_assert_int_eq(promo_catalog_build(&cat, b), PROMO_OK);
  ck_assert_uint_eq(promo_catalog_code_count(cat), 2 + LIST);
  promo_catalog_free(cat);
  promo_catalog_builder_free(b);
}
END_TEST

START_TEST(r1_add_codes_refuses_null_arrays_and_stale_handles) {
  promo_catalog_builder *b = new_builder();
  promo_campaign *c = full_campaign(b);
  static code_list l;
  make_list(&l, "A");
  size_t refused = 7;
  ck_assert_int_eq(promo_campaign_add_codes(&refused, c, NULL, l.lens, 3),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_uint_eq(refused, 0);
  ck_assert_int_eq(promo_campaign_add_codes(&refused, c, l.codes, NULL, 3),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_campaign_add_codes(&refused, NULL, l.codes, l.lens, 3),
                   PROMO_ERR_INVALID_ARGUMENT);
  promo_catalog *cat = NULL;
  ck_assert_int_eq(promo_catalog_build(&cat, b), PROMO_OK);
  ck_assert_uint_eq(promo_catalog_code_count(cat), 1);
  ck_assert_int_eq(promo_campaign_add_codes(&refused, c, l.codes, l.lens, 3),
                   PROMO_ERR_INVALID_ARGUMENT); /* c was built: stale */
  ck_assert_ptr_nonnull(
      strstr(promo_catalog_builder_error(b), "was built into a catalog"));
  promo_catalog_free(cat);
  promo_catalog_builder_free(b);
}
END_TEST

/* Fail the 1st, 2nd, ... allocation of adding a list (the set's table and
 * entries grow several times over 200 codes): each failure is no_memory
 * with nothing added, and a retry adds the whole list. */
START_TEST(r1_add_codes_allocation_failure_adds_nothing) {
  static code_list l;
  make_list(&l, "A");
  long n = 1;
  for (;; n++) {
    test_alloc t;
    test_alloc_init(&t, 0);
    promo_catalog_builder *b = NULL;
    ck_assert_int_eq(promo_catalog_builder_new(&b, &t.allocator), PROMO_OK);
    promo_campaign *c = NULL;
    ck_assert_int_eq(promo_catalog_builder_add_campaign(&c, b, "spring"),
                     PROMO_OK);
    ck_assert_int_eq(promo_campaign_set_percent_bps(c, 2000), PROMO_OK);
    ck_assert_int_eq(add_code(c, "SPRING-2026"), PROMO_OK);
    t.fail_at = t.calls + n;
    size_t refused = 0;
    promo_status st =
        promo_campaign_add_codes(&refused, c, l.codes, l.lens, LIST);
    bool failed = t.failed > 0;
    t.fail_at = 0;
    if (failed) {
      ck_assert_int_eq(st, PROMO_ERR_NO_MEMORY);
      ck_assert_int_eq(promo_campaign_add_codes(NULL, c, l.codes, l.lens, LIST),
                       PROMO_OK); /* nothing of the first try is left */
    } else {
      ck_assert_int_eq(st, PROMO_OK);
    }
    /* the same codes again: every one is refused as a duplicate */
    ck_assert_int_eq(promo_campaign_add_codes(&refused, c, l.codes, l.lens, 1),
                     PROMO_ERR_INVALID_ARGUMENT);
    promo_catalog *cat = NULL;
    ck_assert_int_eq(promo_catalog_build(&cat, b), PROMO_OK);
    ck_assert_uint_eq(promo_catalog_code_count(cat), 1 + LIST);
    promo_catalog_free(cat);
    promo_catalog_builder_free(b);
    ck_assert_int_eq(t.live, 0);
    if (!failed) {
      break;
    }
  }
  ck_assert_int_ge(n, 4); /* the table and the entries grew, several times */
}
END_TEST

/* R3: each distinct grouping is listed through ICU once per build, however
 * many campaigns name it, however often. */
START_TEST(r3_each_distinct_grouping_is_expanded_once_per_build) {
  promo_catalog_builder *b = new_builder();
  for (int k = 0; k < 3; k++) {
    char id[8];
    (void)snprintf(id, sizeof id, "c%d", k);
    promo_campaign *c = NULL;
    ck_assert_int_eq(promo_catalog_builder_add_campaign(&c, b, id), PROMO_OK);
    ck_assert_int_eq(promo_campaign_set_percent_bps(c, 100), PROMO_OK);
    ck_assert_int_eq(add_code(c, id), PROMO_OK);
    for (int i = 0; i < 5000; i++) {
      ck_assert_int_eq(promo_campaign_add_region(c, "001"), PROMO_OK);
      ck_assert_int_eq(promo_campaign_add_region(c, "EU"), PROMO_OK);
      ck_assert_int_eq(promo_campaign_add_region(c, "US"), PROMO_OK);
    }
  }
  ck_assert_uint_eq(b->regions.listed, 2);
  promo_catalog *cat = NULL;
  ck_assert_int_eq(promo_catalog_build(&cat, b), PROMO_OK);
  /* The next build starts afresh. */
  ck_assert_uint_eq(b->regions.listed, 0);
  promo_campaign *c = NULL;
  ck_assert_int_eq(promo_catalog_builder_add_campaign(&c, b, "next"), PROMO_OK);
  ck_assert_int_eq(promo_campaign_add_region(c, "001"), PROMO_OK);
  ck_assert_uint_eq(b->regions.listed, 1);
  promo_catalog_free(cat);
  promo_catalog_builder_free(b);
}
END_TEST

/* "ZZZ" is an alias of "ZZ" to ICU, and "ZZ" is refused: no suggestion. */
START_TEST(r3_an_alias_of_a_refused_region_is_unknown) {
  promo_catalog_builder *b = new_builder();
  promo_campaign *c = NULL;
  ck_assert_int_eq(promo_catalog_builder_add_campaign(&c, b, "a"), PROMO_OK);
  ck_assert_int_eq(promo_campaign_add_region(c, "ZZZ"),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_str_eq(promo_catalog_builder_error(b),
                   "campaign 'a': unknown region 'ZZZ'");
  ck_assert_int_eq(promo_campaign_add_region(c, "UK"),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_str_eq(promo_catalog_builder_error(b),
                   "campaign 'a': region 'UK' is an alias: use 'GB'");
  promo_catalog_builder_free(b);
}
END_TEST

int main(void) {
  Suite *s = suite_create("catalog");

  TCase *setters = tcase_create("setters");
  tcase_add_loop_test(setters,
                      catalog_setter_refuses_a_bad_value_and_changes_nothing, 0,
                      N_ROWS(BAD));
  tcase_add_test(setters, catalog_accepts_every_good_value);
  tcase_add_test(setters, catalog_refuses_a_code_listed_twice_in_one_campaign);
  tcase_add_test(setters, catalog_refuses_a_code_in_two_campaigns_naming_both);
  tcase_add_test(setters, catalog_refuses_a_campaign_id_used_twice);
  tcase_add_test(setters, r3_each_distinct_grouping_is_expanded_once_per_build);
  tcase_add_test(setters, r3_an_alias_of_a_refused_region_is_unknown);
  tcase_add_test(setters, catalog_refuses_an_empty_or_non_utf8_campaign_id);
  tcase_add_loop_test(
      setters, catalog_a_stale_handle_is_refused_by_every_setter_with_a_reason,
      0, N_ROWS(GOOD));
  tcase_add_test(setters, catalog_builder_hands_back_a_campaign_by_its_id);
  suite_add_tcase(s, setters);

  TCase *build = tcase_create("build");
  tcase_add_loop_test(
      build, catalog_build_refuses_a_flawed_campaign_and_keeps_the_builder, 0,
      N_ROWS(FLAWS));
  tcase_add_test(build, catalog_one_day_campaign_starts_and_ends_the_same_day);
  tcase_add_test(build,
                 r2_build_computes_each_campaigns_window_in_its_own_zone);
  tcase_add_test(build, catalog_builder_is_empty_and_reusable_after_build);
  tcase_add_test(build,
                 r2_a_campaign_never_starts_after_it_ends_in_either_order);
  suite_add_tcase(s, build);

  TCase *reading = tcase_create("reading");
  tcase_add_loop_test(reading, r1_catalog_finds_a_code_byte_for_byte, 0,
                      N_ROWS(FINDS));
  tcase_add_test(reading, catalog_counts_campaigns_codes_and_redemptions);
  tcase_add_test(reading, r1_catalog_finds_many_codes_at_once_as_one_by_one);
  tcase_add_test(reading, r1_add_codes_adds_a_list_as_one_call_per_code_would);
  tcase_add_loop_test(
      reading, r1_add_codes_is_all_or_nothing_and_names_the_first_refusal, 0,
      N_ROWS(REFUSALS));
  tcase_add_test(reading, r1_add_codes_refuses_null_arrays_and_stale_handles);
  tcase_add_test(reading, r1_add_codes_allocation_failure_adds_nothing);
  tcase_add_test(reading,
                 r1_catalog_find_codes_refuses_null_arrays_writing_nothing);
  tcase_add_test(reading, catalog_null_arguments_are_refused_everywhere);
  tcase_add_test(reading, catalog_free_of_null_is_a_no_op);
  tcase_add_test(reading,
                 catalog_builder_refuses_an_allocator_missing_a_function);
  suite_add_tcase(s, reading);

  TCase *memory = tcase_create("allocation_failure");
  tcase_set_timeout(memory, 120);
  tcase_add_test(memory,
                 catalog_allocation_failure_at_any_step_frees_everything);
  tcase_add_test(
      memory, catalog_allocation_failure_changes_nothing_and_a_retry_succeeds);
  suite_add_tcase(s, memory);

  return test_run_suite(s);
}
