/* hint-bench.c - what typo diagnosis (issue 12) costs, through the public
 * API only: the hint index's memory per code and build time, and an apply
 * that misses with hints off and on; and what a formatted message costs.
 *
 *   hint-bench [CODES]                 the table (default 1000000 codes)
 *   hint-bench --callgrind NAME [CODES] only workload NAME, with callgrind's
 *                                      collection on around it:
 *     valgrind --tool=callgrind --collect-atstart=no build/.../hint-bench \
 *         --callgrind miss_hints 100000
 *   then instructions per operation = total Ir / OPS (printed); NAME
 *   "build_plain" or "build_hints" measures promo_catalog_build instead
 *   (Ir / CODES per code).
 *
 * Memory is exact: every byte the library asks of the catalog's allocator,
 * live after the build (ICU's spoof checker, one per catalog, is ICU's
 * allocation and not counted). Times are wall-clock medians of 5 rounds:
 * only meaningful on an idle machine. Codes are 8 to 20 bytes of letters
 * and digits, as in promo-bench. */
#define _POSIX_C_SOURCE 199309L
#include <promo/promo.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#if defined(__has_include)
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#define BENCH_HAVE_CALLGRIND 1
#endif
#endif
#ifndef BENCH_HAVE_CALLGRIND
#define CALLGRIND_TOGGLE_COLLECT
#endif

#define OPS 20000
#define ROUNDS 5

/* ---- an allocator that knows how many bytes are live -------------------- */

typedef union header {
  size_t size;
  max_align_t align;
} header;

static size_t live_bytes;

static void *count_malloc(void *ctx, size_t size) {
  (void)ctx;
  header *h = malloc(sizeof *h + size);
  if (h == NULL) {
    return NULL;
  }
  h->size = size;
  live_bytes += size;
  return h + 1;
}

static void *count_realloc(void *ctx, void *ptr, size_t size) {
  if (ptr == NULL) {
    return count_malloc(ctx, size);
  }
  header *old = (header *)ptr - 1;
  size_t before = old->size;
  header *h = realloc(old, sizeof *h + size);
  if (h == NULL) {
    return NULL;
  }
  live_bytes = live_bytes - before + size;
  h->size = size;
  return h + 1;
}

static void count_free(void *ctx, void *ptr) {
  (void)ctx;
  if (ptr != NULL) {
    header *h = (header *)ptr - 1;
    live_bytes -= h->size;
    free(h);
  }
}

static const promo_allocator COUNTING = {count_malloc, count_realloc,
                                         count_free, NULL};

/* ---- data --------------------------------------------------------------- */

static void die(const char *what, promo_status st) {
  fprintf(stderr, "hint-bench: %s: %s\n", what, promo_status_name(st));
  exit(2);
}

#define MUST(call)                                                             \
  do {                                                                         \
    promo_status st_ = (call);                                                 \
    if (st_ != PROMO_OK) {                                                     \
      die(#call, st_);                                                         \
    }                                                                          \
  } while (0)

static uint64_t splitmix(uint64_t *state) {
  uint64_t z = (*state += UINT64_C(0x9E3779B97F4A7C15));
  z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
  return z ^ (z >> 31);
}

/* Code i: 8 to 20 bytes, unique because it ends with i in base 36. */
static void make_code(char *code, size_t i, uint64_t *rng) {
  static const char ALNUM[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  char tail[16];
  size_t t = 0;
  size_t v = i;
  do {
    tail[t++] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"[v % 36];
    v /= 36;
  } while (v != 0);
  size_t len = 8 + (size_t)(splitmix(rng) % 13);
  if (len < t + 2) {
    len = t + 2;
  }
  size_t head = len - t - 1;
  for (size_t k = 0; k < head; k++) {
    code[k] = ALNUM[splitmix(rng) % (sizeof ALNUM - 1)];
  }
  code[head] = '-';
  for (size_t k = 0; k < t; k++) {
    code[head + 1 + k] = tail[t - 1 - k];
  }
  code[len] = '\0';
}

static double now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* The workload --callgrind asked for, or NULL. */
static const char *only;

/* Builds a catalog of `n` codes; *bytes gets the library's live bytes after
 * the build, *ns the time of promo_catalog_build (under callgrind, for
 * "build_plain" and "build_hints", the instructions of the build). */
static promo_catalog *build(size_t n, bool hints, size_t *bytes, double *ns) {
  size_t before = live_bytes;
  promo_catalog_builder *b = NULL;
  promo_campaign *c = NULL;
  MUST(promo_catalog_builder_new(&b, &COUNTING));
  MUST(promo_catalog_builder_set_hints(b, hints));
  MUST(promo_catalog_builder_add_campaign(&c, b, "bulk"));
  MUST(promo_campaign_set_percent_bps(c, 1000));
  uint64_t rng = 42;
  char code[32];
  for (size_t i = 0; i < n; i++) {
    make_code(code, i, &rng);
    MUST(promo_campaign_add_code(c, code, strlen(code)));
  }
  promo_catalog *cat = NULL;
  bool measured =
      only != NULL && strcmp(only, hints ? "build_hints" : "build_plain") == 0;
  if (measured) {
    CALLGRIND_TOGGLE_COLLECT;
  }
  double t0 = now_ns();
  MUST(promo_catalog_build(&cat, b));
  *ns = now_ns() - t0;
  if (measured) {
    CALLGRIND_TOGGLE_COLLECT;
  }
  promo_catalog_builder_free(b);
  *bytes = live_bytes - before;
  return cat;
}

static promo_order *order_on(promo_catalog *cat) {
  promo_order *o = NULL;
  MUST(promo_order_new(&o, cat));
  MUST(promo_order_set_country(o, "NL"));
  MUST(promo_order_set_currency(o, "EUR"));
  MUST(promo_order_set_placed_at(o, 1773576000));
  MUST(promo_order_add_line(NULL, o, "sub-1", "O365_E3", true,
                            PROMO_TERM_ANNUAL, 10, 1050));
  return o;
}

/* ---- workloads ---------------------------------------------------------- */

/* The codes a workload applies: `kind` 0 a miss no code resembles, 1 one
 * of the catalog's first 1000 codes in small letters (a letter_case hint),
 * 2 a hostile code of 125 bytes, Cyrillic A and em dashes that every form
 * changes, 3 one of those codes as it is (a hit). */
static void workload_code(char *code, size_t i, int kind) {
  static char first[1000][32];
  static bool made;
  if (!made) {
    uint64_t rng = 42;
    for (size_t k = 0; k < 1000; k++) {
      make_code(first[k], k, &rng);
    }
    made = true;
  }
  switch (kind) {
  case 0:
    (void)snprintf(code, 64, "NOPE-%zu", i);
    break;
  case 3:
    memcpy(code, first[i % 1000], strlen(first[i % 1000]) + 1);
    break;
  case 1: {
    const char *hit = first[i % 1000];
    size_t k = 0;
    for (; hit[k] != '\0'; k++) {
      code[k] = (char)(hit[k] >= 'A' && hit[k] <= 'Z' ? hit[k] + 32 : hit[k]);
    }
    code[k] = '\0';
    break;
  }
  default: {
    size_t len = 0;
    for (size_t k = 0; len + 5 <= 125; k++) {
      memcpy(code + len, "\xd0\x90\xe2\x80\x94", 5);
      len += 5;
    }
    code[len] = '\0';
    break;
  }
  }
}

typedef struct workload {
  const char *name;
  int kind;
  bool hints;
  bool message; /* format the message after the apply */
} workload;

static const workload WORKLOADS[] = {
    {"miss_plain", 0, false, false},   {"miss_hints", 0, true, false},
    {"typo_plain", 1, false, false},   {"typo_hints", 1, true, false},
    {"hostile_hints", 2, true, false}, {"typo_hints_message", 1, true, true},
    {"hit_plain", 3, false, false},    {"hit_message", 3, false, true},
};
#define N_WORKLOADS (sizeof WORKLOADS / sizeof WORKLOADS[0])

/* Runs OPS applies of the workload; returns ns per apply. */
static double run(const workload *w, promo_order *o, promo_result *r,
                  char (*codes)[160], bool callgrind) {
  promo_apply_options opts = PROMO_APPLY_OPTIONS_INIT;
  opts.hints = w->hints;
  opts.dry_run = true;
  char text[PROMO_MESSAGE_MAX];
  size_t n = 0;
  if (callgrind) {
    CALLGRIND_TOGGLE_COLLECT;
  }
  double t0 = now_ns();
  for (size_t i = 0; i < OPS; i++) {
    (void)promo_apply(r, o, codes[i], strlen(codes[i]), &opts);
    if (w->message) {
      MUST(promo_result_message(&n, text, sizeof text, r, "nl"));
    }
  }
  double ns = (now_ns() - t0) / OPS;
  if (callgrind) {
    CALLGRIND_TOGGLE_COLLECT;
  }
  return ns;
}

static int by_value(const void *a, const void *b) {
  double x = *(const double *)a;
  double y = *(const double *)b;
  return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
  int at = 1;
  if (argc > 2 && strcmp(argv[1], "--callgrind") == 0) {
    only = argv[2];
    at = 3;
  }
  size_t n = argc > at ? (size_t)strtoull(argv[at], NULL, 10) : 1000000;
  if (n < 1000) {
    n = 1000;
  }
  size_t plain_bytes = 0;
  size_t hint_bytes = 0;
  double plain_ns = 0;
  double hint_ns = 0;
  promo_catalog *plain = build(n, false, &plain_bytes, &plain_ns);
  promo_catalog *cat = build(n, true, &hint_bytes, &hint_ns);
  promo_catalog_free(plain);

  promo_order *o = order_on(cat);
  promo_result *r = NULL;
  MUST(promo_result_new(&r, NULL));
  static char codes[OPS][160];
  if (only == NULL) {
    printf("codes in the catalog                      %zu\n", n);
    printf("library bytes per code, no hint index     %.1f\n",
           (double)plain_bytes / (double)n);
    printf("hint index: extra bytes per code          %.1f\n",
           (double)(hint_bytes - plain_bytes) / (double)n);
    printf("build, no hint index                      %.1f ms\n",
           plain_ns / 1e6);
    printf("build, with hint index                    %.1f ms (%.0f ns a "
           "code more)\n",
           hint_ns / 1e6, (hint_ns - plain_ns) / (double)n);
  }
  for (size_t k = 0; k < N_WORKLOADS; k++) {
    const workload *w = &WORKLOADS[k];
    if (only != NULL && strcmp(only, w->name) != 0) {
      continue;
    }
    for (size_t i = 0; i < OPS; i++) {
      workload_code(codes[i], i, w->kind);
    }
    if (only != NULL) {
      (void)run(w, o, r, codes, true);
      printf("%s: %d operations\n", w->name, OPS);
      continue;
    }
    double rounds[ROUNDS];
    for (size_t i = 0; i < ROUNDS; i++) {
      rounds[i] = run(w, o, r, codes, false);
    }
    qsort(rounds, ROUNDS, sizeof rounds[0], by_value);
    printf("apply %-20s                %.0f ns (hint %s)\n", w->name,
           rounds[ROUNDS / 2], promo_hint_name(promo_result_hint(r)));
  }
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
  return 0;
}
