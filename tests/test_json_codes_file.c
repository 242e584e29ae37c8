/* test_json_codes_file.c - a campaign's bulk codes, one per line, streamed
 * through a fixed block (src/json/codes_file.c): line endings, blank lines,
 * a byte order mark, lines across block boundaries, and the line a refusal
 * points at. */
#define _POSIX_C_SOURCE 200809L

#include "codes_file.h"
#include "confine.h"
#include "support.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SCRATCH PROMO_TEST_SCRATCH_DIR
#define BLOCK 65536 /* codes_file.c's read size */

static void write_file(const char *path, const char *bytes, size_t length) {
  FILE *f = fopen(path, "wb");
  ck_assert_ptr_nonnull(f);
  ck_assert_uint_eq(fwrite(bytes, 1, length, f), length);
  ck_assert_int_eq(fclose(f), 0);
}

/* A builder with one campaign "c" that holds code "TAKEN" already. */
typedef struct fixture {
  promo_catalog_builder *builder;
  promo_campaign *campaign;
} fixture;

static fixture make_fixture(void) {
  fixture f = {NULL, NULL};
  ck_assert_int_eq(promo_catalog_builder_new(&f.builder, NULL), PROMO_OK);
  ck_assert_int_eq(
      promo_catalog_builder_add_campaign(&f.campaign, f.builder, "c"),
      PROMO_OK);
  ck_assert_int_eq(promo_campaign_set_percent_bps(f.campaign, 100), PROMO_OK);
  ck_assert_int_eq(promo_campaign_add_code(f.campaign, "TAKEN", 5), PROMO_OK);
  return f;
}

typedef struct outcome {
  promo_status status;
  size_t added;
  pj_codes_outcome how;
  const char *reason;
  promo_json_error error;
} outcome;

/* Loads codes file `relative` of directory `base`. */
static outcome load_in(fixture *f, const char *base, const char *relative) {
  outcome o;
  memset(&o, 0, sizeof o);
  char display[8192];
  (void)snprintf(display, sizeof display, "%s/%s", base, relative);
  o.status = pj_codes_file_load(f->campaign, f->builder, base, relative,
                                display, &o.added, &o.how, &o.reason, &o.error);
  return o;
}

static outcome load(fixture *f, const char *relative) {
  return load_in(f, SCRATCH, relative);
}

/* Writes `bytes` to a file and loads it into a fresh fixture; *f keeps the
 * builder for further checks (free it with promo_catalog_builder_free). */
static outcome load_bytes(fixture *f, const char *bytes, size_t length) {
  write_file(SCRATCH "/codes.txt", bytes, length);
  *f = make_fixture();
  return load(f, "codes.txt");
}

static void assert_has(const fixture *f, const char *code) {
  /* Adding it again is refused as listed twice: it is there. */
  ck_assert_int_eq(promo_campaign_add_code(f->campaign, code, strlen(code)),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_ptr_nonnull(
      strstr(promo_catalog_builder_error(f->builder), "listed twice"));
}

START_TEST(lf_crlf_and_a_missing_last_line_end_all_end_lines) {
  static const char TEXT[] = "LF-1\nCRLF-2\r\nLAST-3";
  fixture f;
  outcome o = load_bytes(&f, TEXT, sizeof TEXT - 1);
  ck_assert_int_eq(o.status, PROMO_OK);
  ck_assert_int_eq(o.how, PJ_CODES_OK);
  ck_assert_uint_eq(o.added, 3);
  assert_has(&f, "LF-1");
  assert_has(&f, "CRLF-2");
  assert_has(&f, "LAST-3");
  promo_catalog_builder_free(f.builder);
}
END_TEST

START_TEST(blank_lines_and_a_byte_order_mark_are_skipped) {
  static const char TEXT[] = "\xEF\xBB\xBF"
                             "FIRST\n\n  \t \n\r\n \r\nSECOND\n\n";
  fixture f;
  outcome o = load_bytes(&f, TEXT, sizeof TEXT - 1);
  ck_assert_int_eq(o.status, PROMO_OK);
  ck_assert_uint_eq(o.added, 2);
  assert_has(&f, "FIRST"); /* not "\xEF\xBB\xBF" "FIRST" */
  assert_has(&f, "SECOND");
  promo_catalog_builder_free(f.builder);
}
END_TEST

START_TEST(spaces_inside_a_code_are_part_of_it) {
  static const char TEXT[] = "SP ACE\n";
  fixture f;
  outcome o = load_bytes(&f, TEXT, sizeof TEXT - 1);
  ck_assert_int_eq(o.status, PROMO_OK);
  ck_assert_uint_eq(o.added, 1);
  assert_has(&f, "SP ACE");
  promo_catalog_builder_free(f.builder);
}
END_TEST

/* R1: nothing is trimmed, so a code with a space at either end would be one
 * no customer can tell from the code without it. */
START_TEST(r1_a_line_with_spaces_around_its_code_is_refused) {
  static const char TEXT[] = "OK-1\n PAD \n";
  fixture f;
  outcome o = load_bytes(&f, TEXT, sizeof TEXT - 1);
  ck_assert_int_eq(o.status, PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(o.how, PJ_CODES_REFUSED);
  ck_assert_uint_eq(o.error.line, 2);
  ck_assert_ptr_nonnull(strstr(o.error.text, "begins with white space"));
  promo_catalog_builder_free(f.builder);
}
END_TEST

START_TEST(an_empty_file_adds_nothing) {
  fixture f;
  outcome o = load_bytes(&f, "", 0);
  ck_assert_int_eq(o.status, PROMO_OK);
  ck_assert_int_eq(o.how, PJ_CODES_OK);
  ck_assert_uint_eq(o.added, 0);
  promo_catalog_builder_free(f.builder);
}
END_TEST

/* A file of `codes` lines "C000001\n"..., 8 bytes each, then `tail`. */
static char *numbered(size_t codes, const char *tail, size_t *length) {
  size_t n = codes * 8 + strlen(tail);
  char *text = malloc(n + 1);
  ck_assert_ptr_nonnull(text);
  for (size_t i = 0; i < codes; i++) {
    /* "C" and six digits of i + 1 (codes < 10^6), then LF. */
    char *line = text + i * 8;
    line[0] = 'C';
    for (size_t d = 0, v = i + 1; d < 6; d++, v /= 10) {
      line[6 - d] = (char)('0' + v % 10);
    }
    line[7] = '\n';
  }
  memcpy(text + codes * 8, tail, strlen(tail) + 1);
  *length = n;
  return text;
}

START_TEST(a_line_across_a_block_boundary_is_one_code) {
  /* 8192 lines fill the first block exactly; shift by 3 bytes so that a
   * line is cut by the boundary. */
  size_t length = 0;
  char *body = numbered(8192, "END", &length);
  char *text = malloc(length + 4);
  ck_assert_ptr_nonnull(text);
  static const char FIRST[3] = {'A', 'B', '\n'};
  memcpy(text, FIRST, sizeof FIRST);
  memcpy(text + 3, body, length + 1);
  fixture f;
  outcome o = load_bytes(&f, text, length + 3);
  ck_assert_int_eq(o.status, PROMO_OK);
  ck_assert_uint_eq(o.added, 8194);
  assert_has(&f, "C008192"); /* across the boundary */
  assert_has(&f, "END");
  promo_catalog_builder_free(f.builder);
  free(body);
  free(text);
}
END_TEST

START_TEST(a_file_of_exactly_one_block_reads_every_line) {
  size_t length = 0;
  char *text = numbered(8192, "", &length);
  ck_assert_uint_eq(length, BLOCK);
  fixture f;
  outcome o = load_bytes(&f, text, length);
  ck_assert_int_eq(o.status, PROMO_OK);
  ck_assert_uint_eq(o.added, 8192);
  assert_has(&f, "C008192");
  promo_catalog_builder_free(f.builder);
  free(text);
}
END_TEST

START_TEST(a_refused_code_points_at_its_line_and_column_one) {
  static const char TEXT[] = "OK-1\n\nOK-2\r\nTAKEN\nNEVER-READ\n";
  fixture f;
  outcome o = load_bytes(&f, TEXT, sizeof TEXT - 1);
  ck_assert_int_eq(o.status, PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(o.how, PJ_CODES_REFUSED);
  /* The lines go to the library 64 at a time, all or nothing: the batch
   * of the refused line added nothing, OK-1 and OK-2 included. */
  ck_assert_uint_eq(o.added, 0);
  ck_assert_str_eq(o.error.file, SCRATCH "/codes.txt");
  ck_assert_uint_eq(o.error.line, 4);
  ck_assert_uint_eq(o.error.column, 1);
  ck_assert_ptr_nonnull(strstr(o.error.text, "TAKEN"));
  promo_catalog_builder_free(f.builder);
}
END_TEST

START_TEST(a_refused_last_line_without_line_end_is_reported) {
  static const char TEXT[] = "OK-1\nBAD\x01";
  fixture f;
  outcome o = load_bytes(&f, TEXT, sizeof TEXT - 1);
  ck_assert_int_eq(o.status, PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(o.how, PJ_CODES_REFUSED);
  ck_assert_uint_eq(o.error.line, 2);
  ck_assert_ptr_nonnull(strstr(o.error.text, "control character"));
  promo_catalog_builder_free(f.builder);
}
END_TEST

START_TEST(a_lone_cr_inside_a_line_is_part_of_the_code) {
  /* Only CR right before LF ends a line: elsewhere it is a control
   * character, which R1 refuses. */
  static const char TEXT[] = "A\rB\n";
  fixture f;
  outcome o = load_bytes(&f, TEXT, sizeof TEXT - 1);
  ck_assert_int_eq(o.status, PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_uint_eq(o.error.line, 1);
  ck_assert_ptr_nonnull(strstr(o.error.text, "control character"));
  promo_catalog_builder_free(f.builder);
}
END_TEST

START_TEST(a_line_of_spaces_with_a_cr_before_its_end_is_not_blank) {
  /* Blank is empty or only spaces and tabs once the CR of a CRLF is off:
   * "\r\r\n" and " \r \n" hold a CR inside, a control character that R1
   * refuses, not a blank line skipped (the fuzz target fuzz_codes_file
   * found them skipped). */
  static const char *const TEXTS[] = {"A\n\r\r\nB\n", "A\n \r \nB\n",
                                      "A\n\r\t\r\n"};
  for (size_t i = 0; i < sizeof TEXTS / sizeof *TEXTS; i++) {
    fixture f;
    outcome o = load_bytes(&f, TEXTS[i], strlen(TEXTS[i]));
    ck_assert_int_eq(o.status, PROMO_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(o.how, PJ_CODES_REFUSED);
    ck_assert_uint_eq(o.added, 0);
    ck_assert_uint_eq(o.error.line, 2);
    promo_catalog_builder_free(f.builder);
  }
}
END_TEST

START_TEST(a_line_too_long_for_a_code_is_refused_whatever_its_length) {
  /* 65 bytes is one too many; a line of 100 000 bytes is kept only as far
   * as R1 needs to refuse it, CRLF or not. */
  const size_t LENGTHS[] = {PROMO_CODE_MAX_BYTES + 1, PROMO_CODE_MAX_BYTES + 2,
                            100000};
  for (size_t i = 0; i < sizeof LENGTHS / sizeof *LENGTHS; i++) {
    for (int crlf = 0; crlf < 2; crlf++) {
      size_t n = LENGTHS[i];
      char *text = malloc(n + 8);
      ck_assert_ptr_nonnull(text);
      static const char FIRST[3] = {'O', 'K', '\n'};
      memcpy(text, FIRST, sizeof FIRST);
      memset(text + 3, 'x', n);
      text[3 + n] = crlf ? '\r' : '\n';
      text[4 + n] = '\n';
      fixture f;
      outcome o = load_bytes(&f, text, 3 + n + (crlf ? 2 : 1));
      ck_assert_int_eq(o.status, PROMO_ERR_INVALID_ARGUMENT);
      ck_assert_uint_eq(o.error.line, 2);
      ck_assert_msg(strstr(o.error.text, "long") != NULL, "%s", o.error.text);
      promo_catalog_builder_free(f.builder);
      free(text);
    }
  }
  /* Exactly 64 bytes with CRLF is a code. */
  char text[PROMO_CODE_MAX_BYTES + 2];
  memset(text, 'y', PROMO_CODE_MAX_BYTES);
  text[PROMO_CODE_MAX_BYTES] = '\r';
  text[PROMO_CODE_MAX_BYTES + 1] = '\n';
  fixture f;
  outcome o = load_bytes(&f, text, sizeof text);
  ck_assert_int_eq(o.status, PROMO_OK);
  ck_assert_uint_eq(o.added, 1);
  promo_catalog_builder_free(f.builder);
}
END_TEST

START_TEST(a_file_that_cannot_be_opened_or_read_is_unreadable) {
  fixture f = make_fixture();
  outcome missing = load(&f, "no-such-codes.txt");
  ck_assert_int_eq(missing.status, PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(missing.how, PJ_CODES_UNREADABLE);
  ck_assert_str_eq(missing.reason, "no such file or directory");
  ck_assert_uint_eq(missing.added, 0);
  outcome directory = load(&f, ".");
  ck_assert_int_eq(directory.status, PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(directory.how, PJ_CODES_UNREADABLE);
  ck_assert_str_eq(directory.reason, "is a directory");
  promo_catalog_builder_free(f.builder);
}
END_TEST

/* ---- confinement: a codes_file stays inside its directory --------------- */

/* SCRATCH/jail holds codes.txt, sub/inner.txt and links of every kind;
 * SCRATCH/outside.txt is what no codes_file may read. */
static void make_jail(void) {
  const char *const LINKS[] = {
      SCRATCH "/jail/to-inner.txt",    SCRATCH "/jail/sub/up.txt",
      SCRATCH "/jail/abs.txt",         SCRATCH "/jail/out.txt",
      SCRATCH "/jail/to-sub",          SCRATCH "/jail/out-dir",
      SCRATCH "/jail/loop-1",          SCRATCH "/jail/loop-2",
      SCRATCH "/jail/chain.txt",       SCRATCH "/jail/devzero",
      SCRATCH "/jail/sub/deep-out.txt"};
  for (size_t i = 0; i < sizeof LINKS / sizeof *LINKS; i++) {
    (void)unlink(LINKS[i]);
  }
  (void)unlink(SCRATCH "/jail/fifo");
  (void)mkdir(SCRATCH "/jail", 0700);
  (void)mkdir(SCRATCH "/jail/sub", 0700);
  write_file(SCRATCH "/jail/codes.txt", "IN-1\n", 5);
  write_file(SCRATCH "/jail/sub/inner.txt", "IN-2\n", 5);
  write_file(SCRATCH "/outside.txt", "root:x:0:0\n", 11);
  ck_assert_int_eq(symlink("sub/inner.txt", SCRATCH "/jail/to-inner.txt"), 0);
  ck_assert_int_eq(symlink("../codes.txt", SCRATCH "/jail/sub/up.txt"), 0);
  ck_assert_int_eq(symlink(SCRATCH "/jail/codes.txt", SCRATCH "/jail/abs.txt"),
                   0);
  ck_assert_int_eq(symlink("../outside.txt", SCRATCH "/jail/out.txt"), 0);
  ck_assert_int_eq(symlink("sub", SCRATCH "/jail/to-sub"), 0);
  ck_assert_int_eq(symlink("..", SCRATCH "/jail/out-dir"), 0);
  ck_assert_int_eq(symlink("loop-2", SCRATCH "/jail/loop-1"), 0);
  ck_assert_int_eq(symlink("loop-1", SCRATCH "/jail/loop-2"), 0);
  ck_assert_int_eq(symlink("to-inner.txt", SCRATCH "/jail/chain.txt"), 0);
  ck_assert_int_eq(symlink("/dev/zero", SCRATCH "/jail/devzero"), 0);
  ck_assert_int_eq(
      symlink("../../outside.txt", SCRATCH "/jail/sub/deep-out.txt"), 0);
  ck_assert_int_eq(mkfifo(SCRATCH "/jail/fifo", 0600), 0);
}

typedef struct confine_row {
  const char *path;   /* the codes_file */
  const char *code;   /* the code it adds, or NULL when refused */
  const char *reason; /* why it is refused */
} confine_row;

static const confine_row CONFINED[] = {
    {"codes.txt", "IN-1", NULL},
    {"./codes.txt", "IN-1", NULL},
    {"sub/inner.txt", "IN-2", NULL},
    {"sub//inner.txt", "IN-2", NULL},
    {"sub/../codes.txt", "IN-1", NULL},
    {"to-inner.txt", "IN-2", NULL},
    {"sub/up.txt", "IN-1", NULL},
    {"to-sub/inner.txt", "IN-2", NULL},
    {"to-sub/up.txt", "IN-1", NULL},
    {"chain.txt", "IN-2", NULL},
    {SCRATCH "/jail/codes.txt", NULL,
     "an absolute path: a codes_file is relative to its directory"},
    {"/etc/passwd", NULL,
     "an absolute path: a codes_file is relative to its directory"},
    {"../outside.txt", NULL, "the path leads out of the codes directory"},
    {"sub/../../outside.txt", NULL,
     "the path leads out of the codes directory"},
    {"../jail/codes.txt", NULL, "the path leads out of the codes directory"},
    {"abs.txt", NULL,
     "a symbolic link in the path leads out of the codes directory"},
    {"out.txt", NULL,
     "a symbolic link in the path leads out of the codes directory"},
    {"out-dir/outside.txt", NULL,
     "a symbolic link in the path leads out of the codes directory"},
    {"sub/deep-out.txt", NULL,
     "a symbolic link in the path leads out of the codes directory"},
    {"devzero", NULL,
     "a symbolic link in the path leads out of the codes directory"},
    {"loop-1", NULL, "too many levels of symbolic links"},
    {"fifo", NULL, "not a regular file"},
    {"sub", NULL, "is a directory"},
    {"sub/", NULL, "is a directory"},
    {".", NULL, "is a directory"},
    {"missing.txt", NULL, "no such file or directory"},
    {"codes.txt/x", NULL, "a component of the path is not a directory"},
};

START_TEST(a_codes_file_is_read_only_inside_its_directory) {
  make_jail();
  const confine_row *r = &CONFINED[_i];
  fixture f = make_fixture();
  outcome o = load_in(&f, SCRATCH "/jail", r->path);
  if (r->code != NULL) {
    ck_assert_msg(o.status == PROMO_OK, "%s: %s", r->path,
                  o.reason != NULL ? o.reason : o.error.text);
    ck_assert_uint_eq(o.added, 1);
    assert_has(&f, r->code);
  } else {
    ck_assert_msg(o.status == PROMO_ERR_INVALID_ARGUMENT, "%s was read",
                  r->path);
    ck_assert_int_eq(o.how, PJ_CODES_UNREADABLE);
    ck_assert_uint_eq(o.added, 0);
    ck_assert_str_eq(o.reason, r->reason);
  }
  promo_catalog_builder_free(f.builder);
}
END_TEST

/* The limits of the walk: 32 directories deep, names of 255 bytes, paths
 * of 4095, and a codes directory that is not there. */
START_TEST(a_codes_file_path_past_the_walks_limits_is_refused) {
  char path[8192] = "";
  char dir[8192];
  (void)snprintf(dir, sizeof dir, "%s/deep", SCRATCH);
  (void)mkdir(dir, 0700);
  size_t at = 0;
  for (int depth = 0; depth < PJ_CONFINE_MAX_DEPTH + 1; depth++) {
    at += (size_t)snprintf(path + at, sizeof path - at, "d/");
    (void)snprintf(dir, sizeof dir, "%s/deep/%.*s", SCRATCH, (int)at - 1, path);
    (void)mkdir(dir, 0700);
  }
  (void)snprintf(path + at, sizeof path - at, "codes.txt");
  fixture f = make_fixture();
  outcome o = load_in(&f, SCRATCH "/deep", path);
  ck_assert_int_eq(o.how, PJ_CODES_UNREADABLE);
  ck_assert_str_eq(o.reason, "the path is too deep");
  char name[300];
  memset(name, 'n', sizeof name - 1);
  name[sizeof name - 1] = '\0';
  o = load_in(&f, SCRATCH, name);
  ck_assert_str_eq(o.reason, "file name too long");
  static char longest[5000];
  for (size_t i = 0; i + 2 < sizeof longest; i += 2) {
    longest[i] = 'x';
    longest[i + 1] = '/';
  }
  o = load_in(&f, SCRATCH, longest);
  ck_assert_str_eq(o.reason, "file name too long");
  o = load_in(&f, SCRATCH "/no-such-dir", "codes.txt");
  ck_assert_str_eq(o.reason, "no such file or directory");
  promo_catalog_builder_free(f.builder);
}
END_TEST

/* A file of zeros has no line end to wait for: the first line is refused
 * at its 65th byte, not read to its end (4 GiB, sparse: reading it whole
 * would outlast the test's timeout). */
START_TEST(a_line_is_read_no_further_than_the_byte_that_makes_it_too_long) {
  const char *path = SCRATCH "/zeros.txt";
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  ck_assert_int_ge(fd, 0);
  ck_assert_int_eq(ftruncate(fd, (off_t)4 << 30), 0);
  ck_assert_int_eq(close(fd), 0);
  fixture f = make_fixture();
  outcome o = load(&f, "zeros.txt");
  ck_assert_int_eq(o.status, PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(o.how, PJ_CODES_REFUSED);
  ck_assert_uint_eq(o.error.line, 1);
  ck_assert_ptr_nonnull(strstr(o.error.text, "longer than 64 bytes"));
  promo_catalog_builder_free(f.builder);
  ck_assert_int_eq(unlink(path), 0);
}
END_TEST

int main(void) {
  Suite *s = suite_create("json_codes_file");
  TCase *tc = tcase_create("codes_file");
  tcase_add_test(tc, lf_crlf_and_a_missing_last_line_end_all_end_lines);
  tcase_add_test(tc, blank_lines_and_a_byte_order_mark_are_skipped);
  tcase_add_test(tc, spaces_inside_a_code_are_part_of_it);
  tcase_add_test(tc, r1_a_line_with_spaces_around_its_code_is_refused);
  tcase_add_test(tc, an_empty_file_adds_nothing);
  tcase_add_test(tc, a_line_across_a_block_boundary_is_one_code);
  tcase_add_test(tc, a_file_of_exactly_one_block_reads_every_line);
  tcase_add_test(tc, a_refused_code_points_at_its_line_and_column_one);
  tcase_add_test(tc, a_refused_last_line_without_line_end_is_reported);
  tcase_add_test(tc, a_lone_cr_inside_a_line_is_part_of_the_code);
  tcase_add_test(tc, a_line_of_spaces_with_a_cr_before_its_end_is_not_blank);
  tcase_add_test(tc, a_line_too_long_for_a_code_is_refused_whatever_its_length);
  tcase_add_test(tc, a_file_that_cannot_be_opened_or_read_is_unreadable);
  tcase_add_loop_test(tc, a_codes_file_is_read_only_inside_its_directory, 0,
                      (int)(sizeof CONFINED / sizeof *CONFINED));
  tcase_add_test(
      tc, a_line_is_read_no_further_than_the_byte_that_makes_it_too_long);
  tcase_add_test(tc, a_codes_file_path_past_the_walks_limits_is_refused);
  suite_add_tcase(s, tc);
  return test_run_suite(s);
}
