/* fuzz_hint.c - typo diagnosis on hostile codes (issue 12). The input is one
 * byte of options (bit 0 anonymous, bit 1 explain, bit 2 format the
 * message), then the code. The catalog holds codes in several scripts and
 * groups of up to eight codes that share one loose form.
 *
 * Checked on every input:
 *  - hints never change an answer: the status is the one without hints, a
 *    code is accepted only when a catalog code equals it byte for byte, and
 *    a refused code reveals no campaign;
 *  - the work is bounded: the diagnosis stays within every documented bound
 *    (PROMO_HINT_MAX_PROBES, _CANDIDATES, _FORMS);
 *  - the hints are right, against a brute force over the whole catalog:
 *    every set reported makes the code equal to some catalog code, and
 *    whenever a catalog code has the code's loosest form, the set reported
 *    is as small as the smallest that explains one of them;
 *  - the message, when asked for, is valid UTF-8 that fits, in both
 *    languages. */
#include "catalog_impl.h"
#include "code_forms.h"
#include "fuzz.h"
#include "hint_index.h"

#include <promo/promo.h>

#include <string.h>
#include <unicode/utf8.h>

static const char *const CODES[] = {
    "SPRING-2026",
    "WINTER\xe2\x80\x93"
    "2026",
    "STRASSE-10",
    "\xd0\xa1\xd0\x9a\xd0\x98\xd0\x94\xd0\x9a\xd0\x90-2026",
    "\xce\xa0\xce\xa1\xce\x9f\xce\xa3\xce\xa6\xce\x9f\xce\xa1\xce\x91-26",
    "\xe3\x82\xbb\xe3\x83\xbc\xe3\x83\xab\xef\xbc\x92\xef\xbc\x90\xef\xbc\x92"
    "\xef\xbc\x96",
    "\xd8\xae\xd8\xb5\xd9\x85-\xd9\xa2\xd9\xa0\xd9\xa2\xd9\xa6",
    "\xd8\xaa\xd8\xae\xd9\x81\xd9\x8a\xd8\xb6\xd9\xa4",
    /* Eight codes of one loose form. */
    "AB-1",
    "ab-1",
    "\xd0\x90\xd0\x92-1",
    "\xce\x91\xce\x92-1",
    "AB\xe2\x80\x93"
    "1",
    "AB-l",
    "\xef\xbc\xa1\xef\xbc\xa2-1",
    "aB\xe2\x80\x94"
    "1",
    "A B-1",
    "0O0-lI1",
};

#define CODE_COUNT (sizeof CODES / sizeof CODES[0])

static const uint32_t WAYS[] = {
    PROMO_FORM_WHITE_SPACE,
    PROMO_FORM_DASH,
    PROMO_FORM_CASE,
    PROMO_FORM_LOOKALIKE,
    PROMO_FORM_WHITE_SPACE | PROMO_FORM_DASH,
    PROMO_FORM_WHITE_SPACE | PROMO_FORM_CASE,
    PROMO_FORM_WHITE_SPACE | PROMO_FORM_LOOKALIKE,
    PROMO_FORM_DASH | PROMO_FORM_CASE,
    PROMO_FORM_DASH | PROMO_FORM_LOOKALIKE,
    PROMO_FORM_CASE | PROMO_FORM_LOOKALIKE,
    PROMO_FORM_WHITE_SPACE | PROMO_FORM_DASH | PROMO_FORM_CASE,
    PROMO_FORM_WHITE_SPACE | PROMO_FORM_DASH | PROMO_FORM_LOOKALIKE,
    PROMO_FORM_WHITE_SPACE | PROMO_FORM_CASE | PROMO_FORM_LOOKALIKE,
    PROMO_FORM_DASH | PROMO_FORM_CASE | PROMO_FORM_LOOKALIKE,
    PROMO_FORM_ALL,
};

static promo_catalog *catalog;
static promo_order *order;

static void build(void) {
  promo_catalog_builder *b = NULL;
  promo_campaign *c = NULL;
  REQUIRE(promo_catalog_builder_new(&b, NULL) == PROMO_OK);
  REQUIRE(promo_catalog_builder_set_hints(b, true) == PROMO_OK);
  REQUIRE(promo_catalog_builder_add_campaign(&c, b, "all") == PROMO_OK);
  REQUIRE(promo_campaign_set_percent_bps(c, 1000) == PROMO_OK);
  for (size_t i = 0; i < CODE_COUNT; i++) {
    REQUIRE(promo_campaign_add_code(c, CODES[i], strlen(CODES[i])) == PROMO_OK);
  }
  REQUIRE(promo_catalog_build(&catalog, b) == PROMO_OK);
  promo_catalog_builder_free(b);
  REQUIRE(promo_order_new(&order, catalog) == PROMO_OK);
  REQUIRE(promo_order_set_country(order, "NL") == PROMO_OK);
  REQUIRE(promo_order_set_currency(order, "EUR") == PROMO_OK);
  REQUIRE(promo_order_set_placed_at(order, 1773568800) == PROMO_OK);
  REQUIRE(promo_order_add_line(NULL, order, "sub-1", "O365_E3", true,
                               PROMO_TERM_ANNUAL, 3, 1000) == PROMO_OK);
}

static unsigned ways_count(uint32_t ways) {
  unsigned n = 0;
  for (; ways != 0; ways &= ways - 1) {
    n++;
  }
  return n;
}

/* Whether `ways` makes the code equal to catalog code `i`; false when
 * either has no form. */
static bool equal_under(const char *code, size_t len, size_t i, uint32_t ways) {
  const USpoofChecker *spoof = catalog->hints.spoof;
  promo_form a;
  promo_form b;
  promo_form fa;
  promo_form fb;
  return promo_form_from_utf8(&a, code, len) == PROMO_OK &&
         promo_form_from_utf8(&b, CODES[i], strlen(CODES[i])) == PROMO_OK &&
         promo_form_apply(&fa, &a, ways, spoof) == PROMO_OK &&
         promo_form_apply(&fb, &b, ways, spoof) == PROMO_OK &&
         promo_form_equal(&fa, &fb);
}

/* The fewest ways that make the code equal to a catalog code of the same
 * loosest form (the diagnosis's candidates), by brute force: 0 when there
 * is none. Lookalikes that the loosest form does not join (alike only in
 * lower case) are documented as not found, so they are not asked for. */
static unsigned fewest_ways(const char *code, size_t len) {
  unsigned best = 0;
  for (size_t i = 0; i < CODE_COUNT; i++) {
    if (!equal_under(code, len, i, PROMO_FORM_ALL)) {
      continue;
    }
    for (size_t k = 0; k < sizeof WAYS / sizeof WAYS[0]; k++) {
      if (equal_under(code, len, i, WAYS[k])) {
        unsigned n = ways_count(WAYS[k]);
        best = best == 0 || n < best ? n : best;
        break; /* WAYS is by size: the first is the smallest for i */
      }
    }
  }
  return best;
}

static bool explained(const char *code, size_t len, uint32_t ways) {
  for (size_t i = 0; i < CODE_COUNT; i++) {
    if (equal_under(code, len, i, ways)) {
      return true;
    }
  }
  return false;
}

static bool valid_utf8(const char *text, size_t n) {
  const uint8_t *s = (const uint8_t *)text;
  for (int32_t i = 0; i < (int32_t)n;) {
    UChar32 c;
    U8_NEXT(s, i, (int32_t)n, c);
    if (c < 0) {
      return false;
    }
  }
  return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (catalog == NULL) {
    build();
  }
  uint8_t flags = size > 0 ? data[0] : 0;
  const char *code = size > 0 ? (const char *)data + 1 : "";
  size_t len = size > 0 ? size - 1 : 0;

  promo_result *plain = NULL;
  promo_result *r = NULL;
  REQUIRE(promo_result_new(&plain, NULL) == PROMO_OK);
  REQUIRE(promo_result_new(&r, NULL) == PROMO_OK);
  promo_apply_options opts = PROMO_APPLY_OPTIONS_INIT;
  opts.dry_run = true;
  opts.anonymous = (flags & 1) != 0;
  opts.explain = (flags & 2) != 0;
  promo_status without = promo_apply(plain, order, code, len, &opts);
  opts.hints = true;
  promo_status st = promo_apply(r, order, code, len, &opts);

  /* Hints change no answer, and a refused code reveals nothing. */
  REQUIRE(st == without);
  REQUIRE(st == PROMO_OK || st == PROMO_ERR_CODE_NOT_FOUND ||
          st == PROMO_ERR_MALFORMED_CODE);
  const char *id = NULL;
  bool exact =
      len > 0 && promo_catalog_find_code(&id, catalog, code, len) == PROMO_OK;
  REQUIRE((st == PROMO_OK) == exact);
  uint32_t hints = promo_result_hints(r);
  if (st == PROMO_OK) {
    REQUIRE(hints == 0 && promo_result_campaign(r) != NULL);
  } else {
    REQUIRE(promo_result_campaign(r) == NULL);
    REQUIRE(promo_result_discount(r) == 0);
    REQUIRE(promo_result_line_status(r, 0) == st);
    REQUIRE(promo_result_customer_status(r) == st);
  }
  REQUIRE((hints & ~(uint32_t)PROMO_FORM_ALL) == 0);
  promo_hint first = promo_result_hint(r);
  REQUIRE(hints == 0 ? first == PROMO_HINT_NONE
                     : (hints & ((1u << first) - 1)) == 0 &&
                           (hints & (1u << first)) != 0);
  REQUIRE(promo_result_customer_hint(r) ==
          (opts.anonymous ? PROMO_HINT_NONE : first));

  /* Bounded work, and the same answer again. */
  uint32_t again = 0;
  promo_hint_cost cost;
  REQUIRE(promo_hint_diagnose(&again, &catalog->hints, &catalog->codes, code,
                              len, &cost) == PROMO_OK);
  REQUIRE(cost.probes <= PROMO_HINT_MAX_PROBES);
  REQUIRE(cost.candidates <= PROMO_HINT_MAX_CANDIDATES);
  REQUIRE(cost.forms <= PROMO_HINT_MAX_FORMS);
  if (st != PROMO_OK) {
    REQUIRE(again == hints);
  }

  /* Right, against the brute force. */
  if (st != PROMO_OK && len <= PROMO_HINT_INPUT_MAX) {
    if (hints != 0) {
      REQUIRE(explained(code, len, hints));
    }
    unsigned fewest = fewest_ways(code, len);
    REQUIRE((fewest == 0) == (hints == 0));
    REQUIRE(hints == 0 || ways_count(hints) == fewest);
  } else if (st != PROMO_OK) {
    REQUIRE(hints == 0);
  }

  if (flags & 4) {
    static const char *const LOCALES[] = {"en", "nl"};
    for (size_t l = 0; l < 2; l++) {
      char text[PROMO_MESSAGE_MAX];
      size_t n = 0;
      REQUIRE(promo_result_message(&n, text, sizeof text, r, LOCALES[l]) ==
              PROMO_OK);
      REQUIRE(n < PROMO_MESSAGE_MAX && strlen(text) == n);
      REQUIRE(valid_utf8(text, n));
    }
  }
  promo_result_free(r);
  promo_result_free(plain);
  return 0;
}
