/* test_currency.c - ISO 4217 codes a checkout can charge in: known to ICU,
 * still in use, and money; looked up in a table built once from ICU. */
#include "currency.h"
#include "support.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

static const struct {
  const char *code;
  const char *why; /* NULL: accepted */
} CURRENCIES[] = {
    {"EUR", NULL},
    {"USD", NULL},
    {"JPY", NULL},
    {"CHF", NULL},
    {"XAF", NULL}, /* CFA franc: an X-currency in common use */
    {"XOF", NULL},
    {"XCD", NULL}, /* East Caribbean dollar */
    {"XPF", NULL},
    {"CHE", NULL}, /* a funds code: uncommon, but real */
    {"EURO", "unknown currency"},
    {"EU", "unknown currency"},
    {"eur", "unknown currency"},
    {"", "unknown currency"},
    {"E1R", "unknown currency"},
    {"QQQ", "unknown currency"},
    {"NLG", "withdrawn currency"}, /* the guilder */
    {"DEM", "withdrawn currency"},
    {"XAU", "non-money currency code"}, /* gold */
    {"XDR", "non-money currency code"}, /* the IMF's SDR */
    {"XBA", "non-money currency code"}, /* a bond-market unit */
    {"XTS", "non-money currency code"}, /* testing */
    {"XXX", "non-money currency code"}, /* no currency */
};

/* Built once, in main(). */
static promo_currency_table table;

START_TEST(money_currency_must_be_iso_4217_in_use_and_money) {
  const char *why = "unset";
  promo_status st = promo_currency_lookup(&table, CURRENCIES[_i].code, &why);
  if (CURRENCIES[_i].why == NULL) {
    ck_assert_msg(st == PROMO_OK, "%s: %s", CURRENCIES[_i].code, why);
    ck_assert_ptr_null(why);
  } else {
    ck_assert_msg(st == PROMO_ERR_INVALID_ARGUMENT, "%s accepted",
                  CURRENCIES[_i].code);
    ck_assert_str_eq(why, CURRENCIES[_i].why);
  }
}
END_TEST

START_TEST(money_currency_null_is_refused) {
  const char *why = NULL;
  ck_assert_int_eq(promo_currency_lookup(&table, NULL, &why),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_ptr_nonnull(why);
}
END_TEST

START_TEST(money_order_and_campaign_say_why_a_currency_is_refused) {
  promo_catalog_builder *b = NULL;
  promo_campaign *c = NULL;
  ck_assert_int_eq(promo_catalog_builder_new(&b, NULL), PROMO_OK);
  ck_assert_int_eq(promo_catalog_builder_add_campaign(&c, b, "gold"), PROMO_OK);
  ck_assert_int_eq(promo_campaign_set_amount(c, 100, "XAU"),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_str_eq(promo_catalog_builder_error(b),
                   "campaign 'gold': non-money currency code 'XAU'");
  ck_assert_int_eq(promo_campaign_set_percent_bps(c, 100), PROMO_OK);
  ck_assert_int_eq(promo_campaign_add_code(c, "GOLD", 4), PROMO_OK);
  promo_catalog *cat = NULL;
  ck_assert_int_eq(promo_catalog_build(&cat, b), PROMO_OK);
  promo_order *o = NULL;
  ck_assert_int_eq(promo_order_new(&o, cat), PROMO_OK);
  ck_assert_int_eq(promo_order_set_currency(o, "NLG"),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_str_eq(promo_order_error(o), "withdrawn currency 'NLG'");
  ck_assert_ptr_null(promo_order_currency(o));
  promo_order_free(o);
  promo_catalog_free(cat);
  promo_catalog_builder_free(b);
}
END_TEST

int main(void) {
  if (promo_currency_table_build(&table) != PROMO_OK) {
    return EXIT_FAILURE;
  }
  Suite *s = suite_create("currency");
  TCase *tc = tcase_create("currency");
  tcase_add_loop_test(tc, money_currency_must_be_iso_4217_in_use_and_money, 0,
                      (int)(sizeof CURRENCIES / sizeof CURRENCIES[0]));
  tcase_add_test(tc, money_currency_null_is_refused);
  tcase_add_test(tc, money_order_and_campaign_say_why_a_currency_is_refused);
  suite_add_tcase(s, tc);
  return test_run_suite(s);
}
