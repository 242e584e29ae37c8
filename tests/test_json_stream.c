/* test_json_stream.c - the long arrays of the formats (an order's lines, a
 * catalog's campaigns and their codes) are parsed one element at a time
 * (src/json/document.c): jansson's memory stays small however long they
 * are, and the errors, valid text or not, are the ones jansson gives for
 * the whole text, at the same line and column. */
#include "support.h"

#include <check.h>
#include <jansson.h>
#include <promo/json.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MUST(call) ck_assert_int_eq((call), PROMO_OK)

/* ---- jansson's allocator, measured -------------------------------------- */

typedef union header {
  size_t size;
  max_align_t align;
} header;

static size_t live_bytes;
static size_t peak_bytes;

static void *measuring_malloc(size_t size) {
  header *h = malloc(sizeof *h + size);
  if (h == NULL) {
    return NULL;
  }
  h->size = size;
  live_bytes += size;
  peak_bytes = live_bytes > peak_bytes ? live_bytes : peak_bytes;
  return h + 1;
}

static void measuring_free(void *p) {
  if (p != NULL) {
    header *h = (header *)p - 1;
    live_bytes -= h->size;
    free(h);
  }
}

static void measure(void) {
  live_bytes = 0;
  peak_bytes = 0;
  json_set_alloc_funcs(measuring_malloc, measuring_free);
}

static void restore_allocator(void) {
  json_set_alloc_funcs(malloc, free);
}

/* ---- texts -------------------------------------------------------------- */

typedef struct text {
  char *data;
  size_t length;
  size_t cap;
} text;

#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 2, 3)))
#endif
static void
add(text *t, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  ck_assert_int_ge(n, 0);
  if (t->length + (size_t)n + 1 > t->cap) {
    t->cap = (t->length + (size_t)n + 1) * 2;
    t->data = realloc(t->data, t->cap);
    ck_assert_ptr_nonnull(t->data);
  }
  va_start(ap, fmt);
  (void)vsnprintf(t->data + t->length, (size_t)n + 1, fmt, ap);
  va_end(ap);
  t->length += (size_t)n;
}

static text order_text(size_t lines) {
  text t = {NULL, 0, 0};
  add(&t, "{\"id\": \"o\", \"country\": \"NL\", \"currency\": \"EUR\",\n"
          " \"placed_at\": \"2026-03-15T10:00:00Z\",\n \"lines\": [\n");
  for (size_t i = 0; i < lines; i++) {
    add(&t,
        "  {\"subscription\": \"sub-%06zu\", \"product\": \"O365_E3\", "
        "\"new\": true, \"term\": \"monthly\", \"licenses\": 5, "
        "\"unit_price\": 1050}%s\n",
        i, i + 1 < lines ? "," : "");
  }
  add(&t, " ],\n \"completed\": false}\n");
  return t;
}

static text catalog_text(size_t campaigns, size_t codes) {
  text t = {NULL, 0, 0};
  add(&t, "{\"campaigns\": [\n");
  for (size_t c = 0; c < campaigns; c++) {
    add(&t,
        " {\"id\": \"c%zu\", \"discount\": {\"percent_bps\": 100},\n"
        "  \"codes\": [",
        c);
    for (size_t k = 0; k < codes; k++) {
      add(&t, "\"C%zu-%zu\"%s", c, k, k + 1 < codes ? ",\n   " : "");
    }
    add(&t, "],\n  \"regions\": [\"NL\"]}%s\n", c + 1 < campaigns ? "," : "");
  }
  add(&t, "]}\n");
  return t;
}

static promo_catalog *small_catalog(void) {
  static const char TEXT[] =
      "{\"campaigns\": [{\"id\": \"c\", \"discount\": {\"percent_bps\": 1000},"
      " \"codes\": [\"CODE\"]}]}";
  promo_catalog *cat = NULL;
  MUST(promo_json_parse_catalog(&cat, NULL, TEXT, sizeof TEXT - 1, NULL, NULL,
                                NULL));
  return cat;
}

/* jansson spends hundreds of bytes on each line object: a whole tree of
 * 5,000 lines is megabytes. One line at a time stays under this. */
#define SMALL ((size_t)64 * 1024)

START_TEST(an_order_is_parsed_one_line_at_a_time) {
  promo_catalog *cat = small_catalog();
  text t = order_text(5000);
  measure();
  promo_order *o = NULL;
  promo_json_error e;
  ck_assert_msg(promo_json_parse_order(&o, &e, cat, t.data, t.length, "o.json",
                                       NULL) == PROMO_OK,
                "%s", e.text);
  restore_allocator();
  ck_assert_uint_eq(promo_order_line_count(o), 5000);
  ck_assert_str_eq(promo_order_line_subscription(o, 4999), "sub-004999");
  ck_assert_msg(peak_bytes < SMALL, "jansson peaked at %zu bytes", peak_bytes);
  ck_assert_uint_eq(live_bytes, 0);
  promo_order_free(o);
  promo_catalog_free(cat);
  free(t.data);
}
END_TEST

START_TEST(a_catalog_is_parsed_one_campaign_and_one_code_at_a_time) {
  /* Many codes in one campaign, and many campaigns. */
  const size_t SHAPES[][2] = {{1, 8000}, {800, 3}};
  for (size_t i = 0; i < 2; i++) {
    text t = catalog_text(SHAPES[i][0], SHAPES[i][1]);
    measure();
    promo_catalog *cat = NULL;
    promo_json_error e;
    ck_assert_msg(promo_json_parse_catalog(&cat, &e, t.data, t.length, "c.json",
                                           NULL, NULL) == PROMO_OK,
                  "%s", e.text);
    restore_allocator();
    ck_assert_uint_eq(promo_catalog_campaign_count(cat), SHAPES[i][0]);
    ck_assert_uint_eq(promo_catalog_code_count(cat),
                      SHAPES[i][0] * SHAPES[i][1]);
    ck_assert_msg(peak_bytes < SMALL, "jansson peaked at %zu bytes",
                  peak_bytes);
    ck_assert_uint_eq(live_bytes, 0);
    promo_catalog_free(cat);
    free(t.data);
  }
}
END_TEST

/* ---- errors: jansson's, for the whole text ------------------------------ */

/* What jansson says of the whole text: false when it takes it. */
static bool whole_text_error(const char *data, size_t length, size_t *line,
                             size_t *column, char *what, size_t size) {
  size_t skip = length >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
  json_error_t je;
  memset(&je, 0, sizeof je);
  json_t *v =
      json_loadb(data + skip, length - skip, JSON_REJECT_DUPLICATES, &je);
  if (v != NULL) {
    json_decref(v);
    return false;
  }
  enum json_error_code code = json_error_code(&je);
  if (code == json_error_numeric_overflow ||
      code == json_error_null_character ||
      code == json_error_null_byte_in_key) {
    return false; /* reworded on purpose: other tests */
  }
  *line = je.line < 1 ? 1 : (size_t)je.line;
  *column = je.column < 1 ? 1 : (size_t)je.column;
  (void)snprintf(what, size, "invalid JSON: %s", je.text);
  return true;
}

static size_t compared; /* damaged texts jansson refused */

/* Compares, for one text, our error with jansson's for the whole text. */
static void assert_same_error(const char *data, size_t length, bool catalog,
                              promo_catalog *cat, const char *what) {
  size_t line = 0;
  size_t column = 0;
  char expected[512];
  if (!whole_text_error(data, length, &line, &column, expected,
                        sizeof expected)) {
    return;
  }
  compared++;
  promo_json_error e;
  promo_status st;
  if (catalog) {
    promo_catalog *out = NULL;
    st = promo_json_parse_catalog(&out, &e, data, length, "x.json", NULL, NULL);
    promo_catalog_free(out);
  } else {
    promo_order *out = NULL;
    st = promo_json_parse_order(&out, &e, cat, data, length, "x.json", NULL);
    promo_order_free(out);
  }
  ck_assert_msg(st == PROMO_ERR_INVALID_ARGUMENT, "%s: %s", what,
                promo_status_name(st));
  /* jansson's words are shown escaped: compare only printable ones. */
  bool printable = true;
  for (const char *p = expected; *p != '\0'; p++) {
    printable = printable && (unsigned char)*p >= 0x20 &&
                (unsigned char)*p < 0x7f && *p != '\\';
  }
  if (printable) {
    ck_assert_msg(strcmp(e.text, expected) == 0, "%s: '%s', jansson '%s'", what,
                  e.text, expected);
  }
  ck_assert_msg(e.line == line && e.column == column,
                "%s: %zu:%zu, jansson %zu:%zu (%s)", what, e.line, e.column,
                line, column, e.text);
}

/* Every single-byte damage of a text, in every place: a byte deleted, or a
 * comma, a brace, a quote, a letter or a NUL put in. */
static void damage_everywhere(const text *t, bool catalog, promo_catalog *cat) {
  static const char INSERTS[] = ",}]\"x\x01";
  char *buf = malloc(t->length + 2);
  ck_assert_ptr_nonnull(buf);
  compared = 0;
  for (size_t at = 0; at <= t->length; at++) {
    for (size_t k = 0; k <= sizeof INSERTS - 1; k++) {
      char what[64];
      size_t n = 0;
      if (k == sizeof INSERTS - 1) {
        if (at == t->length) {
          continue;
        }
        memcpy(buf, t->data, at);
        memcpy(buf + at, t->data + at + 1, t->length - at - 1);
        n = t->length - 1;
        (void)snprintf(what, sizeof what, "byte %zu deleted", at);
      } else {
        memcpy(buf, t->data, at);
        buf[at] = INSERTS[k];
        memcpy(buf + at + 1, t->data + at, t->length - at);
        n = t->length + 1;
        (void)snprintf(what, sizeof what, "0x%02x put at %zu",
                       (unsigned)(unsigned char)INSERTS[k], at);
      }
      assert_same_error(buf, n, catalog, cat, what);
    }
  }
  free(buf);
  /* Most damage breaks the JSON: thousands of cases were compared. */
  ck_assert_uint_gt(compared, 3 * t->length);
}

START_TEST(a_damaged_order_is_refused_where_jansson_would_refuse_it) {
  promo_catalog *cat = small_catalog();
  text t = order_text(2);
  damage_everywhere(&t, false, cat);
  free(t.data);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(a_damaged_catalog_is_refused_where_jansson_would_refuse_it) {
  text t = catalog_text(2, 2);
  damage_everywhere(&t, true, NULL);
  free(t.data);
}
END_TEST

/* An error at the end of a long array: jansson reads the elements before it
 * to say so, and is not made to hold them all. */
START_TEST(a_long_malformed_order_is_refused_in_small_memory) {
  promo_catalog *cat = small_catalog();
  text t = order_text(5000);
  /* Drop the ']' that closes the lines. */
  char *close = strstr(t.data, " ],\n \"completed\"");
  ck_assert_ptr_nonnull(close);
  close[1] = ' ';
  size_t line = 0;
  size_t column = 0;
  char expected[512];
  ck_assert(whole_text_error(t.data, t.length, &line, &column, expected,
                             sizeof expected));
  measure();
  promo_order *o = NULL;
  promo_json_error e;
  ck_assert_int_eq(
      promo_json_parse_order(&o, &e, cat, t.data, t.length, "o.json", NULL),
      PROMO_ERR_INVALID_ARGUMENT);
  restore_allocator();
  ck_assert_str_eq(e.text, expected);
  ck_assert_uint_eq(e.line, line);
  ck_assert_uint_eq(e.column, column);
  ck_assert_msg(peak_bytes < SMALL, "jansson peaked at %zu bytes", peak_bytes);
  promo_catalog_free(cat);
  free(t.data);
}
END_TEST

/* jansson's own refusals of a well-formed element, when that element is
 * parsed alone: pointed at the same place as in the whole text. */
START_TEST(a_refused_element_is_pointed_at_in_the_whole_text) {
  promo_catalog *cat = small_catalog();
  text t = order_text(50);
  /* Line 42's licenses, a number out of range. */
  char *line = strstr(t.data, "sub-000042");
  ck_assert_ptr_nonnull(line);
  char *five = strstr(line, "\"licenses\": 5") + strlen("\"licenses\": ");
  text big = {NULL, 0, 0};
  add(&big, "%.*s", (int)(five - t.data), t.data);
  size_t at = big.length;
  add(&big, "99999999999999999999");
  add(&big, "%s", five + 1);
  size_t expected_line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < at; i++) {
    if (big.data[i] == '\n') {
      expected_line++;
      line_start = i + 1;
    }
  }
  promo_order *o = NULL;
  promo_json_error e;
  ck_assert_int_eq(
      promo_json_parse_order(&o, &e, cat, big.data, big.length, "o.json", NULL),
      PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_uint_eq(e.line, expected_line);
  ck_assert_uint_eq(e.column, at - line_start + 1);
  ck_assert_ptr_nonnull(
      strstr(e.text, "number 99999999999999999999 is out of range"));
  free(big.data);
  free(t.data);
  promo_catalog_free(cat);
}
END_TEST

int main(void) {
  Suite *s = suite_create("json_stream");
  TCase *tc = tcase_create("stream");
  tcase_add_checked_fixture(tc, NULL, restore_allocator);
  tcase_set_timeout(tc, 120);
  tcase_add_test(tc, an_order_is_parsed_one_line_at_a_time);
  tcase_add_test(tc, a_catalog_is_parsed_one_campaign_and_one_code_at_a_time);
  tcase_add_test(tc, a_damaged_order_is_refused_where_jansson_would_refuse_it);
  tcase_add_test(tc,
                 a_damaged_catalog_is_refused_where_jansson_would_refuse_it);
  tcase_add_test(tc, a_long_malformed_order_is_refused_in_small_memory);
  tcase_add_test(tc, a_refused_element_is_pointed_at_in_the_whole_text);
  suite_add_tcase(s, tc);
  return test_run_suite(s);
}
