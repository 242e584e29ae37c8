/* pg_store.c - the PostgreSQL store: a pool of libpq connections, each set
 * up once (statement_timeout, the schema checked or applied, statements
 * prepared), and one prepared statement per operation. promo/pg.h explains
 * the SQL, src/pg/schema-1.sql is it. */
#include "pg_schema.h"

#include <promo/pg.h>

#include <libpq-fe.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A transient advisory lock key, so that processes starting at once apply
 * the schema one after the other: "promo_pg" in ASCII. */
#define SCHEMA_LOCK "7020305087223097191"

#define STMT_COUNT "promo_count"
#define STMT_TAKE "promo_take"
#define STMT_GIVE_BACK "promo_give_back"

/* ---- memory and texts: promo_pg links only the core's public API -------- */

typedef promo_allocator pg_alloc;

static void *std_malloc(void *ctx, size_t size) {
  (void)ctx;
  return malloc(size);
}

static void *std_realloc(void *ctx, void *ptr, size_t size) {
  (void)ctx;
  return realloc(ptr, size);
}

static void std_free(void *ctx, void *ptr) {
  (void)ctx;
  free(ptr);
}

/* The caller's allocator, or the C library's; false for one missing a
 * function. */
static bool alloc_init(pg_alloc *a, const promo_allocator *user) {
  if (user == NULL) {
    const pg_alloc std = {std_malloc, std_realloc, std_free, NULL};
    *a = std;
    return true;
  }
  *a = *user;
  return a->malloc_fn != NULL && a->realloc_fn != NULL && a->free_fn != NULL;
}

static void *pg_malloc(const pg_alloc *a, size_t size) {
  return a->malloc_fn(a->ctx, size);
}

static void *pg_calloc(const pg_alloc *a, size_t count, size_t size) {
  if (count == 0 || size > SIZE_MAX / count) {
    return NULL;
  }
  void *p = a->malloc_fn(a->ctx, count * size);
  if (p != NULL) {
    memset(p, 0, count * size);
  }
  return p;
}

static void pg_free(const pg_alloc *a, void *p) {
  if (p != NULL) {
    a->free_fn(a->ctx, p);
  }
}

static char *pg_strdup(const pg_alloc *a, const char *s) {
  size_t n = strlen(s) + 1;
  char *copy = pg_malloc(a, n);
  if (copy != NULL) {
    memcpy(copy, s, n);
  }
  return copy;
}

#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 2, 3)))
#endif
static void
set_error(promo_store_error *error, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  // NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized)
  (void)vsnprintf(error->text, sizeof error->text, fmt, ap);
  va_end(ap);
}

typedef struct slot {
  PGconn *conn; /* NULL until first needed */
  bool ready;   /* session set up, statements prepared */
  bool busy;    /* taken by a thread */
} slot;

typedef struct pg_store {
  pg_alloc alloc;
  char *url;     /* NULL: the host's connection */
  bool borrowed; /* slots[0].conn is the host's: never closed */
  bool server_clock;
  int64_t statement_timeout_ms;
  int64_t connect_timeout_s;
  bool apply_schema;
  atomic_bool schema_ok;
  pthread_mutex_t lock; /* over the slots' busy flags */
  pthread_cond_t freed;
  slot *slots;
  size_t slot_count;
} pg_store;

/* ---- texts --------------------------------------------------------------- */

/* libpq's messages end with a newline and may span lines: one line. They
 * may quote what the URL held (a user name): any other control character
 * is escaped as \u00XX, so that an error text never carries one to a
 * terminal. */
static void set_libpq_error(promo_store_error *error, const char *what,
                            const char *message) {
  char flat[PROMO_STORE_ERROR_MAX];
  size_t n = 0;
  for (const char *p = message; *p != '\0' && n + 7 < sizeof flat; p++) {
    unsigned char c = (unsigned char)*p;
    if (c == '\n' || c == '\r' || c == '\t') {
      c = ' ';
    }
    if (c == ' ' && (n == 0 || flat[n - 1] == ' ')) {
      continue;
    }
    if (c < 0x20 || c == 0x7f) {
      n += (size_t)snprintf(flat + n, sizeof flat - n, "\\u%04x", c);
      continue;
    }
    flat[n++] = (char)c;
  }
  while (n > 0 && flat[n - 1] == ' ') {
    n--;
  }
  flat[n] = '\0';
  set_error(error, "%s: %s", what, n == 0 ? "no message from libpq" : flat);
}

/* Whether a statement failed because libpq ran out of memory, on a
 * connection still open: no result at all (it could not build one) while
 * the connection is neither in pipeline mode nor busy with another command
 * (the only other ways to get none), or libpq's static "out of memory"
 * result, which alone has a fatal status, no SQLSTATE and that text. */
static bool libpq_out_of_memory(PGconn *conn, const PGresult *r) {
  if (PQstatus(conn) != CONNECTION_OK) {
    return false;
  }
  if (r == NULL) {
    return PQpipelineStatus(conn) == PQ_PIPELINE_OFF &&
           PQtransactionStatus(conn) != PQTRANS_ACTIVE;
  }
  return PQresultStatus(r) == PGRES_FATAL_ERROR &&
         PQresultErrorField(r, PG_DIAG_SQLSTATE) == NULL &&
         strcmp(PQresultErrorMessage(r), "out of memory\n") == 0;
}

/* Why a statement failed, from its result (NULL: out of memory or the
 * connection is gone) and the connection: PROMO_ERR_NO_MEMORY when libpq
 * ran out of memory, PROMO_ERR_STORE_UNAVAILABLE otherwise. */
static promo_status describe(promo_store_error *error, const pg_store *s,
                             PGconn *conn, const PGresult *r) {
  const char *state =
      r == NULL ? NULL : PQresultErrorField(r, PG_DIAG_SQLSTATE);
  if (libpq_out_of_memory(conn, r)) {
    set_error(error, "out of memory (libpq)");
    return PROMO_ERR_NO_MEMORY;
  }
  if (PQstatus(conn) == CONNECTION_BAD) {
    set_libpq_error(error, "lost the connection to the redemption store",
                    PQerrorMessage(conn));
  } else if (state != NULL && strcmp(state, "57014") == 0) {
    char what[128];
    snprintf(what, sizeof what,
             "the redemption store did not answer within %lld ms "
             "(statement_timeout)",
             (long long)s->statement_timeout_ms);
    set_libpq_error(error, what, PQresultErrorMessage(r));
  } else if (r != NULL && PQresultErrorMessage(r)[0] != '\0') {
    set_libpq_error(error, "the redemption store refused a statement",
                    PQresultErrorMessage(r));
  } else {
    set_libpq_error(error, "the redemption store failed", PQerrorMessage(conn));
  }
  return PROMO_ERR_STORE_UNAVAILABLE;
}

static bool parse_i64(const char *text, int64_t *out) {
  char *end = NULL;
  long long v = strtoll(text, &end, 10);
  if (end == text || *end != '\0') {
    return false;
  }
  *out = (int64_t)v;
  return true;
}

/* ---- one connection ------------------------------------------------------ */

/* Runs a statement that returns nothing worth reading. */
static promo_status exec_simple(const pg_store *s, PGconn *conn,
                                const char *sql, promo_store_error *error) {
  PGresult *r = PQexec(conn, sql);
  ExecStatusType st = r == NULL ? PGRES_FATAL_ERROR : PQresultStatus(r);
  promo_status out = PROMO_OK;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
    out = describe(error, s, conn, r);
  }
  PQclear(r);
  return out;
}

/* The schema version in the database into *version: 0 when there is
 * none. */
static promo_status schema_version(int *version, const pg_store *s,
                                   PGconn *conn, promo_store_error *error) {
  PGresult *r = PQexec(conn, "SELECT CASE WHEN to_regclass("
                             "'promo.schema_version') IS NULL THEN 0 ELSE 1 "
                             "END");
  promo_status st = PROMO_OK;
  if (r != NULL && PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1) {
    *version = (int)strtol(PQgetvalue(r, 0, 0), NULL, 10);
  } else {
    st = describe(error, s, conn, r);
  }
  PQclear(r);
  if (st != PROMO_OK || *version != 1) {
    return st;
  }
  r = PQexec(conn, "SELECT coalesce(max(version), 0) FROM "
                   "promo.schema_version");
  if (r != NULL && PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1) {
    int64_t v = -1;
    if (parse_i64(PQgetvalue(r, 0, 0), &v) && v >= 0 && v < 1000000) {
      *version = (int)v;
    } else {
      set_error(error, "the database's promo.schema_version is unreadable");
      st = PROMO_ERR_STORE_UNAVAILABLE;
    }
  } else {
    st = describe(error, s, conn, r);
  }
  PQclear(r);
  return st;
}

/* Applies the schema under the advisory lock, unless another process did
 * meanwhile. */
static promo_status apply_schema(const pg_store *s, PGconn *conn,
                                 promo_store_error *error) {
  promo_status st = exec_simple(s, conn, "BEGIN", error);
  if (st != PROMO_OK) {
    return st;
  }
  st = exec_simple(s, conn, "SELECT pg_advisory_xact_lock(" SCHEMA_LOCK ")",
                   error);
  int version = 0;
  if (st == PROMO_OK) {
    st = schema_version(&version, s, conn, error);
  }
  if (st == PROMO_OK && version < PROMO_PG_SCHEMA_VERSION) {
    st = exec_simple(s, conn, promo_pg_schema_1_sql, error);
  }
  if (st == PROMO_OK) {
    return exec_simple(s, conn, "COMMIT", error);
  }
  promo_store_error ignored;
  (void)exec_simple(s, conn, "ROLLBACK", &ignored);
  return st;
}

static promo_status check_schema(pg_store *s, PGconn *conn,
                                 promo_store_error *error) {
  if (atomic_load(&s->schema_ok)) {
    return PROMO_OK;
  }
  int version = 0;
  promo_status st = schema_version(&version, s, conn, error);
  if (st != PROMO_OK) {
    return st;
  }
  if (version > PROMO_PG_SCHEMA_VERSION) {
    set_error(error,
              "the database's promo schema is version %d, newer "
              "than this library's %d: upgrade libpromo_pg",
              version, PROMO_PG_SCHEMA_VERSION);
    return PROMO_ERR_STORE_UNAVAILABLE;
  }
  if (version < PROMO_PG_SCHEMA_VERSION) {
    if (!s->apply_schema) {
      set_error(error,
                "the database has no promo schema (version %d "
                "needed): run `promo store init --store URL`",
                PROMO_PG_SCHEMA_VERSION);
      return PROMO_ERR_STORE_UNAVAILABLE;
    }
    st = apply_schema(s, conn, error);
    if (st != PROMO_OK) {
      return st;
    }
  }
  atomic_store(&s->schema_ok, true);
  return PROMO_OK;
}

/* SQLSTATE r's error carries, or false. */
static bool sqlstate_is(const PGresult *r, const char *state) {
  const char *got = r == NULL ? NULL : PQresultErrorField(r, PG_DIAG_SQLSTATE);
  return got != NULL && strcmp(got, state) == 0;
}

#define DUPLICATE_PREPARED_STATEMENT "42P05"
#define INVALID_SQL_STATEMENT_NAME "26000"

/* Prepares `name` on the session. The session may hold it already: a
 * store before this one on the host's connection, or a set_up of this one
 * that failed halfway (the names are ours: "promo_" and a constant).
 * That one is deallocated and the statement prepared again, so that it is
 * surely this library's SQL. */
static promo_status prepare(const pg_store *s, PGconn *conn, const char *name,
                            const char *sql, promo_store_error *error) {
  PGresult *r = PQprepare(conn, name, sql, 0, NULL);
  if (sqlstate_is(r, DUPLICATE_PREPARED_STATEMENT)) {
    PQclear(r);
    char deallocate[64];
    snprintf(deallocate, sizeof deallocate, "DEALLOCATE %s", name);
    promo_status st = exec_simple(s, conn, deallocate, error);
    if (st != PROMO_OK) {
      return st;
    }
    r = PQprepare(conn, name, sql, 0, NULL);
  }
  promo_status st = PROMO_OK;
  if (r == NULL || PQresultStatus(r) != PGRES_COMMAND_OK) {
    st = describe(error, s, conn, r);
  }
  PQclear(r);
  return st;
}

/* Sets a new connection up: its statement timeout, the schema, the
 * statements. */
static promo_status set_up(pg_store *s, slot *sl, promo_store_error *error) {
  char sql[64];
  snprintf(sql, sizeof sql, "SET statement_timeout = %lld",
           (long long)s->statement_timeout_ms);
  promo_status st = exec_simple(s, sl->conn, sql, error);
  if (st == PROMO_OK) {
    st = check_schema(s, sl->conn, error);
  }
  if (st == PROMO_OK) {
    st = prepare(s, sl->conn, STMT_COUNT,
                 "SELECT redeemed, reserved, held FROM "
                 "promo.count($1, $2, $3::bigint)",
                 error);
  }
  if (st == PROMO_OK) {
    st = prepare(s, sl->conn, STMT_TAKE,
                 "SELECT promo.take($1::text[], $2::bigint[], $3, "
                 "$4::bigint, $5::bigint, $6::boolean)",
                 error);
  }
  if (st == PROMO_OK) {
    st = prepare(s, sl->conn, STMT_GIVE_BACK,
                 "SELECT promo.give_back($1::text[], $2, $3::bigint, "
                 "$4::boolean)",
                 error);
  }
  sl->ready = st == PROMO_OK;
  return st;
}

/* A library prints nothing: the server's notices ("schema promo already
 * exists, skipping") on the store's own connections are dropped. */
static void ignore_notice(void *arg, const char *message) {
  (void)arg;
  (void)message;
}

/* Opens the slot's connection, or reopens it (PQreset keeps the host's
 * PGconn object). PROMO_ERR_NO_MEMORY when libpq could not allocate the
 * connection object (PQconnectdbParams answers NULL for nothing else). */
static promo_status connect_slot(pg_store *s, slot *sl,
                                 promo_store_error *error) {
  sl->ready = false;
  if (sl->conn != NULL) {
    PQreset(sl->conn);
  } else {
    char timeout[24];
    snprintf(timeout, sizeof timeout, "%lld", (long long)s->connect_timeout_s);
    /* Our defaults first: what the URL says wins (expand_dbname). */
    const char *const keys[] = {"connect_timeout",
                                "application_name",
                                "keepalives",
                                "keepalives_idle",
                                "keepalives_interval",
                                "keepalives_count",
                                "dbname",
                                NULL};
    const char *const values[] = {timeout, "libpromo_pg", "1",    "10",
                                  "5",     "3",           s->url, NULL};
    sl->conn = PQconnectdbParams(keys, values, 1);
    if (sl->conn != NULL) {
      PQsetNoticeProcessor(sl->conn, ignore_notice, NULL);
    }
  }
  if (sl->conn == NULL) {
    set_error(error, "out of memory (libpq)");
    return PROMO_ERR_NO_MEMORY;
  }
  if (PQstatus(sl->conn) != CONNECTION_OK) {
    set_libpq_error(error, "cannot connect to the redemption store",
                    PQerrorMessage(sl->conn));
    return PROMO_ERR_STORE_UNAVAILABLE;
  }
  return set_up(s, sl, error);
}

/* ---- the pool ------------------------------------------------------------ */

static slot *take_slot(pg_store *s) {
  pthread_mutex_lock(&s->lock);
  slot *found = NULL;
  while (found == NULL) {
    /* A connected slot first; an empty one opens a new connection. */
    for (size_t i = 0; i < s->slot_count && found == NULL; i++) {
      if (!s->slots[i].busy && s->slots[i].conn != NULL) {
        found = &s->slots[i];
      }
    }
    for (size_t i = 0; i < s->slot_count && found == NULL; i++) {
      if (!s->slots[i].busy) {
        found = &s->slots[i];
      }
    }
    if (found == NULL) {
      pthread_cond_wait(&s->freed, &s->lock);
    }
  }
  found->busy = true;
  pthread_mutex_unlock(&s->lock);
  return found;
}

static void give_slot(pg_store *s, slot *sl) {
  pthread_mutex_lock(&s->lock);
  sl->busy = false;
  pthread_cond_signal(&s->freed);
  pthread_mutex_unlock(&s->lock);
}

/* Makes the slot's connection usable: set up when it is open, (re)opened
 * otherwise -- once per operation (*reconnected). */
static promo_status make_ready(pg_store *s, slot *sl, bool *reconnected,
                               promo_store_error *error) {
  if (sl->conn != NULL && PQstatus(sl->conn) == CONNECTION_OK) {
    return sl->ready ? PROMO_OK : set_up(s, sl, error);
  }
  if (*reconnected) {
    /* Lost again: the error of the failure before says why. */
    return PROMO_ERR_STORE_UNAVAILABLE;
  }
  *reconnected = true;
  return connect_slot(s, sl, error);
}

/* Runs prepared statement `name` on a connection of the pool. When the
 * connection is lost under the statement, it is opened again once and the
 * statement re-sent once: every statement is idempotent. When the session
 * lost the prepared statements on an open connection (DISCARD ALL or
 * DEALLOCATE by the host on its own connection, a pooler that changed the
 * server session), it is set up again once and the statement re-sent once.
 * On PROMO_OK *out holds a result with one row. */
static promo_status run(pg_store *s, const char *name, int nparams,
                        const char *const *params, PGresult **out,
                        promo_store_error *error) {
  slot *sl = take_slot(s);
  promo_status st = PROMO_OK;
  bool reconnected = false;
  bool prepared_again = false;
  while ((st = make_ready(s, sl, &reconnected, error)) == PROMO_OK) {
    PGresult *r =
        PQexecPrepared(sl->conn, name, nparams, params, NULL, NULL, 0);
    if (r != NULL && PQresultStatus(r) == PGRES_TUPLES_OK &&
        PQntuples(r) == 1) {
      *out = r;
      break;
    }
    st = describe(error, s, sl->conn, r);
    bool lost_statement = sqlstate_is(r, INVALID_SQL_STATEMENT_NAME);
    PQclear(r);
    if (lost_statement && !prepared_again) {
      prepared_again = true;
      sl->ready = false; /* make_ready sets the session up again */
      continue;
    }
    if (st == PROMO_ERR_NO_MEMORY || PQstatus(sl->conn) == CONNECTION_OK) {
      break; /* the statement failed: not the connection's fault */
    }
  }
  give_slot(s, sl);
  return st;
}

/* ---- parameters ---------------------------------------------------------- */

/* A PostgreSQL array literal of the campaign ids: {"a","b\"c"}. */
static char *text_array(const pg_alloc *a, const promo_store_claim *claims,
                        size_t n) {
  size_t size = 3;
  for (size_t i = 0; i < n; i++) {
    size += 3 + 2 * strlen(claims[i].campaign);
  }
  char *out = pg_malloc(a, size);
  if (out == NULL) {
    return NULL;
  }
  char *p = out;
  *p++ = '{';
  for (size_t i = 0; i < n; i++) {
    if (i > 0) {
      *p++ = ',';
    }
    *p++ = '"';
    for (const char *c = claims[i].campaign; *c != '\0'; c++) {
      if (*c == '"' || *c == '\\') {
        *p++ = '\\';
      }
      *p++ = *c;
    }
    *p++ = '"';
  }
  *p++ = '}';
  *p = '\0';
  return out;
}

/* {1,0,5}: the caps. */
static char *cap_array(const pg_alloc *a, const promo_store_claim *claims,
                       size_t n) {
  size_t size = 3 + n * 21;
  char *out = pg_malloc(a, size);
  if (out == NULL) {
    return NULL;
  }
  size_t len = 0;
  out[len++] = '{';
  for (size_t i = 0; i < n; i++) {
    int w = snprintf(out + len, size - len, "%s%lld", i == 0 ? "" : ",",
                     (long long)claims[i].max_redemptions);
    len += (size_t)w;
  }
  out[len++] = '}';
  out[len] = '\0';
  return out;
}

/* `now` as a parameter: NULL (the database's clock) with server_clock. */
static const char *instant(const pg_store *s, int64_t now, char *buf,
                           size_t size) {
  if (s->server_clock) {
    return NULL;
  }
  snprintf(buf, size, "%lld", (long long)now);
  return buf;
}

/* Reads a bigint[] literal "{1,2,3}" into out[0..max); returns how many
 * numbers it held, or 0 when it is not one. */
static size_t parse_array(const char *text, int64_t *out, size_t max) {
  if (*text++ != '{') {
    return 0;
  }
  size_t n = 0;
  for (;;) {
    char *end = NULL;
    long long v = strtoll(text, &end, 10);
    if (end == text || n == max) {
      return 0;
    }
    out[n++] = (int64_t)v;
    if (*end == '}') {
      return end[1] == '\0' ? n : 0;
    }
    if (*end != ',') {
      return 0;
    }
    text = end + 1;
  }
}

/* ---- the backend --------------------------------------------------------- */

static promo_status pg_count(void *ctx, promo_store_counts *out,
                             const char *campaign, const char *order,
                             int64_t now, promo_store_error *error) {
  pg_store *s = ctx;
  char now_text[24];
  const char *params[] = {campaign, order,
                          instant(s, now, now_text, sizeof now_text)};
  PGresult *r = NULL;
  promo_status st = run(s, STMT_COUNT, 3, params, &r, error);
  if (st != PROMO_OK) {
    return st;
  }
  if (!parse_i64(PQgetvalue(r, 0, 0), &out->redeemed) ||
      !parse_i64(PQgetvalue(r, 0, 1), &out->reserved)) {
    set_error(error, "the redemption store answered no counts");
    st = PROMO_ERR_STORE_UNAVAILABLE;
  }
  out->held = strcmp(PQgetvalue(r, 0, 2), "t") == 0;
  PQclear(r);
  return st;
}

/* Reserve (ttl >= 1) or commit (ttl 0). */
static promo_status pg_take(pg_store *s, const promo_store_claim *claims,
                            size_t n, const char *order, int64_t now,
                            int64_t ttl, promo_store_error *error) {
  char *campaigns = text_array(&s->alloc, claims, n);
  char *caps = cap_array(&s->alloc, claims, n);
  if (campaigns == NULL || caps == NULL) {
    pg_free(&s->alloc, campaigns);
    pg_free(&s->alloc, caps);
    set_error(error, "out of memory");
    return PROMO_ERR_NO_MEMORY;
  }
  char now_text[24];
  char ttl_text[24];
  snprintf(ttl_text, sizeof ttl_text, "%lld", (long long)ttl);
  const char *params[] = {campaigns, caps,
                          order,     instant(s, now, now_text, sizeof now_text),
                          ttl_text,  ttl == 0 ? "t" : "f"};
  PGresult *r = NULL;
  promo_status st = run(s, STMT_TAKE, 6, params, &r, error);
  pg_free(&s->alloc, campaigns);
  pg_free(&s->alloc, caps);
  if (st != PROMO_OK) {
    return st;
  }
  /* {0}, or {position, redeemed, reserved}. */
  int64_t answer[3] = {0, 0, 0};
  size_t got = parse_array(PQgetvalue(r, 0, 0), answer, 3);
  PQclear(r);
  if (got == 1 && answer[0] == 0) {
    return PROMO_OK;
  }
  if (got == 3 && answer[0] >= 1 && (uint64_t)answer[0] <= n) {
    const promo_store_claim *c = &claims[answer[0] - 1];
    set_error(error,
              "campaign '%s' has no free slot: %lld of %lld "
              "redeemed, %lld reserved",
              c->campaign, (long long)answer[1], (long long)c->max_redemptions,
              (long long)answer[2]);
    return PROMO_ERR_REDEMPTION_LIMIT;
  }
  set_error(error, "the redemption store answered no decision");
  return PROMO_ERR_STORE_UNAVAILABLE;
}

static promo_status pg_reserve(void *ctx, const promo_store_claim *claims,
                               size_t n, const char *order, int64_t now,
                               int64_t expires_at, promo_store_error *error) {
  /* The database adds the ttl to its own `now` under server_clock. An
   * expiry that saturated means a ttl at least that long. */
  int64_t ttl = expires_at == INT64_MAX ? INT64_MAX : expires_at - now;
  return pg_take(ctx, claims, n, order, now, ttl < 1 ? 1 : ttl, error);
}

static promo_status pg_commit(void *ctx, const promo_store_claim *claims,
                              size_t n, const char *order, int64_t now,
                              promo_store_error *error) {
  return pg_take(ctx, claims, n, order, now, 0, error);
}

static promo_status pg_give_back(pg_store *s, const promo_store_claim *claims,
                                 size_t n, const char *order, int64_t now,
                                 bool refund, promo_store_error *error) {
  char *campaigns = text_array(&s->alloc, claims, n);
  if (campaigns == NULL) {
    set_error(error, "out of memory");
    return PROMO_ERR_NO_MEMORY;
  }
  char now_text[24];
  const char *params[] = {campaigns, order,
                          instant(s, now, now_text, sizeof now_text),
                          refund ? "t" : "f"};
  PGresult *r = NULL;
  promo_status st = run(s, STMT_GIVE_BACK, 4, params, &r, error);
  pg_free(&s->alloc, campaigns);
  PQclear(r);
  return st;
}

static promo_status pg_release(void *ctx, const promo_store_claim *claims,
                               size_t n, const char *order, int64_t now,
                               promo_store_error *error) {
  return pg_give_back(ctx, claims, n, order, now, false, error);
}

static promo_status pg_refund(void *ctx, const promo_store_claim *claims,
                              size_t n, const char *order, int64_t now,
                              promo_store_error *error) {
  return pg_give_back(ctx, claims, n, order, now, true, error);
}

static void pg_destroy(void *ctx) {
  pg_store *s = ctx;
  pg_alloc a = s->alloc;
  for (size_t i = 0; i < s->slot_count; i++) {
    if (s->slots[i].conn != NULL && !(s->borrowed && i == 0)) {
      PQfinish(s->slots[i].conn);
    }
  }
  pg_free(&a, s->slots);
  pg_free(&a, s->url);
  pthread_cond_destroy(&s->freed);
  pthread_mutex_destroy(&s->lock);
  pg_free(&a, s);
}

static const promo_store_backend PG_BACKEND = {PROMO_STORE_BACKEND_VERSION,
                                               pg_count,
                                               pg_reserve,
                                               pg_commit,
                                               pg_release,
                                               pg_refund,
                                               pg_destroy};

/* ---- public -------------------------------------------------------------- */

#define URL_UNREADABLE "the store URL is not a valid libpq connection string"
#define PORT_UNREADABLE "the store URL's port is not a number from 1 to 65535"

/* libpq's list of ports, "5432" or "5432,,5433": each one empty (the
 * default) or a number from 1 to 65535. */
static bool ports_usable(const char *ports) {
  for (const char *p = ports;; p++) {
    long port = 0;
    size_t digits = 0;
    for (; *p >= '0' && *p <= '9' && digits < 6; p++, digits++) {
      port = port * 10 + (*p - '0');
    }
    if ((digits > 0 && (port < 1 || port > 65535)) ||
        (*p != ',' && *p != '\0')) {
      return false;
    }
    if (*p == '\0') {
      return true;
    }
  }
}

/* Reads `url` as libpq will, before libpq may quote it: when it cannot
 * parse a URI or key=value string, its message names the token it
 * stumbled on -- the password ("Tr0ub4dor%3&3"), or the whole URL. That
 * message is dropped unread; the caller gets a fixed text. So is a port
 * that is not a number: libpq would quote it when it connects, and it is
 * where a password lands when "@host" is missing
 * ("postgresql://app:s3cret/shop" is host app, port s3cret). A string that is
 * neither (no "postgresql://" or "postgres://" prefix, no '=') is a
 * database name to libpq, and has nothing to parse. */
static promo_status check_url(const char *url, promo_store_error *error) {
  if (strncmp(url, "postgresql://", 13) != 0 &&
      strncmp(url, "postgres://", 11) != 0 && strchr(url, '=') == NULL) {
    return PROMO_OK;
  }
  char *message = NULL;
  PQconninfoOption *parsed = PQconninfoParse(url, &message);
  if (parsed != NULL) {
    bool usable = true;
    for (const PQconninfoOption *o = parsed; o->keyword != NULL; o++) {
      if (o->val != NULL && strcmp(o->keyword, "port") == 0) {
        usable = ports_usable(o->val);
      }
    }
    PQconninfoFree(parsed);
    if (!usable) {
      set_error(error, PORT_UNREADABLE);
      return PROMO_ERR_STORE_UNAVAILABLE;
    }
    return PROMO_OK;
  }
  if (message == NULL) { /* libpq: out of memory */
    set_error(error, "out of memory (libpq)");
    return PROMO_ERR_NO_MEMORY;
  }
  PQfreemem(message);
  set_error(error, URL_UNREADABLE);
  return PROMO_ERR_STORE_UNAVAILABLE;
}

int promo_pg_schema_version(void) {
  return PROMO_PG_SCHEMA_VERSION;
}

const char *promo_pg_schema_sql(void) {
  return promo_pg_schema_1_sql;
}

unsigned int promo_pg_options_version(void) {
  return PROMO_PG_OPTIONS_VERSION;
}

promo_status promo_pg_options_init(promo_pg_options *options,
                                   unsigned int version) {
  if (options == NULL || version < 1 || version > PROMO_PG_OPTIONS_VERSION) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  const promo_pg_options defaults = PROMO_PG_OPTIONS_INIT;
  *options = defaults;
  options->version = version;
  return PROMO_OK;
}

static bool options_usable(const promo_pg_options *o) {
  return o->version >= 1 && o->version <= PROMO_PG_OPTIONS_VERSION &&
         o->statement_timeout_ms >= 1 && o->statement_timeout_ms <= 3600000 &&
         o->connect_timeout_s >= 1 && o->connect_timeout_s <= 3600 &&
         o->pool_size >= 1 && o->pool_size <= 1024;
}

/* A store of `slots` empty slots, or NULL when out of memory. */
static pg_store *pg_store_alloc(const pg_alloc *a, const promo_pg_options *o,
                                size_t slots) {
  pg_store *s = pg_calloc(a, 1, sizeof *s);
  if (s == NULL) {
    return NULL;
  }
  s->slots = pg_calloc(a, slots, sizeof *s->slots);
  if (s->slots == NULL || pthread_mutex_init(&s->lock, NULL) != 0) {
    pg_free(a, s->slots);
    pg_free(a, s);
    return NULL;
  }
  if (pthread_cond_init(&s->freed, NULL) != 0) {
    pthread_mutex_destroy(&s->lock);
    pg_free(a, s->slots);
    pg_free(a, s);
    return NULL;
  }
  s->alloc = *a;
  s->slot_count = slots;
  s->server_clock = o->server_clock;
  s->statement_timeout_ms = o->statement_timeout_ms;
  s->connect_timeout_s = o->connect_timeout_s;
  s->apply_schema = o->apply_schema;
  atomic_init(&s->schema_ok, false);
  return s;
}

/* Wraps a pg_store whose first connection is up into a promo_store. */
static promo_status wrap(promo_store **out, pg_store *s,
                         const promo_pg_options *o, promo_store_error *error) {
  promo_store_options common = PROMO_STORE_OPTIONS_INIT;
  common.allocator = o->allocator;
  common.clock = o->clock;
  common.clock_ctx = o->clock_ctx;
  promo_status st = promo_store_new(out, &PG_BACKEND, s, &common);
  if (st != PROMO_OK) {
    set_error(error, "out of memory");
    pg_destroy(s);
  }
  return st;
}

promo_status promo_pg_store_new(promo_store **out, const char *url,
                                const promo_pg_options *options,
                                promo_store_error *error) {
  static const promo_pg_options defaults = PROMO_PG_OPTIONS_INIT;
  promo_store_error scratch;
  if (error == NULL) {
    error = &scratch;
  }
  if (options == NULL) {
    options = &defaults;
  }
  pg_alloc a;
  if (out == NULL || url == NULL || !options_usable(options) ||
      !alloc_init(&a, options->allocator)) {
    set_error(error, "no place for the store, no URL, or bad "
                     "options");
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  promo_status readable = check_url(url, error);
  if (readable != PROMO_OK) {
    return readable;
  }
  pg_store *s = pg_store_alloc(&a, options, options->pool_size);
  if (s != NULL) {
    s->url = pg_strdup(&a, url);
  }
  if (s == NULL || s->url == NULL) {
    if (s != NULL) {
      pg_destroy(s);
    }
    set_error(error, "out of memory");
    return PROMO_ERR_NO_MEMORY;
  }
  promo_status st = connect_slot(s, &s->slots[0], error);
  if (st != PROMO_OK) {
    pg_destroy(s);
    return st;
  }
  return wrap(out, s, options, error);
}

promo_status promo_pg_store_new_conn(promo_store **out, struct pg_conn *conn,
                                     const promo_pg_options *options,
                                     promo_store_error *error) {
  static const promo_pg_options defaults = PROMO_PG_OPTIONS_INIT;
  promo_store_error scratch;
  if (error == NULL) {
    error = &scratch;
  }
  if (options == NULL) {
    options = &defaults;
  }
  pg_alloc a;
  if (out == NULL || conn == NULL || !options_usable(options) ||
      options->pool_size != 1 || !alloc_init(&a, options->allocator)) {
    set_error(error, "no place for the store, no connection, or "
                     "bad options (a host's connection makes a "
                     "pool of 1)");
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  if (PQstatus(conn) != CONNECTION_OK ||
      PQtransactionStatus(conn) != PQTRANS_IDLE) {
    set_error(error, "the connection is not open and idle");
    return PROMO_ERR_STORE_UNAVAILABLE;
  }
  pg_store *s = pg_store_alloc(&a, options, 1);
  if (s == NULL) {
    set_error(error, "out of memory");
    return PROMO_ERR_NO_MEMORY;
  }
  s->borrowed = true;
  s->slots[0].conn = conn;
  promo_status st = set_up(s, &s->slots[0], error);
  if (st != PROMO_OK) {
    pg_destroy(s);
    return st;
  }
  return wrap(out, s, options, error);
}

promo_status promo_pg_schema_apply(const char *url, promo_store_error *error) {
  promo_store_error scratch;
  if (error == NULL) {
    error = &scratch;
  }
  if (url == NULL) {
    set_error(error, "no URL");
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  promo_pg_options options = PROMO_PG_OPTIONS_INIT;
  promo_store *store = NULL;
  promo_status st = promo_pg_store_new(&store, url, &options, error);
  promo_store_release(store);
  return st;
}
