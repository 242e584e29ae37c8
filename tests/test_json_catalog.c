/* test_json_catalog.c - catalog files into catalogs
 * (src/json/catalog_json.c, document.c): what is accepted, and for each
 * refusal the place it points at (FILE:LINE:COL) and what it says. */
#include "support.h"

#include <check.h>
#include <promo/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MUST(call) ck_assert_int_eq((call), PROMO_OK)
#define SCRATCH PROMO_TEST_SCRATCH_DIR
#define DATA PROMO_TEST_DATA_DIR

static promo_status parse(const char *text, const char *base_dir,
                          promo_catalog **out, promo_json_error *e) {
  promo_json_options opts = PROMO_JSON_OPTIONS_INIT;
  opts.codes_dir = base_dir;
  return promo_json_parse_catalog(out, e, text, strlen(text), "cat.json", NULL,
                                  &opts);
}

static void write_file(const char *path, const char *text) {
  FILE *f = fopen(path, "wb");
  ck_assert_ptr_nonnull(f);
  ck_assert_int_ge(fputs(text, f), 0);
  ck_assert_int_eq(fclose(f), 0);
}

static const char *campaign_of(promo_catalog *cat, const char *code) {
  const char *id = NULL;
  promo_status st = promo_catalog_find_code(&id, cat, code, strlen(code));
  return st == PROMO_OK ? id : NULL;
}

/* ---- what is accepted --------------------------------------------------- */

START_TEST(every_key_of_the_format_is_taken) {
  static const char TEXT[] =
      "\xEF\xBB\xBF{\"campaigns\": [\n"
      " {\"id\": \"spring\", \"discount\": {\"percent_bps\": 2000},\n"
      "  \"starts\": \"2026-03-01\", \"ends\": \"2026-03-31\",\n"
      "  \"time_zone\": \"Europe/Amsterdam\", \"regions\": [\"NL\", \"155\"],\n"
      "  \"products\": [\"O365_E3\"], \"max_licenses\": 300,\n"
      "  \"max_redemptions\": 2, \"codes\": [\"SPRING\", "
      "\"\\u00c9T\\u00c9\"]},\n"
      " {\"id\": \"fixed\", \"discount\": {\"amount\": 500, \"currency\": "
      "\"EUR\"},\n"
      "  \"starts\": null, \"time_zone\": null, \"regions\": null,\n"
      "  \"codes\": [\"FIXED\"]}]}";
  promo_catalog *cat = NULL;
  promo_json_error e;
  ck_assert_int_eq(parse(TEXT, NULL, &cat, &e), PROMO_OK);
  ck_assert_uint_eq(promo_catalog_campaign_count(cat), 2);
  ck_assert_uint_eq(promo_catalog_code_count(cat), 3);
  ck_assert_str_eq(campaign_of(cat, "\xC3\x89T\xC3\x89"), "spring");
  ck_assert_str_eq(campaign_of(cat, "FIXED"), "fixed");

  /* The values arrived: an NL order in EUR on 2026-03-15 gets 20 % off
   * 300 of 400 licenses; a US order is refused by region. */
  promo_order *o = NULL;
  MUST(promo_order_new(&o, cat));
  MUST(promo_order_set_id(o, "o"));
  MUST(promo_order_set_country(o, "NL"));
  MUST(promo_order_set_currency(o, "EUR"));
  MUST(promo_order_set_placed_at(o, test_utc(2026, 3, 15, 12, 0, 0)));
  MUST(promo_order_add_line(NULL, o, "s", "O365_E3", true, PROMO_TERM_ANNUAL,
                            400, 100));
  promo_result *r = NULL;
  MUST(promo_result_new(&r, NULL));
  MUST(promo_apply(r, o, "SPRING", 6, NULL));
  ck_assert_int_eq(promo_result_discount(r), 300 * 100 / 5);
  MUST(promo_order_set_country(o, "US"));
  MUST(promo_order_set_line_promo_code(o, 0, NULL, 0));
  ck_assert_int_eq(promo_apply(r, o, "SPRING", 6, NULL),
                   PROMO_ERR_WRONG_REGION);
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(an_empty_list_of_campaigns_is_an_empty_catalog) {
  promo_catalog *cat = NULL;
  ck_assert_int_eq(parse(" {\"campaigns\": []} \n", NULL, &cat, NULL),
                   PROMO_OK);
  ck_assert_uint_eq(promo_catalog_campaign_count(cat), 0);
  promo_catalog_free(cat);
}
END_TEST

/* ---- refusals, pointed -------------------------------------------------- */

typedef struct refusal {
  const char *name;
  const char *text;
  size_t line;
  size_t column;
  const char *says; /* a part of the error text */
} refusal;

/* "C(...)" is a catalog with one campaign whose members are the text. */
#define C(members) "{\"campaigns\": [{\"id\": \"c\",\n" members "}]}"
#define OK_DISCOUNT "\"discount\": {\"percent_bps\": 1}"

static const refusal REFUSALS[] = {
    /* the document */
    {"empty", "", 1, 1, "the file is empty: expected a JSON object"},
    {"only space", " \n\t\r\n", 1, 1, "the file is empty"},
    {"only a byte order mark", "\xEF\xBB\xBF", 1, 1, "the file is empty"},
    {"not an object", "[1, 2]", 1, 1,
     "the catalog must be an object, not an array"},
    {"malformed", "{\"campaigns\": [}", 1, 16, "invalid JSON: "},
    {"trailing comma", "{\"campaigns\": [],\n}", 2, 1, "invalid JSON: "},
    {"cut short", "{\"campaigns\": [", 1, 15, "']' expected near end of file"},
    {"not UTF-8 at the start", "\xFF{}", 1, 1, "invalid JSON: "},
    {"duplicate key", "{\"campaigns\": [], \"campaigns\": []}", 1, 29,
     "duplicate object key"},
    {"unknown key at the top", "{\"campaigns\": [],\n \"campaign\": 1}", 2, 2,
     "unknown key \"campaign\" in the catalog (known keys: campaigns)"},
    {"no campaigns", "{}", 1, 1, "missing key \"campaigns\""},
    {"campaigns null", "{\"campaigns\": null}", 1, 15,
     "\"campaigns\" must be an array, not null"},
    {"campaign not an object", "{\"campaigns\": [\"c\"]}", 1, 16,
     "each campaign must be an object, not a string"},
    /* keys of a campaign */
    {"unknown key in a campaign", C(OK_DISCOUNT ", \"max_licence\": 3"), 2, 33,
     "unknown key \"max_licence\" in a campaign (known keys: id, discount, "
     "starts, ends, time_zone, regions, products, max_licenses, "
     "max_redemptions, codes, codes_file)"},
    {"id missing", "{\"campaigns\": [{\"codes\": [\"A\"]}]}", 1, 16,
     "missing key \"id\""},
    {"id null", "{\"campaigns\": [{\"id\": null}]}", 1, 23,
     "\"id\" must be a string, not null"},
    {"id twice",
     "{\"campaigns\": [{\"id\": \"c\", " OK_DISCOUNT
     ", \"codes\": [\"A\"]},\n {\"id\": \"c\"}]}",
     2, 9, "campaign id 'c' is used twice"},
    {"id empty", "{\"campaigns\": [{\"id\": \"\"}]}", 1, 23,
     "a campaign id must be a non-empty UTF-8 string"},
    /* discount */
    {"discount missing", C("\"codes\": [\"A\"]"), 1, 16,
     "missing key \"discount\""},
    {"discount not an object", C("\"discount\": 20"), 2, 13,
     "\"discount\" must be an object, not an integer"},
    {"mistyped percent", C("\"discount\": {\"percent_bps\": \"20\"}"), 2, 29,
     "\"percent_bps\" must be an integer, not a string"},
    {"percent as a real", C("\"discount\": {\"percent_bps\": 20.0}"), 2, 29,
     "\"percent_bps\" must be an integer, not a number with a fraction or an "
     "exponent"},
    {"percent true", C("\"discount\": {\"percent_bps\": true}"), 2, 29,
     "not true"},
    {"percent false", C("\"discount\": {\"percent_bps\": false}"), 2, 29,
     "not false"},
    {"percent an array", C("\"discount\": {\"percent_bps\": [1]}"), 2, 29,
     "not an array"},
    {"percent an object", C("\"discount\": {\"percent_bps\": {}}"), 2, 29,
     "not an object"},
    {"percent out of range", C("\"discount\": {\"percent_bps\": 10001}"), 2, 29,
     "percent_bps must be 1..10000, not 10001"},
    {"unknown key in a discount", C("\"discount\": {\"percent\": 5}"), 2, 14,
     "unknown key \"percent\" in a discount (known keys: percent_bps, "
     "amount, currency)"},
    {"empty discount", C("\"discount\": {}"), 2, 13,
     "a discount needs \"percent_bps\", or \"amount\" and \"currency\""},
    {"both discounts",
     C("\"discount\": {\"percent_bps\": 5, \"amount\": 5, \"currency\": "
       "\"EUR\"}"),
     2, 13, "not both"},
    {"percent with a currency",
     C("\"discount\": {\"percent_bps\": 5, \"currency\": \"EUR\"}"), 2, 13,
     "not both"},
    {"amount without currency", C("\"discount\": {\"amount\": 5}"), 2, 13,
     "missing key \"currency\": a fixed discount needs \"amount\" and "
     "\"currency\""},
    {"currency without amount", C("\"discount\": {\"currency\": \"EUR\"}"), 2,
     13, "missing key \"amount\""},
    {"amount zero", C("\"discount\": {\"amount\": 0, \"currency\": \"EUR\"}"),
     2, 24, "amount must be at least 1, not 0"},
    {"unknown currency",
     C("\"discount\": {\"amount\": 5, \"currency\": \"EURO\"}"), 2, 39,
     "unknown currency 'EURO'"},
    {"mistyped currency", C("\"discount\": {\"amount\": 5, \"currency\": 978}"),
     2, 39, "\"currency\" must be a string, not an integer"},
    /* dates */
    {"mistyped starts", C(OK_DISCOUNT ", \"starts\": 20260301"), 2, 43,
     "\"starts\" must be a string, not an integer"},
    {"starts not a date", C(OK_DISCOUNT ", \"starts\": \"1 March 2026\""), 2,
     43, "\"starts\" must be a date YYYY-MM-DD, not \"1 March 2026\""},
    {"ends not a date", C(OK_DISCOUNT ", \"ends\": \"2026-3-31\""), 2, 41,
     "\"ends\" must be a date YYYY-MM-DD"},
    {"no such day", C(OK_DISCOUNT ", \"ends\": \"2026-02-29\""), 2, 41,
     "ends 2026-02-29 is not a calendar date"},
    {"ends a year before it starts",
     C(OK_DISCOUNT ", \"starts\": \"2026-03-01\",\n \"ends\": \"2025-12-31\""),
     3, 10, "campaign 'c' ends on 2025-12-31, before it starts on 2026-03-01"},
    {"ends a month before it starts",
     C(OK_DISCOUNT ", \"starts\": \"2026-03-01\",\n \"ends\": \"2026-02-28\""),
     3, 10, "ends on 2026-02-28, before"},
    {"ends a day before it starts",
     C(OK_DISCOUNT ", \"starts\": \"2026-03-02\",\n \"ends\": \"2026-03-01\""),
     3, 10, "ends on 2026-03-01, before"},
    /* time zone, lists, limits */
    {"unknown zone", C(OK_DISCOUNT ", \"time_zone\": \"Mars/Olympus\""), 2, 46,
     "Mars/Olympus"},
    {"regions not a list", C(OK_DISCOUNT ", \"regions\": \"NL\""), 2, 44,
     "\"regions\" must be an array, not a string"},
    {"empty regions", C(OK_DISCOUNT ", \"regions\": []"), 2, 44,
     "\"regions\" is empty: leave the key out to mean everywhere"},
    {"empty products", C(OK_DISCOUNT ", \"products\": []"), 2, 45,
     "\"products\" is empty: leave the key out to mean every product"},
    {"region not a string", C(OK_DISCOUNT ", \"regions\": [\"NL\", 528]"), 2,
     51, "each of \"regions\" must be a string, not an integer"},
    {"unknown region", C(OK_DISCOUNT ", \"regions\": [\"NL\",\n \"UK\"]"), 3, 2,
     "'UK'"},
    {"empty product", C(OK_DISCOUNT ", \"products\": [\"\"]"), 2, 46, "'c'"},
    {"max_licenses zero", C(OK_DISCOUNT ", \"max_licenses\": 0"), 2, 49,
     "max_licenses"},
    {"mistyped max_redemptions", C(OK_DISCOUNT ", \"max_redemptions\": \"9\""),
     2, 52, "\"max_redemptions\" must be an integer, not a string"},
    /* codes */
    {"no codes at all", C(OK_DISCOUNT), 1, 16,
     "campaign 'c' needs \"codes\" or \"codes_file\""},
    {"codes empty", C(OK_DISCOUNT ", \"codes\": []"), 2, 42,
     "campaign 'c' has no codes"},
    {"codes not a list", C(OK_DISCOUNT ", \"codes\": \"A\""), 2, 42,
     "\"codes\" must be an array, not a string"},
    {"code not a string", C(OK_DISCOUNT ", \"codes\": [\"A\", 1]"), 2, 48,
     "each of \"codes\" must be a string, not an integer"},
    {"bad code", C(OK_DISCOUNT ", \"codes\": [\"A\",\n \"B\\tC\"]"), 3, 2,
     "the code holds a control character"},
    {"code twice in a campaign", C(OK_DISCOUNT ", \"codes\": [\"A\", \"A\"]"),
     2, 48, "code 'A' is listed twice in campaign 'c'"},
    {"code in two campaigns",
     "{\"campaigns\": [{\"id\": \"a\", " OK_DISCOUNT ", \"codes\": [\"X\"]},\n"
     " {\"id\": \"b\", " OK_DISCOUNT ", \"codes\": [\"X\"]}]}",
     2, 56,
     "code 'X' is already in campaign 'a'; cannot add it to campaign "
     "'b'"},
    {"codes_file mistyped", C(OK_DISCOUNT ", \"codes_file\": 1"), 2, 47,
     "\"codes_file\" must be a string, not an integer"},
    {"codes_file from memory", C(OK_DISCOUNT ", \"codes_file\": \"codes.txt\""),
     2, 47,
     "\"codes_file\" cannot be used in a catalog read from memory without a "
     "codes directory"},
    /* numbers out of range, pointed at their first digit */
    {"number too large",
     C(OK_DISCOUNT ",\n \"max_licenses\": 99999999999999999999"), 3, 18,
     "number 99999999999999999999 is out of range: amounts and counts must "
     "be integers from -9223372036854775808 to 9223372036854775807"},
    {"negative number too large",
     C(OK_DISCOUNT ",\n \"max_licenses\": -99999999999999999999"), 3, 18,
     "number -99999999999999999999 is out of range"},
    {"very long number",
     C(OK_DISCOUNT
       ",\n \"max_licenses\": "
       "123456789012345678901234567890123456789012345678901234567890"),
     3, 18,
     "number 1234567890123456789012345678901234567890\xe2\x80\xa6 is out of"},
    {"real too large", C(OK_DISCOUNT ",\n \"max_licenses\": 1e999"), 3, 18,
     "number 1e999 is out of range"},
    /* what the user can fix, not the parser's flags */
    {"NUL in a string", C(OK_DISCOUNT ", \"codes\": [\"A\\u0000B\"]"), 2, 43,
     "a NUL character (\\u0000) is not allowed in a string"},
    {"NUL in a key", C(OK_DISCOUNT ", \"co\\u0000des\": []"), 2, 33,
     "a NUL character (\\u0000) is not allowed in a key"},
    /* input in messages is escaped, so no byte of it reaches a terminal raw */
    {"control character in a key", C(OK_DISCOUNT ", \"\\u001b[2J\": 1"), 2, 33,
     "unknown key \"\\u001b[2J\" in a campaign"},
    {"control character in a date",
     C(OK_DISCOUNT ", \"ends\": \"2026\\u001b]0;x\\u0007\""), 2, 41,
     "\"ends\" must be a date YYYY-MM-DD, not \"2026\\u001b]0;x\\u0007\""},
    {"control character in an id",
     "{\"campaigns\": [{\"id\": \"a\\nb:1:1: x\", " OK_DISCOUNT "}]}", 1, 16,
     "campaign 'a\\nb:1:1: x' needs \"codes\" or \"codes_file\""},
    {"control character outside a string", "{\"campaigns\": [\x1b]}", 1, 16,
     "invalid JSON: invalid token near '\\u001b'"},
};

START_TEST(refusals_point_at_the_value_at_fault) {
  const refusal *r = &REFUSALS[_i];
  promo_catalog *untouched = (promo_catalog *)&untouched;
  promo_catalog *cat = untouched;
  promo_json_error e;
  promo_status st = parse(r->text, NULL, &cat, &e);
  ck_assert_msg(st == PROMO_ERR_INVALID_ARGUMENT, "%s: status %d", r->name, st);
  ck_assert_ptr_eq(cat, untouched);
  ck_assert_str_eq(e.file, "cat.json");
  ck_assert_msg(strstr(e.text, r->says) != NULL, "%s: \"%s\"", r->name, e.text);
  ck_assert_msg(e.line == r->line && e.column == r->column,
                "%s: at %zu:%zu, not %zu:%zu (%s)", r->name, e.line, e.column,
                r->line, r->column, e.text);
}
END_TEST

START_TEST(json_error_points_at_the_value_of_a_mistyped_key) {
  /* The README's example: the value, not its key or its object. */
  static const char TEXT[] =
      "{\n"
      "  \"campaigns\": [\n"
      "    {\n"
      "      \"id\": \"spring-2026\",\n"
      "      \"discount\": { \"percent_bps\": \"2000\" },\n"
      "      \"codes\": [\"SPRING-2026\"]\n"
      "    }\n"
      "  ]\n"
      "}\n";
  promo_catalog *cat = NULL;
  promo_json_error e;
  ck_assert_int_eq(parse(TEXT, NULL, &cat, &e), PROMO_ERR_INVALID_ARGUMENT);
  char formatted[256];
  promo_json_error_format(formatted, sizeof formatted, &e);
  ck_assert_str_eq(formatted, "cat.json:5:36: \"percent_bps\" must be an "
                              "integer, not a string");
}
END_TEST

/* ---- codes files -------------------------------------------------------- */

START_TEST(a_codes_file_is_read_relative_to_the_base_directory) {
  write_file(SCRATCH "/bulk.txt", "BULK-1\nBULK-2\n");
  static const char TEXT[] =
      C(OK_DISCOUNT ", \"codes\": [\"LISTED\"], \"codes_file\": \"bulk.txt\"");
  /* With or without a trailing separator. */
  const char *const BASES[] = {SCRATCH, SCRATCH "/"};
  for (size_t i = 0; i < 2; i++) {
    promo_catalog *cat = NULL;
    promo_json_error e;
    ck_assert_msg(parse(TEXT, BASES[i], &cat, &e) == PROMO_OK, "%s", e.text);
    ck_assert_uint_eq(promo_catalog_code_count(cat), 3);
    ck_assert_str_eq(campaign_of(cat, "BULK-2"), "c");
    promo_catalog_free(cat);
  }
}
END_TEST

/* A catalog must not read the server's files: an absolute codes_file is
 * refused, wherever it points. */
START_TEST(an_absolute_codes_file_is_refused) {
  write_file(SCRATCH "/abs.txt", "ABS-1\n");
  static const char TEXT[] =
      C(OK_DISCOUNT ", \"codes_file\": \"" SCRATCH "/abs.txt\"");
  promo_catalog *cat = NULL;
  promo_json_error e;
  ck_assert_int_eq(parse(TEXT, SCRATCH, &cat, &e), PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_ptr_null(cat);
  ck_assert_str_eq(e.file, "cat.json");
  ck_assert_uint_eq(e.line, 2);
  ck_assert_ptr_nonnull(
      strstr(e.text, ": an absolute path: a codes_file is relative to its "
                     "directory"));
}
END_TEST

START_TEST(an_empty_base_directory_is_the_current_one) {
  write_file(SCRATCH "/here.txt", "HERE-1\n");
  ck_assert_int_eq(chdir(SCRATCH), 0);
  promo_catalog *cat = NULL;
  promo_json_error e;
  ck_assert_msg(parse(C(OK_DISCOUNT ", \"codes_file\": \"here.txt\""), "", &cat,
                      &e) == PROMO_OK,
                "%s", e.text);
  ck_assert_str_eq(campaign_of(cat, "HERE-1"), "c");
  promo_catalog_free(cat);
}
END_TEST

START_TEST(codes_file_refusals_point_at_the_codes_file_value) {
  write_file(SCRATCH "/blank.txt", "\n  \n");
  const refusal ROWS[] = {
      {"empty name", C(OK_DISCOUNT ", \"codes_file\": \"\""), 2, 47,
       "\"codes_file\" must name a file"},
      {"missing file", C(OK_DISCOUNT ", \"codes_file\": \"none.txt\""), 2, 47,
       "cannot read codes file " SCRATCH
       "/none.txt: no such file or directory"},
      {"a directory", C(OK_DISCOUNT ", \"codes_file\": \".\""), 2, 47,
       "cannot read codes file " SCRATCH "/.: is a directory"},
      {"no codes in it", C(OK_DISCOUNT ", \"codes_file\": \"blank.txt\""), 2,
       47, "campaign 'c' has no codes"},
  };
  for (size_t i = 0; i < sizeof ROWS / sizeof *ROWS; i++) {
    promo_catalog *cat = NULL;
    promo_json_error e;
    ck_assert_int_eq(parse(ROWS[i].text, SCRATCH, &cat, &e),
                     PROMO_ERR_INVALID_ARGUMENT);
    ck_assert_msg(strstr(e.text, ROWS[i].says) != NULL, "%s: \"%s\"",
                  ROWS[i].name, e.text);
    ck_assert_uint_eq(e.line, ROWS[i].line);
    ck_assert_uint_eq(e.column, ROWS[i].column);
  }
}
END_TEST

START_TEST(a_bad_line_of_a_codes_file_is_pointed_at_in_that_file) {
  promo_catalog *cat = NULL;
  promo_json_error e;
  ck_assert_int_eq(promo_json_load_catalog(&cat, &e,
                                           DATA "/bad/code-file-control.json",
                                           NULL, NULL),
                   PROMO_ERR_INVALID_ARGUMENT);
  char formatted[1200];
  promo_json_error_format(formatted, sizeof formatted, &e);
  ck_assert_ptr_nonnull(strstr(formatted, "control.txt:"));
  ck_assert_uint_eq(e.column, 1);
  ck_assert_ptr_nonnull(strstr(e.text, "control character"));
}
END_TEST

/* ---- files and arguments ------------------------------------------------ */

START_TEST(load_catalog_reads_codes_files_beside_the_catalog) {
  promo_catalog *cat = NULL;
  promo_json_error e;
  ck_assert_msg(promo_json_load_catalog(&cat, &e, DATA "/catalog.json", NULL,
                                        NULL) == PROMO_OK,
                "%s", e.text);
  ck_assert_str_eq(campaign_of(cat, "SPRING-BULK-0002"), "spring-2026");
  ck_assert_str_eq(campaign_of(cat, "FIVE-OFF"), "five-off-eur");
  promo_catalog_free(cat);
}
END_TEST

START_TEST(load_catalog_of_a_file_in_the_current_directory) {
  write_file(SCRATCH "/cwd-codes.txt", "CWD-1\n");
  write_file(SCRATCH "/cwd.json",
             C(OK_DISCOUNT ", \"codes_file\": \"cwd-codes.txt\""));
  ck_assert_int_eq(chdir(SCRATCH), 0);
  promo_catalog *cat = NULL;
  promo_json_error e;
  ck_assert_msg(promo_json_load_catalog(&cat, &e, "cwd.json", NULL, NULL) ==
                    PROMO_OK,
                "%s", e.text);
  ck_assert_str_eq(campaign_of(cat, "CWD-1"), "c");
  promo_catalog_free(cat);
}
END_TEST

START_TEST(load_catalog_of_a_missing_file_has_no_place) {
  promo_catalog *cat = NULL;
  promo_json_error e;
  ck_assert_int_eq(
      promo_json_load_catalog(&cat, &e, SCRATCH "/missing.json", NULL, NULL),
      PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_ptr_null(cat);
  ck_assert_str_eq(e.file, SCRATCH "/missing.json");
  ck_assert_uint_eq(e.line, 0);
  ck_assert_str_eq(e.text, "cannot open: no such file or directory");
}
END_TEST

static void *no_malloc(void *ctx, size_t size) {
  (void)ctx;
  (void)size;
  return NULL;
}

START_TEST(bad_arguments_are_refused_without_a_place) {
  promo_catalog *cat = NULL;
  promo_json_error e;
  ck_assert_int_eq(
      promo_json_parse_catalog(NULL, &e, "{}", 2, NULL, NULL, NULL),
      PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_str_eq(e.file, "<string>");
  ck_assert_str_eq(e.text, "no catalog to read");
  ck_assert_uint_eq(e.line, 0);
  ck_assert_int_eq(promo_json_parse_catalog(&cat, &e, NULL, 5, "x", NULL, NULL),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_str_eq(e.text, "no catalog to read");
  /* No text at all is an empty file. */
  ck_assert_int_eq(
      promo_json_parse_catalog(&cat, &e, NULL, 0, NULL, NULL, NULL),
      PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_str_eq(e.text, "the file is empty: expected a JSON object");
  ck_assert_str_eq(e.file, "<string>");
  /* An allocator without all three functions. */
  promo_allocator half = {no_malloc, NULL, NULL, NULL};
  ck_assert_int_eq(
      promo_json_parse_catalog(&cat, &e, "{}", 2, "x", &half, NULL),
      PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_str_eq(e.text, "the allocator lacks a function");
  ck_assert_ptr_null(cat);
  ck_assert_int_eq(promo_json_load_catalog(NULL, &e, "x.json", NULL, NULL),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_str_eq(e.text, "no catalog file given");
  ck_assert_int_eq(promo_json_load_catalog(&cat, NULL, NULL, NULL, NULL),
                   PROMO_ERR_INVALID_ARGUMENT);
}
END_TEST

START_TEST(an_error_struct_is_emptied_on_success) {
  promo_json_error e;
  memset(&e, 'x', sizeof e);
  promo_catalog *cat = NULL;
  ck_assert_int_eq(parse("{\"campaigns\": []}", NULL, &cat, &e), PROMO_OK);
  ck_assert_str_eq(e.file, "");
  ck_assert_str_eq(e.text, "");
  ck_assert_uint_eq(e.line, 0);
  promo_catalog_free(cat);
}
END_TEST

/* ---- options ------------------------------------------------------------ */

START_TEST(options_of_every_version_up_to_the_current_one_are_accepted) {
  for (unsigned int v = 1; v <= PROMO_JSON_OPTIONS_VERSION; v++) {
    promo_json_options o;
    memset(&o, 0xa5, sizeof o);
    MUST(promo_json_options_init(&o, v));
    ck_assert_uint_eq(o.version, v);
    ck_assert_ptr_null(o.codes_dir);
    ck_assert_uint_eq(o.max_catalog_bytes,
                      PROMO_JSON_DEFAULT_MAX_CATALOG_BYTES);
    ck_assert_uint_eq(o.max_order_bytes, PROMO_JSON_DEFAULT_MAX_ORDER_BYTES);
    if (v >= 2) {
      ck_assert_ptr_null(o.store);
    }
    promo_catalog *cat = NULL;
    MUST(promo_json_parse_catalog(&cat, NULL, "{\"campaigns\": []}", 17, NULL,
                                  NULL, &o));
    promo_catalog_free(cat);
  }
  promo_json_options o;
  ck_assert_int_eq(promo_json_options_init(NULL, PROMO_JSON_OPTIONS_VERSION),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_json_options_init(&o, 0), PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_json_options_init(&o, PROMO_JSON_OPTIONS_VERSION + 1),
                   PROMO_ERR_INVALID_ARGUMENT);
}
END_TEST

START_TEST(r11_catalogs_loaded_with_one_store_share_its_counts) {
  promo_store *store = NULL;
  MUST(promo_store_new_memory(&store, NULL));
  promo_json_options o = PROMO_JSON_OPTIONS_INIT;
  o.store = store;
  static const char text[] =
      "{\"campaigns\": [{\"id\": \"once\", \"discount\": {\"percent_bps\": "
      "1000}, \"max_redemptions\": 1, \"codes\": [\"ONCE\"]}]}";
  promo_catalog *first = NULL;
  promo_catalog *reloaded = NULL;
  MUST(promo_json_parse_catalog(&first, NULL, text, sizeof text - 1, NULL, NULL,
                                &o));
  MUST(promo_json_parse_catalog(&reloaded, NULL, text, sizeof text - 1, NULL,
                                NULL, &o));
  ck_assert_ptr_eq(promo_catalog_store(first), store);
  ck_assert_ptr_eq(promo_catalog_store(reloaded), store);
  promo_store_release(store); /* the catalogs hold it */
  promo_order *order = NULL;
  MUST(promo_order_new(&order, first));
  MUST(promo_order_set_id(order, "order-1"));
  MUST(promo_order_add_line(NULL, order, "sub-1", "O365_E3", true,
                            PROMO_TERM_MONTHLY, 1, 1000));
  MUST(promo_order_set_line_promo_code(order, 0, "ONCE", 4));
  MUST(promo_order_complete(order));
  promo_order_free(order);
  promo_catalog_free(first);
  promo_redemptions r = PROMO_REDEMPTIONS_INIT;
  MUST(promo_catalog_redemptions(&r, reloaded, "once", NULL));
  ck_assert_int_eq(r.redeemed, 1);
  /* Without a store, a catalog of its own: nothing counted there. */
  promo_catalog *apart = NULL;
  MUST(promo_json_parse_catalog(&apart, NULL, text, sizeof text - 1, NULL, NULL,
                                NULL));
  MUST(promo_catalog_redemptions(&r, apart, "once", NULL));
  ck_assert_int_eq(r.redeemed, 0);
  promo_catalog_free(apart);
  promo_catalog_free(reloaded);
}
END_TEST

START_TEST(the_hints_option_builds_the_catalogs_hint_index) {
  static const char TEXT[] =
      "{\"campaigns\": [{\"id\": \"c\", \"discount\": {\"percent_bps\": "
      "100}, \"codes\": [\"SPRING-2026\"]}]}";
  promo_json_options o = PROMO_JSON_OPTIONS_INIT;
  ck_assert(!o.hints);
  promo_catalog *cat = NULL;
  MUST(promo_json_parse_catalog(&cat, NULL, TEXT, sizeof TEXT - 1, NULL, NULL,
                                &o));
  ck_assert(!promo_catalog_has_hints(cat));
  promo_catalog_free(cat);
  o.hints = true;
  MUST(promo_json_parse_catalog(&cat, NULL, TEXT, sizeof TEXT - 1, NULL, NULL,
                                &o));
  ck_assert(promo_catalog_has_hints(cat));
  promo_catalog_free(cat);
  /* A version 1 struct ends before `hints`: what lies past it is not read. */
  o.version = 1;
  MUST(promo_json_parse_catalog(&cat, NULL, TEXT, sizeof TEXT - 1, NULL, NULL,
                                &o));
  ck_assert(!promo_catalog_has_hints(cat));
  promo_catalog_free(cat);
  promo_json_options v1;
  memset(&v1, 0xa5, sizeof v1);
  MUST(promo_json_options_init(&v1, 1));
  const unsigned char *past = (const unsigned char *)&v1.hints;
  ck_assert_uint_eq(past[0], 0xa5); /* init writes no field of version 2 */
}
END_TEST

START_TEST(bad_options_are_refused_before_anything_is_read) {
  promo_json_options bad[4];
  for (size_t i = 0; i < 4; i++) {
    MUST(promo_json_options_init(&bad[i], PROMO_JSON_OPTIONS_VERSION));
  }
  bad[0].version = 0;
  bad[1].version = PROMO_JSON_OPTIONS_VERSION + 1;
  bad[2].max_catalog_bytes = 0;
  bad[3].max_order_bytes = PROMO_JSON_MAX_FILE_BYTES + 1;
  for (size_t i = 0; i < 4; i++) {
    promo_catalog *cat = NULL;
    promo_json_error e;
    ck_assert_int_eq(promo_json_parse_catalog(&cat, &e, "{\"campaigns\": []}",
                                              17, "c.json", NULL, &bad[i]),
                     PROMO_ERR_INVALID_ARGUMENT);
    ck_assert_ptr_null(cat);
    ck_assert_uint_eq(e.line, 0);
    ck_assert_int_eq(
        promo_json_load_catalog(&cat, &e, "no-such.json", NULL, &bad[i]),
        PROMO_ERR_INVALID_ARGUMENT);
    ck_assert_ptr_null(strstr(e.text, "no such file"));
  }
  /* The largest limit is accepted. */
  promo_json_options most = PROMO_JSON_OPTIONS_INIT;
  most.max_catalog_bytes = PROMO_JSON_MAX_FILE_BYTES;
  promo_catalog *cat = NULL;
  MUST(promo_json_parse_catalog(&cat, NULL, "{\"campaigns\": []}", 17, NULL,
                                NULL, &most));
  promo_catalog_free(cat);
}
END_TEST

/* A catalog over the limit is refused by its size, without being read: a
 * sparse file of 2.2 GB (past where jansson's int positions wrap) costs
 * nothing. The limit can be raised to 2 GiB - 1 and no further. */
START_TEST(a_catalog_over_the_limit_is_refused_unread) {
  const char *path = SCRATCH "/huge.json";
  FILE *f = fopen(path, "wb");
  ck_assert_ptr_nonnull(f);
  ck_assert_int_eq(fseek(f, 2200L * 1000 * 1000, SEEK_SET), 0);
  ck_assert_int_ne(fputc('}', f), EOF);
  ck_assert_int_eq(fclose(f), 0);
  promo_catalog *cat = NULL;
  promo_json_error e;
  ck_assert_int_eq(promo_json_load_catalog(&cat, &e, path, NULL, NULL),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_str_eq(e.text, "too large: over the limit of 268435456 bytes for "
                           "a catalog");
  promo_json_options most = PROMO_JSON_OPTIONS_INIT;
  most.max_catalog_bytes = PROMO_JSON_MAX_FILE_BYTES;
  ck_assert_int_eq(promo_json_load_catalog(&cat, &e, path, NULL, &most),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_str_eq(e.text, "too large: over the limit of 2147483647 bytes "
                           "for a catalog");
  ck_assert_int_eq(remove(path), 0);
  /* From memory too. */
  promo_json_options tight = PROMO_JSON_OPTIONS_INIT;
  tight.max_catalog_bytes = 16;
  ck_assert_int_eq(promo_json_parse_catalog(&cat, &e, "{\"campaigns\": [] }",
                                            18, "c.json", NULL, &tight),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_str_eq(e.text,
                   "too large: over the limit of 16 bytes for a catalog");
  tight.max_catalog_bytes = 18;
  MUST(promo_json_parse_catalog(&cat, &e, "{\"campaigns\": [] }", 18, "c.json",
                                NULL, &tight));
  promo_catalog_free(cat);
}
END_TEST

/* The host may keep codes files apart from catalogs: codes_dir is then
 * where a codes_file is read from, and the only place. */
START_TEST(load_catalog_reads_codes_files_from_the_codes_dir_given) {
  ck_assert_int_eq(system("mkdir -p " SCRATCH "/cat-dir " SCRATCH "/codes-dir"),
                   0);
  write_file(SCRATCH "/codes-dir/bulk.txt", "KEPT-1\n");
  write_file(SCRATCH "/cat-dir/bulk.txt", "WRONG-1\n");
  write_file(SCRATCH "/cat-dir/catalog.json",
             C(OK_DISCOUNT ", \"codes_file\": \"bulk.txt\""));
  promo_json_options o = PROMO_JSON_OPTIONS_INIT;
  o.codes_dir = SCRATCH "/codes-dir";
  promo_catalog *cat = NULL;
  promo_json_error e;
  ck_assert_msg(promo_json_load_catalog(&cat, &e,
                                        SCRATCH "/cat-dir/catalog.json", NULL,
                                        &o) == PROMO_OK,
                "%s", e.text);
  ck_assert_str_eq(campaign_of(cat, "KEPT-1"), "c");
  ck_assert_ptr_null(campaign_of(cat, "WRONG-1"));
  promo_catalog_free(cat);
  /* Without it, the catalog's own directory. */
  MUST(promo_json_load_catalog(&cat, &e, SCRATCH "/cat-dir/catalog.json", NULL,
                               NULL));
  ck_assert_str_eq(campaign_of(cat, "WRONG-1"), "c");
  promo_catalog_free(cat);
  /* A codes_file names no place outside it. */
  write_file(SCRATCH "/cat-dir/escape.json",
             C(OK_DISCOUNT ", \"codes_file\": \"../codes-dir/bulk.txt\""));
  ck_assert_int_eq(promo_json_load_catalog(
                       &cat, &e, SCRATCH "/cat-dir/escape.json", NULL, NULL),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_str_eq(e.file, SCRATCH "/cat-dir/escape.json");
  ck_assert_ptr_nonnull(
      strstr(e.text, ": the path leads out of the codes directory"));
}
END_TEST

int main(void) {
  Suite *s = suite_create("json_catalog");
  TCase *ok = tcase_create("accepted");
  tcase_add_test(ok, every_key_of_the_format_is_taken);
  tcase_add_test(ok, an_empty_list_of_campaigns_is_an_empty_catalog);
  suite_add_tcase(s, ok);
  TCase *refused = tcase_create("refused");
  tcase_add_loop_test(refused, refusals_point_at_the_value_at_fault, 0,
                      (int)(sizeof REFUSALS / sizeof *REFUSALS));
  tcase_add_test(refused, json_error_points_at_the_value_of_a_mistyped_key);
  suite_add_tcase(s, refused);
  TCase *files = tcase_create("codes_files");
  tcase_add_test(files, a_codes_file_is_read_relative_to_the_base_directory);
  tcase_add_test(files, an_absolute_codes_file_is_refused);
  tcase_add_test(files, an_empty_base_directory_is_the_current_one);
  tcase_add_test(files, codes_file_refusals_point_at_the_codes_file_value);
  tcase_add_test(files, a_bad_line_of_a_codes_file_is_pointed_at_in_that_file);
  suite_add_tcase(s, files);
  TCase *args = tcase_create("files_and_arguments");
  tcase_add_test(args, load_catalog_reads_codes_files_beside_the_catalog);
  tcase_add_test(args, load_catalog_of_a_file_in_the_current_directory);
  tcase_add_test(args, load_catalog_of_a_missing_file_has_no_place);
  tcase_add_test(args, bad_arguments_are_refused_without_a_place);
  tcase_add_test(args, an_error_struct_is_emptied_on_success);
  tcase_add_test(args,
                 options_of_every_version_up_to_the_current_one_are_accepted);
  tcase_add_test(args, the_hints_option_builds_the_catalogs_hint_index);
  tcase_add_test(args, bad_options_are_refused_before_anything_is_read);
  tcase_add_test(args, r11_catalogs_loaded_with_one_store_share_its_counts);
  tcase_add_test(args, a_catalog_over_the_limit_is_refused_unread);
  tcase_add_test(args, load_catalog_reads_codes_files_from_the_codes_dir_given);
  suite_add_tcase(s, args);
  return test_run_suite(s);
}
