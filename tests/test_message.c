/* test_message.c - the customer's message, formatted by ICU (issue 12): one
 * table of MessageFormat patterns per language (en, nl), money in the
 * order's currency as the locale writes it, the campaign's last moment and
 * the discount's end in the order's time zone and the customer's language,
 * the country and currencies named in it, English for any other locale. */
#include "support.h"

#include <check.h>
#include <stdio.h>
#include <string.h>
#include <unicode/utf8.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define MUST(call) ck_assert_int_eq((call), PROMO_OK)

/* Characters ICU puts in formatted text. */
#define NBSP "\xc2\xa0"      /* U+00A0 NO-BREAK SPACE */
#define NNBSP "\xe2\x80\xaf" /* U+202F NARROW NO-BREAK SPACE */
#define EURO "\xe2\x82\xac"

/* "spring": 20 %, March 2026 in Amsterdam, Western Europe. "usd": 5 USD a
 * license. "full": 100 %. "late": from 2026-06-01 in Tokyo. */
static promo_catalog *message_catalog(void) {
  promo_catalog_builder *b = NULL;
  promo_campaign *c = NULL;
  MUST(promo_catalog_builder_new(&b, NULL));
  MUST(promo_catalog_builder_set_hints(b, true));
  MUST(promo_catalog_builder_add_campaign(&c, b, "spring"));
  MUST(promo_campaign_set_percent_bps(c, 2000));
  MUST(promo_campaign_set_starts(c, 2026, 3, 1));
  MUST(promo_campaign_set_ends(c, 2026, 3, 31));
  MUST(promo_campaign_set_time_zone(c, "Europe/Amsterdam"));
  MUST(promo_campaign_add_region(c, "155"));
  MUST(promo_campaign_add_code(c, "SPRING-2026", 11));
  MUST(promo_catalog_builder_add_campaign(&c, b, "usd"));
  MUST(promo_campaign_set_amount(c, 500, "USD"));
  MUST(promo_campaign_add_code(c, "FIVE-USD", 8));
  MUST(promo_catalog_builder_add_campaign(&c, b, "full"));
  MUST(promo_campaign_set_percent_bps(c, 10000));
  MUST(promo_campaign_add_code(c, "FULL", 4));
  MUST(promo_catalog_builder_add_campaign(&c, b, "late"));
  MUST(promo_campaign_set_percent_bps(c, 1000));
  MUST(promo_campaign_set_starts(c, 2026, 6, 1));
  MUST(promo_campaign_set_time_zone(c, "Asia/Tokyo"));
  MUST(promo_campaign_add_code(c, "LATE", 4));
  promo_catalog *cat = NULL;
  MUST(promo_catalog_build(&cat, b));
  promo_catalog_builder_free(b);
  return cat;
}

/* An order of one new annual O365_E3 line of 350 licenses at 10.50. */
static promo_order *order_of(promo_catalog *cat, const char *country,
                             const char *currency, const char *zone,
                             int64_t placed) {
  promo_order *o = NULL;
  MUST(promo_order_new(&o, cat));
  MUST(promo_order_set_country(o, country));
  MUST(promo_order_set_currency(o, currency));
  MUST(promo_order_set_time_zone(o, zone));
  MUST(promo_order_set_placed_at(o, placed));
  MUST(promo_order_add_line(NULL, o, "sub-1", "O365_E3", true,
                            PROMO_TERM_ANNUAL, 350, 1050));
  return o;
}

static int64_t at(int y, int m, int d, int h, int mi) {
  return test_utc(y, m, d, h, mi, 0);
}

/* The message of an apply of `code`, with hints. */
static void message_for(char *out, promo_order *o, const char *code,
                        const promo_apply_options *options,
                        const char *locale) {
  promo_result *r = NULL;
  MUST(promo_result_new(&r, NULL));
  promo_apply_options defaults = PROMO_APPLY_OPTIONS_INIT;
  defaults.hints = true;
  defaults.dry_run = true;
  (void)promo_apply(r, o, code, strlen(code),
                    options == NULL ? &defaults : options);
  size_t n = 0;
  MUST(promo_result_message(&n, out, PROMO_MESSAGE_MAX, r, locale));
  ck_assert_uint_eq(n, strlen(out));
  promo_result_free(r);
}

static void expect_message(promo_order *o, const char *code, const char *locale,
                           const char *expected) {
  char text[PROMO_MESSAGE_MAX];
  message_for(text, o, code, NULL, locale);
  ck_assert_str_eq(text, expected);
}

/* ---- money and dates ---------------------------------------------------- */

START_TEST(ok_says_the_money_as_the_locale_writes_it_and_until_when) {
  promo_catalog *cat = message_catalog();
  /* Placed 2026-03-31T21:30Z, 23:30 in Amsterdam: the last day. 350 ×
   * 10.50 = 3675.00, 20 % off = 735.00; the discount lasts one year. */
  promo_order *o =
      order_of(cat, "NL", "EUR", "Europe/Amsterdam", at(2026, 3, 31, 21, 30));
  expect_message(o, "SPRING-2026", "en",
                 "The promo code was applied to your order: " EURO
                 "735.00 off per billing period, which brings it to " EURO
                 "2,940.00. The discount lasts until March 31, 2027.");
  expect_message(
      o, "SPRING-2026", "nl",
      "De promotiecode is toegepast op uw bestelling: " EURO NBSP
      "735,00 korting per factuurperiode, waarmee het totaal " EURO NBSP
      "2.940,00 wordt. De korting geldt tot 31 maart 2027.");
  /* The customer's conventions for their language: British English. */
  expect_message(o, "SPRING-2026", "en-GB",
                 "The promo code was applied to your order: " EURO
                 "735.00 off per billing period, which brings it to " EURO
                 "2,940.00. The discount lasts until 31 March 2027.");
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(the_discount_ends_on_the_date_of_the_orders_zone) {
  promo_catalog *cat = message_catalog();
  /* 2026-03-31T23:30Z is already April 1st, 08:30, in Tokyo: the discount
   * ends 2027-04-01 there, while in UTC it is still March 31st. */
  promo_order *o =
      order_of(cat, "JP", "JPY", "Asia/Tokyo", at(2026, 3, 31, 23, 30));
  /* Yen have no minor unit: 350 × 1050 = 367500, all of it off. */
  expect_message(o, "FULL", "en",
                 "The promo code was applied to your order: \xc2\xa5"
                 "367,500 off per billing period, which brings it to "
                 "\xc2\xa5"
                 "0. The discount lasts until April 1, 2027.");
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(money_is_exact_up_to_int64_max) {
  promo_catalog *cat = message_catalog();
  promo_order *o = NULL;
  MUST(promo_order_new(&o, cat));
  MUST(promo_order_set_country(o, "NL"));
  MUST(promo_order_set_currency(o, "EUR"));
  MUST(promo_order_set_placed_at(o, at(2026, 3, 15, 10, 0)));
  MUST(promo_order_add_line(NULL, o, "sub-1", "O365_E3", true,
                            PROMO_TERM_MONTHLY, 1, INT64_MAX));
  expect_message(o, "FULL", "en",
                 "The promo code was applied to your order: " EURO
                 "92,233,720,368,547,758.07 off per billing period, which "
                 "brings it to " EURO
                 "0.00. The discount lasts until April 15, 2026.");
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(lines_with_different_ends_each_keep_one_term) {
  promo_catalog *cat = message_catalog();
  promo_order *o =
      order_of(cat, "NL", "EUR", "Europe/Amsterdam", at(2026, 3, 15, 10, 0));
  MUST(promo_order_add_line(NULL, o, "sub-2", "TEAMS_ESS", true,
                            PROMO_TERM_MONTHLY, 1, 400));
  expect_message(o, "FULL", "en",
                 "The promo code was applied to your order: " EURO
                 "3,679.00 off per billing period, which brings it to " EURO
                 "0.00. Each subscription keeps the discount for one term.");
  expect_message(
      o, "FULL", "nl",
      "De promotiecode is toegepast op uw bestelling: " EURO NBSP
      "3.679,00 korting per factuurperiode, waarmee het totaal " EURO NBSP
      "0,00 wordt. Elk abonnement houdt de korting "
      "\xc3\xa9\xc3\xa9n termijn lang.");
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(an_expired_code_says_until_when_in_the_customers_zone) {
  promo_catalog *cat = message_catalog();
  /* The campaign's last second is 2026-03-31T23:59:59 in Amsterdam (CEST,
   * +2): 17:59:59 in New York (EDT, -4), 06:59:59 on April 1st in Tokyo. */
  promo_order *o =
      order_of(cat, "NL", "EUR", "America/New_York", at(2026, 4, 2, 12, 0));
  expect_message(o, "SPRING-2026", "en",
                 "This promo code has expired: it could be used until March "
                 "31, 2026 at 5:59" NNBSP
                 "PM. Campaigns run for a limited time and expired codes "
                 "cannot be accepted or replaced, but you can still purchase "
                 "the subscription without one.");
  expect_message(o, "SPRING-2026", "nl",
                 "Deze promotiecode is verlopen: hij kon worden gebruikt tot "
                 "31 maart 2026 om 17:59. Campagnes gelden gedurende een "
                 "beperkte periode en verlopen codes kunnen niet worden "
                 "geaccepteerd of vervangen, maar u kunt het abonnement wel "
                 "zonder promotiecode aanschaffen.");
  MUST(promo_order_set_time_zone(o, "Asia/Tokyo"));
  expect_message(o, "SPRING-2026", "nl",
                 "Deze promotiecode is verlopen: hij kon worden gebruikt tot "
                 "1 april 2026 om 06:59. Campagnes gelden gedurende een "
                 "beperkte periode en verlopen codes kunnen niet worden "
                 "geaccepteerd of vervangen, maar u kunt het abonnement wel "
                 "zonder promotiecode aanschaffen.");
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(a_code_not_active_yet_says_from_when) {
  promo_catalog *cat = message_catalog();
  /* 2026-06-01T00:00 in Tokyo is May 31st, 17:00 in Amsterdam. */
  promo_order *o =
      order_of(cat, "NL", "EUR", "Europe/Amsterdam", at(2026, 5, 1, 12, 0));
  expect_message(o, "LATE", "en",
                 "This promo code cannot be used yet: its campaign starts on "
                 "May 31, 2026 at 5:00" NNBSP "PM. Try again from then.");
  expect_message(o, "LATE", "nl",
                 "Deze promotiecode kan nog niet worden gebruikt: de campagne "
                 "begint op 31 mei 2026 om 17:00. Probeer het vanaf dan "
                 "opnieuw.");
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

/* ---- names ------------------------------------------------------------- */

START_TEST(a_region_refusal_names_the_country_in_the_customers_language) {
  promo_catalog *cat = message_catalog();
  promo_order *o = order_of(cat, "DE", "EUR", "UTC", at(2026, 3, 15, 10, 0));
  MUST(promo_order_set_country(o, "US"));
  expect_message(o, "SPRING-2026", "en",
                 "This promo code does not work in your country or region "
                 "(United States). Promo codes only work in the country or "
                 "region they were created for.");
  expect_message(o, "SPRING-2026", "nl",
                 "Deze promotiecode werkt niet in uw land of regio (Verenigde "
                 "Staten). Promotiecodes werken alleen in het land of de regio "
                 "waarvoor ze zijn gemaakt.");
  MUST(promo_order_set_country(o, "XK"));
  expect_message(o, "SPRING-2026", "nl",
                 "Deze promotiecode werkt niet in uw land of regio (Kosovo). "
                 "Promotiecodes werken alleen in het land of de regio "
                 "waarvoor ze zijn gemaakt.");
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(a_currency_refusal_names_both_currencies) {
  promo_catalog *cat = message_catalog();
  promo_order *o = order_of(cat, "NL", "EUR", "UTC", at(2026, 3, 15, 10, 0));
  expect_message(o, "FIVE-USD", "en",
                 "This promo code is for orders in US dollars, and your order "
                 "is in euros. Check the terms and conditions of the code.");
  expect_message(o, "FIVE-USD", "nl",
                 "Deze promotiecode geldt voor bestellingen in Amerikaanse "
                 "dollar, en uw bestelling is in euro. Raadpleeg de "
                 "voorwaarden van de code.");
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

static promo_status refuse_with_reason(void *data, const promo_order *o,
                                       const char *campaign, char *reason,
                                       size_t size) {
  (void)o;
  (void)campaign;
  if (data != NULL) {
    (void)snprintf(reason, size, "%s", (const char *)data);
  }
  return PROMO_ERR_REJECTED_BY_HOST;
}

START_TEST(a_host_refusal_gives_the_hosts_reason) {
  promo_catalog *cat = message_catalog();
  promo_order *o = order_of(cat, "NL", "EUR", "UTC", at(2026, 3, 15, 10, 0));
  /* The reason is text for the pattern, never a pattern: braces and
   * apostrophes come out as they went in. */
  promo_validator v = {"host", refuse_with_reason, NULL,
                       "only for a first purchase {0} 'x'"};
  promo_apply_options opts = PROMO_APPLY_OPTIONS_INIT;
  opts.validators = &v;
  opts.validator_count = 1;
  char text[PROMO_MESSAGE_MAX];
  message_for(text, o, "FULL", &opts, "en");
  ck_assert_str_eq(text, "This promo code cannot be used for this order: "
                         "only for a first purchase {0} 'x'");
  v.user_data = NULL; /* no reason given: the static sentence */
  message_for(text, o, "FULL", &opts, "nl");
  ck_assert_str_eq(text,
                   promo_status_message(PROMO_ERR_REJECTED_BY_HOST, "nl"));
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

/* ---- hints and the static sentences ------------------------------------- */

START_TEST(a_miss_says_what_to_check_after_the_static_sentence) {
  promo_catalog *cat = message_catalog();
  promo_order *o = order_of(cat, "NL", "EUR", "UTC", at(2026, 3, 15, 10, 0));
  for (size_t l = 0; l < promo_message_locale_count(); l++) {
    const char *lang = promo_message_locale(l);
    char expected[PROMO_MESSAGE_MAX];
    (void)snprintf(expected, sizeof expected, "%s %s %s",
                   promo_status_message(PROMO_ERR_CODE_NOT_FOUND, lang),
                   promo_hint_message(PROMO_HINT_DASH, lang),
                   promo_hint_message(PROMO_HINT_LETTER_CASE, lang));
    expect_message(o,
                   "spring\xe2\x80\x93"
                   "2026",
                   lang, expected);
    (void)snprintf(expected, sizeof expected, "%s %s",
                   promo_status_message(PROMO_ERR_MALFORMED_CODE, lang),
                   promo_hint_message(PROMO_HINT_WHITE_SPACE, lang));
    expect_message(o, "SPRING-2026\r\n", lang, expected);
    expect_message(o, "NOPE", lang,
                   promo_status_message(PROMO_ERR_CODE_NOT_FOUND, lang));
  }
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(statuses_with_nothing_to_add_say_their_static_sentence) {
  promo_catalog *cat = message_catalog();
  promo_order *o = order_of(cat, "NL", "EUR", "UTC", at(2026, 3, 15, 10, 0));
  MUST(promo_order_set_completed(o, true));
  expect_message(o, "FULL", "nl",
                 promo_status_message(PROMO_ERR_NOT_NEW_SUBSCRIPTION, "nl"));
  promo_order_free(o);
  /* A result that holds no apply yet, and a refused call's. */
  promo_result *r = NULL;
  MUST(promo_result_new(&r, NULL));
  char text[PROMO_MESSAGE_MAX];
  size_t n = 0;
  MUST(promo_result_message(&n, text, sizeof text, r, "en"));
  ck_assert_str_eq(text,
                   promo_status_message(PROMO_ERR_INVALID_ARGUMENT, "en"));
  ck_assert_int_eq(promo_apply(r, NULL, "FULL", 4, NULL),
                   PROMO_ERR_INVALID_ARGUMENT);
  MUST(promo_result_message(&n, text, sizeof text, r, "nl"));
  ck_assert_str_eq(text,
                   promo_status_message(PROMO_ERR_INVALID_ARGUMENT, "nl"));
  promo_result_free(r);
  promo_catalog_free(cat);
}
END_TEST

/* ---- locales ------------------------------------------------------------ */

START_TEST(any_other_locale_gets_english_and_a_region_keeps_its_language) {
  promo_catalog *cat = message_catalog();
  promo_order *o =
      order_of(cat, "NL", "EUR", "Europe/Amsterdam", at(2026, 3, 31, 21, 30));
  char en[PROMO_MESSAGE_MAX];
  char nl[PROMO_MESSAGE_MAX];
  char other[PROMO_MESSAGE_MAX];
  message_for(en, o, "SPRING-2026", NULL, "en");
  message_for(nl, o, "SPRING-2026", NULL, "nl");
  static const char *const ENGLISH[] = {NULL,
                                        "",
                                        "fr",
                                        "fr-FR",
                                        "xx",
                                        "en_US",
                                        "EN",
                                        "e",
                                        "-",
                                        "@calendar=x",
                                        "en-u-ca-buddhist",
                                        "zz-@@@-!!",
                                        "a-very-long-locale-id-that-goes-on-"
                                        "and-on-and-on-past-any-sensible-size"};
  for (size_t i = 0; i < COUNT(ENGLISH); i++) {
    message_for(other, o, "SPRING-2026", NULL, ENGLISH[i]);
    ck_assert_msg(strcmp(other, en) == 0, "'%s': %s",
                  ENGLISH[i] == NULL ? "(null)" : ENGLISH[i], other);
  }
  static const char *const DUTCH[] = {"NL", "nl_NL", "nl-NL",
                                      "nl-u-ca-japanese"};
  for (size_t i = 0; i < COUNT(DUTCH); i++) {
    message_for(other, o, "SPRING-2026", NULL, DUTCH[i]);
    ck_assert_msg(strcmp(other, nl) == 0, "'%s': %s", DUTCH[i], other);
  }
  /* Belgian Dutch is Dutch, written the Belgian way. */
  message_for(other, o, "SPRING-2026", NULL, "nl-BE");
  ck_assert_ptr_nonnull(strstr(other, "De korting geldt tot 31 maart 2027."));
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

/* ---- the buffer --------------------------------------------------------- */

START_TEST(the_message_goes_whole_or_not_at_all_and_its_length_is_told) {
  promo_catalog *cat = message_catalog();
  promo_order *o = order_of(cat, "NL", "EUR", "UTC", at(2026, 3, 15, 10, 0));
  promo_result *r = NULL;
  MUST(promo_result_new(&r, NULL));
  MUST(promo_apply(r, o, "FULL", 4, NULL));
  char full[PROMO_MESSAGE_MAX];
  size_t n = 0;
  MUST(promo_result_message(&n, full, sizeof full, r, "nl"));
  ck_assert_uint_eq(n, strlen(full));
  ck_assert_uint_eq(promo_message_max(), PROMO_MESSAGE_MAX);
  size_t asked = 0;
  MUST(promo_result_message(&asked, NULL, 0, r, "nl"));
  ck_assert_uint_eq(asked, n);
  char small[16];
  memset(small, 'x', sizeof small);
  MUST(promo_result_message(&asked, small, sizeof small, r, "nl"));
  ck_assert_uint_eq(asked, n);
  ck_assert_str_eq(small, "");
  char exact[PROMO_MESSAGE_MAX];
  MUST(promo_result_message(&asked, exact, n, r, "nl")); /* no room for NUL */
  ck_assert_str_eq(exact, "");
  MUST(promo_result_message(&asked, exact, n + 1, r, "nl"));
  ck_assert_str_eq(exact, full);
  ck_assert_int_eq(promo_result_message(NULL, full, sizeof full, r, "nl"),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_result_message(&n, NULL, 10, r, "nl"),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_result_message(&n, full, sizeof full, NULL, "nl"),
                   PROMO_ERR_INVALID_ARGUMENT);
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

static bool valid_utf8(const char *text) {
  const uint8_t *s = (const uint8_t *)text;
  int32_t n = (int32_t)strlen(text);
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0) {
      return false;
    }
  }
  return true;
}

/* The longest message there is: a host's reason of 255 bytes of
 * three-byte characters, or a miss with every hint. */
START_TEST(every_message_fits_and_is_valid_utf8) {
  promo_catalog *cat = message_catalog();
  promo_order *o = order_of(cat, "NL", "EUR", "UTC", at(2026, 3, 15, 10, 0));
  char reason[PROMO_REASON_MAX] = "";
  for (size_t i = 0; i + 3 < PROMO_REASON_MAX; i += 3) {
    memcpy(reason + i, "\xe2\x82\xac", 3);
  }
  promo_validator v = {"host", refuse_with_reason, NULL, reason};
  promo_apply_options opts = PROMO_APPLY_OPTIONS_INIT;
  opts.validators = &v;
  opts.validator_count = 1;
  opts.hints = true;
  static const char *const CODES[] = {"FULL",
                                      (" spr\xd1\x96ng\xe2\x80\x94"
                                       "2026"),
                                      "FIVE-USD",
                                      "SPRING-2026",
                                      "LATE",
                                      "x"};
  for (size_t l = 0; l < promo_message_locale_count(); l++) {
    for (size_t k = 0; k < COUNT(CODES); k++) {
      char text[PROMO_MESSAGE_MAX];
      message_for(text, o, CODES[k], &opts, promo_message_locale(l));
      ck_assert(valid_utf8(text));
      ck_assert_uint_gt(strlen(text), 40);
      ck_assert_uint_lt(strlen(text), PROMO_MESSAGE_MAX / 2);
    }
  }
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(formatting_fails_cleanly_when_memory_runs_out) {
  test_alloc t;
  test_alloc_init(&t, 0);
  promo_result *r = NULL;
  MUST(promo_result_new(&r, &t.allocator));
  promo_catalog *cat = message_catalog();
  promo_order *o =
      order_of(cat, "NL", "EUR", "America/New_York", at(2026, 4, 2, 12, 0));
  ck_assert_int_eq(promo_apply(r, o, "SPRING-2026", 11, NULL),
                   PROMO_ERR_EXPIRED);
  char text[PROMO_MESSAGE_MAX];
  size_t n = 0;
  for (long k = 1;; k++) {
    long live = t.live;
    t.fail_at = t.calls + k;
    promo_status st = promo_result_message(&n, text, sizeof text, r, "en");
    t.fail_at = 0;
    ck_assert_int_eq(t.live, live);
    if (st == PROMO_OK) {
      ck_assert_ptr_nonnull(strstr(text, "until March 31, 2026 at 5:59"));
      break;
    }
    ck_assert_int_eq(st, PROMO_ERR_NO_MEMORY);
    ck_assert_int_eq(promo_result_status(r), PROMO_ERR_EXPIRED);
  }
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

int main(void) {
  Suite *s = suite_create("message");
  TCase *tc = tcase_create("money_and_dates");
  tcase_add_test(tc, ok_says_the_money_as_the_locale_writes_it_and_until_when);
  tcase_add_test(tc, the_discount_ends_on_the_date_of_the_orders_zone);
  tcase_add_test(tc, money_is_exact_up_to_int64_max);
  tcase_add_test(tc, lines_with_different_ends_each_keep_one_term);
  tcase_add_test(tc, an_expired_code_says_until_when_in_the_customers_zone);
  tcase_add_test(tc, a_code_not_active_yet_says_from_when);
  suite_add_tcase(s, tc);

  tc = tcase_create("names_and_hints");
  tcase_add_test(tc,
                 a_region_refusal_names_the_country_in_the_customers_language);
  tcase_add_test(tc, a_currency_refusal_names_both_currencies);
  tcase_add_test(tc, a_host_refusal_gives_the_hosts_reason);
  tcase_add_test(tc, a_miss_says_what_to_check_after_the_static_sentence);
  tcase_add_test(tc, statuses_with_nothing_to_add_say_their_static_sentence);
  suite_add_tcase(s, tc);

  tc = tcase_create("locales_and_buffers");
  tcase_add_test(tc,
                 any_other_locale_gets_english_and_a_region_keeps_its_language);
  tcase_add_test(tc,
                 the_message_goes_whole_or_not_at_all_and_its_length_is_told);
  tcase_add_test(tc, every_message_fits_and_is_valid_utf8);
  tcase_add_test(tc, formatting_fails_cleanly_when_memory_runs_out);
  suite_add_tcase(s, tc);
  return test_run_suite(s);
}
