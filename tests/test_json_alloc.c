/* test_json_alloc.c - the JSON layer when allocations fail. Two allocators
 * are in play: the catalog's (a test_alloc, which fails its Nth call) for
 * the catalog and the order, and jansson's, which the layer also uses for
 * every temporary block (file text, result text, paths). For N = 1, 2, ...
 * one of them fails from its Nth call: each failure must be
 * PROMO_ERR_NO_MEMORY with an "out of memory" error that has no place in
 * the file (not a misleading parse error), leak nothing in either
 * allocator, and leave every object involved as it was and usable, until N
 * is large enough for the call to succeed.
 *
 * jansson's allocator is global, so this test installs a counting one in a
 * fixture and puts malloc/free back afterwards. Its failures are sticky
 * (every call from the Nth on fails, as when memory is really exhausted):
 * jansson 2.14 ignores a failed growth of its token buffer and carries on
 * with the token one byte short, so a single failure followed by successes
 * can make jansson misread a valid document, which is no fault of ours. */
#include "support.h"

#include <check.h>
#include <jansson.h>
#include <promo/json.h>
#include <stdlib.h>
#include <string.h>

#define MUST(call) ck_assert_int_eq((call), PROMO_OK)
#define MAX_TRIES 20000

/* ---- jansson's allocator, counted --------------------------------------- */

static long json_calls;
static long json_fail_from; /* 0: never fails */
static long json_live;

static void *counting_malloc(size_t size) {
  json_calls++;
  if (json_fail_from != 0 && json_calls >= json_fail_from) {
    return NULL;
  }
  void *p = malloc(size);
  if (p != NULL) {
    json_live++;
  }
  return p;
}

static void counting_free(void *p) {
  if (p != NULL) {
    json_live--;
    free(p);
  }
}

/* From now on, jansson's allocator fails its nth call and every later one
 * (0: never). */
static void json_fail_in(long n) {
  json_fail_from = n == 0 ? 0 : json_calls + n;
}

static void install_counting_allocator(void) {
  json_calls = 0;
  json_fail_from = 0;
  json_live = 0;
  json_set_alloc_funcs(counting_malloc, counting_free);
}

static void restore_allocator(void) {
  json_set_alloc_funcs(malloc, free);
}

/* The catalog's allocator fails its nth call from now (0: never). */
static void fail_in(test_alloc *ta, long n) {
  ta->fail_at = n == 0 ? 0 : ta->calls + n;
}

/* ---- fixtures ----------------------------------------------------------- */

/* Every kind of value the loader hands to the builder: a percentage with
 * dates in a zone, regions, products and limits; a fixed amount; many
 * codes, so that the code table must grow. */
static const char CATALOG[] =
    "{\"campaigns\": [\n"
    " {\"id\": \"spring-2026\", \"discount\": {\"percent_bps\": 2000},\n"
    "  \"starts\": \"2026-03-01\", \"ends\": \"2026-03-31\",\n"
    "  \"time_zone\": \"Europe/Amsterdam\", \"regions\": [\"NL\", \"155\"],\n"
    "  \"products\": [\"O365_E3\", \"TEAMS_ESS\"], \"max_licenses\": 300,\n"
    "  \"max_redemptions\": 1000,\n"
    "  \"codes\": [\"SPRING-2026\", \"S01\", \"S02\", \"S03\", \"S04\", "
    "\"S05\", \"S06\", \"S07\", \"S08\", \"S09\", \"S10\", \"S11\", \"S12\", "
    "\"S13\", \"S14\", \"S15\", \"S16\", \"S17\", \"S18\", \"S19\", "
    "\"S20\"]},\n"
    " {\"id\": \"welcome-5-eur\", \"discount\": {\"amount\": 500, "
    "\"currency\": \"EUR\"},\n"
    "  \"ends\": \"2026-12-31\", \"regions\": [\"EU\"], \"codes\": "
    "[\"WELCOME-5\"]}\n"
    "]}\n";

static const char ORDER[] =
    "{\"id\": \"order-1001\", \"country\": \"NL\", \"currency\": \"EUR\",\n"
    " \"time_zone\": \"Europe/Amsterdam\", \"placed_at\": "
    "\"2026-03-31T21:30:00Z\",\n"
    " \"completed\": false, \"lines\": [\n"
    "  {\"subscription\": \"sub-1\", \"product\": \"O365_E3\", \"new\": true,\n"
    "   \"term\": \"annual_paid_monthly\", \"licenses\": 350, \"unit_price\": "
    "1050},\n"
    "  {\"subscription\": \"sub-2\", \"product\": \"TEAMS_ESS\", \"new\": "
    "false,\n"
    "   \"term\": \"monthly\", \"licenses\": 5, \"unit_price\": 400,\n"
    "   \"promo_code\": \"WELCOME-5\"}]}\n";

static promo_catalog *parse_catalog(test_alloc *ta) {
  promo_catalog *cat = NULL;
  MUST(promo_json_parse_catalog(&cat, NULL, CATALOG, sizeof CATALOG - 1,
                                "catalog.json", &ta->allocator, NULL));
  return cat;
}

static promo_order *parse_order(promo_catalog *cat) {
  promo_order *o = NULL;
  MUST(promo_json_parse_order(&o, NULL, cat, ORDER, sizeof ORDER - 1,
                              "order.json", NULL));
  return o;
}

static void assert_out_of_memory(const promo_json_error *e, const char *file) {
  ck_assert_str_eq(e->file, file);
  ck_assert_uint_eq(e->line, 0);
  ck_assert_uint_eq(e->column, 0);
  ck_assert_str_eq(e->text, "out of memory");
}

/* A catalog still answers, and an order on it still takes a code. */
static void assert_catalog_usable(promo_catalog *cat) {
  ck_assert_uint_eq(promo_catalog_campaign_count(cat), 2);
  ck_assert_uint_eq(promo_catalog_code_count(cat), 22);
  const char *campaign = NULL;
  MUST(promo_catalog_find_code(&campaign, cat, "S20", 3));
  ck_assert_str_eq(campaign, "spring-2026");
  promo_redemptions counts = PROMO_REDEMPTIONS_INIT;
  counts.redeemed = -1;
  MUST(promo_catalog_redemptions(&counts, cat, "spring-2026", NULL));
  ck_assert_int_eq(counts.redeemed, 0);
  promo_order *o = parse_order(cat);
  MUST(promo_apply(NULL, o, "SPRING-2026", 11, NULL));
  promo_order_free(o);
}

/* ---- loaders ------------------------------------------------------------ */

/* Which allocator fails: the catalog's, or jansson's. */
typedef enum failing { CATALOG_ALLOCATOR, JANSSON_ALLOCATOR } failing;

static long parse_catalog_until_it_succeeds(failing which) {
  long failures = 0;
  bool done = false;
  for (long n = 1; !done && n < MAX_TRIES; n++) {
    test_alloc ta;
    test_alloc_init(&ta, which == CATALOG_ALLOCATOR ? n : 0);
    json_fail_in(which == JANSSON_ALLOCATOR ? n : 0);
    promo_catalog *untouched = (promo_catalog *)&ta;
    promo_catalog *cat = untouched;
    promo_json_error e;
    promo_status st =
        promo_json_parse_catalog(&cat, &e, CATALOG, sizeof CATALOG - 1,
                                 "catalog.json", &ta.allocator, NULL);
    ta.fail_at = 0;
    json_fail_in(0);
    if (st == PROMO_ERR_NO_MEMORY) {
      ck_assert_ptr_eq(cat, untouched);
      assert_out_of_memory(&e, "catalog.json");
      ck_assert_int_eq(ta.live, 0);
      ck_assert_int_eq(json_live, 0);
      failures++;
      continue;
    }
    ck_assert_msg(st == PROMO_OK, "N=%ld: %s:%zu:%zu: %s", n, e.file, e.line,
                  e.column, e.text);
    assert_catalog_usable(cat);
    promo_catalog_free(cat);
    ck_assert_int_eq(ta.live, 0);
    done = true;
  }
  ck_assert(done);
  return failures;
}

START_TEST(parse_catalog_reports_each_failure_of_the_catalog_allocator) {
  /* The builder, every campaign, id, region list, product list, the code
   * table and the catalog: many points of failure, each survived. */
  ck_assert_int_ge(parse_catalog_until_it_succeeds(CATALOG_ALLOCATOR), 10);
}
END_TEST

START_TEST(parse_catalog_reports_each_failure_of_jansson_as_no_memory) {
  /* jansson's buffers, objects, arrays and strings: each failure is out of
   * memory, never "invalid JSON". */
  ck_assert_int_ge(parse_catalog_until_it_succeeds(JANSSON_ALLOCATOR), 10);
  ck_assert_int_eq(json_live, 0);
}
END_TEST

static long parse_order_until_it_succeeds(failing which) {
  test_alloc ta;
  test_alloc_init(&ta, 0);
  promo_catalog *cat = parse_catalog(&ta);
  long live = ta.live;
  long failures = 0;
  bool done = false;
  for (long n = 1; !done && n < MAX_TRIES; n++) {
    fail_in(&ta, which == CATALOG_ALLOCATOR ? n : 0);
    json_fail_in(which == JANSSON_ALLOCATOR ? n : 0);
    promo_order *untouched = (promo_order *)&ta;
    promo_order *o = untouched;
    promo_json_error e;
    promo_status st = promo_json_parse_order(
        &o, &e, cat, ORDER, sizeof ORDER - 1, "order.json", NULL);
    fail_in(&ta, 0);
    json_fail_in(0);
    if (st == PROMO_ERR_NO_MEMORY) {
      ck_assert_ptr_eq(o, untouched);
      assert_out_of_memory(&e, "order.json");
      ck_assert_int_eq(ta.live, live);
      ck_assert_int_eq(json_live, 0);
      failures++;
      continue;
    }
    ck_assert_msg(st == PROMO_OK, "N=%ld: %s:%zu:%zu: %s", n, e.file, e.line,
                  e.column, e.text);
    ck_assert_uint_eq(promo_order_line_count(o), 2);
    ck_assert_str_eq(promo_order_line_promo_code(o, 1), "WELCOME-5");
    promo_order_free(o);
    done = true;
  }
  ck_assert(done);
  assert_catalog_usable(cat);
  promo_catalog_free(cat);
  ck_assert_int_eq(ta.live, 0);
  return failures;
}

START_TEST(parse_order_reports_each_failure_of_the_catalog_allocator) {
  /* The order, and its lines when a second one comes: the order keeps its
   * first line and short strings in itself, and zones are the catalog's. */
  ck_assert_int_ge(parse_order_until_it_succeeds(CATALOG_ALLOCATOR), 2);
}
END_TEST

START_TEST(parse_order_reports_each_failure_of_jansson_as_no_memory) {
  ck_assert_int_ge(parse_order_until_it_succeeds(JANSSON_ALLOCATOR), 10);
}
END_TEST

START_TEST(load_catalog_with_codes_files_reports_each_failure) {
  /* From a file: the file's text, its directory, each codes file's path
   * and read block, on top of the parse. */
  const char *path = PROMO_TEST_DATA_DIR "/catalog.json";
  long failures = 0;
  bool done = false;
  for (long n = 1; !done && n < MAX_TRIES; n++) {
    json_fail_in(n);
    promo_catalog *cat = NULL;
    promo_json_error e;
    promo_status st = promo_json_load_catalog(&cat, &e, path, NULL, NULL);
    json_fail_in(0);
    if (st == PROMO_ERR_NO_MEMORY) {
      ck_assert_ptr_null(cat);
      assert_out_of_memory(&e, e.file);
      ck_assert_int_eq(json_live, 0);
      failures++;
      continue;
    }
    ck_assert_msg(st == PROMO_OK, "N=%ld: %s:%zu:%zu: %s", n, e.file, e.line,
                  e.column, e.text);
    const char *campaign = NULL;
    MUST(promo_catalog_find_code(&campaign, cat, "SPRING-BULK-0002", 16));
    ck_assert_str_eq(campaign, "spring-2026");
    promo_catalog_free(cat);
    done = true;
  }
  ck_assert(done);
  ck_assert_int_ge(failures, 10);
  ck_assert_int_eq(json_live, 0);
}
END_TEST

START_TEST(load_catalog_reports_each_failure_of_the_catalog_allocator) {
  /* Codes read from codes files go to the catalog's allocator too. */
  const char *path = PROMO_TEST_DATA_DIR "/catalog.json";
  long failures = 0;
  bool done = false;
  for (long n = 1; !done && n < MAX_TRIES; n++) {
    test_alloc ta;
    test_alloc_init(&ta, n);
    promo_catalog *cat = NULL;
    promo_json_error e;
    promo_status st =
        promo_json_load_catalog(&cat, &e, path, &ta.allocator, NULL);
    ta.fail_at = 0;
    if (st == PROMO_ERR_NO_MEMORY) {
      ck_assert_ptr_null(cat);
      ck_assert_uint_eq(e.line, 0);
      ck_assert_str_eq(e.text, "out of memory");
      ck_assert_int_eq(ta.live, 0);
      ck_assert_int_eq(json_live, 0);
      failures++;
      continue;
    }
    ck_assert_msg(st == PROMO_OK, "N=%ld: %s:%zu:%zu: %s", n, e.file, e.line,
                  e.column, e.text);
    const char *campaign = NULL;
    MUST(promo_catalog_find_code(&campaign, cat, "SPRING-BULK-0002", 16));
    promo_catalog_free(cat);
    ck_assert_int_eq(ta.live, 0);
    done = true;
  }
  ck_assert(done);
  ck_assert_int_ge(failures, 10);
}
END_TEST

START_TEST(load_order_from_a_file_reports_each_failure) {
  promo_catalog *cat = NULL;
  MUST(promo_json_load_catalog(&cat, NULL, PROMO_TEST_DATA_DIR "/catalog.json",
                               NULL, NULL));
  long failures = 0;
  bool done = false;
  for (long n = 1; !done && n < MAX_TRIES; n++) {
    json_fail_in(n);
    promo_order *o = NULL;
    promo_json_error e;
    promo_status st = promo_json_load_order(
        &o, &e, cat, PROMO_TEST_DATA_DIR "/order.json", NULL);
    json_fail_in(0);
    if (st == PROMO_ERR_NO_MEMORY) {
      ck_assert_ptr_null(o);
      assert_out_of_memory(&e, PROMO_TEST_DATA_DIR "/order.json");
      ck_assert_int_eq(json_live, 0);
      failures++;
      continue;
    }
    MUST(st);
    ck_assert_str_eq(promo_order_id(o), "order-1001");
    promo_order_free(o);
    done = true;
  }
  ck_assert(done);
  ck_assert_int_ge(failures, 5);
  promo_catalog_free(cat);
  ck_assert_int_eq(json_live, 0);
}
END_TEST

/* ---- result writers ----------------------------------------------------- */

/* What a writer must not change in the result and the order. */
typedef struct outcome {
  promo_status status;
  int64_t discount;
  int64_t total;
  size_t lines;
  const char *code_on_line0;
} outcome;

static outcome outcome_of(const promo_result *r, const promo_order *o) {
  outcome s = {promo_result_status(r), promo_result_discount(r),
               promo_result_total(r), promo_order_line_count(o),
               promo_order_line_promo_code(o, 0)};
  return s;
}

static void assert_outcome(const outcome *before, const promo_result *r,
                           const promo_order *o) {
  outcome now = outcome_of(r, o);
  ck_assert_int_eq(now.status, before->status);
  ck_assert_int_eq(now.discount, before->discount);
  ck_assert_int_eq(now.total, before->total);
  ck_assert_uint_eq(now.lines, before->lines);
  ck_assert_pstr_eq(now.code_on_line0, before->code_on_line0);
}

START_TEST(result_string_reports_each_failure_and_changes_nothing) {
  test_alloc ta;
  test_alloc_init(&ta, 0);
  promo_catalog *cat = parse_catalog(&ta);
  promo_order *o = parse_order(cat);
  promo_result *r = NULL;
  MUST(promo_result_new(&r, NULL));
  MUST(promo_apply(r, o, "SPRING-2026", 11, NULL));
  outcome before = outcome_of(r, o);
  char *expected = NULL;
  size_t expected_length = 0;
  MUST(promo_json_result_string(&expected, &expected_length, r, o, "nl",
                                PROMO_JSON_PRETTY));

  long failures = 0;
  bool done = false;
  for (long n = 1; !done && n < MAX_TRIES; n++) {
    json_fail_in(n);
    char untouched = 'x';
    char *text = &untouched;
    size_t length = 12345;
    promo_status st =
        promo_json_result_string(&text, &length, r, o, "nl", PROMO_JSON_PRETTY);
    json_fail_in(0);
    if (st == PROMO_ERR_NO_MEMORY) {
      ck_assert_ptr_eq(text, &untouched);
      ck_assert_uint_eq(length, 12345);
      assert_outcome(&before, r, o);
      failures++;
      continue;
    }
    MUST(st);
    ck_assert_uint_eq(length, expected_length);
    ck_assert_str_eq(text, expected);
    promo_json_free(text);
    done = true;
  }
  ck_assert(done);
  /* One block, of exactly the text's size: it is measured first, so that
   * a long order's text is never held twice while a buffer grows. */
  ck_assert_int_eq(failures, 1);
  assert_outcome(&before, r, o);

  promo_json_free(expected);
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
  ck_assert_int_eq(ta.live, 0);
  ck_assert_int_eq(json_live, 0);
}
END_TEST

int main(void) {
  Suite *s = suite_create("json_alloc");
  TCase *tc = tcase_create("no_memory");
  tcase_add_checked_fixture(tc, install_counting_allocator, restore_allocator);
  tcase_set_timeout(tc, 300);
  tcase_add_test(tc,
                 parse_catalog_reports_each_failure_of_the_catalog_allocator);
  tcase_add_test(tc,
                 parse_catalog_reports_each_failure_of_jansson_as_no_memory);
  tcase_add_test(tc, parse_order_reports_each_failure_of_the_catalog_allocator);
  tcase_add_test(tc, parse_order_reports_each_failure_of_jansson_as_no_memory);
  tcase_add_test(tc, load_catalog_with_codes_files_reports_each_failure);
  tcase_add_test(tc,
                 load_catalog_reports_each_failure_of_the_catalog_allocator);
  tcase_add_test(tc, load_order_from_a_file_reports_each_failure);
  tcase_add_test(tc, result_string_reports_each_failure_and_changes_nothing);
  suite_add_tcase(s, tc);
  return test_run_suite(s);
}
