/* test_region.c - R3 with ICU's region data: which order countries are real,
 * which campaign regions are accepted, and which countries a region holds. */
#include "region.h"
#include "support.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#define N_ROWS(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* ---- promo_country_index ------------------------------------------------ */

START_TEST(r3_country_index_maps_two_upper_case_letters_to_a_bit) {
  ck_assert_int_eq(promo_country_index("AA"), 0);
  ck_assert_int_eq(promo_country_index("AB"), 1);
  ck_assert_int_eq(promo_country_index("BA"), 26);
  ck_assert_int_eq(promo_country_index("NL"), 13 * 26 + 11);
  ck_assert_int_eq(promo_country_index("ZZ"), 26 * 26 - 1);
  ck_assert_int_eq(promo_country_index(NULL), -1);
  ck_assert_int_eq(promo_country_index(""), -1);
  ck_assert_int_eq(promo_country_index("N"), -1);
  ck_assert_int_eq(promo_country_index("nl"), -1);
  ck_assert_int_eq(promo_country_index("Nl"), -1);
  ck_assert_int_eq(promo_country_index("NLD"), -1);
  ck_assert_int_eq(promo_country_index("15"), -1);
  ck_assert_int_eq(promo_country_index("N\xc3\x96"), -1);
}
END_TEST

/* ---- promo_country_check ------------------------------------------------ */

static const struct {
  const char *country;
  promo_status expected;
  const char *what;
} COUNTRIES[] = {
    {"NL", PROMO_OK, "the Netherlands"},
    {"GB", PROMO_OK, "the United Kingdom"},
    {"US", PROMO_OK, "the United States"},
    {"XK", PROMO_OK, "Kosovo, a user-assigned code CLDR knows"},
    {"AC", PROMO_ERR_INVALID_ARGUMENT, "Ascension: CLDR only, ISO reserves"},
    {"CP", PROMO_ERR_INVALID_ARGUMENT, "Clipperton: CLDR only"},
    {"DG", PROMO_ERR_INVALID_ARGUMENT, "Diego Garcia: CLDR only"},
    {"EA", PROMO_ERR_INVALID_ARGUMENT, "Ceuta and Melilla: CLDR only"},
    {"IC", PROMO_ERR_INVALID_ARGUMENT, "Canary Islands: CLDR only (ES)"},
    {"TA", PROMO_ERR_INVALID_ARGUMENT, "Tristan da Cunha: CLDR only"},
    {"AQ", PROMO_OK, "Antarctica, a territory"},
    {"PR", PROMO_OK, "Puerto Rico, a territory"},
    {"nl", PROMO_ERR_INVALID_ARGUMENT, "lower case"},
    {"Nl", PROMO_ERR_INVALID_ARGUMENT, "mixed case"},
    {"ZZ", PROMO_ERR_INVALID_ARGUMENT, "unknown region"},
    {"QQ", PROMO_ERR_INVALID_ARGUMENT, "not assigned"},
    {"UK", PROMO_ERR_INVALID_ARGUMENT, "an alias of GB"},
    {"AN", PROMO_ERR_INVALID_ARGUMENT, "deprecated (Netherlands Antilles)"},
    {"YU", PROMO_ERR_INVALID_ARGUMENT, "deprecated (Yugoslavia)"},
    {"150", PROMO_ERR_INVALID_ARGUMENT, "Europe is no country"},
    {"EU", PROMO_ERR_INVALID_ARGUMENT, "the EU is no country"},
    {"EZ", PROMO_ERR_INVALID_ARGUMENT, "the euro area is no country"},
    {"QO", PROMO_ERR_INVALID_ARGUMENT, "Outlying Oceania is no country"},
    {"528", PROMO_ERR_INVALID_ARGUMENT, "the numeric code of NL"},
    {"", PROMO_ERR_INVALID_ARGUMENT, "empty"},
    {"N", PROMO_ERR_INVALID_ARGUMENT, "one letter"},
    {"NLD", PROMO_ERR_INVALID_ARGUMENT, "alpha-3"},
    {"NL ", PROMO_ERR_INVALID_ARGUMENT, "a trailing space"},
    {" NL", PROMO_ERR_INVALID_ARGUMENT, "a leading space"},
};

START_TEST(r3_order_country_must_be_a_real_iso_3166_territory) {
  const char *why = "unset";
  promo_status st = promo_country_check(COUNTRIES[_i].country, &why);
  ck_assert_msg(st == COUNTRIES[_i].expected, "'%s' (%s): %s",
                COUNTRIES[_i].country, COUNTRIES[_i].what,
                promo_status_name(st));
  if (st != PROMO_OK) {
    ck_assert_ptr_nonnull(why);
    ck_assert_uint_gt(strlen(why), 0);
  }
}
END_TEST

START_TEST(r3_country_check_says_why_a_code_is_refused) {
  const char *why = NULL;
  ck_assert_int_ne(promo_country_check("UK", &why), PROMO_OK);
  ck_assert_ptr_nonnull(strstr(why, "alias"));
  ck_assert_int_ne(promo_country_check("AN", &why), PROMO_OK);
  ck_assert_ptr_nonnull(strstr(why, "deprecated"));
  ck_assert_int_ne(promo_country_check("EU", &why), PROMO_OK);
  ck_assert_ptr_nonnull(strstr(why, "not a country"));
  ck_assert_int_ne(promo_country_check("nl", &why), PROMO_OK);
  ck_assert_ptr_nonnull(strstr(why, "upper-case"));
}
END_TEST

/* ---- promo_region_add --------------------------------------------------- */

static bool has(const promo_country_set *set, const char *country) {
  return promo_country_set_has(set, promo_country_index(country));
}

static int count_countries(const promo_country_set *set) {
  int n = 0;
  for (int i = 0; i < 26 * 26; i++) {
    n += promo_country_set_has(set, i) ? 1 : 0;
  }
  return n;
}

/* Each region with countries it must hold and countries it must not. */
static const struct {
  const char *region;
  const char *inside[8];
  const char *outside[8];
  int min_count, max_count;
} REGIONS[] = {
    {"NL", {"NL"}, {"BE", "DE", "AW", "SX"}, 1, 1},
    {"XK", {"XK"}, {"RS", "AL"}, 1, 1},
    {"AQ", {"AQ"}, {"AR", "AU"}, 1, 1},
    {"155", /* Western Europe */
     {"NL", "BE", "DE", "FR", "AT", "CH", "LU", "MC"},
     {"GB", "ES", "IT", "IE", "DK", "PL", "US"},
     5,
     15},
    {"150", /* Europe */
     {"NL", "GB", "ES", "NO", "CH", "IE", "PL", "UA"},
     {"US", "BR", "JP", "AU", "EG", "CA"},
     35,
     60},
    {"EU", /* the European Union */
     {"NL", "DE", "FR", "IE", "ES", "PL", "SE", "CY"},
     {"GB", "NO", "CH", "IS", "TR", "UA", "RS", "US"},
     27,
     27},
    {"419", /* Latin America and the Caribbean */
     {"BR", "MX", "AR", "CL", "CU", "PE", "CO", "JM"},
     {"US", "CA", "ES", "PT"},
     30,
     60},
    {"001", /* the world */
     {"NL", "US", "BR", "JP", "AQ", "XK", "NZ", "ZA"},
     {"UK", "ZZ", "AN", "EU", "QO"},
     240,
     260},
};

START_TEST(r3_region_holds_exactly_its_countries) {
  promo_country_set set = {{0}};
  const char *why = NULL;
  ck_assert_msg(promo_region_add(&set, REGIONS[_i].region, &why) == PROMO_OK,
                "%s: %s", REGIONS[_i].region, why == NULL ? "?" : why);
  for (int k = 0; k < 8 && REGIONS[_i].inside[k] != NULL; k++) {
    ck_assert_msg(has(&set, REGIONS[_i].inside[k]), "%s should hold %s",
                  REGIONS[_i].region, REGIONS[_i].inside[k]);
  }
  for (int k = 0; k < 8 && REGIONS[_i].outside[k] != NULL; k++) {
    ck_assert_msg(!has(&set, REGIONS[_i].outside[k]), "%s should not hold %s",
                  REGIONS[_i].region, REGIONS[_i].outside[k]);
  }
  int n = count_countries(&set);
  ck_assert_msg(n >= REGIONS[_i].min_count && n <= REGIONS[_i].max_count,
                "%s holds %d countries", REGIONS[_i].region, n);
}
END_TEST

START_TEST(r3_every_country_a_grouping_holds_is_itself_a_valid_country) {
  /* No alias, deprecated code or grouping leaks into a set as a country. */
  promo_country_set set = {{0}};
  const char *why = NULL;
  ck_assert_int_eq(promo_region_add(&set, "001", &why), PROMO_OK);
  for (int i = 0; i < 26 * 26; i++) {
    if (promo_country_set_has(&set, i)) {
      char code[3] = {(char)('A' + i / 26), (char)('A' + i % 26), '\0'};
      ck_assert_msg(promo_country_check(code, &why) == PROMO_OK,
                    "%s is in 001 but not a valid country: %s", code, why);
    }
  }
}
END_TEST

START_TEST(r3_regions_add_up_as_a_union) {
  promo_country_set set = {{0}};
  const char *why = NULL;
  ck_assert_int_eq(promo_region_add(&set, "NL", &why), PROMO_OK);
  ck_assert_int_eq(promo_region_add(&set, "BE", &why), PROMO_OK);
  ck_assert_int_eq(count_countries(&set), 2);
  ck_assert_int_eq(promo_region_add(&set, "155", &why), PROMO_OK);
  promo_country_set western = {{0}};
  ck_assert_int_eq(promo_region_add(&western, "155", &why), PROMO_OK);
  ck_assert_int_eq(memcmp(&set, &western, sizeof set), 0); /* NL, BE inside */
  ck_assert_int_eq(promo_region_add(&set, "JP", &why), PROMO_OK);
  ck_assert(has(&set, "JP"));
  ck_assert(has(&set, "FR"));
  ck_assert(!has(&set, "GB"));
  /* adding a region twice changes nothing */
  promo_country_set before = set;
  ck_assert_int_eq(promo_region_add(&set, "155", &why), PROMO_OK);
  ck_assert_int_eq(memcmp(&set, &before, sizeof set), 0);
}
END_TEST

static const struct {
  const char *region;
  const char *what;
} REFUSED[] = {
    {"ZZ", "unknown region"},
    {"UK", "alias of GB"},
    {"AN", "deprecated"},
    {"QQ", "not assigned"},
    {"999", "not an M.49 code"},
    {"528", "the numeric alias of NL"},
    {"IC", "the Canary Islands, a CLDR-only code"},
    {"nl", "lower case"},
    {"eu", "lower case grouping"},
    {"", "empty"},
    {"E", "one letter"},
    {"1500", "four digits"},
    {"EUR", "a currency"},
    {"NL ", "a trailing space"},
};

START_TEST(r3_bad_region_is_refused_and_leaves_the_set_unchanged) {
  promo_country_set set = {{0}};
  const char *why = NULL;
  ck_assert_int_eq(promo_region_add(&set, "NL", &why), PROMO_OK);
  ck_assert_int_eq(promo_region_add(&set, "419", &why), PROMO_OK);
  promo_country_set before = set;
  why = NULL;
  ck_assert_msg(promo_region_add(&set, REFUSED[_i].region, &why) ==
                    PROMO_ERR_INVALID_ARGUMENT,
                "'%s' (%s) was accepted", REFUSED[_i].region, REFUSED[_i].what);
  ck_assert_ptr_nonnull(why);
  ck_assert_int_eq(memcmp(&set, &before, sizeof set), 0);
}
END_TEST

/* Every code a region could be spelled as: two letters, three digits, and
 * with `letters3` three letters too (aliases such as "NLD" and "ZZZ"; no
 * region is spelled so). Calls f on each, with `ctx`. */
static void each_code(bool letters3, void (*f)(const char *code, void *ctx),
                      void *ctx) {
  char code[4] = {0};
  for (int a = 0; a < 26; a++) {
    for (int b = 0; b < 26; b++) {
      code[0] = (char)('A' + a);
      code[1] = (char)('A' + b);
      code[2] = '\0';
      f(code, ctx);
      for (int c = 0; c < 26 && letters3; c++) {
        code[2] = (char)('A' + c);
        f(code, ctx);
      }
    }
  }
  for (int n = 0; n < 1000; n++) {
    code[0] = (char)('0' + n / 100);
    code[1] = (char)('0' + n / 10 % 10);
    code[2] = (char)('0' + n % 10);
    f(code, ctx);
  }
}

static void suggestion_is_accepted(const char *code, void *ctx) {
  int *suggested = ctx;
  const char *use = promo_region_canonical(code);
  if (use == NULL) {
    return;
  }
  (*suggested)++;
  promo_country_set set = {{0}};
  const char *why = NULL;
  ck_assert_msg(promo_region_add(&set, use, &why) == PROMO_OK,
                "'%s' is suggested for '%s' but refused: %s", use, code, why);
  ck_assert_msg(promo_region_add(&set, code, &why) != PROMO_OK,
                "'%s' is accepted and has a suggestion", code);
}

/* Never suggest a value the library itself refuses: ICU maps "ZZZ" to
 * "ZZ" (unknown) and the suggestion "use 'ZZ'" would lead nowhere. */
START_TEST(r3_an_alias_is_suggested_only_when_its_target_is_accepted) {
  int suggested = 0;
  each_code(true, suggestion_is_accepted, &suggested);
  ck_assert_int_gt(suggested, 0);
  ck_assert_str_eq(promo_region_canonical("UK"), "GB");
  ck_assert_str_eq(promo_region_canonical("528"), "NL");
  ck_assert_ptr_null(promo_region_canonical("ZZZ"));
  ck_assert_ptr_null(promo_region_canonical("NL"));
  ck_assert_ptr_null(promo_region_canonical(NULL));
  promo_country_set set = {{0}};
  const char *why = NULL;
  ck_assert_int_eq(promo_region_add(&set, "ZZZ", &why),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_str_eq(why, "unknown region");
}
END_TEST

/* 200,000 mentions of "001" cost 30 s when each listed every country
 * through ICU: a build lists each distinct grouping once. */
START_TEST(r3_a_grouping_is_listed_once_however_often_it_is_named) {
  promo_region_cache cache;
  memset(&cache, 0, sizeof cache);
  promo_country_set set = {{0}};
  const char *why = NULL;
  for (int i = 0; i < 20000; i++) {
    ck_assert_int_eq(promo_region_add_cached(&set, &cache, "001", &why),
                     PROMO_OK);
    ck_assert_int_eq(promo_region_add_cached(&set, &cache, "155", &why),
                     PROMO_OK);
    ck_assert_int_eq(promo_region_add_cached(&set, &cache, "NL", &why),
                     PROMO_OK);
  }
  ck_assert_uint_eq(cache.listed, 2);
  ck_assert_uint_eq(cache.count, 2);
  /* The cached answer is the uncached one. */
  promo_country_set world = {{0}};
  ck_assert_int_eq(promo_region_add(&world, "001", &why), PROMO_OK);
  ck_assert_int_eq(memcmp(&set, &world, sizeof set), 0);
  promo_country_set western = {{0}};
  ck_assert_int_eq(promo_region_add_cached(&western, &cache, "155", &why),
                   PROMO_OK);
  promo_country_set uncached = {{0}};
  ck_assert_int_eq(promo_region_add(&uncached, "155", &why), PROMO_OK);
  ck_assert_int_eq(memcmp(&western, &uncached, sizeof set), 0);
  /* A refused code is not remembered, and stays refused. */
  ck_assert_int_eq(promo_region_add_cached(&set, &cache, "UK", &why),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_region_add_cached(&set, &cache, "UK", &why),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_uint_eq(cache.count, 2);
}
END_TEST

static void add_every_grouping(const char *code, void *ctx) {
  promo_region_cache *cache = ctx;
  promo_country_set set = {{0}};
  promo_country_set plain = {{0}};
  const char *why = NULL;
  promo_status st = promo_region_add_cached(&set, cache, code, &why);
  ck_assert_int_eq(promo_region_add(&plain, code, &why), st);
  ck_assert_int_eq(memcmp(&set, &plain, sizeof set), 0);
}

/* Every region twice through one cache: the same sets as without it, also
 * for groupings past the cache's size, if ICU ever has that many. */
START_TEST(r3_the_cache_changes_no_answer) {
  promo_region_cache cache;
  memset(&cache, 0, sizeof cache);
  each_code(false, add_every_grouping, &cache);
  size_t listed = cache.listed;
  ck_assert_uint_gt(listed, 10);
  each_code(false, add_every_grouping, &cache);
  ck_assert_uint_le(cache.count, PROMO_REGION_CACHE_MAX);
  if (listed <= PROMO_REGION_CACHE_MAX) {
    ck_assert_uint_eq(cache.listed, listed); /* nothing listed twice */
  }
}
END_TEST

START_TEST(r3_country_set_has_is_false_outside_the_alphabet) {
  promo_country_set set;
  memset(&set, 0xff, sizeof set);
  ck_assert(promo_country_set_has(&set, 0));
  ck_assert(promo_country_set_has(&set, 26 * 26 - 1));
  ck_assert(!promo_country_set_has(&set, -1));
  ck_assert(!promo_country_set_has(&set, 26 * 26));
  ck_assert(!promo_country_set_has(&set, 11 * 64 - 1));
}
END_TEST

int main(void) {
  Suite *s = suite_create("region");

  TCase *country = tcase_create("r3_country");
  tcase_add_test(country,
                 r3_country_index_maps_two_upper_case_letters_to_a_bit);
  tcase_add_loop_test(country,
                      r3_order_country_must_be_a_real_iso_3166_territory, 0,
                      N_ROWS(COUNTRIES));
  tcase_add_test(country, r3_country_check_says_why_a_code_is_refused);
  tcase_add_test(country, r3_country_set_has_is_false_outside_the_alphabet);
  suite_add_tcase(s, country);

  TCase *regions = tcase_create("r3_regions");
  tcase_add_loop_test(regions, r3_region_holds_exactly_its_countries, 0,
                      N_ROWS(REGIONS));
  tcase_add_test(regions,
                 r3_every_country_a_grouping_holds_is_itself_a_valid_country);
  tcase_add_test(regions, r3_regions_add_up_as_a_union);
  tcase_add_test(regions,
                 r3_an_alias_is_suggested_only_when_its_target_is_accepted);
  tcase_add_test(regions,
                 r3_a_grouping_is_listed_once_however_often_it_is_named);
  tcase_add_test(regions, r3_the_cache_changes_no_answer);
  tcase_add_loop_test(regions,
                      r3_bad_region_is_refused_and_leaves_the_set_unchanged, 0,
                      N_ROWS(REFUSED));
  suite_add_tcase(s, regions);

  return test_run_suite(s);
}
