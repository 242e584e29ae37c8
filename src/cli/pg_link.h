/* pg_link.h - promo_pg, the PostgreSQL store, as the commands reach it.
 *
 * libpq brings some twenty shared libraries with it (TLS, Kerberos, LDAP,
 * ...). Linked into `promo`, they would be loaded and relocated on every
 * run -- about 8 ms of a 12 ms `promo check`, --store or not. So when
 * promo_pg is a shared library, `promo` loads it (dlopen) only when a
 * command is given --store; a static promo_pg is linked as usual. */
#ifndef PROMO_CLI_PG_LINK_H
#define PROMO_CLI_PG_LINK_H

#ifdef PROMO_CLI_PG

#include <promo/pg.h>

/* The three calls of promo_pg the commands make. */
typedef struct cli_pg {
  promo_status (*store_new)(promo_store **out, const char *url,
                            const promo_pg_options *options,
                            promo_store_error *error);
  promo_status (*schema_apply)(const char *url, promo_store_error *error);
  int (*schema_version)(void);
} cli_pg;

/* Fills *pg, loading promo_pg the first time. Returns 0, or
 * EXIT_BAD_INPUT after saying on stderr why it cannot be loaded (an
 * installation without it). */
int cli_pg_load(cli_pg *pg);

#endif

#endif
