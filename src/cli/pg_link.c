/* pg_link.c - promo_pg loaded on first need (see pg_link.h). */
#include "pg_link.h"

#ifdef PROMO_CLI_PG

#include "cli.h"

#include <stdio.h>

#ifdef PROMO_CLI_PG_SONAME
#include <dlfcn.h>
#include <string.h>

/* The function `name` of the library, or false. A symbol is an object
 * pointer to dlsym(); POSIX guarantees it converts to the function it
 * names, which C leaves to the platform: hence the copy. */
static bool find(void *lib, const char *name, void *fn, size_t size) {
  void *sym = dlsym(lib, name);
  if (sym == NULL || size != sizeof sym) {
    return false;
  }
  memcpy(fn, &sym, sizeof sym);
  return true;
}

int cli_pg_load(cli_pg *pg) {
  /* Never closed: a command runs once and exits. */
  void *lib = dlopen(PROMO_CLI_PG_SONAME, RTLD_NOW | RTLD_LOCAL);
  if (lib == NULL) {
    const char *why = dlerror();
    fprintf(stderr,
            "promo: --store needs the PostgreSQL store, %s, which cannot be "
            "loaded: %s\n",
            PROMO_CLI_PG_SONAME, why == NULL ? "unknown error" : why);
    return EXIT_BAD_INPUT;
  }
  if (!find(lib, "promo_pg_store_new", &pg->store_new, sizeof pg->store_new) ||
      !find(lib, "promo_pg_schema_apply", &pg->schema_apply,
            sizeof pg->schema_apply) ||
      !find(lib, "promo_pg_schema_version", &pg->schema_version,
            sizeof pg->schema_version)) {
    fprintf(stderr,
            "promo: %s lacks a function of this promo's version: install "
            "the libpromo_pg of the same release\n",
            PROMO_CLI_PG_SONAME);
    return EXIT_BAD_INPUT;
  }
  return 0;
}

#else

int cli_pg_load(cli_pg *pg) {
  pg->store_new = promo_pg_store_new;
  pg->schema_apply = promo_pg_schema_apply;
  pg->schema_version = promo_pg_schema_version;
  return 0;
}

#endif

#endif
