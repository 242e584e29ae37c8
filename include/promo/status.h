/*
 * promo/status.h - the status every libpromo call returns, the hints that
 * say why a code was probably not found, and the languages of their
 * messages.
 *
 * The numeric values and the names are pinned: they never change once
 * released, and bindings may store them. All functions here are pure and
 * thread-safe.
 */
#ifndef PROMO_STATUS_H
#define PROMO_STATUS_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum promo_status {
  PROMO_OK = 0,                       /* "ok" */
  PROMO_ERR_CODE_NOT_FOUND = 1,       /* "code_not_found"       R1 */
  PROMO_ERR_EXPIRED = 2,              /* "expired"              R2 */
  PROMO_ERR_NOT_YET_ACTIVE = 3,       /* "not_yet_active"       R2 */
  PROMO_ERR_WRONG_REGION = 4,         /* "wrong_region"         R3 */
  PROMO_ERR_NOT_NEW_SUBSCRIPTION = 5, /* "not_new_subscription" R4 */
  PROMO_ERR_ALREADY_HAS_PROMO = 6,    /* "already_has_promo"    R5 */
  PROMO_ERR_NOT_APPLICABLE = 7,       /* "not_applicable"       R9 */
  PROMO_ERR_CURRENCY_MISMATCH = 8,    /* "currency_mismatch"    R10 */
  PROMO_ERR_REDEMPTION_LIMIT = 9,     /* "redemption_limit"     R11 */
  PROMO_ERR_REJECTED_BY_HOST = 10,    /* "rejected_by_host"     R12 */
  PROMO_ERR_INVALID_ARGUMENT = 11,    /* "invalid_argument" */
  PROMO_ERR_NO_MEMORY = 12,           /* "no_memory" */
  PROMO_ERR_MALFORMED_CODE = 13,      /* "malformed_code"       R1 */
  PROMO_ERR_STORE_UNAVAILABLE = 14    /* "store_unavailable"    R11 */
} promo_status;

/*
 * PROMO_ERR_INVALID_ARGUMENT is the caller's mistake (a NULL, an incomplete
 * order, bad options, a value a setter refuses): a binding may raise on it.
 * PROMO_ERR_MALFORMED_CODE is the customer's: a code that fails R1's syntax
 * (not UTF-8, empty, too long, control or invisible characters) is refused
 * like a code that is not found, never as a programming error.
 */

/* One past the highest status value; for iterating in tests and bindings.
 * It grows when a status is added; promo_status_count() gives the linked
 * library's value. */
#define PROMO_STATUS_COUNT 15

/* PROMO_STATUS_COUNT of the linked library, for bindings that cannot read
 * the macro. */
PROMO_EXTERN unsigned int promo_status_count(void);

/* The stable snake_case name of `status` ("expired"). Never NULL: an unknown
 * value gives "unknown_status". The string is static. */
PROMO_EXTERN const char *promo_status_name(promo_status status);

/* A sentence for the customer that says what happened and what to do, in the
 * language of `locale` ("en", "nl", "nl-BE", "nl_NL", ...; only the language
 * subtag counts). NULL, an empty or an unsupported locale gives English; an
 * unknown status gives a generic sentence. Never NULL; the string is static
 * UTF-8. */
PROMO_EXTERN const char *promo_status_message(promo_status status,
                                              const char *locale);

/*
 * Why a code that was not found (PROMO_ERR_CODE_NOT_FOUND) or is malformed
 * (PROMO_ERR_MALFORMED_CODE) probably is not the one the customer meant: a
 * catalog code differs from it only in this way. A hint never accepts a
 * code and never tells which catalog code it resembles (see the apply
 * option `hints`, promo/apply.h). Values and names are pinned, like the
 * statuses'.
 */
typedef enum promo_hint {
  PROMO_HINT_NONE = 0,        /* "none": no catalog code is that close */
  PROMO_HINT_WHITE_SPACE = 1, /* "white_space": white space before or after
                                 it, or invisible characters (zero-width,
                                 byte order mark) anywhere in it */
  PROMO_HINT_DASH = 2,        /* "dash": another dash (en dash, em dash,
                                 minus sign, U+2010, ...) where the catalog
                                 code has a hyphen-minus, or the reverse */
  PROMO_HINT_LETTER_CASE = 3, /* "letter_case": capital and small letters
                                 (full Unicode case folding: STRASSE and
                                 straße) */
  PROMO_HINT_LOOKALIKE = 4    /* "lookalike": characters that look like
                                 others (Cyrillic A for Latin A, full-width
                                 forms, 0 and O, 1 and l and I) */
} promo_hint;

/* One past the highest hint value; promo_hint_count() is the linked
 * library's. A set of hints is a mask with bit (1u << hint) for each. */
#define PROMO_HINT_COUNT 5

PROMO_EXTERN unsigned int promo_hint_count(void);

/* The stable snake_case name of `hint` ("letter_case"). Never NULL: an
 * unknown value gives "unknown_hint". Static. */
PROMO_EXTERN const char *promo_hint_name(promo_hint hint);

/* A sentence for the customer that says what to check, in the language of
 * `locale` as for promo_status_message(): "The code is case-sensitive:
 * check capital and small letters." "" for PROMO_HINT_NONE and unknown
 * values. Never NULL; static UTF-8. */
PROMO_EXTERN const char *promo_hint_message(promo_hint hint,
                                            const char *locale);

/* The languages the messages are written in ("en", "nl"), for
 * promo_status_message(), promo_hint_message() and promo_result_message():
 * promo_message_locale(i) for i below promo_message_locale_count(), NULL
 * past the end. English is the first, and what any other language gets.
 * Static strings. */
PROMO_EXTERN size_t promo_message_locale_count(void);
PROMO_EXTERN const char *promo_message_locale(size_t index);

#ifdef __cplusplus
}
#endif

#endif /* PROMO_STATUS_H */
