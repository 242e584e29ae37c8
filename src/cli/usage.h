/* usage.h - what `promo` says about itself. */
#ifndef PROMO_CLI_USAGE_H
#define PROMO_CLI_USAGE_H

#include <stdio.h>

/* `promo --help`, on `out`. */
void usage_help(FILE *out);

/* `promo check --help`, on `out`. */
void usage_check_help(FILE *out);

/* `promo --version`, on `out`. */
void usage_version(FILE *out);

/* A usage error: "promo: " + the message, then the synopsis, on stderr.
 * Returns the exit status of bad usage, 2. */
int usage_error(const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* Exit statuses. */
#define EXIT_APPLIED 0
#define EXIT_REFUSED 1
#define EXIT_BAD_INPUT 2

#endif
