/* usage.c - help, version and usage errors. */
#include "usage.h"

#include <promo/promo.h>

#include <stdarg.h>

static const char SYNOPSIS[] =
    "usage: promo check --catalog FILE --order FILE [--locale en|nl] [--] "
    "CODE\n"
    "       promo --help | --version\n";

void usage_help(FILE *out) {
  fputs(SYNOPSIS, out);
  fputs("\n"
        "Checks whether a promo code applies to an order, against a catalog "
        "of\n"
        "campaigns, and prints the outcome as one JSON object.\n"
        "\n"
        "commands:\n"
        "  check    apply CODE to the order and print the result\n"
        "           (see promo check --help)\n"
        "\n"
        "options:\n"
        "  -h, --help    show this help\n"
        "  --version     show the version\n"
        "\n"
        "exit status: 0 the code was applied; 1 it was refused (the JSON "
        "status\n"
        "says why); 2 bad usage or a bad input file (stderr says where).\n",
        out);
}

void usage_check_help(FILE *out) {
  fputs("usage: promo check --catalog FILE --order FILE [--locale en|nl] [--] "
        "CODE\n"
        "\n"
        "Applies CODE to the order in the order file, using the campaigns of "
        "the\n"
        "catalog file, and prints the result as one JSON object on stdout.\n"
        "\n"
        "  --catalog FILE   the catalog of campaigns (JSON)\n"
        "  --order FILE     the order (JSON); - reads it from standard input\n"
        "  --locale LOCALE  language of the message: en (default) or nl\n"
        "  --               end of options: put it before a CODE that starts "
        "with -\n"
        "  -h, --help       show this help\n"
        "\n"
        "exit status: 0 the code was applied; 1 it was refused (the JSON "
        "status\n"
        "says why); 2 bad usage or a bad input file: nothing on stdout, and "
        "stderr\n"
        "says FILE:LINE:COLUMN: what is wrong.\n"
        "\n"
        "The README describes the catalog and order files.\n",
        out);
}

void usage_version(FILE *out) {
  fprintf(out, "promo %s\n", promo_version());
}

int usage_error(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("promo: ", stderr);
  // NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized)
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputs("\n", stderr);
  fputs(SYNOPSIS, stderr);
  return EXIT_BAD_INPUT;
}
