/* test_json_source.c - reading a JSON file, or standard input, whole
 * (src/json/source_text.c), and what an unreadable one is reported as. */
#include "scratch.h"
#include "source_text.h"
#include "support.h"

#include <check.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SCRATCH PROMO_TEST_SCRATCH_DIR

/* Writes `length` bytes of a repeating pattern to `path`. */
static void write_pattern(const char *path, size_t length) {
  FILE *f = fopen(path, "wb");
  ck_assert_ptr_nonnull(f);
  for (size_t i = 0; i < length; i++) {
    ck_assert_int_ne(fputc('a' + (int)(i % 26), f), EOF);
  }
  ck_assert_int_eq(fclose(f), 0);
}

static void assert_pattern(const char *text, size_t length) {
  for (size_t i = 0; i < length; i++) {
    ck_assert_int_eq(text[i], 'a' + (int)(i % 26));
  }
  ck_assert_int_eq(text[length], '\0');
}

START_TEST(a_file_is_read_whole_and_nul_terminated) {
  /* Small, exactly the first block, and several times larger than it. */
  const size_t SIZES[] = {0, 1, 16383, 16384, 100000};
  for (size_t i = 0; i < sizeof SIZES / sizeof *SIZES; i++) {
    const char *path = SCRATCH "/pattern.json";
    write_pattern(path, SIZES[i]);
    char *text = NULL;
    size_t length = 99;
    promo_json_error e;
    ck_assert_int_eq(pj_read_source(&text, &length, path, false, path, &e),
                     PROMO_OK);
    ck_assert_uint_eq(length, SIZES[i]);
    assert_pattern(text, length);
    pj_scratch_free(text);
  }
}
END_TEST

typedef struct unreadable_row {
  const char *path;
  const char *text;
} unreadable_row;

START_TEST(an_unreadable_file_says_why_without_a_place) {
  char too_long[400];
  memset(too_long, 'n', sizeof too_long - 1);
  too_long[sizeof too_long - 1] = '\0';
  write_pattern(SCRATCH "/plain.txt", 3);
  const unreadable_row ROWS[] = {
      {SCRATCH "/no-such.json", "cannot open: no such file or directory"},
      {SCRATCH, "cannot read: is a directory"},
      {SCRATCH "/plain.txt/x.json",
       "cannot open: a component of the path is not a directory"},
      {too_long, "cannot open: file name too long"},
  };
  for (size_t i = 0; i < sizeof ROWS / sizeof *ROWS; i++) {
    char *text = NULL;
    size_t length = 0;
    promo_json_error e;
    ck_assert_int_eq(
        pj_read_source(&text, &length, ROWS[i].path, true, "named", &e),
        PROMO_ERR_INVALID_ARGUMENT);
    ck_assert_ptr_null(text);
    ck_assert_str_eq(e.file, "named");
    ck_assert_uint_eq(e.line, 0);
    ck_assert_uint_eq(e.column, 0);
    ck_assert_str_eq(e.text, ROWS[i].text);
  }
}
END_TEST

START_TEST(a_dash_is_standard_input_only_when_allowed) {
  write_pattern(SCRATCH "/stdin.json", 20000);
  ck_assert_ptr_nonnull(freopen(SCRATCH "/stdin.json", "rb", stdin));
  char *text = NULL;
  size_t length = 0;
  promo_json_error e;
  ck_assert_int_eq(pj_read_source(&text, &length, "-", true, PJ_STDIN_NAME, &e),
                   PROMO_OK);
  ck_assert_uint_eq(length, 20000);
  assert_pattern(text, length);
  pj_scratch_free(text);
  /* Otherwise "-" is a file name like any other. */
  ck_assert_int_eq(pj_read_source(&text, &length, "-", false, "-", &e),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_str_eq(e.text, "cannot open: no such file or directory");
}
END_TEST

typedef struct reason_row {
  int err;
  const char *reason;
} reason_row;

START_TEST(io_reasons_are_short_and_static) {
  const reason_row ROWS[] = {
      {ENOENT, "no such file or directory"},
      {EACCES, "permission denied"},
      {EISDIR, "is a directory"},
      {ENOTDIR, "a component of the path is not a directory"},
      {ENAMETOOLONG, "file name too long"},
      {EMFILE, "too many open files"},
      {ENFILE, "too many open files"},
      {ENOMEM, "out of memory"},
      {EIO, "read error"},
      {0, "read error"},
  };
  for (size_t i = 0; i < sizeof ROWS / sizeof *ROWS; i++) {
    ck_assert_str_eq(pj_io_reason(ROWS[i].err), ROWS[i].reason);
  }
}
END_TEST

/* jansson's allocator, which the reader uses, failing from a given call. */
static long calls;
static long fail_from;
static long live;

static void *failing_malloc(size_t size) {
  calls++;
  if (fail_from != 0 && calls >= fail_from) {
    return NULL;
  }
  live++;
  return malloc(size);
}

static void counting_free(void *p) {
  live -= p != NULL;
  free(p);
}

static void restore_allocator(void) {
  json_set_alloc_funcs(malloc, free);
}

START_TEST(running_out_of_memory_while_reading_frees_what_was_read) {
  write_pattern(SCRATCH "/big.json", 70000); /* three growths */
  for (long n = 1; n <= 4; n++) {
    calls = 0;
    fail_from = n;
    live = 0;
    json_set_alloc_funcs(failing_malloc, counting_free);
    char *text = NULL;
    size_t length = 0;
    promo_json_error e;
    ck_assert_int_eq(pj_read_source(&text, &length, SCRATCH "/big.json", false,
                                    "big.json", &e),
                     PROMO_ERR_NO_MEMORY);
    ck_assert_ptr_null(text);
    ck_assert_int_eq(live, 0);
    ck_assert_str_eq(e.text, "out of memory");
    ck_assert_uint_eq(e.line, 0);
  }
  calls = 0;
  fail_from = 5; /* one more than the reader needs */
  char *text = NULL;
  size_t length = 0;
  ck_assert_int_eq(pj_read_source(&text, &length, SCRATCH "/big.json", false,
                                  "big.json", NULL),
                   PROMO_OK);
  ck_assert_uint_eq(length, 70000);
  pj_scratch_free(text);
  ck_assert_int_eq(live, 0);
}
END_TEST

int main(void) {
  Suite *s = suite_create("json_source");
  TCase *tc = tcase_create("source");
  tcase_add_checked_fixture(tc, NULL, restore_allocator);
  tcase_add_test(tc, a_file_is_read_whole_and_nul_terminated);
  tcase_add_test(tc, an_unreadable_file_says_why_without_a_place);
  tcase_add_test(tc, a_dash_is_standard_input_only_when_allowed);
  tcase_add_test(tc, io_reasons_are_short_and_static);
  tcase_add_test(tc, running_out_of_memory_while_reading_frees_what_was_read);
  suite_add_tcase(s, tc);
  return test_run_suite(s);
}
