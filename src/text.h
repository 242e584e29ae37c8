/* text.h - strings: R1's code syntax, owned copies through the allocator. */
#ifndef PROMO_SRC_TEXT_H
#define PROMO_SRC_TEXT_H

#include "alloc.h"
#include "quote.h"

#include <promo/status.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

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

/* Formats the reason for a refusal into *e and returns `status`, so a
 * refusal is one line: return promo_fail(...). Every input value in the
 * text goes through promo_quote_str() (quote.h): escaped and short, so the
 * text fits whole. Should it not, it is cut at a character boundary. */
PROMO_PRINTF(3, 4)
promo_status promo_fail(promo_errbuf *e, promo_status status, const char *fmt,
                        ...);

/* The same, about the object `what` named `name` (input, quoted here):
 * "campaign 'spring-2026': " and then the formatted reason. */
PROMO_PRINTF(5, 6)
promo_status promo_fail_about(promo_errbuf *e, promo_status status,
                              const char *what, const char *name,
                              const char *fmt, ...);

/* Rule R1's syntax for a code a customer enters (promo_apply, a line's
 * code, promo_catalog_find_code): valid UTF-8 (no overlongs, no
 * surrogates), 1..PROMO_CODE_MAX_BYTES bytes, and no character a customer
 * cannot type as it is shown: controls (Cc), format characters (Cf), line
 * and paragraph separators (Zl, Zp), default-ignorable, private-use (Co)
 * and unassigned (Cn) code points. White space is allowed anywhere: a code
 * that begins or ends with it is in no catalog, so it is simply not found.
 * This is the one place that decides whether a customer's code is
 * malformed. Returns PROMO_OK or PROMO_ERR_INVALID_ARGUMENT, with a reason
 * in `why` when it is not NULL (a static string). */
promo_status promo_code_syntax(const char *code, size_t len, const char **why);

/* The same rule decided by ICU for every character: promo_code_syntax()
 * takes a fast path for printable ASCII and comes here for anything else.
 * Exposed so that tests can hold the two to the same answers. */
promo_status promo_code_syntax_icu(const char *code, size_t len,
                                   const char **why);

/* Rule R1 for a code a catalog lists: promo_code_syntax(), and neither
 * blank nor beginning or ending with white space (promo_is_blank_char), so
 * that no code looks like another with an invisible edge. Spaces inside a
 * code are allowed. Same returns as promo_code_syntax(). */
promo_status promo_catalog_code_syntax(const char *code, size_t len,
                                       const char **why);

/* White space as R1 sees it: Unicode's White_Space, and U+2800 BRAILLE
 * PATTERN BLANK, which shows as a space. */
bool promo_is_blank_char(int32_t c);

/* Whether s (NUL-terminated) is non-empty, valid UTF-8. */
bool promo_utf8_nonempty(const char *s);

/* A NUL-terminated copy of the `len` bytes at s, or NULL when out of memory. */
char *promo_strndup(const promo_alloc *a, const char *s, size_t len);

/* A copy of the NUL-terminated s, or NULL when out of memory. */
char *promo_strdup(const promo_alloc *a, const char *s);

#endif
