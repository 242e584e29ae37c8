/* check_args.h - the command line of `promo check`. */
#ifndef PROMO_CLI_CHECK_ARGS_H
#define PROMO_CLI_CHECK_ARGS_H

#include <stdbool.h>

typedef struct check_args {
  const char *catalog;
  const char *order; /* "-": standard input */
  const char *locale;
  const char *code;
  bool help;
} check_args;

/* Reads the arguments after "check" (argv[0] is "check") into *out.
 * Returns 0, or 2 after a usage error on stderr. With --help, out->help is
 * set and nothing else is required. */
int check_args_parse(check_args *out, int argc, char **argv);

#endif
