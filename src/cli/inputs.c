/* inputs.c - reading the files a command is given. promo_json escapes every
 * byte of input in its errors, so they are printed as they come. */
#include "inputs.h"

#include "cli.h"

#include <stdio.h>

static int bad_file(const promo_json_error *error) {
  char text[PROMO_JSON_ERROR_FILE_MAX + PROMO_JSON_ERROR_TEXT_MAX + 64];
  (void)promo_json_error_format(text, sizeof text, error);
  fprintf(stderr, "%s\n", text);
  return EXIT_BAD_INPUT;
}

int cli_out_of_memory(void) {
  fputs("promo: out of memory\n", stderr);
  return EXIT_BAD_INPUT;
}

int cli_load(promo_catalog **catalog, promo_order **order, const cli_args *args,
             promo_store *store) {
  promo_json_options options = PROMO_JSON_OPTIONS_INIT;
  options.codes_dir = args->codes_dir;
  options.store = store;
  options.hints = args->hints;
  promo_json_error error;
  promo_catalog *c = NULL;
  if (promo_json_load_catalog(&c, &error, args->catalog, NULL, &options) !=
      PROMO_OK) {
    return bad_file(&error);
  }
  if (order != NULL && promo_json_load_order(order, &error, c, args->order,
                                             &options) != PROMO_OK) {
    promo_catalog_free(c);
    return bad_file(&error);
  }
  *catalog = c;
  return 0;
}
