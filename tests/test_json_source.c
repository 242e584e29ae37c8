/* test_json_source.c - reading a JSON file, or standard input, whole
 * (src/json/source_text.c), and what an unreadable one is reported as. */
#define _POSIX_C_SOURCE 200809L

#include "scratch.h"
#include "source_text.h"
#include "support.h"

#include <check.h>
#include <errno.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SCRATCH PROMO_TEST_SCRATCH_DIR
#define MIB ((size_t)1 << 20)

/* pj_read_source with a generous limit, for a catalog. */
static promo_status read_source(char **text, size_t *length, const char *path,
                                bool allow_stdin, const char *name,
                                promo_json_error *e) {
  return pj_read_source(text, length, path, allow_stdin, name, 64 * MIB,
                        "a catalog", e);
}

/* Writes `length` bytes of a repeating pattern to `path`. */
static void write_pattern(const char *path, size_t length) {
  FILE *f = fopen(path, "wb");
  ck_assert_ptr_nonnull(f);
  bool ok = true;
  for (size_t i = 0; i < length; i++) {
    ok = fputc('a' + (int)(i % 26), f) != EOF && ok;
  }
  ck_assert(ok);
  ck_assert_int_eq(fclose(f), 0);
}

static void assert_pattern(const char *text, size_t length) {
  /* One assertion, not one a byte: valgrind makes each of them slow. */
  size_t bad = length;
  for (size_t i = 0; i < length && bad == length; i++) {
    bad = text[i] == 'a' + (int)(i % 26) ? length : i;
  }
  ck_assert_msg(bad == length, "byte %zu differs", bad);
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
    ck_assert_int_eq(read_source(&text, &length, path, false, path, &e),
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
      {SCRATCH, "cannot open: is a directory"},
      {SCRATCH "/plain.txt/x.json",
       "cannot open: a component of the path is not a directory"},
      {too_long, "cannot open: file name too long"},
  };
  for (size_t i = 0; i < sizeof ROWS / sizeof *ROWS; i++) {
    char *text = NULL;
    size_t length = 0;
    promo_json_error e;
    ck_assert_int_eq(
        read_source(&text, &length, ROWS[i].path, true, "named", &e),
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
  ck_assert_int_eq(read_source(&text, &length, "-", true, PJ_STDIN_NAME, &e),
                   PROMO_OK);
  ck_assert_uint_eq(length, 20000);
  assert_pattern(text, length);
  pj_scratch_free(text);
  /* Otherwise "-" is a file name like any other. */
  ck_assert_int_eq(read_source(&text, &length, "-", false, "-", &e),
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
      {ELOOP, "too many levels of symbolic links"},
      {ENXIO, "no such device"},
      {EIO, "input/output error"},
      {0, "the system refused to read it"},
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

/* A pipe's writing end and what to write into it. */
typedef struct writer {
  int fd;
  size_t length;
} writer;

static void *write_pattern_to(void *arg) {
  writer *w = arg;
  char chunk[4096];
  size_t sent = 0;
  while (sent < w->length) {
    size_t n =
        w->length - sent < sizeof chunk ? w->length - sent : sizeof chunk;
    for (size_t i = 0; i < n; i++) {
      chunk[i] = (char)('a' + (int)((sent + i) % 26));
    }
    ssize_t put = write(w->fd, chunk, n);
    if (put <= 0) {
      break; /* the reader is gone */
    }
    sent += (size_t)put;
  }
  (void)close(w->fd);
  return NULL;
}

/* Makes standard input a pipe that a thread fills with `length` bytes of
 * the pattern; join the thread afterwards. */
static pthread_t stdin_from_pipe(writer *w, size_t length) {
  int fds[2];
  ck_assert_int_eq(pipe(fds), 0);
  ck_assert_int_eq(dup2(fds[0], STDIN_FILENO), STDIN_FILENO);
  ck_assert_int_eq(close(fds[0]), 0);
  w->fd = fds[1];
  w->length = length;
  pthread_t t;
  ck_assert_int_eq(pthread_create(&t, NULL, write_pattern_to, w), 0);
  return t;
}

/* A regular file is read into one block of its size; a pipe, which has no
 * size, into a growing one. Failing any allocation frees what was read. */
START_TEST(running_out_of_memory_while_reading_frees_what_was_read) {
  write_pattern(SCRATCH "/big.json", 40000);
  for (int piped = 0; piped <= 1; piped++) {
    long needed = 0;
    bool done = false;
    for (long n = 1; !done; n++) {
      writer w;
      pthread_t filler;
      memset(&filler, 0, sizeof filler);
      if (piped) {
        filler = stdin_from_pipe(&w, 40000);
      }
      calls = 0;
      fail_from = n;
      live = 0;
      json_set_alloc_funcs(failing_malloc, counting_free);
      char *text = NULL;
      size_t length = 0;
      promo_json_error e;
      promo_status st =
          read_source(&text, &length, piped ? "-" : SCRATCH "/big.json", true,
                      "big.json", &e);
      json_set_alloc_funcs(malloc, free);
      if (piped) {
        /* Drain what the reader left, so that the writer can finish. */
        char sink[4096];
        while (read(STDIN_FILENO, sink, sizeof sink) > 0) {
        }
        ck_assert_int_eq(pthread_join(filler, NULL), 0);
      }
      if (st == PROMO_OK) {
        ck_assert_uint_eq(length, 40000);
        assert_pattern(text, length);
        json_set_alloc_funcs(failing_malloc, counting_free);
        pj_scratch_free(text);
        needed = n - 1;
        done = true;
      } else {
        ck_assert_int_eq(st, PROMO_ERR_NO_MEMORY);
        ck_assert_ptr_null(text);
        ck_assert_str_eq(e.text, "out of memory");
        ck_assert_uint_eq(e.line, 0);
      }
      ck_assert_int_eq(live, 0);
    }
    ck_assert_int_eq(needed, piped ? 3 : 1); /* 16 KiB, 32, 40 */
  }
}
END_TEST

/* A FIFO would block the open, and a device never ends: both are refused
 * before a byte is read. */
START_TEST(only_a_regular_file_is_read) {
  const char *fifo = SCRATCH "/fifo.json";
  (void)unlink(fifo);
  ck_assert_int_eq(mkfifo(fifo, 0600), 0);
  const char *const PATHS[] = {fifo, "/dev/zero", "/dev/null"};
  for (size_t i = 0; i < sizeof PATHS / sizeof *PATHS; i++) {
    char *text = NULL;
    size_t length = 0;
    promo_json_error e;
    ck_assert_int_eq(read_source(&text, &length, PATHS[i], false, "f", &e),
                     PROMO_ERR_INVALID_ARGUMENT);
    ck_assert_str_eq(e.text, "cannot open: not a regular file");
    ck_assert_ptr_null(text);
  }
  ck_assert_int_eq(unlink(fifo), 0);
}
END_TEST

START_TEST(a_symbolic_link_loop_is_named) {
  const char *a = SCRATCH "/loop-a.json";
  const char *b = SCRATCH "/loop-b.json";
  (void)unlink(a);
  (void)unlink(b);
  ck_assert_int_eq(symlink("loop-b.json", a), 0);
  ck_assert_int_eq(symlink("loop-a.json", b), 0);
  char *text = NULL;
  size_t length = 0;
  promo_json_error e;
  ck_assert_int_eq(read_source(&text, &length, a, false, "a", &e),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_str_eq(e.text, "cannot open: too many levels of symbolic links");
}
END_TEST

/* A file over the limit is refused by its size, before it is read; one at
 * the limit is read. */
START_TEST(a_file_over_its_limit_is_refused) {
  write_pattern(SCRATCH "/limit.json", 1000);
  char *text = NULL;
  size_t length = 0;
  promo_json_error e;
  ck_assert_int_eq(pj_read_source(&text, &length, SCRATCH "/limit.json", false,
                                  "limit.json", 1000, "an order", &e),
                   PROMO_OK);
  ck_assert_uint_eq(length, 1000);
  pj_scratch_free(text);
  text = NULL;
  ck_assert_int_eq(pj_read_source(&text, &length, SCRATCH "/limit.json", false,
                                  "limit.json", 999, "an order", &e),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_str_eq(e.text,
                   "too large: over the limit of 999 bytes for an order");
  ck_assert_str_eq(e.file, "limit.json");
  ck_assert_uint_eq(e.line, 0);
  ck_assert_ptr_null(text);
}
END_TEST

/* Standard input has no size: it is read up to the limit and no further,
 * so an endless one ends. */
START_TEST(endless_standard_input_stops_at_the_limit) {
  ck_assert_ptr_nonnull(freopen("/dev/zero", "rb", stdin));
  char *text = NULL;
  size_t length = 0;
  promo_json_error e;
  ck_assert_int_eq(pj_read_source(&text, &length, "-", true, PJ_STDIN_NAME,
                                  100000, "an order", &e),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_str_eq(e.text,
                   "too large: over the limit of 100000 bytes for an order");
  ck_assert_str_eq(e.file, PJ_STDIN_NAME);
  ck_assert_ptr_null(text);
  /* A regular file on standard input is measured first. */
  write_pattern(SCRATCH "/stdin-limit.json", 5000);
  ck_assert_ptr_nonnull(freopen(SCRATCH "/stdin-limit.json", "rb", stdin));
  ck_assert_int_eq(pj_read_source(&text, &length, "-", true, PJ_STDIN_NAME,
                                  4999, "an order", &e),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(pj_read_source(&text, &length, "-", true, PJ_STDIN_NAME,
                                  5000, "an order", &e),
                   PROMO_OK);
  ck_assert_uint_eq(length, 5000);
  pj_scratch_free(text);
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
  tcase_add_test(tc, only_a_regular_file_is_read);
  tcase_add_test(tc, a_symbolic_link_loop_is_named);
  tcase_add_test(tc, a_file_over_its_limit_is_refused);
  tcase_add_test(tc, endless_standard_input_stops_at_the_limit);
  suite_add_tcase(s, tc);
  return test_run_suite(s);
}
