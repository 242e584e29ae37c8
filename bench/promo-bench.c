/* promo-bench.c - how fast a checkout is, through the public API only.
 *
 * Generates its own catalog (ten campaigns with regions, products, dates and
 * caps, codes 8 to 20 bytes long), then measures one figure per function.
 * A human table goes to stderr and one JSON object to stdout. Baselines in
 * the same run: a bare open-addressing table of the same codes (below,
 * written for this bench) and, when built with SQLite, an in-memory SQLite
 * table with the codes as its primary key.
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

#include <promo/json.h>

#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifdef BENCH_HAVE_SQLITE
#include <sqlite3.h>
#endif

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
    {"apply_miss_ns", "warm apply, miss (code_not_found)", "ns", 0, 0},
    {"lookup_hit_ns", "promo_catalog_find_code, hit", "ns", 0, 0},
    {"lookup_miss_ns", "promo_catalog_find_code, miss", "ns", 0, 0},
    {"batch_hit_ns", "promo_catalog_find_codes, 64 a call, hit, per code", "ns",
     0, 0},
    {"bare_hit_ns", "bare open-addressing table, hit", "ns", 0, 0},
    {"sqlite_hit_ns", "SQLite in-memory, primary key, hit", "ns", 0, 0},
    {"apply_hit_per_bare", "  warm apply hit / bare table hit", "x", 0, 0},
    {"sqlite_per_lookup", "  SQLite hit / find_code hit", "x", 0, 0},
    {"bytes_per_code", "catalog memory (RSS growth / codes, builder freed)",
     "B", 0, 0},
    {"build_codes_per_s",
     "catalog build from a codes_file (promo_json_load_catalog)", "codes/s", 0,
     0},
    {"rebuild_ms", "  the same build, whole", "ms", 0, 0},
    {"compiled_bytes_per_code",
     "compiled file (promo_catalog_write) bytes / codes", "B", 0, 0},
    {"compiled_open_ms",
     "promo_catalog_open of that file + 1 lookup (page cache warm)", "ms", 0,
     0},
    {"compiled_open_verify_ms", "  the same with verify (every checksum)", "ms",
     0, 0},
    {"rebuild_per_open", "  rebuild_ms / compiled_open_ms", "x", 0, 0},
    {"mapped_lookup_hit_ns", "promo_catalog_find_code, hit, opened catalog",
     "ns", 0, 0},
    {"built_lookup_hit_ns", "  the same on the built catalog, same run", "ns",
     0, 0},
    {"threads2_speedup", "2 threads applying on one catalog / 1 thread", "x", 0,
     0},
    {"threads2_cpu_speedup",
     "  the same from CPU time per apply (less load-sensitive)", "x", 0, 0},
};
#define N_FIGURES (sizeof FIGURES / sizeof FIGURES[0])

/* The figure `key` once measured, else a negative number. */
static double get_figure(const char *key) {
  for (size_t i = 0; i < N_FIGURES; i++) {
    if (strcmp(FIGURES[i].key, key) == 0) {
      return FIGURES[i].measured ? FIGURES[i].value : -1.0;
    }
  }
  return -1.0;
}

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
  size_t miss_count;
  char **misses;        /* codes in no campaign */
  struct query *hits;   /* QUERIES codes of the catalog, in query order */
  struct query *absent; /* QUERIES codes in no campaign */
  promo_catalog *catalog;
  unsigned rounds; /* timing rounds; the median is reported */
  double bytes_per_code;
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

/* The codes' bytes: one block per 1 MiB, never freed before exit, so
 * that ten million codes are not ten million mallocs. */
static char *arena_take(size_t n) {
  static char *block;
  static size_t left;
  if (left < n) {
    left = 1u << 20;
    block = malloc(left);
    if (block == NULL) {
      die("malloc", PROMO_ERR_NO_MEMORY);
    }
  }
  char *p = block;
  block += n;
  left -= n;
  return p;
}

/* Code i: 8 to 20 bytes (mean 14), letters and digits, unique because it
 * ends with i in base 36 after the only '-'. */
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
  char *code = arena_take(len + 1);
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

/* What a workload looks up: its i-th code is queries[i % QUERIES], codes
 * picked all over the catalog (a stride of 7919) but laid out one after
 * the other, as a service has the customer's code at hand in its request:
 * the bench's own reading of its input costs no cache miss, so that the
 * figures are the lookups' (a char * per code read at random would add
 * two misses to every figure, the baseline's included). */
#define QUERIES (1u << 20)
typedef struct query {
  char code[23]; /* NUL-terminated; codes are 8 to 20 bytes */
  unsigned char len;
} query;

static query *make_queries(char **codes, size_t count) {
  query *q = malloc(QUERIES * sizeof *q);
  if (q == NULL) {
    die("malloc", PROMO_ERR_NO_MEMORY);
  }
  for (size_t i = 0; i < QUERIES; i++) {
    const char *code = codes[(i * 7919) % count];
    size_t len = strlen(code);
    memcpy(q[i].code, code, len + 1);
    q[i].len = (unsigned char)len;
  }
  return q;
}

/* Resident memory of the process, bytes (Linux: /proc/self/statm). */
static long resident_bytes(void) {
  FILE *f = fopen("/proc/self/statm", "r");
  long pages = 0;
  long resident = 0;
  if (f == NULL || fscanf(f, "%ld %ld", &pages, &resident) != 2) {
    die("/proc/self/statm", PROMO_ERR_INVALID_ARGUMENT);
  }
  fclose(f);
  return resident * sysconf(_SC_PAGESIZE);
}

/* Ten campaigns that all accept the bench's order (NL, EUR, O365_E3, placed
 * 2026-03-15T12:00Z), each with regions, products, dates, caps and a zone,
 * so that every code is a hit that runs the whole pipeline. Campaign i is
 * "campaign-i": percent_bps 500 + 100 i, from 2026-01-(1 + i) to
 * 2026-12-(31 - i) in CAMPAIGN_ZONES[i], regions 155 (even i) or EU (odd)
 * and US, products O365_E3 and TEAMS_ESS, at most 300 licenses and a
 * million redemptions; code i is in campaign i % 10. write_source() writes
 * the same catalog as JSON. */
#define CAMPAIGNS 10
static const char *const CAMPAIGN_ZONES[CAMPAIGNS] = {
    "Europe/Amsterdam",   "America/Mexico_City",
    "Asia/Almaty",        "UTC",
    "Africa/Cairo",       "America/Asuncion",
    "America/Nuuk",       "Europe/Berlin",
    "Pacific/Kiritimati", "America/New_York"};

static void build_catalog(bench *b) {
  promo_catalog_builder *builder = NULL;
  MUST(promo_catalog_builder_new(&builder, &COUNTING));
  promo_campaign *campaigns[CAMPAIGNS];
  for (int i = 0; i < CAMPAIGNS; i++) {
    char id[32];
    snprintf(id, sizeof id, "campaign-%d", i);
    promo_campaign *c = NULL;
    MUST(promo_catalog_builder_add_campaign(&c, builder, id));
    MUST(promo_campaign_set_percent_bps(c, 500 + 100 * i));
    MUST(promo_campaign_set_starts(c, 2026, 1, 1 + i));
    MUST(promo_campaign_set_ends(c, 2026, 12, 31 - i));
    MUST(promo_campaign_set_time_zone(c, CAMPAIGN_ZONES[i]));
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
  b->miss_count = b->code_count < 1000000 ? b->code_count : 1000000;
  b->misses = calloc(b->miss_count, sizeof *b->misses);
  if (b->codes == NULL || b->misses == NULL) {
    die("calloc", PROMO_ERR_NO_MEMORY);
  }
  for (size_t i = 0; i < b->code_count; i++) {
    b->codes[i] = make_code(i, &rng);
  }
  for (size_t i = 0; i < b->miss_count; i++) {
    b->misses[i] = make_code(b->code_count + i, &rng);
  }
  b->hits = make_queries(b->codes, b->code_count);
  b->absent = make_queries(b->misses, b->miss_count);
  /* What the catalog costs: resident memory before the first code is
   * added and after the builder is freed (glibc gives freed memory back
   * first). */
  malloc_trim(0);
  long before = resident_bytes();
  for (size_t i = 0; i < b->code_count; i++) {
    MUST(promo_campaign_add_code(campaigns[i % CAMPAIGNS], b->codes[i],
                                 strlen(b->codes[i])));
  }
  MUST(promo_catalog_build(&b->catalog, builder));
  promo_catalog_builder_free(builder);
  malloc_trim(0);
  b->bytes_per_code =
      (double)(resident_bytes() - before) / (double)b->code_count;
}

/* ---- timing ------------------------------------------------------------ */

static double now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* CPU time of the calling thread: what a figure costs the core that runs
 * it, whatever else the machine runs (a shared machine takes the core away
 * for whole time slices, which wall time would count). */
static double cpu_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
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
    double t0 = cpu_ns();
    run(b, iterations, r);
    per[k] = (cpu_ns() - t0) / (double)iterations;
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
    const query *q = &b->hits[i % QUERIES];
    promo_order *o = NULL;
    MUST(promo_order_new(&o, b->catalog));
    MUST(promo_order_set_country(o, "NL"));
    MUST(promo_order_set_currency(o, "EUR"));
    MUST(promo_order_set_time_zone(o, ZONES[i % 4]));
    MUST(promo_order_set_placed_at(o, PLACED));
    MUST(promo_order_add_line(NULL, o, "sub-1", "O365_E3", true,
                              PROMO_TERM_MONTHLY, 10, 1050));
    MUST(promo_apply(r, o, q->code, q->len, NULL));
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
    const query *q = &b->hits[i % QUERIES];
    MUST(promo_apply(r, order, q->code, q->len, &options));
  }
}

/* Warm applies of codes that are in no campaign: R1's syntax, the lookup,
 * the refusal written into the result. */
static void warm_apply_miss(bench *b, size_t iterations, promo_result *r) {
  static promo_order *order;
  if (order == NULL) {
    order = bench_order(b);
  }
  promo_apply_options options = PROMO_APPLY_OPTIONS_INIT;
  options.dry_run = true;
  for (size_t i = 0; i < iterations; i++) {
    const query *q = &b->absent[i % QUERIES];
    if (promo_apply(r, order, q->code, q->len, &options) !=
        PROMO_ERR_CODE_NOT_FOUND) {
      die("a miss was found", PROMO_ERR_INVALID_ARGUMENT);
    }
  }
}

static void lookup_hit(bench *b, size_t iterations, promo_result *r) {
  (void)r;
  for (size_t i = 0; i < iterations; i++) {
    const query *q = &b->hits[i % QUERIES];
    const char *id = NULL;
    MUST(promo_catalog_find_code(&id, b->catalog, q->code, q->len));
  }
}

static void lookup_miss(bench *b, size_t iterations, promo_result *r) {
  (void)r;
  for (size_t i = 0; i < iterations; i++) {
    const query *q = &b->absent[i % QUERIES];
    const char *id = NULL;
    if (promo_catalog_find_code(&id, b->catalog, q->code, q->len) !=
        PROMO_ERR_CODE_NOT_FOUND) {
      die("a miss was found", PROMO_ERR_INVALID_ARGUMENT);
    }
  }
}

/* Batches of 64 codes (an operator's list, a partner's upload), the same
 * codes in the same order as lookup_hit; `iterations` codes in all. */
#define BATCH 64
static void batch_hit(bench *b, size_t iterations, promo_result *r) {
  (void)r;
  const char *codes[BATCH];
  size_t lens[BATCH];
  const char *ids[BATCH];
  promo_status statuses[BATCH];
  for (size_t base = 0; base < iterations; base += BATCH) {
    size_t n = iterations - base < BATCH ? iterations - base : BATCH;
    for (size_t k = 0; k < n; k++) {
      const query *q = &b->hits[(base + k) % QUERIES];
      codes[k] = q->code;
      lens[k] = q->len;
    }
    MUST(promo_catalog_find_codes(ids, statuses, b->catalog, codes, lens, n));
    for (size_t k = 0; k < n; k++) {
      if (statuses[k] != PROMO_OK) {
        die("batch", statuses[k]);
      }
    }
  }
}

/* ---- the bare table: what a lookup costs with nothing around it -------- */

/* Open addressing with linear probing, at most half full; a slot holds the
 * code's hash and a pointer to its bytes (NUL-terminated, as the bench
 * keeps them). The hash is a multiply-fold over 8-byte words, the kind
 * any fast table uses. */
typedef struct bare_slot {
  uint64_t hash;
  const char *code;
} bare_slot;

static bare_slot *bare_slots;
static size_t bare_mask;

static uint64_t bare_hash(const char *s, size_t len) {
  uint64_t h = UINT64_C(0x9E3779B97F4A7C15) ^ len;
  size_t i = 0;
  for (; i + 8 <= len; i += 8) {
    uint64_t w;
    memcpy(&w, s + i, 8);
    __extension__ unsigned __int128 p =
        (unsigned __int128)(h ^ w) * UINT64_C(0xBF58476D1CE4E5B9);
    h = (uint64_t)p ^ (uint64_t)(p >> 64);
  }
  uint64_t w = 0;
  memcpy(&w, s + i, len - i);
  __extension__ unsigned __int128 p =
      (unsigned __int128)(h ^ w) * UINT64_C(0x94D049BB133111EB);
  return ((uint64_t)p ^ (uint64_t)(p >> 64)) | 1; /* 0 is an empty slot */
}

static void bare_build(bench *b) {
  size_t cap = 16;
  while (cap < b->code_count * 2) {
    cap *= 2;
  }
  bare_slots = calloc(cap, sizeof *bare_slots);
  if (bare_slots == NULL) {
    die("calloc", PROMO_ERR_NO_MEMORY);
  }
  bare_mask = cap - 1;
  for (size_t i = 0; i < b->code_count; i++) {
    const char *code = b->codes[i];
    uint64_t h = bare_hash(code, strlen(code));
    size_t at = (size_t)h & bare_mask;
    while (bare_slots[at].hash != 0) {
      at = (at + 1) & bare_mask;
    }
    bare_slots[at].hash = h;
    bare_slots[at].code = code;
  }
}

static const char *bare_find(const char *code, size_t len) {
  uint64_t h = bare_hash(code, len);
  for (size_t at = (size_t)h & bare_mask; bare_slots[at].hash != 0;
       at = (at + 1) & bare_mask) {
    if (bare_slots[at].hash == h &&
        memcmp(bare_slots[at].code, code, len) == 0 &&
        bare_slots[at].code[len] == '\0') {
      return bare_slots[at].code;
    }
  }
  return NULL;
}

static void bare_hit(bench *b, size_t iterations, promo_result *r) {
  (void)r;
  if (bare_slots == NULL) {
    bare_build(b);
  }
  for (size_t i = 0; i < iterations; i++) {
    const query *q = &b->hits[i % QUERIES];
    if (bare_find(q->code, q->len) == NULL) {
      die("bare table", PROMO_ERR_CODE_NOT_FOUND);
    }
  }
}

/* ---- SQLite: an indexed table in memory --------------------------------- */

#ifdef BENCH_HAVE_SQLITE
static sqlite3 *db;
static sqlite3_stmt *select_stmt;

static void sqlite_must(int rc, const char *what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    fprintf(stderr, "promo-bench: sqlite: %s: %s\n", what, sqlite3_errmsg(db));
    exit(2);
  }
}

static void sqlite_build(bench *b) {
  sqlite_must(sqlite3_open(":memory:", &db), "open");
  sqlite_must(sqlite3_exec(db,
                           "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
                           "CREATE TABLE codes (code TEXT PRIMARY KEY, "
                           "campaign INTEGER NOT NULL) WITHOUT ROWID;"
                           "BEGIN;",
                           NULL, NULL, NULL),
              "create");
  sqlite3_stmt *insert = NULL;
  sqlite_must(sqlite3_prepare_v2(db, "INSERT INTO codes VALUES (?, ?)", -1,
                                 &insert, NULL),
              "prepare insert");
  for (size_t i = 0; i < b->code_count; i++) {
    sqlite3_bind_text(insert, 1, b->codes[i], -1, SQLITE_STATIC);
    sqlite3_bind_int(insert, 2, (int)(i % 10));
    sqlite_must(sqlite3_step(insert), "insert");
    sqlite3_reset(insert);
  }
  sqlite3_finalize(insert);
  sqlite_must(sqlite3_exec(db, "COMMIT;", NULL, NULL, NULL), "commit");
  sqlite_must(sqlite3_prepare_v2(db,
                                 "SELECT campaign FROM codes WHERE code = ?",
                                 -1, &select_stmt, NULL),
              "prepare select");
}

static void sqlite_hit(bench *b, size_t iterations, promo_result *r) {
  (void)r;
  if (db == NULL) {
    sqlite_build(b);
  }
  for (size_t i = 0; i < iterations; i++) {
    const query *q = &b->hits[i % QUERIES];
    sqlite3_bind_text(select_stmt, 1, q->code, q->len, SQLITE_STATIC);
    if (sqlite3_step(select_stmt) != SQLITE_ROW) {
      die("sqlite: a code was not found", PROMO_ERR_CODE_NOT_FOUND);
    }
    sqlite3_reset(select_stmt);
  }
}
#endif

/* ---- threads ------------------------------------------------------------ */

typedef struct thread_job {
  bench *b;
  size_t iterations;
  size_t offset;
  double cpu_ns; /* the thread's CPU time for its applies */
} thread_job;

/* A thread of a checkout service: its own order and result, the shared
 * catalog, warm applies of codes that exist. */
static void *apply_thread(void *arg) {
  thread_job *job = arg;
  bench *b = job->b;
  promo_order *order = bench_order(b);
  promo_result *r = NULL;
  MUST(promo_result_new(&r, NULL));
  promo_apply_options options = PROMO_APPLY_OPTIONS_INIT;
  options.dry_run = true;
  double t0 = cpu_ns();
  for (size_t i = 0; i < job->iterations; i++) {
    const query *q = &b->hits[(i + job->offset) % QUERIES];
    MUST(promo_apply(r, order, q->code, q->len, &options));
  }
  job->cpu_ns = cpu_ns() - t0;
  promo_result_free(r);
  promo_order_free(order);
  return NULL;
}

/* Wall time of `threads` threads doing `iterations` applies each; their
 * CPU time per apply in *cpu_per_apply. */
static double run_threads(bench *b, int threads, size_t iterations,
                          double *cpu_per_apply) {
  pthread_t ids[2];
  thread_job jobs[2];
  double t0 = now_ns();
  for (int t = 0; t < threads; t++) {
    jobs[t] = (thread_job){b, iterations, (size_t)t * 1000003u, 0};
    if (pthread_create(&ids[t], NULL, apply_thread, &jobs[t]) != 0) {
      die("pthread_create", PROMO_ERR_NO_MEMORY);
    }
  }
  double cpu = 0;
  for (int t = 0; t < threads; t++) {
    pthread_join(ids[t], NULL);
    cpu += jobs[t].cpu_ns;
  }
  *cpu_per_apply = cpu / (double)threads / (double)iterations;
  return now_ns() - t0;
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

static void measure_apply_miss(bench *b, promo_result *r) {
  set_figure("apply_miss_ns", time_workload(b, warm_apply_miss, 200000, r));
}

static void measure_lookup(bench *b, promo_result *r) {
  set_figure("lookup_hit_ns", time_workload(b, lookup_hit, 200000, r));
  set_figure("lookup_miss_ns", time_workload(b, lookup_miss, 200000, r));
}

static void measure_batch(bench *b, promo_result *r) {
  set_figure("batch_hit_ns", time_workload(b, batch_hit, 200000, r));
}

/* The ratio the issue asks for is measured in one run, interleaved, so
 * that both sides see the same load: bare, apply, bare, apply, ... */
static void measure_bare(bench *b, promo_result *r) {
  double bare[32];
  double apply[32];
  unsigned rounds = b->rounds > 32 ? 32 : b->rounds;
  unsigned saved = b->rounds;
  b->rounds = 1;
  bare_hit(b, 1000, r); /* builds the table */
  for (unsigned k = 0; k < rounds; k++) {
    bare[k] = time_workload(b, bare_hit, 200000, r);
    apply[k] = time_workload(b, warm_apply, 200000, r);
  }
  b->rounds = saved;
  qsort(bare, rounds, sizeof bare[0], cmp_double);
  qsort(apply, rounds, sizeof apply[0], cmp_double);
  set_figure("bare_hit_ns", bare[rounds / 2]);
  set_figure("apply_hit_ns", apply[rounds / 2]);
  set_figure("apply_hit_per_bare", apply[rounds / 2] / bare[rounds / 2]);
}

#ifdef BENCH_HAVE_SQLITE
static void measure_sqlite(bench *b, promo_result *r) {
  sqlite_hit(b, 1000, r); /* builds the table */
  double sql = time_workload(b, sqlite_hit, 100000, r);
  double find = time_workload(b, lookup_hit, 200000, r);
  set_figure("sqlite_hit_ns", sql);
  set_figure("lookup_hit_ns", find);
  set_figure("sqlite_per_lookup", sql / find);
}
#endif

static void measure_memory(bench *b, promo_result *r) {
  (void)r;
  set_figure("bytes_per_code", b->bytes_per_code);
}

/* ---- the catalog's source, and its compiled file ------------------------ */

static FILE *open_in(const char *dir, const char *name, char *path,
                     size_t size) {
  snprintf(path, size, "%s/%s", dir, name);
  FILE *f = fopen(path, "w");
  if (f == NULL) {
    fprintf(stderr, "promo-bench: %s: %s\n", path, strerror(errno));
    exit(2);
  }
  return f;
}

static void close_written(FILE *f, const char *path) {
  if (ferror(f) || fclose(f) != 0) {
    fprintf(stderr, "promo-bench: %s: write failed\n", path);
    exit(2);
  }
}

/* Writes into `dir` the catalog build_catalog() builds, as a service
 * without compiled files keeps it: catalog.json, its ten campaigns each
 * with a codes_file (codes-I.txt, one code a line). With `extras`, also
 * what bench/run-cold.sh needs: codes.csv ("code,campaign-I" lines, for
 * sqlite3's .import), order.json (the bench's order, which every campaign
 * accepts), and hit.txt and miss.txt (a code of the catalog, one in no
 * campaign). */
static void write_source(const bench *b, const char *dir, bool extras) {
  char path[4096];
  for (int c = 0; c < CAMPAIGNS; c++) {
    char name[32];
    snprintf(name, sizeof name, "codes-%d.txt", c);
    FILE *f = open_in(dir, name, path, sizeof path);
    for (size_t i = (size_t)c; i < b->code_count; i += CAMPAIGNS) {
      fputs(b->codes[i], f);
      fputc('\n', f);
    }
    close_written(f, path);
  }
  FILE *f = open_in(dir, "catalog.json", path, sizeof path);
  fputs("{\"campaigns\": [\n", f);
  for (int c = 0; c < CAMPAIGNS; c++) {
    fprintf(f,
            "  {\"id\": \"campaign-%d\", \"discount\": {\"percent_bps\": %d}, "
            "\"starts\": \"2026-01-%02d\", \"ends\": \"2026-12-%02d\", "
            "\"time_zone\": \"%s\", \"regions\": [\"%s\", \"US\"], "
            "\"products\": [\"O365_E3\", \"TEAMS_ESS\"], "
            "\"max_licenses\": 300, \"max_redemptions\": 1000000, "
            "\"codes_file\": \"codes-%d.txt\"}%s\n",
            c, 500 + 100 * c, 1 + c, 31 - c, CAMPAIGN_ZONES[c],
            c % 2 == 0 ? "155" : "EU", c, c + 1 < CAMPAIGNS ? "," : "");
  }
  fputs("]}\n", f);
  close_written(f, path);
  if (!extras) {
    return;
  }
  f = open_in(dir, "codes.csv", path, sizeof path);
  for (size_t i = 0; i < b->code_count; i++) {
    fprintf(f, "%s,campaign-%zu\n", b->codes[i], i % CAMPAIGNS);
  }
  close_written(f, path);
  f = open_in(dir, "order.json", path, sizeof path);
  fputs("{\"id\": \"bench-1\", \"country\": \"NL\", \"currency\": \"EUR\", "
        "\"time_zone\": \"Europe/Amsterdam\", "
        "\"placed_at\": \"2026-03-15T12:00:00Z\", \"completed\": false, "
        "\"lines\": [{\"subscription\": \"sub-1\", \"product\": \"O365_E3\", "
        "\"new\": true, \"term\": \"monthly\", \"licenses\": 10, "
        "\"unit_price\": 1050}]}\n",
        f);
  close_written(f, path);
  f = open_in(dir, "hit.txt", path, sizeof path);
  fprintf(f, "%s\n", b->codes[b->code_count / 2]);
  close_written(f, path);
  f = open_in(dir, "miss.txt", path, sizeof path);
  fprintf(f, "%s\n", b->misses[0]);
  close_written(f, path);
}

/* Removes what write_source(b, dir, false) wrote, and dir. */
static void remove_source(const char *dir) {
  char path[4096];
  for (int c = 0; c < CAMPAIGNS; c++) {
    snprintf(path, sizeof path, "%s/codes-%d.txt", dir, c);
    unlink(path);
  }
  snprintf(path, sizeof path, "%s/catalog.json", dir);
  unlink(path);
  rmdir(dir);
}

static void make_temp_dir(char *dir) {
  if (mkdtemp(dir) == NULL) {
    fprintf(stderr, "promo-bench: mkdtemp: %s\n", strerror(errno));
    exit(2);
  }
}

/* Rebuilding: the bench's catalog loaded by promo_json from its source
 * (catalog.json and its ten codes_files, write_source()), as `promo check`
 * and any service without compiled files do at start: the files read,
 * each code checked and added, the index built. Best of 3, CPU time. */
static void measure_build(bench *b, promo_result *r) {
  (void)r;
  char dir[] = "/tmp/promo-bench-XXXXXX";
  make_temp_dir(dir);
  write_source(b, dir, false);
  char path[64];
  snprintf(path, sizeof path, "%s/catalog.json", dir);
  double best = 0;
  for (unsigned k = 0; k < (b->rounds < 3 ? b->rounds : 3); k++) {
    promo_catalog *cat = NULL;
    promo_json_error err;
    double t0 = cpu_ns();
    MUST(promo_json_load_catalog(&cat, &err, path, NULL, NULL));
    double t = cpu_ns() - t0;
    if (promo_catalog_code_count(cat) != b->code_count) {
      die("the JSON catalog's codes", PROMO_ERR_INVALID_ARGUMENT);
    }
    promo_catalog_free(cat);
    best = k == 0 || t < best ? t : best;
  }
  set_figure("rebuild_ms", best / 1e6);
  set_figure("build_codes_per_s", (double)b->code_count / (best / 1e9));
  remove_source(dir);
}

static void must_open(promo_catalog **out, const char *path, bool verify) {
  promo_open_options o = PROMO_OPEN_OPTIONS_INIT;
  o.verify = verify;
  promo_file_error err;
  promo_status st = promo_catalog_open(out, &err, path, &o);
  if (st != PROMO_OK) {
    fprintf(stderr, "promo-bench: %s\n", err.text);
    die("promo_catalog_open", st);
  }
}

/* The catalog written with promo_catalog_write (bytes per code), then
 * opened: best of 9 opens, each with one lookup so that the open is one a
 * process can use, in CPU time (the thread's, system time included: the
 * mapping and the page faults the lookup takes). The file was just
 * written, so the page cache is warm: this is the open of a file the
 * machine has read before (a service's restart), not of one on a cold
 * disk. Then find_code on the opened catalog against the built one,
 * interleaved, after one pass over every query code on each, so that
 * neither pays its first page faults in the figure. */
static void measure_compiled(bench *b, promo_result *r) {
  char dir[] = "/tmp/promo-bench-XXXXXX";
  make_temp_dir(dir);
  char path[64];
  snprintf(path, sizeof path, "%s/catalog.promo", dir);
  promo_file_error err;
  promo_status st = promo_catalog_write(b->catalog, path, &err);
  if (st != PROMO_OK) {
    fprintf(stderr, "promo-bench: %s\n", err.text);
    die("promo_catalog_write", st);
  }
  struct stat info;
  if (stat(path, &info) != 0) {
    die("stat", PROMO_ERR_INVALID_ARGUMENT);
  }
  set_figure("compiled_bytes_per_code",
             (double)info.st_size / (double)b->code_count);
  const query *q = &b->hits[QUERIES / 2];
  for (int verify = 0; verify < 2; verify++) {
    double best = 0;
    for (unsigned k = 0; k < 9; k++) {
      promo_catalog *cat = NULL;
      const char *id = NULL;
      double t0 = cpu_ns();
      must_open(&cat, path, verify != 0);
      MUST(promo_catalog_find_code(&id, cat, q->code, q->len));
      double t = cpu_ns() - t0;
      promo_catalog_free(cat);
      best = k == 0 || t < best ? t : best;
    }
    set_figure(verify ? "compiled_open_verify_ms" : "compiled_open_ms",
               best / 1e6);
  }
  double rebuild = get_figure("rebuild_ms");
  if (rebuild > 0) {
    set_figure("rebuild_per_open", rebuild / get_figure("compiled_open_ms"));
  }
  promo_catalog *built = b->catalog;
  promo_catalog *mapped = NULL;
  must_open(&mapped, path, false);
  b->catalog = mapped;
  lookup_hit(b, QUERIES, r);
  b->catalog = built;
  lookup_hit(b, QUERIES, r);
  double on_built[32];
  double on_mapped[32];
  unsigned rounds = b->rounds > 32 ? 32 : b->rounds;
  unsigned saved = b->rounds;
  b->rounds = 1;
  for (unsigned k = 0; k < rounds; k++) {
    on_built[k] = time_workload(b, lookup_hit, 200000, r);
    b->catalog = mapped;
    on_mapped[k] = time_workload(b, lookup_hit, 200000, r);
    b->catalog = built;
  }
  b->rounds = saved;
  qsort(on_built, rounds, sizeof on_built[0], cmp_double);
  qsort(on_mapped, rounds, sizeof on_mapped[0], cmp_double);
  set_figure("built_lookup_hit_ns", on_built[rounds / 2]);
  set_figure("mapped_lookup_hit_ns", on_mapped[rounds / 2]);
  promo_catalog_free(mapped);
  unlink(path);
  rmdir(dir);
}

static void measure_threads(bench *b, promo_result *r) {
  (void)r;
  const size_t n = 400000;
  double cpu = 0;
  run_threads(b, 2, n / 10, &cpu); /* warm */
  double one[32];
  double two[32];
  double cpu_one[32];
  double cpu_two[32];
  unsigned rounds = b->rounds > 32 ? 32 : b->rounds;
  for (unsigned k = 0; k < rounds; k++) {
    one[k] = run_threads(b, 1, n, &cpu_one[k]);
    two[k] = run_threads(b, 2, n, &cpu_two[k]); /* twice the work */
  }
  qsort(one, rounds, sizeof one[0], cmp_double);
  qsort(two, rounds, sizeof two[0], cmp_double);
  qsort(cpu_one, rounds, sizeof cpu_one[0], cmp_double);
  qsort(cpu_two, rounds, sizeof cpu_two[0], cmp_double);
  set_figure("threads2_speedup", 2.0 * one[rounds / 2] / two[rounds / 2]);
  /* What two idle cores would give: twice the work in the time of one,
   * less what the threads cost each other (shared caches, contention),
   * which shows as CPU time per apply. A loaded machine does not give
   * two cores to two threads, but hardly changes their CPU time. */
  set_figure("threads2_cpu_speedup",
             2.0 * cpu_one[rounds / 2] / cpu_two[rounds / 2]);
}

typedef struct measure {
  const char *name; /* for --only and --callgrind */
  void (*run)(bench *b, promo_result *r);
  workload work; /* what --callgrind runs */
} measure;

static const measure MEASURES[] = {
    {"new_order", measure_new_order, new_order_apply},
    {"apply_hit", measure_apply_hit, warm_apply},
    {"apply_miss", measure_apply_miss, warm_apply_miss},
    {"lookup", measure_lookup, lookup_hit},
    {"lookup_miss", NULL, lookup_miss},
    {"batch", measure_batch, batch_hit},
    {"bare", measure_bare, bare_hit},
#ifdef BENCH_HAVE_SQLITE
    {"sqlite", measure_sqlite, sqlite_hit},
#endif
    {"memory", measure_memory, NULL},
    {"build", measure_build, NULL},
    {"compiled", measure_compiled, NULL},
    {"threads", measure_threads, NULL},
};
#define N_MEASURES (sizeof MEASURES / sizeof MEASURES[0])

/* ---- output ------------------------------------------------------------ */

static void print_table(FILE *out) {
  fprintf(out, "%-66s %14s\n", "figure", "value");
  for (size_t i = 0; i < N_FIGURES; i++) {
    if (FIGURES[i].measured) {
      int digits = FIGURES[i].value < 10 ? 3 : 1;
      fprintf(out, "%-66s %11.*f %s\n", FIGURES[i].label, digits,
              FIGURES[i].value, FIGURES[i].unit);
    }
  }
}

static void print_json(FILE *out) {
  fputc('{', out);
  const char *sep = "";
  for (size_t i = 0; i < N_FIGURES; i++) {
    if (FIGURES[i].measured) {
      /* three decimals below 10 (milliseconds of an open, ratios) */
      int digits = FIGURES[i].value < 10 ? 3 : 1;
      fprintf(out, "%s\"%s\": %.*f", sep, FIGURES[i].key, digits,
              FIGURES[i].value);
      sep = ", ";
    }
  }
  fputs("}\n", out);
}

static void usage(void) {
  fputs("usage: promo-bench [--codes N] [--rounds N] [--only NAME]\n"
        "                   [--callgrind NAME [--iterations N]]\n"
        "       promo-bench [--codes N] --write DIR\n"
        "NAME: new_order, apply_hit, apply_miss, lookup, lookup_miss "
        "(callgrind only),\n"
        "      batch, bare, sqlite, memory, build, compiled, threads\n"
        "--write DIR: write the bench's catalog into DIR (catalog.json, "
        "codes-I.txt,\n"
        "      codes.csv, order.json, hit.txt, miss.txt) and measure "
        "nothing\n",
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
  bench b = {10000000, NULL, 0, NULL, NULL, NULL, NULL, 5, 0};
  const measure *only = NULL;
  const measure *callgrind = NULL;
  size_t iterations = 1000;
  const char *write_dir = NULL;
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
    } else if (strcmp(argv[i], "--write") == 0) {
      write_dir = argv[++i];
    } else {
      usage();
    }
  }
  build_catalog(&b);
  set_figure("codes", (double)b.code_count);
  promo_result *r = NULL;
  MUST(promo_result_new(&r, NULL));
  if (write_dir != NULL) {
    write_source(&b, write_dir, true);
  } else if (callgrind != NULL) {
    if (callgrind->work == NULL) {
      usage();
    }
    callgrind->work(&b, iterations, r); /* warm: lazy tables, caches */
    CALLGRIND_TOGGLE_COLLECT;
    callgrind->work(&b, iterations, r);
    CALLGRIND_TOGGLE_COLLECT;
    fprintf(stderr, "%s: %zu iterations collected\n", callgrind->name,
            iterations);
  } else {
    for (size_t i = 0; i < N_MEASURES; i++) {
      if (MEASURES[i].run != NULL && (only == NULL || only == &MEASURES[i])) {
        MEASURES[i].run(&b, r);
      }
    }
    print_table(stderr);
    print_json(stdout);
  }
  promo_result_free(r);
  promo_catalog_free(b.catalog);
  free(b.codes); /* their bytes stay in the arena until exit */
  free(b.misses);
  free(b.hits);
  free(b.absent);
#ifdef BENCH_HAVE_SQLITE
  if (db != NULL) {
    sqlite3_finalize(select_stmt);
    sqlite3_close(db);
  }
#endif
  free(bare_slots);
  return 0;
}
