/* fuzz_compiled.c - opening a compiled catalog (issue 11) from any bytes.
 *
 * The input is opened twice as it is (verify off and on), then once more
 * "resealed": with its header's and sections' checksums computed again, so
 * that mutations reach what the checksums guard (the campaigns' section,
 * the index's sizes and, without verify, the index itself) instead of
 * stopping at the first checksum.
 *
 * Checked on every input:
 *  - a refused image is PROMO_ERR_INVALID_ARGUMENT with a message, and
 *    *out is left alone;
 *  - an image that opens with verify opens without it too, with the same
 *    counts; a resealed image opens with verify exactly when it opens
 *    without (its checksums all hold);
 *  - an opened catalog answers lookups (one by one and in a batch) of
 *    codes taken from the input, and hints when it has its hint index,
 *    without reading outside the image: ASan guards the copy's bounds. */
#include "compiled.h"
#include "fuzz.h"

#include <promo/promo.h>

#include <string.h>

#define HEADER 192
#define PROBES 6

/* Up to PROBES runs of 1 to PROMO_CODE_MAX_BYTES bytes of the input that
 * hold no NUL and no control byte, the ones most like codes. */
static size_t find_probes(const char *probes[PROBES], size_t lens[PROBES],
                          const uint8_t *data, size_t size) {
  size_t n = 0;
  size_t i = 0;
  while (i < size && n < PROBES) {
    size_t start = i;
    while (i < size && data[i] >= 0x20 && data[i] != 0x7f &&
           i - start < PROMO_CODE_MAX_BYTES) {
      i++;
    }
    if (i - start >= 1) {
      probes[n] = (const char *)data + start;
      lens[n] = i - start;
      n++;
    }
    if (i == start) {
      i++;
    }
  }
  return n;
}

static void exercise(promo_catalog *cat, const uint8_t *data, size_t size) {
  const char *probes[PROBES];
  size_t lens[PROBES];
  size_t n = find_probes(probes, lens, data, size);
  for (size_t i = 0; i < n; i++) {
    const char *id = NULL;
    promo_status st = promo_catalog_find_code(&id, cat, probes[i], lens[i]);
    REQUIRE(st == PROMO_OK || st == PROMO_ERR_CODE_NOT_FOUND ||
            st == PROMO_ERR_MALFORMED_CODE);
    REQUIRE((st == PROMO_OK) == (id != NULL));
  }
  const char *ids[PROBES];
  promo_status sts[PROBES];
  REQUIRE(promo_catalog_find_codes(ids, sts, cat, probes, lens, n) == PROMO_OK);
  for (size_t i = 0; i < promo_catalog_campaign_count(cat); i++) {
    const char *id = NULL;
    REQUIRE(promo_catalog_campaign_id(&id, cat, i) == PROMO_OK);
  }
  if (!promo_catalog_has_hints(cat) || n == 0) {
    return;
  }
  promo_order *o = NULL;
  promo_result *r = NULL;
  if (promo_order_new(&o, cat) == PROMO_OK &&
      promo_result_new(&r, NULL) == PROMO_OK &&
      promo_order_set_country(o, "NL") == PROMO_OK &&
      promo_order_set_currency(o, "EUR") == PROMO_OK &&
      promo_order_set_placed_at(o, INT64_C(1773568800)) == PROMO_OK &&
      promo_order_add_line(NULL, o, "sub-1", "O365_E3", true, PROMO_TERM_ANNUAL,
                           1, 1000) == PROMO_OK) {
    promo_apply_options options = PROMO_APPLY_OPTIONS_INIT;
    options.hints = true;
    options.dry_run = true;
    for (size_t i = 0; i < n; i++) {
      promo_status st = promo_apply(r, o, probes[i], lens[i], &options);
      REQUIRE(st != PROMO_ERR_INVALID_ARGUMENT);
    }
  }
  promo_result_free(r);
  promo_order_free(o);
}

/* Opens the image; on success exercises the catalog and gives its counts
 * in *campaigns and *codes. */
static bool try_open(const unsigned char *image, size_t size, bool verify,
                     const uint8_t *data, size_t *campaigns, size_t *codes) {
  promo_open_options options = PROMO_OPEN_OPTIONS_INIT;
  options.verify = verify;
  promo_catalog *const untouched = (promo_catalog *)(uintptr_t)0x5a5a;
  promo_catalog *cat = untouched;
  promo_errbuf e;
  e.text[0] = '\0';
  promo_status st =
      promo_catalog_open_image(&cat, &e, "fuzz", image, size, &options, NULL);
  if (st != PROMO_OK) {
    REQUIRE(st == PROMO_ERR_INVALID_ARGUMENT);
    REQUIRE(cat == untouched);
    REQUIRE(e.text[0] != '\0');
    return false;
  }
  REQUIRE(cat != untouched && cat != NULL);
  *campaigns = promo_catalog_campaign_count(cat);
  *codes = promo_catalog_code_count(cat);
  exercise(cat, data, size);
  promo_catalog_release(cat);
  return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  /* A copy of exactly `size` bytes, so that ASan sees a read past its
   * end; calloc aligns it to 16, as promo_catalog_open_image() needs, and
   * zeroes it (gcc -O3 cannot see that an empty copy is never read). */
  unsigned char *image = calloc(size == 0 ? 1 : size, 1);
  REQUIRE(image != NULL);
  if (size > 0) {
    memcpy(image, data, size);
  }
  size_t campaigns[2] = {0, 0};
  size_t codes[2] = {0, 0};
  bool plain = try_open(image, size, false, data, &campaigns[0], &codes[0]);
  bool verified = try_open(image, size, true, data, &campaigns[1], &codes[1]);
  if (verified) {
    REQUIRE(plain && campaigns[0] == campaigns[1] && codes[0] == codes[1]);
  }
  if (size >= HEADER) {
    promo_compiled_reseal(image, size);
    plain = try_open(image, size, false, data, &campaigns[0], &codes[0]);
    verified = try_open(image, size, true, data, &campaigns[1], &codes[1]);
    REQUIRE(plain == verified);
    if (verified) {
      REQUIRE(campaigns[0] == campaigns[1] && codes[0] == codes[1]);
    }
  }
  free(image);
  return 0;
}
