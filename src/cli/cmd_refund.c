/* cmd_refund.c - `promo refund`: un-count the order's redemptions in the store.
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
      "usage: promo refund --catalog FILE --order FILE [--store URL] "
      "[--now SECONDS]\n"
      "                     [--codes-dir DIR]\n"
      "\n"
      "Un-counts the order's redemption of each campaign whose code the "
      "order's\n"
      "new lines carry, in the redemption store: each slot comes back, even "
      "after\n"
      "the campaign has ended. The order file must carry the codes "
      "(promo_code).\n"
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
      "exit status: 0 refunded (or nothing to refund); 2 bad usage or input;\n"
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
  return args.help ? help() : cli_give_back(&args, true);
}

const cli_command cli_refund = {
    "refund", "un-count the order's redemptions in the store",
    "promo refund --catalog FILE --order FILE [--store URL] [--now SECONDS] "
    "[--codes-dir DIR]",
    run};
