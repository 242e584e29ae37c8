/* test_json_strbuf.c - the growing string behind the result writer
 * (src/json/strbuf.c): appends of any size, JSON string escaping, and a
 * failed allocation that sticks, so a writer can append without checking
 * each step and still never hand out an incomplete text. */
#include "strbuf.h"
#include "support.h"

#include <check.h>
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

START_TEST(appends_of_every_kind_concatenate) {
  pj_buf b = PJ_BUF_INIT;
  pj_buf_append(&b, "ab", 2);
  pj_buf_puts(&b, "cd");
  pj_buf_printf(&b, "-%d-%s", 42, "x");
  pj_buf_append(&b, "ignored", 0);
  ck_assert(!b.failed);
  ck_assert_str_eq(b.data, "abcd-42-x");
  ck_assert_uint_eq(b.length, 9);
  pj_buf_release(&b);
  ck_assert_ptr_null(b.data);
  ck_assert_uint_eq(b.length, 0);
}
END_TEST

START_TEST(a_long_printf_is_written_whole) {
  /* Longer than the writer's 128-byte stack buffer and than the first
   * block: formatted a second time, straight into the buffer. */
  char word[600];
  memset(word, 'w', sizeof word - 1);
  word[sizeof word - 1] = '\0';
  pj_buf b = PJ_BUF_INIT;
  pj_buf_puts(&b, "<");
  pj_buf_printf(&b, "%s|%d", word, 7);
  pj_buf_puts(&b, ">");
  ck_assert(!b.failed);
  ck_assert_uint_eq(b.length, 1 + 599 + 2 + 1);
  ck_assert_uint_eq(strlen(b.data), b.length);
  ck_assert_int_eq(b.data[600], '|');
  ck_assert_str_eq(b.data + 600, "|7>");
  pj_buf_release(&b);
}
END_TEST

START_TEST(growth_keeps_what_was_written) {
  pj_buf b = PJ_BUF_INIT;
  for (int i = 0; i < 5000; i++) {
    pj_buf_printf(&b, "%d,", i % 10);
  }
  ck_assert(!b.failed);
  ck_assert_uint_eq(b.length, 10000);
  ck_assert_uint_ge(b.capacity, b.length + 1);
  for (size_t i = 0; i < b.length; i += 2) {
    ck_assert_int_eq(b.data[i], '0' + (int)(i / 2 % 10));
    ck_assert_int_eq(b.data[i + 1], ',');
  }
  pj_buf_release(&b);
}
END_TEST

typedef struct escape_row {
  const char *in;
  const char *out;
} escape_row;

START_TEST(json_strings_escape_quotes_backslashes_and_controls) {
  static const escape_row ROWS[] = {
      {"", "\"\""},
      {"plain", "\"plain\""},
      {"say \"hi\"", "\"say \\\"hi\\\"\""},
      {"a\\b", "\"a\\\\b\""},
      {"l1\nl2\r\n\tx", "\"l1\\nl2\\r\\n\\tx\""},
      {"\x01\x1f\b\f", "\"\\u0001\\u001f\\u0008\\u000c\""},
      /* DEL and UTF-8 need no escape. */
      {"\x7f \xC3\xA9 \xE2\x80\xA8 \xF0\x9F\x98\x80",
       "\"\x7f \xC3\xA9 \xE2\x80\xA8 \xF0\x9F\x98\x80\""},
      {"\"", "\"\\\"\""},
  };
  for (size_t i = 0; i < sizeof ROWS / sizeof *ROWS; i++) {
    pj_buf b = PJ_BUF_INIT;
    pj_buf_json_string(&b, ROWS[i].in);
    ck_assert(!b.failed);
    ck_assert_str_eq(b.data, ROWS[i].out);
    /* And jansson reads it back as the original. */
    json_error_t e;
    json_t *v = json_loadb(b.data, b.length, JSON_DECODE_ANY, &e);
    ck_assert_msg(v != NULL, "%s: %s", b.data, e.text);
    ck_assert_str_eq(json_string_value(v), ROWS[i].in);
    json_decref(v);
    pj_buf_release(&b);
  }
}
END_TEST

/* jansson's allocator, which the buffer uses, failing from a given call. */
static long calls;
static long fail_from;

static void *failing_malloc(size_t size) {
  calls++;
  return fail_from != 0 && calls >= fail_from ? NULL : malloc(size);
}

static void use_failing_allocator(long from) {
  calls = 0;
  fail_from = from;
  json_set_alloc_funcs(failing_malloc, free);
}

static void restore_allocator(void) {
  json_set_alloc_funcs(malloc, free);
}

START_TEST(a_failed_allocation_sticks_and_keeps_the_text_so_far) {
  use_failing_allocator(2); /* the first block, then nothing more */
  pj_buf b = PJ_BUF_INIT;
  pj_buf_puts(&b, "kept");
  ck_assert(!b.failed);
  char big[300];
  memset(big, 'x', sizeof big);
  pj_buf_append(&b, big, sizeof big);
  ck_assert(b.failed);
  /* Later appends, even small ones that would fit, are refused: the text
   * must not go on with a hole in it. */
  pj_buf_puts(&b, "!");
  pj_buf_printf(&b, "%d", 1);
  pj_buf_printf(&b, "%300d", 1);
  pj_buf_json_string(&b, "s");
  ck_assert(b.failed);
  ck_assert_str_eq(b.data, "kept");
  ck_assert_uint_eq(b.length, 4);
  pj_buf_release(&b);
}
END_TEST

START_TEST(a_long_printf_that_cannot_grow_fails_the_buffer) {
  use_failing_allocator(1);
  pj_buf b = PJ_BUF_INIT;
  pj_buf_printf(&b, "%200s", "x");
  ck_assert(b.failed);
  ck_assert_ptr_null(b.data);
  ck_assert_uint_eq(b.length, 0);
  pj_buf_release(&b);
}
END_TEST

START_TEST(a_printf_that_cannot_format_fails_the_buffer) {
  /* In the "C" locale a wide character beyond ASCII has no encoding:
   * vsnprintf refuses it, and the buffer must not pretend it was written. */
  pj_buf b = PJ_BUF_INIT;
  pj_buf_puts(&b, "x");
  pj_buf_printf(&b, "%lc", (wint_t)0x20AC);
  ck_assert(b.failed);
  ck_assert_str_eq(b.data, "x");
  pj_buf_release(&b);
}
END_TEST

START_TEST(an_append_too_large_for_size_t_fails_instead_of_wrapping) {
  pj_buf b = PJ_BUF_INIT;
  pj_buf_puts(&b, "abc");
  /* The size is checked before the source is read: nothing is copied. */
  pj_buf_append(&b, "", SIZE_MAX - 2);
  ck_assert(b.failed);
  ck_assert_str_eq(b.data, "abc");
  pj_buf_release(&b);
}
END_TEST

/* The same appends into a growing buffer, a counting one and fixed ones of
 * every size: the counter's length is the text's, and a fixed buffer holds
 * as much of it as fits, NUL-terminated, and never allocates. */
static void append_all(pj_buf *b) {
  pj_buf_puts(b, "{\"status\": ");
  pj_buf_json_string(b, "tab\there \"quoted\"");
  pj_buf_printf(b, ", \"n\": %d, ", 42);
  pj_buf_printf(b, "%0200d", 7); /* longer than printf's small buffer */
  pj_buf_append(b, "}", 1);
}

START_TEST(counting_and_fixed_buffers_agree_with_a_growing_one) {
  pj_buf grown = PJ_BUF_INIT;
  append_all(&grown);
  ck_assert(!grown.failed);
  pj_buf counter = PJ_BUF_COUNTING;
  append_all(&counter);
  ck_assert(!counter.failed);
  ck_assert_uint_eq(counter.length, grown.length);
  ck_assert_ptr_null(counter.data);
  json_set_alloc_funcs(NULL, NULL); /* any allocation would crash */
  for (size_t size = 1; size <= grown.length + 2; size++) {
    char *fixed = malloc(size);
    ck_assert_ptr_nonnull(fixed);
    pj_buf b;
    pj_buf_use(&b, fixed, size);
    append_all(&b);
    ck_assert(!b.failed);
    ck_assert_uint_eq(b.length, grown.length);
    size_t kept = size - 1 < grown.length ? size - 1 : grown.length;
    ck_assert_uint_eq(strlen(fixed), kept);
    ck_assert_int_eq(memcmp(fixed, grown.data, kept), 0);
    pj_buf_release(&b); /* the caller's: left alone */
    free(fixed);
  }
  json_set_alloc_funcs(malloc, free);
  pj_buf_release(&grown);
}
END_TEST

int main(void) {
  Suite *s = suite_create("json_strbuf");
  TCase *tc = tcase_create("strbuf");
  tcase_add_checked_fixture(tc, NULL, restore_allocator);
  tcase_add_test(tc, appends_of_every_kind_concatenate);
  tcase_add_test(tc, a_long_printf_is_written_whole);
  tcase_add_test(tc, growth_keeps_what_was_written);
  tcase_add_test(tc, counting_and_fixed_buffers_agree_with_a_growing_one);
  tcase_add_test(tc, json_strings_escape_quotes_backslashes_and_controls);
  tcase_add_test(tc, a_failed_allocation_sticks_and_keeps_the_text_so_far);
  tcase_add_test(tc, a_long_printf_that_cannot_grow_fails_the_buffer);
  tcase_add_test(tc, a_printf_that_cannot_format_fails_the_buffer);
  tcase_add_test(tc, an_append_too_large_for_size_t_fails_instead_of_wrapping);
  suite_add_tcase(s, tc);
  return test_run_suite(s);
}
