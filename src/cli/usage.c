/* usage.c - help, version and usage errors. */
#include "usage.h"

#include "../quote.h"

#include <promo/promo.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* The command being run, once main() knows it: its usage errors show its
 * synopsis only. */
static const cli_command *current;

void usage_set_command(const cli_command *command) {
  current = command;
}

/* The synopsis of the current command, or of every command, then the
 * global one. */
static void synopsis(FILE *out) {
  for (size_t i = 0, shown = 0; i < cli_command_count; i++) {
    if (current == NULL || current == cli_commands[i]) {
      fprintf(out, "%s%s\n", shown++ == 0 ? "usage: " : "       ",
              cli_commands[i]->synopsis);
    }
  }
  fputs("       promo --help | --version\n", out);
}

int usage_help(void) {
  synopsis(stdout);
  fputs("\n"
        "Checks whether a promo code applies to an order, against a catalog "
        "of\n"
        "campaigns, and prints the outcome as one JSON object; or looks up "
        "every\n"
        "code of a list in the catalog.\n"
        "\n"
        "commands:\n",
        stdout);
  for (size_t i = 0; i < cli_command_count; i++) {
    printf("  %-11s %s\n              (see promo %s --help)\n",
           cli_commands[i]->name, cli_commands[i]->summary,
           cli_commands[i]->name);
  }
  fputs("\n"
        "options:\n"
        "  -h, --help    show this help\n"
        "  --version     show the version, and the tz database's\n"
        "\n"
        "exit status: 0 the code was applied (counted, reserved, ...; codes: "
        "every\n"
        "code was found); 1 it was refused, the JSON status says why (codes: "
        "some\n"
        "code was not found); 2 bad usage or a bad input file (stderr says "
        "where);\n"
        "3 the redemption store failed (stderr says why; running the same "
        "command\n"
        "again is safe: an order is never counted twice).\n",
        stdout);
  return cli_flush("the help");
}

int usage_version(void) {
  printf("promo %s\n", promo_version());
  /* The zone rules a catalog read now would use: those of the default
   * zones (TZDIR, else /usr/share/zoneinfo). ICU's own copy is never used. */
  promo_zones *zones = NULL;
  if (promo_zones_new(&zones, NULL) != PROMO_OK) {
    fputs("tz database: unknown (out of memory)\n", stdout);
    return cli_flush("the version");
  }
  const char *error = promo_zones_error(zones);
  const char *version = promo_zones_tzdata_version(zones);
  promo_quoted dir;
  (void)promo_quote_str(&dir, promo_zones_directory(zones));
  if (error[0] != '\0') {
    printf("tz database: none (%s; from %s); only UTC is available\n", error,
           promo_zones_directory_source(zones));
  } else {
    printf("tz database %s in %s (from %s)\n",
           version == NULL ? "of unknown version" : version, dir.text,
           promo_zones_directory_source(zones));
  }
  promo_zones_free(zones);
  return cli_flush("the version");
}

int usage_error(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("promo: ", stderr);
  // NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized)
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputs("\n", stderr);
  synopsis(stderr);
  return EXIT_BAD_INPUT;
}

const char *usage_quote(char *buf, size_t size, const char *arg) {
  return promo_quote(buf, size, arg, arg == NULL ? 0 : strlen(arg));
}

int cli_flush(const char *what) {
  if (fflush(stdout) != 0 || ferror(stdout)) {
    fprintf(stderr, "promo: cannot write %s to standard output\n", what);
    return EXIT_BAD_INPUT;
  }
  return 0;
}

int cli_write(const char *text, size_t length, const char *what) {
  if (fwrite(text, 1, length, stdout) != length) {
    fprintf(stderr, "promo: cannot write %s to standard output\n", what);
    return EXIT_BAD_INPUT;
  }
  return cli_flush(what);
}
