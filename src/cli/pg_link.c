/* pg_link.c - promo_pg loaded on first need (see pg_link.h). */
/* dladdr is a GNU and BSD extension, outside POSIX. */
// NOLINTNEXTLINE(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp)
#define _GNU_SOURCE
#include "pg_link.h"

#ifdef PROMO_CLI_PG

#include "cli.h"

#include <stdio.h>

#ifdef PROMO_CLI_PG_SONAME
#include <promo/promo.h>

#include <dlfcn.h>
#include <stdint.h>
#include <string.h>

/* Loads promo_pg: by its name, as the dynamic linker finds libraries (the
 * executable's RUNPATH, LD_LIBRARY_PATH, the system's directories); else
 * from the directory libpromo was loaded from, where an installation puts
 * it, or its pg/ beside it, where the build tree does. The second way
 * matters under AddressSanitizer, whose dlopen() is called from libasan and
 * so never sees the executable's RUNPATH. */
static void *load(const char **why) {
  void *lib = dlopen(PROMO_CLI_PG_SONAME, RTLD_NOW | RTLD_LOCAL);
  const char *error = lib == NULL ? dlerror() : NULL;
  Dl_info info;
  const char *slash = NULL;
  if (lib == NULL && dladdr((void *)(uintptr_t)promo_version, &info) != 0 &&
      info.dli_fname != NULL) {
    slash = strrchr(info.dli_fname, '/');
  }
  static const char *const beside[] = {"/", "/pg/"};
  for (size_t i = 0; lib == NULL && slash != NULL && i < 2; i++) {
    char path[4096];
    int n =
        snprintf(path, sizeof path, "%.*s%s%s", (int)(slash - info.dli_fname),
                 info.dli_fname, beside[i], PROMO_CLI_PG_SONAME);
    if (n > 0 && (size_t)n < sizeof path) {
      lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    }
  }
  *why = error != NULL ? error : "unknown error";
  return lib;
}

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
  const char *why = NULL;
  void *lib = load(&why);
  if (lib == NULL) {
    fprintf(stderr,
            "promo: --store needs the PostgreSQL store, %s, which cannot be "
            "loaded: %s\n",
            PROMO_CLI_PG_SONAME, why);
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
