/* cmd_complete.c - `promo complete`: apply CODE to the order and count the
 * redemption in the store, all or nothing. */
#include "cli.h"
#include "options.h"
#include "stores.h"

#include <stdio.h>

static const cli_spec SPEC = {
    CLI_CATALOG | CLI_ORDER | CLI_CODES_DIR | CLI_VERIFY | CLI_LOCALE |
        CLI_STORE | CLI_NOW,
    CLI_CATALOG | CLI_ORDER, 1, "CODE",
    "to complete with a CODE that starts with -, put -- before it"};

static int help(void) {
  fputs("usage: promo complete --catalog FILE --order FILE [--store URL] "
        "[--now SECONDS]\n"
        "                      [--codes-dir DIR] [--locale en|nl] [--] CODE\n"
        "\n"
        "Applies CODE to the order and completes it: counts one redemption "
        "of each\n"
        "campaign whose code the order's new lines carry, in the redemption "
        "store,\n"
        "all or nothing, at most once per order id. Prints the result as "
        "`promo\n"
        "check` does.\n"
        "\n"
        "  --store URL      a PostgreSQL store (postgresql://...); without "
        "it, counts\n"
        "                   live in memory for this run only\n"
        "  --now SECONDS    the store's clock, in seconds since 1970 "
        "(default: now)\n"
        "  the other options as for promo check\n"
        "\n"
        "exit status: 0 counted (or counted already for this order id); 1 "
        "refused\n"
        "(the JSON status says why, e.g. redemption_limit); 2 bad usage or "
        "input;\n"
        "3 the store failed: nothing on stdout, stderr says why; nothing was "
        "counted,\n"
        "unless the store lost its answer after counting: running the same "
        "command\n"
        "again is safe and counts the order once.\n",
        stdout);
  return cli_flush("the help");
}

static int run(int argc, char **argv) {
  cli_args args;
  int status = cli_parse(&args, &SPEC, argc, argv);
  if (status != 0) {
    return status;
  }
  return args.help ? help() : cli_apply_then(&args, PROMO_THEN_COMPLETE, 0);
}

const cli_command cli_complete = {
    "complete", "apply CODE and count the redemption in the store",
    "promo complete --catalog FILE --order FILE [--store URL] [--now "
    "SECONDS] [--codes-dir DIR] [--locale en|nl] [--] CODE",
    run};
