/* cmd_check.c - `promo check`: load the catalog and the order, apply the
 * code, print the outcome. Bad input never reaches stdout: the result is
 * rendered whole before a byte is written. */
#include "cli.h"
#include "inputs.h"
#include "options.h"
#include "print.h"
#include "stores.h"
#include "usage.h"

#include <stdio.h>
#include <string.h>

static const cli_spec SPEC = {
    CLI_CATALOG | CLI_ORDER | CLI_CODES_DIR | CLI_VERIFY | CLI_LOCALE |
        CLI_STORE | CLI_NOW | CLI_HINTS | CLI_EXPLAIN | CLI_ANONYMOUS,
    CLI_CATALOG | CLI_ORDER, 1, "CODE",
    "to check a CODE that starts with -, put -- before it"};

static int help(void) {
  fputs("usage: promo check --catalog FILE --order FILE [--codes-dir DIR] "
        "[--locale en|nl]\n"
        "                   [--store URL] [--now SECONDS]\n"
        "                   [--hints] [--explain | --anonymous] [--] CODE\n"
        "\n"
        "Applies CODE to the order in the order file, using the campaigns of "
        "the\n"
        "catalog file, and prints the result as one JSON object on stdout.\n"
        "\n"
        "  --catalog FILE   the catalog of campaigns: JSON, or compiled by\n"
        "                   promo compile\n"
        "  --verify         read a compiled catalog whole, checking every "
        "byte\n"
        "                   against its checksums (slower; once per copy is "
        "enough)\n"
        "  --order FILE     the order (JSON); - reads it from standard input\n"
        "  --codes-dir DIR  where the catalog's codes_file paths are read "
        "from\n"
        "                   (default: the catalog's directory); they must "
        "stay in it\n"
        "  --locale LOCALE  language of the message: en (default) or nl\n"
        "  --store URL      the redemption store R11 reads (postgresql://...);"
        "\n"
        "                   nothing is counted. Without it: none counted yet\n"
        "  --now SECONDS    the store's clock, in seconds since 1970 "
        "(default: now)\n"
        "  --hints          when CODE is not found, say what probably differs "
        "from\n"
        "                   a catalog code (\"hint\": white space, dash, "
        "letter case,\n"
        "                   lookalike characters)\n"
        "  --explain        every reason to refuse CODE, for support staff "
        "(\"reasons\")\n"
        "  --anonymous      print only what the customer may see: a refusal "
        "that\n"
        "                   would show CODE exists reads as code_not_found\n"
        "  --               end of options: put it before a CODE that starts "
        "with -\n"
        "  -h, --help       show this help\n"
        "\n"
        "exit status: 0 the code was applied; 1 it was refused (the JSON "
        "status\n"
        "says why); 2 bad usage or a bad input file: nothing on stdout, and "
        "stderr\n"
        "says FILE:LINE:COLUMN: what is wrong; 3 the store could not be "
        "read.\n"
        "\n"
        "The README describes the catalog and order files.\n",
        stdout);
  return cli_flush("the help");
}

/* Applies the code and prints the result; the catalog and order are read. */
static int apply_and_print(const cli_args *args, promo_order *order) {
  promo_result *result = NULL;
  if (promo_result_new(&result, NULL) != PROMO_OK) {
    return cli_out_of_memory();
  }
  const char *code = args->operands[0];
  promo_apply_options options = PROMO_APPLY_OPTIONS_INIT;
  options.dry_run = true; /* a check changes nothing, counts nothing */
  options.hints = args->hints;
  options.explain = args->explain;
  options.anonymous = args->anonymous;
  promo_status st = promo_apply(result, order, code, strlen(code), &options);
  int status = st == PROMO_ERR_STORE_UNAVAILABLE
                   ? cli_store_failed(promo_result_error(result))
                   : cli_print_result(result, order, args->locale, st);
  promo_result_free(result);
  return status;
}

static int run(int argc, char **argv) {
  cli_args args;
  int status = cli_parse(&args, &SPEC, argc, argv);
  if (status != 0) {
    return status;
  }
  if (args.help) {
    return help();
  }
  cli_store_ctx store;
  status = cli_store_open(&store, &args);
  if (status != 0) {
    return status;
  }
  promo_catalog *catalog = NULL;
  promo_order *order = NULL;
  status = cli_load(&catalog, &order, &args, store.store);
  cli_store_close(&store); /* the catalog holds it now */
  if (status != 0) {
    return status;
  }
  status = apply_and_print(&args, order);
  promo_order_free(order);
  promo_catalog_free(catalog);
  return status;
}

const cli_command cli_check = {
    "check", "apply CODE to the order and print the result",
    "promo check --catalog FILE --order FILE [--codes-dir DIR] [--locale "
    "en|nl] [--store URL] [--now SECONDS]\n"
    "                   [--hints] [--explain | --anonymous] [--] CODE",
    run};
