/* cmd_compile.c - `promo compile`: write a catalog as a compiled file, which
 * every command's --catalog then opens in milliseconds (promo/compiled.h). */
#include "cli.h"
#include "inputs.h"
#include "options.h"

#include <stdio.h>
#include <string.h>

static const cli_spec SPEC = {
    CLI_OUTPUT | CLI_CODES_DIR | CLI_HINTS | CLI_VERIFY, CLI_OUTPUT, 1,
    "CATALOG", "to read a CATALOG whose name starts with -, put -- before it"};

static int help(void) {
  fputs("usage: promo compile [--codes-dir DIR] [--hints] [--verify] "
        "-o FILE [--] CATALOG\n"
        "\n"
        "Reads CATALOG (JSON, or an already compiled one), checks it as every "
        "command\n"
        "does, and writes it compiled to FILE: a file every --catalog takes, "
        "opened\n"
        "by mapping it, with no work per code. FILE is replaced whole or not "
        "at all\n"
        "(written beside it, read back, then renamed over it), so processes "
        "that\n"
        "have the old one open keep reading it. Prints one JSON object on "
        "stdout:\n"
        "{\"campaigns\": N, \"codes\": N, \"hints\": true|false}.\n"
        "\n"
        "  -o, --output FILE  where to write the compiled catalog\n"
        "  --codes-dir DIR    where CATALOG's codes_file paths are read from\n"
        "                     (default: CATALOG's directory); they must stay "
        "in it\n"
        "  --hints            include the hint index that promo check --hints "
        "needs\n"
        "                     (see promo check --help); kept from a compiled "
        "CATALOG\n"
        "  --verify           when CATALOG is compiled, read it whole first, "
        "checking\n"
        "                     every byte against its checksums\n"
        "  --                 end of options: put it before a CATALOG that "
        "starts with -\n"
        "  -h, --help         show this help\n"
        "\n"
        "exit status: 0 written; 2 bad usage, a bad CATALOG or a FILE that "
        "cannot be\n"
        "written: stderr says what is wrong, and FILE is as it was.\n",
        stdout);
  return cli_flush("the help");
}

static int run(int argc, char **argv) {
  cli_args args;
  int status = cli_parse(&args, &SPEC, argc, argv);
  if (status != 0 || args.help) {
    return status != 0 ? status : help();
  }
  args.catalog = args.operands[0];
  /* A compiled CATALOG keeps the hint index it has; --hints asks for one
   * it lacks, which cli_load refuses with the way to get it. */
  promo_catalog *catalog = NULL;
  status = cli_load(&catalog, NULL, &args, NULL);
  if (status != 0) {
    return status;
  }
  promo_file_error error;
  promo_status st = promo_catalog_write(catalog, args.output, &error);
  if (st != PROMO_OK) {
    promo_catalog_free(catalog);
    if (st == PROMO_ERR_NO_MEMORY) {
      return cli_out_of_memory();
    }
    fprintf(stderr, "%s\n", error.text);
    return EXIT_BAD_INPUT;
  }
  printf("{\"campaigns\": %zu, \"codes\": %zu, \"hints\": %s}\n",
         promo_catalog_campaign_count(catalog),
         promo_catalog_code_count(catalog),
         promo_catalog_has_hints(catalog) ? "true" : "false");
  promo_catalog_free(catalog);
  return cli_flush("the summary");
}

const cli_command cli_compile = {
    "compile", "write a catalog compiled, for every --catalog to map",
    "promo compile [--codes-dir DIR] [--hints] [--verify] -o FILE [--] "
    "CATALOG",
    run};
