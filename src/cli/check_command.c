/* check_command.c - load the catalog and the order, apply the code, print
 * the outcome. Bad input never reaches stdout: the result is rendered
 * whole before a byte is written. */
#include "check_command.h"

#include "check_args.h"
#include "usage.h"

#include <promo/json.h>

#include <stdio.h>
#include <string.h>

static int bad_file(const promo_json_error *error) {
  char text[PROMO_JSON_ERROR_FILE_MAX + PROMO_JSON_ERROR_TEXT_MAX + 64];
  (void)promo_json_error_format(text, sizeof text, error);
  fprintf(stderr, "%s\n", text);
  return EXIT_BAD_INPUT;
}

static int out_of_memory(void) {
  fputs("promo: out of memory\n", stderr);
  return EXIT_BAD_INPUT;
}

/* Applies the code and prints the result; the catalog and order are read. */
static int apply_and_print(const check_args *args, promo_order *order) {
  promo_result *result = NULL;
  if (promo_result_new(&result, NULL) != PROMO_OK) {
    return out_of_memory();
  }
  promo_apply_options options = PROMO_APPLY_OPTIONS_INIT;
  options.dry_run = true; /* nothing outlives the command anyway */
  promo_status st =
      promo_apply(result, order, args->code, strlen(args->code), &options);
  char *json = NULL;
  size_t length = 0;
  if (st == PROMO_ERR_NO_MEMORY ||
      promo_json_result_string(&json, &length, result, order, args->locale,
                               PROMO_JSON_PRETTY) != PROMO_OK) {
    promo_result_free(result);
    return out_of_memory();
  }
  promo_result_free(result);
  bool written = fwrite(json, 1, length, stdout) == length &&
                 fputc('\n', stdout) != EOF && fflush(stdout) == 0;
  promo_json_free(json);
  if (!written) {
    fputs("promo: cannot write the result to standard output\n", stderr);
    return EXIT_BAD_INPUT;
  }
  return st == PROMO_OK ? EXIT_APPLIED : EXIT_REFUSED;
}

int check_command(int argc, char **argv) {
  check_args args;
  int status = check_args_parse(&args, argc, argv);
  if (status != 0) {
    return status;
  }
  if (args.help) {
    usage_check_help(stdout);
    return 0;
  }
  promo_json_error error;
  promo_catalog *catalog = NULL;
  if (promo_json_load_catalog(&catalog, &error, args.catalog, NULL, NULL) !=
      PROMO_OK) {
    return bad_file(&error);
  }
  promo_order *order = NULL;
  if (promo_json_load_order(&order, &error, catalog, args.order, NULL) !=
      PROMO_OK) {
    promo_catalog_free(catalog);
    return bad_file(&error);
  }
  status = apply_and_print(&args, order);
  promo_order_free(order);
  promo_catalog_free(catalog);
  return status;
}
