/* syntax.h - whether a text is well-formed JSON, without allocating.
 *
 * jansson 2.14 reports most of its own allocation failures as no error at
 * all, or as a syntax error ("invalid token" when the copy of a string
 * cannot be allocated). So when jansson refuses a text this check accepts,
 * it ran out of memory: the loaders say so instead of blaming the file. */
#ifndef PROMO_JSON_SRC_SYNTAX_H
#define PROMO_JSON_SRC_SYNTAX_H

#include <stdbool.h>
#include <stddef.h>

/* Deepest nesting of arrays and objects checked; deeper is refused, as
 * jansson refuses depths beyond its JSON_PARSER_MAX_DEPTH (2048). */
#define PJ_SYNTAX_MAX_DEPTH 2048

/* True when the `length` bytes at `text` are one JSON object or array with
 * optional white space around it, in the grammar of RFC 8259 as jansson
 * reads it: UTF-8 throughout, no control characters in strings, escapes
 * among \" \\ \/ \b \f \n \r \t \uXXXX with surrogates in pairs, numbers
 * without leading zeros, and at most PJ_SYNTAX_MAX_DEPTH levels. Whether
 * integers fit in 64 bits, keys are unique or strings hold \u0000 is not
 * checked: jansson reports those with their own error codes. */
bool pj_well_formed(const char *text, size_t length);

/* The same; when it is not, *error_at is the offset where the text stops
 * being JSON (inside or just after the token at fault), else `length`. */
bool pj_well_formed_at(const char *text, size_t length, size_t *error_at);

#endif
