/*
 * promo/order.h - one checkout: who buys, where, when, and its lines.
 *
 * An order is made on a catalog (it uses the catalog's allocator and holds a
 * reference to it, so the catalog lives at least as long) and filled with
 * setters that refuse bad values when they are set: an unknown country,
 * currency, time zone or term, a negative or zero count, an amount that
 * overflows. A refused call changes nothing but the order's error text
 * (promo_order_error()).
 *
 * Thread-safety: an order belongs to one thread at a time. Many orders on
 * one catalog may be used from many threads at once.
 */
#ifndef PROMO_ORDER_H
#define PROMO_ORDER_H

#include "catalog.h"
#include "common.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct promo_order promo_order;

/* A subscription's term: how long one promo discount lasts (R7). The values
 * are pinned. PROMO_TERM_NONE is no term: what promo_order_line_term() gives
 * for a line that does not exist; no setter accepts it. */
typedef enum promo_term {
  PROMO_TERM_NONE = 0,
  PROMO_TERM_MONTHLY = 1,            /* "monthly" */
  PROMO_TERM_ANNUAL = 2,             /* "annual" */
  PROMO_TERM_ANNUAL_PAID_MONTHLY = 3 /* "annual_paid_monthly" */
} promo_term;

/* The name of `term` ("annual"), or NULL for PROMO_TERM_NONE and unknown
 * values. Static. */
PROMO_EXTERN const char *promo_term_name(promo_term term);

/* Parses a term name into *out; PROMO_ERR_INVALID_ARGUMENT if unknown. */
PROMO_EXTERN promo_status promo_term_from_name(promo_term *out,
                                               const char *name);

/* Creates an empty order on `catalog` in *out: no id, country, currency or
 * placed_at yet, time zone "UTC", not completed, no lines. The order holds a
 * reference to the catalog (as promo_catalog_retain() takes), so the two
 * may be freed in any order. */
PROMO_EXTERN promo_status promo_order_new(promo_order **out,
                                          promo_catalog *catalog);

/* Frees the order. NULL is a no-op. */
PROMO_EXTERN void promo_order_free(promo_order *order);

/* The message of the last refused call on this order, or "". Valid until the
 * next call on the order. Never NULL when `order` is not NULL. Printable
 * UTF-8: input values in it are escaped ("\u001b") and shortened ("…"). */
PROMO_EXTERN const char *promo_order_error(const promo_order *order);

/* The order id (non-empty UTF-8), by which R11 counts each order once. */
PROMO_EXTERN promo_status promo_order_set_id(promo_order *order,
                                             const char *id);

/* The customer's country: an ISO 3166-1 alpha-2 code that ICU knows as a
 * territory, upper case ("NL"). Groupings, "ZZ", deprecated and alias codes
 * are refused. */
PROMO_EXTERN promo_status promo_order_set_country(promo_order *order,
                                                  const char *country);

/* The order's ISO 4217 currency, upper case ("EUR"), known to ICU. */
PROMO_EXTERN promo_status promo_order_set_currency(promo_order *order,
                                                   const char *currency);

/* The IANA time zone of the customer, in which discount terms are counted
 * (R7). Default "UTC". The id must be a zone of the catalog's tz database
 * (promo/zones.h), read once and shared by every order on the catalog. */
PROMO_EXTERN promo_status promo_order_set_time_zone(promo_order *order,
                                                    const char *zone);

/* The instant the order is placed, in seconds since 1970-01-01T00:00:00Z. R2
 * checks the campaign's dates against it; R7 counts terms from it. Accepted
 * from year 1 to year 9999. */
PROMO_EXTERN promo_status promo_order_set_placed_at(promo_order *order,
                                                    int64_t unix_seconds);

/* Whether the purchase is already complete; a complete order takes no code
 * (R4). promo_order_complete() sets it too. */
PROMO_EXTERN promo_status promo_order_set_completed(promo_order *order,
                                                    bool completed);

/*
 * Appends a line: one subscription. `subscription` (its id, non-empty and
 * unique in the order) and `product` (the SKU, non-empty) are UTF-8.
 * `is_new` is false for a subscription the customer already has (R4).
 * `licenses` >= 1; `unit_price` >= 0 is the price of one license for one
 * billing period in the currency's minor unit. A line whose price times
 * licenses, or an order whose subtotal, would not fit in int64_t is refused.
 * The new line's index (0, 1, ...) is stored in *index when it is not NULL.
 */
PROMO_EXTERN promo_status
promo_order_add_line(size_t *index, promo_order *order,
                     const char *subscription, const char *product, bool is_new,
                     promo_term term, int64_t licenses, int64_t unit_price);

/* Records that line `index` already carries a promo code (`len` bytes, R1
 * syntax). Pass code NULL and len 0 to clear it. */
PROMO_EXTERN promo_status promo_order_set_line_promo_code(promo_order *order,
                                                          size_t index,
                                                          const char *code,
                                                          size_t len);

/* Read access, for host validators and for showing the order. Strings are
 * owned by the order and valid until it changes or is freed; an unset string
 * (id, country, currency) is NULL, which no set value can be. A line index
 * past the end is the caller's mistake: it gives NULL / 0 / false /
 * PROMO_TERM_NONE. */
PROMO_EXTERN const char *promo_order_id(const promo_order *order);
PROMO_EXTERN const char *promo_order_country(const promo_order *order);
PROMO_EXTERN const char *promo_order_currency(const promo_order *order);
PROMO_EXTERN const char *promo_order_time_zone(const promo_order *order);
/* Whether placed_at is set, in *is_set, and its value in *unix_seconds (0
 * when it is not set: read *is_set, since 0 is also 1970-01-01T00:00:00Z).
 * PROMO_ERR_INVALID_ARGUMENT for a NULL argument. */
PROMO_EXTERN promo_status promo_order_placed_at(bool *is_set,
                                                int64_t *unix_seconds,
                                                const promo_order *order);
PROMO_EXTERN bool promo_order_completed(const promo_order *order);
PROMO_EXTERN size_t promo_order_line_count(const promo_order *order);
PROMO_EXTERN const char *promo_order_line_subscription(const promo_order *order,
                                                       size_t index);
PROMO_EXTERN const char *promo_order_line_product(const promo_order *order,
                                                  size_t index);
PROMO_EXTERN bool promo_order_line_is_new(const promo_order *order,
                                          size_t index);
PROMO_EXTERN promo_term promo_order_line_term(const promo_order *order,
                                              size_t index);
PROMO_EXTERN int64_t promo_order_line_licenses(const promo_order *order,
                                               size_t index);
PROMO_EXTERN int64_t promo_order_line_unit_price(const promo_order *order,
                                                 size_t index);
/* The promo code line `index` carries (NUL-terminated; codes hold no NUL),
 * or NULL. */
PROMO_EXTERN const char *promo_order_line_promo_code(const promo_order *order,
                                                     size_t index);

/* Σ unit_price × licenses over all lines. */
PROMO_EXTERN int64_t promo_order_subtotal(const promo_order *order);

#ifdef __cplusplus
}
#endif

#endif /* PROMO_ORDER_H */
