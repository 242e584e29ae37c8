/* main.c - `promo`: check a promo code against a catalog and an order from
 * files, or look up the codes of a list in a catalog. The command, its formats
 * and statuses are documented in README.md. Each command is one file
 * (cmd_<name>.c) and one row of the table below; they share option parsing
 * (options.c) and loading (inputs.c). */
#include "cli.h"
#include "usage.h"

#include <string.h>

const cli_command *const cli_commands[] = {
    &cli_check,   &cli_codes,  &cli_compile,     &cli_complete, &cli_reserve,
    &cli_release, &cli_refund, &cli_redemptions, &cli_store};
const size_t cli_command_count = sizeof cli_commands / sizeof cli_commands[0];

int main(int argc, char **argv) {
  if (argc < 2) {
    return usage_error("missing command");
  }
  const char *command = argv[1];
  for (size_t i = 0; i < cli_command_count; i++) {
    if (strcmp(command, cli_commands[i]->name) == 0) {
      usage_set_command(cli_commands[i]);
      return cli_commands[i]->run(argc - 1, argv + 1);
    }
  }
  if (strcmp(command, "-h") == 0 || strcmp(command, "--help") == 0) {
    return usage_help();
  }
  if (strcmp(command, "--version") == 0) {
    return usage_version();
  }
  char q[160];
  (void)usage_quote(q, sizeof q, command);
  if (command[0] == '-') {
    return usage_error("unknown option '%s'", q);
  }
  return usage_error("unknown command '%s'", q);
}
