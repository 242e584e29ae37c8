/* options.c - getopt_long behind every command's options, with the checks
 * getopt leaves to its caller: exact option names, no option twice, no
 * option taken as another's value. */
#include "options.h"

#include "cli.h"
#include "usage.h"

#include <ctype.h>
#include <getopt.h>
#include <string.h>

typedef struct known {
  unsigned flag;
  const char *name;
  const char *value; /* what its value is, in "missing --x VALUE" */
  size_t offset;     /* of its value in cli_args */
} known;

static const known KNOWN[] = {
    {CLI_CATALOG, "catalog", "FILE", offsetof(cli_args, catalog)},
    {CLI_ORDER, "order", "FILE", offsetof(cli_args, order)},
    {CLI_CODES_DIR, "codes-dir", "DIR", offsetof(cli_args, codes_dir)},
    {CLI_LOCALE, "locale", "LOCALE", offsetof(cli_args, locale)},
    {CLI_STORE, "store", "URL", offsetof(cli_args, store)},
    {CLI_TTL, "ttl", "SECONDS", offsetof(cli_args, ttl)},
    {CLI_NOW, "now", "SECONDS", offsetof(cli_args, now)},
    {CLI_OUTPUT, "output", "FILE", offsetof(cli_args, output)},
};
#define N_KNOWN (sizeof KNOWN / sizeof KNOWN[0])

/* The options that take no value: a switch each. */
static const known SWITCHES[] = {
    {CLI_HINTS, "hints", NULL, offsetof(cli_args, hints)},
    {CLI_EXPLAIN, "explain", NULL, offsetof(cli_args, explain)},
    {CLI_ANONYMOUS, "anonymous", NULL, offsetof(cli_args, anonymous)},
    {CLI_VERIFY, "verify", NULL, offsetof(cli_args, verify)},
};
#define N_SWITCHES (sizeof SWITCHES / sizeof SWITCHES[0])

/* getopt_long's codes: 'h', 256 + the index in KNOWN, 512 + the index in
 * SWITCHES. */
#define FIRST_LONG 256
#define FIRST_SWITCH 512

static const char **slot(cli_args *a, const known *k) {
  return (const char **)(void *)((char *)a + k->offset);
}

/* The languages promo_status_message() speaks: "en" or "nl", with or
 * without a region ("nl-BE", "en_GB"). */
static bool supported_locale(const char *locale) {
  char lang[3] = {0};
  for (size_t i = 0; i < 2; i++) {
    if (!isalpha((unsigned char)locale[i])) {
      return false;
    }
    lang[i] = (char)tolower((unsigned char)locale[i]);
  }
  if (locale[2] != '\0' && locale[2] != '-' && locale[2] != '_') {
    return false;
  }
  if (locale[2] != '\0' && locale[3] == '\0') {
    return false;
  }
  return strcmp(lang, "en") == 0 || strcmp(lang, "nl") == 0;
}

static int unknown_option(const cli_spec *spec, const char *arg) {
  char q[160];
  (void)usage_quote(q, sizeof q, arg);
  if (arg[1] != '-' && spec->dash_hint != NULL) {
    return usage_error("unknown option '%s' (%s)", q, spec->dash_hint);
  }
  return usage_error("unknown option '%s'", q);
}

/* Whether `arg`, the element getopt_long took option `name` from, spells
 * it whole: getopt_long also takes unambiguous abbreviations ("--cat"),
 * which would break the day a command gains an option of the same
 * prefix. */
static bool spelled_whole(const char *arg, const char *name) {
  size_t n = strlen(name);
  return strncmp(arg, "--", 2) == 0 && strncmp(arg + 2, name, n) == 0 &&
         (arg[2 + n] == '\0' || arg[2 + n] == '=');
}

static int take_value(cli_args *out, const known *k, const char *arg,
                      const char *value) {
  /* A value in the next argument that looks like an option is the user
   * forgetting the value: "--catalog --order x". "-" alone is a value. */
  bool separate = strchr(arg, '=') == NULL;
  if (value == NULL || value[0] == '\0' ||
      (separate && value[0] == '-' && value[1] != '\0')) {
    return usage_error("option '--%s' needs a value", k->name);
  }
  const char **field = slot(out, k);
  if (*field != NULL) {
    return usage_error("option '--%s' is given twice", k->name);
  }
  *field = value;
  return 0;
}

static int take_switch(cli_args *out, const known *k) {
  bool *on = (bool *)(void *)((char *)out + k->offset);
  if (*on) {
    return usage_error("option '--%s' is given twice", k->name);
  }
  *on = true;
  return 0;
}

static bool is_switch(int code) {
  return code >= FIRST_SWITCH && code < FIRST_SWITCH + (int)N_SWITCHES;
}

static int take_operand(cli_args *out, const cli_spec *spec, const char *arg) {
  if (out->operand_count >= spec->operands) {
    char q[160];
    if (spec->operands == 0) {
      return usage_error("unexpected argument '%s'",
                         usage_quote(q, sizeof q, arg));
    }
    return usage_error("unexpected argument '%s': give %s %s",
                       usage_quote(q, sizeof q, arg),
                       spec->operands == 1 ? "one" : "the", spec->operand);
  }
  out->operands[out->operand_count++] = arg;
  return 0;
}

/* What is missing or wrong once every argument is read. */
static int check_complete(cli_args *out, const cli_spec *spec) {
  for (size_t i = 0; i < N_KNOWN; i++) {
    if ((spec->required & KNOWN[i].flag) != 0 &&
        *slot(out, &KNOWN[i]) == NULL) {
      return usage_error("missing --%s %s", KNOWN[i].name, KNOWN[i].value);
    }
  }
  if (out->operand_count < spec->operands) {
    return usage_error("missing %s", spec->operand);
  }
  if (out->catalog != NULL && strcmp(out->catalog, "-") == 0) {
    return usage_error("the catalog cannot be read from standard input: "
                       "only --order takes -");
  }
  if (out->explain && out->anonymous) {
    return usage_error("--explain shows support staff every reason and "
                       "--anonymous hides them from the customer: give one "
                       "of them");
  }
  if (out->locale == NULL) {
    out->locale = "en";
  } else if (!supported_locale(out->locale)) {
    char q[160];
    return usage_error("unsupported locale '%s': use en or nl",
                       usage_quote(q, sizeof q, out->locale));
  }
  return 0;
}

int cli_parse(cli_args *out, const cli_spec *spec, int argc, char **argv) {
  memset(out, 0, sizeof *out);
  struct option longopts[N_KNOWN + N_SWITCHES + 2];
  size_t n = 0;
  for (size_t i = 0; i < N_KNOWN; i++) {
    if ((spec->options & KNOWN[i].flag) != 0) {
      longopts[n++] = (struct option){KNOWN[i].name, required_argument, NULL,
                                      FIRST_LONG + (int)i};
    }
  }
  for (size_t i = 0; i < N_SWITCHES; i++) {
    if ((spec->options & SWITCHES[i].flag) != 0) {
      longopts[n++] = (struct option){SWITCHES[i].name, no_argument, NULL,
                                      FIRST_SWITCH + (int)i};
    }
  }
  longopts[n++] = (struct option){"help", no_argument, NULL, 'h'};
  longopts[n] = (struct option){NULL, 0, NULL, 0};
  /* "-": operands come back in order (as 1), so that each call reads
   * argv[before]; ":": a missing value is ':', and getopt says nothing. */
  optind = 0;
  opterr = 0;
  /* -o FILE is --output FILE, as compilers spell it. */
  const char *shortopts = (spec->options & CLI_OUTPUT) != 0 ? "-:ho:" : "-:h";
  const known *output = NULL;
  for (size_t i = 0; i < N_KNOWN; i++) {
    output = KNOWN[i].flag == CLI_OUTPUT ? &KNOWN[i] : output;
  }
  for (;;) {
    int before = optind == 0 ? 1 : optind;
    int c = getopt_long(argc, argv, shortopts, longopts, NULL);
    if (c == -1) {
      break;
    }
    const char *arg = argv[before];
    int status = 0;
    if (c == 1) {
      status = take_operand(out, spec, optarg);
    } else if (c == 'h') {
      if (strcmp(arg, "-h") != 0 && !spelled_whole(arg, "help")) {
        return unknown_option(spec, arg);
      }
      out->help = true;
      return 0;
    } else if (c == 'o') {
      status = take_value(out, output, arg, optarg);
    } else if (c == ':' && optopt == 'o') {
      status = take_value(out, output, arg, NULL);
    } else if (c >= FIRST_LONG && c < FIRST_LONG + (int)N_KNOWN) {
      const known *k = &KNOWN[c - FIRST_LONG];
      status = spelled_whole(arg, k->name) ? take_value(out, k, arg, optarg)
                                           : unknown_option(spec, arg);
    } else if (is_switch(c)) {
      const known *k = &SWITCHES[c - FIRST_SWITCH];
      status = spelled_whole(arg, k->name) ? take_switch(out, k)
                                           : unknown_option(spec, arg);
    } else if (c == '?' && is_switch(optopt) &&
               spelled_whole(arg, SWITCHES[optopt - FIRST_SWITCH].name)) {
      status = usage_error("option '--%s' takes no value",
                           SWITCHES[optopt - FIRST_SWITCH].name);
    } else if (c == ':' && optopt >= FIRST_LONG &&
               optopt < FIRST_LONG + (int)N_KNOWN &&
               spelled_whole(arg, KNOWN[optopt - FIRST_LONG].name)) {
      status = take_value(out, &KNOWN[optopt - FIRST_LONG], arg, NULL);
    } else {
      status = unknown_option(spec, arg);
    }
    if (status != 0) {
      return status;
    }
  }
  for (int i = optind; i < argc; i++) { /* after "--" */
    int status = take_operand(out, spec, argv[i]);
    if (status != 0) {
      return status;
    }
  }
  return check_complete(out, spec);
}
