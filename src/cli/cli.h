/* cli.h - what the commands of `promo` share: exit statuses, the command
 * table, and writing to standard output. */
#ifndef PROMO_CLI_CLI_H
#define PROMO_CLI_CLI_H

#include <stddef.h>

/* Exit statuses. */
#define EXIT_APPLIED 0
#define EXIT_REFUSED 1
#define EXIT_BAD_INPUT 2
#define EXIT_STORE_FAILED 3 /* the redemption store failed: nothing counted */

/* One command: `promo NAME ...`. run() gets the arguments after "promo"
 * (argv[0] is NAME) and returns the exit status. */
typedef struct cli_command {
  const char *name;
  const char *summary;  /* one line of `promo --help` */
  const char *synopsis; /* "promo check --catalog FILE ..." */
  int (*run)(int argc, char **argv);
} cli_command;

/* Every command, in the order `promo --help` lists them. One file each:
 * cmd_<name>.c. */
extern const cli_command *const cli_commands[];
extern const size_t cli_command_count;

/* The commands. */
extern const cli_command cli_check;       /* cmd_check.c */
extern const cli_command cli_codes;       /* cmd_codes.c */
extern const cli_command cli_compile;     /* cmd_compile.c */
extern const cli_command cli_complete;    /* cmd_complete.c */
extern const cli_command cli_reserve;     /* cmd_reserve.c */
extern const cli_command cli_release;     /* cmd_release.c */
extern const cli_command cli_refund;      /* cmd_refund.c */
extern const cli_command cli_redemptions; /* cmd_redemptions.c */
extern const cli_command cli_store;       /* cmd_store.c */

/* Flushes standard output. Returns 0, or EXIT_BAD_INPUT after saying on
 * stderr that `what` could not be written (a full disk, a closed stdout):
 * whatever a command prints, a failed write is never a success. */
int cli_flush(const char *what);

/* Writes `length` bytes to standard output and flushes them, as
 * cli_flush(). */
int cli_write(const char *text, size_t length, const char *what);

#endif
