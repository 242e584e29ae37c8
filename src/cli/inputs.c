/* inputs.c - reading the files a command is given. promo_json escapes every
 * byte of input in its errors, so they are printed as they come. */
#include "inputs.h"

#include "cli.h"

#include "../quote.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int bad_file(const promo_json_error *error) {
  char text[PROMO_JSON_ERROR_FILE_MAX + PROMO_JSON_ERROR_TEXT_MAX + 64];
  (void)promo_json_error_format(text, sizeof text, error);
  fprintf(stderr, "%s\n", text);
  return EXIT_BAD_INPUT;
}

int cli_out_of_memory(void) {
  fputs("promo: out of memory\n", stderr);
  return EXIT_BAD_INPUT;
}

bool cli_is_compiled(const char *path) {
  unsigned char head[PROMO_COMPILED_MAGIC_LEN];
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    return false; /* the JSON loader says why it cannot be read */
  }
  ssize_t n = read(fd, head, sizeof head);
  (void)close(fd);
  return n == (ssize_t)sizeof head &&
         memcmp(head, PROMO_COMPILED_MAGIC, sizeof head) == 0;
}

/* Opens the compiled catalog args->catalog. */
static int open_compiled(promo_catalog **out, const cli_args *args,
                         promo_store *store) {
  promo_open_options options = PROMO_OPEN_OPTIONS_INIT;
  options.store = store;
  options.verify = args->verify;
  promo_file_error error;
  promo_status st = promo_catalog_open(out, &error, args->catalog, &options);
  if (st == PROMO_ERR_NO_MEMORY) {
    return cli_out_of_memory();
  }
  if (st != PROMO_OK) {
    fprintf(stderr, "%s\n", error.text);
    return EXIT_BAD_INPUT;
  }
  if (args->hints && !promo_catalog_has_hints(*out)) {
    promo_quoted q;
    fprintf(stderr,
            "%s: compiled without its hint index, which --hints needs: "
            "compile it again from its JSON with promo compile --hints\n",
            promo_quote_str(&q, args->catalog));
    promo_catalog_free(*out);
    *out = NULL;
    return EXIT_BAD_INPUT;
  }
  return 0;
}

int cli_load(promo_catalog **catalog, promo_order **order, const cli_args *args,
             promo_store *store) {
  promo_json_options options = PROMO_JSON_OPTIONS_INIT;
  options.codes_dir = args->codes_dir;
  options.store = store;
  options.hints = args->hints;
  promo_json_error error;
  promo_catalog *c = NULL;
  if (cli_is_compiled(args->catalog)) {
    int status = open_compiled(&c, args, store);
    if (status != 0) {
      return status;
    }
  } else if (promo_json_load_catalog(&c, &error, args->catalog, NULL,
                                     &options) != PROMO_OK) {
    return bad_file(&error);
  }
  if (order != NULL && promo_json_load_order(order, &error, c, args->order,
                                             &options) != PROMO_OK) {
    promo_catalog_free(c);
    return bad_file(&error);
  }
  *catalog = c;
  return 0;
}
