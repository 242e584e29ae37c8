/* cmd_release.c - `promo release`: drop the order's reservations in the store.
 */
#include "cli.h"
#include "options.h"
#include "stores.h"

#include <stdio.h>

static const cli_spec SPEC = {CLI_CATALOG | CLI_ORDER | CLI_CODES_DIR |
                                  CLI_VERIFY | CLI_STORE | CLI_NOW,
                              CLI_CATALOG | CLI_ORDER, 0, NULL, NULL};

static int help(void) {
  fputs(
      "usage: promo release --catalog FILE --order FILE [--store URL] "
      "[--now SECONDS]\n"
      "                     [--codes-dir DIR]\n"
      "\n"
      "Drops the order's reservation of each campaign whose code the order's "
      "new\n"
      "lines carry, in the redemption store, so the slots go back at once.\n"
      "Redemptions stay counted (see promo refund). The order file must carry "
      "the\n"
      "codes (promo_code).\n"
      "Prints {\"status\", \"order\", \"campaigns\"} as one JSON "
      "object.\n"
      "\n"
      "  --store URL      a PostgreSQL store (postgresql://...); without "
      "it, a store\n"
      "                   in memory for this run only\n"
      "  --now SECONDS    the store's clock, in seconds since 1970 "
      "(default: now)\n"
      "  the other options as for promo check\n"
      "\n"
      "exit status: 0 released (or nothing to release); 2 bad usage or input;\n"
      "3 the store failed: nothing on stdout, stderr says why (safe to run "
      "again).\n",
      stdout);
  return cli_flush("the help");
}

static int run(int argc, char **argv) {
  cli_args args;
  int status = cli_parse(&args, &SPEC, argc, argv);
  if (status != 0) {
    return status;
  }
  return args.help ? help() : cli_give_back(&args, false);
}

const cli_command cli_release = {
    "release", "drop the order's reservations in the store",
    "promo release --catalog FILE --order FILE [--store URL] [--now SECONDS] "
    "[--codes-dir DIR]",
    run};
