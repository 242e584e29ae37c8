/* inputs.h - the catalog and the order a command reads, as the options
 * --catalog, --order and --codes-dir name them. */
#ifndef PROMO_CLI_INPUTS_H
#define PROMO_CLI_INPUTS_H

#include "options.h"

#include <promo/json.h>
#include <promo/promo.h>

#include <stdbool.h>

/* Whether the file at `path` starts as a compiled catalog does
 * (promo/compiled.h); false for a file that cannot be read. */
bool cli_is_compiled(const char *path);

/* Loads the catalog of args->catalog, a JSON or a compiled one (opened
 * with args->verify), into *catalog and, when `order` is not NULL, the order of
 * args->order into *order. Codes files are read from args->codes_dir, or the
 * catalog's directory. The catalog counts redemptions in `store` (NULL: an
 * in-memory store of its own) and holds a reference to it. Returns 0, or
 * EXIT_BAD_INPUT after saying on stderr what is wrong with which file
 * (FILE:LINE:COL: ...), with nothing loaded. */
int cli_load(promo_catalog **catalog, promo_order **order, const cli_args *args,
             promo_store *store);

/* Says "promo: out of memory" on stderr; returns EXIT_BAD_INPUT. */
int cli_out_of_memory(void);

#endif
