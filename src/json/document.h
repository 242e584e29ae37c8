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

typedef struct pj_doc {
  const char *name; /* the file, in errors */
  const char *text; /* the JSON text, without a byte order mark */
  size_t length;
  json_t *root;
  promo_json_error *error;
  pj_step path[PJ_MAX_DEPTH];
  size_t depth;
} pj_doc;

/* Parses `length` bytes at `text` (a leading UTF-8 byte order mark is
 * skipped; duplicate keys are refused) into *d, which keeps pointers to
 * `name` and `text`. Malformed JSON is PROMO_ERR_INVALID_ARGUMENT at jansson's
 * line and column. */
promo_status pj_doc_parse(pj_doc *d, const char *name, const char *text,
                          size_t length, promo_json_error *error);

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
