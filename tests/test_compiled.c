/* test_compiled.c - compiled catalogs (promo/compiled.h): a catalog written
 * to a file and opened again answers every lookup and every apply as the
 * catalog it was written from; the code index's edge cases each survive a
 * file; a file that is missing, foreign, truncated, damaged, of another
 * version or byte order is refused with a message and never read out of
 * bounds; writing replaces a file whole or not at all; zones are resolved
 * at open; allocation failure at every step. */
// NOLINTNEXTLINE(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp)
#define _POSIX_C_SOURCE 200809L
#include "catalog_impl.h"
#include "code_index.h"
#include "compiled.h"
#include "support.h"

#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define N_ROWS(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define MUST(call) ck_assert_int_eq((call), PROMO_OK)

/* Offsets in the header (src/compiled.c documents the format). */
enum {
  HEADER = 192,
  AT_BYTE_ORDER = 8,
  AT_VERSION = 12,
  AT_FLAGS = 20,
  AT_FILE_BYTES = 24,
  AT_CAMPAIGNS = 56,
  AT_SECTIONS = 80,
  AT_CHECKSUM = 184
};
enum { SECTION_META, SECTION_STARTS, SECTION_ENTRIES, SECTION_HINTS };

/* ---- files and directories ---------------------------------------------- */

/* A new empty directory of this test's own. */
static void make_dir(char dir[64]) {
  (void)snprintf(dir, 64, "/tmp/promo-compiled-XXXXXX");
  ck_assert_ptr_nonnull(mkdtemp(dir));
}

/* dir/name into path. */
static void path_in(char path[256], const char *dir, const char *name) {
  int n = snprintf(path, 256, "%s/%s", dir, name);
  ck_assert(n > 0 && n < 256);
}

static int by_name(const void *a, const void *b) {
  return strcmp((const char *)a, (const char *)b);
}

/* The names in dir, sorted and joined with " " ("" when empty). */
static void list_dir(char out[1024], const char *dir) {
  char names[16][256];
  int count = 0;
  DIR *d = opendir(dir);
  ck_assert_ptr_nonnull(d);
  for (struct dirent *e = readdir(d); e != NULL; e = readdir(d)) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) {
      continue;
    }
    ck_assert_int_lt(count, 16);
    (void)snprintf(names[count++], sizeof names[0], "%s", e->d_name);
  }
  (void)closedir(d);
  qsort(names, (size_t)count, sizeof names[0], by_name);
  out[0] = '\0';
  size_t used = 0;
  for (int i = 0; i < count; i++) {
    int n =
        snprintf(out + used, 1024 - used, "%s%s", i > 0 ? " " : "", names[i]);
    ck_assert(n > 0 && (size_t)n < 1024 - used);
    used += (size_t)n;
  }
}

/* Removes dir and the files in it. */
static void remove_dir(const char *dir) {
  DIR *d = opendir(dir);
  ck_assert_ptr_nonnull(d);
  for (struct dirent *e = readdir(d); e != NULL; e = readdir(d)) {
    if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
      char path[256];
      path_in(path, dir, e->d_name);
      (void)unlink(path);
    }
  }
  (void)closedir(d);
  ck_assert_int_eq(rmdir(dir), 0);
}

/* The whole file, malloc'd; its size in *len. */
static unsigned char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  ck_assert_ptr_nonnull(f);
  ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
  long n = ftell(f);
  ck_assert_int_ge(n, 0);
  rewind(f);
  unsigned char *bytes = malloc((size_t)n + 1);
  ck_assert_ptr_nonnull(bytes);
  ck_assert_uint_eq(fread(bytes, 1, (size_t)n, f), (size_t)n);
  (void)fclose(f);
  *len = (size_t)n;
  return bytes;
}

static void spill(const char *path, const unsigned char *bytes, size_t len) {
  FILE *f = fopen(path, "wb");
  ck_assert_ptr_nonnull(f);
  ck_assert_uint_eq(fwrite(bytes, 1, len, f), len);
  ck_assert_int_eq(fclose(f), 0);
}

static uint64_t get64(const unsigned char *p) {
  uint64_t v;
  memcpy(&v, p, sizeof v);
  return v;
}

static void put64(unsigned char *p, uint64_t v) {
  memcpy(p, &v, sizeof v);
}

static void put32(unsigned char *p, uint32_t v) {
  memcpy(p, &v, sizeof v);
}

/* Where section i of the image lies, and how long it is. */
static size_t section_at(const unsigned char *image, int i) {
  return (size_t)get64(image + AT_SECTIONS + (size_t)24 * (size_t)i);
}

static size_t section_len(const unsigned char *image, int i) {
  return (size_t)get64(image + AT_SECTIONS + (size_t)24 * (size_t)i + 8);
}

/* Where the n bytes of `needle` first occur in the len bytes at p. */
static unsigned char *find_bytes(unsigned char *p, size_t len,
                                 const char *needle, size_t n) {
  for (size_t i = 0; i + n <= len; i++) {
    if (memcmp(p + i, needle, n) == 0) {
      return p + i;
    }
  }
  return NULL;
}

/* ---- catalogs ------------------------------------------------------------ */

static promo_catalog_builder *new_builder(const promo_allocator *allocator) {
  promo_catalog_builder *b = NULL;
  MUST(promo_catalog_builder_new(&b, allocator));
  return b;
}

static promo_campaign *add_campaign(promo_catalog_builder *b, const char *id,
                                    int64_t bps) {
  promo_campaign *c = NULL;
  MUST(promo_catalog_builder_add_campaign(&c, b, id));
  MUST(promo_campaign_set_percent_bps(c, bps));
  return c;
}

static void add_code(promo_campaign *c, const char *code) {
  MUST(promo_campaign_add_code(c, code, strlen(code)));
}

static promo_catalog *build(promo_catalog_builder *b) {
  promo_catalog *cat = NULL;
  MUST(promo_catalog_build(&cat, b));
  promo_catalog_builder_free(b);
  return cat;
}

/* The codes of the full catalog, by campaign. */
static const char *const SPRING_CODES[] = {
    "SPRING-2026", "Spring-Partner",
    "\xc3\x9c"
    "BER-10", /* ÜBER-10 */
    "\xe6\x98\xa5\xe3\x81\xae\xe3\x82\xbb\xe3\x83\xbc"
    "\xe3\x83\xab" /* 春のセール */};
static const char *const FIXED_CODES[] = {"FIVE-OFF",
                                          "\xc3\x89T\xc3\x89-2026", /* ÉTÉ */
                                          "\xd0\xa1\xd0\x9a\xd0\x98\xd0\x94"
                                          "\xd0\x9a\xd0\x90" /* СКИДКА */};
static const char *const OPEN_CODES[] = {"A", "WINTER 2026"};
static const char *const TOKYO_CODES[] = {"TOKYO-2025"};
#define GENERATED 60 /* SPRING-000 .. SPRING-059 more, in "spring" */

/* A catalog with every kind of field: a percentage with dates in
 * Amsterdam, regions "150" and "US", two products, both caps; an amount
 * in EUR for "EU" and one product; a campaign with nothing optional; one
 * that ended in Tokyo. Many codes, some not ASCII. */
static promo_catalog *full_catalog(const promo_allocator *allocator,
                                   bool hints) {
  promo_catalog_builder *b = new_builder(allocator);
  MUST(promo_catalog_builder_set_hints(b, hints));
  promo_campaign *c = add_campaign(b, "spring", 2000);
  MUST(promo_campaign_set_starts(c, 2026, 3, 1));
  MUST(promo_campaign_set_ends(c, 2026, 3, 31));
  MUST(promo_campaign_set_time_zone(c, "Europe/Amsterdam"));
  MUST(promo_campaign_add_region(c, "150"));
  MUST(promo_campaign_add_region(c, "US"));
  MUST(promo_campaign_add_product(c, "O365_E3"));
  MUST(promo_campaign_add_product(c, "O365_E5"));
  MUST(promo_campaign_set_max_licenses(c, 300));
  MUST(promo_campaign_set_max_redemptions(c, 1000));
  for (int i = 0; i < N_ROWS(SPRING_CODES); i++) {
    add_code(c, SPRING_CODES[i]);
  }
  for (int i = 0; i < GENERATED; i++) {
    char code[16];
    (void)snprintf(code, sizeof code, "SPRING-%03d", i);
    add_code(c, code);
  }
  c = NULL;
  MUST(promo_catalog_builder_add_campaign(&c, b, "fixed"));
  MUST(promo_campaign_set_amount(c, 500, "EUR"));
  MUST(promo_campaign_add_region(c, "EU"));
  MUST(promo_campaign_add_product(c, "VISIO"));
  MUST(promo_campaign_set_max_licenses(c, 2));
  for (int i = 0; i < N_ROWS(FIXED_CODES); i++) {
    add_code(c, FIXED_CODES[i]);
  }
  c = add_campaign(b, "open", 1000);
  for (int i = 0; i < N_ROWS(OPEN_CODES); i++) {
    add_code(c, OPEN_CODES[i]);
  }
  c = add_campaign(b, "tokyo", 1500);
  MUST(promo_campaign_set_starts(c, 2025, 1, 1));
  MUST(promo_campaign_set_ends(c, 2025, 12, 31));
  MUST(promo_campaign_set_time_zone(c, "Asia/Tokyo"));
  MUST(promo_campaign_add_product(c, "O365_E3"));
  for (int i = 0; i < N_ROWS(TOKYO_CODES); i++) {
    add_code(c, TOKYO_CODES[i]);
  }
  return build(b);
}

/* A catalog of one campaign "c" with one code. */
static promo_catalog *one_code_catalog(const promo_allocator *allocator,
                                       const char *code) {
  promo_catalog_builder *b = new_builder(allocator);
  add_code(add_campaign(b, "c", 1000), code);
  return build(b);
}

static void write_ok(const promo_catalog *cat, const char *path) {
  promo_file_error error;
  error.text[0] = '\0';
  promo_status st = promo_catalog_write(cat, path, &error);
  ck_assert_msg(st == PROMO_OK, "write %s: %s", path, error.text);
}

static promo_catalog *open_with(const char *path,
                                const promo_open_options *options) {
  promo_file_error error;
  error.text[0] = '\0';
  promo_catalog *cat = NULL;
  promo_status st = promo_catalog_open(&cat, &error, path, options);
  ck_assert_msg(st == PROMO_OK, "open %s: %s", path, error.text);
  ck_assert_ptr_nonnull(cat);
  ck_assert(promo_catalog_is_mapped(cat));
  return cat;
}

static promo_catalog *open_ok(const char *path, bool verify) {
  promo_open_options options = PROMO_OPEN_OPTIONS_INIT;
  options.verify = verify;
  return open_with(path, &options);
}

/* `cat` written to dir/name and opened again, verified. */
static promo_catalog *through_file(const promo_catalog *cat, const char *dir,
                                   const char *name) {
  char path[256];
  path_in(path, dir, name);
  write_ok(cat, path);
  return open_ok(path, true);
}

/* An 8-byte-aligned copy of len bytes (free() it after the catalog). */
static unsigned char *aligned_copy(const unsigned char *bytes, size_t len) {
  uint64_t *words = malloc((len / 8 + 1) * 8);
  ck_assert_ptr_nonnull(words);
  if (len > 0) {
    memcpy(words, bytes, len);
  }
  return (unsigned char *)words;
}

/* promo_catalog_open_image() on an aligned copy of the len bytes: the
 * copy in *buffer (free() it after the catalog) and the message in e. */
static promo_status open_image(promo_catalog **out, unsigned char **buffer,
                               promo_errbuf *e, const unsigned char *bytes,
                               size_t len, bool verify) {
  promo_open_options options = PROMO_OPEN_OPTIONS_INIT;
  options.verify = verify;
  *buffer = aligned_copy(bytes, len);
  e->text[0] = '\0';
  return promo_catalog_open_image(out, e, "image", *buffer, len, &options,
                                  NULL);
}

/* The image of len bytes is refused, with a message saying `needle` (and
 * naming the image), and *out untouched. */
static void assert_image_refused(const unsigned char *bytes, size_t len,
                                 bool verify, const char *needle,
                                 const char *what) {
  promo_catalog *const untouched = (promo_catalog *)(uintptr_t)0x5a5a5a5a;
  promo_catalog *out = untouched;
  unsigned char *buffer = NULL;
  promo_errbuf e;
  promo_status st = open_image(&out, &buffer, &e, bytes, len, verify);
  ck_assert_msg(st == PROMO_ERR_INVALID_ARGUMENT, "%s: status %d (%s)", what,
                (int)st, e.text);
  ck_assert_msg(out == untouched, "%s: *out changed", what);
  ck_assert_msg(strncmp(e.text, "image: ", 7) == 0, "%s: '%s'", what, e.text);
  ck_assert_msg(strstr(e.text, needle) != NULL, "%s: '%s' lacks '%s'", what,
                e.text, needle);
  free(buffer);
}

/* The file at path is refused with a message saying `needle`, and *out
 * untouched. */
static void assert_file_refused(const char *path,
                                const promo_open_options *options,
                                const char *needle) {
  promo_catalog *const untouched = (promo_catalog *)(uintptr_t)0x5a5a5a5a;
  promo_catalog *out = untouched;
  promo_file_error error;
  error.text[0] = '\0';
  ck_assert_int_eq(promo_catalog_open(&out, &error, path, options),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert(out == untouched);
  ck_assert_msg(strstr(error.text, needle) != NULL, "'%s' lacks '%s'",
                error.text, needle);
}

/* ---- comparing two catalogs through the public API ---------------------- */

static void assert_same_string(const char *a, const char *b, const char *what) {
  if (a == NULL || b == NULL) {
    ck_assert_msg(a == b, "%s: one is NULL", what);
  } else {
    ck_assert_msg(strcmp(a, b) == 0, "%s: '%s' != '%s'", what, a, b);
  }
}

/* Both catalogs answer the lookup of the len-byte code alike: the same
 * status and, when found, the same campaign id. Returns the status. */
static promo_status assert_same_lookup(const promo_catalog *want,
                                       const promo_catalog *got,
                                       const char *code, size_t len) {
  const char *id_want = NULL;
  const char *id_got = NULL;
  promo_status st_want = promo_catalog_find_code(&id_want, want, code, len);
  promo_status st_got = promo_catalog_find_code(&id_got, got, code, len);
  ck_assert_msg(st_want == st_got, "'%.*s': %d != %d", (int)len, code,
                (int)st_want, (int)st_got);
  if (st_want == PROMO_OK) {
    assert_same_string(id_want, id_got, code);
  }
  return st_got;
}

/* Codes near `code` that a lookup must treat alike in both catalogs: a
 * byte changed at the front, the middle and the end, one dropped, one
 * added. */
static void assert_same_near_misses(const promo_catalog *want,
                                    const promo_catalog *got,
                                    const char *code) {
  char near[PROMO_CODE_MAX_BYTES + 2];
  size_t len = strlen(code);
  ck_assert_uint_le(len, PROMO_CODE_MAX_BYTES);
  size_t at[3] = {0, len / 2, len - 1};
  /* near is len bytes, not a string: lookups take lengths. */
  for (int i = 0; i < 3; i++) {
    memcpy(near, code, len); // NOLINT(bugprone-not-null-terminated-result)
    near[at[i]] = (char)(near[at[i]] ^ 0x01);
    (void)assert_same_lookup(want, got, near, len);
  }
  (void)assert_same_lookup(want, got, code, len - 1);
  memcpy(near, code, len); // NOLINT(bugprone-not-null-terminated-result)
  near[len] = 'X';
  (void)assert_same_lookup(want, got, near, len + 1);
}

/* The same counts, campaign ids and hint index. */
static void assert_same_campaigns(const promo_catalog *want,
                                  const promo_catalog *got) {
  ck_assert_uint_eq(promo_catalog_campaign_count(got),
                    promo_catalog_campaign_count(want));
  ck_assert_uint_eq(promo_catalog_code_count(got),
                    promo_catalog_code_count(want));
  ck_assert_int_eq(promo_catalog_has_hints(got), promo_catalog_has_hints(want));
  for (size_t i = 0; i < promo_catalog_campaign_count(want); i++) {
    const char *a = NULL;
    const char *b = NULL;
    MUST(promo_catalog_campaign_id(&a, want, i));
    MUST(promo_catalog_campaign_id(&b, got, i));
    ck_assert_str_eq(a, b);
  }
}

/* Every code found in `got` in the campaign `want` has it in, its near
 * misses answered alike, and the batch lookup of all of them too. */
static void assert_same_codes(const promo_catalog *want,
                              const promo_catalog *got,
                              const char *const *codes, size_t count) {
  const char **ids_want = calloc(count + 1, sizeof *ids_want);
  const char **ids_got = calloc(count + 1, sizeof *ids_got);
  promo_status *st_want = calloc(count + 1, sizeof *st_want);
  promo_status *st_got = calloc(count + 1, sizeof *st_got);
  size_t *lens = calloc(count + 1, sizeof *lens);
  ck_assert(ids_want != NULL && ids_got != NULL && st_want != NULL &&
            st_got != NULL && lens != NULL);
  for (size_t i = 0; i < count; i++) {
    lens[i] = strlen(codes[i]);
    ck_assert_int_eq(assert_same_lookup(want, got, codes[i], lens[i]),
                     PROMO_OK);
    assert_same_near_misses(want, got, codes[i]);
  }
  MUST(promo_catalog_find_codes(ids_want, st_want, want, codes, lens, count));
  MUST(promo_catalog_find_codes(ids_got, st_got, got, codes, lens, count));
  for (size_t i = 0; i < count; i++) {
    ck_assert_int_eq(st_got[i], PROMO_OK);
    ck_assert_int_eq(st_got[i], st_want[i]);
    assert_same_string(ids_want[i], ids_got[i], codes[i]);
  }
  free(ids_want);
  free(ids_got);
  free(st_want);
  free(st_got);
  free(lens);
}

/* The results agree field by field, lines included. */
static void assert_same_result(const promo_result *want,
                               const promo_result *got) {
  promo_result_info a;
  promo_result_info b;
  MUST(promo_result_get(&a, sizeof a, want));
  MUST(promo_result_get(&b, sizeof b, got));
  ck_assert_int_eq(b.status, a.status);
  assert_same_string(a.code, b.code, "code");
  assert_same_string(a.campaign, b.campaign, "campaign");
  assert_same_string(a.currency, b.currency, "currency");
  assert_same_string(a.reason, b.reason, "reason");
  assert_same_string(a.error, b.error, "error");
  ck_assert_int_eq(b.subtotal, a.subtotal);
  ck_assert_int_eq(b.discount, a.discount);
  ck_assert_int_eq(b.total, a.total);
  ck_assert_uint_eq(b.line_count, a.line_count);
  ck_assert_int_eq(b.customer_status, a.customer_status);
  ck_assert_int_eq(b.hint, a.hint);
  ck_assert_int_eq(b.customer_hint, a.customer_hint);
  ck_assert_uint_eq(b.hints, a.hints);
  ck_assert_uint_eq(b.reasons, a.reasons);
  ck_assert_int_eq(b.explained, a.explained);
  ck_assert_int_eq(b.anonymous, a.anonymous);
  promo_result_line_info la[8];
  promo_result_line_info lb[8];
  size_t na = 0;
  size_t nb = 0;
  MUST(promo_result_get_lines(&na, la, 8, sizeof la[0], want));
  MUST(promo_result_get_lines(&nb, lb, 8, sizeof lb[0], got));
  ck_assert_uint_eq(nb, na);
  ck_assert_uint_le(na, 8);
  for (size_t i = 0; i < na; i++) {
    ck_assert_int_eq(lb[i].status, la[i].status);
    ck_assert_int_eq(lb[i].discounted_licenses, la[i].discounted_licenses);
    ck_assert_int_eq(lb[i].discount, la[i].discount);
    ck_assert_int_eq(lb[i].discount_ends, la[i].discount_ends);
    assert_same_string(la[i].reason, lb[i].reason, "line reason");
    ck_assert_uint_eq(lb[i].reasons, la[i].reasons);
  }
}

/* An order on `cat`: country, currency, when, and up to two lines. */
typedef struct order_spec {
  const char *country;
  const char *currency;
  int64_t placed_at;
  const char *product;
  bool is_new;
  int64_t licenses;
  const char *second_product; /* NULL: one line */
} order_spec;

static promo_order *make_order(promo_catalog *cat, const order_spec *s) {
  promo_order *o = NULL;
  MUST(promo_order_new(&o, cat));
  MUST(promo_order_set_country(o, s->country));
  MUST(promo_order_set_currency(o, s->currency));
  MUST(promo_order_set_placed_at(o, s->placed_at));
  MUST(promo_order_add_line(NULL, o, "sub-1", s->product, s->is_new,
                            PROMO_TERM_ANNUAL, s->licenses, 1000));
  if (s->second_product != NULL) {
    MUST(promo_order_add_line(NULL, o, "sub-2", s->second_product, false,
                              PROMO_TERM_MONTHLY, 10, 700));
  }
  return o;
}

/* Applies `code` to the same order on both catalogs, with `options`;
 * asserts the results agree and that the status is `expect`. */
static void assert_same_apply(promo_catalog *want, promo_catalog *got,
                              const order_spec *s, const char *code,
                              const promo_apply_options *options,
                              promo_status expect) {
  promo_result *ra = NULL;
  promo_result *rb = NULL;
  MUST(promo_result_new(&ra, NULL));
  MUST(promo_result_new(&rb, NULL));
  promo_order *oa = make_order(want, s);
  promo_order *ob = make_order(got, s);
  promo_status a = promo_apply(ra, oa, code, strlen(code), options);
  promo_status b = promo_apply(rb, ob, code, strlen(code), options);
  ck_assert_msg(a == expect, "%s: %d, expected %d", code, (int)a, (int)expect);
  ck_assert_int_eq(b, a);
  assert_same_result(ra, rb);
  promo_order_free(oa);
  promo_order_free(ob);
  promo_result_free(ra);
  promo_result_free(rb);
}

/* Every code of the full catalog. */
static size_t full_codes(const char *codes[], char generated[][16]) {
  size_t n = 0;
  for (int i = 0; i < N_ROWS(SPRING_CODES); i++) {
    codes[n++] = SPRING_CODES[i];
  }
  for (int i = 0; i < GENERATED; i++) {
    (void)snprintf(generated[i], 16, "SPRING-%03d", i);
    codes[n++] = generated[i];
  }
  for (int i = 0; i < N_ROWS(FIXED_CODES); i++) {
    codes[n++] = FIXED_CODES[i];
  }
  for (int i = 0; i < N_ROWS(OPEN_CODES); i++) {
    codes[n++] = OPEN_CODES[i];
  }
  for (int i = 0; i < N_ROWS(TOKYO_CODES); i++) {
    codes[n++] = TOKYO_CODES[i];
  }
  return n;
}

#define FULL_CODES                                                             \
  (N_ROWS(SPRING_CODES) + GENERATED + N_ROWS(FIXED_CODES) +                    \
   N_ROWS(OPEN_CODES) + N_ROWS(TOKYO_CODES))

/* Orders that reach each outcome, in UTC seconds. */
static const order_spec ACCEPTED = {
    "NL", "EUR", 0, "O365_E3", true, 350, "O365_E5"}; /* placed_at below */

static void assert_same_applies(promo_catalog *want, promo_catalog *got) {
  promo_apply_options plain = PROMO_APPLY_OPTIONS_INIT;
  plain.dry_run = true;
  promo_apply_options explain = plain;
  explain.explain = true;
  int64_t mid_march = test_utc(2026, 3, 15, 10, 0, 0);
  /* 00:30 on April 1 in Amsterdam (CEST) is still March 31 in UTC: the
   * campaign ended in its own zone. */
  int64_t april_in_amsterdam = test_utc(2026, 3, 31, 22, 30, 0);
  order_spec accepted = ACCEPTED;
  accepted.placed_at = mid_march;
  order_spec expired = accepted;
  expired.placed_at = april_in_amsterdam;
  order_spec japan = accepted;
  japan.country = "JP";
  japan.currency = "JPY";
  order_spec visio = accepted;
  visio.product = "VISIO";
  visio.second_product = NULL;
  order_spec germany_visio = visio;
  germany_visio.country = "DE";
  order_spec norway_visio = visio;
  norway_visio.country = "NO";
  const promo_apply_options *both[] = {&plain, &explain};
  for (int k = 0; k < 2; k++) {
    const promo_apply_options *o = both[k];
    assert_same_apply(want, got, &accepted, "SPRING-2026", o, PROMO_OK);
    assert_same_apply(want, got, &accepted, "SPRING-042", o, PROMO_OK);
    assert_same_apply(want, got, &expired, "SPRING-2026", o, PROMO_ERR_EXPIRED);
    assert_same_apply(want, got, &japan, "SPRING-2026", o,
                      PROMO_ERR_WRONG_REGION);
    assert_same_apply(want, got, &visio, "SPRING-2026", o,
                      PROMO_ERR_NOT_APPLICABLE);
    assert_same_apply(want, got, &germany_visio, "\xc3\x89T\xc3\x89-2026", o,
                      PROMO_OK);
    assert_same_apply(want, got, &norway_visio, "FIVE-OFF", o,
                      PROMO_ERR_WRONG_REGION);
    assert_same_apply(want, got, &accepted, "TOKYO-2025", o, PROMO_ERR_EXPIRED);
    assert_same_apply(want, got, &japan, "A", o, PROMO_OK);
    assert_same_apply(want, got, &accepted, "spring-2026", o,
                      PROMO_ERR_CODE_NOT_FOUND);
    assert_same_apply(want, got, &accepted, "SPRING\n", o,
                      PROMO_ERR_MALFORMED_CODE);
  }
}

/* ---- round trip ---------------------------------------------------------- */

START_TEST(opened_catalog_answers_every_lookup_and_apply_as_the_built_one) {
  char dir[64];
  make_dir(dir);
  promo_catalog *built = full_catalog(NULL, false);
  ck_assert(!promo_catalog_is_mapped(built));
  promo_catalog *opened = through_file(built, dir, "full.promo");
  assert_same_campaigns(built, opened);
  ck_assert_uint_eq(promo_catalog_campaign_count(opened), 4);
  ck_assert_uint_eq(promo_catalog_code_count(opened), FULL_CODES);
  const char *codes[FULL_CODES];
  char generated[GENERATED][16];
  ck_assert_uint_eq(full_codes(codes, generated), FULL_CODES);
  assert_same_codes(built, opened, codes, FULL_CODES);
  assert_same_applies(built, opened);
  /* Not verified at open: the same answers. */
  char path[256];
  path_in(path, dir, "full.promo");
  promo_catalog *unverified = open_ok(path, false);
  assert_same_codes(built, unverified, codes, FULL_CODES);
  promo_catalog_release(unverified);
  promo_catalog_release(opened);
  promo_catalog_release(built);
  remove_dir(dir);
}
END_TEST

START_TEST(a_mapped_catalog_written_again_gives_the_same_file) {
  char dir[64];
  make_dir(dir);
  promo_catalog *built = full_catalog(NULL, true);
  promo_catalog *first = through_file(built, dir, "first.promo");
  promo_catalog *second = through_file(first, dir, "second.promo");
  assert_same_campaigns(built, second);
  const char *codes[FULL_CODES];
  char generated[GENERATED][16];
  (void)full_codes(codes, generated);
  assert_same_codes(built, second, codes, FULL_CODES);
  assert_same_applies(built, second);
  char a[256];
  char b[256];
  path_in(a, dir, "first.promo");
  path_in(b, dir, "second.promo");
  size_t la = 0;
  size_t lb = 0;
  unsigned char *fa = slurp(a, &la);
  unsigned char *fb = slurp(b, &lb);
  ck_assert_uint_eq(la, lb);
  ck_assert_msg(memcmp(fa, fb, la) == 0, "the files differ");
  free(fa);
  free(fb);
  promo_catalog_release(second);
  promo_catalog_release(first);
  promo_catalog_release(built);
  remove_dir(dir);
}
END_TEST

/* ---- the code index's edge cases, each as a file ------------------------- */

START_TEST(a_catalog_without_campaigns_round_trips) {
  char dir[64];
  make_dir(dir);
  promo_catalog *built = build(new_builder(NULL));
  promo_catalog *opened = through_file(built, dir, "empty.promo");
  assert_same_campaigns(built, opened);
  ck_assert_uint_eq(promo_catalog_campaign_count(opened), 0);
  ck_assert_uint_eq(promo_catalog_code_count(opened), 0);
  const char *id = NULL;
  ck_assert_int_eq(promo_catalog_find_code(&id, opened, "A", 1),
                   PROMO_ERR_CODE_NOT_FOUND);
  ck_assert_ptr_null(id);
  (void)assert_same_lookup(built, opened, "SPRING-2026", 11);
  promo_catalog_release(opened);
  promo_catalog_release(built);
  remove_dir(dir);
}
END_TEST

START_TEST(a_catalog_of_one_code_round_trips) {
  char dir[64];
  make_dir(dir);
  promo_catalog *built = one_code_catalog(NULL, "ONLY-ONE");
  promo_catalog *opened = through_file(built, dir, "one.promo");
  assert_same_campaigns(built, opened);
  const char *codes[] = {"ONLY-ONE"};
  assert_same_codes(built, opened, codes, 1);
  promo_catalog_release(opened);
  promo_catalog_release(built);
  remove_dir(dir);
}
END_TEST

/* Around the index's bucket boundaries: PROMO_CODE_INDEX_LOAD codes a
 * bucket, so 3, 4, 5, 8 and 9 codes fill one bucket short, exactly,
 * and one over. */
static const int BUCKET_EDGES[] = {
    PROMO_CODE_INDEX_LOAD - 1, PROMO_CODE_INDEX_LOAD, PROMO_CODE_INDEX_LOAD + 1,
    2 * PROMO_CODE_INDEX_LOAD, 2 * PROMO_CODE_INDEX_LOAD + 1};

START_TEST(code_counts_around_bucket_boundaries_round_trip) {
  int n = BUCKET_EDGES[_i];
  char dir[64];
  make_dir(dir);
  promo_catalog_builder *b = new_builder(NULL);
  promo_campaign *c1 = add_campaign(b, "odd", 1000);
  promo_campaign *c2 = add_campaign(b, "even", 2000);
  char store[16][16];
  const char *codes[16];
  for (int i = 0; i < n; i++) {
    (void)snprintf(store[i], sizeof store[i], "EDGE-%d", i);
    codes[i] = store[i];
    add_code(i % 2 == 0 ? c2 : c1, codes[i]);
  }
  promo_catalog *built = build(b);
  promo_catalog *opened = through_file(built, dir, "edge.promo");
  assert_same_campaigns(built, opened);
  ck_assert_uint_eq(promo_catalog_code_count(opened), (size_t)n);
  assert_same_codes(built, opened, codes, (size_t)n);
  ck_assert_uint_eq(
      opened->codes.bucket_count,
      (uint64_t)((n + PROMO_CODE_INDEX_LOAD - 1) / PROMO_CODE_INDEX_LOAD));
  promo_catalog_release(opened);
  promo_catalog_release(built);
  remove_dir(dir);
}
END_TEST

START_TEST(codes_differing_in_one_byte_round_trip) {
  /* Pairs that differ only in their first, a middle and their last byte,
   * each code in a campaign of its own. */
  static const char *const CODES[] = {"AXXXXXXX", "BXXXXXXX", "XXXAXXXX",
                                      "XXXBXXXX", "XXXXXXXA", "XXXXXXXB",
                                      "XXXXXXX",  "XXXXXXXAA"};
  char dir[64];
  make_dir(dir);
  promo_catalog_builder *b = new_builder(NULL);
  for (int i = 0; i < N_ROWS(CODES); i++) {
    char id[8];
    (void)snprintf(id, sizeof id, "c%d", i);
    add_code(add_campaign(b, id, 100 + i), CODES[i]);
  }
  promo_catalog *built = build(b);
  promo_catalog *opened = through_file(built, dir, "bytes.promo");
  assert_same_codes(built, opened, (const char *const *)CODES,
                    (size_t)N_ROWS(CODES));
  for (int i = 0; i < N_ROWS(CODES); i++) {
    const char *id = NULL;
    char want[8];
    (void)snprintf(want, sizeof want, "c%d", i);
    MUST(promo_catalog_find_code(&id, opened, CODES[i], strlen(CODES[i])));
    ck_assert_str_eq(id, want);
  }
  promo_catalog_release(opened);
  promo_catalog_release(built);
  remove_dir(dir);
}
END_TEST

START_TEST(the_longest_code_round_trips) {
  char longest[PROMO_CODE_MAX_BYTES + 2];
  memset(longest, 'L', sizeof longest);
  longest[PROMO_CODE_MAX_BYTES] = '\0';
  char shorter[PROMO_CODE_MAX_BYTES + 1];
  memset(shorter, 'L', sizeof shorter);
  shorter[PROMO_CODE_MAX_BYTES - 1] = '\0';
  char dir[64];
  make_dir(dir);
  promo_catalog_builder *b = new_builder(NULL);
  promo_campaign *c = add_campaign(b, "long", 1000);
  add_code(c, longest);
  add_code(c, shorter);
  promo_catalog *built = build(b);
  promo_catalog *opened = through_file(built, dir, "long.promo");
  const char *codes[] = {longest, shorter};
  assert_same_codes(built, opened, codes, 2);
  /* One byte longer: malformed in both. */
  longest[PROMO_CODE_MAX_BYTES] = 'L';
  ck_assert_int_eq(
      assert_same_lookup(built, opened, longest, PROMO_CODE_MAX_BYTES + 1),
      PROMO_ERR_MALFORMED_CODE);
  promo_catalog_release(opened);
  promo_catalog_release(built);
  remove_dir(dir);
}
END_TEST

START_TEST(more_than_256_campaigns_round_trip_with_two_byte_indexes) {
  enum { CAMPAIGNS = 300 };
  char dir[64];
  make_dir(dir);
  promo_catalog_builder *b = new_builder(NULL);
  for (int i = 0; i < CAMPAIGNS; i++) {
    char id[16];
    char code[16];
    (void)snprintf(id, sizeof id, "camp-%d", i);
    (void)snprintf(code, sizeof code, "CODE-%d", i);
    add_code(add_campaign(b, id, 1 + i), code);
  }
  promo_catalog *built = build(b);
  ck_assert_uint_eq(built->codes.campaign_bytes, 2);
  promo_catalog *opened = through_file(built, dir, "many.promo");
  ck_assert_uint_eq(opened->codes.campaign_bytes, 2);
  assert_same_campaigns(built, opened);
  for (int i = 0; i < CAMPAIGNS; i++) {
    char id[16];
    char code[16];
    (void)snprintf(id, sizeof id, "camp-%d", i);
    (void)snprintf(code, sizeof code, "CODE-%d", i);
    const char *found = NULL;
    MUST(promo_catalog_find_code(&found, opened, code, strlen(code)));
    ck_assert_str_eq(found, id);
    assert_same_near_misses(built, opened, code);
  }
  promo_catalog_release(opened);
  promo_catalog_release(built);
  remove_dir(dir);
}
END_TEST

START_TEST(hints_are_still_diagnosed_after_open) {
  char dir[64];
  make_dir(dir);
  promo_catalog *built = full_catalog(NULL, true);
  promo_catalog *opened = through_file(built, dir, "hints.promo");
  ck_assert(promo_catalog_has_hints(opened));
  promo_apply_options hints = PROMO_APPLY_OPTIONS_INIT;
  hints.dry_run = true;
  hints.hints = true;
  order_spec accepted = ACCEPTED;
  accepted.placed_at = test_utc(2026, 3, 15, 10, 0, 0);
  static const struct {
    const char *entered;
    promo_hint hint;
    promo_status status;
  } TYPOS[] = {
      {"spring-2026", PROMO_HINT_LETTER_CASE, PROMO_ERR_CODE_NOT_FOUND},
      {"SPRING\xe2\x80\x93"
       "2026",
       PROMO_HINT_DASH, PROMO_ERR_CODE_NOT_FOUND},
      {"SPRING-2026\n", PROMO_HINT_WHITE_SPACE, PROMO_ERR_MALFORMED_CODE},
      {"five-off", PROMO_HINT_LETTER_CASE, PROMO_ERR_CODE_NOT_FOUND},
      {"NOTHING-LIKE-IT", PROMO_HINT_NONE, PROMO_ERR_CODE_NOT_FOUND},
  };
  for (int i = 0; i < N_ROWS(TYPOS); i++) {
    assert_same_apply(built, opened, &accepted, TYPOS[i].entered, &hints,
                      TYPOS[i].status);
    promo_result *r = NULL;
    MUST(promo_result_new(&r, NULL));
    promo_order *o = make_order(opened, &accepted);
    (void)promo_apply(r, o, TYPOS[i].entered, strlen(TYPOS[i].entered), &hints);
    ck_assert_msg(promo_result_hint(r) == TYPOS[i].hint, "%s: hint %d",
                  TYPOS[i].entered, (int)promo_result_hint(r));
    promo_order_free(o);
    promo_result_free(r);
  }
  promo_catalog_release(opened);
  /* A file without the hint index: asking for hints is refused, as on the
   * catalog it was written from. */
  promo_catalog *plain = full_catalog(NULL, false);
  opened = through_file(plain, dir, "plain.promo");
  ck_assert(!promo_catalog_has_hints(opened));
  assert_same_apply(plain, opened, &accepted, "spring-2026", &hints,
                    PROMO_ERR_INVALID_ARGUMENT);
  promo_catalog_release(opened);
  promo_catalog_release(plain);
  promo_catalog_release(built);
  remove_dir(dir);
}
END_TEST

/* ---- refusals ------------------------------------------------------------ */

/* The bytes of a small compiled file: codes SMALL-1 .. SMALL-<codes> of
 * one campaign "c" (and, with hints, its hint index). */
static unsigned char *small_file(size_t *len, bool hints, int codes) {
  char dir[64];
  make_dir(dir);
  promo_catalog_builder *b = new_builder(NULL);
  MUST(promo_catalog_builder_set_hints(b, hints));
  promo_campaign *c = add_campaign(b, "c", 1000);
  MUST(promo_campaign_add_region(c, "150"));
  MUST(promo_campaign_add_product(c, "O365_E3"));
  for (int i = 1; i <= codes; i++) {
    char code[32];
    (void)snprintf(code, sizeof code, "SMALL-%d", i);
    add_code(c, code);
  }
  promo_catalog *cat = build(b);
  char path[256];
  path_in(path, dir, "small.promo");
  write_ok(cat, path);
  promo_catalog_release(cat);
  unsigned char *bytes = slurp(path, len);
  remove_dir(dir);
  return bytes;
}

START_TEST(files_that_are_not_compiled_catalogs_are_refused) {
  char dir[64];
  make_dir(dir);
  char path[256];
  path_in(path, dir, "missing.promo");
  assert_file_refused(path, NULL, "cannot open");
  assert_file_refused(dir, NULL, "not a regular file");
  path_in(path, dir, "empty.promo");
  spill(path, (const unsigned char *)"", 0);
  assert_file_refused(path, NULL, "not a compiled catalog");
  assert_file_refused(PROMO_TEST_DATA_DIR "/catalog.json", NULL,
                      "not a compiled catalog");
  /* The error text names the file. */
  promo_catalog *out = NULL;
  promo_file_error error;
  ck_assert_int_eq(promo_catalog_open(&out, &error, path, NULL),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_ptr_nonnull(strstr(error.text, path));
  ck_assert_ptr_null(out);
  /* Without a place for the text, the same status. */
  ck_assert_int_eq(promo_catalog_open(&out, NULL, path, NULL),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_ptr_null(out);
  remove_dir(dir);
}
END_TEST

START_TEST(a_file_truncated_at_any_length_is_refused) {
  size_t len = 0;
  unsigned char *bytes = small_file(&len, true, 2);
  ck_assert_uint_gt(len, HEADER);
  /* Every length; under valgrind every few (test_iterations). */
  size_t step = len / (size_t)test_iterations((long)len);
  for (size_t n = 0; n < len; n += step) {
    char what[32];
    (void)snprintf(what, sizeof what, "%zu bytes", n);
    assert_image_refused(bytes, n, true,
                         n < 8 ? "not a compiled catalog" : "truncated", what);
    assert_image_refused(bytes, n, false,
                         n < 8 ? "not a compiled catalog" : "truncated", what);
  }
  /* As files too, at the lengths where the way of reading changes: shorter
   * than the header (read), the header alone, one byte short (mapped). */
  char dir[64];
  make_dir(dir);
  char path[256];
  path_in(path, dir, "cut.promo");
  const size_t cuts[] = {7, 8, HEADER - 1, HEADER, HEADER + 1, len - 1};
  for (int i = 0; i < N_ROWS(cuts); i++) {
    spill(path, bytes, cuts[i]);
    assert_file_refused(path, NULL,
                        cuts[i] < 8 ? "not a compiled catalog" : "truncated");
  }
  free(bytes);
  remove_dir(dir);
}
END_TEST

START_TEST(every_byte_of_the_header_flipped_is_refused) {
  size_t len = 0;
  unsigned char *bytes = small_file(&len, false, 2);
  for (size_t at = 0; at < HEADER; at++) {
    char what[32];
    (void)snprintf(what, sizeof what, "byte %zu", at);
    unsigned char saved = bytes[at];
    bytes[at] = (unsigned char)(saved ^ 0x01);
    const char *needle = at < 8 ? "not a compiled catalog" : "damaged";
    if (at == AT_VERSION + 1 || at == AT_VERSION + 2 || at == AT_VERSION + 3) {
      needle = "newer than this library's";
    }
    assert_image_refused(bytes, len, false, needle, what);
    bytes[at] = (unsigned char)(saved ^ 0x80);
    assert_image_refused(bytes, len, false,
                         at < 8 ? "not a compiled catalog" : "", what);
    bytes[at] = saved;
  }
  free(bytes);
}
END_TEST

START_TEST(every_byte_of_a_file_flipped_is_refused_with_verify) {
  /* With verify nothing of the file goes unchecked: the header, each
   * section and the zero bytes that align the sections. */
  size_t len = 0;
  unsigned char *bytes = small_file(&len, true, 3);
  size_t step = len / (size_t)test_iterations((long)len);
  for (size_t at = 0; at < len; at += step) {
    char what[32];
    (void)snprintf(what, sizeof what, "byte %zu", at);
    bytes[at] ^= 0x04;
    assert_image_refused(bytes, len, true, "", what);
    bytes[at] ^= 0x04;
  }
  free(bytes);
}
END_TEST

START_TEST(a_future_version_or_the_other_byte_order_is_refused_by_name) {
  size_t len = 0;
  unsigned char *bytes = small_file(&len, false, 2);
  unsigned char *copy = malloc(len);
  ck_assert_ptr_nonnull(copy);
  memcpy(copy, bytes, len);
  put32(copy + AT_VERSION, PROMO_COMPILED_FORMAT_VERSION + 1);
  assert_image_refused(copy, len, true, "format version 2 is newer", "v2");
  /* Even when all that follows the version changed with it. */
  memset(copy + 16, 0xee, len - 16);
  assert_image_refused(copy, len, true, "newer", "v2 anything");
  /* The other byte order: the tag swapped, and the version as that
   * machine would have written it. */
  memcpy(copy, bytes, len);
  put32(copy + AT_BYTE_ORDER, UINT32_C(0x04030201));
  put32(copy + AT_VERSION, UINT32_C(0x01000000));
  assert_image_refused(copy, len, true, "other byte order", "swapped");
  /* A version 0 that is signed is not one this library wrote either. */
  memcpy(copy, bytes, len);
  put32(copy + AT_VERSION, 0);
  promo_compiled_reseal(copy, len);
  assert_image_refused(copy, len, true, "never wrote", "v0");
  free(copy);
  free(bytes);
}
END_TEST

START_TEST(bytes_appended_after_the_end_are_refused) {
  size_t len = 0;
  unsigned char *bytes = small_file(&len, false, 2);
  unsigned char *longer = calloc(len + 9, 1);
  ck_assert_ptr_nonnull(longer);
  memcpy(longer, bytes, len);
  assert_image_refused(longer, len + 1, false, "damaged", "one more");
  assert_image_refused(longer, len + 8, true, "damaged", "eight more");
  char dir[64];
  make_dir(dir);
  char path[256];
  path_in(path, dir, "long.promo");
  spill(path, longer, len + 8);
  assert_file_refused(path, NULL, "its header says");
  /* A forged header that claims the extra bytes: after its last section. */
  put64(longer + AT_FILE_BYTES, len + 8);
  promo_compiled_reseal(longer, len + 8);
  assert_image_refused(longer, len + 8, false, "after its last section",
                       "claimed");
  free(longer);
  free(bytes);
  remove_dir(dir);
}
END_TEST

/* Where the campaigns' section keeps what decided its regions (compiled.c):
 * 12 bytes of key (ICU's version, CLDR's, the library's at byte 8), then
 * the countries orders may be from. */
#define REGION_KEY_BYTES 12
#define REGION_KEY_LIBRARY 8
#define COUNTRY_BYTES ((size_t)sizeof(promo_country_set))

/* The first campaign's countries in the section: the COUNTRY_BYTES after
 * its regions string ("150"), found by value as a subset of `valid`. */
static unsigned char *find_countries(unsigned char *meta, size_t len,
                                     const unsigned char *valid) {
  unsigned char *after = find_bytes(meta, len, "150", 3);
  if (after == NULL) {
    return NULL;
  }
  after += 3;
  for (size_t i = 0; i < COUNTRY_BYTES; i++) {
    if ((after[i] & ~valid[i]) != 0) {
      return NULL;
    }
  }
  return after;
}

/* The countries of campaign 0 of a catalog opened from `bytes`. */
static promo_country_set opened_countries(const unsigned char *bytes,
                                          size_t len) {
  promo_catalog *cat = NULL;
  unsigned char *buffer = NULL;
  promo_errbuf e;
  ck_assert_msg(open_image(&cat, &buffer, &e, bytes, len, true) == PROMO_OK,
                "%s", e.text);
  promo_country_set set = cat->campaigns[0]->countries;
  ck_assert(cat->campaigns[0]->has_regions);
  ck_assert_str_eq(cat->campaigns[0]->regions, "150");
  promo_catalog_release(cat);
  free(buffer);
  return set;
}

START_TEST(regions_are_listed_again_only_where_icu_differs) {
  /* The same ICU takes the stored countries; another (a region key that
   * differs) lists the regions through its own: with the same data here,
   * the same countries either way. */
  size_t len = 0;
  unsigned char *bytes = small_file(&len, false, 2);
  size_t meta = section_at(bytes, SECTION_META);
  promo_country_set stored = opened_countries(bytes, len);
  for (int at = 0; at < REGION_KEY_BYTES; at++) {
    bytes[meta + (size_t)at] ^= 0x01;
    promo_compiled_reseal(bytes, len);
    promo_country_set listed = opened_countries(bytes, len);
    ck_assert_msg(memcmp(&stored, &listed, sizeof stored) == 0, "key byte %d",
                  at);
    bytes[meta + (size_t)at] ^= 0x01;
  }
  /* 150 is Europe: NL in, US out. */
  ck_assert(promo_country_set_has(&stored, promo_country_index("NL")));
  ck_assert(!promo_country_set_has(&stored, promo_country_index("US")));
  free(bytes);
}
END_TEST

START_TEST(a_damaged_campaigns_section_is_refused_even_without_verify) {
  size_t len = 0;
  unsigned char *bytes = small_file(&len, false, 2);
  size_t meta = section_at(bytes, SECTION_META);
  size_t meta_len = section_len(bytes, SECTION_META);
  ck_assert_uint_eq(meta, HEADER);
  for (size_t at = meta; at < meta + meta_len; at++) {
    bytes[at] ^= 0x20;
    assert_image_refused(bytes, len, false,
                         "campaigns do not match their checksum", "meta");
    bytes[at] ^= 0x20;
  }
  /* Signed again, a region this library refuses is refused as a JSON
   * catalog's would be, by name, when the opener lists the regions
   * through its ICU (a region key of other ICU data). */
  unsigned char *region = find_bytes(bytes + meta, meta_len, "150", 3);
  ck_assert_ptr_nonnull(region);
  memset(region, '9', 3);
  bytes[meta + REGION_KEY_LIBRARY] ^= 0xff;
  promo_compiled_reseal(bytes, len);
  assert_image_refused(bytes, len, false, "'999'", "region");
  bytes[meta + REGION_KEY_LIBRARY] ^= 0xff;
  region[0] = '1';
  region[1] = '5';
  region[2] = '0';
  /* With the same region key the countries are taken as stored, but
   * never one an order could not be from. */
  unsigned char *valid = bytes + meta + REGION_KEY_BYTES;
  unsigned char *countries = find_countries(bytes + meta, meta_len, valid);
  ck_assert_ptr_nonnull(countries);
  unsigned char saved[COUNTRY_BYTES];
  memcpy(saved, countries, sizeof saved);
  memset(countries, 0xff, COUNTRY_BYTES);
  promo_compiled_reseal(bytes, len);
  assert_image_refused(bytes, len, false, "not a country", "countries");
  memset(countries, 0, COUNTRY_BYTES);
  promo_compiled_reseal(bytes, len);
  assert_image_refused(bytes, len, false, "hold no country", "no countries");
  memcpy(countries, saved, sizeof saved);
  /* A campaign count in the header that is not the section's. */
  put32(bytes + AT_CAMPAIGNS, 2);
  promo_compiled_reseal(bytes, len);
  assert_image_refused(bytes, len, false, "damaged", "campaigns + 1");
  put32(bytes + AT_CAMPAIGNS, 1);
  /* An unknown flag. */
  put32(bytes + AT_FLAGS, 2);
  promo_compiled_reseal(bytes, len);
  assert_image_refused(bytes, len, false, "code index has sizes", "flags");
  free(bytes);
}
END_TEST

/* Looks every code of the small file up, and a few others, in a catalog
 * that may be damaged: each answer is one a catalog can give. */
static void probe(promo_catalog *cat, bool hints) {
  static const char *const PROBES[] = {
      "SMALL-1", "SMALL-2", "SMALL-5", "SMALL-9", "SMALL-10", "small-1", "X"};
  const char *ids[N_ROWS(PROBES)];
  promo_status sts[N_ROWS(PROBES)];
  size_t lens[N_ROWS(PROBES)];
  for (int i = 0; i < N_ROWS(PROBES); i++) {
    const char *id = NULL;
    lens[i] = strlen(PROBES[i]);
    promo_status st = promo_catalog_find_code(&id, cat, PROBES[i], lens[i]);
    ck_assert(st == PROMO_OK || st == PROMO_ERR_CODE_NOT_FOUND);
    if (st == PROMO_OK) {
      ck_assert_str_eq(id, "c");
    }
  }
  MUST(promo_catalog_find_codes(ids, sts, cat, PROBES, lens,
                                (size_t)N_ROWS(PROBES)));
  if (hints) {
    promo_apply_options options = PROMO_APPLY_OPTIONS_INIT;
    options.hints = true;
    options.dry_run = true;
    order_spec s = {
        "NL", "EUR", test_utc(2026, 3, 15, 10, 0, 0), "O365_E3", true, 1, NULL};
    promo_order *o = make_order(cat, &s);
    promo_result *r = NULL;
    MUST(promo_result_new(&r, NULL));
    for (int i = 0; i < N_ROWS(PROBES); i++) {
      (void)promo_apply(r, o, PROBES[i], lens[i], &options);
    }
    promo_result_free(r);
    promo_order_free(o);
  }
}

START_TEST(a_damaged_code_index_is_refused_with_verify_and_safe_without) {
  size_t len = 0;
  /* Nine codes: three buckets, so that the offsets between the first and
   * the last, which open does not read, are damaged too. */
  unsigned char *bytes = small_file(&len, true, 9);
  static const int SECTIONS[] = {SECTION_STARTS, SECTION_ENTRIES,
                                 SECTION_HINTS};
  /* The first and last bucket offsets are read at open, whatever
   * `verify` says. */
  static const char *const NEEDLES[] = {"damaged", "codes do not match",
                                        "hints do not match"};
  for (int s = 0; s < N_ROWS(SECTIONS); s++) {
    size_t at0 = section_at(bytes, SECTIONS[s]);
    size_t n = section_len(bytes, SECTIONS[s]);
    ck_assert_uint_gt(n, 0);
    long step = (long)n / test_iterations((long)n);
    for (size_t at = at0; at < at0 + n; at += (size_t)step) {
      for (int flip = 0; flip < 2; flip++) {
        unsigned char mask = flip == 0 ? 0x01 : 0xff;
        bytes[at] ^= mask;
        assert_image_refused(bytes, len, true, NEEDLES[s], "verify");
        /* Without verify it may open (or be refused when the damage is in
         * what open reads): lookups stay inside the file either way. */
        promo_catalog *cat = NULL;
        unsigned char *buffer = NULL;
        promo_errbuf e;
        promo_status st = open_image(&cat, &buffer, &e, bytes, len, false);
        if (st == PROMO_OK) {
          probe(cat, true);
          promo_catalog_release(cat);
        } else {
          ck_assert_int_eq(st, PROMO_ERR_INVALID_ARGUMENT);
          ck_assert_ptr_nonnull(strstr(e.text, "damaged"));
        }
        free(buffer);
        bytes[at] ^= mask;
      }
    }
  }
  /* Undamaged, the image opens both ways. */
  for (int verify = 0; verify < 2; verify++) {
    promo_catalog *cat = NULL;
    unsigned char *buffer = NULL;
    promo_errbuf e;
    MUST(open_image(&cat, &buffer, &e, bytes, len, verify != 0));
    ck_assert(!promo_catalog_is_mapped(cat));
    const char *id = NULL;
    MUST(promo_catalog_find_code(&id, cat, "SMALL-2", 7));
    probe(cat, true);
    promo_catalog_release(cat);
    free(buffer);
  }
  free(bytes);
}
END_TEST

START_TEST(bad_arguments_and_options_are_refused) {
  size_t len = 0;
  unsigned char *bytes = small_file(&len, false, 2);
  char dir[64];
  make_dir(dir);
  char path[256];
  path_in(path, dir, "small.promo");
  spill(path, bytes, len);
  free(bytes);
  ck_assert_uint_eq(promo_open_options_version(), PROMO_OPEN_OPTIONS_VERSION);
  promo_open_options options;
  memset(&options, 0x7f, sizeof options);
  ck_assert_int_eq(promo_open_options_init(&options, 0),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_open_options_init(&options, 2),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_open_options_init(NULL, 1),
                   PROMO_ERR_INVALID_ARGUMENT);
  MUST(promo_open_options_init(&options, PROMO_OPEN_OPTIONS_VERSION));
  ck_assert_uint_eq(options.version, PROMO_OPEN_OPTIONS_VERSION);
  ck_assert_ptr_null(options.allocator);
  ck_assert_ptr_null(options.zones);
  ck_assert_ptr_null(options.store);
  ck_assert(!options.verify);
  promo_catalog *cat = open_with(path, &options);
  promo_catalog_release(cat);
  options.version = 0;
  assert_file_refused(path, &options, "unknown version");
  options.version = PROMO_OPEN_OPTIONS_VERSION + 1;
  assert_file_refused(path, &options, "unknown version");
  /* NULL arguments. */
  promo_file_error error;
  ck_assert_int_eq(promo_catalog_open(NULL, &error, path, NULL),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_str_ne(error.text, "");
  assert_file_refused(NULL, NULL, "no path");
  ck_assert(!promo_catalog_is_mapped(NULL));
  promo_catalog *one = one_code_catalog(NULL, "W");
  ck_assert_int_eq(promo_catalog_write(NULL, path, &error),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_str_ne(error.text, "");
  ck_assert_int_eq(promo_catalog_write(one, NULL, &error),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_catalog_write(one, "", &error),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_catalog_write(one, NULL, NULL),
                   PROMO_ERR_INVALID_ARGUMENT);
  promo_catalog_release(one);
  char names[1024];
  list_dir(names, dir);
  ck_assert_str_eq(names, "small.promo");
  remove_dir(dir);
}
END_TEST

/* ---- writing ------------------------------------------------------------- */

START_TEST(a_write_that_fails_leaves_nothing_and_the_old_file_as_it_was) {
  char dir[64];
  make_dir(dir);
  promo_catalog *old_cat = one_code_catalog(NULL, "OLD");
  promo_catalog *new_cat = full_catalog(NULL, false);
  char path[256];
  promo_file_error error;
  /* A directory that does not exist. */
  path_in(path, dir, "missing/cat.promo");
  ck_assert_int_eq(promo_catalog_write(new_cat, path, &error),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_ptr_nonnull(strstr(error.text, "cannot create a file beside it"));
  ck_assert_ptr_nonnull(strstr(error.text, "missing/cat.promo"));
  /* A directory where the file should go: nothing beside it either. */
  path_in(path, dir, "taken");
  ck_assert_int_eq(mkdir(path, 0755), 0);
  ck_assert_int_eq(promo_catalog_write(new_cat, path, &error),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_ptr_nonnull(strstr(error.text, "cannot replace it"));
  ck_assert_int_eq(rmdir(path), 0);
  char names[1024];
  list_dir(names, dir);
  ck_assert_str_eq(names, "");
  /* A read-only directory holding an old file: root writes anyway. */
  path_in(path, dir, "cat.promo");
  write_ok(old_cat, path);
  size_t old_len = 0;
  unsigned char *old_bytes = slurp(path, &old_len);
  if (geteuid() != 0) {
    ck_assert_int_eq(chmod(dir, 0555), 0);
    ck_assert_int_eq(promo_catalog_write(new_cat, path, &error),
                     PROMO_ERR_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(error.text, "cannot create a file beside it"));
    ck_assert_int_eq(chmod(dir, 0755), 0);
    size_t now_len = 0;
    unsigned char *now = slurp(path, &now_len);
    ck_assert_uint_eq(now_len, old_len);
    ck_assert(memcmp(now, old_bytes, old_len) == 0);
    free(now);
    list_dir(names, dir);
    ck_assert_str_eq(names, "cat.promo");
  }
  free(old_bytes);
  promo_catalog_release(old_cat);
  promo_catalog_release(new_cat);
  remove_dir(dir);
}
END_TEST

START_TEST(replacing_a_file_keeps_catalogs_opened_from_the_old_one_working) {
  char dir[64];
  make_dir(dir);
  char path[256];
  path_in(path, dir, "live.promo");
  promo_catalog *v1 = one_code_catalog(NULL, "VERSION-1");
  promo_catalog *v2 = full_catalog(NULL, false);
  write_ok(v1, path);
  promo_catalog *old_map = open_ok(path, false);
  write_ok(v2, path);
  /* The old mapping still reads the old inode, whole. */
  const char *id = NULL;
  MUST(promo_catalog_find_code(&id, old_map, "VERSION-1", 9));
  ck_assert_str_eq(id, "c");
  ck_assert_int_eq(promo_catalog_find_code(&id, old_map, "SPRING-2026", 11),
                   PROMO_ERR_CODE_NOT_FOUND);
  assert_same_campaigns(v1, old_map);
  /* A new open sees the new file. */
  promo_catalog *new_map = open_ok(path, true);
  assert_same_campaigns(v2, new_map);
  MUST(promo_catalog_find_code(&id, new_map, "SPRING-2026", 11));
  ck_assert_str_eq(id, "spring");
  /* The old catalog written over the file it came from. */
  write_ok(old_map, path);
  MUST(promo_catalog_find_code(&id, old_map, "VERSION-1", 9));
  MUST(promo_catalog_find_code(&id, new_map, "FIVE-OFF", 8));
  ck_assert_str_eq(id, "fixed");
  char names[1024];
  list_dir(names, dir);
  ck_assert_str_eq(names, "live.promo");
  promo_catalog_release(new_map);
  promo_catalog_release(old_map);
  promo_catalog *again = open_ok(path, true);
  assert_same_campaigns(v1, again);
  promo_catalog_release(again);
  promo_catalog_release(v1);
  promo_catalog_release(v2);
  remove_dir(dir);
}
END_TEST

/* ---- zones at open --------------------------------------------------------
 */

static promo_zones *zones_of(const char *directory) {
  promo_zones_options options = PROMO_ZONES_OPTIONS_INIT;
  options.directory = directory;
  promo_zones *zones = NULL;
  MUST(promo_zones_new(&zones, &options));
  return zones;
}

START_TEST(a_zone_the_opener_lacks_is_refused_by_name) {
  char dir[64];
  make_dir(dir);
  char path[256];
  path_in(path, dir, "amsterdam.promo");
  promo_catalog *built = full_catalog(NULL, false);
  write_ok(built, path);
  promo_zones *test_zones = zones_of(PROMO_TEST_DATA_DIR "/zoneinfo");
  promo_open_options options = PROMO_OPEN_OPTIONS_INIT;
  options.zones = test_zones;
  assert_file_refused(path, &options, "'Europe/Amsterdam'");
  /* A catalog of the test database's zones opens with it, and not with
   * the system's. */
  promo_catalog_builder *b = new_builder(NULL);
  MUST(promo_catalog_builder_set_zones(b, test_zones));
  promo_campaign *c = add_campaign(b, "plus3", 1000);
  MUST(promo_campaign_set_time_zone(c, "Test/Plus3"));
  MUST(promo_campaign_set_ends(c, 2026, 3, 31));
  add_code(c, "PLUS-3");
  promo_catalog *plus3 = build(b);
  path_in(path, dir, "plus3.promo");
  write_ok(plus3, path);
  promo_catalog *opened = open_with(path, &options);
  const char *id = NULL;
  MUST(promo_catalog_find_code(&id, opened, "PLUS-3", 6));
  promo_catalog_release(opened);
  promo_zones *system = zones_of("/usr/share/zoneinfo");
  options.zones = system;
  assert_file_refused(path, &options, "'Test/Plus3'");
  promo_zones_free(system);
  promo_zones_free(test_zones);
  promo_catalog_release(plus3);
  promo_catalog_release(built);
  remove_dir(dir);
}
END_TEST

/* ---- allocation failure ---------------------------------------------------
 */

START_TEST(open_fails_cleanly_at_every_allocation) {
  char dir[64];
  make_dir(dir);
  char path[256];
  path_in(path, dir, "full.promo");
  promo_catalog *built = full_catalog(NULL, true);
  write_ok(built, path);
  bool opened = false;
  long n = 1;
  for (; n < 10000 && !opened; n++) {
    test_alloc t;
    test_alloc_init(&t, n);
    promo_open_options options = PROMO_OPEN_OPTIONS_INIT;
    options.allocator = &t.allocator;
    options.verify = true;
    promo_catalog *const untouched = (promo_catalog *)(uintptr_t)0x5a5a5a5a;
    promo_catalog *cat = untouched;
    promo_file_error error;
    promo_status st = promo_catalog_open(&cat, &error, path, &options);
    if (st == PROMO_OK) {
      ck_assert_int_eq(t.failed, 0);
      ck_assert_int_gt(t.live, 0);
      assert_same_campaigns(built, cat);
      promo_catalog_release(cat);
      opened = true;
    } else {
      ck_assert_msg(st == PROMO_ERR_NO_MEMORY, "allocation %ld: %d (%s)", n,
                    (int)st, error.text);
      ck_assert_str_eq(error.text, "out of memory");
      ck_assert(cat == untouched);
    }
    ck_assert_msg(t.live == 0, "allocation %ld: %ld blocks leaked", n, t.live);
  }
  ck_assert(opened);
  ck_assert_int_gt(n, 3);
  promo_catalog_release(built);
  remove_dir(dir);
}
END_TEST

START_TEST(write_fails_cleanly_at_every_allocation) {
  char dir[64];
  make_dir(dir);
  char path[256];
  path_in(path, dir, "cat.promo");
  promo_catalog *old_cat = one_code_catalog(NULL, "OLD");
  write_ok(old_cat, path);
  promo_catalog_release(old_cat);
  size_t old_len = 0;
  unsigned char *old_bytes = slurp(path, &old_len);
  test_alloc t;
  test_alloc_init(&t, 0);
  promo_catalog *cat = full_catalog(&t.allocator, true);
  long live = t.live;
  bool written = false;
  long n = 1;
  for (; n < 10000 && !written; n++) {
    t.fail_at = t.calls + n;
    promo_file_error error;
    promo_status st = promo_catalog_write(cat, path, &error);
    ck_assert_msg(t.live == live, "allocation %ld: %ld blocks leaked", n,
                  t.live - live);
    char names[1024];
    list_dir(names, dir);
    ck_assert_str_eq(names, "cat.promo");
    if (st == PROMO_OK) {
      written = true;
      continue;
    }
    ck_assert_msg(st == PROMO_ERR_NO_MEMORY, "allocation %ld: %d (%s)", n,
                  (int)st, error.text);
    ck_assert_str_eq(error.text, "out of memory");
    size_t now_len = 0;
    unsigned char *now = slurp(path, &now_len);
    ck_assert_uint_eq(now_len, old_len);
    ck_assert(memcmp(now, old_bytes, old_len) == 0);
    free(now);
  }
  ck_assert(written);
  ck_assert_int_gt(n, 2);
  t.fail_at = 0;
  promo_catalog *back = open_ok(path, true);
  assert_same_campaigns(cat, back);
  promo_catalog_release(back);
  promo_catalog_release(cat);
  ck_assert_int_eq(t.live, 0);
  free(old_bytes);
  remove_dir(dir);
}
END_TEST

static Suite *make_suite(void) {
  Suite *s = suite_create("compiled");
  TCase *round = tcase_create("round_trip");
  tcase_set_timeout(round, 120);
  tcase_add_test(
      round, opened_catalog_answers_every_lookup_and_apply_as_the_built_one);
  tcase_add_test(round, a_mapped_catalog_written_again_gives_the_same_file);
  suite_add_tcase(s, round);
  TCase *edges = tcase_create("index_edges");
  tcase_set_timeout(edges, 120);
  tcase_add_test(edges, a_catalog_without_campaigns_round_trips);
  tcase_add_test(edges, a_catalog_of_one_code_round_trips);
  tcase_add_loop_test(edges, code_counts_around_bucket_boundaries_round_trip, 0,
                      N_ROWS(BUCKET_EDGES));
  tcase_add_test(edges, codes_differing_in_one_byte_round_trip);
  tcase_add_test(edges, the_longest_code_round_trips);
  tcase_add_test(edges,
                 more_than_256_campaigns_round_trip_with_two_byte_indexes);
  tcase_add_test(edges, hints_are_still_diagnosed_after_open);
  suite_add_tcase(s, edges);
  TCase *refusals = tcase_create("refusals");
  tcase_set_timeout(refusals, 300);
  tcase_add_test(refusals, files_that_are_not_compiled_catalogs_are_refused);
  tcase_add_test(refusals, a_file_truncated_at_any_length_is_refused);
  tcase_add_test(refusals, every_byte_of_the_header_flipped_is_refused);
  tcase_add_test(refusals, regions_are_listed_again_only_where_icu_differs);
  tcase_add_test(refusals, every_byte_of_a_file_flipped_is_refused_with_verify);
  tcase_add_test(refusals,
                 a_future_version_or_the_other_byte_order_is_refused_by_name);
  tcase_add_test(refusals, bytes_appended_after_the_end_are_refused);
  tcase_add_test(refusals,
                 a_damaged_campaigns_section_is_refused_even_without_verify);
  tcase_add_test(refusals,
                 a_damaged_code_index_is_refused_with_verify_and_safe_without);
  tcase_add_test(refusals, bad_arguments_and_options_are_refused);
  suite_add_tcase(s, refusals);
  TCase *writing = tcase_create("writing");
  tcase_set_timeout(writing, 120);
  tcase_add_test(writing,
                 a_write_that_fails_leaves_nothing_and_the_old_file_as_it_was);
  tcase_add_test(
      writing, replacing_a_file_keeps_catalogs_opened_from_the_old_one_working);
  tcase_add_test(writing, a_zone_the_opener_lacks_is_refused_by_name);
  suite_add_tcase(s, writing);
  TCase *alloc = tcase_create("allocation_failure");
  tcase_set_timeout(alloc, 300);
  tcase_add_test(alloc, open_fails_cleanly_at_every_allocation);
  tcase_add_test(alloc, write_fails_cleanly_at_every_allocation);
  suite_add_tcase(s, alloc);
  return s;
}

int main(void) {
  return test_run_suite(make_suite());
}
