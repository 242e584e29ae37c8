/* stores.c - the redemption store a command runs on, and the JSON text the
 * store commands print. */
#include "stores.h"

#include "cli.h"
#include "inputs.h"
#include "print.h"
#include "usage.h"

#include "pg_link.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The clock of --now: the instant it holds. */
static int64_t fixed_clock(void *ctx) {
  return *(const int64_t *)ctx;
}

int cli_seconds(int64_t *out, const char *value, const char *option,
                int64_t min) {
  char *end = NULL;
  bool digits = value[0] >= '0' && value[0] <= '9';
  long long v = digits ? strtoll(value, &end, 10) : 0;
  if (!digits || *end != '\0' || v < min || v == LLONG_MAX) {
    char q[160];
    return usage_error("option '--%s' takes a whole number of seconds of at "
                       "least %lld, not '%s'",
                       option, (long long)min, usage_quote(q, sizeof q, value));
  }
  *out = (int64_t)v;
  return 0;
}

/* Says "promo: <what>: <text>" on stderr, the text escaped (it may quote
 * the URL's user name, or the server's words). */
static void store_says(const char *what, const char *text, const char *after) {
  char q[4 * PROMO_STORE_ERROR_MAX];
  fprintf(stderr, "promo: %s: %s%s\n", what, usage_quote(q, sizeof q, text),
          after);
}

int cli_store_failed(const char *text) {
  store_says("the redemption store failed", text,
             "; running the same command again is safe (an order is never "
             "counted twice)");
  return EXIT_STORE_FAILED;
}

int cli_store_unusable(const char *what, const char *text) {
  store_says(what, text, "");
  return EXIT_STORE_FAILED;
}

static bool is_postgresql_url(const char *url) {
  return strncmp(url, "postgresql://", 13) == 0 ||
         strncmp(url, "postgres://", 11) == 0;
}

int cli_store_open(cli_store_ctx *out, const cli_args *args) {
  out->store = NULL;
  out->now = 0;
  if (args->now != NULL) {
    int status = cli_seconds(&out->now, args->now, "now", 0);
    if (status != 0) {
      return status;
    }
  }
  if (args->store == NULL) {
    promo_store_memory_options o = PROMO_STORE_MEMORY_OPTIONS_INIT;
    if (args->now != NULL) {
      o.clock = fixed_clock;
      o.clock_ctx = &out->now;
    }
    return promo_store_new_memory(&out->store, &o) == PROMO_OK
               ? 0
               : cli_out_of_memory();
  }
  if (!is_postgresql_url(args->store)) {
    return usage_error("option '--store' takes a postgresql:// URL (without "
                       "it, counts live in memory for this run only)");
  }
#ifdef PROMO_CLI_PG
  cli_pg pg;
  int loaded = cli_pg_load(&pg);
  if (loaded != 0) {
    return loaded;
  }
  promo_pg_options o = PROMO_PG_OPTIONS_INIT;
  if (args->now != NULL) {
    o.clock = fixed_clock;
    o.clock_ctx = &out->now;
  }
  promo_store_error error;
  promo_status st = pg.store_new(&out->store, args->store, &o, &error);
  if (st == PROMO_ERR_NO_MEMORY) {
    return cli_out_of_memory();
  }
  if (st != PROMO_OK) {
    return cli_store_unusable("cannot use the redemption store", error.text);
  }
  return 0;
#else
  return usage_error("this promo was built without PostgreSQL (promo_pg): "
                     "--store is not available");
#endif
}

void cli_store_close(cli_store_ctx *s) {
  promo_store_release(s->store);
  s->store = NULL;
}

/* ---- text ---------------------------------------------------------------- */

static void add_bytes(cli_text *t, const char *s, size_t n) {
  if (t->failed) {
    return;
  }
  if (t->length + n + 1 > t->capacity) {
    size_t cap = t->capacity < 256 ? 256 : t->capacity;
    while (cap < t->length + n + 1) {
      cap *= 2;
    }
    char *grown = realloc(t->data, cap);
    if (grown == NULL) {
      t->failed = true;
      return;
    }
    t->data = grown;
    t->capacity = cap;
  }
  memcpy(t->data + t->length, s, n);
  t->length += n;
  t->data[t->length] = '\0';
}

void cli_text_add(cli_text *t, const char *s) {
  add_bytes(t, s, strlen(s));
}

void cli_text_add_json(cli_text *t, const char *s) {
  add_bytes(t, "\"", 1);
  for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
    char esc[8];
    if (*p == '"' || *p == '\\') {
      esc[0] = '\\';
      esc[1] = (char)*p;
      add_bytes(t, esc, 2);
    } else if (*p < 0x20 || *p == 0x7f) {
      snprintf(esc, sizeof esc, "\\u%04x", *p);
      add_bytes(t, esc, 6);
    } else {
      add_bytes(t, (const char *)p, 1);
    }
  }
  add_bytes(t, "\"", 1);
}

void cli_text_free(cli_text *t) {
  free(t->data);
  t->data = NULL;
  t->length = t->capacity = 0;
}

/* ---- the store commands ---------------------------------------------------
 */

int cli_apply_then(const cli_args *args, promo_apply_then then, int64_t ttl) {
  cli_store_ctx s;
  int status = cli_store_open(&s, args);
  if (status != 0) {
    return status;
  }
  promo_catalog *catalog = NULL;
  promo_order *order = NULL;
  status = cli_load(&catalog, &order, args, s.store);
  cli_store_close(&s); /* the catalog holds it now */
  if (status != 0) {
    return status;
  }
  promo_result *result = NULL;
  if (promo_result_new(&result, NULL) != PROMO_OK) {
    promo_order_free(order);
    promo_catalog_free(catalog);
    return cli_out_of_memory();
  }
  const char *code = args->operands[0];
  promo_apply_options options = PROMO_APPLY_OPTIONS_INIT;
  options.then = then;
  options.reserve_ttl = ttl;
  promo_status st = promo_apply(result, order, code, strlen(code), &options);
  if (st == PROMO_ERR_STORE_UNAVAILABLE) {
    status = cli_store_failed(promo_result_error(result));
  } else {
    status = cli_print_result(result, order, args->locale, st);
  }
  promo_result_free(result);
  promo_order_free(order);
  promo_catalog_free(catalog);
  return status;
}

/* The campaign of line i's code when the store acts on it (a new line
 * carrying a code of the catalog), else NULL. */
static const char *campaign_of(const promo_catalog *catalog,
                               const promo_order *order, size_t i) {
  const char *code = promo_order_line_promo_code(order, i);
  const char *campaign = NULL;
  if (!promo_order_line_is_new(order, i) || code == NULL ||
      promo_catalog_find_code(&campaign, catalog, code, strlen(code)) !=
          PROMO_OK) {
    return NULL;
  }
  return campaign;
}

/* The campaigns the store operations act on, each once, in line order. */
static void add_campaigns(cli_text *t, const promo_catalog *catalog,
                          const promo_order *order) {
  cli_text_add(t, "[");
  size_t listed = 0;
  size_t n = promo_order_line_count(order);
  for (size_t i = 0; i < n; i++) {
    const char *campaign = campaign_of(catalog, order, i);
    bool again = false;
    for (size_t k = 0; k < i && campaign != NULL && !again; k++) {
      const char *earlier = campaign_of(catalog, order, k);
      again = earlier != NULL && strcmp(earlier, campaign) == 0;
    }
    if (campaign != NULL && !again) {
      cli_text_add(t, listed++ == 0 ? "" : ", ");
      cli_text_add_json(t, campaign);
    }
  }
  cli_text_add(t, "]");
}

int cli_give_back(const cli_args *args, bool refund) {
  cli_store_ctx s;
  int status = cli_store_open(&s, args);
  if (status != 0) {
    return status;
  }
  promo_catalog *catalog = NULL;
  promo_order *order = NULL;
  status = cli_load(&catalog, &order, args, s.store);
  cli_store_close(&s);
  if (status != 0) {
    return status;
  }
  promo_status st =
      refund ? promo_order_refund(order) : promo_order_release(order);
  if (st == PROMO_ERR_STORE_UNAVAILABLE) {
    status = cli_store_failed(promo_order_error(order));
  } else if (st == PROMO_ERR_NO_MEMORY) {
    status = cli_out_of_memory();
  } else {
    cli_text t = {NULL, 0, 0, false};
    cli_text_add(&t, "{\n  \"status\": ");
    cli_text_add_json(&t, promo_status_name(st));
    cli_text_add(&t, ",\n  \"order\": ");
    cli_text_add_json(&t, promo_order_id(order));
    cli_text_add(&t, ",\n  \"campaigns\": ");
    add_campaigns(&t, catalog, order);
    cli_text_add(&t, "\n}\n");
    status = t.failed ? cli_out_of_memory()
                      : cli_write(t.data, t.length, "the outcome");
    cli_text_free(&t);
  }
  promo_order_free(order);
  promo_catalog_free(catalog);
  return status;
}
