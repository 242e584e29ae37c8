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

/* Where the arrays read one element at a time are, in text that may be
 * well-formed only up to `limit` (the first syntax error): offsets, never
 * past `limit`. */

/* The first byte at or after `at` that is not JSON white space. */
size_t pj_skip_space_at(const char *text, size_t limit, size_t at);

/* The byte after the value that starts at `at`. */
size_t pj_value_end(const char *text, size_t limit, size_t at);

/* The offset of the value of the first member `key` of the object whose
 * '{' is at `at`, in *value_at; false when there is none before `limit`. */
bool pj_member_at(const char *text, size_t limit, size_t at, const char *key,
                  size_t *value_at);

/* The elements of the array whose '[' is at `open`. */
typedef struct pj_extent {
  size_t count; /* elements that start before the limit */
  size_t first; /* where the first element starts (or the ']') */
  size_t last;  /* where the last of them starts */
  bool closed;  /* the ']' comes before the limit, at `close` */
  size_t close;
} pj_extent;
void pj_array_extent(const char *text, size_t limit, size_t open,
                     pj_extent *out);

#endif
