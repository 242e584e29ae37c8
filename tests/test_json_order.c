/* test_json_order.c - order files into orders (src/json/order_json.c):
 * every key taken, and for each refusal the value it points at, including
 * the member of a line that promo_order_add_line refused. */
#include "support.h"

#include <check.h>
#include <promo/json.h>
#include <stdio.h>
#include <string.h>

#define MUST(call) ck_assert_int_eq((call), PROMO_OK)
#define SCRATCH PROMO_TEST_SCRATCH_DIR
#define DATA PROMO_TEST_DATA_DIR

static promo_catalog *catalog;

static void load_catalog(void) {
  static const char TEXT[] =
      "{\"campaigns\": [{\"id\": \"c\", \"discount\": {\"percent_bps\": 1000},"
      " \"codes\": [\"CODE\", \"OTHER\"]}]}";
  MUST(promo_json_parse_catalog(&catalog, NULL, TEXT, sizeof TEXT - 1, NULL,
                                NULL, NULL));
}

static void free_catalog(void) {
  promo_catalog_free(catalog);
  catalog = NULL;
}

static promo_status parse(const char *text, promo_order **out,
                          promo_json_error *e) {
  return promo_json_parse_order(out, e, catalog, text, strlen(text), "ord.json",
                                NULL);
}

/* ---- what is accepted --------------------------------------------------- */

START_TEST(every_key_of_the_format_is_taken) {
  static const char TEXT[] =
      "{\"id\": \"o-1\", \"country\": \"BE\", \"currency\": \"USD\",\n"
      " \"time_zone\": \"America/Santiago\",\n"
      " \"placed_at\": \"2026-03-15T23:30:00.25-03:00\", \"completed\": true,\n"
      " \"lines\": [\n"
      "  {\"subscription\": \"s-1\", \"product\": \"P\", \"new\": true,\n"
      "   \"term\": \"annual_paid_monthly\", \"licenses\": 3, \"unit_price\": "
      "100,\n"
      "   \"promo_code\": \"CODE\"},\n"
      "  {\"subscription\": \"s-2\", \"product\": \"Q\", \"new\": false,\n"
      "   \"term\": \"monthly\", \"licenses\": 1, \"unit_price\": 0,\n"
      "   \"promo_code\": null}]}";
  promo_order *o = NULL;
  promo_json_error e;
  ck_assert_msg(parse(TEXT, &o, &e) == PROMO_OK, "%s", e.text);
  ck_assert_str_eq(promo_order_id(o), "o-1");
  ck_assert_str_eq(promo_order_country(o), "BE");
  ck_assert_str_eq(promo_order_currency(o), "USD");
  ck_assert_str_eq(promo_order_time_zone(o), "America/Santiago");
  ck_assert_int_eq(test_placed_at(o), test_utc(2026, 3, 16, 2, 30, 0));
  ck_assert(promo_order_completed(o));
  ck_assert_uint_eq(promo_order_line_count(o), 2);
  ck_assert_str_eq(promo_order_line_subscription(o, 1), "s-2");
  ck_assert_str_eq(promo_order_line_product(o, 0), "P");
  ck_assert(promo_order_line_is_new(o, 0));
  ck_assert(!promo_order_line_is_new(o, 1));
  ck_assert_int_eq(promo_order_line_term(o, 0), PROMO_TERM_ANNUAL_PAID_MONTHLY);
  ck_assert_int_eq(promo_order_line_term(o, 1), PROMO_TERM_MONTHLY);
  ck_assert_int_eq(promo_order_line_licenses(o, 0), 3);
  ck_assert_int_eq(promo_order_line_unit_price(o, 0), 100);
  ck_assert_str_eq(promo_order_line_promo_code(o, 0), "CODE");
  ck_assert_ptr_null(promo_order_line_promo_code(o, 1));
  ck_assert_int_eq(promo_order_subtotal(o), 300);
  promo_order_free(o);
}
END_TEST

START_TEST(optional_keys_default_when_left_out_or_null) {
  static const char TEXT[] =
      "{\"id\": \"o\", \"country\": \"NL\", \"currency\": \"EUR\",\n"
      " \"time_zone\": null, \"completed\": null,\n"
      " \"placed_at\": \"2026-03-15T09:00:00Z\", \"lines\": [\n"
      "  {\"subscription\": \"s\", \"product\": \"P\", \"new\": true,\n"
      "   \"term\": \"annual\", \"licenses\": 1, \"unit_price\": 5}]}";
  promo_order *o = NULL;
  promo_json_error e;
  ck_assert_msg(parse(TEXT, &o, &e) == PROMO_OK, "%s", e.text);
  ck_assert_str_eq(promo_order_time_zone(o), "UTC");
  ck_assert(!promo_order_completed(o));
  promo_order_free(o);
}
END_TEST

/* ---- refusals, pointed -------------------------------------------------- */

typedef struct refusal {
  const char *name;
  const char *text;
  size_t line;
  size_t column;
  const char *says;
} refusal;

/* An order whose head is given, with one good line. */
#define HEAD_OK                                                                \
  "\"id\": \"o\", \"country\": \"NL\", \"currency\": \"EUR\", \"placed_at\": " \
  "\"2026-03-15T09:00:00Z\""
#define GOOD_LINE                                                              \
  "{\"subscription\": \"s\", \"product\": \"P\", \"new\": true, \"term\": "    \
  "\"annual\", \"licenses\": 1, \"unit_price\": 5}"
#define O(head) "{" head ",\n \"lines\": [" GOOD_LINE "]}"
/* An order with a good head and one line whose members are given. */
#define L(members) "{" HEAD_OK ", \"lines\": [\n{" members "}]}"
#define LINE_OK                                                                \
  "\"subscription\": \"s\", \"product\": \"P\", \"new\": true, \"term\": "     \
  "\"annual\""

static const refusal REFUSALS[] = {
    {"not an object", "\"order\"", 1, 7, "invalid JSON: '[' or '{' expected"},
    {"an array", "[]", 1, 1, "the order must be an object, not an array"},
    {"unknown key", O(HEAD_OK ", \"coupon\": \"X\""), 1, 86,
     "unknown key \"coupon\" in the order (known keys: id, country, currency, "
     "time_zone, placed_at, completed, lines)"},
    {"id missing", O("\"country\": \"NL\""), 1, 1, "missing key \"id\""},
    {"id empty", O("\"id\": \"\""), 1, 8, "id"},
    {"id mistyped", O("\"id\": 7"), 1, 8,
     "\"id\" must be a string, not an integer"},
    {"unknown country", O("\"id\": \"o\", \"country\": \"XX\""), 1, 24, "XX"},
    {"a grouping is not a country", O("\"id\": \"o\", \"country\": \"EU\""), 1,
     24, "EU"},
    {"unknown currency",
     O("\"id\": \"o\", \"country\": \"NL\", \"currency\": \"EURO\""), 1, 42,
     "EURO"},
    {"unknown zone", O(HEAD_OK ", \"time_zone\": \"Europe/Amsterdan\""), 1, 99,
     "Europe/Amsterdan"},
    {"placed_at missing",
     O("\"id\": \"o\", \"country\": \"NL\", \"currency\": \"EUR\""), 1, 1,
     "missing key \"placed_at\""},
    {"placed_at mistyped",
     O("\"id\": \"o\", \"country\": \"NL\", \"currency\": \"EUR\", "
       "\"placed_at\": 1773565200"),
     1, 62, "\"placed_at\" must be a string, not an integer"},
    {"placed_at without offset",
     O("\"id\": \"o\", \"country\": \"NL\", \"currency\": \"EUR\", "
       "\"placed_at\": \"2026-03-15T09:00:00\""),
     1, 62,
     "placed_at \"2026-03-15T09:00:00\" is not an RFC 3339 date-time: no UTC "
     "offset: end it with Z (UTC) or an offset such as +02:00"},
    {"placed_at in year 0",
     O("\"id\": \"o\", \"country\": \"NL\", \"currency\": \"EUR\", "
       "\"placed_at\": \"0000-12-31T23:59:59Z\""),
     1, 62,
     "placed_at \"0000-12-31T23:59:59Z\" is outside the years 0001 to 9999 "
     "(in UTC)"},
    {"placed_at after 9999 in UTC",
     O("\"id\": \"o\", \"country\": \"NL\", \"currency\": \"EUR\", "
       "\"placed_at\": \"9999-12-31T23:00:00-02:00\""),
     1, 62, "is outside the years 0001 to 9999 (in UTC)"},
    {"completed mistyped", O(HEAD_OK ", \"completed\": \"no\""), 1, 99,
     "\"completed\" must be true or false, not a string"},
    {"completed a number", O(HEAD_OK ", \"completed\": 0"), 1, 99,
     "\"completed\" must be true or false, not an integer"},
    {"lines missing", "{" HEAD_OK "}", 1, 1, "missing key \"lines\""},
    {"lines mistyped", "{" HEAD_OK ", \"lines\": {}}", 1, 95,
     "\"lines\" must be an array, not an object"},
    {"no lines", "{" HEAD_OK ", \"lines\": []}", 1, 95,
     "an order needs at least one line"},
    {"line not an object", "{" HEAD_OK ", \"lines\": [\n1]}", 2, 1,
     "each line must be an object, not an integer"},
    {"unknown key in a line", L(LINE_OK ", \"licences\": 1"), 2, 70,
     "unknown key \"licences\" in a line (known keys: subscription, product, "
     "new, term, licenses, unit_price, promo_code)"},
    {"subscription missing", L("\"product\": \"P\""), 2, 1,
     "missing key \"subscription\""},
    {"new mistyped",
     L("\"subscription\": \"s\", \"product\": \"P\", \"new\": 1"), 2, 46,
     "\"new\" must be true or false, not an integer"},
    {"new null",
     L("\"subscription\": \"s\", \"product\": \"P\", \"new\": null"), 2, 46,
     "\"new\" must be true or false, not null"},
    {"licenses missing", L(LINE_OK ", \"unit_price\": 5"), 2, 1,
     "missing key \"licenses\""},
    {"licenses a string", L(LINE_OK ", \"licenses\": \"1\", \"unit_price\": 5"),
     2, 82, "\"licenses\" must be an integer, not a string"},
    {"unknown term",
     L("\"subscription\": \"s\", \"product\": \"P\", \"new\": true, \"term\": "
       "\"yearly\", \"licenses\": 1, \"unit_price\": 5"),
     2, 60,
     "unknown term \"yearly\": use monthly, annual or annual_paid_monthly"},
    {"licenses zero", L(LINE_OK ", \"licenses\": 0, \"unit_price\": 5"), 2, 82,
     "licenses must be at least 1, not 0"},
    {"negative price", L(LINE_OK ", \"licenses\": 1, \"unit_price\": -5"), 2,
     99, "unit_price"},
    {"empty product",
     L("\"subscription\": \"s\", \"product\": \"\", \"new\": true, \"term\": "
       "\"annual\", \"licenses\": 1, \"unit_price\": 5"),
     2, 34, "product"},
    {"empty subscription",
     L("\"subscription\": \"\", \"product\": \"P\", \"new\": true, \"term\": "
       "\"annual\", \"licenses\": 1, \"unit_price\": 5"),
     2, 18, "subscription"},
    {"empty subscription and product",
     L("\"subscription\": \"\", \"product\": \"\", \"new\": true, \"term\": "
       "\"annual\", \"licenses\": 1, \"unit_price\": 5"),
     2, 18, "a subscription id must be a non-empty UTF-8 string"},
    {"line total overflows",
     L(LINE_OK ", \"licenses\": 2, \"unit_price\": 4611686018427387904"), 2, 99,
     "subscription 's': the order's amount would overflow"},
    {"order total overflows",
     "{" HEAD_OK ", \"lines\": [\n"
     "{\"subscription\": \"a\", \"product\": \"P\", \"new\": true, \"term\": "
     "\"annual\", \"licenses\": 1, \"unit_price\": 9223372036854775807},\n"
     "{\"subscription\": \"b\", \"product\": \"P\", \"new\": true, \"term\": "
     "\"annual\", \"licenses\": 1, \"unit_price\": 1}]}",
     3, 99, "subscription 'b': the order's amount would overflow"},
    {"subscription twice",
     "{" HEAD_OK ", \"lines\": [" GOOD_LINE ",\n" GOOD_LINE "]}", 2, 18, "'s'"},
    {"bad promo code",
     L(LINE_OK ", \"licenses\": 1, \"unit_price\": 5, "
               "\"promo_code\": \"\""),
     2, 116, "the code is empty"},
    {"promo code mistyped",
     L(LINE_OK ", \"licenses\": 1, \"unit_price\": 5, "
               "\"promo_code\": 5"),
     2, 116, "\"promo_code\" must be a string, not an integer"},
    {"literal out of range",
     L(LINE_OK ", \"licenses\": 1, \"unit_price\": 10500000000000000000"), 2,
     99, "number 10500000000000000000 is out of range"},
};

START_TEST(refusals_point_at_the_value_at_fault) {
  const refusal *r = &REFUSALS[_i];
  promo_order *untouched = (promo_order *)&untouched;
  promo_order *o = untouched;
  promo_json_error e;
  promo_status st = parse(r->text, &o, &e);
  ck_assert_msg(st == PROMO_ERR_INVALID_ARGUMENT, "%s: status %d", r->name, st);
  ck_assert_ptr_eq(o, untouched);
  ck_assert_str_eq(e.file, "ord.json");
  ck_assert_msg(strstr(e.text, r->says) != NULL, "%s: \"%s\"", r->name, e.text);
  ck_assert_msg(e.line == r->line && e.column == r->column,
                "%s: at %zu:%zu, not %zu:%zu (%s)", r->name, e.line, e.column,
                r->line, r->column, e.text);
}
END_TEST

START_TEST(placed_at_with_offset_is_converted_to_utc) {
  static const char TEXT[] =
      O("\"id\": \"o\", \"country\": \"NL\", \"currency\": \"EUR\", "
        "\"placed_at\": \"2026-03-31T23:30:00+02:00\"");
  promo_order *o = NULL;
  MUST(parse(TEXT, &o, NULL));
  ck_assert_int_eq(test_placed_at(o), test_utc(2026, 3, 31, 21, 30, 0));
  promo_order_free(o);
}
END_TEST

/* ---- files and arguments ------------------------------------------------ */

START_TEST(load_order_reads_a_file_or_standard_input) {
  promo_order *o = NULL;
  promo_json_error e;
  MUST(promo_json_load_order(&o, &e, catalog, DATA "/order.json", NULL));
  ck_assert_str_eq(promo_order_id(o), "order-1001");
  promo_order_free(o);

  FILE *f = fopen(SCRATCH "/stdin.json", "wb");
  ck_assert_ptr_nonnull(f);
  ck_assert_int_ge(fputs("{\"id\": 1}", f), 0);
  ck_assert_int_eq(fclose(f), 0);
  ck_assert_ptr_nonnull(freopen(SCRATCH "/stdin.json", "rb", stdin));
  ck_assert_int_eq(promo_json_load_order(&o, &e, catalog, "-", NULL),
                   PROMO_ERR_INVALID_ARGUMENT);
  char formatted[256];
  promo_json_error_format(formatted, sizeof formatted, &e);
  ck_assert_str_eq(formatted,
                   "<stdin>:1:8: \"id\" must be a string, not an integer");
}
END_TEST

START_TEST(load_order_of_a_missing_file_has_no_place) {
  promo_order *o = NULL;
  promo_json_error e;
  ck_assert_int_eq(
      promo_json_load_order(&o, &e, catalog, SCRATCH "/missing.json", NULL),
      PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_ptr_null(o);
  ck_assert_uint_eq(e.line, 0);
  ck_assert_str_eq(e.text, "cannot open: no such file or directory");
}
END_TEST

START_TEST(bad_arguments_are_refused_without_a_place) {
  promo_order *o = NULL;
  promo_json_error e;
  ck_assert_int_eq(
      promo_json_parse_order(NULL, &e, catalog, "{}", 2, "x", NULL),
      PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_str_eq(e.text, "no order or no catalog to read");
  ck_assert_uint_eq(e.line, 0);
  ck_assert_int_eq(promo_json_parse_order(&o, &e, NULL, "{}", 2, NULL, NULL),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_str_eq(e.file, "<string>");
  ck_assert_int_eq(promo_json_parse_order(&o, &e, catalog, NULL, 2, NULL, NULL),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_str_eq(e.text, "no order or no catalog to read");
  ck_assert_int_eq(promo_json_parse_order(&o, &e, catalog, NULL, 0, NULL, NULL),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_str_eq(e.text, "the file is empty: expected a JSON object");
  ck_assert_ptr_null(o);
  const char *ARGS[][2] = {{NULL, "x.json"}, {"catalog", NULL}};
  for (size_t i = 0; i < 2; i++) {
    ck_assert_int_eq(promo_json_load_order(&o, &e,
                                           ARGS[i][0] == NULL ? NULL : catalog,
                                           ARGS[i][1], NULL),
                     PROMO_ERR_INVALID_ARGUMENT);
    ck_assert_str_eq(e.text, "no order file or no catalog given");
  }
  ck_assert_int_eq(promo_json_load_order(NULL, NULL, catalog, "x.json", NULL),
                   PROMO_ERR_INVALID_ARGUMENT);
}
END_TEST

/* An order is small: one over its limit (16 MiB unless the host says
 * otherwise) is refused before it is parsed. */
START_TEST(an_order_over_the_limit_is_refused) {
  static const char TEXT[] =
      "{\"id\": \"o\", \"country\": \"NL\", \"currency\": \"EUR\", "
      "\"placed_at\": \"2026-03-15T10:00:00Z\", \"lines\": [{\"subscription\": "
      "\"s\", \"product\": \"P\", \"new\": true, \"term\": \"monthly\", "
      "\"licenses\": 1, \"unit_price\": 1}]}";
  promo_json_options o = PROMO_JSON_OPTIONS_INIT;
  o.max_order_bytes = sizeof TEXT - 2;
  promo_order *order = NULL;
  promo_json_error e;
  ck_assert_int_eq(promo_json_parse_order(&order, &e, catalog, TEXT,
                                          sizeof TEXT - 1, "o.json", &o),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_ptr_null(order);
  ck_assert_uint_eq(e.line, 0);
  ck_assert_ptr_nonnull(strstr(e.text, "too large: over the limit of"));
  ck_assert_ptr_nonnull(strstr(e.text, "bytes for an order"));
  FILE *f = fopen(SCRATCH "/limit.json", "wb");
  ck_assert_ptr_nonnull(f);
  ck_assert_uint_eq(fwrite(TEXT, 1, sizeof TEXT - 1, f), sizeof TEXT - 1);
  ck_assert_int_eq(fclose(f), 0);
  ck_assert_int_eq(
      promo_json_load_order(&order, &e, catalog, SCRATCH "/limit.json", &o),
      PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_ptr_nonnull(strstr(e.text, "bytes for an order"));
  o.max_order_bytes = sizeof TEXT - 1;
  MUST(promo_json_load_order(&order, &e, catalog, SCRATCH "/limit.json", &o));
  promo_order_free(order);
  MUST(promo_json_parse_order(&order, &e, catalog, TEXT, sizeof TEXT - 1,
                              "o.json", &o));
  promo_order_free(order);
}
END_TEST

int main(void) {
  Suite *s = suite_create("json_order");
  TCase *ok = tcase_create("accepted");
  tcase_add_unchecked_fixture(ok, load_catalog, free_catalog);
  tcase_add_test(ok, every_key_of_the_format_is_taken);
  tcase_add_test(ok, optional_keys_default_when_left_out_or_null);
  tcase_add_test(ok, placed_at_with_offset_is_converted_to_utc);
  suite_add_tcase(s, ok);
  TCase *refused = tcase_create("refused");
  tcase_add_unchecked_fixture(refused, load_catalog, free_catalog);
  tcase_add_loop_test(refused, refusals_point_at_the_value_at_fault, 0,
                      (int)(sizeof REFUSALS / sizeof *REFUSALS));
  suite_add_tcase(s, refused);
  TCase *files = tcase_create("files_and_arguments");
  tcase_add_unchecked_fixture(files, load_catalog, free_catalog);
  tcase_add_test(files, load_order_reads_a_file_or_standard_input);
  tcase_add_test(files, load_order_of_a_missing_file_has_no_place);
  tcase_add_test(files, bad_arguments_are_refused_without_a_place);
  tcase_add_test(files, an_order_over_the_limit_is_refused);
  suite_add_tcase(s, files);
  return test_run_suite(s);
}
