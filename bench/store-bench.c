/* store-bench.c - commits per second through promo_order_complete(), in
 * the in-memory store (1 and 2 threads) and, given a URL, in PostgreSQL (1,
 * 2 and 8 connections, one thread each), on one hot campaign and on 1000
 * cold ones, all in one run. Each commit is a new order id, so each one
 * counts (the caps are never reached).
 *
 *   promo-store-bench [--seconds S] [--pg URL [--pg-label TEXT]]
 *                     [--no-memory]
 *   promo-store-bench --count N [--cold]
 *
 * --count runs exactly N commits on one thread in the in-memory store and
 * prints nothing but the count: run it under callgrind for N and for 0 and
 * divide the difference by N, an instruction count per commit that does
 * not depend on the machine's load (bench/run-store.sh does).
 *
 * bench/run-store.sh starts a PostgreSQL server for it. Figures depend on
 * the machine and its load: the load average is printed before and after,
 * and README.md states the conditions of the figures it quotes. Nothing
 * here is a test. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */

#include <promo/promo.h>
#ifdef PROMO_BENCH_PG
#include <promo/pg.h>
#endif

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define COLD_CAMPAIGNS 1000
#define MAX_THREADS 8

static void die(const char *what, const char *why) {
  fprintf(stderr, "promo-store-bench: %s: %s\n", what, why);
  exit(1);
}

static void must(promo_status st, const char *what) {
  if (st != PROMO_OK) {
    die(what, promo_status_name(st));
  }
}

static double now_s(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void load_average(const char *when) {
  FILE *f = fopen("/proc/loadavg", "r");
  char line[128] = "unknown";
  if (f != NULL) {
    if (fgets(line, sizeof line, f) == NULL) {
      snprintf(line, sizeof line, "unknown\n");
    }
    fclose(f);
  }
  printf("load average %s: %s", when, line);
}

/* "hot" (code HOT) and cold-0000 ... cold-0999 (COLD0000 ...), each capped
 * far above what a run can commit: the cap is checked, never reached. */
static promo_catalog *bench_catalog(promo_store *store) {
  promo_catalog_builder *b = NULL;
  promo_campaign *c = NULL;
  must(promo_catalog_builder_new(&b, NULL), "builder");
  must(promo_catalog_builder_set_store(b, store), "set_store");
  for (int i = -1; i < COLD_CAMPAIGNS; i++) {
    char id[32];
    char code[32];
    if (i < 0) {
      snprintf(id, sizeof id, "hot");
      snprintf(code, sizeof code, "HOT");
    } else {
      snprintf(id, sizeof id, "cold-%04d", i);
      snprintf(code, sizeof code, "COLD%04d", i);
    }
    must(promo_catalog_builder_add_campaign(&c, b, id), "campaign");
    must(promo_campaign_set_percent_bps(c, 1000), "percent");
    must(promo_campaign_set_max_redemptions(c, INT64_C(1000000000000)), "cap");
    must(promo_campaign_add_code(c, code, strlen(code)), "code");
  }
  promo_catalog *cat = NULL;
  must(promo_catalog_build(&cat, b), "build");
  promo_catalog_builder_free(b);
  return cat;
}

typedef struct run {
  promo_catalog *cat;
  bool hot;
  double until;
  long count;      /* > 0: exactly this many commits, no clock */
  const char *tag; /* unique per run, so order ids never repeat */
  atomic_long commits;
  atomic_long failures;
} run;

typedef struct worker {
  run *r;
  int thread;
} worker;

static void *commit_loop(void *arg) {
  worker *w = arg;
  run *r = w->r;
  promo_order *o = NULL;
  must(promo_order_new(&o, r->cat), "order");
  must(promo_order_set_country(o, "NL"), "country");
  must(promo_order_set_currency(o, "EUR"), "currency");
  must(promo_order_set_placed_at(o, 1774992600), "placed_at");
  must(promo_order_add_line(NULL, o, "sub-0", "O365_E3", true,
                            PROMO_TERM_ANNUAL, 1, 1000),
       "line");
  uint64_t seed = 0x9E3779B97F4A7C15u * (uint64_t)(w->thread + 1);
  long n = 0;
  long failures = 0;
  while (r->count > 0 ? n < r->count : (n & 15) != 0 || now_s() < r->until) {
    char id[64];
    snprintf(id, sizeof id, "%s-%d-%ld", r->tag, w->thread, n);
    char code[16] = "HOT";
    if (!r->hot) {
      seed ^= seed << 13;
      seed ^= seed >> 7;
      seed ^= seed << 17;
      snprintf(code, sizeof code, "COLD%04d", (int)(seed % COLD_CAMPAIGNS));
    }
    must(promo_order_set_id(o, id), "set_id");
    must(promo_order_set_completed(o, false), "set_completed");
    must(promo_order_set_line_promo_code(o, 0, code, strlen(code)), "code");
    if (promo_order_complete(o) != PROMO_OK) {
      failures++;
    }
    n++;
  }
  promo_order_free(o);
  atomic_fetch_add(&r->commits, n - failures);
  atomic_fetch_add(&r->failures, failures);
  return NULL;
}

/* Commits per second with `threads` threads for `seconds`. */
static double measure(promo_catalog *cat, bool hot, int threads, double seconds,
                      const char *tag) {
  static run r;
  memset((void *)&r, 0, sizeof r);
  r.cat = cat;
  r.hot = hot;
  r.tag = tag;
  double start = now_s();
  r.until = start + seconds;
  pthread_t ids[MAX_THREADS];
  worker w[MAX_THREADS];
  for (int t = 0; t < threads; t++) {
    w[t].r = &r;
    w[t].thread = t;
    if (pthread_create(&ids[t], NULL, commit_loop, &w[t]) != 0) {
      die("pthread_create", "failed");
    }
  }
  for (int t = 0; t < threads; t++) {
    pthread_join(ids[t], NULL);
  }
  double elapsed = now_s() - start;
  if (atomic_load(&r.failures) != 0) {
    fprintf(stderr, "promo-store-bench: %ld commits failed\n",
            atomic_load(&r.failures));
  }
  return (double)atomic_load(&r.commits) / elapsed;
}

static void report(const char *store, int threads, const char *what,
                   double rate) {
  printf("| %-10s | %2d | %-5s | %10.0f |\n", store, threads, what, rate);
  fflush(stdout);
}

/* --count: exactly n commits, one thread, the in-memory store. */
static int count_only(long n, bool cold) {
  promo_store *memory = NULL;
  must(promo_store_new_memory(&memory, NULL), "memory store");
  promo_catalog *cat = bench_catalog(memory);
  static run r;
  memset((void *)&r, 0, sizeof r);
  r.cat = cat;
  r.hot = !cold;
  r.tag = "count";
  r.count = n;
  worker w = {&r, 0};
  if (n > 0) {
    commit_loop(&w);
  }
  printf("%ld commits\n", atomic_load(&r.commits));
  promo_catalog_free(cat);
  promo_store_release(memory);
  return 0;
}

int main(int argc, char **argv) {
  if (argc >= 3 && strcmp(argv[1], "--count") == 0) {
    bool cold = argc >= 4 && strcmp(argv[3], "--cold") == 0;
    return count_only(strtol(argv[2], NULL, 10), cold);
  }
  double seconds = 3;
  const char *pg_url = NULL;
  const char *pg_label = "postgresql";
  bool memory_runs = true;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--seconds") == 0 && i + 1 < argc) {
      seconds = strtod(argv[++i], NULL);
    } else if (strcmp(argv[i], "--pg") == 0 && i + 1 < argc) {
      pg_url = argv[++i];
    } else if (strcmp(argv[i], "--pg-label") == 0 && i + 1 < argc) {
      pg_label = argv[++i];
    } else if (strcmp(argv[i], "--no-memory") == 0) {
      memory_runs = false;
    } else {
      die("usage", "promo-store-bench [--seconds S] [--pg URL [--pg-label "
                   "TEXT]] [--no-memory]");
    }
  }
  char tag[64];
  snprintf(tag, sizeof tag, "bench%ld", (long)time(NULL));
  load_average("before");
  printf("| store      | th | camp. |  commits/s |\n");
  printf("|------------|----|-------|------------|\n");

  promo_store *memory = NULL;
  must(promo_store_new_memory(&memory, NULL), "memory store");
  promo_catalog *cat = bench_catalog(memory);
  for (int threads = 1; memory_runs && threads <= 2; threads++) {
    for (int hot = 1; hot >= 0; hot--) {
      char run_tag[96];
      snprintf(run_tag, sizeof run_tag, "%s-m%d%d", tag, threads, hot);
      report("memory", threads, hot ? "hot" : "cold",
             measure(cat, hot != 0, threads, seconds, run_tag));
    }
  }
  promo_catalog_free(cat);
  promo_store_release(memory);

  if (pg_url != NULL) {
#ifdef PROMO_BENCH_PG
    static const int CONNECTIONS[] = {1, 2, 8};
    for (size_t k = 0; k < 3; k++) {
      promo_pg_options o = PROMO_PG_OPTIONS_INIT;
      o.pool_size = (size_t)CONNECTIONS[k];
      o.statement_timeout_ms = 30000;
      promo_store *pg = NULL;
      promo_store_error e;
      if (promo_pg_store_new(&pg, pg_url, &o, &e) != PROMO_OK) {
        die("PostgreSQL store", e.text);
      }
      cat = bench_catalog(pg);
      for (int hot = 1; hot >= 0; hot--) {
        char run_tag[96];
        snprintf(run_tag, sizeof run_tag, "%s-p%d%d", tag, CONNECTIONS[k], hot);
        report(pg_label, CONNECTIONS[k], hot ? "hot" : "cold",
               measure(cat, hot != 0, CONNECTIONS[k], seconds, run_tag));
      }
      promo_catalog_free(cat);
      promo_store_release(pg);
    }
#else
    die("--pg", "built without promo_pg");
#endif
  }
  load_average("after");
  return 0;
}
