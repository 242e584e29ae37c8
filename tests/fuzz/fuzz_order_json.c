/* fuzz_order_json.c - promo_json_parse_order on fuzzed bytes against a
 * fixed catalog (parsed once from the JSON below), then promo_apply of a few
 * codes, some fixed and some taken from the order itself, and the result
 * written both ways. Checked on every input: a refusal is INVALID_ARGUMENT,
 * leaves *out alone and points inside the text; every result is valid JSON
 * (jansson parses it back, duplicate keys refused) whose status, totals and
 * lines are the result's, the pretty and the compact text are the same
 * JSON, and rendering again (without asking for the length) gives the same
 * bytes. */
#include "fuzz.h"

#include <jansson.h>
#include <promo/json.h>

#include <stdlib.h>
#include <string.h>

/* Every kind of campaign: percent with dates in a zone, regions, products
 * and a license cap; a fixed amount; a redemption cap; a non-ASCII code. */
static const char CATALOG[] =
    "{\"campaigns\": ["
    "{\"id\": \"spring-2026\", \"discount\": {\"percent_bps\": 2000},"
    " \"starts\": \"2026-03-01\", \"ends\": \"2026-03-31\","
    " \"time_zone\": \"Europe/Amsterdam\", \"regions\": [\"NL\", \"BE\", "
    "\"155\"],"
    " \"products\": [\"O365_E3\", \"TEAMS_ESS\"], \"max_licenses\": 300,"
    " \"max_redemptions\": 1000, \"codes\": [\"SPRING-2026\", "
    "\"Spring-Partner\"]},"
    "{\"id\": \"welcome-5-eur\", \"discount\": {\"amount\": 500, "
    "\"currency\": \"EUR\"},"
    " \"ends\": \"2026-12-31\", \"regions\": [\"EU\"], \"codes\": "
    "[\"WELCOME-5\"]},"
    "{\"id\": \"teams-us\", \"discount\": {\"percent_bps\": 1500},"
    " \"starts\": \"2026-04-01\", \"time_zone\": \"America/New_York\","
    " \"regions\": [\"US\", \"CA\"], \"products\": [\"TEAMS_ESS\"],"
    " \"codes\": [\"TEAMS-US-15\"]},"
    "{\"id\": \"once\", \"discount\": {\"percent_bps\": 10000},"
    " \"max_redemptions\": 1, \"codes\": [\"ONCE\", \"OLD-CODE\"]},"
    "{\"id\": \"ete\", \"discount\": {\"percent_bps\": 500},"
    " \"codes\": [\"\\u00c9T\\u00c9-2026\"]}"
    "]}";

static const char *const FIXED_CODES[] = {"SPRING-2026", "WELCOME-5",
                                          "\xC3\x89T\xC3\x89-2026", "ONCE"};
static const char *const LOCALES[] = {"en", "nl-BE", NULL};

static promo_catalog *catalog;

static size_t line_count(const uint8_t *data, size_t size) {
  size_t lines = 1;
  for (size_t i = 0; i < size; i++) {
    lines += data[i] == '\n';
  }
  return lines;
}

static void check_refusal(const promo_json_error *e, const uint8_t *data,
                          size_t size) {
  REQUIRE(memchr(e->text, '\0', sizeof e->text) != NULL);
  REQUIRE(e->text[0] != '\0');
  REQUIRE(strcmp(e->file, "order.json") == 0);
  REQUIRE(e->line >= 1 && e->line <= line_count(data, size));
  REQUIRE(e->column >= 1);
}

/* The text of the result parsed back: an object with the result's status,
 * totals and one line per order line. */
static json_t *parse_back(const char *text, size_t length,
                          const promo_result *res, const promo_order *o) {
  json_error_t je;
  json_t *root = json_loadb(text, length, JSON_REJECT_DUPLICATES, &je);
  REQUIRE(root != NULL && json_is_object(root));
  REQUIRE(strcmp(json_string_value(json_object_get(root, "status")),
                 promo_status_name(promo_result_status(res))) == 0);
  REQUIRE(json_integer_value(json_object_get(root, "subtotal")) ==
          promo_result_subtotal(res));
  REQUIRE(json_integer_value(json_object_get(root, "discount")) ==
          promo_result_discount(res));
  REQUIRE(json_integer_value(json_object_get(root, "total")) ==
          promo_result_total(res));
  json_t *lines = json_object_get(root, "lines");
  REQUIRE(json_array_size(lines) == promo_order_line_count(o));
  for (size_t i = 0; i < json_array_size(lines); i++) {
    const char *sub = json_string_value(
        json_object_get(json_array_get(lines, i), "subscription"));
    REQUIRE(sub != NULL &&
            strcmp(sub, promo_order_line_subscription(o, i)) == 0);
  }
  const char *code = promo_result_code(res);
  json_t *jcode = json_object_get(root, "code");
  REQUIRE(code == NULL ? json_is_null(jcode)
                       : strcmp(json_string_value(jcode), code) == 0);
  return root;
}

/* The same rendering again, without asking for the length: the same
 * bytes. */
static void check_again(const char *text, size_t length,
                        const promo_result *res, const promo_order *o,
                        const char *locale, unsigned int flags) {
  char *again = NULL;
  REQUIRE(promo_json_result_string(&again, NULL, res, o, locale, flags) ==
          PROMO_OK);
  REQUIRE(strlen(again) == length && memcmp(again, text, length) == 0);
  promo_json_free(again);
}

static void check_result(const promo_result *res, const promo_order *o,
                         const char *locale) {
  json_t *parsed[2] = {NULL, NULL};
  const unsigned int flags[2] = {PROMO_JSON_PRETTY, PROMO_JSON_COMPACT};
  for (size_t f = 0; f < 2; f++) {
    char *text = NULL;
    size_t length = 0;
    REQUIRE(promo_json_result_string(&text, &length, res, o, locale,
                                     flags[f]) == PROMO_OK);
    REQUIRE(text != NULL && strlen(text) == length && length > 2);
    if (flags[f] == PROMO_JSON_COMPACT) {
      REQUIRE(memchr(text, '\n', length) == NULL);
    }
    parsed[f] = parse_back(text, length, res, o);
    check_again(text, length, res, o, locale, flags[f]);
    promo_json_free(text);
  }
  REQUIRE(json_equal(parsed[0], parsed[1]));
  json_decref(parsed[0]);
  json_decref(parsed[1]);
}

static void apply_and_check(promo_result *res, promo_order *o, const char *code,
                            const char *locale) {
  if (code == NULL) {
    return;
  }
  promo_status st = promo_apply(res, o, code, strlen(code), NULL);
  REQUIRE((unsigned)st < PROMO_STATUS_COUNT && st != PROMO_ERR_NO_MEMORY);
  REQUIRE(promo_result_status(res) == st);
  check_result(res, o, locale);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (catalog == NULL) {
    promo_json_error e;
    REQUIRE(promo_json_parse_catalog(&catalog, &e, CATALOG, sizeof CATALOG - 1,
                                     "catalog.json", NULL, NULL) == PROMO_OK);
  }
  promo_order *untouched = (promo_order *)(void *)&catalog;
  promo_order *o = untouched;
  promo_json_error error;
  promo_status st = promo_json_parse_order(
      &o, &error, catalog, (const char *)data, size, "order.json", NULL);
  if (st != PROMO_OK) {
    REQUIRE(st == PROMO_ERR_INVALID_ARGUMENT);
    REQUIRE(o == untouched);
    check_refusal(&error, data, size);
    return 0;
  }
  REQUIRE(o != NULL && o != untouched && promo_order_line_count(o) >= 1);
  promo_result *res = NULL;
  REQUIRE(promo_result_new(&res, NULL) == PROMO_OK);
  /* Codes from the order itself: its id and the first line's code. */
  apply_and_check(res, o, promo_order_id(o), LOCALES[0]);
  apply_and_check(res, o, promo_order_line_promo_code(o, 0), LOCALES[1]);
  size_t pick = size % (sizeof FIXED_CODES / sizeof *FIXED_CODES);
  for (size_t i = 0; i < 2; i++) {
    size_t at = (pick + i) % (sizeof FIXED_CODES / sizeof *FIXED_CODES);
    apply_and_check(res, o, FIXED_CODES[at], LOCALES[(at + i) % 3]);
  }
  promo_result_free(res);
  promo_order_free(o);
  return 0;
}
