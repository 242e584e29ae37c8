/* options.h - the command line of a `promo` command, parsed the same way
 * for every command with getopt_long: "--catalog FILE" or "--catalog=FILE",
 * options and operands in any order, "--" ends the options. */
#ifndef PROMO_CLI_OPTIONS_H
#define PROMO_CLI_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

/* The options a command may take. */
enum {
  CLI_CATALOG = 1u << 0,   /* --catalog FILE */
  CLI_ORDER = 1u << 1,     /* --order FILE ("-": standard input) */
  CLI_CODES_DIR = 1u << 2, /* --codes-dir DIR */
  CLI_LOCALE = 1u << 3,    /* --locale LOCALE */
  CLI_STORE = 1u << 4,     /* --store URL: the redemption store */
  CLI_TTL = 1u << 5,       /* --ttl SECONDS: how long a reservation lasts */
  CLI_NOW = 1u << 6,       /* --now SECONDS: the store's clock */
  CLI_HINTS = 1u << 7,     /* --hints (no value) */
  CLI_EXPLAIN = 1u << 8,   /* --explain (no value) */
  CLI_ANONYMOUS = 1u << 9, /* --anonymous (no value) */
  CLI_OUTPUT = 1u << 10,   /* --output FILE, -o FILE */
  CLI_VERIFY = 1u << 11    /* --verify (no value): a compiled catalog's
                              every checksum */
};

#define CLI_MAX_OPERANDS 4

/* What a command takes: its options, which of them it requires, and its
 * operands (exactly `operands` of them, named `operand` in messages). */
typedef struct cli_spec {
  unsigned options;
  unsigned required;
  size_t operands;
  const char *operand;   /* "CODE" */
  const char *dash_hint; /* said after an unknown "-x": how to pass an
                            operand that starts with '-' */
} cli_spec;

typedef struct cli_args {
  const char *catalog;
  const char *order;
  const char *codes_dir;
  const char *locale; /* "en" unless given */
  const char *store;  /* NULL: an in-memory store for this run */
  const char *ttl;
  const char *now;
  bool hints;
  bool explain;
  bool anonymous;
  const char *output;
  bool verify;
  const char *operands[CLI_MAX_OPERANDS];
  size_t operand_count;
  bool help; /* -h or --help: nothing else is required */
} cli_args;

/* Reads the arguments after "promo" (argv[0] is the command) into *out.
 * Returns 0, or EXIT_BAD_INPUT after a usage error on stderr: an unknown or
 * abbreviated option, an option given twice, a missing value, a value that
 * is another option ("--catalog --order x": write --catalog=--order if you
 * mean it), a value given to an option that takes none ("--hints=yes"), a
 * missing required option, too few or too many operands, a catalog from
 * standard input, an unsupported locale, --explain with --anonymous. */
int cli_parse(cli_args *out, const cli_spec *spec, int argc, char **argv);

#endif
