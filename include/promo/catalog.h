/*
 * promo/catalog.h - campaigns and their codes.
 *
 * A catalog is made in two steps. A promo_catalog_builder collects campaigns
 * and checks every value as it comes in (ICU validates time zones, regions
 * and currencies); promo_catalog_build() then turns it into a promo_catalog.
 *
 * Thread-safety:
 *  - promo_catalog_builder and the promo_campaign handles it hands out belong
 *    to one thread at a time.
 *  - promo_catalog is immutable once built and may be shared by any number of
 *    threads without locking. The one thing in it that changes is the count
 *    of redemptions (rule R11), which promo_order_complete() updates
 *    atomically; readers always see a consistent count.
 *
 * Failure: every function returns PROMO_ERR_INVALID_ARGUMENT for a bad
 * argument and PROMO_ERR_NO_MEMORY when an allocation fails. A refused call
 * changes nothing but the builder's error text, which
 * promo_catalog_builder_error() returns.
 */
#ifndef PROMO_CATALOG_H
#define PROMO_CATALOG_H

#include "common.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct promo_catalog_builder promo_catalog_builder;
typedef struct promo_campaign promo_campaign;
typedef struct promo_catalog promo_catalog;

/* Longest code, in bytes, that rule R1 accepts. */
#define PROMO_CODE_MAX_BYTES 64

/* Creates an empty builder in *out. `allocator` may be NULL (malloc); it is
 * copied, and the catalog built from this builder uses it too. */
PROMO_EXTERN promo_status promo_catalog_builder_new(
    promo_catalog_builder **out, const promo_allocator *allocator);

/* Frees the builder and every campaign it still holds. NULL is a no-op. */
PROMO_EXTERN void promo_catalog_builder_free(promo_catalog_builder *builder);

/* The message of the last refused call on this builder or on one of its
 * campaigns (for example "code 'SPRING' is already in campaign 'a'; cannot
 * add it to campaign 'b'"), or "" if none was refused. Valid until the next
 * call on the builder. Never NULL when `builder` is not NULL. */
PROMO_EXTERN const char *
promo_catalog_builder_error(const promo_catalog_builder *builder);

/* Adds a campaign with the unique, non-empty UTF-8 `id` and hands back in
 * *out a handle owned by the builder, valid until the builder is built or
 * freed. A campaign id used twice is PROMO_ERR_INVALID_ARGUMENT. */
PROMO_EXTERN promo_status promo_catalog_builder_add_campaign(
    promo_campaign **out, promo_catalog_builder *builder, const char *id);

/* The discount: a percentage in basis points (1..10000; 2000 = 20 %) ... */
PROMO_EXTERN promo_status promo_campaign_set_percent_bps(promo_campaign *c,
                                                         int64_t bps);

/* ... or a fixed amount (>= 1, in minor units of the ISO 4217 `currency`,
 * which ICU must know) off each discounted license per billing period. The
 * discount on a line never exceeds its unit price. Setting one kind of
 * discount replaces the other. */
PROMO_EXTERN promo_status promo_campaign_set_amount(promo_campaign *c,
                                                    int64_t amount,
                                                    const char *currency);

/* The first day codes may be redeemed (R2), a Gregorian calendar date in the
 * campaign's time zone. Optional. A date after the campaign's ends is
 * refused (so is an ends before its starts): set the one that moves the
 * window outwards first. */
PROMO_EXTERN promo_status promo_campaign_set_starts(promo_campaign *c, int year,
                                                    int month, int day);

/* The last day codes may be redeemed (R2): from the first instant of the next
 * day in the campaign's time zone, they are expired. Optional. */
PROMO_EXTERN promo_status promo_campaign_set_ends(promo_campaign *c, int year,
                                                  int month, int day);

/* The IANA time zone in which starts/ends are read ("Europe/Amsterdam").
 * Default "UTC". An id ICU does not know as a system zone is refused. */
PROMO_EXTERN promo_status promo_campaign_set_time_zone(promo_campaign *c,
                                                       const char *zone);

/* Limits the campaign to a region (R3): an ISO 3166-1 alpha-2 country ("NL")
 * or a UN M.49 / CLDR grouping ("150", "155", "419", "EU"), exactly as ICU
 * spells it canonically. Unknown, "ZZ", deprecated and alias codes ("UK":
 * use "GB") are refused. Call once per region; no call means everywhere. */
PROMO_EXTERN promo_status promo_campaign_add_region(promo_campaign *c,
                                                    const char *region);

/* Limits the campaign to a product SKU (R9), a non-empty UTF-8 string
 * compared byte for byte. Call once per product; no call means all. */
PROMO_EXTERN promo_status promo_campaign_add_product(promo_campaign *c,
                                                     const char *sku);

/* Discounts at most `max` (>= 1) licenses per subscription (R6). */
PROMO_EXTERN promo_status promo_campaign_set_max_licenses(promo_campaign *c,
                                                          int64_t max);

/* Lets the campaign be redeemed by at most `max` (>= 1) completed orders in
 * all (R11). */
PROMO_EXTERN promo_status promo_campaign_set_max_redemptions(promo_campaign *c,
                                                             int64_t max);

/* Adds a code that redeems the campaign. `code` is `len` bytes, need not be
 * NUL-terminated, and must pass rule R1's syntax: valid UTF-8, 1 to
 * PROMO_CODE_MAX_BYTES bytes, no control characters (Unicode Cc, and the
 * invisible format characters and separators, Cf, Zl and Zp, such as a
 * zero-width space or a bidi override). A code already in this
 * campaign or in another one of the builder is refused with
 * PROMO_ERR_INVALID_ARGUMENT and an error text naming both campaigns. */
PROMO_EXTERN promo_status promo_campaign_add_code(promo_campaign *c,
                                                  const char *code, size_t len);

/*
 * Checks every campaign (it has a discount and at least one code; its dates
 * are representable instants in its zone), computes
 * what apply needs (redemption instants, the countries each campaign's
 * regions contain) and moves everything into a new catalog in *out. On
 * success the builder is left empty and may be reused or freed; the campaign
 * handles it gave out are no longer valid. On failure the builder is as it
 * was.
 */
PROMO_EXTERN promo_status promo_catalog_build(promo_catalog **out,
                                              promo_catalog_builder *builder);

/* Frees the catalog. Every order made on it must be freed first. NULL is a
 * no-op. */
PROMO_EXTERN void promo_catalog_free(promo_catalog *catalog);

/* The number of campaigns and of codes in the catalog. */
PROMO_EXTERN size_t promo_catalog_campaign_count(const promo_catalog *catalog);
PROMO_EXTERN size_t promo_catalog_code_count(const promo_catalog *catalog);

/* Looks `code` (`len` bytes) up byte for byte (R1) and, when found, stores the
 * id of its campaign in *campaign_id (static for the catalog's lifetime).
 * Returns PROMO_OK, PROMO_ERR_CODE_NOT_FOUND, or PROMO_ERR_INVALID_ARGUMENT
 * when the code fails R1's syntax. Thread-safe. */
PROMO_EXTERN promo_status promo_catalog_find_code(const promo_catalog *catalog,
                                                  const char *code, size_t len,
                                                  const char **campaign_id);

/* The number of completed orders that redeemed campaign `campaign_id` so far
 * (R11), in *count. PROMO_ERR_INVALID_ARGUMENT if there is no such campaign.
 * Thread-safe. */
PROMO_EXTERN promo_status promo_catalog_redemptions(
    const promo_catalog *catalog, const char *campaign_id, int64_t *count);

#ifdef __cplusplus
}
#endif

#endif /* PROMO_CATALOG_H */
