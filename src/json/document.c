/* document.c - jansson behind a path-keeping walker. */
#include "document.h"

#include "../quote.h"
#include "syntax.h"

#include <stdio.h>
#include <string.h>

/* ---- parsing ------------------------------------------------------------ */

/* ---- where jansson's errors are -------------------------------------- */

/* Byte ranges of the text left out of a parse: the elements of the
 * streamed arrays, in text order. */
typedef struct hole {
  size_t start;
  size_t end;
} hole;

#define MAX_HOLES 4

/* What jansson reads of the text: [start, end) without the holes. */
typedef struct feed {
  const char *text;
  size_t pos;
  size_t end;
  const hole *holes;
  size_t count;
  size_t next; /* the first hole not yet passed */
} feed;

static size_t feed_text(void *buffer, size_t size, void *data) {
  feed *f = data;
  while (f->next < f->count && f->holes[f->next].start <= f->pos) {
    if (f->pos < f->holes[f->next].end) {
      f->pos = f->holes[f->next].end;
    }
    f->next++;
  }
  size_t stop = f->end;
  if (f->next < f->count && f->holes[f->next].start < stop) {
    stop = f->holes[f->next].start;
  }
  size_t n = f->pos < stop ? stop - f->pos : 0;
  n = n < size ? n : size;
  memcpy(buffer, f->text + f->pos, n);
  f->pos += n;
  return n;
}

/* The offset in the text of jansson's position `fed` (bytes it read). */
static size_t text_offset(size_t start, const hole *holes, size_t count,
                          size_t fed) {
  size_t at = start;
  for (size_t i = 0; i < count; i++) {
    size_t before = holes[i].start - at;
    if (fed <= before) {
      break;
    }
    fed -= before;
    at = holes[i].end;
  }
  return at + fed;
}

/* Line and column as jansson counts them at `offset`: the characters read
 * on the line, the last one included (pj_offset_position() gives the column
 * of the next one). */
static void jansson_position(const pj_doc *d, size_t offset, size_t *line,
                             size_t *column) {
  pj_offset_position(d->text, d->length, offset, line, column);
  *column = *column > 1 ? *column - 1 : 1;
}

/* jansson reports a number too large for json_int_t (or a double) after the
 * whole token: point at its first character instead, as for other values. */
static promo_status number_overflow(pj_doc *d, size_t end) {
  static const char NUMBER[] = "0123456789+-.eE";
  end = end < d->length ? end : d->length;
  size_t start = end;
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
                  shown, d->text + start,
                  end - start > 40 ? "\xe2\x80\xa6" : "");
}

/* The opening quote of the string token that ends just before `end`: the
 * last quote before it that no odd run of backslashes escapes. */
static size_t string_start(const pj_doc *d, size_t end) {
  size_t q = end < 2 ? 0 : end - 2; /* inside the token, past its end quote */
  while (q > 0) {
    if (d->text[q] == '"') {
      size_t backslashes = 0;
      while (q > backslashes && d->text[q - 1 - backslashes] == '\\') {
        backslashes++;
      }
      if (backslashes % 2 == 0) {
        return q;
      }
    }
    q--;
  }
  return 0;
}

/* jansson's refusal of [start, ...) read without `holes`, as our error. */
static promo_status refusal(pj_doc *d, const json_error_t *je, size_t start,
                            const hole *holes, size_t count) {
  enum json_error_code code = json_error_code(je);
  /* jansson's running out of memory: it says so itself, says nothing, or
   * calls well-formed JSON a syntax error (see syntax.h). */
  if (code == json_error_out_of_memory || je->text[0] == '\0' ||
      (d->well_formed && (code == json_error_invalid_syntax ||
                          code == json_error_premature_end_of_input))) {
    return pj_out_of_memory(d->error, d->name);
  }
  size_t fed = je->position < 0 ? 0 : (size_t)je->position;
  size_t offset = text_offset(start, holes, count, fed);
  if (code == json_error_numeric_overflow) {
    return number_overflow(d, offset);
  }
  size_t line = 0;
  size_t column = 0;
  jansson_position(d, offset, &line, &column);
  /* Say what the user can fix, not which parser flag would allow it; and
   * point at the string, as for any other value, not past its end. */
  if (code == json_error_null_character ||
      code == json_error_null_byte_in_key) {
    pj_offset_position(d->text, d->length, string_start(d, offset), &line,
                       &column);
  }
  if (code == json_error_null_character) {
    return pj_error(d->error, PROMO_ERR_INVALID_ARGUMENT, d->name, line, column,
                    "a NUL character (\\u0000) is not allowed in a string");
  }
  if (code == json_error_null_byte_in_key) {
    return pj_error(d->error, PROMO_ERR_INVALID_ARGUMENT, d->name, line, column,
                    "a NUL character (\\u0000) is not allowed in a key");
  }
  char text[PROMO_JSON_ERROR_TEXT_MAX];
  return pj_error(d->error, PROMO_ERR_INVALID_ARGUMENT, d->name, line, column,
                  "invalid JSON: %s",
                  promo_quote(text, sizeof text, je->text, strlen(je->text)));
}

/* Parses [start, end) of the text, without `holes`, into *out. */
static promo_status parse_range(pj_doc *d, size_t start, size_t end,
                                const hole *holes, size_t count, size_t flags,
                                json_t **out) {
  /* Zeroed: when jansson runs out of memory it may return without setting
   * any error, and json_error_code() would read an unset byte. */
  json_error_t je;
  memset(&je, 0, sizeof je);
  if (count == 0) {
    *out = json_loadb(d->text + start, end - start, flags, &je);
  } else {
    feed f = {d->text, start, end, holes, count, 0};
    *out = json_load_callback(feed_text, &f, flags, &je);
  }
  return *out != NULL ? PROMO_OK : refusal(d, &je, start, holes, count);
}

/* ---- which elements to leave out ---------------------------------------- */

/* The holes for the array member `key` of the object at `at`, in text
 * that is JSON up to `limit`: a whole array closed before the limit reads
 * as "[]"; one the limit falls in keeps only its last element that starts
 * before the limit (where the error is, or just before it), and, when
 * `inner` is not NULL, that element's own array member `inner` likewise.
 * Returns the number of holes added to holes[*count ...]. The array's '['
 * and ']' go in *stream when it is closed. */
static void find_holes(const pj_doc *d, size_t limit, size_t at,
                       const char *key, const char *inner, hole *holes,
                       size_t *count, pj_stream *stream) {
  size_t value = 0;
  if (key == NULL || at >= limit || d->text[at] != '{' ||
      !pj_member_at(d->text, limit, at, key, &value) || d->text[value] != '[' ||
      *count >= MAX_HOLES) {
    return;
  }
  pj_extent e;
  pj_array_extent(d->text, limit, value, &e);
  if (e.closed) {
    stream->open = value;
    stream->close = e.close;
    stream->first = e.first;
    stream->count = e.count;
    if (e.close > value + 1) {
      holes[(*count)++] = (hole){value + 1, e.close};
    }
    return;
  }
  if (e.count > 1) {
    holes[(*count)++] = (hole){e.first, e.last};
  }
  if (e.count > 0) {
    pj_stream ignored;
    find_holes(d, limit, e.last, inner, NULL, holes, count, &ignored);
  }
}

static bool all_space(const char *text, size_t length) {
  for (size_t i = 0; i < length; i++) {
    char ch = text[i];
    if (ch != ' ' && ch != '\t' && ch != '\r' && ch != '\n') {
      return false;
    }
  }
  return true;
}

promo_status pj_doc_parse(pj_doc *d, const char *name, const char *text,
                          size_t length, const char *stream_key,
                          const char *element_key, promo_json_error *error) {
  memset(d, 0, sizeof *d);
  d->name = name;
  d->error = error;
  d->stream_keys[0] = stream_key;
  d->stream_keys[1] = element_key;
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
  size_t limit = length;
  d->well_formed = pj_well_formed_at(text, length, &limit);
  size_t root = pj_skip_space_at(text, length, 0);
  hole holes[MAX_HOLES];
  size_t count = 0;
  pj_stream stream = {NULL, stream_key, 0, 0, 0, 0};
  find_holes(d, limit, root, stream_key, element_key, holes, &count, &stream);
  promo_status st =
      parse_range(d, 0, length, holes, count, JSON_REJECT_DUPLICATES, &d->root);
  if (!d->well_formed && st == PROMO_OK) {
    /* jansson took what the recogniser refused: trust jansson, and read
     * the whole text its way. */
    json_decref(d->root);
    d->root = NULL;
    return parse_range(d, 0, length, NULL, 0, JSON_REJECT_DUPLICATES, &d->root);
  }
  if (st == PROMO_OK && stream.close > stream.open) {
    stream.parent = d->root;
    d->streams[0] = stream;
    d->stream_count = 1;
  }
  return st;
}

/* ---- arrays, one element at a time -------------------------------------- */

static const pj_stream *stream_of(const pj_doc *d, const json_t *obj,
                                  const char *key) {
  for (size_t i = 0; i < d->stream_count; i++) {
    if (d->streams[i].parent == obj && strcmp(d->streams[i].key, key) == 0) {
      return &d->streams[i];
    }
  }
  return NULL;
}

void pj_elements_begin(pj_doc *d, json_t *obj, const char *key, json_t *array,
                       pj_elements *it) {
  memset(it, 0, sizeof *it);
  it->doc = d;
  const pj_stream *s = stream_of(d, obj, key);
  if (s == NULL) {
    it->array = array;
    it->count = json_array_size(array);
    return;
  }
  it->streamed = true;
  it->count = s->count;
  it->next = s->first;
}

/* Forgets the element handed out last, and its own stream. */
static void drop_current(pj_elements *it) {
  if (it->current == NULL) {
    return;
  }
  pj_doc *d = it->doc;
  if (d->stream_count == 2 && d->streams[1].parent == it->current) {
    d->stream_count = 1;
  }
  json_decref(it->current);
  it->current = NULL;
}

promo_status pj_elements_next(pj_elements *it, json_t **elem) {
  *elem = NULL;
  if (it->index >= it->count) {
    return PROMO_OK;
  }
  size_t i = it->index++;
  if (!it->streamed) {
    *elem = json_array_get(it->array, i);
    return PROMO_OK;
  }
  drop_current(it);
  pj_doc *d = it->doc;
  size_t start = it->next;
  size_t end = pj_value_end(d->text, d->length, start);
  size_t after = pj_skip_space_at(d->text, d->length, end);
  it->next = after < d->length && d->text[after] == ','
                 ? pj_skip_space_at(d->text, d->length, after + 1)
                 : after;
  hole holes[MAX_HOLES];
  size_t count = 0;
  pj_stream inner = {NULL, d->stream_keys[1], 0, 0, 0, 0};
  find_holes(d, end, start, d->stream_keys[1], NULL, holes, &count, &inner);
  json_t *value = NULL;
  promo_status st =
      parse_range(d, start, end, holes, count,
                  JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &value);
  if (st != PROMO_OK) {
    return st;
  }
  it->current = value;
  if (inner.close > inner.open) {
    inner.parent = value;
    d->streams[1] = inner;
    d->stream_count = 2;
  }
  *elem = value;
  return PROMO_OK;
}

void pj_elements_end(pj_elements *it) {
  drop_current(it);
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
    promo_quoted q;
    return pj_fail_member(d, key, true, PROMO_ERR_INVALID_ARGUMENT,
                          "unknown key \"%s\" in %s (known keys: %s)",
                          promo_quote_str(&q, key), what, list);
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
