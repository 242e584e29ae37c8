/* test_hint.c - typo diagnosis (issue 12): a code that is not found, or is
 * malformed, gets the hints that say how it differs from a catalog code,
 * found with ICU (case folding, Dash, White_Space, default-ignorables,
 * NFKC, confusable skeletons). A hint never accepts a code, never names
 * the catalog code, and a code that is right, in any script, is never
 * "corrected". The work per code is bounded whatever the input. */
#include "catalog_impl.h"
#include "code_forms.h"
#include "hint_index.h"
#include "support.h"

#include <check.h>
#include <stdio.h>
#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define MUST(call) ck_assert_int_eq((call), PROMO_OK)

#define WS (1u << PROMO_HINT_WHITE_SPACE)
#define DASH (1u << PROMO_HINT_DASH)
#define CASE (1u << PROMO_HINT_LETTER_CASE)
#define LOOK (1u << PROMO_HINT_LOOKALIKE)

/* Codes in several scripts; each campaign has one code. */
static const char *const CODES[] = {
    "SPRING-2026",
    "WINTER\xe2\x80\x93"
    "2026", /* en dash */
    "STRASSE-10",
    "\xd0\xa1\xd0\x9a\xd0\x98\xd0\x94\xd0\x9a\xd0\x90-2026", /* СКИДКА */
    "\xce\xa0\xce\xa1\xce\x9f\xce\xa3\xce\xa6\xce\x9f\xce\xa1\xce\x91-26",
    /* ΠΡΟΣΦΟΡΑ */
    "\xe3\x82\xbb\xe3\x83\xbc\xe3\x83\xab\xef\xbc\x92\xef\xbc\x90\xef\xbc\x92"
    "\xef\xbc\x96", /* セール２０２６, full-width digits */
    "\xe6\x98\xa5\xe3\x81\xae\xe3\x82\xbb\xe3\x83\xbc\xe3\x83\xab", /* 春のセール
                                                                     */
    "\xd8\xae\xd8\xb5\xd9\x85-\xd9\xa2\xd9\xa0\xd9\xa2\xd9\xa6", /* خصم-٢٠٢٦ */
    "\xd8\xaa\xd8\xae\xd9\x81\xd9\x8a\xd8\xb6\xd9\xa4", /* تخفيض٤ */
};

static promo_catalog *hint_catalog(bool with_index) {
  promo_catalog_builder *b = NULL;
  MUST(promo_catalog_builder_new(&b, NULL));
  MUST(promo_catalog_builder_set_hints(b, with_index));
  for (size_t i = 0; i < COUNT(CODES); i++) {
    char id[16];
    (void)snprintf(id, sizeof id, "c%zu", i);
    promo_campaign *c = NULL;
    MUST(promo_catalog_builder_add_campaign(&c, b, id));
    MUST(promo_campaign_set_percent_bps(c, 1000));
    MUST(promo_campaign_add_code(c, CODES[i], strlen(CODES[i])));
  }
  promo_catalog *cat = NULL;
  MUST(promo_catalog_build(&cat, b));
  promo_catalog_builder_free(b);
  return cat;
}

static promo_order *order_on(promo_catalog *cat) {
  promo_order *o = NULL;
  MUST(promo_order_new(&o, cat));
  MUST(promo_order_set_country(o, "NL"));
  MUST(promo_order_set_currency(o, "EUR"));
  MUST(promo_order_set_placed_at(o, test_utc(2026, 3, 15, 10, 0, 0)));
  MUST(promo_order_add_line(NULL, o, "sub-1", "O365_E3", true,
                            PROMO_TERM_ANNUAL, 1, 1000));
  return o;
}

static promo_apply_options hints_on(void) {
  promo_apply_options o = PROMO_APPLY_OPTIONS_INIT;
  o.hints = true;
  return o;
}

/* ---- names and sentences ------------------------------------------------ */

START_TEST(hint_names_are_pinned_and_an_unknown_hint_is_safe) {
  static const char *const NAMES[] = {"none", "white_space", "dash",
                                      "letter_case", "lookalike"};
  ck_assert_uint_eq(promo_hint_count(), PROMO_HINT_COUNT);
  ck_assert_uint_eq(COUNT(NAMES), PROMO_HINT_COUNT);
  for (unsigned h = 0; h < PROMO_HINT_COUNT; h++) {
    ck_assert_str_eq(promo_hint_name((promo_hint)h), NAMES[h]);
  }
  ck_assert_str_eq(promo_hint_name((promo_hint)PROMO_HINT_COUNT),
                   "unknown_hint");
  ck_assert_str_eq(promo_hint_name((promo_hint)-1), "unknown_hint");
  ck_assert_str_eq(promo_hint_message((promo_hint)99, "nl"), "");
}
END_TEST

START_TEST(every_hint_has_a_sentence_in_every_language_none_has_none) {
  ck_assert_uint_eq(promo_message_locale_count(), 2);
  ck_assert_str_eq(promo_message_locale(0), "en");
  ck_assert_str_eq(promo_message_locale(1), "nl");
  ck_assert_ptr_null(promo_message_locale(2));
  for (size_t l = 0; l < promo_message_locale_count(); l++) {
    const char *locale = promo_message_locale(l);
    ck_assert_str_eq(promo_hint_message(PROMO_HINT_NONE, locale), "");
    for (unsigned h = 1; h < PROMO_HINT_COUNT; h++) {
      const char *text = promo_hint_message((promo_hint)h, locale);
      ck_assert_uint_gt(strlen(text), 20);
      /* The two languages differ: nothing is left untranslated. */
      ck_assert_str_ne(text,
                       promo_hint_message((promo_hint)h, l == 0 ? "nl" : "en"));
    }
  }
  ck_assert_str_eq(promo_hint_message(PROMO_HINT_LETTER_CASE, "nl-BE"),
                   promo_hint_message(PROMO_HINT_LETTER_CASE, "nl"));
  ck_assert_str_eq(promo_hint_message(PROMO_HINT_LETTER_CASE, "fr"),
                   promo_hint_message(PROMO_HINT_LETTER_CASE, "en"));
  ck_assert_str_eq(promo_hint_message(PROMO_HINT_LETTER_CASE, NULL),
                   promo_hint_message(PROMO_HINT_LETTER_CASE, "en"));
}
END_TEST

/* ---- each hint ---------------------------------------------------------- */

static const struct {
  const char *why;
  const char *entered;
  uint32_t hints;
  promo_status status;
} TYPOS[] = {
    /* Letter case, with full Unicode folding. */
    {"lower case", "spring-2026", CASE, PROMO_ERR_CODE_NOT_FOUND},
    {"one letter", "Spring-2026", CASE, PROMO_ERR_CODE_NOT_FOUND},
    {"sharp s folds to ss",
     "Stra\xc3\x9f"
     "e-10",
     CASE, PROMO_ERR_CODE_NOT_FOUND},
    {"Greek small letters",
     "\xcf\x80\xcf\x81\xce\xbf\xcf\x83\xcf\x86\xce\xbf\xcf\x81\xce\xb1-26",
     CASE, PROMO_ERR_CODE_NOT_FOUND},
    {"Cyrillic small letters",
     "\xd1\x81\xd0\xba\xd0\xb8\xd0\xb4\xd0\xba\xd0\xb0-2026", CASE,
     PROMO_ERR_CODE_NOT_FOUND},
    /* Dashes: every Dash character for a hyphen-minus, and the reverse. */
    {"en dash",
     "SPRING\xe2\x80\x93"
     "2026",
     DASH, PROMO_ERR_CODE_NOT_FOUND},
    {"em dash",
     "SPRING\xe2\x80\x94"
     "2026",
     DASH, PROMO_ERR_CODE_NOT_FOUND},
    {"minus sign",
     "SPRING\xe2\x88\x92"
     "2026",
     DASH, PROMO_ERR_CODE_NOT_FOUND},
    {"U+2010 hyphen",
     "SPRING\xe2\x80\x90"
     "2026",
     DASH, PROMO_ERR_CODE_NOT_FOUND},
    {"non-breaking hyphen",
     "SPRING\xe2\x80\x91"
     "2026",
     DASH, PROMO_ERR_CODE_NOT_FOUND},
    {"small hyphen-minus",
     "SPRING\xef\xb9\xa3"
     "2026",
     DASH, PROMO_ERR_CODE_NOT_FOUND},
    {"a hyphen-minus where the catalog has an en dash", "WINTER-2026", DASH,
     PROMO_ERR_CODE_NOT_FOUND},
    /* White space at the edges, invisible characters anywhere: those the
     * customer's R1 refuses are malformed, and get the hint all the same. */
    {"leading space", " SPRING-2026", WS, PROMO_ERR_CODE_NOT_FOUND},
    {"trailing spaces", "SPRING-2026  ", WS, PROMO_ERR_CODE_NOT_FOUND},
    {"no-break space", "\xc2\xa0SPRING-2026", WS, PROMO_ERR_CODE_NOT_FOUND},
    {"ideographic space", "SPRING-2026\xe3\x80\x80", WS,
     PROMO_ERR_CODE_NOT_FOUND},
    {"pasted line break", "SPRING-2026\n", WS, PROMO_ERR_MALFORMED_CODE},
    {"pasted CR LF and tab", "\tSPRING-2026\r\n", WS, PROMO_ERR_MALFORMED_CODE},
    {"byte order mark", "\xef\xbb\xbfSPRING-2026", WS,
     PROMO_ERR_MALFORMED_CODE},
    {"zero-width space inside", "SPRING\xe2\x80\x8b-2026", WS,
     PROMO_ERR_MALFORMED_CODE},
    {"soft hyphen inside", "SPR\xc2\xadING-2026", WS, PROMO_ERR_MALFORMED_CODE},
    /* Lookalikes: UTS 39 skeletons and NFKC. */
    {"Cyrillic DZE and ER for S and P", "\xd0\x85\xd0\xa0RING-2026", LOOK,
     PROMO_ERR_CODE_NOT_FOUND},
    {"Greek capital iota", "SPR\xce\x99NG-2026", LOOK,
     PROMO_ERR_CODE_NOT_FOUND},
    {"letter O for zero", "SPRING-2O26", LOOK, PROMO_ERR_CODE_NOT_FOUND},
    {"small l for I", "SPRlNG-2026", LOOK, PROMO_ERR_CODE_NOT_FOUND},
    {"digit 1 for I", "SPR1NG-2026", LOOK, PROMO_ERR_CODE_NOT_FOUND},
    {"full-width forms",
     "\xef\xbc\xb3\xef\xbc\xb0\xef\xbc\xb2\xef\xbc\xa9\xef\xbc\xae\xef\xbc\xa7"
     "-\xef\xbc\x92\xef\xbc\x90\xef\xbc\x92\xef\xbc\x96",
     LOOK, PROMO_ERR_CODE_NOT_FOUND},
    {"Latin letters in a Cyrillic code", "CK\xd0\x98\xd0\x94KA-2026", LOOK,
     PROMO_ERR_CODE_NOT_FOUND},
    {"ASCII digits where the catalog has full-width ones",
     "\xe3\x82\xbb\xe3\x83\xbc\xe3\x83\xab"
     "2026",
     LOOK, PROMO_ERR_CODE_NOT_FOUND},
    {"Persian four for the Arabic-Indic four",
     "\xd8\xaa\xd8\xae\xd9\x81\xd9\x8a\xd8\xb6\xdb\xb4", LOOK,
     PROMO_ERR_CODE_NOT_FOUND},
    /* Several at once: the smallest set that explains the difference. */
    {"case and dash",
     "spring\xe2\x80\x93"
     "2026",
     DASH | CASE, PROMO_ERR_CODE_NOT_FOUND},
    {"case and a lookalike", "sprlng-2026", CASE | LOOK,
     PROMO_ERR_CODE_NOT_FOUND},
    {"space, dash and case",
     "  spring\xe2\x80\x94"
     "2026",
     WS | DASH | CASE, PROMO_ERR_CODE_NOT_FOUND},
    /* Nothing close: no hint. */
    {"another code", "NOPE", 0, PROMO_ERR_CODE_NOT_FOUND},
    {"another digit", "SPRING-2027", 0, PROMO_ERR_CODE_NOT_FOUND},
    {"a prefix", "SPRING", 0, PROMO_ERR_CODE_NOT_FOUND},
    {"ASCII digits are not Arabic-Indic ones", "\xd8\xae\xd8\xb5\xd9\x85-2026",
     0, PROMO_ERR_CODE_NOT_FOUND},
    {"a space inside is not at an edge", "SPRING -2026", 0,
     PROMO_ERR_CODE_NOT_FOUND},
    {"a control character alone", "\x01", 0, PROMO_ERR_MALFORMED_CODE},
};

START_TEST(each_typo_gets_the_hints_that_explain_it_and_nothing_more) {
  promo_catalog *cat = hint_catalog(true);
  promo_order *o = order_on(cat);
  promo_result *r = NULL;
  MUST(promo_result_new(&r, NULL));
  promo_apply_options opts = hints_on();
  const char *code = TYPOS[_i].entered;
  promo_status st = promo_apply(r, o, code, strlen(code), &opts);
  ck_assert_msg(st == TYPOS[_i].status, "%s: %s", TYPOS[_i].why,
                promo_status_name(st));
  ck_assert_msg(promo_result_hints(r) == TYPOS[_i].hints,
                "%s: hints %#x, expected %#x", TYPOS[_i].why,
                promo_result_hints(r), TYPOS[_i].hints);
  /* The hint is the first of the set, and the customer's when not
   * anonymous. */
  promo_hint first = PROMO_HINT_NONE;
  for (unsigned h = PROMO_HINT_COUNT - 1; h > 0; h--) {
    if (TYPOS[_i].hints & (1u << h)) {
      first = (promo_hint)h;
    }
  }
  ck_assert_int_eq(promo_result_hint(r), first);
  ck_assert_int_eq(promo_result_customer_hint(r), first);
  /* Never accepted, never revealed. */
  ck_assert_ptr_null(promo_result_campaign(r));
  ck_assert_int_eq(promo_result_discount(r), 0);
  ck_assert_int_ne(promo_result_line_status(r, 0), PROMO_OK);
  ck_assert_ptr_null(promo_order_line_promo_code(o, 0));
  promo_result_info info;
  MUST(promo_result_get(&info, sizeof info, r));
  ck_assert_uint_eq(info.hints, TYPOS[_i].hints);
  ck_assert_int_eq(info.hint, first);
  ck_assert_int_eq(info.customer_hint, first);
  if (st == PROMO_ERR_CODE_NOT_FOUND) {
    ck_assert_str_eq(promo_result_code(r), code); /* as entered */
  }
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(a_right_code_in_any_script_is_found_and_never_corrected) {
  promo_catalog *cat = hint_catalog(true);
  promo_order *o = order_on(cat);
  promo_result *r = NULL;
  MUST(promo_result_new(&r, NULL));
  promo_apply_options opts = hints_on();
  opts.dry_run = true;
  /* Every code of the catalog: Latin, an en dash, Cyrillic, Greek,
   * Japanese with full-width digits, Japanese, Arabic with Arabic-Indic
   * digits. */
  for (size_t i = 0; i < COUNT(CODES); i++) {
    ck_assert_msg(promo_apply(r, o, CODES[i], strlen(CODES[i]), &opts) ==
                      PROMO_OK,
                  "%s", CODES[i]);
    ck_assert_int_eq(promo_result_hint(r), PROMO_HINT_NONE);
    ck_assert_uint_eq(promo_result_hints(r), 0);
  }
  /* A code right in its own script that no catalog code resembles gets no
   * hint either: it is simply not found. */
  /* ПРОМО, ΕΚΠΤΩΣΗ, 冬のセール (a winter sale, where the catalog has a spring
   * one), خصم-٢٠٢٧ (the catalog's code has 2026). */
  static const char *const STRANGERS[] = {
      "\xd0\x9f\xd0\xa0\xd0\x9e\xd0\x9c\xd0\x9e",
      "\xce\x95\xce\x9a\xce\xa0\xce\xa4\xce\xa9\xce\xa3\xce\x97",
      "\xe5\x86\xac\xe3\x81\xae\xe3\x82\xbb\xe3\x83\xbc\xe3\x83\xab",
      "\xd8\xae\xd8\xb5\xd9\x85-\xd9\xa2\xd9\xa0\xd9\xa2\xd9\xa7",
  };
  for (size_t i = 0; i < COUNT(STRANGERS); i++) {
    ck_assert_int_eq(
        promo_apply(r, o, STRANGERS[i], strlen(STRANGERS[i]), &opts),
        PROMO_ERR_CODE_NOT_FOUND);
    ck_assert_msg(promo_result_hints(r) == 0, "%s: %#x", STRANGERS[i],
                  promo_result_hints(r));
  }
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(hints_are_off_unless_asked_and_refused_without_the_index) {
  promo_catalog *with = hint_catalog(true);
  promo_catalog *without = hint_catalog(false);
  ck_assert(promo_catalog_has_hints(with));
  ck_assert(!promo_catalog_has_hints(without));
  ck_assert(!promo_catalog_has_hints(NULL));
  ck_assert_int_eq(promo_result_hint(NULL), PROMO_HINT_NONE);
  ck_assert_uint_eq(promo_result_hints(NULL), 0);
  ck_assert_int_eq(promo_catalog_builder_set_hints(NULL, true),
                   PROMO_ERR_INVALID_ARGUMENT);
  promo_order *o = order_on(with);
  promo_result *r = NULL;
  MUST(promo_result_new(&r, NULL));
  /* Not asked: no hint, even with the index. */
  ck_assert_int_eq(promo_apply(r, o, "spring-2026", 11, NULL),
                   PROMO_ERR_CODE_NOT_FOUND);
  ck_assert_uint_eq(promo_result_hints(r), 0);
  promo_order_free(o);
  /* Asked of a catalog without the index: the caller's mistake, said. */
  o = order_on(without);
  promo_apply_options opts = hints_on();
  ck_assert_int_eq(promo_apply(r, o, "spring-2026", 11, &opts),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_ptr_nonnull(strstr(promo_result_error(r), "hint index"));
  /* The exact match works the same with or without it. */
  ck_assert_int_eq(promo_apply(r, o, "SPRING-2026", 11, NULL), PROMO_OK);
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(with);
  promo_catalog_free(without);
}
END_TEST

START_TEST(an_options_struct_of_version_1_asks_for_no_hint) {
  promo_catalog *cat = hint_catalog(true);
  promo_order *o = order_on(cat);
  promo_result *r = NULL;
  MUST(promo_result_new(&r, NULL));
  /* A caller built against version 1 passes a struct that ends at dry_run:
   * what lies past it (here: hints set) is not read. */
  promo_apply_options opts = hints_on();
  opts.explain = true;
  opts.anonymous = true;
  opts.version = 1;
  ck_assert_int_eq(promo_apply(r, o, "spring-2026", 11, &opts),
                   PROMO_ERR_CODE_NOT_FOUND);
  ck_assert_uint_eq(promo_result_hints(r), 0);
  ck_assert(!promo_result_explained(r));
  ck_assert(!promo_result_anonymous(r));
  opts.version = 2;
  ck_assert_int_eq(promo_apply(r, o, "spring-2026", 11, &opts),
                   PROMO_ERR_CODE_NOT_FOUND);
  ck_assert_uint_eq(promo_result_hints(r), CASE);
  promo_result_free(r);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

/* ---- the index and its bounds ------------------------------------------- */

START_TEST(the_index_costs_at_most_22_bytes_a_code_and_copies_no_code) {
  static const size_t SIZES[] = {1, 12, 13, 1000, 3073};
  for (size_t k = 0; k < COUNT(SIZES); k++) {
    promo_catalog_builder *b = NULL;
    MUST(promo_catalog_builder_new(&b, NULL));
    MUST(promo_catalog_builder_set_hints(b, true));
    promo_campaign *c = NULL;
    MUST(promo_catalog_builder_add_campaign(&c, b, "bulk"));
    MUST(promo_campaign_set_percent_bps(c, 1000));
    for (size_t i = 0; i < SIZES[k]; i++) {
      char code[16];
      int n = snprintf(code, sizeof code, "BULK-%06zu", i);
      MUST(promo_campaign_add_code(c, code, (size_t)n));
    }
    promo_catalog *cat = NULL;
    MUST(promo_catalog_build(&cat, b));
    const promo_hint_index *hx = &cat->hints;
    size_t slots = hx->mask + 1;
    ck_assert_uint_eq(hx->count, SIZES[k]);
    ck_assert_uint_le(hx->count * 4, slots * 3); /* at most 3/4 full */
    if (SIZES[k] > 12) {
      /* ... and more than 3/8 full: under 22 bytes a code. */
      ck_assert_uint_gt(hx->count * 8, slots * 3);
      ck_assert_uint_lt(slots * sizeof(uint64_t), 22 * hx->count);
    }
    promo_catalog_free(cat);
    promo_catalog_builder_free(b);
  }
}
END_TEST

/* A catalog where many codes share one loose form. */
static promo_catalog *crowded_catalog(void) {
  static const char *const SAME[] = {
      "AB-1",
      "ab-1",
      "Ab-1",
      "aB-1",
      "\xd0\x90\xd0\x92-1", /* АВ, Cyrillic */
      "\xce\x91\xce\x92-1", /* ΑΒ, Greek */
      "AB\xe2\x80\x93"
      "1",
      "ab\xe2\x80\x93"
      "1",
      "AB\xe2\x80\x94"
      "1",
      "AB-l",
      "ab-l",
      "AB-I",
      "\xef\xbc\xa1\xef\xbc\xa2-1",
      "A B-1",
  };
  promo_catalog_builder *b = NULL;
  MUST(promo_catalog_builder_new(&b, NULL));
  MUST(promo_catalog_builder_set_hints(b, true));
  promo_campaign *c = NULL;
  MUST(promo_catalog_builder_add_campaign(&c, b, "crowd"));
  MUST(promo_campaign_set_percent_bps(c, 1000));
  for (size_t i = 0; i < COUNT(SAME); i++) {
    MUST(promo_campaign_add_code(c, SAME[i], strlen(SAME[i])));
  }
  promo_catalog *cat = NULL;
  MUST(promo_catalog_build(&cat, b));
  promo_catalog_builder_free(b);
  return cat;
}

static void expect_bounded(const promo_catalog *cat, const char *code,
                           size_t len, uint32_t *hints) {
  promo_hint_cost cost;
  MUST(promo_hint_diagnose(hints, &cat->hints, &cat->codes, code, len, &cost));
  ck_assert_uint_le(cost.probes, PROMO_HINT_MAX_PROBES);
  ck_assert_uint_le(cost.candidates, PROMO_HINT_MAX_CANDIDATES);
  ck_assert_uint_le(cost.forms, PROMO_HINT_MAX_FORMS);
}

START_TEST(diagnosis_work_is_bounded_whatever_the_code) {
  promo_catalog *cat = crowded_catalog();
  uint32_t hints = 0;
  /* Fourteen codes share the form of "ab-1": at most eight are weighed,
   * and one of them explains this one. */
  const char *near = "\xd0\xb0\xd0\xb2\xe2\x80\x93"
                     "1";
  expect_bounded(cat, near, strlen(near), &hints);
  ck_assert_uint_ne(hints, 0);
  promo_hint_cost cost;
  MUST(promo_hint_diagnose(&hints, &cat->hints, &cat->codes, "aB\xe2\x88\x92l",
                           6, &cost));
  ck_assert_uint_eq(cost.candidates, PROMO_HINT_MAX_CANDIDATES);
  /* Longer than a code and its white space: not even looked at. */
  char code[PROMO_HINT_INPUT_MAX + 1];
  memset(code, 'A', sizeof code);
  MUST(promo_hint_diagnose(&hints, &cat->hints, &cat->codes, code, sizeof code,
                           &cost));
  ck_assert_uint_eq(hints, 0);
  ck_assert_uint_eq(cost.forms + cost.probes + cost.candidates, 0);
  /* Characters that NFKC expands eighteenfold (U+FDFA): the form would
   * outgrow its room, so there is none, and no hint. */
  size_t n = 0;
  while (n + 3 <= PROMO_HINT_INPUT_MAX) {
    memcpy(code + n, "\xef\xb7\xba", 3);
    n += 3;
  }
  expect_bounded(cat, code, n, &hints);
  ck_assert_uint_eq(hints, 0);
  /* Not UTF-8: no form, no hint. */
  expect_bounded(cat, "AB\xff-1", 5, &hints);
  ck_assert_uint_eq(hints, 0);
  /* Every byte value in every position of a short code. */
  for (unsigned at = 0; at < 4; at++) {
    for (unsigned v = 0; v < 256; v++) {
      char probe[4] = {'a', 'b', '-', '1'};
      probe[at] = (char)v;
      expect_bounded(cat, probe, 4, &hints);
    }
  }
  promo_catalog_free(cat);
}
END_TEST

START_TEST(a_catalog_code_too_wide_for_a_form_is_left_out_of_the_index) {
  /* 21 × U+FDFA: 63 bytes, a valid code, whose NFKC is 378 characters. */
  char wide[64];
  for (size_t i = 0; i < 21; i++) {
    memcpy(wide + 3 * i, "\xef\xb7\xba", 3);
  }
  promo_catalog_builder *b = NULL;
  MUST(promo_catalog_builder_new(&b, NULL));
  MUST(promo_catalog_builder_set_hints(b, true));
  promo_campaign *c = NULL;
  MUST(promo_catalog_builder_add_campaign(&c, b, "wide"));
  MUST(promo_campaign_set_percent_bps(c, 1000));
  MUST(promo_campaign_add_code(c, wide, 63));
  MUST(promo_campaign_add_code(c, "OK-1", 4));
  promo_catalog *cat = NULL;
  MUST(promo_catalog_build(&cat, b));
  promo_catalog_builder_free(b);
  ck_assert_uint_eq(cat->hints.count, 1);
  ck_assert_uint_eq(promo_catalog_code_count(cat), 2);
  /* Found exactly all the same; the other code still gets its hints. */
  const char *id = NULL;
  MUST(promo_catalog_find_code(&id, cat, wide, 63));
  uint32_t hints = 0;
  expect_bounded(cat, "ok-1", 4, &hints);
  ck_assert_uint_eq(hints, CASE);
  expect_bounded(cat, wide, 60, &hints);
  ck_assert_uint_eq(hints, 0);
  promo_catalog_free(cat);
}
END_TEST

START_TEST(many_codes_of_one_form_index_only_what_a_diagnosis_can_read) {
  /* Every letter-case variant of a ten-letter code: 1024 codes of one form,
   * one home slot. A diagnosis weighs at most MAX_CANDIDATES of them, so
   * only those are indexed, and building stays linear in the codes rather
   * than walking every earlier variant for each new one. */
  enum { LETTERS = 10 };
  promo_catalog_builder *b = NULL;
  MUST(promo_catalog_builder_new(&b, NULL));
  MUST(promo_catalog_builder_set_hints(b, true));
  promo_campaign *c = NULL;
  MUST(promo_catalog_builder_add_campaign(&c, b, "variants"));
  MUST(promo_campaign_set_percent_bps(c, 1000));
  char code[LETTERS];
  for (unsigned v = 0; v < 1u << LETTERS; v++) {
    for (unsigned k = 0; k < LETTERS; k++) {
      code[k] = (char)(((v >> k) & 1u) ? 'a' + (int)k : 'A' + (int)k);
    }
    MUST(promo_campaign_add_code(c, code, LETTERS));
  }
  MUST(promo_campaign_add_code(c, "OTHER-1", 7));
  promo_catalog *cat = NULL;
  MUST(promo_catalog_build(&cat, b));
  promo_catalog_builder_free(b);
  ck_assert_uint_eq(promo_catalog_code_count(cat), (1u << LETTERS) + 1);
  ck_assert_uint_eq(cat->hints.count, PROMO_HINT_MAX_CANDIDATES + 1);
  /* Both forms still explain a typo. Which eight variants are weighed is
   * the index's order, as it was before the bound, so the spaced code may
   * be told about case as well. */
  uint32_t hints = 0;
  expect_bounded(cat, " ABCDEFGHIJ", 11, &hints);
  ck_assert_uint_ne(hints & WS, 0);
  ck_assert_uint_eq(hints & ~(WS | CASE), 0);
  expect_bounded(cat, "other-1", 7, &hints);
  ck_assert_uint_eq(hints, CASE);
  promo_catalog_free(cat);
}
END_TEST

/* ---- the forms ----------------------------------------------------------- */

static void form_of(promo_form *out, const char *utf8, uint32_t ways,
                    const USpoofChecker *spoof) {
  promo_form raw;
  MUST(promo_form_from_utf8(&raw, utf8, strlen(utf8)));
  MUST(promo_form_apply(out, &raw, ways, spoof));
}

static void expect_same_form(const char *a, const char *b, uint32_t ways,
                             bool same) {
  UErrorCode err = U_ZERO_ERROR;
  USpoofChecker *spoof = uspoof_open(&err);
  ck_assert(U_SUCCESS(err));
  promo_form fa;
  promo_form fb;
  form_of(&fa, a, ways, spoof);
  form_of(&fb, b, ways, spoof);
  ck_assert_msg(promo_form_equal(&fa, &fb) == same, "'%s' and '%s'", a, b);
  ck_assert(!same || promo_form_hash(42, &fa) == promo_form_hash(42, &fb));
  uspoof_close(spoof);
}

START_TEST(forms_forget_only_what_their_ways_say) {
  /* White space: only at the edges; invisible characters anywhere. */
  expect_same_form(" \t A B\xe2\x80\x8b\xe2\xa0\x80", "A B", WS, true);
  expect_same_form("A B", "AB", WS, false);
  expect_same_form(" ", "", WS, true);
  /* A dash outside the BMP (U+10EAD YEZIDI HYPHENATION MARK) is one. */
  expect_same_form("A\xf0\x90\xba\xad"
                   "B",
                   "A-B", DASH, true);
  expect_same_form("A_B", "A-B", DASH, false);
  /* Case alone does not make lookalikes equal, nor the reverse. */
  expect_same_form("ABC", "abc", CASE, true);
  expect_same_form("SPRlNG", "SPRING", CASE, false);
  expect_same_form("SPRlNG", "SPRING", LOOK, true);
  expect_same_form("spring", "SPRING", LOOK, false);
  /* Both: a lookalike that differs in case too. */
  expect_same_form("sprlng", "SPRING", CASE | LOOK, true);
  expect_same_form("spring-2o26", "SPRING-2026", CASE | LOOK, true);
  /* Too long for a form: refused, not cut. */
  char wide[3 * 90 + 1];
  for (size_t i = 0; i < 90; i++) {
    memcpy(wide + 3 * i, "\xef\xb7\xba", 3);
  }
  wide[3 * 90] = '\0';
  promo_form raw;
  promo_form out;
  MUST(promo_form_from_utf8(&raw, wide, strlen(wide)));
  UErrorCode err = U_ZERO_ERROR;
  USpoofChecker *spoof = uspoof_open(&err);
  ck_assert_int_eq(promo_form_apply(&out, &raw, LOOK, spoof),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(out.len, 0);
  uspoof_close(spoof);
  char huge[3 * PROMO_FORM_CAP + 3];
  memset(huge, 'x', sizeof huge);
  ck_assert_int_eq(promo_form_from_utf8(&raw, huge, sizeof huge),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_form_from_utf8(&raw, huge, PROMO_FORM_CAP + 1),
                   PROMO_ERR_INVALID_ARGUMENT);
}
END_TEST

/* ---- memory ------------------------------------------------------------- */

START_TEST(building_the_index_fails_cleanly_at_every_allocation) {
  for (long n = 1;; n++) {
    test_alloc t;
    test_alloc_init(&t, 0);
    promo_catalog_builder *b = NULL;
    MUST(promo_catalog_builder_new(&b, &t.allocator));
    MUST(promo_catalog_builder_set_hints(b, true));
    promo_campaign *c = NULL;
    MUST(promo_catalog_builder_add_campaign(&c, b, "c"));
    MUST(promo_campaign_set_percent_bps(c, 1000));
    for (size_t i = 0; i < COUNT(CODES); i++) {
      MUST(promo_campaign_add_code(c, CODES[i], strlen(CODES[i])));
    }
    t.fail_at = t.calls + n;
    promo_catalog *cat = NULL;
    promo_status st = promo_catalog_build(&cat, b);
    if (st == PROMO_OK) {
      ck_assert(promo_catalog_has_hints(cat));
      promo_catalog_free(cat);
      promo_catalog_builder_free(b);
      ck_assert_int_eq(t.live, 0);
      break;
    }
    /* The builder may keep the zones and tables it made on the way (they
     * are made once per builder, failure or not); a block the failed build
     * leaked would still be live after everything is freed below. */
    ck_assert_int_eq(st, PROMO_ERR_NO_MEMORY);
    ck_assert_uint_eq(promo_catalog_builder_campaign(&c, b, "c"), PROMO_OK);
    t.fail_at = 0;
    MUST(promo_catalog_build(&cat, b));
    ck_assert(promo_catalog_has_hints(cat));
    ck_assert_uint_eq(promo_catalog_code_count(cat), COUNT(CODES));
    promo_catalog_free(cat);
    promo_catalog_builder_free(b);
    ck_assert_int_eq(t.live, 0);
  }
}
END_TEST

int main(void) {
  Suite *s = suite_create("hint");
  TCase *tc = tcase_create("names");
  tcase_add_test(tc, hint_names_are_pinned_and_an_unknown_hint_is_safe);
  tcase_add_test(tc, every_hint_has_a_sentence_in_every_language_none_has_none);
  suite_add_tcase(s, tc);

  tc = tcase_create("hints");
  tcase_add_loop_test(tc,
                      each_typo_gets_the_hints_that_explain_it_and_nothing_more,
                      0, (int)COUNT(TYPOS));
  tcase_add_test(tc, a_right_code_in_any_script_is_found_and_never_corrected);
  tcase_add_test(tc, hints_are_off_unless_asked_and_refused_without_the_index);
  tcase_add_test(tc, an_options_struct_of_version_1_asks_for_no_hint);
  suite_add_tcase(s, tc);

  tc = tcase_create("index");
  tcase_add_test(tc,
                 the_index_costs_at_most_22_bytes_a_code_and_copies_no_code);
  tcase_add_test(tc, diagnosis_work_is_bounded_whatever_the_code);
  tcase_add_test(tc,
                 a_catalog_code_too_wide_for_a_form_is_left_out_of_the_index);
  tcase_add_test(tc,
                 many_codes_of_one_form_index_only_what_a_diagnosis_can_read);
  tcase_add_test(tc, forms_forget_only_what_their_ways_say);
  tcase_add_test(tc, building_the_index_fails_cleanly_at_every_allocation);
  suite_add_tcase(s, tc);
  return test_run_suite(s);
}
