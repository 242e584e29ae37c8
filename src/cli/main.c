/* main.c - `promo`: check a promo code against a catalog and an order from
 * files. The command, its formats and statuses are documented in README.md. */
#include "check_command.h"
#include "usage.h"

#include <string.h>

int main(int argc, char **argv) {
  if (argc < 2) {
    return usage_error("missing command");
  }
  const char *command = argv[1];
  if (strcmp(command, "check") == 0) {
    return check_command(argc - 1, argv + 1);
  }
  if (strcmp(command, "-h") == 0 || strcmp(command, "--help") == 0) {
    usage_help(stdout);
    return 0;
  }
  if (strcmp(command, "--version") == 0) {
    usage_version(stdout);
    return 0;
  }
  if (command[0] == '-') {
    return usage_error("unknown option '%s'", command);
  }
  return usage_error("unknown command '%s'", command);
}
