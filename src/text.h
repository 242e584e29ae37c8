/* text.h - strings: R1's code syntax, owned copies through the allocator. */
#ifndef PROMO_SRC_TEXT_H
#define PROMO_SRC_TEXT_H

#include "alloc.h"

#include <promo/status.h>

#include <stddef.h>

/* Rule R1's syntax for a code: valid UTF-8 (no overlongs, no surrogates),
 * 1..PROMO_CODE_MAX_BYTES bytes, no control character (Unicode Cc). Returns
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
