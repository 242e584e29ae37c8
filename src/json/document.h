/* document.h - a parsed JSON document that knows where each of its values
 * came from, and typed access to its members with pointed errors.
 *
 * A loader walks the document depth first, pushing each key or index it
 * enters onto the document's path. Every refusal goes through pj_fail*,
 * which turns the current path into FILE:LINE:COL. */
#ifndef PROMO_JSON_SRC_DOCUMENT_H
#define PROMO_JSON_SRC_DOCUMENT_H

#include "json_error.h"
#include "locate.h"

#include <jansson.h>
#include <promo/json.h>

/* Deeper than any path of the catalog or order formats. */
#define PJ_MAX_DEPTH 8

/* An array that is read one element at a time: where its '[' and ']' are,
 * and the member `key` of the parsed value `parent` it is. */
typedef struct pj_stream {
  const json_t *parent;
  const char *key;
  size_t open;
  size_t close;
  size_t first; /* where its first element starts */
  size_t count; /* its elements */
} pj_stream;

typedef struct pj_doc {
  const char *name; /* the file, in errors */
  const char *text; /* the JSON text, without a byte order mark */
  size_t length;
  json_t *root;
  promo_json_error *error;
  pj_step path[PJ_MAX_DEPTH];
  size_t depth;
  /* Which arrays are streamed: member stream_keys[0] of the root, and
   * member stream_keys[1] of each of its elements (NULL: none). */
  const char *stream_keys[2];
  pj_stream streams[2]; /* the root's, then the current element's */
  size_t stream_count;
  bool well_formed; /* pj_well_formed(text) */
} pj_doc;

/*
 * Parses `length` bytes at `text` (a leading UTF-8 byte order mark is
 * skipped; duplicate keys are refused) into *d, which keeps pointers to
 * `name`, `text` and the keys. Malformed JSON is PROMO_ERR_INVALID_ARGUMENT
 * at jansson's line and column, with jansson's words.
 *
 * The root's member `stream_key` (and, in each of its elements, member
 * `element_key`), when it is an array, is not parsed with the rest: the
 * root holds an empty array there, and pj_elements_next() parses one
 * element at a time from the text. Peak memory is then the text, the root
 * without that array and one element, however long the array: jansson
 * would spend about ten times the text on a tree of a million lines. To
 * find where a malformed text goes wrong, the same is done with the arrays'
 * elements before the error left out, so that jansson's message is the one
 * it would give for the whole text.
 */
promo_status pj_doc_parse(pj_doc *d, const char *name, const char *text,
                          size_t length, const char *stream_key,
                          const char *element_key, promo_json_error *error);

/* The elements of an array member, streamed or not, one at a time. */
typedef struct pj_elements {
  pj_doc *doc;
  json_t *array; /* when not streamed */
  size_t index;  /* of the next element */
  size_t count;  /* elements in all */
  size_t next;   /* streamed: where the next element starts */
  bool streamed;
  json_t *current; /* streamed: the element handed out last (owned) */
} pj_elements;

/* Starts reading array `array`, member `key` of object `obj` (checked with
 * pj_member). Its element count is in it->count. */
void pj_elements_begin(pj_doc *d, json_t *obj, const char *key, json_t *array,
                       pj_elements *it);

/* The next element in *elem (NULL after the last one), valid until the
 * next call. A streamed element that jansson refuses (a number out of
 * range, a duplicate key, ...) is refused here, pointed at. */
promo_status pj_elements_next(pj_elements *it, json_t **elem);

/* Ends the reading, freeing what it holds. */
void pj_elements_end(pj_elements *it);

/* Frees the parsed values. */
void pj_doc_release(pj_doc *d);

/* Enters member `key` / element `index` of the current value; pj_leave goes
 * back up. The key must outlive the step (jansson's keys and literals do). */
void pj_enter_key(pj_doc *d, const char *key);
void pj_enter_index(pj_doc *d, size_t index);
void pj_leave(pj_doc *d);

/* Refuses with `status` and the formatted text, pointing at the current
 * value. */
PJ_PRINTF(3, 4)
promo_status pj_fail(pj_doc *d, promo_status status, const char *fmt, ...);

/* The same, pointing at member `key` of the current object: at its value, or
 * at the key itself when `at_key`. */
PJ_PRINTF(5, 6)
promo_status pj_fail_member(pj_doc *d, const char *key, bool at_key,
                            promo_status status, const char *fmt, ...);

/* Refuses any key of the current object `obj` not in the NULL-terminated
 * `known`, pointing at that key; `what` names the object ("a campaign"). */
promo_status pj_known_keys(pj_doc *d, json_t *obj, const char *const *known,
                           const char *what);

/* Checks that the current value `v` is of `type`; `label` names it in the
 * text ("\"licenses\"", "each of \"codes\""). */
promo_status pj_expect(pj_doc *d, json_t *v, json_type type, const char *label);

/*
 * Typed members of the current object. A required member that is missing is
 * refused at the object; one that is there but of another type is refused at
 * its value. An optional member that is missing or null gives NULL / false
 * in *present and leaves *out alone.
 */
promo_status pj_member(pj_doc *d, json_t *obj, const char *key, bool required,
                       json_type type, json_t **out);
promo_status pj_string_member(pj_doc *d, json_t *obj, const char *key,
                              bool required, const char **out, size_t *length);
promo_status pj_integer_member(pj_doc *d, json_t *obj, const char *key,
                               bool required, int64_t *out, bool *present);
promo_status pj_bool_member(pj_doc *d, json_t *obj, const char *key,
                            bool required, bool *out, bool *present);

#endif
