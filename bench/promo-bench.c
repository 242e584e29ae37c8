/* promo-bench.c - how fast a checkout is, through the public API only.
 *
 * Generates its own catalog (ten campaigns with regions, products, dates and
 * caps, codes 8 to 20 bytes long), then measures one figure per function.
 * A human table goes to stderr and one JSON object to stdout.
 *
 * Adding a figure: write a `measure_...` function that sets one or more
 * entries of FIGURES through set_figure(), add the entries to FIGURES and the
 * function to MEASURES. `--callgrind NAME` runs only the workload NAME under
 * callgrind's collection (valgrind --tool=callgrind --collect-atstart=no), so
 * instructions per operation are total Ir / iterations.
 *
 * Allocations are counted twice: through the promo_allocator the catalog is
 * built with (every allocation the library makes itself), and process-wide by
 * interposing malloc (ICU's own allocations included). The interposition
 * needs glibc's __libc_* entry points; elsewhere only the first is counted. */
#define _GNU_SOURCE
#include <promo/promo.h>

#include <errno.h>
#include <stdatomic.h>
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
#define CALLGRIND_START_INSTRUMENTATION
#define CALLGRIND_STOP_INSTRUMENTATION
#define CALLGRIND_TOGGLE_COLLECT
#endif

/* ---- process-wide malloc counting (glibc) ------------------------------ */

static _Atomic long process_mallocs;

#if defined(__GLIBC__)
#define BENCH_COUNTS_PROCESS 1
void *__libc_malloc(size_t size);
void *__libc_calloc(size_t count, size_t size);
void *__libc_realloc(void *ptr, size_t size);
void __libc_free(void *ptr);

void *malloc(size_t size) {
  atomic_fetch_add_explicit(&process_mallocs, 1, memory_order_relaxed);
  return __libc_malloc(size);
}
void *calloc(size_t count, size_t size) {
  atomic_fetch_add_explicit(&process_mallocs, 1, memory_order_relaxed);
  return __libc_calloc(count, size);
}
void *realloc(void *ptr, size_t size) {
  atomic_fetch_add_explicit(&process_mallocs, 1, memory_order_relaxed);
  return __libc_realloc(ptr, size);
}
void free(void *ptr) {
  __libc_free(ptr);
}
#else
#define BENCH_COUNTS_PROCESS 0
#endif

/* ---- the library's allocator, counting --------------------------------- */

static _Atomic long library_allocations;

static void *count_malloc(void *ctx, size_t size) {
  (void)ctx;
  atomic_fetch_add_explicit(&library_allocations, 1, memory_order_relaxed);
  return malloc(size);
}
static void *count_realloc(void *ctx, void *ptr, size_t size) {
  (void)ctx;
  atomic_fetch_add_explicit(&library_allocations, 1, memory_order_relaxed);
  return realloc(ptr, size);
}
static void count_free(void *ctx, void *ptr) {
  (void)ctx;
  free(ptr);
}
static const promo_allocator COUNTING = {count_malloc, count_realloc,
                                         count_free, NULL};

/* ---- figures ----------------------------------------------------------- */

typedef struct figure {
  const char *key;   /* the JSON key */
  const char *label; /* the human table's row */
  const char *unit;
  double value;
  int measured;
} figure;

static figure FIGURES[] = {
    {"codes", "codes in the catalog", "", 0, 0},
    {"new_order_apply_ns",
     "new order (country, currency, zone, 1 line) + "
     "first apply, hit",
     "ns", 0, 0},
    {"new_order_allocations", "  allocations through the promo_allocator", "",
     0, 0},
    {"new_order_process_mallocs", "  mallocs in the whole process (ICU too)",
     "", 0, 0},
    {"apply_hit_ns", "warm apply, hit (order and result reused)", "ns", 0, 0},
};
#define N_FIGURES (sizeof FIGURES / sizeof FIGURES[0])

static void set_figure(const char *key, double value) {
  for (size_t i = 0; i < N_FIGURES; i++) {
    if (strcmp(FIGURES[i].key, key) == 0) {
      FIGURES[i].value = value;
      FIGURES[i].measured = 1;
      return;
    }
  }
  fprintf(stderr, "promo-bench: no figure '%s'\n", key);
  exit(2);
}

/* ---- data -------------------------------------------------------------- */

typedef struct bench {
  size_t code_count;
  char **codes; /* every code of the catalog, NUL-terminated */
  promo_catalog *catalog;
  unsigned rounds; /* timing rounds; the median is reported */
} bench;

static uint64_t splitmix(uint64_t *state) {
  uint64_t z = (*state += UINT64_C(0x9E3779B97F4A7C15));
  z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
  return z ^ (z >> 31);
}

static void die(const char *what, promo_status st) {
  fprintf(stderr, "promo-bench: %s: %s\n", what, promo_status_name(st));
  exit(2);
}

#define MUST(call)                                                             \
  do {                                                                         \
    promo_status st_ = (call);                                                 \
    if (st_ != PROMO_OK) {                                                     \
      die(#call, st_);                                                         \
    }                                                                          \
  } while (0)

/* Code i: 8 to 20 bytes (mean 14), letters and digits, unique because it
 * ends with i in base 36. */
static char *make_code(size_t i, uint64_t *rng) {
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
  char *code = malloc(len + 1);
  if (code == NULL) {
    die("malloc", PROMO_ERR_NO_MEMORY);
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
  return code;
}

/* Ten campaigns that all accept the bench's order (NL, EUR, O365_E3, placed
 * 2026-03-15T12:00Z), each with regions, products, dates, caps and a zone,
 * so that every code is a hit that runs the whole pipeline. */
static void build_catalog(bench *b) {
  static const char *const ZONES[] = {
      "Europe/Amsterdam",   "America/Mexico_City",
      "Asia/Almaty",        "UTC",
      "Africa/Cairo",       "America/Asuncion",
      "America/Nuuk",       "Europe/Berlin",
      "Pacific/Kiritimati", "America/New_York"};
  promo_catalog_builder *builder = NULL;
  MUST(promo_catalog_builder_new(&builder, &COUNTING));
  promo_campaign *campaigns[10];
  for (int i = 0; i < 10; i++) {
    char id[32];
    snprintf(id, sizeof id, "campaign-%d", i);
    promo_campaign *c = NULL;
    MUST(promo_catalog_builder_add_campaign(&c, builder, id));
    MUST(promo_campaign_set_percent_bps(c, 500 + 100 * i));
    MUST(promo_campaign_set_starts(c, 2026, 1, 1 + i));
    MUST(promo_campaign_set_ends(c, 2026, 12, 31 - i));
    MUST(promo_campaign_set_time_zone(c, ZONES[i]));
    MUST(promo_campaign_add_region(c, i % 2 == 0 ? "155" : "EU"));
    MUST(promo_campaign_add_region(c, "US"));
    MUST(promo_campaign_add_product(c, "O365_E3"));
    MUST(promo_campaign_add_product(c, "TEAMS_ESS"));
    MUST(promo_campaign_set_max_licenses(c, 300));
    MUST(promo_campaign_set_max_redemptions(c, 1000000));
    campaigns[i] = c;
  }
  uint64_t rng = 42;
  b->codes = calloc(b->code_count, sizeof *b->codes);
  if (b->codes == NULL) {
    die("calloc", PROMO_ERR_NO_MEMORY);
  }
  for (size_t i = 0; i < b->code_count; i++) {
    b->codes[i] = make_code(i, &rng);
    MUST(promo_campaign_add_code(campaigns[i % 10], b->codes[i],
                                 strlen(b->codes[i])));
  }
  MUST(promo_catalog_build(&b->catalog, builder));
  promo_catalog_builder_free(builder);
}

/* ---- timing ------------------------------------------------------------ */

static double now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int cmp_double(const void *x, const void *y) {
  double a = *(const double *)x;
  double b = *(const double *)y;
  return a < b ? -1 : (a > b ? 1 : 0);
}

typedef void (*workload)(bench *b, size_t iterations, promo_result *r);

/* ns per iteration of `run`, the median of b->rounds rounds. */
static double time_workload(bench *b, workload run, size_t iterations,
                            promo_result *r) {
  double per[32];
  unsigned rounds = b->rounds > 32 ? 32 : b->rounds;
  run(b, iterations / 10 + 1, r); /* warm up caches and lazy tables */
  for (unsigned k = 0; k < rounds; k++) {
    double t0 = now_ns();
    run(b, iterations, r);
    per[k] = (now_ns() - t0) / (double)iterations;
  }
  qsort(per, rounds, sizeof per[0], cmp_double);
  return per[rounds / 2];
}

/* ---- workloads --------------------------------------------------------- */

static const int64_t PLACED = INT64_C(1773576000); /* 2026-03-15T12:00Z */

/* A checkout: a new order with a country, a currency, a time zone and one
 * line, and its first apply of a code that exists, into the thread's
 * result (results are reusable); then the order is freed. */
static void new_order_apply(bench *b, size_t iterations, promo_result *r) {
  static const char *const ZONES[] = {"Europe/Amsterdam", "Europe/Berlin",
                                      "Europe/Paris", "America/Mexico_City"};
  for (size_t i = 0; i < iterations; i++) {
    const char *code = b->codes[(i * 7919) % b->code_count];
    promo_order *o = NULL;
    MUST(promo_order_new(&o, b->catalog));
    MUST(promo_order_set_country(o, "NL"));
    MUST(promo_order_set_currency(o, "EUR"));
    MUST(promo_order_set_time_zone(o, ZONES[i % 4]));
    MUST(promo_order_set_placed_at(o, PLACED));
    MUST(promo_order_add_line(NULL, o, "sub-1", "O365_E3", true,
                              PROMO_TERM_MONTHLY, 10, 1050));
    MUST(promo_apply(r, o, code, strlen(code), NULL));
    promo_order_free(o);
  }
}

static promo_order *bench_order(bench *b) {
  promo_order *o = NULL;
  MUST(promo_order_new(&o, b->catalog));
  MUST(promo_order_set_country(o, "NL"));
  MUST(promo_order_set_currency(o, "EUR"));
  MUST(promo_order_set_time_zone(o, "Europe/Amsterdam"));
  MUST(promo_order_set_placed_at(o, PLACED));
  MUST(promo_order_add_line(NULL, o, "sub-1", "O365_E3", true,
                            PROMO_TERM_MONTHLY, 10, 1050));
  return o;
}

/* Warm applies of codes that exist on one order and one result; dry runs,
 * so that the order never carries a code and every apply does all the
 * work. */
static void warm_apply(bench *b, size_t iterations, promo_result *r) {
  static promo_order *order;
  if (order == NULL) {
    order = bench_order(b);
  }
  promo_apply_options options = PROMO_APPLY_OPTIONS_INIT;
  options.dry_run = true;
  for (size_t i = 0; i < iterations; i++) {
    const char *code = b->codes[(i * 7919) % b->code_count];
    MUST(promo_apply(r, order, code, strlen(code), &options));
  }
}

/* ---- measures: one function per figure --------------------------------- */

static void measure_new_order(bench *b, promo_result *r) {
  set_figure("new_order_apply_ns", time_workload(b, new_order_apply, 20000, r));
  long lib0 = atomic_load(&library_allocations);
  long all0 = atomic_load(&process_mallocs);
  const size_t n = 1000;
  new_order_apply(b, n, r);
  set_figure("new_order_allocations",
             (double)(atomic_load(&library_allocations) - lib0) / (double)n);
  if (BENCH_COUNTS_PROCESS) {
    set_figure("new_order_process_mallocs",
               (double)(atomic_load(&process_mallocs) - all0) / (double)n);
  }
}

static void measure_apply_hit(bench *b, promo_result *r) {
  set_figure("apply_hit_ns", time_workload(b, warm_apply, 200000, r));
}

typedef struct measure {
  const char *name; /* for --only and --callgrind */
  void (*run)(bench *b, promo_result *r);
  workload work; /* what --callgrind runs */
} measure;

static const measure MEASURES[] = {
    {"new_order", measure_new_order, new_order_apply},
    {"apply_hit", measure_apply_hit, warm_apply},
};
#define N_MEASURES (sizeof MEASURES / sizeof MEASURES[0])

/* ---- output ------------------------------------------------------------ */

static void print_table(FILE *out) {
  fprintf(out, "%-66s %14s\n", "figure", "value");
  for (size_t i = 0; i < N_FIGURES; i++) {
    if (FIGURES[i].measured) {
      fprintf(out, "%-66s %11.1f %s\n", FIGURES[i].label, FIGURES[i].value,
              FIGURES[i].unit);
    }
  }
}

static void print_json(FILE *out) {
  fputc('{', out);
  const char *sep = "";
  for (size_t i = 0; i < N_FIGURES; i++) {
    if (FIGURES[i].measured) {
      fprintf(out, "%s\"%s\": %.1f", sep, FIGURES[i].key, FIGURES[i].value);
      sep = ", ";
    }
  }
  fputs("}\n", out);
}

static void usage(void) {
  fputs("usage: promo-bench [--codes N] [--rounds N] [--only NAME]\n"
        "                   [--callgrind NAME [--iterations N]]\n"
        "NAME: new_order, apply_hit\n",
        stderr);
  exit(2);
}

static size_t parse_count(const char *s) {
  char *end = NULL;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  if (errno != 0 || end == s || *end != '\0' || v == 0) {
    usage();
  }
  return (size_t)v;
}

static const measure *find_measure(const char *name) {
  for (size_t i = 0; i < N_MEASURES; i++) {
    if (strcmp(MEASURES[i].name, name) == 0) {
      return &MEASURES[i];
    }
  }
  usage();
  return NULL;
}

int main(int argc, char **argv) {
  bench b = {100000, NULL, NULL, 5};
  const measure *only = NULL;
  const measure *callgrind = NULL;
  size_t iterations = 1000;
  for (int i = 1; i < argc; i++) {
    if (i + 1 >= argc) {
      usage();
    }
    if (strcmp(argv[i], "--codes") == 0) {
      b.code_count = parse_count(argv[++i]);
    } else if (strcmp(argv[i], "--rounds") == 0) {
      b.rounds = (unsigned)parse_count(argv[++i]);
    } else if (strcmp(argv[i], "--only") == 0) {
      only = find_measure(argv[++i]);
    } else if (strcmp(argv[i], "--callgrind") == 0) {
      callgrind = find_measure(argv[++i]);
    } else if (strcmp(argv[i], "--iterations") == 0) {
      iterations = parse_count(argv[++i]);
    } else {
      usage();
    }
  }
  build_catalog(&b);
  set_figure("codes", (double)b.code_count);
  promo_result *r = NULL;
  MUST(promo_result_new(&r, NULL));
  if (callgrind != NULL) {
    callgrind->work(&b, iterations, r); /* warm: lazy tables, caches */
    CALLGRIND_TOGGLE_COLLECT;
    callgrind->work(&b, iterations, r);
    CALLGRIND_TOGGLE_COLLECT;
    fprintf(stderr, "%s: %zu iterations collected\n", callgrind->name,
            iterations);
  } else {
    for (size_t i = 0; i < N_MEASURES; i++) {
      if (only == NULL || only == &MEASURES[i]) {
        MEASURES[i].run(&b, r);
      }
    }
    print_table(stderr);
    print_json(stdout);
  }
  promo_result_free(r);
  promo_catalog_free(b.catalog);
  for (size_t i = 0; i < b.code_count; i++) {
    free(b.codes[i]);
  }
  free(b.codes);
  return 0;
}
