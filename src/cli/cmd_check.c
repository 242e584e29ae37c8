/* cmd_check.c - `promo check`: load the catalog and the order, apply the
 * code, print the outcome. Bad input never reaches stdout: the result is
 * rendered whole before a byte is written. */
#include "cli.h"
#include "inputs.h"
#include "options.h"
#include "usage.h"

#include <promo/json.h>

#include <stdio.h>
#include <string.h>

static const cli_spec SPEC = {
    CLI_CATALOG | CLI_ORDER | CLI_CODES_DIR | CLI_LOCALE,
    CLI_CATALOG | CLI_ORDER, 1, "CODE",
    "to check a CODE that starts with -, put -- before it"};

static int help(void) {
  fputs("usage: promo check --catalog FILE --order FILE [--codes-dir DIR] "
        "[--locale en|nl]\n"
        "                   [--] CODE\n"
        "\n"
        "Applies CODE to the order in the order file, using the campaigns of "
        "the\n"
        "catalog file, and prints the result as one JSON object on stdout.\n"
        "\n"
        "  --catalog FILE   the catalog of campaigns (JSON)\n"
        "  --order FILE     the order (JSON); - reads it from standard input\n"
        "  --codes-dir DIR  where the catalog's codes_file paths are read "
        "from\n"
        "                   (default: the catalog's directory); they must "
        "stay in it\n"
        "  --locale LOCALE  language of the message: en (default) or nl\n"
        "  --               end of options: put it before a CODE that starts "
        "with -\n"
        "  -h, --help       show this help\n"
        "\n"
        "exit status: 0 the code was applied; 1 it was refused (the JSON "
        "status\n"
        "says why); 2 bad usage or a bad input file: nothing on stdout, and "
        "stderr\n"
        "says FILE:LINE:COLUMN: what is wrong.\n"
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
  options.dry_run = true; /* nothing outlives the command anyway */
  promo_status st = promo_apply(result, order, code, strlen(code), &options);
  char *json = NULL;
  size_t length = 0;
  if (st == PROMO_ERR_NO_MEMORY ||
      promo_json_result_string(&json, &length, result, order, args->locale,
                               PROMO_JSON_PRETTY) != PROMO_OK) {
    promo_result_free(result);
    return cli_out_of_memory();
  }
  promo_result_free(result);
  json[length] = '\n'; /* the NUL: the text is written by its length */
  int status = cli_write(json, length + 1, "the result");
  promo_json_free(json);
  if (status != 0) {
    return status;
  }
  return st == PROMO_OK ? EXIT_APPLIED : EXIT_REFUSED;
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
  promo_catalog *catalog = NULL;
  promo_order *order = NULL;
  status = cli_load(&catalog, &order, &args);
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
    "en|nl] [--] CODE",
    run};
