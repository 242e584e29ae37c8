/* consumer_pg.c - a user of the installed promo_pg: it must build with
 * find_package(promo) (promo::pg) and with pkg-config (promo-pg), shared
 * and static. Without a database at hand it checks what it can: the
 * schema is compiled in, and an unreachable server is store_unavailable. */
#include <promo/pg.h>
#include <promo/promo.h>

#include <stdio.h>
#include <string.h>

int main(void) {
  if (promo_pg_schema_version() != PROMO_PG_SCHEMA_VERSION ||
      strstr(promo_pg_schema_sql(), "CREATE SCHEMA") == NULL) {
    fprintf(stderr, "promo_pg: no schema compiled in\n");
    return 1;
  }
  promo_store *store = NULL;
  promo_store_error error;
  promo_status st = promo_pg_store_new(
      &store, "postgresql://nobody@127.0.0.1:1/none?connect_timeout=2", NULL,
      &error);
  printf("promo_pg schema %d: %s\n", promo_pg_schema_version(),
         promo_status_name(st));
  promo_store_release(store);
  return st == PROMO_ERR_STORE_UNAVAILABLE ? 0 : 1;
}
