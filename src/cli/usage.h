/* usage.h - what `promo` says about itself, and usage errors. */
#ifndef PROMO_CLI_USAGE_H
#define PROMO_CLI_USAGE_H

#include "cli.h"

/* `promo --help` and `promo --version` on standard output; 0, or
 * EXIT_BAD_INPUT when it cannot be written. */
int usage_help(void);
int usage_version(void);

/* From now on, usage errors show `command`'s synopsis only (main() calls it
 * once it knows the command; before, they show every command's). */
void usage_set_command(const cli_command *command);

/* A usage error: "promo: " + the message, then the synopsis, on stderr.
 * Every argument the message quotes must go through usage_quote() first.
 * Returns EXIT_BAD_INPUT. */
int usage_error(const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* A command-line argument as a usage error may show it: escaped and
 * shortened (src/quote.h), in `buf` of `size` bytes. Returns buf. */
const char *usage_quote(char *buf, size_t size, const char *arg);

#endif
