/* hint.c - stable names and customer sentences (en, nl) per hint: what to
 * check when a code was probably mistyped. */
#include "language.h"

#include <promo/status.h>

typedef struct hint_text {
  const char *name;
  const char *text[PROMO_LANGUAGE_COUNT];
} hint_text;

/* Indexed by the pinned hint value. The sentences name what to look at and
 * never the code they resemble. */
static const hint_text TEXTS[PROMO_HINT_COUNT] = {
    {"none", {"", ""}},
    {"white_space",
     {"Remove any space before or after the code, and any invisible "
      "character in it: a copied code can bring them along.",
      "Verwijder spaties voor of na de code en onzichtbare tekens erin: een "
      "gekopieerde code kan die meenemen."}},
    {"dash",
     {"Check the dashes: a hyphen (-), a long dash (\xe2\x80\x93 or "
      "\xe2\x80\x94) and a minus sign (\xe2\x88\x92) are different "
      "characters.",
      "Controleer de streepjes: een koppelteken (-), een lang streepje "
      "(\xe2\x80\x93 of \xe2\x80\x94) en een minteken (\xe2\x88\x92) zijn "
      "verschillende tekens."}},
    {"letter_case",
     {"The code is case-sensitive: check capital and small letters.",
      "De code is hoofdlettergevoelig: controleer hoofdletters en kleine "
      "letters."}},
    {"lookalike",
     {"Some characters look alike but are different: check for letters of "
      "another alphabet, wide characters, 0 (zero) and O, and 1, l and I.",
      "Sommige tekens lijken op elkaar maar zijn verschillend: let op letters "
      "uit een ander alfabet, brede tekens, 0 (nul) en O, en 1, l en I."}},
};

unsigned int promo_hint_count(void) {
  return PROMO_HINT_COUNT;
}

const char *promo_hint_name(promo_hint hint) {
  unsigned v = (unsigned)hint;
  return v < PROMO_HINT_COUNT ? TEXTS[v].name : "unknown_hint";
}

const char *promo_hint_message(promo_hint hint, const char *locale) {
  unsigned v = (unsigned)hint;
  return v < PROMO_HINT_COUNT ? TEXTS[v].text[promo_language_of(locale)] : "";
}
