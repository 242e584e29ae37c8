/*
 * promo/status.h - the status every libpromo call returns.
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

#ifdef __cplusplus
}
#endif

#endif /* PROMO_STATUS_H */
