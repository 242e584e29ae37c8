/*
 * promo/catalog.h - campaigns and their codes.
 *
 * A catalog is made in two steps. A promo_catalog_builder collects campaigns
 * and checks every value as it comes in (the system's tz database validates
 * time zones, ICU regions and currencies); promo_catalog_build() then turns
 * it into a promo_catalog.
 *
 * Lifetimes, so that objects may be freed in any order (as a garbage
 * collector's finalizers do):
 *  - a promo_catalog is reference-counted: promo_catalog_build() hands out
 *    the first reference, promo_catalog_retain() takes another, and
 *    promo_catalog_release() (or promo_catalog_free(), the same call) gives
 *    one back; the last one frees it. Every order holds a reference to its
 *    catalog, so a catalog may be released while orders still use it.
 *  - promo_campaign handles belong to their builder and stay valid memory
 *    until the builder is freed. promo_catalog_build() moves the campaigns
 *    into the catalog; from then on their handles are stale, and every call
 *    with one is refused with PROMO_ERR_INVALID_ARGUMENT and an error text in
 *    the builder ("campaign 'x' was built into a catalog; ..."), never a
 *    use of freed memory. A binding keeps the builder alive while it holds
 *    campaign handles.
 *
 * Thread-safety:
 *  - promo_catalog_builder and the promo_campaign handles it hands out belong
 *    to one thread at a time.
 *  - promo_catalog is immutable once built and may be shared by any number of
 *    threads without locking. What changes in it is only its count of
 *    references (atomic: retain and release from any thread). It holds no
 *    redemption counts: those live in its promo_store (promo/store.h),
 *    which is thread-safe and may be shared by many catalogs (a reloaded
 *    catalog built with the same store keeps the counts, which are keyed by
 *    campaign id).
 *
 * Failure: every function returns PROMO_ERR_INVALID_ARGUMENT for a bad
 * argument and PROMO_ERR_NO_MEMORY when an allocation fails (and
 * promo_catalog_find_code() PROMO_ERR_MALFORMED_CODE for a customer's code
 * that fails R1's syntax). A refused call changes nothing but the builder's
 * error text, which promo_catalog_builder_error() returns.
 */
#ifndef PROMO_CATALOG_H
#define PROMO_CATALOG_H

#include "common.h"
#include "status.h"
#include "store.h"
#include "zones.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct promo_catalog_builder promo_catalog_builder;
typedef struct promo_campaign promo_campaign;
typedef struct promo_catalog promo_catalog;

/* Longest code, in bytes, that rule R1 accepts. */
#define PROMO_CODE_MAX_BYTES 64

/* PROMO_CODE_MAX_BYTES of the linked library, for bindings that cannot read
 * the macro. */
PROMO_EXTERN size_t promo_code_max_bytes(void);

/* Creates an empty builder in *out. `allocator` may be NULL (malloc); it is
 * copied, and the catalog built from this builder uses it too. */
PROMO_EXTERN promo_status promo_catalog_builder_new(
    promo_catalog_builder **out, const promo_allocator *allocator);

/* Frees the builder, every campaign it still holds and every handle it gave
 * out (stale ones included). NULL is a no-op. */
PROMO_EXTERN void promo_catalog_builder_free(promo_catalog_builder *builder);

/* The message of the last refused call on this builder or on one of its
 * campaigns (for example "code 'SPRING' is already in campaign 'a'; cannot
 * add it to campaign 'b'"), or "" if none was refused. Valid until the next
 * call on the builder. Never NULL when `builder` is not NULL. Printable
 * UTF-8: input values in it are escaped ("\u001b") and shortened ("…"). */
PROMO_EXTERN const char *
promo_catalog_builder_error(const promo_catalog_builder *builder);

/* Makes the builder read time zones from `zones` (see promo/zones.h),
 * which it keeps a reference to, as the catalog it builds will: the caller
 * may free its own. Without this call the builder creates default zones
 * (TZDIR, else /usr/share/zoneinfo) the first time it needs one. Zone ids
 * set before this call are checked again against `zones` by
 * promo_catalog_build(). */
PROMO_EXTERN promo_status promo_catalog_builder_set_zones(
    promo_catalog_builder *builder, promo_zones *zones);

/* Adds a campaign with the unique, non-empty UTF-8 `id` and hands back in
 * *out a handle owned by the builder: it changes the campaign until the
 * builder is built, is refused (stale) from then on, and is freed with the
 * builder. A campaign id used twice is PROMO_ERR_INVALID_ARGUMENT. */
PROMO_EXTERN promo_status promo_catalog_builder_add_campaign(
    promo_campaign **out, promo_catalog_builder *builder, const char *id);

/* The handle of the campaign `id` the builder holds (added since it was
 * last built), in *out: the same handle promo_catalog_builder_add_campaign()
 * gave. PROMO_ERR_INVALID_ARGUMENT, with an error text, when there is no
 * such campaign. */
PROMO_EXTERN promo_status promo_catalog_builder_campaign(
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
 * Default "UTC". An id that is not a zone of the builder's tz database (see
 * promo/zones.h) is refused, and so is every id but "UTC" when that
 * database could not be opened; the message names its directory. */
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
 * zero-width space or a bidi override), no default-ignorable (U+034F,
 * U+FE0F, U+3164, ...), private-use (Co) or unassigned (Cn) code points;
 * and, for a catalog code, not blank and neither beginning nor ending with
 * white space (Unicode White_Space, and U+2800 BRAILLE PATTERN BLANK), so
 * that no code looks like another. Spaces inside are allowed. A code
 * already in this
 * campaign or in another one of the builder is refused with
 * PROMO_ERR_INVALID_ARGUMENT and an error text naming both campaigns. */
PROMO_EXTERN promo_status promo_campaign_add_code(promo_campaign *c,
                                                  const char *code, size_t len);

/* The store in which catalogs built from now on count redemptions (R11);
 * the builder takes a reference (promo_store_retain) and so does every
 * catalog it builds. NULL (the default): each build makes a new in-memory
 * store with the builder's allocator, private to that catalog. Never
 * refused but for a NULL builder. */
PROMO_EXTERN promo_status promo_catalog_builder_set_store(
    promo_catalog_builder *builder, promo_store *store);

/*
 * Whether promo_catalog_build() also builds the catalog's hint index, which
 * the `hints` apply option needs (promo/apply.h): for every code, a key
 * that forgets white space, invisible characters, dashes, letter case and
 * lookalike characters (ICU: case folding, NFKC, confusable skeletons).
 * Off by default: it costs memory (8-byte slots, 10.7 to 21.3 bytes a code)
 * and time at build (about 14 000 instructions a code; bench/hints.md has
 * the figures). The setting stays for the builder's next builds.
 */
PROMO_EXTERN promo_status
promo_catalog_builder_set_hints(promo_catalog_builder *builder, bool enabled);

/*
 * Adds `count` codes to the campaign, all or nothing: as many calls of
 * promo_campaign_add_code() in order would, or, when one of them would be
 * refused, nothing at all. Then it returns that first refusal's status
 * (PROMO_ERR_INVALID_ARGUMENT for a bad code or one already listed,
 * earlier in `codes` included; PROMO_ERR_NO_MEMORY), with its error text,
 * and *refused (may be NULL) is its index in `codes`; the builder is as it
 * was. codes[i] is lens[i] bytes, need not be NUL-terminated; a NULL
 * codes[i] is a bad code.
 *
 * Faster than one call per code for large lists: each code is hashed once
 * and the builder's slots for the codes ahead are fetched from memory
 * while one is added, so that their cache misses overlap (promo_json reads
 * a codes file this way, 64 lines a call). PROMO_ERR_INVALID_ARGUMENT for a
 * NULL or stale handle, or NULL arrays when count > 0 (*refused is 0 then).
 */
PROMO_EXTERN promo_status promo_campaign_add_codes(size_t *refused,
                                                   promo_campaign *c,
                                                   const char *const *codes,
                                                   const size_t *lens,
                                                   size_t count);

/*
 * Checks every campaign (it has a discount and at least one code; its time
 * zone is one of the builder's zones), computes what apply needs
 * (redemption instants, the countries each campaign's regions contain, the
 * country and currency tables orders are checked against) and moves
 * everything into a new catalog in *out, holding one reference (the
 * caller's: release it with promo_catalog_release()); the catalog shares
 * the builder's zones (promo/zones.h). On success the builder is left
 * empty, zones aside, and may be reused or freed; the campaign handles it
 * gave out are stale (refused by every call). On failure the builder is as
 * it was.
 */
PROMO_EXTERN promo_status promo_catalog_build(promo_catalog **out,
                                              promo_catalog_builder *builder);

/* Takes one more reference to the catalog, for a holder that releases it
 * on its own schedule (a binding's object, another thread). Thread-safe.
 * PROMO_ERR_INVALID_ARGUMENT for NULL. */
PROMO_EXTERN promo_status promo_catalog_retain(promo_catalog *catalog);

/* Gives back one reference; the last one frees the catalog, which happens
 * only once no order uses it any more. Thread-safe. NULL is a no-op. */
PROMO_EXTERN void promo_catalog_release(promo_catalog *catalog);

/* The same as promo_catalog_release(), under the name C users expect: the
 * creator's reference goes, and with it the catalog once its orders are
 * freed. NULL is a no-op. */
PROMO_EXTERN void promo_catalog_free(promo_catalog *catalog);

/* The number of campaigns and of codes in the catalog. */
PROMO_EXTERN size_t promo_catalog_campaign_count(const promo_catalog *catalog);
PROMO_EXTERN size_t promo_catalog_code_count(const promo_catalog *catalog);

/* The id of campaign `index` (0 to promo_catalog_campaign_count() - 1, in
 * the order the campaigns were added) in *id: the catalog's own string,
 * valid for as long as the catalog is. For listing every campaign, as
 * `promo redemptions` does. PROMO_ERR_INVALID_ARGUMENT for a NULL argument
 * or an index out of range (*id unchanged). Thread-safe. */
PROMO_EXTERN promo_status promo_catalog_campaign_id(
    const char **id, const promo_catalog *catalog, size_t index);
/* Whether the catalog was built with its hint index
 * (promo_catalog_builder_set_hints()); false for NULL. */
PROMO_EXTERN bool promo_catalog_has_hints(const promo_catalog *catalog);

/*
 * Looks `code` (`len` bytes, need not be NUL-terminated) up byte for byte
 * (R1) and, when found, stores the id of its campaign in *campaign_id: the
 * catalog's own string, valid for as long as the catalog is (until its last
 * reference is released; copy it if you keep it longer). *campaign_id is set
 * only on PROMO_OK. Returns PROMO_OK; PROMO_ERR_CODE_NOT_FOUND;
 * PROMO_ERR_MALFORMED_CODE when the code fails R1's syntax (empty, not UTF-8,
 * longer than PROMO_CODE_MAX_BYTES, control or invisible characters);
 * PROMO_ERR_INVALID_ARGUMENT for a NULL argument. Thread-safe.
 */
PROMO_EXTERN promo_status promo_catalog_find_code(const char **campaign_id,
                                                  const promo_catalog *catalog,
                                                  const char *code, size_t len);

/*
 * Looks up `count` codes at once, each as promo_catalog_find_code() would:
 * statuses[i] is PROMO_OK, PROMO_ERR_CODE_NOT_FOUND or
 * PROMO_ERR_MALFORMED_CODE (PROMO_ERR_INVALID_ARGUMENT for a NULL
 * codes[i]), and campaign_ids[i] the id of the code's campaign on
 * PROMO_OK (the catalog's own string, as promo_catalog_find_code() gives
 * it), NULL otherwise. `codes[i]` is lens[i] bytes, need not be
 * NUL-terminated.
 *
 * Faster than one call per code on a large catalog: the codes are hashed
 * in groups of 16 and their buckets fetched from memory together, so that
 * the memory latencies of a group overlap (pass 16 codes or more per
 * call to benefit). Returns PROMO_OK when the arguments can be used,
 * whatever each code's status; PROMO_ERR_INVALID_ARGUMENT, with nothing
 * written, for a NULL catalog, or a NULL array when count > 0.
 * Thread-safe.
 */
PROMO_EXTERN promo_status promo_catalog_find_codes(const char **campaign_ids,
                                                   promo_status *statuses,
                                                   const promo_catalog *catalog,
                                                   const char *const *codes,
                                                   const size_t *lens,
                                                   size_t count);

/* The store the catalog counts redemptions in, without a new reference
 * (valid while the catalog is); NULL for a NULL catalog. Thread-safe. */
PROMO_EXTERN promo_store *promo_catalog_store(const promo_catalog *catalog);

/* A campaign's redemption counts, as read from the store. Versioned: set
 * `version` with PROMO_REDEMPTIONS_INIT or promo_redemptions_init() before
 * the call; the call fills the fields of that version. */
#define PROMO_REDEMPTIONS_VERSION 1
typedef struct promo_redemptions {
  unsigned int version;
  int64_t redeemed;        /* orders counted and not refunded */
  int64_t reserved;        /* reservations live now (store clock) */
  int64_t max_redemptions; /* the catalog's cap; 0: none */
} promo_redemptions;

#define PROMO_REDEMPTIONS_INIT                                                 \
  { PROMO_REDEMPTIONS_VERSION, 0, 0, 0 }

/* PROMO_REDEMPTIONS_VERSION, for bindings. */
PROMO_EXTERN unsigned int promo_redemptions_version(void);

/* Fills *r with zeros and `version` (1 up to PROMO_REDEMPTIONS_VERSION).
 * PROMO_ERR_INVALID_ARGUMENT for NULL or another version. */
PROMO_EXTERN promo_status promo_redemptions_init(promo_redemptions *r,
                                                 unsigned int version);

/*
 * Reads campaign `campaign_id`'s counts (R11) from the catalog's store at
 * the store clock's instant into *out. Returns PROMO_OK;
 * PROMO_ERR_INVALID_ARGUMENT for a NULL argument, an *out of unknown
 * version or a campaign the catalog does not have;
 * PROMO_ERR_STORE_UNAVAILABLE when the store cannot be read;
 * PROMO_ERR_NO_MEMORY. On failure *out is unchanged and, when `error` is not
 * NULL, error->text says why. Thread-safe.
 */
PROMO_EXTERN promo_status
promo_catalog_redemptions(promo_redemptions *out, const promo_catalog *catalog,
                          const char *campaign_id, promo_store_error *error);

#ifdef __cplusplus
}
#endif

#endif /* PROMO_CATALOG_H */
