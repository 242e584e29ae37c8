/* test_pg.c - R11 in PostgreSQL, on a real server that the test fixture
 * started (tests/pg/server.sh; PROMO_PG_DIR names its directory): the
 * schema applied on first use or by an operator; the flow; eight processes
 * racing on one campaign, one of them killed while it holds a reservation;
 * threads sharing a pool; and the faults -- a server stopped mid-run, a
 * statement timeout, a connection killed under the store, a wrong password
 * -- which are store_unavailable, never a count, and safe to retry.
 *
 * Without a server (no PROMO_PG_DIR/url), the program says why and exits 77
 * (ctest: skipped), unless PROMO_REQUIRE_PG=1, as in CI. */
#define _POSIX_C_SOURCE 200809L /* kill, fdopen, mkdtemp */

#include "support.h"

#include <promo/pg.h>

#include <check.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MUST(call) ck_assert_int_eq((call), PROMO_OK)
/* In child processes, where Check's assertions must not run. */
#define REQUIRE(call)                                                          \
  do {                                                                         \
    if ((call) != PROMO_OK) {                                                  \
      fprintf(stderr, "%s:%d: %s failed\n", __FILE__, __LINE__, #call);        \
      _exit(3);                                                                \
    }                                                                          \
  } while (0)

#define SKIPPED 77

static char url[1024];     /* the socket, no password: fast */
static char tcp_url[1024]; /* TCP with a password */
static char admin_url[1024];
static char server_dir[1024];
static char server_sh[1024];

/* ---- the server ---------------------------------------------------------- */

static bool read_line(const char *dir, const char *name, char *buf,
                      size_t size) {
  char path[1200];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "r");
  if (f == NULL) {
    return false;
  }
  bool ok = fgets(buf, (int)size, f) != NULL;
  fclose(f);
  buf[strcspn(buf, "\n")] = '\0';
  return ok && buf[0] != '\0';
}

/* Runs `server.sh <command> <dir>`; false when it failed. */
static bool server(const char *command) {
  char line[2600];
  snprintf(line, sizeof line, "'%s' %s '%s'", server_sh, command, server_dir);
  return system(line) == 0;
}

/* A libpq connection as the service's role, for what the test itself does
 * to the database. */
static void quiet(void *arg, const char *message) {
  (void)arg;
  (void)message;
}

static PGconn *admin(void) {
  PGconn *c = PQconnectdb(url);
  ck_assert_msg(PQstatus(c) == CONNECTION_OK, "%s", PQerrorMessage(c));
  PQsetNoticeProcessor(c, quiet, NULL);
  return c;
}

static void sql(PGconn *c, const char *text) {
  PGresult *r = PQexec(c, text);
  ExecStatusType st = PQresultStatus(r);
  ck_assert_msg(st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK, "%s: %s", text,
                PQresultErrorMessage(r));
  PQclear(r);
}

static long long sql_number(PGconn *c, const char *text) {
  PGresult *r = PQexec(c, text);
  ck_assert_msg(PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1,
                "%s: %s", text, PQresultErrorMessage(r));
  long long v = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
  PQclear(r);
  return v;
}

/* The service's URL with libpq's application_name set to `name`, so that
 * the test can find the store's own connections in pg_stat_activity. */
static void url_named(char *buf, size_t size, const char *name) {
  snprintf(buf, size, "%s%sapplication_name=%s", url,
           strchr(url, '?') == NULL ? "?" : "&", name);
}

/* ---- fixture ------------------------------------------------------------- */

static test_clock clock_;

static promo_pg_options options_on(test_clock *clock) {
  promo_pg_options o = PROMO_PG_OPTIONS_INIT;
  if (clock != NULL) {
    o.clock = test_clock_now;
    o.clock_ctx = clock;
  }
  return o;
}

static promo_store *pg_store(test_clock *clock) {
  promo_pg_options o = options_on(clock);
  promo_store *store = NULL;
  promo_store_error e;
  promo_status st = promo_pg_store_new(&store, url, &o, &e);
  ck_assert_msg(st == PROMO_OK, "%s", e.text);
  return store;
}

/* Campaign ids unique to this run, so that tests and runs never meet. */
static char run_tag[32];

static void tagged(char *buf, size_t size, const char *name) {
  snprintf(buf, size, "%s-%s", run_tag, name);
}

/* One campaign `name` (tagged), code CODE, max `cap` (0: none). */
static promo_catalog *one_campaign(promo_store *store, const char *name,
                                   int64_t cap) {
  promo_catalog_builder *b = NULL;
  promo_campaign *c = NULL;
  char id[96];
  tagged(id, sizeof id, name);
  if (promo_catalog_builder_new(&b, NULL) != PROMO_OK ||
      promo_catalog_builder_set_store(b, store) != PROMO_OK ||
      promo_catalog_builder_add_campaign(&c, b, id) != PROMO_OK ||
      promo_campaign_set_percent_bps(c, 1000) != PROMO_OK ||
      (cap > 0 && promo_campaign_set_max_redemptions(c, cap) != PROMO_OK) ||
      promo_campaign_add_code(c, "CODE", 4) != PROMO_OK) {
    abort();
  }
  promo_catalog *cat = NULL;
  if (promo_catalog_build(&cat, b) != PROMO_OK) {
    abort();
  }
  promo_catalog_builder_free(b);
  return cat;
}

/* An order `id` with one new line carrying CODE. */
static promo_order *order_of(promo_catalog *cat, const char *id) {
  promo_order *o = NULL;
  if (promo_order_new(&o, cat) != PROMO_OK ||
      promo_order_set_id(o, id) != PROMO_OK ||
      promo_order_set_country(o, "NL") != PROMO_OK ||
      promo_order_set_currency(o, "EUR") != PROMO_OK ||
      promo_order_set_placed_at(o, 1774992600) != PROMO_OK ||
      promo_order_add_line(NULL, o, "sub-0", "O365_E3", true, PROMO_TERM_ANNUAL,
                           1, 1000) != PROMO_OK ||
      promo_order_set_line_promo_code(o, 0, "CODE", 4) != PROMO_OK) {
    abort();
  }
  return o;
}

static promo_status op_on(promo_catalog *cat, const char *id, char op) {
  promo_order *o = order_of(cat, id);
  promo_status st = PROMO_OK;
  switch (op) {
  case 'c':
    st = promo_order_complete(o);
    break;
  case 'r':
    st = promo_order_reserve(o, 60);
    break;
  case 'l':
    st = promo_order_release(o);
    break;
  default:
    st = promo_order_refund(o);
    break;
  }
  promo_order_free(o);
  return st;
}

static promo_redemptions counts_of(promo_catalog *cat, const char *name) {
  char id[96];
  tagged(id, sizeof id, name);
  promo_redemptions r = PROMO_REDEMPTIONS_INIT;
  promo_store_error e;
  promo_status st = promo_catalog_redemptions(&r, cat, id, &e);
  ck_assert_msg(st == PROMO_OK, "%s", e.text);
  return r;
}

/* ---- the schema ---------------------------------------------------------- */

START_TEST(pg_schema_applied_on_first_use_or_by_the_operator_never_newer) {
  PGconn *c = admin();
  sql(c, "DROP SCHEMA IF EXISTS promo CASCADE");
  promo_pg_options o = PROMO_PG_OPTIONS_INIT;
  o.apply_schema = false;
  promo_store *store = NULL;
  promo_store_error e;
  ck_assert_int_eq(promo_pg_store_new(&store, url, &o, &e),
                   PROMO_ERR_STORE_UNAVAILABLE);
  ck_assert_str_eq(e.text, "the database has no promo schema (version 1 "
                           "needed): run `promo store init --store URL`");
  ck_assert_ptr_null(store);
  /* What `promo store init` does; twice is fine. */
  MUST(promo_pg_schema_apply(url, &e));
  MUST(promo_pg_schema_apply(url, NULL));
  ck_assert_int_eq(sql_number(c, "SELECT max(version) FROM "
                                 "promo.schema_version"),
                   1);
  MUST(promo_pg_store_new(&store, url, &o, &e));
  promo_store_release(store);
  /* A schema from the future is refused, whatever the options. */
  sql(c, "INSERT INTO promo.schema_version (version) VALUES (2)");
  o.apply_schema = true;
  ck_assert_int_eq(promo_pg_store_new(&store, url, &o, &e),
                   PROMO_ERR_STORE_UNAVAILABLE);
  ck_assert_str_eq(e.text, "the database's promo schema is version 2, newer "
                           "than this library's 1: upgrade libpromo_pg");
  sql(c, "DELETE FROM promo.schema_version WHERE version = 2");
  /* Dropped again: the next store applies it by itself. */
  sql(c, "DROP SCHEMA promo CASCADE");
  MUST(promo_pg_store_new(&store, url, &o, &e));
  promo_store_release(store);
  ck_assert_int_eq(promo_pg_schema_version(), PROMO_PG_SCHEMA_VERSION);
  ck_assert_ptr_nonnull(strstr(promo_pg_schema_sql(), "CREATE SCHEMA"));
  PQfinish(c);
}
END_TEST

START_TEST(pg_a_role_without_ddl_rights_is_told_to_run_store_init) {
  /* A role that may connect but not create: the service's role as a
   * careful operator sets it up. */
  PGconn *su = PQconnectdb(admin_url);
  ck_assert_msg(PQstatus(su) == CONNECTION_OK, "%s", PQerrorMessage(su));
  PQsetNoticeProcessor(su, quiet, NULL);
  sql(su, "DROP ROLE IF EXISTS promo_service");
  sql(su, "CREATE ROLE promo_service LOGIN");
  PGconn *c = admin();
  sql(c, "DROP SCHEMA IF EXISTS promo CASCADE");
  char service_url[1100];
  snprintf(service_url, sizeof service_url, "%s", url);
  char *user = strstr(service_url, "promo@");
  ck_assert_ptr_nonnull(user);
  memmove(user + strlen("promo_service@"), user + strlen("promo@"),
          strlen(user + strlen("promo@")) + 1);
  memcpy(user, "promo_service@", strlen("promo_service@"));
  promo_store *store = NULL;
  promo_store_error e;
  ck_assert_int_eq(promo_pg_store_new(&store, service_url, NULL, &e),
                   PROMO_ERR_STORE_UNAVAILABLE);
  ck_assert_msg(strstr(e.text, "the redemption store refused a statement") !=
                        NULL &&
                    strstr(e.text, "permission denied") != NULL,
                "%s", e.text);
  /* The operator applies it with the owner's rights, grants, and the
   * service runs. */
  MUST(promo_pg_schema_apply(url, &e));
  sql(c, "GRANT USAGE ON SCHEMA promo TO promo_service");
  sql(c, "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA promo "
         "TO promo_service");
  promo_pg_options o = PROMO_PG_OPTIONS_INIT;
  o.apply_schema = false;
  MUST(promo_pg_store_new(&store, service_url, &o, &e));
  promo_catalog *cat = one_campaign(store, "service", 1);
  MUST(op_on(cat, "a", 'c'));
  ck_assert_int_eq(op_on(cat, "b", 'c'), PROMO_ERR_REDEMPTION_LIMIT);
  promo_catalog_free(cat);
  promo_store_release(store);
  sql(c, "REVOKE ALL ON ALL TABLES IN SCHEMA promo FROM promo_service");
  sql(c, "REVOKE USAGE ON SCHEMA promo FROM promo_service");
  sql(su, "DROP ROLE promo_service");
  PQfinish(c);
  PQfinish(su);
}
END_TEST

START_TEST(pg_a_schema_dropped_under_a_running_store_fails_until_restored) {
  promo_store *store = pg_store(NULL);
  promo_catalog *cat = one_campaign(store, "dropped", 3);
  MUST(op_on(cat, "a", 'c'));
  PGconn *c = admin();
  sql(c, "DROP SCHEMA promo CASCADE");
  promo_order *o = order_of(cat, "b");
  ck_assert_int_eq(promo_order_complete(o), PROMO_ERR_STORE_UNAVAILABLE);
  ck_assert_msg(strstr(promo_order_error(o),
                       "the redemption store refused a statement") != NULL,
                "%s", promo_order_error(o));
  promo_redemptions r = PROMO_REDEMPTIONS_INIT;
  char id[96];
  tagged(id, sizeof id, "dropped");
  ck_assert_int_eq(promo_catalog_redemptions(&r, cat, id, NULL),
                   PROMO_ERR_STORE_UNAVAILABLE);
  /* `promo store init`: the same store goes on, with new (empty) tables. */
  MUST(promo_pg_schema_apply(url, NULL));
  MUST(promo_order_complete(o));
  ck_assert_int_eq(counts_of(cat, "dropped").redeemed, 1);
  promo_order_free(o);
  PQfinish(c);
  promo_catalog_free(cat);
  promo_store_release(store);
}
END_TEST

/* ---- the flow ------------------------------------------------------------ */

START_TEST(pg_reserve_commit_release_refund_as_in_memory) {
  atomic_store(&clock_.now, INT64_C(1800000000));
  promo_store *store = pg_store(&clock_);
  promo_catalog *cat = one_campaign(store, "flow", 2);
  MUST(op_on(cat, "a", 'r'));
  MUST(op_on(cat, "b", 'r'));
  ck_assert_int_eq(op_on(cat, "c", 'r'), PROMO_ERR_REDEMPTION_LIMIT);
  ck_assert_int_eq(op_on(cat, "c", 'c'), PROMO_ERR_REDEMPTION_LIMIT);
  promo_redemptions n = counts_of(cat, "flow");
  ck_assert_int_eq(n.reserved, 2);
  ck_assert_int_eq(n.max_redemptions, 2);
  /* R11 in apply: another order is refused, a holder is not. */
  promo_order *o = order_of(cat, "c");
  MUST(promo_order_set_line_promo_code(o, 0, NULL, 0));
  ck_assert_int_eq(promo_apply(NULL, o, "CODE", 4, NULL),
                   PROMO_ERR_REDEMPTION_LIMIT);
  promo_order_free(o);
  o = order_of(cat, "a");
  MUST(promo_order_set_line_promo_code(o, 0, NULL, 0));
  MUST(promo_apply(NULL, o, "CODE", 4, NULL));
  promo_order_free(o);
  /* Commit converts; again counts nothing; release frees; expiry frees. */
  MUST(op_on(cat, "a", 'c'));
  MUST(op_on(cat, "a", 'c'));
  MUST(op_on(cat, "b", 'l'));
  MUST(op_on(cat, "b", 'l'));
  n = counts_of(cat, "flow");
  ck_assert_int_eq(n.redeemed, 1);
  ck_assert_int_eq(n.reserved, 0);
  MUST(op_on(cat, "c", 'r'));
  atomic_fetch_add(&clock_.now, 60);
  n = counts_of(cat, "flow");
  ck_assert_int_eq(n.reserved, 0);
  MUST(op_on(cat, "d", 'c'));
  ck_assert_int_eq(op_on(cat, "c", 'c'), PROMO_ERR_REDEMPTION_LIMIT);
  /* Refund brings the slot back, once. */
  MUST(op_on(cat, "a", 'f'));
  MUST(op_on(cat, "a", 'f'));
  n = counts_of(cat, "flow");
  ck_assert_int_eq(n.redeemed, 1);
  MUST(op_on(cat, "c", 'c'));
  ck_assert_int_eq(op_on(cat, "a", 'c'), PROMO_ERR_REDEMPTION_LIMIT);
  n = counts_of(cat, "flow");
  ck_assert_int_eq(n.redeemed, 2);
  promo_catalog_free(cat);
  promo_store_release(store);
}
END_TEST

START_TEST(pg_counts_survive_the_store_and_the_catalog) {
  promo_store *store = pg_store(NULL);
  promo_catalog *cat = one_campaign(store, "survive", 1);
  MUST(op_on(cat, "a", 'c'));
  promo_catalog_free(cat);
  promo_store_release(store);
  /* A new process would do the same: a new store, a new catalog. */
  store = pg_store(NULL);
  cat = one_campaign(store, "survive", 1);
  ck_assert_int_eq(counts_of(cat, "survive").redeemed, 1);
  ck_assert_int_eq(op_on(cat, "b", 'c'), PROMO_ERR_REDEMPTION_LIMIT);
  MUST(op_on(cat, "a", 'c'));
  promo_catalog_free(cat);
  promo_store_release(store);
}
END_TEST

START_TEST(pg_campaign_ids_and_order_ids_are_parameters_not_sql) {
  promo_store *store = pg_store(NULL);
  promo_catalog *cat = one_campaign(store, "q\"u'o\\te{,}", 1);
  MUST(op_on(cat, "o'; DROP TABLE promo.claim; --", 'c'));
  ck_assert_int_eq(counts_of(cat, "q\"u'o\\te{,}").redeemed, 1);
  ck_assert_int_eq(op_on(cat, "other", 'c'), PROMO_ERR_REDEMPTION_LIMIT);
  MUST(op_on(cat, "o'; DROP TABLE promo.claim; --", 'c'));
  promo_catalog_free(cat);
  promo_store_release(store);
}
END_TEST

START_TEST(pg_the_server_clock_is_shared_by_every_process) {
  /* A process whose clock runs two hours ahead sees a reservation of one
   * hour expired; with server_clock, it sees the database's time. */
  test_clock ahead;
  atomic_store(&ahead.now, (int64_t)time(NULL) + 7200);
  promo_pg_options o = PROMO_PG_OPTIONS_INIT;
  o.server_clock = true;
  promo_store *shared = NULL;
  promo_store_error e;
  MUST(promo_pg_store_new(&shared, url, &o, &e));
  promo_catalog *cat = one_campaign(shared, "clock", 1);
  MUST(op_on(cat, "a", 'r'));
  promo_store *skewed = pg_store(&ahead);
  promo_catalog *seen_ahead = one_campaign(skewed, "clock", 1);
  ck_assert_int_eq(counts_of(seen_ahead, "clock").reserved, 0);
  ck_assert_int_eq(counts_of(cat, "clock").reserved, 1);
  o.clock = test_clock_now;
  o.clock_ctx = &ahead; /* ignored under server_clock */
  promo_store *ignoring = NULL;
  MUST(promo_pg_store_new(&ignoring, url, &o, &e));
  promo_catalog *seen_shared = one_campaign(ignoring, "clock", 1);
  ck_assert_int_eq(counts_of(seen_shared, "clock").reserved, 1);
  ck_assert_int_eq(op_on(seen_shared, "b", 'c'), PROMO_ERR_REDEMPTION_LIMIT);
  promo_catalog_free(seen_shared);
  promo_catalog_free(seen_ahead);
  promo_catalog_free(cat);
  promo_store_release(ignoring);
  promo_store_release(skewed);
  promo_store_release(shared);
}
END_TEST

/* ---- processes ----------------------------------------------------------- */

#define PROCESSES 8
#define POOL 60
#define RACE_CAP 20
#define OPS_PER_PROCESS 150

/* One racing process: commits (70 %), reserves (20 %, half of them by
 * orders that never commit) and releases, checking the cap at every step;
 * writes the pool orders it was told PROMO_OK for to `out`, one a line.
 * Exits 0, or 1 when it saw the cap broken. */
static void racer(int n, FILE *out) {
  promo_store *store = NULL;
  promo_pg_options o = PROMO_PG_OPTIONS_INIT;
  o.connect_timeout_s = 60; /* eight at once, maybe under valgrind */
  promo_store_error e;
  if (promo_pg_store_new(&store, url, &o, &e) != PROMO_OK) {
    fprintf(stderr, "process %d: %s\n", n, e.text);
    _exit(3);
  }
  promo_catalog *cat = one_campaign(store, "race", RACE_CAP);
  uint64_t seed = 0x2545F4914F6CDD1Du * (uint64_t)(n + 1);
  int bad = 0;
  for (int i = 0; i < OPS_PER_PROCESS; i++) {
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    int idx = (int)(seed % POOL);
    unsigned roll = (unsigned)((seed >> 32) % 100);
    char id[32];
    if (roll >= 80 && roll < 90) {
      snprintf(id, sizeof id, "hold-%d-%d", n, i); /* never commits */
    } else {
      snprintf(id, sizeof id, "pool-%d", idx);
    }
    char op = roll < 70 ? 'c' : roll < 90 ? 'r' : 'l';
    promo_status st = op_on(cat, id, op);
    if (st != PROMO_OK && st != PROMO_ERR_REDEMPTION_LIMIT) {
      fprintf(stderr, "process %d: %s: %s\n", n, id, promo_status_name(st));
      bad++;
    }
    if (op == 'c' && st == PROMO_OK) {
      fprintf(out, "%d\n", idx);
    }
    promo_redemptions r = PROMO_REDEMPTIONS_INIT;
    char cid[96];
    tagged(cid, sizeof cid, "race");
    if (promo_catalog_redemptions(&r, cat, cid, NULL) != PROMO_OK ||
        r.redeemed + r.reserved > RACE_CAP) {
      bad++;
    }
  }
  fflush(out);
  promo_catalog_free(cat);
  promo_store_release(store);
  _exit(bad == 0 ? 0 : 1);
}

START_TEST(pg_eight_processes_race_on_one_campaign_and_count_exactly_the_cap) {
  FILE *outs[PROCESSES];
  pid_t pids[PROCESSES];
  for (int n = 0; n < PROCESSES; n++) {
    outs[n] = tmpfile();
    ck_assert_ptr_nonnull(outs[n]);
    fflush(NULL);
    pids[n] = fork();
    ck_assert_int_ge(pids[n], 0);
    if (pids[n] == 0) {
      racer(n, outs[n]);
    }
  }
  for (int n = 0; n < PROCESSES; n++) {
    int status = 0;
    ck_assert_int_eq(waitpid(pids[n], &status, 0), pids[n]);
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
                  "process %d ended with status %d", n, status);
  }
  /* Which pool orders were told ok. */
  bool ok[POOL] = {false};
  for (int n = 0; n < PROCESSES; n++) {
    rewind(outs[n]);
    int idx = 0;
    while (fscanf(outs[n], "%d", &idx) == 1) {
      ck_assert(idx >= 0 && idx < POOL);
      ok[idx] = true;
    }
    fclose(outs[n]);
  }
  /* Every reservation expired (an hour on), every pool order once more. */
  test_clock later;
  atomic_store(&later.now, (int64_t)time(NULL) + 3600);
  promo_store *store = pg_store(&later);
  promo_catalog *cat = one_campaign(store, "race", RACE_CAP);
  for (int idx = 0; idx < POOL; idx++) {
    char id[32];
    snprintf(id, sizeof id, "pool-%d", idx);
    promo_status st = op_on(cat, id, 'c');
    ck_assert(st == PROMO_OK || st == PROMO_ERR_REDEMPTION_LIMIT);
    ok[idx] = ok[idx] || st == PROMO_OK;
  }
  int distinct = 0;
  for (int idx = 0; idx < POOL; idx++) {
    distinct += ok[idx] ? 1 : 0;
  }
  promo_redemptions r = counts_of(cat, "race");
  ck_assert_int_eq(r.redeemed, RACE_CAP);
  ck_assert_int_eq(r.reserved, 0);
  ck_assert_int_eq(distinct, RACE_CAP);
  /* The table agrees with the counter: one row per counted order. */
  PGconn *c = admin();
  char q[256];
  char id[96];
  tagged(id, sizeof id, "race");
  snprintf(q, sizeof q,
           "SELECT count(*) FROM promo.claim WHERE campaign = '%s' AND "
           "state = 'redeemed'",
           id);
  ck_assert_int_eq(sql_number(c, q), RACE_CAP);
  /* Refund one, and another order takes its slot; the refunded one is now
   * refused. */
  int first_ok = 0;
  while (!ok[first_ok]) {
    first_ok++;
  }
  int first_refused = 0;
  while (ok[first_refused]) {
    first_refused++;
  }
  char refunded[32];
  char waiting[32];
  snprintf(refunded, sizeof refunded, "pool-%d", first_ok);
  snprintf(waiting, sizeof waiting, "pool-%d", first_refused);
  MUST(op_on(cat, refunded, 'f'));
  ck_assert_int_eq(counts_of(cat, "race").redeemed, RACE_CAP - 1);
  MUST(op_on(cat, waiting, 'c'));
  ck_assert_int_eq(op_on(cat, refunded, 'c'), PROMO_ERR_REDEMPTION_LIMIT);
  ck_assert_int_eq(counts_of(cat, "race").redeemed, RACE_CAP);
  ck_assert_int_eq(sql_number(c, q), RACE_CAP);
  PQfinish(c);
  promo_catalog_free(cat);
  promo_store_release(store);
}
END_TEST

START_TEST(pg_a_process_killed_holding_a_reservation_frees_it_after_the_ttl) {
  int pipefd[2];
  ck_assert_int_eq(pipe(pipefd), 0);
  fflush(NULL);
  pid_t pid = fork();
  ck_assert_int_ge(pid, 0);
  if (pid == 0) {
    close(pipefd[0]);
    promo_store *store = NULL;
    promo_pg_options o = PROMO_PG_OPTIONS_INIT;
    REQUIRE(promo_pg_store_new(&store, url, &o, NULL));
    promo_catalog *cat = one_campaign(store, "killed", 1);
    promo_order *order = order_of(cat, "victim");
    REQUIRE(promo_order_reserve(order, 30));
    if (write(pipefd[1], "r", 1) != 1) {
      _exit(4);
    }
    for (;;) {
      pause(); /* paying... until killed */
    }
  }
  close(pipefd[1]);
  char byte = 0;
  ck_assert_int_eq(read(pipefd[0], &byte, 1), 1);
  close(pipefd[0]);
  ck_assert_int_eq(kill(pid, SIGKILL), 0);
  int status = 0;
  ck_assert_int_eq(waitpid(pid, &status, 0), pid);
  ck_assert(WIFSIGNALED(status));
  /* Now: the dead process's slot is held. */
  test_clock now;
  atomic_store(&now.now, (int64_t)time(NULL));
  promo_store *store = pg_store(&now);
  promo_catalog *cat = one_campaign(store, "killed", 1);
  ck_assert_int_eq(counts_of(cat, "killed").reserved, 1);
  ck_assert_int_eq(op_on(cat, "next", 'c'), PROMO_ERR_REDEMPTION_LIMIT);
  /* 31 seconds later by the clock, nobody having swept anything: free. */
  atomic_fetch_add(&now.now, 31);
  ck_assert_int_eq(counts_of(cat, "killed").reserved, 0);
  MUST(op_on(cat, "next", 'c'));
  ck_assert_int_eq(counts_of(cat, "killed").redeemed, 1);
  promo_catalog_free(cat);
  promo_store_release(store);
}
END_TEST

/* ---- threads ------------------------------------------------------------- */

#define THREADS 4
#define THREAD_ORDERS 40

typedef struct pool_worker {
  promo_catalog *cat;
  int thread;
  int ok;
  int refused;
  int other;
} pool_worker;

static void *pool_thread(void *arg) {
  pool_worker *w = arg;
  for (int i = 0; i < THREAD_ORDERS; i++) {
    char id[32];
    /* Threads share half their order ids: idempotency under a race. */
    snprintf(id, sizeof id, "t-%d", i % 2 == 0 ? i : w->thread * 1000 + i);
    promo_status st = op_on(w->cat, id, 'c');
    if (st == PROMO_OK) {
      w->ok++;
    } else if (st == PROMO_ERR_REDEMPTION_LIMIT) {
      w->refused++;
    } else {
      w->other++;
    }
  }
  return NULL;
}

START_TEST(pg_threads_share_a_pool_of_two_connections) {
  promo_pg_options o = PROMO_PG_OPTIONS_INIT;
  o.pool_size = 2;
  promo_store *store = NULL;
  promo_store_error e;
  char named[1100];
  url_named(named, sizeof named, "promo-pool-test");
  MUST(promo_pg_store_new(&store, named, &o, &e));
  promo_catalog *cat = one_campaign(store, "threads", 50);
  pthread_t threads[THREADS];
  pool_worker w[THREADS];
  memset(w, 0, sizeof w);
  for (int t = 0; t < THREADS; t++) {
    w[t].cat = cat;
    w[t].thread = t;
    ck_assert_int_eq(pthread_create(&threads[t], NULL, pool_thread, &w[t]), 0);
  }
  for (int t = 0; t < THREADS; t++) {
    ck_assert_int_eq(pthread_join(threads[t], NULL), 0);
  }
  for (int t = 0; t < THREADS; t++) {
    ck_assert_int_eq(w[t].other, 0);
  }
  /* 20 shared ids + 4 x 20 own = 100 distinct orders for 50 slots. */
  ck_assert_int_eq(counts_of(cat, "threads").redeemed, 50);
  PGconn *c = admin();
  ck_assert_int_eq(sql_number(c, "SELECT count(*) FROM pg_stat_activity "
                                 "WHERE application_name = 'promo-pool-test'"),
                   2);
  PQfinish(c);
  promo_catalog_free(cat);
  promo_store_release(store);
}
END_TEST

/* ---- faults -------------------------------------------------------------- */

START_TEST(pg_a_wrong_password_is_store_unavailable_and_never_shown) {
  /* The right password works. */
  promo_store *store = NULL;
  promo_store_error e;
  MUST(promo_pg_store_new(&store, tcp_url, NULL, &e));
  promo_store_release(store);
  store = NULL;
  char wrong[1100];
  snprintf(wrong, sizeof wrong, "%s", tcp_url);
  char *pw = strstr(wrong, ":promo-test@");
  ck_assert_ptr_nonnull(pw);
  memcpy(pw, ":wrong-pass@", 12);
  ck_assert_int_eq(promo_pg_store_new(&store, wrong, NULL, &e),
                   PROMO_ERR_STORE_UNAVAILABLE);
  ck_assert_ptr_null(store);
  ck_assert_msg(strstr(e.text, "cannot connect to the redemption store") !=
                        NULL &&
                    strstr(e.text, "password authentication failed") != NULL,
                "%s", e.text);
  ck_assert_ptr_null(strstr(e.text, "wrong-pass"));
  ck_assert_int_eq(promo_pg_schema_apply(wrong, &e),
                   PROMO_ERR_STORE_UNAVAILABLE);
  /* Nothing listening, and a URL libpq cannot read. */
  ck_assert_int_eq(promo_pg_store_new(&store,
                                      "postgresql://promo@127.0.0.1:1/promo?"
                                      "connect_timeout=2",
                                      NULL, &e),
                   PROMO_ERR_STORE_UNAVAILABLE);
  ck_assert_ptr_nonnull(strstr(e.text, "cannot connect"));
  ck_assert_int_eq(promo_pg_store_new(&store, "postgresql://[::1", NULL, &e),
                   PROMO_ERR_STORE_UNAVAILABLE);
  ck_assert_int_eq(promo_pg_store_new(&store, NULL, NULL, &e),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_pg_schema_apply(NULL, &e), PROMO_ERR_INVALID_ARGUMENT);
}
END_TEST

/* A URL libpq cannot read: its message would quote the token it stumbled
 * on (the password) or the whole URL. The store answers a fixed text. */
START_TEST(pg_a_url_libpq_cannot_read_is_never_quoted_in_the_error) {
  static const char *const urls[][2] = {
      {"postgresql://checkout:Tr0ub4dor%3&3@db.internal/shop", "Tr0ub4dor"},
      {"postgresql://app:s3cret@[::1/shop", "s3cret"},
      {"host=db.internal password='s3cret", "s3cret"},
  };
  for (size_t i = 0; i < sizeof urls / sizeof urls[0]; i++) {
    promo_store *store = NULL;
    promo_store_error e;
    ck_assert_int_eq(promo_pg_store_new(&store, urls[i][0], NULL, &e),
                     PROMO_ERR_STORE_UNAVAILABLE);
    ck_assert_ptr_null(store);
    ck_assert_msg(strstr(e.text, urls[i][1]) == NULL &&
                      strstr(e.text, "db.internal") == NULL &&
                      strstr(e.text, "::1") == NULL,
                  "%s", e.text);
    ck_assert_str_eq(e.text,
                     "the store URL is not a valid libpq connection string");
    ck_assert_int_eq(promo_pg_schema_apply(urls[i][0], &e),
                     PROMO_ERR_STORE_UNAVAILABLE);
    ck_assert_str_eq(e.text,
                     "the store URL is not a valid libpq connection string");
  }
  /* A URL without "@host": libpq reads the password as the port, and would
   * quote it ("invalid integer value"); so would it a port out of range. */
  static const char *const ports[][2] = {
      {"postgresql://app:s3cret/shop", "s3cret"},
      {"postgresql://app:123456789/shop", "123456789"},
      {"host=db.internal port=5432,s3cret", "s3cret"},
      {"postgresql://app@db.internal:0/shop", ":0"},
  };
  for (size_t i = 0; i < sizeof ports / sizeof ports[0]; i++) {
    promo_store *store = NULL;
    promo_store_error e;
    ck_assert_int_eq(promo_pg_store_new(&store, ports[i][0], NULL, &e),
                     PROMO_ERR_STORE_UNAVAILABLE);
    ck_assert_ptr_null(store);
    ck_assert_msg(strstr(e.text, ports[i][1]) == NULL, "%s", e.text);
    ck_assert_str_eq(e.text,
                     "the store URL's port is not a number from 1 to 65535");
  }
}
END_TEST

START_TEST(pg_a_statement_timeout_counts_nothing_and_a_retry_counts_once) {
  promo_pg_options o = PROMO_PG_OPTIONS_INIT;
  o.statement_timeout_ms = 300;
  promo_store *store = NULL;
  promo_store_error e;
  MUST(promo_pg_store_new(&store, url, &o, &e));
  promo_catalog *cat = one_campaign(store, "timeout", 5);
  MUST(op_on(cat, "first", 'c'));
  /* Another session holds the campaign's row lock. */
  PGconn *c = admin();
  char q[256];
  char id[96];
  tagged(id, sizeof id, "timeout");
  sql(c, "BEGIN");
  snprintf(q, sizeof q,
           "SELECT * FROM promo.campaign WHERE campaign = '%s' FOR UPDATE", id);
  sql(c, q);
  promo_order *order = order_of(cat, "second");
  ck_assert_int_eq(promo_order_complete(order), PROMO_ERR_STORE_UNAVAILABLE);
  ck_assert_msg(
      strstr(promo_order_error(order), "did not answer within 300 ms") != NULL,
      "%s", promo_order_error(order));
  ck_assert(!promo_order_completed(order));
  sql(c, "ROLLBACK");
  ck_assert_int_eq(counts_of(cat, "timeout").redeemed, 1);
  /* The connection is still good: the retry goes through, once. */
  MUST(promo_order_complete(order));
  MUST(op_on(cat, "second", 'c'));
  ck_assert_int_eq(counts_of(cat, "timeout").redeemed, 2);
  promo_order_free(order);
  PQfinish(c);
  promo_catalog_free(cat);
  promo_store_release(store);
}
END_TEST

START_TEST(pg_a_connection_killed_under_the_store_is_reopened_once) {
  char named[1100];
  url_named(named, sizeof named, "promo-kill-test");
  promo_store *store = NULL;
  promo_store_error e;
  MUST(promo_pg_store_new(&store, named, NULL, &e));
  promo_catalog *cat = one_campaign(store, "killed-conn", 5);
  MUST(op_on(cat, "a", 'c'));
  PGconn *c = admin();
  ck_assert_int_eq(sql_number(c, "SELECT count(pg_terminate_backend(pid)) "
                                 "FROM pg_stat_activity WHERE "
                                 "application_name = 'promo-kill-test'"),
                   1);
  /* The statement meets a dead connection: reopened, re-sent, counted. */
  MUST(op_on(cat, "b", 'c'));
  ck_assert_int_eq(counts_of(cat, "killed-conn").redeemed, 2);
  PQfinish(c);
  promo_catalog_free(cat);
  promo_store_release(store);
}
END_TEST

START_TEST(pg_a_hosts_own_connection_is_used_and_never_closed) {
  PGconn *conn = admin();
  promo_store *store = NULL;
  promo_store_error e;
  MUST(promo_pg_store_new_conn(&store, conn, NULL, &e));
  promo_catalog *cat = one_campaign(store, "host-conn", 1);
  MUST(op_on(cat, "a", 'c'));
  ck_assert_int_eq(op_on(cat, "b", 'c'), PROMO_ERR_REDEMPTION_LIMIT);
  /* Killed under the store: PQreset on the host's PGconn. */
  PGconn *c = admin();
  char q[128];
  snprintf(q, sizeof q, "SELECT pg_terminate_backend(%d)", PQbackendPID(conn));
  sql(c, q);
  MUST(op_on(cat, "a", 'c'));
  promo_catalog_free(cat);
  promo_store_release(store);
  /* Still the host's, still open. */
  ck_assert_int_eq(PQstatus(conn), CONNECTION_OK);
  sql(conn, "SELECT 1");
  /* A connection inside a transaction, or a pool of more than one, is
   * refused. */
  sql(conn, "BEGIN");
  ck_assert_int_eq(promo_pg_store_new_conn(&store, conn, NULL, &e),
                   PROMO_ERR_STORE_UNAVAILABLE);
  sql(conn, "ROLLBACK");
  promo_pg_options o = PROMO_PG_OPTIONS_INIT;
  o.pool_size = 2;
  ck_assert_int_eq(promo_pg_store_new_conn(&store, conn, &o, &e),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_pg_store_new_conn(&store, NULL, NULL, &e),
                   PROMO_ERR_INVALID_ARGUMENT);
  PQfinish(c);
  PQfinish(conn);
}
END_TEST

/* A catalog reload makes a second store on the host's connection, whose
 * session still holds the first one's prepared statements; a host that runs
 * DISCARD ALL (or a pooler that hands over another server session) drops
 * them under a store whose connection still looks fine. Neither may leave
 * the store failing. */
START_TEST(pg_a_hosts_connection_takes_store_after_store_and_survives_discard) {
  PGconn *conn = admin();
  promo_store_error e;
  for (int round = 0; round < 2; round++) {
    promo_store *store = NULL;
    promo_status st = promo_pg_store_new_conn(&store, conn, NULL, &e);
    ck_assert_msg(st == PROMO_OK, "store %d: %s", round, e.text);
    promo_catalog *cat = one_campaign(store, "reloaded", 0);
    char id[16];
    snprintf(id, sizeof id, "o%d", round);
    MUST(op_on(cat, id, 'c'));
    ck_assert_int_eq(counts_of(cat, "reloaded").redeemed, round + 1);
    promo_catalog_free(cat);
    promo_store_release(store);
  }
  /* DISCARD ALL between two operations of one store: the statements and
   * the statement timeout come back. */
  promo_store *store = NULL;
  MUST(promo_pg_store_new_conn(&store, conn, NULL, &e));
  promo_catalog *cat = one_campaign(store, "discarded", 0);
  MUST(op_on(cat, "a", 'c'));
  sql(conn, "DISCARD ALL");
  ck_assert_int_eq(sql_number(conn, "SELECT count(*) FROM "
                                    "pg_prepared_statements"),
                   0);
  MUST(op_on(cat, "b", 'c'));
  ck_assert_int_eq(counts_of(cat, "discarded").redeemed, 2);
  ck_assert_int_eq(sql_number(conn, "SELECT setting::bigint FROM pg_settings "
                                    "WHERE name = 'statement_timeout'"),
                   2000);
  promo_catalog_free(cat);
  promo_store_release(store);
  PQfinish(conn);
}
END_TEST

/* libpq running out of memory is no_memory: no PGconn from PQconnectdb*, no
 * PGresult (or libpq's static "out of memory" one) on a connection still
 * open. That branch is not tested here: libpq allocates with malloc, never
 * with the store's allocator, so test_support's failing allocator cannot
 * reach it, and interposing malloc under libpq would fail ASan's and
 * valgrind's own allocations too. What is tested is the line it draws: the
 * other ways to get no result on an open connection -- the host left its
 * connection in pipeline mode -- stay store_unavailable, not no_memory. */
START_TEST(
    pg_no_result_from_a_host_connection_in_pipeline_mode_is_not_no_memory) {
  PGconn *conn = admin();
  promo_store *store = NULL;
  promo_store_error e;
  MUST(promo_pg_store_new_conn(&store, conn, NULL, &e));
  promo_catalog *cat = one_campaign(store, "pipeline", 0);
  MUST(op_on(cat, "a", 'c'));
  ck_assert_int_eq(PQenterPipelineMode(conn), 1);
  promo_order *o = order_of(cat, "b");
  ck_assert_int_eq(promo_order_complete(o), PROMO_ERR_STORE_UNAVAILABLE);
  promo_order_free(o);
  ck_assert_int_eq(PQexitPipelineMode(conn), 1);
  MUST(op_on(cat, "b", 'c'));
  ck_assert_int_eq(counts_of(cat, "pipeline").redeemed, 2);
  promo_catalog_free(cat);
  promo_store_release(store);
  PQfinish(conn);
}
END_TEST

/* Two campaigns of one order, so that every array parameter has a comma:
 * pair-<set>-0 and pair-<set>-1, codes PAIR0 and PAIR1. */
static promo_catalog *two_campaigns(promo_store *store, int set) {
  promo_catalog_builder *b = NULL;
  promo_campaign *c = NULL;
  MUST(promo_catalog_builder_new(&b, NULL));
  MUST(promo_catalog_builder_set_store(b, store));
  for (int i = 0; i < 2; i++) {
    char id[96];
    char code[8];
    char name[24];
    snprintf(name, sizeof name, "pair-%d-%d", set, i);
    tagged(id, sizeof id, name);
    snprintf(code, sizeof code, "PAIR%d", i);
    MUST(promo_catalog_builder_add_campaign(&c, b, id));
    MUST(promo_campaign_set_percent_bps(c, 1000));
    MUST(promo_campaign_set_max_redemptions(c, 1000));
    MUST(promo_campaign_add_code(c, code, strlen(code)));
  }
  promo_catalog *cat = NULL;
  MUST(promo_catalog_build(&cat, b));
  promo_catalog_builder_free(b);
  return cat;
}

START_TEST(pg_allocation_failures_are_no_memory_and_count_nothing) {
  /* The store's own allocations: its state, its slots, the URL, the
   * handle. */
  long failures = 0;
  promo_store *store = NULL;
  promo_store_error e;
  for (long n = 1; n < 100; n++) {
    test_alloc ta;
    test_alloc_init(&ta, n);
    promo_pg_options o = PROMO_PG_OPTIONS_INIT;
    o.allocator = &ta.allocator;
    store = NULL;
    promo_status st = promo_pg_store_new(&store, url, &o, &e);
    if (st == PROMO_ERR_NO_MEMORY) {
      ck_assert_ptr_null(store);
      ck_assert_str_eq(e.text, "out of memory");
      ck_assert_int_eq(ta.live, 0);
      failures++;
      continue;
    }
    MUST(st);
    promo_store_release(store);
    ck_assert_int_eq(ta.live, 0);
    break;
  }
  ck_assert_int_eq(failures, 4);
  /* Each operation's parameters. */
  for (int op = 0; op < 4; op++) {
    failures = 0;
    for (long n = 1; n < 100; n++) {
      test_alloc ta;
      test_alloc_init(&ta, 0);
      promo_pg_options o = PROMO_PG_OPTIONS_INIT;
      o.allocator = &ta.allocator;
      MUST(promo_pg_store_new(&store, url, &o, &e));
      int set = op * 100 + (int)n; /* fresh campaigns for every try */
      promo_catalog *cat = two_campaigns(store, set);
      char id[32];
      snprintf(id, sizeof id, "alloc-%d-%ld", op, n);
      promo_order *order = order_of(cat, id);
      MUST(promo_order_set_line_promo_code(order, 0, "PAIR0", 5));
      MUST(promo_order_add_line(NULL, order, "sub-1", "O365_E3", true,
                                PROMO_TERM_ANNUAL, 1, 1000));
      MUST(promo_order_set_line_promo_code(order, 1, "PAIR1", 5));
      if (op >= 2) {
        MUST(op == 2 ? promo_order_reserve(order, 60)
                     : promo_order_complete(order));
        MUST(promo_order_set_completed(order, false));
      }
      ta.fail_at = ta.calls + n;
      promo_status st = op == 0   ? promo_order_reserve(order, 60)
                        : op == 1 ? promo_order_complete(order)
                        : op == 2 ? promo_order_release(order)
                                  : promo_order_refund(order);
      ta.fail_at = 0;
      char pair0[96];
      char name[24];
      snprintf(name, sizeof name, "pair-%d-0", set);
      tagged(pair0, sizeof pair0, name);
      promo_redemptions r = PROMO_REDEMPTIONS_INIT;
      MUST(promo_catalog_redemptions(&r, cat, pair0, &e));
      promo_order_free(order);
      promo_catalog_free(cat);
      promo_store_release(store);
      ck_assert_int_eq(ta.live, 0);
      if (st == PROMO_ERR_NO_MEMORY) {
        /* Nothing happened: the setup's state is there as it was. */
        int64_t redeemed_before = op == 3 ? 1 : 0;
        int64_t reserved_before = op == 2 ? 1 : 0;
        ck_assert_int_eq(r.redeemed, redeemed_before);
        ck_assert_int_eq(r.reserved, reserved_before);
        failures++;
        continue;
      }
      MUST(st);
      int64_t redeemed_after = op == 1 ? 1 : 0;
      int64_t reserved_after = op == 0 ? 1 : 0;
      ck_assert_int_eq(r.redeemed, redeemed_after);
      ck_assert_int_eq(r.reserved, reserved_after);
      break;
    }
    /* Reserve and commit: the campaigns and the caps; release and refund:
     * the campaigns. */
    long expected = op < 2 ? 2 : 1;
    ck_assert_int_eq(failures, expected);
  }
}
END_TEST

START_TEST(pg_options_are_checked) {
  promo_pg_options o;
  MUST(promo_pg_options_init(&o, 1));
  ck_assert_int_eq(o.statement_timeout_ms, 2000);
  ck_assert_int_eq(o.connect_timeout_s, 5);
  ck_assert_uint_eq(o.pool_size, 1);
  ck_assert(o.apply_schema);
  ck_assert(!o.server_clock);
  ck_assert_uint_eq(promo_pg_options_version(), PROMO_PG_OPTIONS_VERSION);
  ck_assert_int_eq(promo_pg_options_init(&o, 0), PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_pg_options_init(NULL, 1), PROMO_ERR_INVALID_ARGUMENT);
  promo_store *store = NULL;
  promo_store_error e;
  promo_pg_options bad[5];
  for (int i = 0; i < 5; i++) {
    MUST(promo_pg_options_init(&bad[i], 1));
  }
  bad[0].statement_timeout_ms = 0;
  bad[1].connect_timeout_s = 0;
  bad[2].pool_size = 0;
  bad[3].version = 2;
  promo_allocator half = {NULL, NULL, NULL, NULL};
  bad[4].allocator = &half;
  for (int i = 0; i < 5; i++) {
    ck_assert_int_eq(promo_pg_store_new(&store, url, &bad[i], &e),
                     PROMO_ERR_INVALID_ARGUMENT);
  }
  ck_assert_int_eq(promo_pg_store_new(NULL, url, NULL, &e),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_ptr_null(store);
}
END_TEST

/* Last: it stops the server. Commits go on while it is down and after it
 * is back: those that failed are store_unavailable and counted nothing, or
 * (a commit whose answer was lost) counted once; retried, the count is
 * exact. */
START_TEST(
    pg_a_server_stopped_mid_run_then_restarted_loses_and_doubles_nothing) {
  promo_store *store = pg_store(NULL);
  promo_catalog *cat = one_campaign(store, "stopped", 0);
  enum { ORDERS = 30 };
  bool failed[ORDERS] = {false};
  int failures = 0;
  for (int i = 0; i < ORDERS; i++) {
    if (i == ORDERS / 3) {
      ck_assert(server("stop"));
    }
    if (i == 2 * ORDERS / 3) {
      ck_assert(server("start"));
    }
    char id[16];
    snprintf(id, sizeof id, "o-%d", i);
    promo_order *o = order_of(cat, id);
    promo_status st = promo_order_complete(o);
    if (st == PROMO_ERR_STORE_UNAVAILABLE) {
      ck_assert(!promo_order_completed(o));
      ck_assert_msg(strstr(promo_order_error(o), "redemption store") != NULL,
                    "%s", promo_order_error(o));
      failed[i] = true;
      failures++;
    } else {
      MUST(st);
    }
    promo_order_free(o);
  }
  /* While it was down: every one of them failed. */
  ck_assert_int_eq(failures, ORDERS / 3);
  ck_assert_int_eq(counts_of(cat, "stopped").redeemed, ORDERS - failures);
  /* The failed ones retried; the others again, which changes nothing. */
  for (int pass = 0; pass < 2; pass++) {
    for (int i = 0; i < ORDERS; i++) {
      if (failed[i] == (pass == 0)) {
        char id[16];
        snprintf(id, sizeof id, "o-%d", i);
        MUST(op_on(cat, id, 'c'));
      }
    }
    ck_assert_int_eq(counts_of(cat, "stopped").redeemed, ORDERS);
  }
  promo_catalog_free(cat);
  promo_store_release(store);
}
END_TEST

int main(void) {
  const char *dir = getenv("PROMO_PG_DIR");
  const char *sh = getenv("PROMO_PG_SERVER_SH");
  bool required = getenv("PROMO_REQUIRE_PG") != NULL &&
                  strcmp(getenv("PROMO_REQUIRE_PG"), "1") == 0;
  if (dir == NULL || sh == NULL || !read_line(dir, "url", url, sizeof url) ||
      !read_line(dir, "tcp_url", tcp_url, sizeof tcp_url) ||
      !read_line(dir, "admin_url", admin_url, sizeof admin_url)) {
    fprintf(stderr,
            "test_pg: no PostgreSQL server (tests/pg/server.sh "
            "setup did not run or found no server binaries): %s\n",
            required ? "failing (PROMO_REQUIRE_PG=1)" : "skipped");
    return required ? EXIT_FAILURE : SKIPPED;
  }
  snprintf(server_dir, sizeof server_dir, "%s", dir);
  snprintf(server_sh, sizeof server_sh, "%s", sh);
  snprintf(run_tag, sizeof run_tag, "run%ld-%ld", (long)getpid(),
           (long)time(NULL));

  Suite *s = suite_create("pg");
  TCase *tc = tcase_create("pg");
  /* Processes and a server restart; slow under valgrind. Nothing here is
   * timed but the statement timeout itself. */
  tcase_set_timeout(tc, 900);
  tcase_add_test(tc,
                 pg_schema_applied_on_first_use_or_by_the_operator_never_newer);
  tcase_add_test(tc, pg_a_role_without_ddl_rights_is_told_to_run_store_init);
  tcase_add_test(
      tc, pg_a_schema_dropped_under_a_running_store_fails_until_restored);
  tcase_add_test(tc, pg_reserve_commit_release_refund_as_in_memory);
  tcase_add_test(tc, pg_counts_survive_the_store_and_the_catalog);
  tcase_add_test(tc, pg_campaign_ids_and_order_ids_are_parameters_not_sql);
  tcase_add_test(tc, pg_the_server_clock_is_shared_by_every_process);
  tcase_add_test(
      tc, pg_eight_processes_race_on_one_campaign_and_count_exactly_the_cap);
  tcase_add_test(
      tc, pg_a_process_killed_holding_a_reservation_frees_it_after_the_ttl);
  tcase_add_test(tc, pg_threads_share_a_pool_of_two_connections);
  tcase_add_test(tc, pg_a_wrong_password_is_store_unavailable_and_never_shown);
  tcase_add_test(tc, pg_a_url_libpq_cannot_read_is_never_quoted_in_the_error);
  tcase_add_test(tc,
                 pg_a_statement_timeout_counts_nothing_and_a_retry_counts_once);
  tcase_add_test(tc, pg_a_connection_killed_under_the_store_is_reopened_once);
  tcase_add_test(tc, pg_a_hosts_own_connection_is_used_and_never_closed);
  tcase_add_test(
      tc, pg_a_hosts_connection_takes_store_after_store_and_survives_discard);
  tcase_add_test(
      tc,
      pg_no_result_from_a_host_connection_in_pipeline_mode_is_not_no_memory);
  tcase_add_test(tc, pg_options_are_checked);
  tcase_add_test(tc, pg_allocation_failures_are_no_memory_and_count_nothing);
  tcase_add_test(
      tc, pg_a_server_stopped_mid_run_then_restarted_loses_and_doubles_nothing);
  suite_add_tcase(s, tc);
  return test_run_suite(s);
}
