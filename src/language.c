/* language.c - en and nl, and which one a locale asks for. */
#include "language.h"

#include <promo/status.h>

static const char *const CODES[PROMO_LANGUAGE_COUNT] = {"en", "nl"};

static bool is_letter(char c, char lower) {
  return c == lower || c == (char)(lower - 'a' + 'A');
}

promo_language promo_language_of(const char *locale) {
  if (locale == NULL) {
    return PROMO_LANGUAGE_EN;
  }
  for (size_t i = 1; i < PROMO_LANGUAGE_COUNT; i++) {
    const char *code = CODES[i];
    if (is_letter(locale[0], code[0]) && is_letter(locale[1], code[1]) &&
        (locale[2] == '\0' || locale[2] == '-' || locale[2] == '_')) {
      return (promo_language)i;
    }
  }
  return PROMO_LANGUAGE_EN;
}

const char *promo_language_code(promo_language language) {
  return CODES[(unsigned)language < PROMO_LANGUAGE_COUNT ? language : 0];
}

size_t promo_message_locale_count(void) {
  return PROMO_LANGUAGE_COUNT;
}

const char *promo_message_locale(size_t index) {
  return index < PROMO_LANGUAGE_COUNT ? CODES[index] : NULL;
}
