/* document.c - jansson behind a path-keeping walker. */
#include "document.h"

#include "syntax.h"

#include <stdio.h>
#include <string.h>

/* ---- parsing ------------------------------------------------------------ */

static bool all_space(const char *text, size_t length) {
  for (size_t i = 0; i < length; i++) {
    char ch = text[i];
    if (ch != ' ' && ch != '\t' && ch != '\r' && ch != '\n') {
      return false;
    }
  }
  return true;
}

/* jansson reports a number too large for json_int_t (or a double) after the
 * whole token: point at its first character instead, as for other values. */
static promo_status number_overflow(pj_doc *d, size_t end) {
  static const char NUMBER[] = "0123456789+-.eE";
  size_t start = end < d->length ? end : d->length;
  while (start > 0 &&
         memchr(NUMBER, d->text[start - 1], sizeof NUMBER - 1) != NULL) {
    start--;
  }
  size_t line = 0;
  size_t column = 0;
  pj_offset_position(d->text, d->length, start, &line, &column);
  int shown = (int)(end - start > 40 ? 40 : end - start);
  return pj_error(d->error, PROMO_ERR_INVALID_ARGUMENT, d->name, line, column,
                  "number %.*s%s is out of range: amounts and counts must be "
                  "integers from -9223372036854775808 to 9223372036854775807",
                  shown, d->text + start, end - start > 40 ? "..." : "");
}

/* Whether jansson's refusal was its running out of memory: it says so
 * itself, says nothing, or calls well-formed JSON a syntax error (see
 * syntax.h). */
static bool out_of_memory(const pj_doc *d, const json_error_t *je,
                          enum json_error_code code) {
  if (code == json_error_out_of_memory || je->text[0] == '\0') {
    return true;
  }
  return (code == json_error_invalid_syntax ||
          code == json_error_premature_end_of_input) &&
         pj_well_formed(d->text, d->length);
}

promo_status pj_doc_parse(pj_doc *d, const char *name, const char *text,
                          size_t length, promo_json_error *error) {
  memset(d, 0, sizeof *d);
  d->name = name;
  d->error = error;
  /* Editors on Windows like to start UTF-8 files with a byte order mark. */
  if (length >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
    text += 3;
    length -= 3;
  }
  d->text = text;
  d->length = length;
  if (all_space(text, length)) {
    return pj_error(error, PROMO_ERR_INVALID_ARGUMENT, name, 1, 1,
                    "the file is empty: expected a JSON object");
  }
  /* Zeroed: when jansson runs out of memory it may return without setting
   * any error, and json_error_code() would read an unset byte. */
  json_error_t je;
  memset(&je, 0, sizeof je);
  d->root = json_loadb(text, length, JSON_REJECT_DUPLICATES, &je);
  if (d->root != NULL) {
    return PROMO_OK;
  }
  enum json_error_code code = json_error_code(&je);
  if (out_of_memory(d, &je, code)) {
    return pj_out_of_memory(error, name);
  }
  if (code == json_error_numeric_overflow) {
    return number_overflow(d, je.position < 0 ? 0 : (size_t)je.position);
  }
  size_t line = je.line < 1 ? 1 : (size_t)je.line;
  size_t column = je.column < 1 ? 1 : (size_t)je.column;
  return pj_error(error, PROMO_ERR_INVALID_ARGUMENT, name, line, column,
                  "invalid JSON: %s", je.text);
}

void pj_doc_release(pj_doc *d) {
  json_decref(d->root);
  d->root = NULL;
}

/* ---- the path ----------------------------------------------------------- */

static void enter(pj_doc *d, const char *key, size_t index) {
  /* Deeper paths than the formats have are refused before they are
   * entered; keep the walker safe regardless. */
  if (d->depth < PJ_MAX_DEPTH) {
    d->path[d->depth].key = key;
    d->path[d->depth].index = index;
  }
  d->depth++;
}

void pj_enter_key(pj_doc *d, const char *key) {
  enter(d, key, 0);
}

void pj_enter_index(pj_doc *d, size_t index) {
  enter(d, NULL, index);
}

void pj_leave(pj_doc *d) {
  d->depth--;
}

/* ---- pointed failures --------------------------------------------------- */

PJ_PRINTF(4, 0)
static promo_status vfail(pj_doc *d, bool at_key, promo_status status,
                          const char *fmt, va_list ap) {
  size_t line = 0;
  size_t column = 0;
  size_t depth = d->depth < PJ_MAX_DEPTH ? d->depth : PJ_MAX_DEPTH;
  (void)pj_locate(d->text, d->length, d->path, depth, at_key, &line, &column);
  return pj_verror(d->error, status, d->name, line, column, fmt, ap);
}

promo_status pj_fail(pj_doc *d, promo_status status, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  promo_status st = vfail(d, false, status, fmt, ap);
  va_end(ap);
  return st;
}

promo_status pj_fail_member(pj_doc *d, const char *key, bool at_key,
                            promo_status status, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  pj_enter_key(d, key);
  promo_status st = vfail(d, at_key, status, fmt, ap);
  pj_leave(d);
  va_end(ap);
  return st;
}

/* ---- typed access ------------------------------------------------------- */

static const char *type_name(json_type type) {
  switch (type) {
  case JSON_OBJECT:
    return "an object";
  case JSON_ARRAY:
    return "an array";
  case JSON_STRING:
    return "a string";
  case JSON_INTEGER:
    return "an integer";
  case JSON_REAL:
    return "a number with a fraction or an exponent";
  case JSON_TRUE:
    return "true";
  case JSON_FALSE:
    return "false";
  case JSON_NULL:
    break;
  }
  return "null";
}

static bool has_type(json_t *v, json_type type) {
  if (type == JSON_TRUE || type == JSON_FALSE) {
    return json_is_boolean(v);
  }
  return json_typeof(v) == type;
}

promo_status pj_expect(pj_doc *d, json_t *v, json_type type,
                       const char *label) {
  if (has_type(v, type)) {
    return PROMO_OK;
  }
  const char *want = type == JSON_TRUE || type == JSON_FALSE ? "true or false"
                                                             : type_name(type);
  return pj_fail(d, PROMO_ERR_INVALID_ARGUMENT, "%s must be %s, not %s", label,
                 want, type_name(json_typeof(v)));
}

promo_status pj_known_keys(pj_doc *d, json_t *obj, const char *const *known,
                           const char *what) {
  const char *key;
  json_t *value;
  json_object_foreach(obj, key, value) {
    (void)value;
    bool ok = false;
    for (size_t i = 0; known[i] != NULL && !ok; i++) {
      ok = strcmp(key, known[i]) == 0;
    }
    if (ok) {
      continue;
    }
    char list[256] = "";
    size_t used = 0;
    for (size_t i = 0; known[i] != NULL; i++) {
      int n = snprintf(list + used, sizeof list - used, "%s%s",
                       i == 0 ? "" : ", ", known[i]);
      if (n < 0 || (size_t)n >= sizeof list - used) {
        break;
      }
      used += (size_t)n;
    }
    return pj_fail_member(d, key, true, PROMO_ERR_INVALID_ARGUMENT,
                          "unknown key \"%s\" in %s (known keys: %s)", key,
                          what, list);
  }
  return PROMO_OK;
}

promo_status pj_member(pj_doc *d, json_t *obj, const char *key, bool required,
                       json_type type, json_t **out) {
  json_t *v = json_object_get(obj, key);
  if (v == NULL || (json_is_null(v) && !required)) {
    *out = NULL;
    if (required) {
      return pj_fail(d, PROMO_ERR_INVALID_ARGUMENT, "missing key \"%s\"", key);
    }
    return PROMO_OK;
  }
  char label[64];
  (void)snprintf(label, sizeof label, "\"%s\"", key);
  pj_enter_key(d, key);
  promo_status st = pj_expect(d, v, type, label);
  pj_leave(d);
  *out = st == PROMO_OK ? v : NULL;
  return st;
}

promo_status pj_string_member(pj_doc *d, json_t *obj, const char *key,
                              bool required, const char **out, size_t *length) {
  json_t *v = NULL;
  promo_status st = pj_member(d, obj, key, required, JSON_STRING, &v);
  *out = v == NULL ? NULL : json_string_value(v);
  if (length != NULL) {
    *length = v == NULL ? 0 : json_string_length(v);
  }
  return st;
}

promo_status pj_integer_member(pj_doc *d, json_t *obj, const char *key,
                               bool required, int64_t *out, bool *present) {
  json_t *v = NULL;
  promo_status st = pj_member(d, obj, key, required, JSON_INTEGER, &v);
  if (present != NULL) {
    *present = v != NULL;
  }
  if (v != NULL) {
    *out = (int64_t)json_integer_value(v);
  }
  return st;
}

promo_status pj_bool_member(pj_doc *d, json_t *obj, const char *key,
                            bool required, bool *out, bool *present) {
  json_t *v = NULL;
  promo_status st = pj_member(d, obj, key, required, JSON_TRUE, &v);
  if (present != NULL) {
    *present = v != NULL;
  }
  if (v != NULL) {
    *out = json_is_true(v);
  }
  return st;
}
