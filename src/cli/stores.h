/* stores.h - the redemption store of a command: --store URL (PostgreSQL)
 * or, without it, an in-memory store that lives as long as the command;
 * --now SECONDS fixes its clock. And what the store commands print. */
#ifndef PROMO_CLI_STORES_H
#define PROMO_CLI_STORES_H

#include "options.h"

#include <promo/promo.h>

typedef struct cli_store_ctx {
  promo_store *store;
  int64_t now; /* the instant of --now, read by the store's clock */
} cli_store_ctx;

/* Opens the store of args->store, with the clock of args->now. Returns 0;
 * EXIT_BAD_INPUT after a usage error (--now not a number of seconds, a
 * --store that is not a postgresql:// URL, a promo built without
 * PostgreSQL); EXIT_STORE_FAILED after saying on stderr why the store
 * cannot be reached or used. */
int cli_store_open(cli_store_ctx *out, const cli_args *args);

/* Releases the command's reference to the store. */
void cli_store_close(cli_store_ctx *s);

/* Says "promo: the redemption store failed: TEXT; running the same command
 * again is safe ..." on stderr, TEXT escaped; returns EXIT_STORE_FAILED.
 * Not "nothing was counted": a store that lost its answer after counting
 * cannot know (pg.h). */
int cli_store_failed(const char *text);

/* Says "promo: WHAT: TEXT" on stderr, TEXT escaped; returns
 * EXIT_STORE_FAILED. */
int cli_store_unusable(const char *what, const char *text);

/* Reads a --ttl or --now value: a decimal integer of at least `min`.
 * Returns 0, or EXIT_BAD_INPUT after a usage error naming `option`. */
int cli_seconds(int64_t *out, const char *value, const char *option,
                int64_t min);

/* A growable text for the JSON a command prints whole, or not at all. */
typedef struct cli_text {
  char *data;
  size_t length;
  size_t capacity;
  bool failed; /* out of memory: the text is incomplete */
} cli_text;

void cli_text_add(cli_text *t, const char *s);
/* `s` as a JSON string, quotes included. */
void cli_text_add_json(cli_text *t, const char *s);
void cli_text_free(cli_text *t);

#endif

/* `promo complete` and `promo reserve`: loads the catalog on the store and
 * the order, applies args->operands[0] and, all or nothing with it,
 * completes the order or reserves for `ttl` seconds (then); prints the
 * result as `promo check` does. Exit 0 counted or reserved (or already),
 * 1 refused, 2 bad usage or input, 3 the store failed (stderr only). */
int cli_apply_then(const cli_args *args, promo_apply_then then, int64_t ttl);

/* `promo release` and `promo refund`: gives back the order's slots;
 * prints {"status", "order", "campaigns"}. Exit 0, 2 or 3. */
int cli_give_back(const cli_args *args, bool refund);
