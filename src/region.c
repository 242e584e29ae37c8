/* region.c - regions and their containment, from ICU's CLDR data. */
#include "region.h"
#include "icu_status.h"

#include <string.h>
#include <unicode/uenum.h>
#include <unicode/uregion.h>

int promo_country_index(const char *country) {
  if (country == NULL || country[0] < 'A' || country[0] > 'Z' ||
      country[1] < 'A' || country[1] > 'Z' || country[2] != '\0') {
    return -1;
  }
  return (country[0] - 'A') * 26 + (country[1] - 'A');
}

static void set_add(promo_country_set *set, int index) {
  set->bits[index / 64] |= UINT64_C(1) << (index % 64);
}

bool promo_country_set_has(const promo_country_set *set, int index) {
  if (index < 0 || index >= 26 * 26) {
    return false;
  }
  return (set->bits[index / 64] >> (index % 64)) & 1u;
}

static const char UNKNOWN[] = "unknown region";

/* Territories CLDR knows but ISO 3166-1 does not assign: Ascension (AC),
 * Clipperton (CP), Diego Garcia (DG), Ceuta and Melilla (EA), the Canary
 * Islands (IC) and Tristan da Cunha (TA), which ISO reserves for other
 * uses. An order from one of them is an order from its ISO country. Kosovo
 * (XK), user-assigned but what every payment network uses, is kept. */
static bool cldr_only(const char *code) {
  static const char CODES[][3] = {"AC", "CP", "DG", "EA", "IC", "TA"};
  for (size_t i = 0; i < sizeof CODES / sizeof CODES[0]; i++) {
    if (strcmp(code, CODES[i]) == 0) {
      return true;
    }
  }
  return false;
}

static const char CLDR_ONLY[] = "not an ISO 3166-1 country (a CLDR-only code)";

/* The ICU region for `code` when it is known, current and spelled the way
 * ICU spells it itself; NULL with a reason otherwise. */
static const URegion *lookup(const char *code, const char **why) {
  size_t len = strlen(code);
  if (len < 2 || len > 3) {
    *why = "not a region code";
    return NULL;
  }
  UErrorCode err = U_ZERO_ERROR;
  const URegion *r = uregion_getRegionFromCode(code, &err);
  if (U_FAILURE(err) || r == NULL) {
    *why = UNKNOWN;
    return NULL;
  }
  URegionType type = uregion_getType(r);
  if (type == URGN_UNKNOWN) {
    *why = UNKNOWN;
    return NULL;
  }
  if (type == URGN_DEPRECATED) {
    *why = "deprecated region code";
    return NULL;
  }
  if (strcmp(uregion_getRegionCode(r), code) != 0) {
    /* An alias of a code that is refused itself ("ZZZ" of "ZZ") is no
     * better known than that code. */
    *why = promo_region_canonical(code) != NULL
               ? "an alias: use the canonical code"
               : UNKNOWN;
    return NULL;
  }
  return r;
}

promo_status promo_country_check(const char *country, const char **why) {
  if (promo_country_index(country) < 0) {
    *why = "not an upper-case ISO 3166-1 alpha-2 code";
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  const URegion *r = lookup(country, why);
  if (r == NULL) {
    if (*why == UNKNOWN) {
      *why = "unknown country";
    }
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  if (uregion_getType(r) != URGN_TERRITORY) {
    *why = "not a country or territory";
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  if (cldr_only(country)) {
    *why = CLDR_ONLY;
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  return PROMO_OK;
}

void promo_country_table_build(promo_country_set *valid) {
  memset(valid, 0, sizeof *valid);
  char code[3] = {0, 0, 0};
  for (int a = 0; a < 26; a++) {
    for (int b = 0; b < 26; b++) {
      code[0] = (char)('A' + a);
      code[1] = (char)('A' + b);
      const char *why = NULL;
      if (promo_country_check(code, &why) == PROMO_OK) {
        set_add(valid, promo_country_index(code));
      }
    }
  }
}

promo_status promo_region_add(promo_country_set *set, const char *region,
                              const char **why) {
  return promo_region_add_cached(set, NULL, region, why);
}

/* The countries grouping `region` holds, if a build has listed them. */
static const promo_country_set *cached(const promo_region_cache *cache,
                                       const char *region) {
  for (size_t i = 0; cache != NULL && i < cache->count; i++) {
    if (strcmp(cache->codes[i], region) == 0) {
      return &cache->sets[i];
    }
  }
  return NULL;
}

static void remember(promo_region_cache *cache, const char *region,
                     const promo_country_set *set) {
  if (cache != NULL && cache->count < PROMO_REGION_CACHE_MAX) {
    memcpy(cache->codes[cache->count], region, strlen(region) + 1);
    cache->sets[cache->count++] = *set;
  }
}

static void set_union(promo_country_set *set, const promo_country_set *more) {
  for (size_t i = 0; i < sizeof set->bits / sizeof set->bits[0]; i++) {
    set->bits[i] |= more->bits[i];
  }
}

promo_status promo_region_add_cached(promo_country_set *set,
                                     promo_region_cache *cache,
                                     const char *region, const char **why) {
  const promo_country_set *known = cached(cache, region);
  if (known != NULL) {
    set_union(set, known);
    return PROMO_OK;
  }
  const URegion *r = lookup(region, why);
  if (r == NULL) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  if (uregion_getType(r) == URGN_TERRITORY) {
    int index = promo_country_index(region);
    if (cldr_only(region)) {
      *why = CLDR_ONLY;
      return PROMO_ERR_INVALID_ARGUMENT;
    }
    if (index < 0) {
      *why = "not a region code";
      return PROMO_ERR_INVALID_ARGUMENT;
    }
    set_add(set, index);
    return PROMO_OK;
  }
  UErrorCode err = U_ZERO_ERROR;
  if (cache != NULL) {
    cache->listed++;
  }
  UEnumeration *all =
      uregion_getContainedRegionsOfType(r, URGN_TERRITORY, &err);
  if (U_FAILURE(err)) {
    *why = "cannot list the region's countries";
    return promo_status_of_icu(err);
  }
  promo_country_set more = {{0}};
  const char *code;
  while ((code = uenum_next(all, NULL, &err)) != NULL && U_SUCCESS(err)) {
    int index = promo_country_index(code);
    if (index >= 0 && !cldr_only(code)) {
      set_add(&more, index);
    }
  }
  uenum_close(all);
  if (U_FAILURE(err)) {
    *why = "cannot list the region's countries";
    return promo_status_of_icu(err);
  }
  remember(cache, region, &more);
  set_union(set, &more);
  return PROMO_OK;
}

const char *promo_region_canonical(const char *code) {
  if (code == NULL) {
    return NULL;
  }
  UErrorCode err = U_ZERO_ERROR;
  const URegion *r = uregion_getRegionFromCode(code, &err);
  if (U_FAILURE(err) || r == NULL) {
    return NULL;
  }
  const char *canonical = uregion_getRegionCode(r);
  if (strcmp(canonical, code) == 0) {
    return NULL;
  }
  /* Suggest only a code the library takes: ICU maps "ZZZ" to "ZZ" and
   * "QU" to "EU", which are refused as regions or as countries. */
  const char *why = NULL;
  const URegion *target = lookup(canonical, &why);
  if (target == NULL || cldr_only(canonical)) {
    return NULL;
  }
  return canonical;
}
