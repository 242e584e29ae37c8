/* text.h - strings: R1's code syntax, owned copies through the allocator. */
#ifndef PROMO_SRC_TEXT_H
#define PROMO_SRC_TEXT_H

#include "alloc.h"

#include <promo/status.h>

#include <stdarg.h>
#include <stddef.h>

#if defined(__GNUC__) || defined(__clang__)
#define PROMO_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define PROMO_PRINTF(f, a)
#endif

/* Room for one error text of a builder or an order, NUL included. */
#define PROMO_ERROR_MAX 512

/* The text of the last refused call on an object. */
typedef struct promo_errbuf {
  char text[PROMO_ERROR_MAX];
} promo_errbuf;

/* Formats the reason for a refusal into *e (truncated if need be) and
 * returns `status`, so a refusal is one line: return promo_fail(...). */
PROMO_PRINTF(3, 4)
promo_status promo_fail(promo_errbuf *e, promo_status status, const char *fmt,
                        ...);

/* Rule R1's syntax for a code: valid UTF-8 (no overlongs, no surrogates),
 * 1..PROMO_CODE_MAX_BYTES bytes, no control character: Unicode Cc, and
 * the invisible Cf, Zl and Zp (zero-width space, BOM, bidi overrides). Returns
 * PROMO_OK or PROMO_ERR_INVALID_ARGUMENT, with a reason in `why` when it is
 * not NULL (a static string). */
promo_status promo_code_syntax(const char *code, size_t len, const char **why);

/* Whether s (NUL-terminated) is non-empty, valid UTF-8. */
bool promo_utf8_nonempty(const char *s);

/* A NUL-terminated copy of the `len` bytes at s, or NULL when out of memory. */
char *promo_strndup(const promo_alloc *a, const char *s, size_t len);

/* A copy of the NUL-terminated s, or NULL when out of memory. */
char *promo_strdup(const promo_alloc *a, const char *s);

#endif
