/* print.h - what the commands print on standard output: a result as
 * `promo check` shows it. */
#ifndef PROMO_CLI_PRINT_H
#define PROMO_CLI_PRINT_H

#include <promo/promo.h>

/* Prints `result`, the outcome `status` of an apply on `order`, as one
 * pretty JSON object in the language of `locale`, rendered whole before a
 * byte is written. Returns EXIT_APPLIED for PROMO_OK, EXIT_REFUSED for any
 * other status, or EXIT_BAD_INPUT when out of memory or when it cannot be
 * written (said on stderr). */
int cli_print_result(const promo_result *result, const promo_order *order,
                     const char *locale, promo_status status);

#endif
