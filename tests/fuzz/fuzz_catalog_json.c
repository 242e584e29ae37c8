/* fuzz_catalog_json.c - promo_json_parse_catalog on fuzzed bytes, with no
 * codes directory, so a codes_file is refused and nothing touches the file
 * system. Checked on every input: the status is OK or INVALID_ARGUMENT
 * (nothing here can run out of memory); a refusal leaves *out alone and
 * points at a place inside the text with a NUL-terminated message of
 * printable UTF-8 (no byte of input raw), which promo_json_error_format
 * renders at the length it announces; a catalog has
 * at least one code per campaign and no more campaigns or codes than the
 * text has room for; parsing is deterministic. */
#include "fuzz.h"

#include <promo/json.h>

#include <stdlib.h>
#include <string.h>

/* The shortest campaign the format accepts is 53 bytes:
 * {"id":"a","discount":{"percent_bps":1},"codes":["a"]}; a code needs at
 * least its two quotes and one byte. */
#define MIN_CAMPAIGN_BYTES 53
#define MIN_CODE_BYTES 3

/* The number of lines of the text, and the characters (not continuation
 * bytes) of line `line` (1-based), as locate.c and jansson count them. */
static size_t line_count(const uint8_t *data, size_t size) {
  size_t lines = 1;
  for (size_t i = 0; i < size; i++) {
    lines += data[i] == '\n';
  }
  return lines;
}

static size_t line_chars(const uint8_t *data, size_t size, size_t line) {
  size_t at = 1;
  size_t chars = 0;
  for (size_t i = 0; i < size && at <= line; i++) {
    if (data[i] == '\n') {
      at++;
    } else if (at == line && (data[i] & 0xC0) != 0x80) {
      chars++;
    }
  }
  return chars;
}

/* Valid UTF-8 without a C0 or C1 control or DEL: safe on a terminal. */
static int printable(const char *s) {
  const unsigned char *p = (const unsigned char *)s;
  while (*p != '\0') {
    if (*p < 0x20 || *p == 0x7f) {
      return 0;
    }
    if (*p < 0x80) {
      p++;
      continue;
    }
    int more = *p >= 0xF0 ? 3 : *p >= 0xE0 ? 2 : *p >= 0xC2 ? 1 : -1;
    if (more < 0 || *p > 0xF4) {
      return 0;
    }
    if (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) {
      return 0; /* a C1 control */
    }
    for (int i = 1; i <= more; i++) {
      if ((p[i] & 0xC0) != 0x80) {
        return 0;
      }
    }
    p += more + 1;
  }
  return 1;
}

static void check_error(const promo_json_error *e, const uint8_t *data,
                        size_t size) {
  REQUIRE(memchr(e->file, '\0', sizeof e->file) != NULL);
  REQUIRE(memchr(e->text, '\0', sizeof e->text) != NULL);
  REQUIRE(strcmp(e->file, "fuzz.json") == 0);
  REQUIRE(e->text[0] != '\0');
  REQUIRE(printable(e->text));
  /* From memory, every refusal has a place, and it lies in the text (one
   * past the end of a line, for a mistake reported at its end). */
  REQUIRE(e->line >= 1 && e->column >= 1);
  REQUIRE(e->line <= line_count(data, size));
  REQUIRE(e->column <= line_chars(data, size, e->line) + 1);

  size_t need = promo_json_error_format(NULL, 0, e);
  char *formatted = malloc(need + 1);
  REQUIRE(formatted != NULL);
  REQUIRE(promo_json_error_format(formatted, need + 1, e) == need);
  REQUIRE(strlen(formatted) == need);
  free(formatted);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  promo_catalog *untouched = (promo_catalog *)&size; /* never dereferenced */
  promo_catalog *catalog = untouched;
  promo_json_error error;
  promo_status st = promo_json_parse_catalog(
      &catalog, &error, (const char *)data, size, "fuzz.json", NULL, NULL);
  if (st != PROMO_OK) {
    REQUIRE(st == PROMO_ERR_INVALID_ARGUMENT);
    REQUIRE(catalog == untouched);
    check_error(&error, data, size);
    /* The same text is refused the same way. */
    promo_json_error again;
    REQUIRE(promo_json_parse_catalog(&catalog, &again, (const char *)data, size,
                                     "fuzz.json", NULL, NULL) == st);
    REQUIRE(memcmp(&error, &again, sizeof error) == 0);
    return 0;
  }
  REQUIRE(catalog != NULL && catalog != untouched);
  size_t campaigns = promo_catalog_campaign_count(catalog);
  size_t codes = promo_catalog_code_count(catalog);
  REQUIRE(codes >= campaigns);
  REQUIRE(campaigns <= size / MIN_CAMPAIGN_BYTES);
  REQUIRE(codes <= size / MIN_CODE_BYTES);
  promo_catalog_free(catalog);
  return 0;
}
