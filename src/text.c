/* text.c - R1's code syntax (ICU's UTF-8 decoder and character types) and
 * owned string copies. */
#include "text.h"

#include <promo/catalog.h>

#include <stdio.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

/* Controls (Cc), and the characters that control layout without showing:
 * format characters (Cf: zero-width space, byte order mark, bidi overrides,
 * soft hyphen) and the line and paragraph separators. A code holding one
 * cannot be typed as seen, and could pass off one code as another. */
static bool is_invisible_control(UChar32 c) {
  int8_t type = u_charType(c);
  return type == U_CONTROL_CHAR || type == U_FORMAT_CHAR ||
         type == U_LINE_SEPARATOR || type == U_PARAGRAPH_SEPARATOR;
}

promo_status promo_code_syntax(const char *code, size_t len, const char **why) {
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
      if (c < 0) {
        reason = "the code is not valid UTF-8";
      } else if (is_invisible_control(c)) {
        reason = "the code holds a control character";
      }
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
  return status;
}
