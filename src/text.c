/* text.c - R1's code syntax (ICU's UTF-8 decoder and character types) and
 * owned string copies. */
#include "text.h"

#include <promo/catalog.h>

#include <stdio.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

/* Why a character cannot be in any code, or NULL. A customer must be able
 * to type a code as it is shown, and no code may pass for another:
 *  - controls (Cc);
 *  - characters that take no room or change the layout without showing:
 *    format characters (Cf: zero-width space, byte order mark, bidi
 *    overrides, soft hyphen), the line and paragraph separators, and every
 *    default-ignorable code point (a combining grapheme joiner, variation
 *    selectors, the Hangul fillers);
 *  - private-use code points, which show as whatever a font puts there;
 *  - code points Unicode does not assign (noncharacters included), which
 *    show as nothing or as a box, and may be assigned a glyph later. */
static const char *char_problem(UChar32 c) {
  if (c >= 0x20 && c < 0x7f) {
    return NULL; /* printable ASCII, the common case: no lookup */
  }
  int8_t type = u_charType(c);
  if (type == U_CONTROL_CHAR) {
    return "the code holds a control character";
  }
  if (type == U_FORMAT_CHAR || type == U_LINE_SEPARATOR ||
      type == U_PARAGRAPH_SEPARATOR ||
      u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT)) {
    return "the code holds an invisible character";
  }
  if (type == U_PRIVATE_USE_CHAR) {
    return "the code holds a private-use character";
  }
  if (type == U_UNASSIGNED) {
    return "the code holds a code point Unicode does not assign";
  }
  return NULL;
}

promo_status promo_code_syntax_icu(const char *code, size_t len,
                                   const char **why) {
  const char *reason = NULL;
  if (code == NULL || len == 0) {
    reason = "the code is empty";
  } else if (len > PROMO_CODE_MAX_BYTES) {
    reason = "the code is longer than 64 bytes";
  } else {
    const uint8_t *s = (const uint8_t *)code;
    int32_t n = (int32_t)len;
    int32_t i = 0;
    while (i < n && reason == NULL) {
      UChar32 c;
      U8_NEXT(s, i, n, c);
      reason = c < 0 ? "the code is not valid UTF-8" : char_problem(c);
    }
  }
  if (why != NULL) {
    *why = reason;
  }
  return reason == NULL ? PROMO_OK : PROMO_ERR_INVALID_ARGUMENT;
}

/* Bytes 0x80 of each lane of a 64-bit word, and 0x01, 0x20, 0x7f. */
#define LANES_80 UINT64_C(0x8080808080808080)
#define LANES_01 UINT64_C(0x0101010101010101)
#define LANES_20 UINT64_C(0x2020202020202020)
#define LANES_7F UINT64_C(0x7f7f7f7f7f7f7f7f)

/* Whether the 8 bytes of w are all printable ASCII (0x20..0x7e), tested
 * 8 at a time (the bit tricks of Anderson's "Bit Twiddling Hacks"): a byte
 * with its top bit set is not ASCII; (w - 0x20..) & ~w has the top bit of
 * every byte below 0x20 set, and of no other unless a lower byte already
 * was; likewise (x - 0x01..) & ~x for the zero bytes of x = w ^ 0x7f..,
 * which are the DEL bytes of w. */
static bool word_printable(uint64_t w) {
  uint64_t del = w ^ LANES_7F;
  uint64_t bad = w | ((w - LANES_20) & ~w) | ((del - LANES_01) & ~del);
  return (bad & LANES_80) == 0;
}

/* Whether the len bytes at s (1..PROMO_CODE_MAX_BYTES) are all printable
 * ASCII: the characters customers type nearly always, each of which R1
 * accepts (char_problem() says so without asking ICU). 8 bytes at a time,
 * the last word overlapping the one before; a short code byte by byte. */
static bool printable_ascii(const unsigned char *s, size_t len) {
  if (len < 8) {
    for (size_t i = 0; i < len; i++) {
      if (s[i] < 0x20 || s[i] > 0x7e) {
        return false;
      }
    }
    return true;
  }
  uint64_t w;
  for (size_t i = 0; i + 8 < len; i += 8) {
    memcpy(&w, s + i, 8);
    if (!word_printable(w)) {
      return false;
    }
  }
  memcpy(&w, s + len - 8, 8);
  return word_printable(w);
}

promo_status promo_code_syntax(const char *code, size_t len, const char **why) {
  /* The fast path accepts only what the ICU path accepts (tests compare
   * the two over every code point and random strings); anything else,
   * refusals included, is decided and explained by the ICU path. */
  if (code != NULL && len >= 1 && len <= PROMO_CODE_MAX_BYTES &&
      printable_ascii((const unsigned char *)code, len)) {
    if (why != NULL) {
      *why = NULL;
    }
    return PROMO_OK;
  }
  return promo_code_syntax_icu(code, len, why);
}

bool promo_is_blank_char(int32_t c) {
  if (c < 0x80) {
    return c == ' ' || (c >= 0x09 && c <= 0x0d);
  }
  return c == 0x2800 || u_hasBinaryProperty(c, UCHAR_WHITE_SPACE);
}

promo_status promo_catalog_code_syntax(const char *code, size_t len,
                                       const char **why) {
  const char *reason = NULL;
  if (promo_code_syntax(code, len, &reason) == PROMO_OK) {
    /* Valid UTF-8 of 1..64 bytes: look at its first and last characters. */
    const uint8_t *s = (const uint8_t *)code;
    int32_t n = (int32_t)len;
    int32_t i = 0;
    UChar32 first;
    U8_NEXT(s, i, n, first);
    int32_t j = n;
    UChar32 last;
    U8_PREV(s, 0, j, last);
    bool blank = true;
    for (int32_t k = 0; k < n && blank;) {
      UChar32 c;
      U8_NEXT(s, k, n, c);
      blank = promo_is_blank_char(c);
    }
    if (blank) {
      reason = "the code is blank";
    } else if (promo_is_blank_char(first)) {
      reason = "the code begins with white space";
    } else if (promo_is_blank_char(last)) {
      reason = "the code ends with white space";
    }
  }
  if (why != NULL) {
    *why = reason;
  }
  return reason == NULL ? PROMO_OK : PROMO_ERR_INVALID_ARGUMENT;
}

bool promo_utf8_nonempty(const char *s) {
  if (s == NULL || s[0] == '\0') {
    return false;
  }
  size_t len = strlen(s);
  if (len > INT32_MAX) {
    return false;
  }
  const uint8_t *p = (const uint8_t *)s;
  int32_t n = (int32_t)len;
  int32_t i = 0;
  while (i < n) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) {
      return false;
    }
  }
  return true;
}

char *promo_strndup(const promo_alloc *a, const char *s, size_t len) {
  if (len == SIZE_MAX) {
    return NULL;
  }
  char *copy = promo_malloc(a, len + 1);
  if (copy != NULL) {
    memcpy(copy, s, len);
    copy[len] = '\0';
  }
  return copy;
}

char *promo_strdup(const promo_alloc *a, const char *s) {
  return promo_strndup(a, s, strlen(s));
}

promo_status promo_fail(promo_errbuf *e, promo_status status, const char *fmt,
                        ...) {
  va_list ap;
  va_start(ap, fmt);
  /* clang-analyzer 14 loses va_start's initialisation of an x86-64 va_list
   * (an array type) across this call: a false positive. */
  // NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized)
  (void)vsnprintf(e->text, sizeof e->text, fmt, ap);
  va_end(ap);
  promo_trim_partial_char(e->text);
  return status;
}

promo_status promo_fail_about(promo_errbuf *e, promo_status status,
                              const char *what, const char *name,
                              const char *fmt, ...) {
  char reason[PROMO_ERROR_MAX];
  va_list ap;
  va_start(ap, fmt);
  // NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized): as above
  (void)vsnprintf(reason, sizeof reason, fmt, ap);
  va_end(ap);
  promo_trim_partial_char(reason);
  promo_quoted q;
  return promo_fail(e, status, "%s '%s': %s", what, promo_quote_str(&q, name),
                    reason);
}
