/* cmd_reserve.c - `promo reserve`: apply CODE to the order and hold its
 * slots in the store for a time to live, all or nothing. */
#include "cli.h"
#include "options.h"
#include "stores.h"

#include <stdio.h>

static const cli_spec SPEC = {CLI_CATALOG | CLI_ORDER | CLI_CODES_DIR |
                                  CLI_VERIFY | CLI_LOCALE | CLI_STORE |
                                  CLI_NOW | CLI_TTL,
                              CLI_CATALOG | CLI_ORDER | CLI_TTL, 1, "CODE",
                              "to reserve with a CODE that starts with -, "
                              "put -- before it"};

static int help(void) {
  fputs("usage: promo reserve --catalog FILE --order FILE --ttl SECONDS "
        "[--store URL]\n"
        "                     [--now SECONDS] [--codes-dir DIR] [--locale "
        "en|nl] [--] CODE\n"
        "\n"
        "Applies CODE to the order and reserves a slot of each campaign "
        "whose code\n"
        "the order's new lines carry, for SECONDS from now (again: renews "
        "it), in\n"
        "the redemption store, all or nothing. A reservation counts against "
        "other\n"
        "orders until it expires, is released or is completed. Prints the "
        "result\n"
        "as `promo check` does.\n"
        "\n"
        "  --ttl SECONDS    how long the slots are held (at least 1)\n"
        "  --store URL      a PostgreSQL store (postgresql://...); without "
        "it, the\n"
        "                   reservation lives in memory for this run only\n"
        "  --now SECONDS    the store's clock, in seconds since 1970 "
        "(default: now)\n"
        "  the other options as for promo check\n"
        "\n"
        "exit status: 0 reserved (or counted already); 1 refused (the JSON "
        "status\n"
        "says why); 2 bad usage or input; 3 the store failed: nothing on "
        "stdout,\n"
        "stderr says why, nothing was reserved (safe to run again).\n",
        stdout);
  return cli_flush("the help");
}

static int run(int argc, char **argv) {
  cli_args args;
  int status = cli_parse(&args, &SPEC, argc, argv);
  if (status != 0 || args.help) {
    return status != 0 ? status : help();
  }
  int64_t ttl = 0;
  status = cli_seconds(&ttl, args.ttl, "ttl", 1);
  return status != 0 ? status : cli_apply_then(&args, PROMO_THEN_RESERVE, ttl);
}

const cli_command cli_reserve = {
    "reserve", "apply CODE and hold its slots in the store for a while",
    "promo reserve --catalog FILE --order FILE --ttl SECONDS [--store URL] "
    "[--now SECONDS] [--codes-dir DIR] [--locale en|nl] [--] CODE",
    run};
