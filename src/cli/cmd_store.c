/* cmd_store.c - `promo store init`: apply the PostgreSQL store's schema,
 * for operators who keep DDL rights from the service. */
#include "cli.h"
#include "inputs.h"
#include "options.h"
#include "stores.h"
#include "usage.h"

#include "pg_link.h"

#include <stdio.h>
#include <string.h>

static const cli_spec SPEC = {CLI_STORE, CLI_STORE, 1, "ACTION", NULL};

static int help(void) {
  fputs("usage: promo store init --store URL\n"
        "\n"
        "Creates the PostgreSQL store's schema (the schema \"promo\": its "
        "tables and\n"
        "functions) in the database at URL when it has none, and leaves a "
        "current\n"
        "one as it is. The store applies it by itself on first use when its "
        "role may;\n"
        "run this with a role that may, so that the service's role needs no "
        "DDL\n"
        "rights. Prints {\"status\": \"ok\", \"schema_version\": N}.\n"
        "\n"
        "  --store URL   the database (postgresql://...)\n"
        "\n"
        "exit status: 0 the schema is there; 2 bad usage; 3 the database "
        "cannot be\n"
        "reached or refused (stderr says why).\n",
        stdout);
  return cli_flush("the help");
}

static int init(const char *url) {
#ifdef PROMO_CLI_PG
  cli_pg pg;
  int loaded = cli_pg_load(&pg);
  if (loaded != 0) {
    return loaded;
  }
  promo_store_error error;
  promo_status st = pg.schema_apply(url, &error);
  if (st == PROMO_ERR_NO_MEMORY) {
    return cli_out_of_memory();
  }
  if (st != PROMO_OK) {
    return cli_store_unusable("cannot apply the schema", error.text);
  }
  printf("{\"status\": \"ok\", \"schema_version\": %d}\n", pg.schema_version());
  return cli_flush("the outcome");
#else
  (void)url;
  return usage_error("this promo was built without PostgreSQL (promo_pg): "
                     "there is no store to initialise");
#endif
}

static int run(int argc, char **argv) {
  cli_args args;
  int status = cli_parse(&args, &SPEC, argc, argv);
  if (status != 0 || args.help) {
    return status != 0 ? status : help();
  }
  if (strcmp(args.operands[0], "init") != 0) {
    char q[160];
    return usage_error("unknown store action '%s': the one there is, is init",
                       usage_quote(q, sizeof q, args.operands[0]));
  }
  if (strncmp(args.store, "postgresql://", 13) != 0 &&
      strncmp(args.store, "postgres://", 11) != 0) {
    return usage_error("option '--store' takes a postgresql:// URL");
  }
  return init(args.store);
}

const cli_command cli_store = {"store",
                               "apply the PostgreSQL store's schema (init)",
                               "promo store init --store URL", run};
