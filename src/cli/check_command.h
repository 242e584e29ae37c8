/* check_command.h - `promo check`. */
#ifndef PROMO_CLI_CHECK_COMMAND_H
#define PROMO_CLI_CHECK_COMMAND_H

/* Runs `promo check` with the arguments after "promo" (argv[0] is "check")
 * and returns the exit status: 0 applied, 1 refused, 2 bad usage or input. */
int check_command(int argc, char **argv);

#endif
