/* test_json_result.c - results as the JSON object of `promo check`
 * (src/json/result_json.c): the documented layout byte for byte, the keys
 * that come and go, escaping, and the arguments promo_json_result_string
 * refuses. */
#include "result_impl.h"
#include "support.h"

#include <check.h>
#include <jansson.h>
#include <promo/json.h>
#include <stdio.h>
#include <string.h>

#define MUST(call) ck_assert_int_eq((call), PROMO_OK)
#define EXAMPLES PROMO_TEST_DATA_DIR "/../../examples"

static promo_catalog *catalog;
static promo_order *order;
static promo_result *result;

/* The README's example: examples/catalog.json and examples/order.json. */
static void setup(void) {
  promo_json_error e;
  ck_assert_msg(promo_json_load_catalog(&catalog, &e, EXAMPLES "/catalog.json",
                                        NULL, NULL) == PROMO_OK,
                "%s", e.text);
  ck_assert_msg(promo_json_load_order(&order, &e, catalog,
                                      EXAMPLES "/order.json", NULL) == PROMO_OK,
                "%s", e.text);
  MUST(promo_result_new(&result, NULL));
}

static void teardown(void) {
  promo_result_free(result);
  promo_order_free(order);
  promo_catalog_free(catalog);
}

static char *render(const promo_result *r, const promo_order *o,
                    const char *locale, unsigned int flags) {
  char *text = NULL;
  size_t length = 0;
  MUST(promo_json_result_string(&text, &length, r, o, locale, flags));
  ck_assert_uint_eq(length, strlen(text));
  return text;
}

/* ---- explain ------------------------------------------------------------ */

START_TEST(reasons_are_listed_in_check_order_not_by_status_value) {
  /* store_unavailable (14, R11) comes before rejected_by_host (10, R12) in
   * the check order. An apply that refuses for all three is hard to make
   * (a store that fails and a host that rejects), so the result is given
   * the reasons directly. */
  MUST(promo_apply(result, order, "SPRING-2026", 11, NULL));
  result->explained = true;
  result->reasons = UINT32_C(1) << PROMO_ERR_REJECTED_BY_HOST |
                    UINT32_C(1) << PROMO_ERR_STORE_UNAVAILABLE |
                    UINT32_C(1) << PROMO_ERR_EXPIRED;
  char *text = render(result, order, NULL, PROMO_JSON_COMPACT);
  ck_assert_msg(strstr(text, "\"reasons\":[\"expired\",\"store_unavailable\","
                             "\"rejected_by_host\"]") != NULL,
                "%s", text);
  promo_json_free(text);
}
END_TEST

/* ---- layout ------------------------------------------------------------- */

START_TEST(pretty_result_is_laid_out_as_the_readme_shows) {
  MUST(promo_apply(result, order, "SPRING-2026", 11, NULL));
  char *text = render(result, order, NULL, PROMO_JSON_PRETTY);
  ck_assert_str_eq(
      text,
      "{\n"
      "  \"status\": \"ok\",\n"
      "  \"code\": \"SPRING-2026\",\n"
      "  \"campaign\": \"spring-2026\",\n"
      "  \"message\": \"The promo code was applied to your order: "
      "\xe2\x82\xac"
      "630.00 off per billing period, which brings it to "
      "\xe2\x82\xac"
      "3,065.00. The discount lasts until March 31, 2027.\",\n"
      "  \"currency\": \"EUR\",\n"
      "  \"subtotal\": 369500,\n"
      "  \"discount\": 63000,\n"
      "  \"total\": 306500,\n"
      "  \"lines\": [\n"
      "    { \"subscription\": \"sub-1\", \"status\": \"ok\", "
      "\"discounted_licenses\": 300, \"discount\": 63000, \"discount_ends\": "
      "\"2027-03-31T21:30:00Z\" },\n"
      "    { \"subscription\": \"sub-2\", \"status\": \"not_new_subscription\" "
      "}\n"
      "  ]\n"
      "}");
  promo_json_free(text);
}
END_TEST

START_TEST(compact_result_is_one_line_without_spaces) {
  MUST(promo_apply(result, order, "SPRING-2026", 11, NULL));
  char *text = render(result, order, "en", PROMO_JSON_COMPACT);
  ck_assert_str_eq(
      text,
      "{\"status\":\"ok\",\"code\":\"SPRING-2026\",\"campaign\":\"spring-"
      "2026\","
      "\"message\":\"The promo code was applied to your order: "
      "\xe2\x82\xac"
      "630.00 off per billing period, which brings it to "
      "\xe2\x82\xac"
      "3,065.00. The discount lasts until March 31, 2027.\","
      "\"currency\":\"EUR\",\"subtotal\":369500,\"discount\":63000,"
      "\"total\":306500,\"lines\":[{\"subscription\":\"sub-1\",\"status\":"
      "\"ok\",\"discounted_licenses\":300,\"discount\":63000,"
      "\"discount_ends\":\"2027-03-31T21:30:00Z\"},{\"subscription\":"
      "\"sub-2\",\"status\":\"not_new_subscription\"}]}");
  promo_json_free(text);
}
END_TEST

START_TEST(a_code_not_found_has_no_campaign_key) {
  ck_assert_int_eq(promo_apply(result, order, "NOPE", 4, NULL),
                   PROMO_ERR_CODE_NOT_FOUND);
  char *text = render(result, order, NULL, PROMO_JSON_COMPACT);
  ck_assert_ptr_nonnull(
      strstr(text, "{\"status\":\"code_not_found\",\"code\":\"NOPE\","
                   "\"message\":"));
  ck_assert_ptr_null(strstr(text, "\"campaign\""));
  promo_json_free(text);
}
END_TEST

START_TEST(a_code_that_fails_r1_is_null) {
  ck_assert_int_eq(promo_apply(result, order, "\xFF", 1, NULL),
                   PROMO_ERR_MALFORMED_CODE);
  char *text = render(result, order, NULL, PROMO_JSON_COMPACT);
  ck_assert_ptr_nonnull(
      strstr(text, "{\"status\":\"malformed_code\",\"code\":null,"));
  promo_json_free(text);
}
END_TEST

START_TEST(the_message_is_the_results_formatted_in_the_locale) {
  MUST(promo_apply(result, order, "SPRING-2026", 11, NULL));
  char *text = render(result, order, "nl-BE", PROMO_JSON_COMPACT);
  char message[PROMO_MESSAGE_MAX];
  size_t n = 0;
  MUST(promo_result_message(&n, message, sizeof message, result, "nl-BE"));
  char expected[PROMO_MESSAGE_MAX + 16];
  snprintf(expected, sizeof expected, "\"message\":\"%s\"", message);
  ck_assert_ptr_nonnull(strstr(text, expected));
  ck_assert_ptr_nonnull(strstr(message, "De korting geldt tot 31 maart 2027."));
  promo_json_free(text);
}
END_TEST

/* ---- hint and reasons (issue 12) ---------------------------------------- */

/* The example catalog's codes, with the hint index. */
static promo_catalog *hint_catalog(void) {
  promo_catalog_builder *b = NULL;
  promo_campaign *c = NULL;
  MUST(promo_catalog_builder_new(&b, NULL));
  MUST(promo_catalog_builder_set_hints(b, true));
  MUST(promo_catalog_builder_add_campaign(&c, b, "spring-2026"));
  MUST(promo_campaign_set_percent_bps(c, 2000));
  MUST(promo_campaign_set_ends(c, 2026, 3, 31));
  MUST(promo_campaign_add_region(c, "155"));
  MUST(promo_campaign_add_code(c, "SPRING-2026", 11));
  promo_catalog *cat = NULL;
  MUST(promo_catalog_build(&cat, b));
  promo_catalog_builder_free(b);
  return cat;
}

static promo_order *json_order(promo_catalog *cat, const char *country,
                               const char *placed_at) {
  char text[512];
  int n =
      snprintf(text, sizeof text,
               "{\"id\": \"o\", \"country\": \"%s\", \"currency\": \"EUR\", "
               "\"placed_at\": \"%s\", \"lines\": [\n"
               "{\"subscription\": \"a\", \"product\": \"P\", \"new\": false, "
               "\"term\": \"monthly\", \"licenses\": 1, \"unit_price\": 900},\n"
               "{\"subscription\": \"b\", \"product\": \"P\", \"new\": true, "
               "\"term\": \"monthly\", \"licenses\": 1, \"unit_price\": 900}]}",
               country, placed_at);
  promo_order *o = NULL;
  MUST(promo_json_parse_order(&o, NULL, cat, text, (size_t)n, NULL, NULL));
  return o;
}

static char *render_with(const promo_apply_options *opts, promo_order *o,
                         const char *code, unsigned flags) {
  (void)promo_apply(result, o, code, strlen(code), opts);
  return render(result, o, NULL, flags);
}

START_TEST(a_hint_key_follows_the_message_only_when_there_is_a_hint) {
  promo_catalog *cat = hint_catalog();
  promo_order *o = json_order(cat, "NL", "2026-03-15T10:00:00Z");
  promo_apply_options opts = PROMO_APPLY_OPTIONS_INIT;
  opts.hints = true;
  opts.dry_run = true;
  char *text = render_with(&opts, o,
                           "spring\xe2\x80\x93"
                           "2026",
                           PROMO_JSON_PRETTY);
  ck_assert_ptr_nonnull(strstr(text, ".\",\n  \"hint\": \"dash\",\n  "
                                     "\"currency\": \"EUR\",\n"));
  promo_json_free(text);
  text = render_with(&opts, o, "NOPE", PROMO_JSON_COMPACT);
  ck_assert_ptr_null(strstr(text, "\"hint\""));
  promo_json_free(text);
  text = render_with(&opts, o, "SPRING-2026", PROMO_JSON_COMPACT);
  ck_assert_ptr_null(strstr(text, "\"hint\""));
  promo_json_free(text);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(reasons_keys_come_with_explain_in_check_order) {
  promo_catalog *cat = hint_catalog();
  promo_order *o = json_order(cat, "US", "2026-04-15T10:00:00Z");
  promo_apply_options opts = PROMO_APPLY_OPTIONS_INIT;
  opts.dry_run = true;
  char *text = render_with(&opts, o, "SPRING-2026", PROMO_JSON_COMPACT);
  ck_assert_ptr_null(strstr(text, "\"reasons\""));
  promo_json_free(text);
  opts.explain = true;
  text = render_with(&opts, o, "SPRING-2026", PROMO_JSON_PRETTY);
  ck_assert_ptr_nonnull(
      strstr(text, ".\",\n  \"reasons\": [\"expired\", \"wrong_region\"],\n"
                   "  \"currency\": \"EUR\",\n"));
  ck_assert_ptr_nonnull(
      strstr(text, "{ \"subscription\": \"a\", \"status\": \"expired\", "
                   "\"reasons\": [\"not_new_subscription\"] },\n"));
  ck_assert_ptr_nonnull(strstr(text, "{ \"subscription\": \"b\", \"status\": "
                                     "\"expired\", \"reasons\": [] }\n"));
  promo_json_free(text);
  text = render_with(&opts, o, "SPRING-2026", PROMO_JSON_COMPACT);
  ck_assert_ptr_nonnull(
      strstr(text, "\"reasons\":[\"expired\",\"wrong_region\"],"));
  promo_json_free(text);
  /* Anonymous: the reasons would tell the code exists. */
  opts.anonymous = true;
  text = render_with(&opts, o, "SPRING-2026", PROMO_JSON_COMPACT);
  ck_assert_ptr_null(strstr(text, "\"reasons\""));
  promo_json_free(text);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

/* `text` with its first `"code":"..."` member's value replaced by `code`. */
static void with_code(char *out, size_t size, const char *text,
                      const char *code) {
  const char *at = strstr(text, "\"code\":\"");
  ck_assert_ptr_nonnull(at);
  at += 8;
  const char *end = strchr(at, '"');
  snprintf(out, size, "%.*s%s%s", (int)(at - text), text, code, end);
}

START_TEST(an_anonymous_refusal_renders_as_a_code_that_does_not_exist) {
  promo_catalog *cat = hint_catalog();
  promo_apply_options opts = PROMO_APPLY_OPTIONS_INIT;
  opts.anonymous = true;
  opts.explain = true;
  opts.hints = true;
  opts.dry_run = true;
  static const struct {
    const char *country;
    const char *placed_at;
    const char *code;
  } REFUSED[] = {
      {"US", "2026-03-15T10:00:00Z", "SPRING-2026"}, /* wrong region */
      {"NL", "2026-04-15T10:00:00Z", "SPRING-2026"}, /* expired */
      {"NL", "2026-03-15T10:00:00Z", "spring-2026"}, /* a hint */
  };
  for (size_t i = 0; i < sizeof REFUSED / sizeof REFUSED[0]; i++) {
    promo_order *o = json_order(cat, REFUSED[i].country, REFUSED[i].placed_at);
    char *hidden = render_with(&opts, o, REFUSED[i].code, PROMO_JSON_COMPACT);
    char *nope = render_with(&opts, o, "NO-SUCH-CODE", PROMO_JSON_COMPACT);
    char same[4096];
    with_code(same, sizeof same, nope, REFUSED[i].code);
    ck_assert_str_eq(hidden, same);
    ck_assert_ptr_null(strstr(hidden, "\"campaign\""));
    promo_json_free(hidden);
    promo_json_free(nope);
    promo_order_free(o);
  }
  promo_catalog_free(cat);
}
END_TEST

/* A host validator that refuses the order, or line 1, with a reason that
 * needs escaping. */
static promo_status refuse_order(void *user_data, const promo_order *o,
                                 const char *campaign_id, char *reason,
                                 size_t reason_size) {
  (void)user_data;
  (void)o;
  (void)campaign_id;
  snprintf(reason, reason_size, "over \"limit\"\n\\ see terms");
  return PROMO_ERR_REJECTED_BY_HOST;
}

static promo_status refuse_line_1(void *user_data, const promo_order *o,
                                  size_t line, const char *campaign_id,
                                  char *reason, size_t reason_size) {
  (void)user_data;
  (void)o;
  (void)campaign_id;
  if (line != 1) {
    return PROMO_OK;
  }
  snprintf(reason, reason_size, "seat\tcap");
  return PROMO_ERR_REJECTED_BY_HOST;
}

START_TEST(a_host_reason_follows_the_message_escaped) {
  promo_validator v = {"host", refuse_order, NULL, NULL};
  promo_apply_options opts = PROMO_APPLY_OPTIONS_INIT;
  opts.validators = &v;
  opts.validator_count = 1;
  ck_assert_int_eq(promo_apply(result, order, "WELCOME-5", 9, &opts),
                   PROMO_ERR_REJECTED_BY_HOST);
  char *text = render(result, order, NULL, PROMO_JSON_PRETTY);
  ck_assert_ptr_nonnull(
      strstr(text, "\",\n  \"reason\": \"over \\\"limit\\\"\\n\\\\ see "
                   "terms\",\n  \"currency\": \"EUR\",\n"));
  promo_json_free(text);
}
END_TEST

/* A host reason in Latin-1, cut mid-character by the callback's snprintf. */
static promo_status refuse_in_latin1(void *user_data, const promo_order *o,
                                     const char *campaign_id, char *reason,
                                     size_t reason_size) {
  (void)user_data;
  (void)o;
  (void)campaign_id;
  memset(reason, 'x', reason_size);
  memcpy(reason, "caf\xe9 only", 9);
  memcpy(reason + reason_size - 3, "\xe2\x82", 2); /* then the NUL */
  reason[reason_size - 1] = '\0';
  return PROMO_ERR_REJECTED_BY_HOST;
}

START_TEST(a_host_reason_that_is_not_utf8_still_makes_valid_json) {
  promo_validator v = {"host", refuse_in_latin1, NULL, NULL};
  promo_apply_options opts = PROMO_APPLY_OPTIONS_INIT;
  opts.validators = &v;
  opts.validator_count = 1;
  ck_assert_int_eq(promo_apply(result, order, "WELCOME-5", 9, &opts),
                   PROMO_ERR_REJECTED_BY_HOST);
  char *text = render(result, order, NULL, PROMO_JSON_COMPACT);
  /* jansson refuses JSON that is not UTF-8: it reads this back. */
  json_error_t e;
  json_t *root = json_loads(text, 0, &e);
  ck_assert_msg(root != NULL, "%s", e.text);
  const char *reason = json_string_value(json_object_get(root, "reason"));
  ck_assert_int_eq(strncmp(reason, "caf\xef\xbf\xbd only", 11), 0);
  /* The character the callback's buffer cut off is gone, not replaced. */
  ck_assert_uint_eq(strlen(reason), 11 + PROMO_REASON_MAX - 3 - 9);
  json_decref(root);
  promo_json_free(text);
}
END_TEST

START_TEST(a_line_reason_follows_the_line_status) {
  /* Both lines new, so that line 0 takes the code and line 1 is refused. */
  static const char ORDER[] =
      "{\"id\": \"o\", \"country\": \"NL\", \"currency\": \"EUR\", "
      "\"placed_at\": \"2026-06-01T00:00:00Z\", \"lines\": [\n"
      "{\"subscription\": \"a\", \"product\": \"P\", \"new\": true, \"term\": "
      "\"monthly\", \"licenses\": 1, \"unit_price\": 900},\n"
      "{\"subscription\": \"b\", \"product\": \"P\", \"new\": true, \"term\": "
      "\"monthly\", \"licenses\": 1, \"unit_price\": 900}]}";
  promo_order *o = NULL;
  MUST(promo_json_parse_order(&o, NULL, catalog, ORDER, sizeof ORDER - 1, NULL,
                              NULL));
  promo_validator v = {"host", NULL, refuse_line_1, NULL};
  promo_apply_options opts = PROMO_APPLY_OPTIONS_INIT;
  opts.validators = &v;
  opts.validator_count = 1;
  MUST(promo_apply(result, o, "WELCOME-5", 9, &opts));
  char *text = render(result, o, NULL, PROMO_JSON_COMPACT);
  ck_assert_ptr_nonnull(
      strstr(text, "{\"subscription\":\"b\",\"status\":\"rejected_by_host\","
                   "\"reason\":\"seat\\tcap\"}]}"));
  ck_assert_ptr_nonnull(
      strstr(text, "{\"subscription\":\"a\",\"status\":\"ok\",\"discounted_"
                   "licenses\":1,\"discount\":500,"));
  /* The line's reason only: no order-level "reason" key. */
  const char *first = strstr(text, "\"reason\"");
  ck_assert_ptr_nonnull(first);
  ck_assert_ptr_null(strstr(first + 1, "\"reason\""));
  ck_assert(first > strstr(text, "\"lines\""));
  promo_json_free(text);
  promo_order_free(o);
}
END_TEST

START_TEST(strings_from_the_order_are_escaped_and_read_back) {
  static const char ORDER[] =
      "{\"id\": \"o\", \"country\": \"NL\", \"currency\": \"EUR\", "
      "\"placed_at\": \"2026-03-15T00:00:00Z\", \"lines\": [\n"
      "{\"subscription\": \"q\\\"b\\\\c\\u0001\\u00e9\\u2028\", \"product\": "
      "\"P\", \"new\": true, \"term\": \"monthly\", \"licenses\": 1, "
      "\"unit_price\": 1}]}";
  promo_order *o = NULL;
  MUST(promo_json_parse_order(&o, NULL, catalog, ORDER, sizeof ORDER - 1, NULL,
                              NULL));
  ck_assert_int_eq(promo_apply(result, o, "NOPE", 4, NULL),
                   PROMO_ERR_CODE_NOT_FOUND);
  char *text = render(result, o, NULL, PROMO_JSON_COMPACT);
  ck_assert_ptr_nonnull(strstr(
      text, "\"subscription\":\"q\\\"b\\\\c\\u0001\xC3\xA9\xE2\x80\xA8\""));
  json_error_t je;
  json_t *root = json_loads(text, 0, &je);
  ck_assert_msg(root != NULL, "%s", je.text);
  const char *sub = json_string_value(json_object_get(
      json_array_get(json_object_get(root, "lines"), 0), "subscription"));
  ck_assert_str_eq(sub, promo_order_line_subscription(o, 0));
  json_decref(root);
  promo_json_free(text);
  promo_order_free(o);
}
END_TEST

START_TEST(a_result_never_filled_on_an_empty_order_has_no_lines) {
  promo_order *o = NULL;
  MUST(promo_order_new(&o, catalog));
  promo_result *r = NULL;
  MUST(promo_result_new(&r, NULL));
  char *pretty = render(r, o, NULL, PROMO_JSON_PRETTY);
  ck_assert_ptr_nonnull(strstr(pretty, "  \"currency\": null,\n"));
  ck_assert_ptr_nonnull(strstr(pretty, "  \"lines\": []\n}"));
  char *compact = render(r, o, NULL, PROMO_JSON_COMPACT);
  ck_assert_ptr_nonnull(strstr(compact, "\"total\":0,\"lines\":[]}"));
  promo_json_free(pretty);
  promo_json_free(compact);
  promo_result_free(r);
  promo_order_free(o);
}
END_TEST

/* ---- the string and its length ----------------------------------------- */

START_TEST(result_string_reports_its_length_which_is_optional) {
  MUST(promo_apply(result, order, "SPRING-2026", 11, NULL));
  char *whole = NULL;
  size_t length = 0;
  MUST(promo_json_result_string(&whole, &length, result, order, NULL,
                                PROMO_JSON_PRETTY));
  ck_assert_uint_eq(length, strlen(whole));
  char *again = NULL;
  MUST(promo_json_result_string(&again, NULL, result, order, NULL,
                                PROMO_JSON_PRETTY));
  ck_assert_str_eq(again, whole);
  promo_json_free(again);
  promo_json_free(whole);
  promo_json_free(NULL);
}
END_TEST

START_TEST(a_message_that_runs_out_of_memory_is_no_memory) {
  test_alloc t;
  test_alloc_init(&t, 0);
  promo_result *r = NULL;
  MUST(promo_result_new(&r, &t.allocator));
  MUST(promo_apply(r, order, "SPRING-2026", 11, NULL));
  t.fail_at = t.calls + 1; /* the message's room */
  char untouched = 'x';
  char *text = &untouched;
  ck_assert_int_eq(
      promo_json_result_string(&text, NULL, r, order, "en", PROMO_JSON_COMPACT),
      PROMO_ERR_NO_MEMORY);
  ck_assert_ptr_eq(text, &untouched);
  t.fail_at = 0;
  MUST(promo_json_result_string(&text, NULL, r, order, "en",
                                PROMO_JSON_COMPACT));
  promo_json_free(text);
  promo_result_free(r);
  ck_assert_int_eq(t.live, 0);
}
END_TEST

START_TEST(writers_refuse_bad_arguments) {
  MUST(promo_apply(result, order, "SPRING-2026", 11, NULL));
  size_t length = 7;
  char *text = NULL;
  ck_assert_int_eq(promo_json_result_string(&text, &length, NULL, order, NULL,
                                            PROMO_JSON_PRETTY),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_json_result_string(&text, &length, result, NULL, NULL,
                                            PROMO_JSON_PRETTY),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(
      promo_json_result_string(&text, &length, result, order, NULL, 2u),
      PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_ptr_null(text);
  ck_assert_uint_eq(length, 7);
  ck_assert_int_eq(promo_json_result_string(NULL, &length, result, order, NULL,
                                            PROMO_JSON_PRETTY),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_json_result_string(&text, &length, result, order, NULL,
                                            PROMO_JSON_COMPACT | 4u),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_ptr_null(text);
  /* A result whose lines are not the order's. */
  promo_order *other = NULL;
  MUST(promo_order_new(&other, catalog));
  ck_assert_int_eq(promo_json_result_string(&text, &length, result, other, NULL,
                                            PROMO_JSON_PRETTY),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_ptr_null(text);
  promo_order_free(other);
}
END_TEST

int main(void) {
  Suite *s = suite_create("json_result");
  TCase *tc = tcase_create("result");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, pretty_result_is_laid_out_as_the_readme_shows);
  tcase_add_test(tc, compact_result_is_one_line_without_spaces);
  tcase_add_test(tc, a_code_not_found_has_no_campaign_key);
  tcase_add_test(tc, a_code_that_fails_r1_is_null);
  tcase_add_test(tc, the_message_is_the_results_formatted_in_the_locale);
  tcase_add_test(tc, a_hint_key_follows_the_message_only_when_there_is_a_hint);
  tcase_add_test(tc, reasons_keys_come_with_explain_in_check_order);
  tcase_add_test(tc,
                 an_anonymous_refusal_renders_as_a_code_that_does_not_exist);
  tcase_add_test(tc, a_host_reason_follows_the_message_escaped);
  tcase_add_test(tc, a_host_reason_that_is_not_utf8_still_makes_valid_json);
  tcase_add_test(tc, a_line_reason_follows_the_line_status);
  tcase_add_test(tc, strings_from_the_order_are_escaped_and_read_back);
  tcase_add_test(tc, a_result_never_filled_on_an_empty_order_has_no_lines);
  tcase_add_test(tc, result_string_reports_its_length_which_is_optional);
  tcase_add_test(tc, a_message_that_runs_out_of_memory_is_no_memory);
  tcase_add_test(tc, writers_refuse_bad_arguments);
  tcase_add_test(tc, reasons_are_listed_in_check_order_not_by_status_value);
  suite_add_tcase(s, tc);
  return test_run_suite(s);
}
