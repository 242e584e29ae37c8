/* clang-format off */
/*
 * promo/apply.h - promo_apply(): does a code apply to an order, and what does
 * it take off? And R11's flow in the catalog's store: promo_order_reserve(),
 * promo_order_complete(), promo_order_release(), promo_order_refund().
 *
 * promo_apply runs one ordered table of validators (the check order):
 *
 *   R1  exact_match       order   the code equals a catalog code byte for byte
 *   R2  expiry            order   placed on or after starts, before ends + 1 day
 *   R3  region            order   the order's country lies in a campaign region
 *   R4  new_subscription  order   the purchase is not already complete
 *   R4  new_subscription  line    the line is a new subscription
 *   R5  one_code          line    the line carries no other code
 *   R9  product           line    the line's product is one of the campaign's
 *   R10 currency          line    a fixed amount is in the order's currency
 *   R11 redemptions       order   redeemed + live reservations of other
 *                                 orders < max_redemptions, read from the
 *                                 catalog's store (capped campaigns only)
 *   R12 host validators   order, then line, in the order given
 *
 * An order-level failure ends the apply with its status. A line-level failure
 * skips the line and records why; the apply succeeds if any line is left, and
 * otherwise fails with the status of the line that came closest to taking
 * the code: that of the latest validator, in this order, that skipped a
 * line (an existing subscription and a new one in the wrong currency fail
 * with currency_mismatch, which the customer can act on). Then R6 (license
 * cap), the money rules and R7/R8 (how long the discount lasts) shape the
 * discount of every accepted line.
 *
 * Thread-safety: an order and a result belong to one thread at a time; the
 * catalog behind them, and its store, may be shared. Host validator
 * callbacks run on the calling thread.
 */
/* clang-format on */
#ifndef PROMO_APPLY_H
#define PROMO_APPLY_H

#include "catalog.h"
#include "common.h"
#include "order.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Size of the buffer a host validator writes its reason into, NUL included. */
#define PROMO_REASON_MAX 256

/* PROMO_REASON_MAX of the linked library, for bindings that cannot read the
 * macro. */
PROMO_EXTERN size_t promo_reason_max(void);

/*
 * A host validator (R12), run after the built-in ones. Either callback may be
 * NULL. `campaign_id` is the matched campaign (valid during the call);
 * check_line sees only lines the built-in validators kept.
 *
 * Only PROMO_OK accepts. PROMO_ERR_NO_MEMORY aborts the apply with that
 * status (the order stays unchanged). Every other value rejects, reported as
 * PROMO_ERR_REJECTED_BY_HOST: any other status, and any value that is no
 * status at all (a binding whose callback raised, or returned garbage, can
 * never accept a code by accident; return PROMO_ERR_REJECTED_BY_HOST).
 *
 * A rejecting callback may write a reason for the customer into `reason`
 * (`reason_size` == PROMO_REASON_MAX bytes, zeroed beforehand), UTF-8, ended
 * by a NUL or by the end of the buffer. The library keeps at most
 * PROMO_REASON_MAX - 1 bytes of it, cut at a character boundary, and
 * replaces every ill-formed UTF-8 sequence with U+FFFD (shortening the
 * reason further if that makes it longer than the buffer), so that a
 * reason is always valid UTF-8. An accepting callback's reason is dropped.
 */
typedef struct promo_validator {
  const char *name; /* for the host's own logs; may be NULL */
  promo_status (*check_order)(void *user_data, const promo_order *order,
                              const char *campaign_id, char *reason,
                              size_t reason_size);
  promo_status (*check_line)(void *user_data, const promo_order *order,
                             size_t line, const char *campaign_id, char *reason,
                             size_t reason_size);
  void *user_data;
} promo_validator;

/* What promo_apply() does in the store once the code is accepted (options
 * version 2). The values are pinned. */
typedef enum promo_apply_then {
  PROMO_THEN_NOTHING = 0, /* apply only (the default) */
  PROMO_THEN_RESERVE = 1, /* then promo_order_reserve(order, reserve_ttl) */
  PROMO_THEN_COMPLETE = 2 /* then promo_order_complete(order) */
} promo_apply_then;

/*
 * Versioned options: set `version` with PROMO_APPLY_OPTIONS_INIT or
 * promo_apply_options_init(), so fields added later get their defaults. The
 * library accepts every version from 1 to the one it was built with, and
 * reads a struct only as far as its version goes: a caller built against an
 * older header keeps working, and its struct gets the defaults of the
 * fields it lacks. Version 1: validators, validator_count, dry_run.
 * Version 2 adds then and reserve_ttl (the store, issue 10), hints, explain
 * and anonymous (the customer's answers, issue 12).
 */
#define PROMO_APPLY_OPTIONS_VERSION 2
typedef struct promo_apply_options {
  unsigned int version;
  /* Host validators, run in this order after the built-in ones. */
  const promo_validator *validators;
  size_t validator_count;
  /* true: compute the result but leave the order as it is. */
  bool dry_run;
  /* Version 2. What to do in the store after an accepted apply, all or
   * nothing with it: when the store refuses (redemption_limit, because the
   * last slot went to another order between R11's read and this write) or
   * fails, the apply reports that status, its result shows no discount and
   * the order is exactly as before. Not with dry_run. */
  promo_apply_then then;
  int64_t reserve_ttl; /* seconds (>= 1), for PROMO_THEN_RESERVE */
  /* Version 2 too. */
  /* true: when the code is not found or is malformed, say why it probably
   * is not the code the customer meant (promo_result_hint()). The catalog
   * must have been built with its hint index (promo_catalog_builder_set_
   * hints()); without it the apply is refused (PROMO_ERR_INVALID_ARGUMENT).
   * A hint never changes the status: the match stays exact (R1). */
  bool hints;
  /* true: run every validator, even after one refused, and record every
   * reason of the order and of each line (promo_result_reasons(),
   * promo_result_line_reasons()), for support staff. The status, the lines'
   * statuses and the money are those of the same apply without it. Host
   * validators run too: check_order after an earlier refusal, check_line on
   * every line, skipped ones included; what they write into `reason` then
   * is dropped. */
  bool explain;
  /* true: the customer is told "code not found" for every refusal that
   * would show the code exists (expired, wrong region, not for these
   * products, ...): promo_result_customer_status() is then
   * PROMO_ERR_CODE_NOT_FOUND and promo_result_customer_hint() none, and
   * promo_result_message() says so, while promo_result_status() and every
   * other getter keep the precise answer for the host's logs. */
  bool anonymous;
} promo_apply_options;

#define PROMO_APPLY_OPTIONS_INIT                                               \
  {                                                                            \
    PROMO_APPLY_OPTIONS_VERSION, NULL, 0, false, PROMO_THEN_NOTHING, 0, false, \
        false, false                                                           \
  }

/* PROMO_APPLY_OPTIONS_VERSION of the linked library, for bindings that
 * cannot read the macro. */
PROMO_EXTERN unsigned int promo_apply_options_version(void);

/* Fills *options, a struct of `version` (1 to PROMO_APPLY_OPTIONS_VERSION;
 * pass PROMO_APPLY_OPTIONS_VERSION), with its defaults, writing no field a
 * struct of that version lacks. PROMO_ERR_INVALID_ARGUMENT for NULL,
 * version 0 or a version newer than the library. */
PROMO_EXTERN promo_status promo_apply_options_init(promo_apply_options *options,
                                                   unsigned int version);

/* The detailed outcome of an apply: reusable across applies, so a hot
 * checkout path allocates only when an order has more lines, or the matched
 * campaign a longer id, than before. A result owns everything it returns: it
 * never points into the order or the catalog, and may outlive both. */
typedef struct promo_result promo_result;

/* Creates an empty result in *out; `allocator` may be NULL (malloc). */
PROMO_EXTERN promo_status promo_result_new(promo_result **out,
                                           const promo_allocator *allocator);

/* Frees the result. NULL is a no-op. */
PROMO_EXTERN void promo_result_free(promo_result *result);

/*
 * Applies `code` (`code_len` bytes) to `order` (the design card's
 * apply_promo(order, code)). Returns the apply's status, also kept in
 * `result` when it is not NULL; `options` may be NULL for the defaults.
 *
 * On PROMO_OK every accepted line carries the code, all at once (unless
 * options->dry_run). Applying a code the lines already carry is a no-op that
 * reports the same discount again, never a double one; it can still be
 * refused when something changed since (R11: the campaign reached its cap
 * through other orders; a host validator): then clear the lines' code with
 * promo_order_set_line_promo_code() before completing the order. On any
 * failure, PROMO_ERR_NO_MEMORY included, the order is exactly as before.
 *
 * PROMO_ERR_MALFORMED_CODE: the customer's code fails R1's syntax (empty,
 * not UTF-8, over PROMO_CODE_MAX_BYTES, control, invisible (default-
 * ignorable), private-use or unassigned characters). A code with white
 * space at either end is not malformed: no catalog code can have it, so it
 * is not found.
 * PROMO_ERR_INVALID_ARGUMENT: the caller's mistake: a NULL order or code, an
 * order without country, currency, placed_at or lines (this one wins over a
 * malformed code), a discount that would end after 9999-12-31, or options of
 * an unknown version, with validator_count but no validators, with a
 * `then` they cannot do, or asking for hints from a catalog built without
 * its hint index. PROMO_ERR_STORE_UNAVAILABLE: R11 (for a campaign with
 * max_redemptions) could not read the catalog's store, or options->then
 * could not write it; nothing was counted, unless the store lost its
 * answer after counting (pg.h): the same call again is safe and counts
 * the order once. For these three,
 * promo_result_error() (and, for the store, promo_order_error() too) says
 * what was wrong. The result always describes this apply: after a NULL order
 * or code or bad options it reads as empty, with status
 * PROMO_ERR_INVALID_ARGUMENT. A result describes one code: lines carrying
 * another code are skipped (already_has_promo) and their discounts are not
 * in its totals.
 */
PROMO_EXTERN promo_status promo_apply(promo_result *result, promo_order *order,
                                      const char *code, size_t code_len,
                                      const promo_apply_options *options);

/*
 * R11's flow, in the catalog's store (promo/store.h). Each operation acts,
 * for the order's id, on every campaign whose code a *new* line of the
 * order carries (however it got there: an apply, or
 * promo_order_set_line_promo_code() for an order restored from storage;
 * codes not in the catalog are not counted), at the store clock's instant,
 * all or nothing across those campaigns. The order needs an id; an order
 * carrying no code of the catalog succeeds and touches nothing.
 *
 * Statuses: PROMO_OK; PROMO_ERR_REDEMPTION_LIMIT (reserve, complete: a
 * campaign has no free slot; nothing changed); PROMO_ERR_INVALID_ARGUMENT
 * (a NULL order, no id, a bad ttl); PROMO_ERR_STORE_UNAVAILABLE (the store
 * failed: connection refused or lost, timeout, statement error; nothing was
 * counted, or, for a complete whose answer was lost on the way back, the
 * outcome is unknown); PROMO_ERR_NO_MEMORY. Every refusal leaves the order
 * as it was and says why in promo_order_error().
 *
 * Every operation is idempotent per order id, so each one is safe to retry
 * after any failure, PROMO_ERR_STORE_UNAVAILABLE included: a complete that
 * did count before its connection dropped finds the order counted and
 * answers PROMO_OK again, counting nothing twice; a refund that did
 * un-count finds nothing left to refund and answers PROMO_OK.
 */

/* Holds a slot of each campaign for `ttl_seconds` (>= 1) from now, while
 * the customer pays: R11 then counts it against other orders, never
 * against this one. Reserving again renews the reservation to ttl_seconds
 * from now; a campaign that has already counted the order is left alone. An
 * expired reservation frees its slot by itself. A completed order holds
 * nothing more: PROMO_OK. */
PROMO_EXTERN promo_status promo_order_reserve(promo_order *order,
                                              int64_t ttl_seconds);

/* Completes the purchase: marks the order complete and counts one
 * redemption per campaign -- the order's live reservation becomes the
 * redemption, or a free slot is taken directly. At most once per order id:
 * an order counted already is PROMO_OK and counts nothing new (a second
 * order object with the same id too). Completing a completed order is
 * PROMO_OK and touches nothing, with or without an id. */
PROMO_EXTERN promo_status promo_order_complete(promo_order *order);

/* Drops the order's reservations (the customer left); redemptions stay
 * counted. Nothing to release is PROMO_OK. */
PROMO_EXTERN promo_status promo_order_release(promo_order *order);

/* Un-counts the order's redemptions (the purchase was refunded): each slot
 * comes back, even after the campaign has ended, and the order is no longer
 * complete, so it can be applied to and completed again. An order not
 * counted is PROMO_OK and touches nothing in the store. */
PROMO_EXTERN promo_status promo_order_refund(promo_order *order);

/* Reading a result. Until a result has been filled it reads as empty
 * (status PROMO_ERR_INVALID_ARGUMENT, no lines). Every string belongs to the
 * result: valid until the next apply into it or its free, whatever happens
 * to the order or the catalog. */
PROMO_EXTERN promo_status promo_result_status(const promo_result *result);
/* The code as entered, or NULL if it failed R1's syntax. */
PROMO_EXTERN const char *promo_result_code(const promo_result *result);
/* The matched campaign's id (a copy), or NULL when the code was not found. */
PROMO_EXTERN const char *promo_result_campaign(const promo_result *result);
/* The order's currency at the apply ("EUR"), or NULL when it had none. */
PROMO_EXTERN const char *promo_result_currency(const promo_result *result);
/* The host's reason when an order-level host validator rejected, else "". */
PROMO_EXTERN const char *promo_result_reason(const promo_result *result);
/* Why the apply was refused, when its status is PROMO_ERR_INVALID_ARGUMENT
 * (what the caller got wrong: "the order is incomplete: it has no
 * placed_at", "the code is NULL", ...), PROMO_ERR_MALFORMED_CODE (R1's
 * reason: "the code holds a control character") or
 * PROMO_ERR_STORE_UNAVAILABLE (the store's: "lost the connection to the
 * redemption store: ..."); "" for every other status. Never NULL. */
PROMO_EXTERN const char *promo_result_error(const promo_result *result);
/* What the customer may be told (the `anonymous` option): the status
 * itself, except PROMO_ERR_CODE_NOT_FOUND for an anonymous apply refused
 * after the code was found, for any reason but a failure of the service
 * (PROMO_ERR_NO_MEMORY, PROMO_ERR_STORE_UNAVAILABLE: no answer about the
 * code, and one the host does not show as a refusal). Only a found code
 * with a cap reaches the store: while it is down, a host that answers
 * store_unavailable differently from code_not_found tells a guesser that
 * the code exists (README, Decisions). */
PROMO_EXTERN promo_status
promo_result_customer_status(const promo_result *result);
/* Whether the apply ran with the `anonymous` option. */
PROMO_EXTERN bool promo_result_anonymous(const promo_result *result);
/* The hint (the `hints` option) when the code was not found or is
 * malformed: the first, in the order of the promo_hint values, of the
 * hints promo_result_hints() holds; PROMO_HINT_NONE otherwise. */
PROMO_EXTERN promo_hint promo_result_hint(const promo_result *result);
/* Every way a catalog code differs from the entered one, the smallest set
 * that explains it: bit (1u << hint) for each; 0 for none. */
PROMO_EXTERN uint32_t promo_result_hints(const promo_result *result);
/* The hint the customer may be shown: promo_result_hint(), or
 * PROMO_HINT_NONE for an anonymous apply (a hint would tell that a code
 * close to the entered one exists). */
PROMO_EXTERN promo_hint promo_result_customer_hint(const promo_result *result);
/* Whether the apply ran with the `explain` option. */
PROMO_EXTERN bool promo_result_explained(const promo_result *result);
/* With the `explain` option: every order-level reason to refuse the code,
 * bit (1u << status) for each (statuses are below 32), from the validators
 * in check order: R1 (code_not_found, or malformed_code before the
 * validators run), R2, R3, R4 (a completed order), R11, R12. 0 when none
 * refused or without the option. */
PROMO_EXTERN uint32_t promo_result_reasons(const promo_result *result);
/* Order totals in minor units: subtotal = Σ unit_price × licenses; discount
 * = Σ line discounts (0 unless the apply succeeded); total = the difference. */
PROMO_EXTERN int64_t promo_result_subtotal(const promo_result *result);
PROMO_EXTERN int64_t promo_result_discount(const promo_result *result);
PROMO_EXTERN int64_t promo_result_total(const promo_result *result);

/* Per line; line i is line i of the order. A line's status is PROMO_OK when
 * it takes the code, the reason it was skipped otherwise, or the apply's
 * status when the apply failed before lines were looked at. An out-of-range
 * index is the caller's mistake and gives PROMO_ERR_INVALID_ARGUMENT / 0 /
 * "" (promo_result_get_lines() has no such ambiguity). */
PROMO_EXTERN size_t promo_result_line_count(const promo_result *result);
PROMO_EXTERN promo_status promo_result_line_status(const promo_result *result,
                                                   size_t line);
/* Licenses discounted: min(licenses, max_licenses) (R6), or 0. */
PROMO_EXTERN int64_t
promo_result_line_discounted_licenses(const promo_result *result, size_t line);
/* The line's discount per billing period, in minor units, or 0. */
PROMO_EXTERN int64_t promo_result_line_discount(const promo_result *result,
                                                size_t line);
/* The instant the discount ends (R7, R8), seconds since the epoch; only
 * meaningful when the line's status is PROMO_OK (0 otherwise). */
PROMO_EXTERN int64_t promo_result_line_discount_ends(const promo_result *result,
                                                     size_t line);
/* The host's reason when a line-level host validator skipped it, else "". */
PROMO_EXTERN const char *promo_result_line_reason(const promo_result *result,
                                                  size_t line);
/* With the `explain` option: every line-level reason to skip the line, bit
 * (1u << status) for each, from R4, R5, R9, R10 and R12; 0 otherwise. */
PROMO_EXTERN uint32_t promo_result_line_reasons(const promo_result *result,
                                                size_t line);

/*
 * A whole result in one call, for bindings (one FFI call instead of ten).
 * The fields are those of the getters above; the strings point into the
 * result, with their lifetime. Fields are only ever added at the end.
 */
typedef struct promo_result_info {
  promo_status status;
  const char *code;     /* NULL: the code failed R1's syntax */
  const char *campaign; /* NULL: the code was not found */
  const char *currency; /* NULL: the order had none */
  const char *reason;   /* "" unless an order-level host validator gave one */
  const char *error;    /* promo_result_error() */
  int64_t subtotal;
  int64_t discount;
  int64_t total;
  size_t line_count;
  /* Added in 0.2.0 with options version 2: the getters of the same names. */
  promo_status customer_status;
  promo_hint hint;
  promo_hint customer_hint;
  uint32_t hints;
  uint32_t reasons;
  bool explained;
  bool anonymous;
} promo_result_info;

/* One line of a result, as the per-line getters give it. */
typedef struct promo_result_line_info {
  promo_status status;
  int64_t discounted_licenses;
  int64_t discount;
  int64_t discount_ends; /* meaningful when status is PROMO_OK; else 0 */
  const char *reason;    /* "" unless a line-level host validator gave one */
  uint32_t reasons;      /* promo_result_line_reasons(); added in 0.2.0 */
} promo_result_line_info;

/* sizeof(promo_result_info) and sizeof(promo_result_line_info) in the linked
 * library: a caller built against a newer header can tell from them which
 * fields this library fills. */
PROMO_EXTERN size_t promo_result_info_size(void);
PROMO_EXTERN size_t promo_result_line_info_size(void);

/*
 * Fills *info, a struct of `info_size` bytes: pass sizeof(promo_result_info)
 * as your header declares it. A smaller (older) struct gets the fields it
 * has and nothing past them; the bytes of a larger (newer) one past this
 * library's fields are zeroed. PROMO_ERR_INVALID_ARGUMENT for a NULL
 * argument or an `info_size` of 0; nothing is written then.
 */
PROMO_EXTERN promo_status promo_result_get(promo_result_info *info,
                                           size_t info_size,
                                           const promo_result *result);

/*
 * Fills lines[0 .. min(cap, count) - 1] with the result's lines and stores
 * how many lines the result has in *count: call with cap 0 (lines may then
 * be NULL) to learn the count, or with an array as long as the order. A
 * too-small array is not an error: the first `cap` lines are filled and
 * *count still says how many there are. `line_size` is the size of one
 * element, sizeof(promo_result_line_info) as your header declares it, with
 * the rule of promo_result_get() for older and newer structs.
 * PROMO_ERR_INVALID_ARGUMENT for a NULL `count` or `result`, or, when cap >
 * 0, a NULL `lines`, a `line_size` of 0 or an array larger than memory;
 * nothing is written then.
 */
PROMO_EXTERN promo_status promo_result_get_lines(size_t *count,
                                                 promo_result_line_info *lines,
                                                 size_t cap, size_t line_size,
                                                 const promo_result *result);

/* Room for any message promo_result_message() writes, NUL included. */
#define PROMO_MESSAGE_MAX 2048

/* PROMO_MESSAGE_MAX of the linked library, for bindings that cannot read
 * the macro. */
PROMO_EXTERN size_t promo_message_max(void);

/*
 * The message for the customer about `result`, formatted by ICU in the
 * language of `locale` (a BCP 47 tag or an ICU locale id: "nl", "nl-BE",
 * "en_GB"; one of promo_message_locale()'s languages, any other language,
 * NULL or "" gives English, and ICU formats for "en"), written into
 * `buffer` (`capacity` bytes) as NUL-terminated UTF-8, its length, NUL
 * excluded, in *length. It says what promo_status_message() says of the
 * customer status (promo_result_customer_status()), with what the result
 * knows: the discount and the total in the order's currency as the locale
 * writes money ("€ 1.234,56" in nl, "€1,234.56" in en) and until when it
 * lasts; until when an expired code could be used, or from when a code can
 * be, in the order's time zone; the order's country in the customer's
 * language; the currency a fixed discount needs; the host's reason; the
 * customer hints (promo_result_customer_hint() and the others of
 * promo_result_hints(), none for an anonymous apply).
 *
 * A message always fits in PROMO_MESSAGE_MAX bytes. With a smaller buffer
 * that it does not fit in, nothing but an empty string (when capacity > 0)
 * is written, and *length still says how long it is: call again with
 * *length + 1 bytes. `buffer` may be NULL when `capacity` is 0.
 * PROMO_ERR_INVALID_ARGUMENT for a NULL `length` or `result`, or a NULL
 * buffer with a capacity; PROMO_ERR_NO_MEMORY when an allocation fails (the
 * result's allocator, or ICU's). The result
 * is not changed; a result of no apply yet, or of a refused call, gets the
 * message of its status. Thread-safe for distinct results, and for one
 * result read by several threads.
 */
PROMO_EXTERN promo_status promo_result_message(size_t *length, char *buffer,
                                               size_t capacity,
                                               const promo_result *result,
                                               const char *locale);

#ifdef __cplusplus
}
#endif

#endif /* PROMO_APPLY_H */
