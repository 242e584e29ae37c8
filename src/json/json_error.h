/* json_error.h - filling a promo_json_error. */
#ifndef PROMO_JSON_SRC_JSON_ERROR_H
#define PROMO_JSON_SRC_JSON_ERROR_H

#include <promo/json.h>

#include <stdarg.h>

#if defined(__GNUC__) || defined(__clang__)
#define PJ_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define PJ_PRINTF(f, a)
#endif

/* Fills *e, when it is not NULL, with the place and the formatted text, and
 * returns `status`, so that a refusal is one line: return pj_error(...). */
PJ_PRINTF(6, 7)
promo_status pj_error(promo_json_error *e, promo_status status,
                      const char *file, size_t line, size_t column,
                      const char *fmt, ...);

/* The same with a va_list. */
PJ_PRINTF(6, 0)
promo_status pj_verror(promo_json_error *e, promo_status status,
                       const char *file, size_t line, size_t column,
                       const char *fmt, va_list ap);

/* "out of memory", without a place in `file`. */
promo_status pj_out_of_memory(promo_json_error *e, const char *file);

/* Empties *e (no file, no place, no text) when it is not NULL. */
void pj_error_clear(promo_json_error *e);

#endif
