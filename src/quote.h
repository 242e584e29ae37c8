/* quote.h - an input value as an error text may show it: escaped, so that
 * no byte of input reaches a terminal raw, and shortened, so that the
 * reason around it is never cut.
 *
 * The rules live in this one header, as static inline functions, because
 * three programs need them and only one of them is libpromo: promo_json and
 * the promo command build on libpromo's public API alone, and a function
 * exported for them would become API. Each includes this header and so
 * compiles the very same rules (with ICU's character properties, which all
 * three link).
 *
 * Escaping, character by character:
 *   \  n  r  t           as \\ \n \r \t
 *   other controls       \u00XX (C0, DEL, C1)
 *   a byte that is not   \xXX
 *   part of valid UTF-8
 *   what does not show   \uXXXX, or \UXXXXXXXX above U+FFFF: format
 *   as itself            characters, line and paragraph separators,
 *                        default-ignorable, private-use and unassigned code
 *                        points, and white space other than U+0020
 *                        (U+00A0, U+3000, U+2800, ...)
 *   everything else      as it is (UTF-8)
 * A value too long for the room it has is cut after a whole character or
 * escape and ends with U+2026 (...).
 */
#ifndef PROMO_SRC_QUOTE_H
#define PROMO_SRC_QUOTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

/* Room for one quoted value in an error text, NUL included: a 64-byte code
 * of backslashes fits whole, and three values leave room for the reason in
 * a 512-byte text. */
#define PROMO_QUOTE_SIZE 136

/* One quoted value. */
typedef struct promo_quoted {
  char text[PROMO_QUOTE_SIZE];
} promo_quoted;

/* Whether code point c shows as itself in a message. */
static inline bool promo_quote_shows(UChar32 c) {
  if (c == 0x20) {
    return true;
  }
  int8_t type = u_charType(c);
  return type != U_CONTROL_CHAR && type != U_FORMAT_CHAR &&
         type != U_LINE_SEPARATOR && type != U_PARAGRAPH_SEPARATOR &&
         type != U_PRIVATE_USE_CHAR && type != U_UNASSIGNED &&
         type != U_SURROGATE && c != 0x2800 &&
         !u_hasBinaryProperty(c, UCHAR_WHITE_SPACE) &&
         !u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT);
}

/* The text of the unit (character or stray byte) at s[*i], advancing *i:
 * into unit[16], NUL-terminated; returns its length. */
static inline size_t promo_quote_unit(const char *s, size_t len, size_t *i,
                                      char unit[16]) {
  const uint8_t *p = (const uint8_t *)s;
  size_t start = *i;
  uint8_t b = p[start];
  if (b < 0x80) {
    *i = start + 1;
    switch (b) {
    case '\\':
      return (size_t)snprintf(unit, 16, "\\\\");
    case '\n':
      return (size_t)snprintf(unit, 16, "\\n");
    case '\r':
      return (size_t)snprintf(unit, 16, "\\r");
    case '\t':
      return (size_t)snprintf(unit, 16, "\\t");
    default:
      break;
    }
    if (b < 0x20 || b == 0x7f) {
      return (size_t)snprintf(unit, 16, "\\u%04x", (unsigned)b);
    }
    unit[0] = (char)b;
    unit[1] = '\0';
    return 1;
  }
  /* A UTF-8 sequence is at most 4 bytes: decode from a window, so that an
   * int32_t index suffices whatever the length of s. */
  size_t window = len - start < 4 ? len - start : 4;
  int32_t k = 0;
  UChar32 c;
  U8_NEXT(p + start, k, (int32_t)window, c);
  if (c < 0) {
    *i = start + 1;
    return (size_t)snprintf(unit, 16, "\\x%02x", (unsigned)b);
  }
  *i = start + (size_t)k;
  if (!promo_quote_shows(c)) {
    return (size_t)snprintf(unit, 16, c > 0xFFFF ? "\\U%08x" : "\\u%04x",
                            (unsigned)c);
  }
  memcpy(unit, p + start, (size_t)k);
  unit[k] = '\0';
  return (size_t)k;
}

/* Writes the `len` bytes at `s` (NULL: "(null)") into `out`, `size` bytes
 * NUL included (at least 4), escaped; when they do not fit, as many whole
 * units as fit with "\u2026" after them. Returns out. */
static inline const char *promo_quote(char *out, size_t size, const char *s,
                                      size_t len) {
  static const char ELLIPSIS[] = "\xe2\x80\xa6";
  if (s == NULL) {
    s = "(null)";
    len = 6;
  }
  size_t used = 0;
  size_t cut = 0; /* the last unit boundary with room for an ellipsis */
  size_t i = 0;
  while (i < len) {
    char unit[16];
    size_t n = promo_quote_unit(s, len, &i, unit);
    if (used + (sizeof ELLIPSIS - 1) <= size - 1) {
      cut = used;
    }
    if (used + n > size - 1) {
      memcpy(out + cut, ELLIPSIS, sizeof ELLIPSIS);
      return out;
    }
    memcpy(out + used, unit, n);
    used += n;
  }
  out[used] = '\0';
  return out;
}

/* promo_quote() of the NUL-terminated `s` into q. Returns q->text. */
static inline const char *promo_quote_str(promo_quoted *q, const char *s) {
  return promo_quote(q->text, sizeof q->text, s, s == NULL ? 0 : strlen(s));
}

/* Cuts the NUL-terminated UTF-8 text t back to the start of a character
 * when snprintf truncated it through one: a message never ends in half a
 * character. */
static inline void promo_trim_partial_char(char *t) {
  size_t n = strlen(t);
  size_t start = n;
  while (start > 0 && ((uint8_t)t[start - 1] & 0xC0) == 0x80) {
    start--;
  }
  if (start == 0) {
    return;
  }
  uint8_t lead = (uint8_t)t[start - 1];
  size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
  if (n - (start - 1) < need) {
    t[start - 1] = '\0';
  }
}

#endif
