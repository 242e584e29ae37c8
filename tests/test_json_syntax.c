/* test_json_syntax.c - the allocation-free JSON recogniser
 * (src/json/syntax.c) that tells jansson running out of memory from a real
 * syntax error. What matters is one direction: whatever it accepts, jansson
 * must never call a syntax error, or a broken file would be reported as
 * "out of memory". Every row is therefore checked against jansson too. */
#include "support.h"
#include "syntax.h"

#include <check.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define ROWS(table) (sizeof(table) / sizeof *(table))

typedef struct row {
  const char *text;
  size_t length; /* 0: strlen(text) */
} row;

static size_t length_of(const row *r) {
  return r->length != 0 ? r->length : strlen(r->text);
}

/* jansson's verdict: NULL when it reads the text, else its error code. */
static const char *jansson_refusal(const char *text, size_t length,
                                   enum json_error_code *code) {
  json_error_t e;
  memset(&e, 0, sizeof e);
  json_t *v = json_loadb(text, length, JSON_REJECT_DUPLICATES, &e);
  if (v != NULL) {
    json_decref(v);
    return NULL;
  }
  *code = json_error_code(&e);
  return "refused";
}

/* The codes under which document.c asks the recogniser whether jansson
 * really ran out of memory. */
static bool syntax_code(enum json_error_code code) {
  return code == json_error_invalid_syntax ||
         code == json_error_premature_end_of_input;
}

static const row WELL_FORMED[] = {
    {"{}", 0},
    {"[]", 0},
    {" \t\r\n{ } \n", 0},
    {"{\"a\": 1, \"b\": [true, false, null], \"c\": {\"d\": \"e\"}}", 0},
    {"[0, -0, 1.5, -2.25e-3, 1E+9, 7e3, 123456789012345678901234567890]", 0},
    {"[\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\u20AC\"]", 0},
    {"[\"\\ud83d\\ude00\"]", 0},                       /* a surrogate pair */
    {"[\"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\"]", 0}, /* UTF-8 */
    {"[\"\xED\x9F\xBF\xEF\xBF\xBF\xF4\x8F\xBF\xBF\"]", 0}, /* edges */
    {"[[[[[[[[[[]]]]]]]]]]", 0},
    {"{\"a\": {}, \"b\": [], \"c\": [{}]}", 0},
    /* Semantics jansson checks with codes of their own, not syntax. */
    {"{\"a\": 1, \"a\": 2}", 0},
    {"[\"\\u0000\"]", 0},
    {"[99999999999999999999999]", 0},
};

static const row MALFORMED[] = {
    {"", 0},
    {"   ", 0},
    {"1", 0},
    {"\"text\"", 0},
    {"null", 0},
    {"{", 0},
    {"[", 0},
    {"{]", 0},
    {"[}", 0},
    {"{\"a\" 1}", 0},
    {"{\"a\": }", 0},
    {"{\"a\": 1,}", 0},
    {"[1,]", 0},
    {"[1 2]", 0},
    {"{1: 2}", 0},
    {"{\"a\": 1} x", 0},
    {"{} {}", 0},
    {"[01]", 0},
    {"[-]", 0},
    {"[1.]", 0},
    {"[.5]", 0},
    {"[1e]", 0},
    {"[1e+]", 0},
    {"[+1]", 0},
    {"[1.5.3]", 0},
    {"[0x10]", 0},
    {"[tru]", 0},
    {"[truex]", 0},
    {"[nul]", 0},
    {"[False]", 0},
    {"[\"unterminated]", 0},
    {"[\"tab\there\"]", 0},
    {"[\"line\nbreak\"]", 0},
    {"[\"\\x\"]", 0},
    {"[\"\\u12\"]", 0},
    {"[\"\\u12G4\"]", 0},
    {"[\"\\ud83d\"]", 0}, /* a high surrogate alone */
    {"[\"\\ud83dx\"]", 0},
    {"[\"\\ud83d\\n\"]", 0},
    {"[\"\\ud83d\\u0041\"]", 0},   /* not followed by a low one */
    {"[\"\\ude00\"]", 0},          /* a low surrogate alone */
    {"[\"\xC3\"]", 0},             /* truncated UTF-8 */
    {"[\"\xC0\xAF\"]", 0},         /* overlong */
    {"[\"\xE0\x80\xAF\"]", 0},     /* overlong */
    {"[\"\xED\xA0\x80\"]", 0},     /* an encoded surrogate */
    {"[\"\xF4\x90\x80\x80\"]", 0}, /* beyond U+10FFFF */
    {"[\"\xF0\x8F\xBF\xBF\"]", 0}, /* overlong */
    {"[\"\xFF\"]", 0},
    {"[\"\x80\"]", 0},
    {"[\xC3\xA9]", 0}, /* UTF-8 outside a string */
    {"[\"a\\", 0},
    {"[\"a\"\x00]", 6},   /* a NUL byte after a value */
    {"[\"a\\\x00\"]", 7}, /* a NUL byte after a backslash */
    {"[\"a\x00\"]", 6},   /* a NUL byte in a string */
};

START_TEST(well_formed_accepts_json_that_jansson_reads) {
  for (size_t i = 0; i < ROWS(WELL_FORMED); i++) {
    const row *r = &WELL_FORMED[i];
    ck_assert_msg(pj_well_formed(r->text, length_of(r)), "refused %s", r->text);
    enum json_error_code code = json_error_unknown;
    ck_assert_msg(jansson_refusal(r->text, length_of(r), &code) == NULL ||
                      !syntax_code(code),
                  "jansson calls %s a syntax error", r->text);
  }
}
END_TEST

START_TEST(well_formed_refuses_what_jansson_refuses_as_malformed) {
  for (size_t i = 0; i < ROWS(MALFORMED); i++) {
    const row *r = &MALFORMED[i];
    ck_assert_msg(!pj_well_formed(r->text, length_of(r)), "accepted row %zu",
                  i);
    enum json_error_code code = json_error_unknown;
    ck_assert_msg(jansson_refusal(r->text, length_of(r), &code) != NULL,
                  "jansson reads row %zu", i);
  }
}
END_TEST

START_TEST(well_formed_never_reads_past_the_length) {
  /* Every prefix of a valid document is checked on a copy of exactly that
   * many bytes (valgrind and ASan watch the end), and none but the whole is
   * well-formed. */
  static const char DOC[] = "{\"a\": [1, -2.5e3, \"\\u00e9\\ud83d\\ude00\", "
                            "true, false, null, {\"b\": {}}]}";
  size_t n = sizeof DOC - 1;
  for (size_t len = 0; len <= n; len++) {
    char *copy = malloc(len == 0 ? 1 : len);
    ck_assert_ptr_nonnull(copy);
    memcpy(copy, DOC, len);
    ck_assert_int_eq(pj_well_formed(copy, len), len == n);
    free(copy);
  }
}
END_TEST

START_TEST(nesting_deeper_than_jansson_allows_is_refused) {
  /* jansson refuses depths beyond 2048 with an error of its own; the
   * recogniser, whose stack is fixed, refuses them too. */
  size_t depth = PJ_SYNTAX_MAX_DEPTH;
  char *text = malloc(2 * depth + 2);
  ck_assert_ptr_nonnull(text);
  for (size_t extra = 0; extra < 2; extra++) {
    size_t d = depth + extra;
    memset(text, '[', d);
    memset(text + d, ']', d);
    ck_assert_int_eq(pj_well_formed(text, 2 * d), extra == 0);
  }
  free(text);
}
END_TEST

int main(void) {
  Suite *s = suite_create("json_syntax");
  TCase *tc = tcase_create("well_formed");
  tcase_add_test(tc, well_formed_accepts_json_that_jansson_reads);
  tcase_add_test(tc, well_formed_refuses_what_jansson_refuses_as_malformed);
  tcase_add_test(tc, well_formed_never_reads_past_the_length);
  tcase_add_test(tc, nesting_deeper_than_jansson_allows_is_refused);
  suite_add_tcase(s, tc);
  return test_run_suite(s);
}
