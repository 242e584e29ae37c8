/* test_status.c - R13: stable names and customer messages in en and nl. */
#include "support.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

/* The names of spec.md, by pinned value: part of every binding's API. */
static const struct {
  promo_status status;
  int value;
  const char *name;
} PINNED[] = {
    {PROMO_OK, 0, "ok"},
    {PROMO_ERR_CODE_NOT_FOUND, 1, "code_not_found"},
    {PROMO_ERR_EXPIRED, 2, "expired"},
    {PROMO_ERR_NOT_YET_ACTIVE, 3, "not_yet_active"},
    {PROMO_ERR_WRONG_REGION, 4, "wrong_region"},
    {PROMO_ERR_NOT_NEW_SUBSCRIPTION, 5, "not_new_subscription"},
    {PROMO_ERR_ALREADY_HAS_PROMO, 6, "already_has_promo"},
    {PROMO_ERR_NOT_APPLICABLE, 7, "not_applicable"},
    {PROMO_ERR_CURRENCY_MISMATCH, 8, "currency_mismatch"},
    {PROMO_ERR_REDEMPTION_LIMIT, 9, "redemption_limit"},
    {PROMO_ERR_REJECTED_BY_HOST, 10, "rejected_by_host"},
    {PROMO_ERR_INVALID_ARGUMENT, 11, "invalid_argument"},
    {PROMO_ERR_NO_MEMORY, 12, "no_memory"},
    {PROMO_ERR_MALFORMED_CODE, 13, "malformed_code"},
    {PROMO_ERR_STORE_UNAVAILABLE, 14, "store_unavailable"},
};

START_TEST(r13_every_status_has_its_pinned_value_and_name) {
  ck_assert_int_eq(sizeof PINNED / sizeof PINNED[0], PROMO_STATUS_COUNT);
  ck_assert_int_eq((int)PINNED[_i].status, PINNED[_i].value);
  ck_assert_str_eq(promo_status_name(PINNED[_i].status), PINNED[_i].name);
}
END_TEST

START_TEST(r13_every_status_has_distinct_en_and_nl_messages) {
  promo_status st = PINNED[_i].status;
  const char *en = promo_status_message(st, "en");
  const char *nl = promo_status_message(st, "nl");
  ck_assert_ptr_nonnull(en);
  ck_assert_ptr_nonnull(nl);
  ck_assert_uint_gt(strlen(en), 20);
  ck_assert_uint_gt(strlen(nl), 20);
  ck_assert_str_ne(en, nl);
}
END_TEST

START_TEST(r13_messages_follow_the_articles_troubleshooting_list) {
  /* "Promo codes should be entered exactly." */
  ck_assert_ptr_nonnull(
      strstr(promo_status_message(PROMO_ERR_CODE_NOT_FOUND, "en"), "exactly"));
  ck_assert_ptr_nonnull(
      strstr(promo_status_message(PROMO_ERR_CODE_NOT_FOUND, "nl"), "exact"));
  /* "...but you can still purchase a subscription without one." */
  ck_assert_ptr_nonnull(
      strstr(promo_status_message(PROMO_ERR_EXPIRED, "en"), "still purchase"));
  ck_assert_ptr_nonnull(strstr(promo_status_message(PROMO_ERR_EXPIRED, "nl"),
                               "zonder promotiecode"));
  ck_assert_ptr_nonnull(strstr(
      promo_status_message(PROMO_ERR_NOT_NEW_SUBSCRIPTION, "en"), "new"));
  ck_assert_ptr_nonnull(
      strstr(promo_status_message(PROMO_ERR_WRONG_REGION, "nl"), "regio"));
}
END_TEST

START_TEST(r13_only_the_language_subtag_of_the_locale_counts) {
  const char *nl = promo_status_message(PROMO_ERR_EXPIRED, "nl");
  const char *en = promo_status_message(PROMO_ERR_EXPIRED, "en");
  ck_assert_str_eq(promo_status_message(PROMO_ERR_EXPIRED, "nl-BE"), nl);
  ck_assert_str_eq(promo_status_message(PROMO_ERR_EXPIRED, "nl_NL"), nl);
  ck_assert_str_eq(promo_status_message(PROMO_ERR_EXPIRED, "NL"), nl);
  ck_assert_str_eq(promo_status_message(PROMO_ERR_EXPIRED, NULL), en);
  ck_assert_str_eq(promo_status_message(PROMO_ERR_EXPIRED, ""), en);
  ck_assert_str_eq(promo_status_message(PROMO_ERR_EXPIRED, "fr"), en);
  ck_assert_str_eq(promo_status_message(PROMO_ERR_EXPIRED, "nld"), en);
  ck_assert_str_eq(promo_status_message(PROMO_ERR_EXPIRED, "en-GB"), en);
}
END_TEST

START_TEST(r11_store_unavailable_says_nothing_was_counted_and_to_retry) {
  const char *en = promo_status_message(PROMO_ERR_STORE_UNAVAILABLE, "en");
  const char *nl = promo_status_message(PROMO_ERR_STORE_UNAVAILABLE, "nl");
  ck_assert_ptr_nonnull(strstr(en, "nothing was counted"));
  ck_assert_ptr_nonnull(strstr(en, "try again"));
  ck_assert_ptr_nonnull(strstr(nl, "niets geteld"));
  ck_assert_ptr_nonnull(strstr(nl, "opnieuw"));
}
END_TEST

START_TEST(r13_an_unknown_status_gets_a_safe_string) {
  ck_assert_str_eq(promo_status_name((promo_status)PROMO_STATUS_COUNT),
                   "unknown_status");
  ck_assert_str_eq(promo_status_name((promo_status)-1), "unknown_status");
  ck_assert_ptr_nonnull(promo_status_message((promo_status)999, "nl"));
  ck_assert_ptr_nonnull(promo_status_message((promo_status)-7, "en"));
}
END_TEST

int main(void) {
  Suite *s = suite_create("status");
  TCase *tc = tcase_create("r13");
  int n = (int)(sizeof PINNED / sizeof PINNED[0]);
  tcase_add_loop_test(tc, r13_every_status_has_its_pinned_value_and_name, 0, n);
  tcase_add_loop_test(tc, r13_every_status_has_distinct_en_and_nl_messages, 0,
                      n);
  tcase_add_test(tc, r13_messages_follow_the_articles_troubleshooting_list);
  tcase_add_test(tc, r13_only_the_language_subtag_of_the_locale_counts);
  tcase_add_test(tc, r13_an_unknown_status_gets_a_safe_string);
  tcase_add_test(tc,
                 r11_store_unavailable_says_nothing_was_counted_and_to_retry);
  suite_add_tcase(s, tc);
  return test_run_suite(s);
}
