/* test_json_error.c - pointed errors (src/json/json_error.c): filling a
 * promo_json_error, and promo_json_error_format's FILE:LINE:COL: TEXT. */
#include "json_error.h"
#include "support.h"

#include <check.h>
#include <string.h>

static promo_json_error error_at(const char *file, size_t line, size_t column,
                                 const char *text) {
  promo_json_error e;
  memset(&e, 0, sizeof e);
  ck_assert_int_eq(
      pj_error(&e, PROMO_ERR_INVALID_ARGUMENT, file, line, column, "%s", text),
      PROMO_ERR_INVALID_ARGUMENT);
  return e;
}

START_TEST(format_gives_file_line_column_and_text) {
  promo_json_error e =
      error_at("order.json", 8, 37, "licenses must be at least 1");
  char buf[128];
  size_t n = promo_json_error_format(buf, sizeof buf, &e);
  ck_assert_str_eq(buf, "order.json:8:37: licenses must be at least 1");
  ck_assert_uint_eq(n, strlen(buf));
}
END_TEST

START_TEST(format_leaves_out_a_column_of_zero_and_a_line_of_zero) {
  char buf[128];
  promo_json_error no_column = error_at("codes.txt", 12, 0, "bad code");
  promo_json_error_format(buf, sizeof buf, &no_column);
  ck_assert_str_eq(buf, "codes.txt:12: bad code");
  promo_json_error no_place = error_at("x.json", 0, 9, "cannot open");
  /* Without a line there is no column either. */
  ck_assert_uint_eq(no_place.column, 0);
  promo_json_error_format(buf, sizeof buf, &no_place);
  ck_assert_str_eq(buf, "x.json: cannot open");
}
END_TEST

START_TEST(format_truncates_like_snprintf_and_returns_the_whole_length) {
  promo_json_error e = error_at("a.json", 1, 2, "wrong");
  const char *whole = "a.json:1:2: wrong";
  char small[8];
  memset(small, '#', sizeof small);
  ck_assert_uint_eq(promo_json_error_format(small, sizeof small, &e),
                    strlen(whole));
  ck_assert_str_eq(small, "a.json:");
  /* Measuring only. */
  ck_assert_uint_eq(promo_json_error_format(NULL, 0, &e), strlen(whole));
  /* A NULL buffer with a size is measured too, never written. */
  ck_assert_uint_eq(promo_json_error_format(NULL, 99, &e), strlen(whole));
}
END_TEST

START_TEST(format_of_no_error_is_empty) {
  char buf[4] = "abc";
  ck_assert_uint_eq(promo_json_error_format(buf, sizeof buf, NULL), 0);
  ck_assert_str_eq(buf, "");
  ck_assert_uint_eq(promo_json_error_format(NULL, 0, NULL), 0);
  char untouched[2] = "z";
  ck_assert_uint_eq(promo_json_error_format(untouched, 0, NULL), 0);
  ck_assert_str_eq(untouched, "z");
}
END_TEST

START_TEST(long_file_names_and_texts_are_truncated_and_terminated) {
  char file[PROMO_JSON_ERROR_FILE_MAX + 100];
  memset(file, 'f', sizeof file - 1);
  file[sizeof file - 1] = '\0';
  char text[PROMO_JSON_ERROR_TEXT_MAX + 100];
  memset(text, 't', sizeof text - 1);
  text[sizeof text - 1] = '\0';
  promo_json_error e = error_at(file, 3, 4, text);
  /* A file name is input: shortened with an ellipsis after whole
   * characters. */
  ck_assert_uint_eq(strlen(e.file), PROMO_JSON_ERROR_FILE_MAX - 1);
  ck_assert_str_eq(e.file + strlen(e.file) - 3, "\xe2\x80\xa6");
  ck_assert_int_eq(strncmp(e.file, file, PROMO_JSON_ERROR_FILE_MAX - 4), 0);
  ck_assert_uint_eq(strlen(e.text), PROMO_JSON_ERROR_TEXT_MAX - 1);
}
END_TEST

/* A file name can come from a catalog (a codes_file): it reaches a
 * terminal escaped, and a cut never splits a character. */
START_TEST(file_names_are_escaped_and_cut_between_characters) {
  promo_json_error e = error_at("codes/\x1b]2;pwned\x07.txt", 1, 1, "x");
  ck_assert_str_eq(e.file, "codes/\\u001b]2;pwned\\u0007.txt");
  char file[PROMO_JSON_ERROR_FILE_MAX + 10];
  size_t n = 0;
  while (n + 2 < sizeof file) {
    file[n++] = '\xc3';
    file[n++] = '\xa9';
  }
  file[n] = '\0';
  e = error_at(file, 1, 1, "x");
  size_t len = strlen(e.file);
  ck_assert_uint_lt(len, PROMO_JSON_ERROR_FILE_MAX);
  ck_assert_str_eq(e.file + len - 3, "\xe2\x80\xa6");
  ck_assert_uint_eq((len - 3) % 2, 0); /* whole 2-byte characters */
}
END_TEST

START_TEST(an_error_without_a_file_has_an_empty_name) {
  promo_json_error e = error_at(NULL, 1, 1, "x");
  ck_assert_str_eq(e.file, "");
}
END_TEST

START_TEST(a_null_error_is_not_filled_but_the_status_comes_back) {
  ck_assert_int_eq(pj_error(NULL, PROMO_ERR_NO_MEMORY, "f", 1, 1, "x"),
                   PROMO_ERR_NO_MEMORY);
  ck_assert_int_eq(pj_out_of_memory(NULL, "f"), PROMO_ERR_NO_MEMORY);
  pj_error_clear(NULL);
}
END_TEST

START_TEST(out_of_memory_has_no_place) {
  promo_json_error e = error_at("old", 5, 5, "old text");
  ck_assert_int_eq(pj_out_of_memory(&e, "catalog.json"), PROMO_ERR_NO_MEMORY);
  ck_assert_str_eq(e.file, "catalog.json");
  ck_assert_uint_eq(e.line, 0);
  ck_assert_uint_eq(e.column, 0);
  ck_assert_str_eq(e.text, "out of memory");
  pj_error_clear(&e);
  ck_assert_str_eq(e.file, "");
  ck_assert_str_eq(e.text, "");
  ck_assert_uint_eq(e.line, 0);
}
END_TEST

START_TEST(twins_of_the_error_sizes_equal_the_macros) {
  promo_json_error e;
  ck_assert_uint_eq(promo_json_error_file_max(), PROMO_JSON_ERROR_FILE_MAX);
  ck_assert_uint_eq(promo_json_error_text_max(), PROMO_JSON_ERROR_TEXT_MAX);
  ck_assert_uint_eq(promo_json_error_file_max(), sizeof e.file);
  ck_assert_uint_eq(promo_json_error_text_max(), sizeof e.text);
}
END_TEST

int main(void) {
  Suite *s = suite_create("json_error");
  TCase *tc = tcase_create("error");
  tcase_add_test(tc, format_gives_file_line_column_and_text);
  tcase_add_test(tc, format_leaves_out_a_column_of_zero_and_a_line_of_zero);
  tcase_add_test(tc,
                 format_truncates_like_snprintf_and_returns_the_whole_length);
  tcase_add_test(tc, format_of_no_error_is_empty);
  tcase_add_test(tc, long_file_names_and_texts_are_truncated_and_terminated);
  tcase_add_test(tc, file_names_are_escaped_and_cut_between_characters);
  tcase_add_test(tc, an_error_without_a_file_has_an_empty_name);
  tcase_add_test(tc, a_null_error_is_not_filled_but_the_status_comes_back);
  tcase_add_test(tc, out_of_memory_has_no_place);
  tcase_add_test(tc, twins_of_the_error_sizes_equal_the_macros);
  suite_add_tcase(s, tc);
  return test_run_suite(s);
}
