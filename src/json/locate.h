/* locate.h - where a JSON value is in its text.
 *
 * jansson keeps no positions once a document is parsed, so a pointed error
 * scans the text again, following the path of keys and indexes to the value
 * at fault. Errors are rare and the scan is linear: cheaper than keeping a
 * position for every value of every document. */
#ifndef PROMO_JSON_SRC_LOCATE_H
#define PROMO_JSON_SRC_LOCATE_H

#include <stdbool.h>
#include <stddef.h>

/* One step of a path: an object member (`key`), or, when key is NULL, an
 * array element (`index`). */
typedef struct pj_step {
  const char *key;
  size_t index;
} pj_step;

/* Finds, in the `length` bytes of well-formed JSON at `text`, the value the
 * `depth` steps of `path` lead to (or, when `at_key` and the last step is a
 * key, that member's key) and stores its 1-based line and column, counted in
 * Unicode characters as jansson counts them. Returns false, with the
 * position of the first value, when the path leads nowhere. */
bool pj_locate(const char *text, size_t length, const pj_step *path,
               size_t depth, bool at_key, size_t *line, size_t *column);

/* The 1-based line and column of byte `offset` of `text`. */
void pj_offset_position(const char *text, size_t length, size_t offset,
                        size_t *line, size_t *column);

#endif
