/*
 * promo/pg.h - a redemption store in PostgreSQL (library promo_pg, libpq),
 * for a fleet of checkout processes that must share one R11 cap and keep
 * their counts across restarts. Link promo::pg (CMake) or promo-pg
 * (pkg-config); the core library never links libpq.
 *
 *   promo_store *store;  promo_store_error e;
 *   promo_pg_store_new(&store, "postgresql://checkout@db/shop", NULL, &e);
 *   promo_catalog_builder_set_store(builder, store);
 *
 * The schema. The store keeps its tables and functions in the schema
 * "promo" (share/promo/pg/schema-1.sql, installed with the library, and
 * compiled into it). On first use the store applies it by itself, under an
 * advisory lock, when the database has none (options.apply_schema; the
 * role then needs CREATE on the database); `promo store init --store URL`
 * or promo_pg_schema_apply() apply it ahead, for operators who keep DDL
 * rights from the service. A database whose schema is newer than this
 * library knows is refused.
 *
 * One round trip per operation, the cap enforced inside the database. Each
 * operation is one statement, `SELECT promo.take(campaigns, caps, order,
 * now, ttl, commit)` for a reserve or a commit (promo.give_back for a
 * release or a refund, promo.count for R11's read), run in its own implicit
 * transaction at READ COMMITTED, PostgreSQL's default. The function locks
 * each campaign's row in promo.campaign (SELECT ... FOR NO KEY UPDATE), in
 * campaign id order so that two orders never deadlock, deletes the
 * reservations expired at `now` (so an expired reservation frees its slot
 * without a sweeper), and reads the order's row in promo.claim with a fresh
 * snapshot taken after the lock, so it sees whatever the previous holder
 * committed: the row lock is the campaign's mutex, and redeemed + live
 * reservations can never pass the cap. Only when every campaign has a slot
 * for the order does it write: an upsert of (campaign, order id) -- the
 * primary key, so an order id counts at most once -- and the campaign's
 * counters. A read (R11 in promo_apply) takes no lock: one snapshot of the
 * counters minus the expired reservations not yet purged.
 *
 * Failures. Connection refused or lost, authentication, a statement that
 * runs past statement_timeout_ms, any SQL error: PROMO_ERR_STORE_UNAVAILABLE
 * with libpq's or the server's text, and the transaction is rolled back, so
 * nothing was counted -- except when the connection drops after the server
 * committed but before the answer arrived: then the outcome is unknown to
 * the caller. That is safe to retry: every operation is idempotent per
 * (campaign, order id), so a retried commit that had counted finds the
 * order counted and answers PROMO_OK without counting it twice. A lost
 * connection is reopened once per operation, and the statement re-sent
 * once on it; a second failure is returned. libpq running out of memory
 * (no connection object, no result on a connection still open) is
 * PROMO_ERR_NO_MEMORY, like the store's own allocations.
 *
 * Time. Instants come from the store's clock (options.clock, default the
 * system clock) of the process doing the operation, or, with
 * options.server_clock, from the database's clock, which every process of
 * a fleet then shares (see the README on clock skew).
 *
 * Thread-safety: a PostgreSQL store is shared like any store: any number
 * of threads may use it at once. It holds up to options.pool_size
 * connections, opened when first needed; a thread takes a free one or
 * waits for one. A PGconn given by the host is used by one thread at a
 * time and never closed by the store. Like any libpq connection, a store's
 * connections must not cross fork(): a child process makes its own store.
 */
#ifndef PROMO_PG_H
#define PROMO_PG_H

#include "common.h"
#include "status.h"
#include "store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* PROMO_PG_EXTERN marks promo_pg's API (see PROMO_EXTERN). */
#if defined(_WIN32) && defined(PROMO_PG_SHARED)
#if defined(PROMO_PG_BUILDING)
#define PROMO_PG_EXTERN __declspec(dllexport)
#else
#define PROMO_PG_EXTERN __declspec(dllimport)
#endif
#elif defined(__GNUC__) && defined(PROMO_PG_BUILDING)
#define PROMO_PG_EXTERN __attribute__((visibility("default")))
#else
#define PROMO_PG_EXTERN
#endif

/* libpq's connection (PGconn), without including libpq-fe.h. */
struct pg_conn;

/* The version of the schema this library creates and uses. */
#define PROMO_PG_SCHEMA_VERSION 1

/* PROMO_PG_SCHEMA_VERSION of the linked library. */
PROMO_PG_EXTERN int promo_pg_schema_version(void);

/* The schema's SQL (schema-1.sql), NUL-terminated, static. */
PROMO_PG_EXTERN const char *promo_pg_schema_sql(void);

/* Options of a PostgreSQL store. Versioned: fill with
 * PROMO_PG_OPTIONS_INIT or promo_pg_options_init(). */
#define PROMO_PG_OPTIONS_VERSION 1
typedef struct promo_pg_options {
  unsigned int version;
  /* The store's own allocations (libpq allocates with malloc); copied.
   * NULL: malloc. */
  const promo_allocator *allocator;
  /* The store's clock; NULL: the system's real-time clock. Ignored with
   * server_clock. */
  promo_clock_fn clock;
  void *clock_ctx;
  /* true: every instant is the database's clock_timestamp(), the same for
   * every process of a fleet. Default false. */
  bool server_clock;
  /* Longest any statement may run, lock waits included, in milliseconds
   * (SET statement_timeout on each connection); 1 to 3600000. Default
   * 2000. */
  int64_t statement_timeout_ms;
  /* Longest a connection attempt may take, in seconds (libpq's
   * connect_timeout, unless the URL sets it); 1 to 3600. Default 5. */
  int64_t connect_timeout_s;
  /* Connections the store may hold, opened when first needed (1 to 1024);
   * default 1. Only 1 for promo_pg_store_new_conn(). */
  size_t pool_size;
  /* true (default): apply the schema on first use when the database has
   * none. false: refuse (PROMO_ERR_STORE_UNAVAILABLE, "run `promo store
   * init`") until an operator applied it. */
  bool apply_schema;
} promo_pg_options;

#define PROMO_PG_OPTIONS_INIT                                                  \
  { PROMO_PG_OPTIONS_VERSION, NULL, NULL, NULL, false, 2000, 5, 1, true }

/* PROMO_PG_OPTIONS_VERSION, for bindings. */
PROMO_PG_EXTERN unsigned int promo_pg_options_version(void);

/* Fills *options with the defaults of `version` (1 up to
 * PROMO_PG_OPTIONS_VERSION). PROMO_ERR_INVALID_ARGUMENT for NULL or another
 * version. */
PROMO_PG_EXTERN promo_status promo_pg_options_init(promo_pg_options *options,
                                                   unsigned int version);

/*
 * Creates in *out a store in the PostgreSQL database at `url`, a libpq
 * connection URI ("postgresql://user:password@host:5432/db?sslmode=require")
 * or key=value string. It connects once, sets the session up and checks (or
 * applies) the schema before it returns, so that a wrong URL, password or
 * schema is known at once; later connections open when needed. `options`
 * may be NULL for the defaults.
 *
 * PROMO_ERR_INVALID_ARGUMENT for a NULL out or url, or bad options;
 * PROMO_ERR_STORE_UNAVAILABLE when the database cannot be reached or used
 * (error->text, when error is not NULL, says why; it never holds the
 * password), or when libpq cannot parse `url` (error->text is then only
 * "the store URL is not a valid libpq connection string": libpq's own
 * message would quote the token it stumbled on, the password or the whole
 * URL), or when its port is not a number from 1 to 65535 (libpq would
 * quote it when connecting, and a URL missing its "@host" puts the password
 * there); PROMO_ERR_NO_MEMORY. On failure *out is unchanged.
 */
PROMO_PG_EXTERN promo_status promo_pg_store_new(promo_store **out,
                                                const char *url,
                                                const promo_pg_options *options,
                                                promo_store_error *error);

/*
 * The same on a connection the host opened (a libpq PGconn, in
 * CONNECTION_OK state), which the store uses as its only connection and
 * never closes: free the store (its last reference) before PQfinish(conn).
 * A lost connection is re-established with PQreset(). The store sets the
 * session's statement_timeout and prepares three statements on it
 * (promo_count, promo_take, promo_give_back); both stay on the session
 * after the store is freed, and a later store on the same connection (a
 * catalog reload) replaces the statements. When the session loses them
 * while the connection stays open (the host runs DISCARD ALL or
 * DEALLOCATE ALL), the next operation sets the session up again and runs.
 * A pooler in transaction or statement mode (PgBouncer's pool_mode =
 * transaction) is not supported: it may hand each statement another server
 * session, without the prepared statements or the timeout; use session
 * mode. Statuses as promo_pg_store_new().
 */
PROMO_PG_EXTERN promo_status promo_pg_store_new_conn(
    promo_store **out, struct pg_conn *conn, const promo_pg_options *options,
    promo_store_error *error);

/*
 * Applies the schema to the database at `url` (what `promo store init`
 * does): creates it when missing, leaves it when current. PROMO_OK;
 * PROMO_ERR_INVALID_ARGUMENT for a NULL url; PROMO_ERR_STORE_UNAVAILABLE
 * when `url` cannot be parsed (the same fixed text as
 * promo_pg_store_new()), the database cannot be reached, refuses a
 * statement (no right to CREATE), or holds a newer schema;
 * PROMO_ERR_NO_MEMORY. Thread-safe.
 */
PROMO_PG_EXTERN promo_status promo_pg_schema_apply(const char *url,
                                                   promo_store_error *error);

#ifdef __cplusplus
}
#endif

#endif /* PROMO_PG_H */
