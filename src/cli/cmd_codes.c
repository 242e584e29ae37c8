/* cmd_codes.c - `promo codes`: look up every code of a list (a partner's,
 * one code per line) in a catalog and print, per line, whether it is there
 * and in which campaign. The lookups go through promo_catalog_find_codes(),
 * BATCH codes at a time, so a list of millions costs about what a bare
 * hash table would. */
#include "cli.h"
#include "inputs.h"
#include "options.h"
#include "usage.h"

#include "../quote.h"

#include <promo/promo.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const cli_spec SPEC = {
    CLI_CATALOG | CLI_CODES_DIR | CLI_VERIFY, CLI_CATALOG, 1, "FILE",
    "to read a FILE whose name starts with -, put -- before it"};

/* Codes looked up per call of promo_catalog_find_codes(). */
#define BATCH 4096
/* Bytes kept of a line: a code's 64, a CR, and one more, which tells a
 * line too long for a code. */
#define KEEP (PROMO_CODE_MAX_BYTES + 2)
#define READ_SIZE 65536

static int help(void) {
  fputs("usage: promo codes --catalog FILE [--codes-dir DIR] [--] FILE\n"
        "\n"
        "Looks up every code of FILE (one per line, as in a codes_file; - "
        "reads\n"
        "standard input) in the catalog, and prints one JSON object per code "
        "on\n"
        "stdout: its line, the code, its status (ok, code_not_found or\n"
        "malformed_code) and, when found, its campaign. Blank lines are "
        "skipped.\n"
        "\n"
        "  --catalog FILE   the catalog of campaigns: JSON, or compiled by\n"
        "                   promo compile\n"
        "  --verify         read a compiled catalog whole, checking every "
        "byte\n"
        "                   against its checksums (slower; once per copy is "
        "enough)\n"
        "  --codes-dir DIR  where the catalog's codes_file paths are read "
        "from\n"
        "                   (default: the catalog's directory); they must "
        "stay in it\n"
        "  --               end of options: put it before a FILE that starts "
        "with -\n"
        "  -h, --help       show this help\n"
        "\n"
        "exit status: 0 every code is in the catalog; 1 some code is not, or "
        "is not\n"
        "a well-formed code; 2 bad usage or a bad input file: stderr says "
        "what is\n"
        "wrong.\n",
        stdout);
  return cli_flush("the help");
}

/* The lines of a batch, as they were read. */
typedef struct batch {
  char bytes[BATCH][KEEP];
  const char *codes[BATCH];
  size_t lens[BATCH];
  bool too_long[BATCH]; /* longer than KEEP: malformed whatever it holds */
  unsigned long line[BATCH];
  const char *campaigns[BATCH];
  promo_status statuses[BATCH];
  size_t count;
} batch;

/* Writes s (len bytes of UTF-8) as a JSON string: quotes, backslashes and
 * controls escaped. Codes that are well-formed hold no control, but a
 * campaign id may. */
static void put_json_string(const char *s, size_t len) {
  putchar('"');
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\') {
      putchar('\\');
      putchar(c);
    } else if (c < 0x20) {
      printf("\\u%04x", c);
    } else {
      putchar(c);
    }
  }
  putchar('"');
}

/* Looks the batch up and prints it; returns whether every code was
 * found. */
static bool flush_batch(const promo_catalog *catalog, batch *b) {
  bool all = true;
  if (b->count == 0) {
    return all;
  }
  for (size_t i = 0; i < b->count; i++) {
    b->codes[i] = b->bytes[i];
  }
  /* A line too long to be a code is passed as 65 bytes: malformed. */
  (void)promo_catalog_find_codes(b->campaigns, b->statuses, catalog, b->codes,
                                 b->lens, b->count);
  for (size_t i = 0; i < b->count; i++) {
    promo_status st = b->statuses[i];
    printf("{\"line\": %lu, \"code\": ", b->line[i]);
    if (st == PROMO_ERR_MALFORMED_CODE) {
      fputs("null", stdout);
    } else {
      put_json_string(b->codes[i], b->lens[i]);
    }
    printf(", \"status\": \"%s\"", promo_status_name(st));
    if (st == PROMO_OK) {
      fputs(", \"campaign\": ", stdout);
      put_json_string(b->campaigns[i], strlen(b->campaigns[i]));
    }
    fputs("}\n", stdout);
    all = all && st == PROMO_OK;
  }
  b->count = 0;
  return all;
}

/* Why a file could not be opened or read, as promo_json says it. */
static const char *io_reason(int err) {
  switch (err) {
  case ENOENT:
    return "no such file or directory";
  case EACCES:
  case EPERM:
    return "permission denied";
  case EISDIR:
    return "is a directory";
  case ENOTDIR:
    return "a component of the path is not a directory";
  default:
    return "input/output error";
  }
}

/* Opens `path` for reading if it is a regular file: looking first, so
 * that a FIFO never blocks the open nor a device is touched. */
static int open_list(const char *path, const char **reason) {
  struct stat st;
  if (stat(path, &st) != 0) {
    *reason = io_reason(errno);
    return -1;
  }
  if (!S_ISREG(st.st_mode)) {
    *reason = S_ISDIR(st.st_mode) ? io_reason(EISDIR) : "not a regular file";
    return -1;
  }
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    *reason = io_reason(errno);
    return -1;
  }
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    *reason = "not a regular file";
    (void)close(fd);
    return -1;
  }
  return fd;
}

/* A line being read: its first KEEP bytes, how long it is, its last byte,
 * and whether it is blank as a codes file's blank lines (codes_file.c):
 * only spaces and tabs, but for the CR of a CRLF (`cr`: the last byte
 * seen was a CR after only those; anything after it is not blank). */
typedef struct line_state {
  char bytes[KEEP];
  size_t len;
  unsigned char last;
  bool blank;
  bool cr;
  unsigned long number;
} line_state;

/* Ends the line in `ls`: skipped when blank, else appended to the batch
 * (flushed first when full). Returns whether every code so far was
 * found. */
static bool end_line(const promo_catalog *catalog, batch *b, line_state *ls,
                     bool all) {
  size_t len = ls->len;
  if (len > 0 && ls->last == '\r') {
    len--; /* CRLF */
  }
  if (!ls->blank) {
    if (b->count == BATCH) {
      all = flush_batch(catalog, b) && all;
    }
    size_t k = b->count++;
    size_t kept = len < KEEP ? len : KEEP;
    memcpy(b->bytes[k], ls->bytes, kept);
    /* A line longer than a code is given as 65 bytes: malformed. */
    b->lens[k] = len > PROMO_CODE_MAX_BYTES ? PROMO_CODE_MAX_BYTES + 1 : len;
    b->line[k] = ls->number;
  }
  ls->len = 0;
  ls->last = 0;
  ls->blank = true;
  ls->cr = false;
  ls->number++;
  return all;
}

/* Reads the list from fd, looking codes up a batch at a time. Returns 0,
 * 1 or 2 as the command's exit status. */
static int look_up_all(const promo_catalog *catalog, int fd, const char *name) {
  batch *b = malloc(sizeof *b);
  unsigned char *buf = malloc(READ_SIZE);
  if (b == NULL || buf == NULL) {
    free(b);
    free(buf);
    return cli_out_of_memory();
  }
  b->count = 0;
  line_state ls = {{0}, 0, 0, true, false, 1};
  bool all = true;
  bool start = true;
  int status = 0;
  for (;;) {
    ssize_t got = read(fd, buf, READ_SIZE);
    if (got < 0) {
      if (errno == EINTR) {
        continue;
      }
      promo_quoted q;
      fprintf(stderr, "%s: cannot read: %s\n", promo_quote_str(&q, name),
              io_reason(errno));
      status = EXIT_BAD_INPUT;
      break;
    }
    if (got == 0) {
      break;
    }
    size_t i = 0;
    size_t n = (size_t)got;
    if (start) {
      start = false;
      /* A UTF-8 byte order mark at the very start is not part of the
       * first code (a short first read keeps it: lists come from files). */
      if (n >= 3 && buf[0] == 0xef && buf[1] == 0xbb && buf[2] == 0xbf) {
        i = 3;
      }
    }
    for (; i < n; i++) {
      unsigned char c = buf[i];
      if (c == '\n') {
        all = end_line(catalog, b, &ls, all);
        continue;
      }
      if (ls.len < KEEP) {
        ls.bytes[ls.len] = (char)c;
      }
      ls.len++;
      ls.last = c;
      if (ls.blank && ls.cr) {
        ls.blank = false; /* a CR inside the line: a byte of the code */
      } else if (ls.blank && c == '\r') {
        ls.cr = true;
      } else if (ls.blank) {
        ls.blank = c == ' ' || c == '\t';
      }
    }
  }
  if (status == 0) {
    if (ls.len > 0) { /* the last line had no line ending */
      all = end_line(catalog, b, &ls, all);
    }
    all = flush_batch(catalog, b) && all;
    status = cli_flush("the results");
    if (status == 0) {
      status = all ? 0 : EXIT_REFUSED;
    }
  }
  free(buf);
  free(b);
  return status;
}

static int run(int argc, char **argv) {
  cli_args args;
  int status = cli_parse(&args, &SPEC, argc, argv);
  if (status != 0) {
    return status;
  }
  if (args.help) {
    return help();
  }
  const char *path = args.operands[0];
  bool from_stdin = strcmp(path, "-") == 0;
  const char *name = from_stdin ? "<stdin>" : path;
  int fd = STDIN_FILENO;
  if (!from_stdin) {
    const char *reason = NULL;
    fd = open_list(path, &reason);
    if (fd < 0) {
      promo_quoted q;
      fprintf(stderr, "%s: cannot open: %s\n", promo_quote_str(&q, name),
              reason);
      return EXIT_BAD_INPUT;
    }
  }
  promo_catalog *catalog = NULL;
  status = cli_load(&catalog, NULL, &args, NULL);
  if (status == 0) {
    status = look_up_all(catalog, fd, name);
    promo_catalog_free(catalog);
  }
  if (!from_stdin) {
    (void)close(fd);
  }
  return status;
}

const cli_command cli_codes = {
    "codes", "look up every code of a list and print where each one is",
    "promo codes --catalog FILE [--codes-dir DIR] [--] FILE", run};
