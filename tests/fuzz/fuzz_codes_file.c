/* fuzz_codes_file.c - pj_codes_file_load (a campaign's codes file, issue
 * 8) on fuzzed bytes. Each input is the whole content of a file in a
 * private temporary directory, loaded into a fresh campaign. The answer is
 * checked against an independent reading of the same bytes: split on LF,
 * one trailing CR stripped, lines that are empty or only spaces and tabs
 * skipped, a UTF-8 byte order mark at the very start skipped; those codes
 * added one at a time with promo_campaign_add_code() into a second
 * builder. When every one of them is accepted, the load returns PROMO_OK,
 * *added is their number and the built catalog holds exactly them, in the
 * campaign. When the k-th (0-based) is refused, the load is refused with
 * the same status, its error points at that code's line, column 1, with a
 * NUL-terminated printable UTF-8 text, and *added is 64 * (k / 64): the
 * calls of 64 lines before the refused one's, which are in the catalog
 * built afterwards, and nothing else. */
#include "fuzz.h"

#include "codes_file.h"

#include <promo/catalog.h>

#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* codes_file.c hands the library this many lines a call. */
#define BATCH 64
#define NAME "codes.txt"
#define DISPLAY "fuzz-codes.txt"

static char dir[4096];
static char path[4200];

static void remove_dir(void) {
  (void)unlink(path);
  (void)rmdir(dir);
}

/* The private directory, made once: in memory (/dev/shm) when there is
 * one, else TMPDIR, else /tmp. */
static void make_dir(void) {
  if (dir[0] != '\0') {
    return;
  }
  struct stat st;
  const char *parent = getenv("TMPDIR");
  if (stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) &&
      access("/dev/shm", W_OK) == 0) {
    parent = "/dev/shm";
  } else if (parent == NULL || parent[0] == '\0') {
    parent = "/tmp";
  }
  int n = snprintf(dir, sizeof dir, "%s/fuzz_codes_file.XXXXXX", parent);
  REQUIRE(n > 0 && (size_t)n < sizeof dir);
  REQUIRE(mkdtemp(dir) != NULL);
  n = snprintf(path, sizeof path, "%s/%s", dir, NAME);
  REQUIRE(n > 0 && (size_t)n < sizeof path);
  REQUIRE(atexit(remove_dir) == 0);
}

static void write_file(const uint8_t *data, size_t size) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  REQUIRE(fd >= 0);
  size_t done = 0;
  while (done < size) {
    ssize_t n = write(fd, data + done, size - done);
    REQUIRE(n > 0);
    done += (size_t)n;
  }
  REQUIRE(close(fd) == 0);
}

/* The codes of the file, as the documentation reads it. */
typedef struct reference {
  const char **codes;
  size_t *lens;
  size_t *lines; /* 1-based */
  size_t count;
  size_t line_count; /* lines of the file: one more than its LFs */
} reference;

static bool blank(const uint8_t *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (s[i] != ' ' && s[i] != '\t') {
      return false;
    }
  }
  return true;
}

static reference split(const uint8_t *data, size_t size) {
  reference r;
  size_t cap = size / 2 + 1; /* a code and its LF: two bytes at least */
  r.codes = malloc(cap * sizeof *r.codes);
  r.lens = malloc(cap * sizeof *r.lens);
  r.lines = malloc(cap * sizeof *r.lines);
  REQUIRE(r.codes != NULL && r.lens != NULL && r.lines != NULL);
  r.count = 0;
  r.line_count = 1;
  size_t start = 0;
  if (size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
    start = 3;
  }
  size_t line = 1;
  while (start <= size) {
    size_t end = start;
    while (end < size && data[end] != '\n') {
      end++;
    }
    size_t len = end - start;
    if (len > 0 && data[end - 1] == '\r') {
      len--;
    }
    if (len > 0 && !blank(data + start, len)) {
      REQUIRE(r.count < cap);
      r.codes[r.count] = (const char *)data + start;
      r.lens[r.count] = len;
      r.lines[r.count] = line;
      r.count++;
    }
    if (end == size) {
      break;
    }
    line++;
    start = end + 1;
  }
  r.line_count = line;
  return r;
}

static void reference_free(reference *r) {
  free(r->codes);
  free(r->lens);
  free(r->lines);
}

/* A builder with one campaign "c" that can be built. */
static promo_catalog_builder *new_builder(promo_campaign **c) {
  promo_catalog_builder *b = NULL;
  REQUIRE(promo_catalog_builder_new(&b, NULL) == PROMO_OK);
  REQUIRE(promo_catalog_builder_add_campaign(c, b, "c") == PROMO_OK);
  REQUIRE(promo_campaign_set_percent_bps(*c, 100) == PROMO_OK);
  return b;
}

/* Valid UTF-8 without a C0 or C1 control or DEL: safe on a terminal. */
static bool printable(const char *s) {
  const unsigned char *p = (const unsigned char *)s;
  while (*p != '\0') {
    if (*p < 0x20 || *p == 0x7f) {
      return false;
    }
    if (*p < 0x80) {
      p++;
      continue;
    }
    int more = *p >= 0xF0 ? 3 : *p >= 0xE0 ? 2 : *p >= 0xC2 ? 1 : -1;
    if (more < 0 || *p > 0xF4) {
      return false;
    }
    if (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) {
      return false; /* a C1 control */
    }
    for (int i = 1; i <= more; i++) {
      if ((p[i] & 0xC0) != 0x80) {
        return false;
      }
    }
    p += more + 1;
  }
  return true;
}

/* Builds the catalog of `b` and checks it holds exactly the first `n`
 * codes of `r`, in campaign "c". */
static void check_catalog(promo_catalog_builder *b, const reference *r,
                          size_t n) {
  if (n == 0) {
    return; /* a campaign without codes cannot be built */
  }
  promo_catalog *catalog = NULL;
  REQUIRE(promo_catalog_build(&catalog, b) == PROMO_OK);
  REQUIRE(promo_catalog_code_count(catalog) == n);
  for (size_t i = 0; i < n; i++) {
    const char *id = NULL;
    REQUIRE(promo_catalog_find_code(&id, catalog, r->codes[i], r->lens[i]) ==
            PROMO_OK);
    REQUIRE(id != NULL && strcmp(id, "c") == 0);
  }
  promo_catalog_free(catalog);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  make_dir();
  write_file(data, size);
  reference r = split(data, size);

  /* The reference: one code at a time, up to the first refusal. */
  promo_campaign *rc = NULL;
  promo_catalog_builder *rb = new_builder(&rc);
  size_t k = 0;
  promo_status expected = PROMO_OK;
  for (; k < r.count; k++) {
    expected = promo_campaign_add_code(rc, r.codes[k], r.lens[k]);
    if (expected != PROMO_OK) {
      break;
    }
  }
  promo_catalog_builder_free(rb);

  promo_campaign *c = NULL;
  promo_catalog_builder *b = new_builder(&c);
  size_t added = (size_t)-1;
  pj_codes_outcome outcome = PJ_CODES_UNREADABLE;
  const char *reason = NULL;
  promo_json_error error;
  memset(&error, 0, sizeof error);
  promo_status st = pj_codes_file_load(c, b, dir, NAME, DISPLAY, &added,
                                       &outcome, &reason, &error);
  if (k == r.count) {
    REQUIRE(st == PROMO_OK);
    REQUIRE(outcome == PJ_CODES_OK);
    REQUIRE(added == r.count);
  } else {
    REQUIRE(st == expected);
    REQUIRE(outcome == PJ_CODES_REFUSED);
    REQUIRE(memchr(error.file, '\0', sizeof error.file) != NULL);
    REQUIRE(memchr(error.text, '\0', sizeof error.text) != NULL);
    REQUIRE(strcmp(error.file, DISPLAY) == 0);
    REQUIRE(error.text[0] != '\0');
    REQUIRE(printable(error.text));
    REQUIRE(error.line >= 1 && error.line <= r.line_count);
    REQUIRE(error.line == r.lines[k]);
    REQUIRE(error.column == 1);
    REQUIRE(added == k / BATCH * BATCH);
  }
  check_catalog(b, &r, added);
  promo_catalog_builder_free(b);
  reference_free(&r);
  return 0;
}
