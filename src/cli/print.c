/* print.c - a result on standard output, as `promo check` prints it. */
#include "print.h"

#include "cli.h"
#include "inputs.h"

#include <promo/json.h>

int cli_print_result(const promo_result *result, const promo_order *order,
                     const char *locale, promo_status status) {
  char *json = NULL;
  size_t length = 0;
  if (status == PROMO_ERR_NO_MEMORY ||
      promo_json_result_string(&json, &length, result, order, locale,
                               PROMO_JSON_PRETTY) != PROMO_OK) {
    return cli_out_of_memory();
  }
  json[length] = '\n'; /* the NUL: the text is written by its length */
  int written = cli_write(json, length + 1, "the result");
  promo_json_free(json);
  if (written != 0) {
    return written;
  }
  return status == PROMO_OK ? EXIT_APPLIED : EXIT_REFUSED;
}
