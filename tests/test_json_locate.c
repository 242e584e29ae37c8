/* test_json_locate.c - finding where a value is in its text
 * (src/json/locate.c), which every pointed error relies on: jansson keeps
 * no positions once a document is parsed. */
#include "locate.h"
#include "support.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

typedef struct place {
  bool found;
  size_t line;
  size_t column;
} place;

/* Locates `depth` steps of `path` in the NUL-terminated `text`. */
static place locate(const char *text, const pj_step *path, size_t depth,
                    bool at_key) {
  place p = {false, 0, 0};
  p.found =
      pj_locate(text, strlen(text), path, depth, at_key, &p.line, &p.column);
  return p;
}

#define ASSERT_PLACE(p, f, l, c)                                               \
  do {                                                                         \
    ck_assert_int_eq((p).found, (f));                                          \
    ck_assert_uint_eq((p).line, (l));                                          \
    ck_assert_uint_eq((p).column, (c));                                        \
  } while (0)

static const char CATALOG[] = "{\n"
                              "  \"campaigns\": [\n"
                              "    {\"id\": \"a\", \"codes\": [\"A\"]},\n"
                              "    {\n"
                              "      \"id\": \"b\",\n"
                              "      \"max_licence\": 3,\n"
                              "      \"codes\": [\"B1\", \"B2\"]\n"
                              "    }\n"
                              "  ]\n"
                              "}\n";

START_TEST(an_empty_path_is_the_root) {
  place p = locate("  \n  {\"a\": 1}", NULL, 0, false);
  ASSERT_PLACE(p, true, 2, 3);
}
END_TEST

START_TEST(a_path_of_keys_and_indexes_leads_to_the_value) {
  const pj_step path[] = {{"campaigns", 0}, {NULL, 1}, {"codes", 0}, {NULL, 1}};
  ASSERT_PLACE(locate(CATALOG, path, 4, false), true, 7, 23);
  ASSERT_PLACE(locate(CATALOG, path, 3, false), true, 7, 16);
  ASSERT_PLACE(locate(CATALOG, path, 2, false), true, 4, 5);
  ASSERT_PLACE(locate(CATALOG, path, 1, false), true, 2, 16);
}
END_TEST

START_TEST(at_key_points_at_the_key_rather_than_its_value) {
  const pj_step path[] = {{"campaigns", 0}, {NULL, 1}, {"max_licence", 0}};
  ASSERT_PLACE(locate(CATALOG, path, 3, true), true, 6, 7);
  ASSERT_PLACE(locate(CATALOG, path, 3, false), true, 6, 22);
  /* Only the last step's key: earlier keys are entered as usual. */
  const pj_step first[] = {{"campaigns", 0}};
  ASSERT_PLACE(locate(CATALOG, first, 1, true), true, 2, 3);
}
END_TEST

START_TEST(earlier_values_of_every_kind_are_skipped) {
  /* Strings holding brackets, braces, commas and escaped quotes, nested
   * containers, numbers and literals all lie before the target. */
  static const char TEXT[] =
      "{\"s\": \"]}[{,\\\"\\\\\", \"n\": -1.5e+3, \"t\": true, \"f\": false,\n"
      " \"z\": null, \"o\": {\"x\": [1, {\"y\": \"}\"}], \"e\": {}},\n"
      " \"a\": [[], {}, \"[\", 2], \"target\": 7}";
  const pj_step path[] = {{"target", 0}};
  ASSERT_PLACE(locate(TEXT, path, 1, false), true, 3, 35);
  const pj_step element[] = {{"a", 0}, {NULL, 3}};
  ASSERT_PLACE(locate(TEXT, element, 2, false), true, 3, 21);
}
END_TEST

START_TEST(escaped_keys_match_their_unescaped_names) {
  /* jansson hands back keys unescaped; the text may spell them any way. */
  static const char TEXT[] =
      "{\"c\\u0061mp\\u0061igns\": 1, \"t\\tb\\\\s\\/q\\\"\": 2,\n"
      " \"\\b\\f\\n\\r\": 3, \"\\u00e9\\u20ac\\ud83d\\ude00\": 4, "
      "\"\\u00E9t\\u00C9\": 5}";
  const pj_step k1[] = {{"campaigns", 0}};
  ASSERT_PLACE(locate(TEXT, k1, 1, false), true, 1, 25);
  const pj_step k2[] = {{"t\tb\\s/q\"", 0}};
  ASSERT_PLACE(locate(TEXT, k2, 1, false), true, 1, 44);
  const pj_step k3[] = {{"\b\f\n\r", 0}};
  ASSERT_PLACE(locate(TEXT, k3, 1, false), true, 2, 14);
  const pj_step k4[] = {{"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80", 0}};
  ASSERT_PLACE(locate(TEXT, k4, 1, false), true, 2, 45);
  const pj_step k5[] = {{"\xC3\xA9t\xC3\x89", 0}};
  ASSERT_PLACE(locate(TEXT, k5, 1, true), true, 2, 48);
}
END_TEST

START_TEST(a_key_is_matched_whole_not_as_a_prefix) {
  static const char TEXT[] = "{\"ids\": 1, \"i\": 2, \"id\": 3}";
  const pj_step path[] = {{"id", 0}};
  ASSERT_PLACE(locate(TEXT, path, 1, false), true, 1, 26);
}
END_TEST

START_TEST(columns_count_characters_not_bytes) {
  /* "é" is two bytes and "😀" four, one column each, as jansson counts. */
  static const char TEXT[] = "{\"\xC3\xA9\": \"\xF0\x9F\x98\x80\", \"k\": 1}";
  const pj_step path[] = {{"k", 0}};
  ASSERT_PLACE(locate(TEXT, path, 1, false), true, 1, 17);
}
END_TEST

START_TEST(a_path_that_leads_nowhere_gives_the_root) {
  const pj_step missing[] = {{"campaigns", 0}, {NULL, 0}, {"nope", 0}};
  ASSERT_PLACE(locate(CATALOG, missing, 3, false), false, 1, 1);
  const pj_step past_end[] = {{"campaigns", 0}, {NULL, 2}};
  ASSERT_PLACE(locate(CATALOG, past_end, 2, false), false, 1, 1);
  const pj_step far_past_end[] = {{"campaigns", 0}, {NULL, 5}};
  ASSERT_PLACE(locate(CATALOG, far_past_end, 2, false), false, 1, 1);
  /* A key step into an array, an index step into an object. */
  const pj_step key_in_array[] = {{"campaigns", 0}, {"id", 0}};
  ASSERT_PLACE(locate(CATALOG, key_in_array, 2, false), false, 1, 1);
  const pj_step index_in_object[] = {{NULL, 0}};
  ASSERT_PLACE(locate(CATALOG, index_in_object, 1, false), false, 1, 1);
  ASSERT_PLACE(locate("[]", index_in_object, 1, false), false, 1, 1);
  ASSERT_PLACE(locate("{}", missing, 1, false), false, 1, 1);
}
END_TEST

START_TEST(malformed_text_is_never_read_past_its_end) {
  /* locate.c expects text jansson accepted, but must stay inside any text:
   * each of these is copied to a block of exactly its length, which
   * valgrind and ASan watch, and searched for a path. */
  static const char *const TEXTS[] = {
      "{\"a\": [1, 2",
      "{\"a",
      "{\"a\\",
      "{\"\\u00",
      "{\"\\ud83d\\u",
      "{\"\\ud83d\\uZZZZ\": 1}",
      "{\"\\u12G4\": 1}",
      "{\"x\": \"\\",
      "{\"x\": {\"y\": [",
      "{\"x\": tru",
      "[[[[",
      "{\"x\" 1, \"k\": 2}",
      "",
      "   ",
      "{\"x\": \"]\"",
  };
  const pj_step path[] = {{"k", 0}, {NULL, 3}};
  for (size_t i = 0; i < sizeof TEXTS / sizeof *TEXTS; i++) {
    size_t n = strlen(TEXTS[i]);
    char *copy = malloc(n == 0 ? 1 : n);
    ck_assert_ptr_nonnull(copy);
    memcpy(copy, TEXTS[i], n);
    for (size_t depth = 0; depth <= 2; depth++) {
      size_t line = 0;
      size_t column = 0;
      (void)pj_locate(copy, n, path, depth, depth == 1, &line, &column);
      ck_assert_uint_ge(line, 1);
      ck_assert_uint_ge(column, 1);
    }
    free(copy);
  }
}
END_TEST

START_TEST(a_malformed_escape_in_a_key_does_not_match) {
  /* Never in text jansson accepted: such a key matches nothing, and the
   * search goes on past it. */
  const pj_step bad[] = {{"\x12G4", 0}};
  ASSERT_PLACE(locate("{\"\\u12G4\": 1}", bad, 1, false), false, 1, 1);
  const pj_step path[] = {{"k", 0}};
  ASSERT_PLACE(locate("{\"\\u12G4\": 1, \"k\": 2}", path, 1, false), true, 1,
               20);
  const pj_step pair[] = {{"\xF0\x9F\x98\x80", 0}};
  ASSERT_PLACE(locate("{\"\\ud83d\\u0041\": 1}", pair, 1, false), false, 1, 1);
}
END_TEST

START_TEST(offset_position_counts_lines_and_characters) {
  static const char TEXT[] = "ab\n\xC3\xA9"
                             "cd\n\nx";
  size_t line = 0;
  size_t column = 0;
  pj_offset_position(TEXT, strlen(TEXT), 0, &line, &column);
  ck_assert_uint_eq(line, 1);
  ck_assert_uint_eq(column, 1);
  pj_offset_position(TEXT, strlen(TEXT), 6, &line, &column); /* 'd' */
  ck_assert_uint_eq(line, 2);
  ck_assert_uint_eq(column, 3);
  pj_offset_position(TEXT, strlen(TEXT), 8, &line, &column); /* 2nd '\n' */
  ck_assert_uint_eq(line, 3);
  ck_assert_uint_eq(column, 1);
  /* An offset past the end stops at the end. */
  pj_offset_position(TEXT, strlen(TEXT), 1000, &line, &column);
  ck_assert_uint_eq(line, 4);
  ck_assert_uint_eq(column, 2);
}
END_TEST

int main(void) {
  Suite *s = suite_create("json_locate");
  TCase *tc = tcase_create("locate");
  tcase_add_test(tc, an_empty_path_is_the_root);
  tcase_add_test(tc, a_path_of_keys_and_indexes_leads_to_the_value);
  tcase_add_test(tc, at_key_points_at_the_key_rather_than_its_value);
  tcase_add_test(tc, earlier_values_of_every_kind_are_skipped);
  tcase_add_test(tc, escaped_keys_match_their_unescaped_names);
  tcase_add_test(tc, a_key_is_matched_whole_not_as_a_prefix);
  tcase_add_test(tc, columns_count_characters_not_bytes);
  tcase_add_test(tc, a_path_that_leads_nowhere_gives_the_root);
  tcase_add_test(tc, malformed_text_is_never_read_past_its_end);
  tcase_add_test(tc, a_malformed_escape_in_a_key_does_not_match);
  tcase_add_test(tc, offset_position_counts_lines_and_characters);
  suite_add_tcase(s, tc);
  return test_run_suite(s);
}
