/* locate.c - a small scanner over text jansson has already accepted: it
 * needs to recognise JSON, not to validate it, but it never reads past the
 * end whatever the text. */
#include "locate.h"

#include <stddef.h>
#include <string.h>

typedef struct cursor {
  const unsigned char *p;
  const unsigned char *end;
  size_t line;
  size_t column; /* characters already read on this line */
} cursor;

static int peek(const cursor *c) {
  return c->p < c->end ? *c->p : -1;
}

/* Columns count characters: UTF-8 continuation bytes add none. */
static void advance(cursor *c) {
  if (c->p >= c->end) {
    return;
  }
  unsigned char ch = *c->p++;
  if (ch == '\n') {
    c->line++;
    c->column = 0;
  } else if ((ch & 0xC0) != 0x80) {
    c->column++;
  }
}

static void skip_space(cursor *c) {
  for (;;) {
    int ch = peek(c);
    if (ch != ' ' && ch != '\t' && ch != '\n' && ch != '\r') {
      return;
    }
    advance(c);
  }
}

static void skip_string(cursor *c) {
  advance(c); /* the opening quote */
  for (int ch = peek(c); ch != -1 && ch != '"'; ch = peek(c)) {
    if (ch == '\\') {
      advance(c);
    }
    advance(c);
  }
  advance(c);
}

static void skip_value(cursor *c) {
  int ch = peek(c);
  if (ch == '"') {
    skip_string(c);
    return;
  }
  if (ch == '{' || ch == '[') {
    size_t depth = 0;
    do {
      ch = peek(c);
      if (ch == '"') {
        skip_string(c);
        continue;
      }
      if (ch == '{' || ch == '[') {
        depth++;
      } else if (ch == '}' || ch == ']') {
        depth--;
      }
      advance(c);
    } while (depth > 0 && peek(c) != -1);
    return;
  }
  /* A number, true, false or null. */
  while ((ch = peek(c)) != -1 && strchr(",]} \t\r\n", ch) == NULL) {
    advance(c);
  }
}

static int hex_value(int ch) {
  if (ch >= '0' && ch <= '9') {
    return ch - '0';
  }
  if (ch >= 'a' && ch <= 'f') {
    return ch - 'a' + 10;
  }
  if (ch >= 'A' && ch <= 'F') {
    return ch - 'A' + 10;
  }
  return -1;
}

/* Reads the four hex digits after "\u". */
static long read_hex4(cursor *c) {
  long v = 0;
  for (int i = 0; i < 4; i++) {
    int h = hex_value(peek(c));
    if (h < 0) {
      return -1;
    }
    v = v * 16 + h;
    advance(c);
  }
  return v;
}

static size_t encode_utf8(unsigned long cp, unsigned char out[4]) {
  if (cp < 0x80) {
    out[0] = (unsigned char)cp;
    return 1;
  }
  if (cp < 0x800) {
    out[0] = (unsigned char)(0xC0 | (cp >> 6));
    out[1] = (unsigned char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = (unsigned char)(0xE0 | (cp >> 12));
    out[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (unsigned char)(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = (unsigned char)(0xF0 | (cp >> 18));
  out[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
  out[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
  out[3] = (unsigned char)(0x80 | (cp & 0x3F));
  return 4;
}

/* Decodes the escape at the cursor (after the backslash) into out. */
static size_t read_escape(cursor *c, unsigned char out[4]) {
  int ch = peek(c);
  advance(c);
  switch (ch) {
  case 'b':
    out[0] = '\b';
    return 1;
  case 'f':
    out[0] = '\f';
    return 1;
  case 'n':
    out[0] = '\n';
    return 1;
  case 'r':
    out[0] = '\r';
    return 1;
  case 't':
    out[0] = '\t';
    return 1;
  case 'u': {
    long cp = read_hex4(c);
    if (cp < 0) {
      return 0;
    }
    if (cp >= 0xD800 && cp <= 0xDBFF && peek(c) == '\\') {
      advance(c);
      advance(c); /* the 'u' of the low surrogate */
      long low = read_hex4(c);
      if (low < 0xDC00 || low > 0xDFFF) {
        return 0;
      }
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    }
    return encode_utf8((unsigned long)cp, out);
  }
  default: /* '"', '\\', '/' */
    out[0] = (unsigned char)ch;
    return 1;
  }
}

/* Reads the string at the cursor and tells whether, unescaped, it equals
 * `key`. */
static bool string_equals(cursor *c, const char *key) {
  const unsigned char *k = (const unsigned char *)key;
  bool same = true;
  advance(c); /* the opening quote */
  for (int ch = peek(c); ch != -1 && ch != '"'; ch = peek(c)) {
    unsigned char bytes[4];
    size_t n = 1;
    if (ch == '\\') {
      advance(c);
      n = read_escape(c, bytes);
    } else {
      bytes[0] = (unsigned char)ch;
      advance(c);
    }
    for (size_t i = 0; i < n && same; i++) {
      same = *k != '\0' && *k == bytes[i];
      k++;
    }
  }
  advance(c);
  return same && *k == '\0';
}

/* Moves the cursor from an object's '{' to the value of member `key` (or to
 * its key when `at_key`). */
static bool enter_member(cursor *c, const char *key, bool at_key) {
  if (peek(c) != '{') {
    return false;
  }
  advance(c);
  skip_space(c);
  while (peek(c) == '"') {
    cursor key_start = *c;
    bool match = string_equals(c, key);
    skip_space(c);
    advance(c); /* ':' */
    skip_space(c);
    if (match) {
      if (at_key) {
        *c = key_start;
      }
      return true;
    }
    skip_value(c);
    skip_space(c);
    if (peek(c) == ',') {
      advance(c);
      skip_space(c);
    }
  }
  return false;
}

/* Moves the cursor from an array's '[' to element `index`. */
static bool enter_element(cursor *c, size_t index) {
  if (peek(c) != '[') {
    return false;
  }
  advance(c);
  skip_space(c);
  for (size_t i = 0; i < index; i++) {
    if (peek(c) == ']' || peek(c) == -1) {
      return false;
    }
    skip_value(c);
    skip_space(c);
    if (peek(c) == ',') {
      advance(c);
      skip_space(c);
    }
  }
  return peek(c) != ']' && peek(c) != -1;
}

bool pj_locate(const char *text, size_t length, const pj_step *path,
               size_t depth, bool at_key, size_t *line, size_t *column) {
  cursor c = {(const unsigned char *)text, (const unsigned char *)text + length,
              1, 0};
  skip_space(&c);
  cursor first = c;
  bool found = true;
  for (size_t i = 0; i < depth && found; i++) {
    if (path[i].key != NULL) {
      found = enter_member(&c, path[i].key, at_key && i + 1 == depth);
    } else {
      found = enter_element(&c, path[i].index);
    }
  }
  if (!found) {
    c = first;
  }
  *line = c.line;
  *column = c.column + 1;
  return found;
}

void pj_offset_position(const char *text, size_t length, size_t offset,
                        size_t *line, size_t *column) {
  cursor c = {(const unsigned char *)text,
              (const unsigned char *)text + (offset < length ? offset : length),
              1, 0};
  while (c.p < c.end) {
    advance(&c);
  }
  *line = c.line;
  *column = c.column + 1;
}

/* ---- offsets, for reading arrays one element at a time ------------------ */

/* These run over every byte of long arrays, so they keep no line or column:
 * a pointer and the limit. Like the cursor they never read past the limit,
 * whatever the text. */

static const char *fast_space(const char *p, const char *end) {
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) {
    p++;
  }
  return p;
}

/* From an opening quote to just after the closing one. */
static const char *fast_string(const char *p, const char *end) {
  p++;
  while (p < end) {
    const char *q = memchr(p, '"', (size_t)(end - p));
    if (q == NULL) {
      return end;
    }
    /* The quote closes the string unless an odd run of backslashes
     * escapes it. */
    size_t backslashes = 0;
    while (q - backslashes > p && q[-1 - (ptrdiff_t)backslashes] == '\\') {
      backslashes++;
    }
    p = q + 1;
    if (backslashes % 2 == 0) {
      return p;
    }
  }
  return end;
}

static const char *fast_value(const char *p, const char *end) {
  if (p >= end) {
    return end;
  }
  if (*p == '"') {
    return fast_string(p, end);
  }
  if (*p == '{' || *p == '[') {
    size_t depth = 0;
    while (p < end) {
      char ch = *p;
      if (ch == '"') {
        p = fast_string(p, end);
        continue;
      }
      if (ch == '{' || ch == '[') {
        depth++;
      } else if ((ch == '}' || ch == ']') && --depth == 0) {
        return p + 1;
      }
      p++;
    }
    return end;
  }
  while (p < end && strchr(",]} \t\r\n", *p) == NULL) {
    p++;
  }
  return p;
}

size_t pj_skip_space_at(const char *text, size_t limit, size_t at) {
  return (size_t)(fast_space(text + at, text + limit) - text);
}

size_t pj_value_end(const char *text, size_t limit, size_t at) {
  return (size_t)(fast_value(text + at, text + limit) - text);
}

bool pj_member_at(const char *text, size_t limit, size_t at, const char *key,
                  size_t *value_at) {
  cursor c = {(const unsigned char *)text + at,
              (const unsigned char *)text + limit, 1, 0};
  if (!enter_member(&c, key, false)) {
    return false;
  }
  *value_at = (size_t)(c.p - (const unsigned char *)text);
  return *value_at < limit;
}

void pj_array_extent(const char *text, size_t limit, size_t open,
                     pj_extent *out) {
  const char *end = text + limit;
  memset(out, 0, sizeof *out);
  const char *p = fast_space(text + open + 1, end);
  out->first = (size_t)(p - text);
  out->last = out->first;
  while (p < end && *p != ']') {
    out->last = (size_t)(p - text);
    out->count++;
    p = fast_space(fast_value(p, end), end);
    if (p >= end || *p != ',') {
      break;
    }
    p = fast_space(p + 1, end);
  }
  if (p < end && *p == ']') {
    out->closed = true;
    out->close = (size_t)(p - text);
  }
}
