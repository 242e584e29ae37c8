/* check_args.c - options of `promo check`, GNU style: "--catalog FILE" or
 * "--catalog=FILE", "--" ends the options. */
#include "check_args.h"

#include "usage.h"

#include <ctype.h>
#include <stddef.h>
#include <string.h>

typedef struct option {
  const char *name;
  size_t offset; /* of the value's field in check_args */
} option;

static const option OPTIONS[] = {
    {"--catalog", offsetof(check_args, catalog)},
    {"--order", offsetof(check_args, order)},
    {"--locale", offsetof(check_args, locale)},
};

static const char **field(check_args *a, const option *o) {
  return (const char **)(void *)((char *)a + o->offset);
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

/* Handles argv[*i], an option; may consume the next argument as its value. */
static int take_option(check_args *out, int argc, char **argv, int *i) {
  const char *arg = argv[*i];
  for (size_t k = 0; k < sizeof OPTIONS / sizeof OPTIONS[0]; k++) {
    const option *o = &OPTIONS[k];
    size_t n = strlen(o->name);
    if (strncmp(arg, o->name, n) != 0 || (arg[n] != '\0' && arg[n] != '=')) {
      continue;
    }
    const char *value = NULL;
    if (arg[n] == '=') {
      value = arg + n + 1;
    } else if (*i + 1 < argc) {
      value = argv[++*i];
    }
    if (value == NULL || value[0] == '\0') {
      return usage_error("option '%s' needs a value", o->name);
    }
    const char **slot = field(out, o);
    if (*slot != NULL) {
      return usage_error("option '%s' is given twice", o->name);
    }
    *slot = value;
    return 0;
  }
  if (arg[1] != '-') {
    return usage_error("unknown option '%s' (to check a CODE that starts "
                       "with -, put -- before it)",
                       arg);
  }
  return usage_error("unknown option '%s'", arg);
}

int check_args_parse(check_args *out, int argc, char **argv) {
  memset(out, 0, sizeof *out);
  bool options_done = false;
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    if (!options_done && arg[0] == '-' && arg[1] != '\0') {
      if (strcmp(arg, "--") == 0) {
        options_done = true;
        continue;
      }
      if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
        out->help = true;
        return 0;
      }
      int status = take_option(out, argc, argv, &i);
      if (status != 0) {
        return status;
      }
      continue;
    }
    if (out->code != NULL) {
      return usage_error("unexpected argument '%s': give one CODE", arg);
    }
    out->code = arg;
  }
  if (out->catalog == NULL) {
    return usage_error("missing --catalog FILE");
  }
  if (out->order == NULL) {
    return usage_error("missing --order FILE");
  }
  if (out->code == NULL) {
    return usage_error("missing CODE");
  }
  if (strcmp(out->catalog, "-") == 0) {
    return usage_error("the catalog cannot be read from standard input: "
                       "only --order takes -");
  }
  if (out->locale == NULL) {
    out->locale = "en";
  } else if (!supported_locale(out->locale)) {
    return usage_error("unsupported locale '%s': use en or nl", out->locale);
  }
  return 0;
}
