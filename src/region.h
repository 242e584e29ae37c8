/* region.h - R3 with ICU's region data: countries, groupings, containment.
 * A campaign's regions are flattened into a set of countries when added, so
 * apply tests one bit. */
#ifndef PROMO_SRC_REGION_H
#define PROMO_SRC_REGION_H

#include <promo/status.h>

#include <stdbool.h>
#include <stdint.h>

/* One bit for each of the 26 × 26 alpha-2 codes. */
typedef struct promo_country_set {
  uint64_t bits[11];
} promo_country_set;

/* The bit index of an alpha-2 code ("NL"), or -1 if it is not two upper-case
 * ASCII letters. */
int promo_country_index(const char *country);

/* Whether `country` is an ISO 3166-1 alpha-2 code that ICU knows as a
 * territory, spelled canonically. CLDR's own territories that ISO does not
 * assign (AC, CP, DG, EA, IC, TA) are refused; Kosovo (XK) is accepted.
 * PROMO_ERR_INVALID_ARGUMENT with a static reason in *why otherwise. */
promo_status promo_country_check(const char *country, const char **why);

/* Adds to *set every country that `region` is or contains: a country, or a
 * UN M.49 / CLDR grouping ("150", "EU"). Unknown, "ZZ", deprecated, alias
 * and CLDR-only codes are refused, and then *set is unchanged; a grouping
 * adds only the countries promo_country_check() accepts. */
promo_status promo_region_add(promo_country_set *set, const char *region,
                              const char **why);

/* The groupings one catalog build has listed: each distinct grouping is
 * expanded through ICU once per build, however often campaigns name it
 * (200,000 mentions of "001" took 30 s). Fixed size, no allocation; should
 * a build name more than PROMO_REGION_CACHE_MAX distinct groupings (ICU
 * has about 40), the others are listed at each mention. Zero it to empty
 * it. */
#define PROMO_REGION_CACHE_MAX 64
typedef struct promo_region_cache {
  size_t count;
  size_t listed; /* groupings listed through ICU so far */
  char codes[PROMO_REGION_CACHE_MAX][4];
  promo_country_set sets[PROMO_REGION_CACHE_MAX];
} promo_region_cache;

/* promo_region_add(), through `cache` (NULL: none). */
promo_status promo_region_add_cached(promo_country_set *set,
                                     promo_region_cache *cache,
                                     const char *region, const char **why);

/* The code ICU spells `code` as, when `code` is an alias of it ("UK" ->
 * "GB", "528" -> "NL") and the library accepts that code as a region;
 * NULL when `code` is canonical, unknown, or an alias of a refused code
 * ("ZZZ" -> "ZZ"). An order must also check that it is a country ("QU" ->
 * "EU"). Static. */
const char *promo_region_canonical(const char *code);

bool promo_country_set_has(const promo_country_set *set, int index);

/* Fills *valid with every code promo_country_check() accepts, so that an
 * order's country is one bit to test. Asks ICU about all 676 codes. */
void promo_country_table_build(promo_country_set *valid);

#endif
