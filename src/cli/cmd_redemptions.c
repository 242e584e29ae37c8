/* cmd_redemptions.c - `promo redemptions`: every campaign's counts in the
 * store, one JSON object a line. */
#include "cli.h"
#include "inputs.h"
#include "options.h"
#include "stores.h"

#include <stdio.h>

static const cli_spec SPEC = {CLI_CATALOG | CLI_CODES_DIR | CLI_VERIFY |
                                  CLI_STORE | CLI_NOW,
                              CLI_CATALOG, 0, NULL, NULL};

static int help(void) {
  fputs("usage: promo redemptions --catalog FILE [--store URL] [--now "
        "SECONDS]\n"
        "                         [--codes-dir DIR]\n"
        "\n"
        "Prints, for every campaign of the catalog, one JSON object a line:\n"
        "{\"campaign\": ID, \"redeemed\": N, \"reserved\": N, "
        "\"max_redemptions\": N or null}\n"
        "-- orders counted and not refunded, reservations live now, and the "
        "cap.\n"
        "\n"
        "  --store URL      a PostgreSQL store (postgresql://...); without "
        "it, a store\n"
        "                   in memory for this run only: every count is 0\n"
        "  --now SECONDS    the store's clock, in seconds since 1970 "
        "(default: now)\n"
        "  --catalog, --codes-dir, --verify as for promo check\n"
        "\n"
        "exit status: 0; 2 bad usage or input; 3 the store failed: nothing "
        "on stdout,\n"
        "stderr says why.\n",
        stdout);
  return cli_flush("the help");
}

/* One line: {"campaign": ..., "redeemed": ..., "reserved": ...,
 * "max_redemptions": ...}. */
static void add_line(cli_text *t, const char *id, const promo_redemptions *r) {
  char numbers[128];
  cli_text_add(t, "{\"campaign\": ");
  cli_text_add_json(t, id);
  snprintf(numbers, sizeof numbers,
           ", \"redeemed\": %lld, \"reserved\": %lld, \"max_redemptions\": ",
           (long long)r->redeemed, (long long)r->reserved);
  cli_text_add(t, numbers);
  if (r->max_redemptions == 0) {
    cli_text_add(t, "null}\n");
  } else {
    snprintf(numbers, sizeof numbers, "%lld}\n", (long long)r->max_redemptions);
    cli_text_add(t, numbers);
  }
}

static int list(const promo_catalog *catalog) {
  cli_text t = {NULL, 0, 0, false};
  size_t n = promo_catalog_campaign_count(catalog);
  int status = 0;
  for (size_t i = 0; i < n && status == 0; i++) {
    const char *id = NULL;
    promo_redemptions r = PROMO_REDEMPTIONS_INIT;
    promo_store_error error;
    promo_status st = promo_catalog_campaign_id(&id, catalog, i);
    if (st == PROMO_OK) {
      st = promo_catalog_redemptions(&r, catalog, id, &error);
    }
    if (st == PROMO_ERR_STORE_UNAVAILABLE) {
      status = cli_store_failed(error.text);
    } else if (st != PROMO_OK) {
      status = cli_out_of_memory();
    } else {
      add_line(&t, id, &r);
    }
  }
  if (status == 0) {
    status = t.failed ? cli_out_of_memory()
                      : cli_write(t.data == NULL ? "" : t.data, t.length,
                                  "the counts");
  }
  cli_text_free(&t);
  return status;
}

static int run(int argc, char **argv) {
  cli_args args;
  int status = cli_parse(&args, &SPEC, argc, argv);
  if (status != 0 || args.help) {
    return status != 0 ? status : help();
  }
  cli_store_ctx s;
  status = cli_store_open(&s, &args);
  if (status != 0) {
    return status;
  }
  promo_catalog *catalog = NULL;
  status = cli_load(&catalog, NULL, &args, s.store);
  cli_store_close(&s);
  if (status != 0) {
    return status;
  }
  status = list(catalog);
  promo_catalog_free(catalog);
  return status;
}

const cli_command cli_redemptions = {
    "redemptions", "print every campaign's counts in the store",
    "promo redemptions --catalog FILE [--store URL] [--now SECONDS] "
    "[--codes-dir DIR]",
    run};
