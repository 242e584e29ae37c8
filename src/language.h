/* language.h - the languages the messages are written in, and which one a
 * caller's locale asks for. */
#ifndef PROMO_SRC_LANGUAGE_H
#define PROMO_SRC_LANGUAGE_H

#include <stddef.h>

/* Indexes into every table of messages. English first: what any other
 * language gets. */
typedef enum promo_language {
  PROMO_LANGUAGE_EN = 0,
  PROMO_LANGUAGE_NL = 1,
  PROMO_LANGUAGE_COUNT
} promo_language;

/* The language of `locale` ("nl", "nl-BE", "nl_NL", "NL": only the language
 * subtag counts); English for NULL, "" and every language without messages. */
promo_language promo_language_of(const char *locale);

/* Its code: "en", "nl". */
const char *promo_language_code(promo_language language);

#endif
