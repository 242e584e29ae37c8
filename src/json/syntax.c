/* syntax.c - a JSON recogniser with a fixed-size stack: no allocation, no
 * recursion, and it never reads past the end of the text. */
#include "syntax.h"

#include <limits.h>
#include <string.h>

typedef struct scan {
  const unsigned char *p;
  const unsigned char *end;
} scan;

static int peek(const scan *s) {
  return s->p < s->end ? *s->p : -1;
}

static void skip_space(scan *s) {
  while (s->p < s->end &&
         (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r')) {
    s->p++;
  }
}

static bool eat(scan *s, int ch) {
  if (peek(s) != ch) {
    return false;
  }
  s->p++;
  return true;
}

static bool in_range(int ch, int lo, int hi) {
  return ch >= lo && ch <= hi;
}

/* One UTF-8 sequence of two to four bytes: no overlong forms, no encoded
 * surrogates, nothing beyond U+10FFFF. */
static bool utf8_sequence(scan *s) {
  int first = peek(s);
  int lo = 0x80;
  int hi = 0xBF;
  int more = 0;
  if (in_range(first, 0xC2, 0xDF)) {
    more = 1;
  } else if (in_range(first, 0xE0, 0xEF)) {
    more = 2;
    lo = first == 0xE0 ? 0xA0 : 0x80;
    hi = first == 0xED ? 0x9F : 0xBF;
  } else if (in_range(first, 0xF0, 0xF4)) {
    more = 3;
    lo = first == 0xF0 ? 0x90 : 0x80;
    hi = first == 0xF4 ? 0x8F : 0xBF;
  } else {
    return false;
  }
  s->p++;
  for (int i = 0; i < more; i++) {
    if (!in_range(peek(s), i == 0 ? lo : 0x80, i == 0 ? hi : 0xBF)) {
      return false;
    }
    s->p++;
  }
  return true;
}

/* Four hex digits after "\u", as a code unit; -1 when they are not. */
static long hex4(scan *s) {
  long v = 0;
  for (int i = 0; i < 4; i++) {
    int ch = peek(s);
    int digit = in_range(ch, '0', '9')   ? ch - '0'
                : in_range(ch, 'a', 'f') ? ch - 'a' + 10
                : in_range(ch, 'A', 'F') ? ch - 'A' + 10
                                         : -1;
    if (digit < 0) {
      return -1;
    }
    v = v * 16 + digit;
    s->p++;
  }
  return v;
}

/* The escape after a backslash. */
static bool escape(scan *s) {
  static const char SIMPLE[] = "\"\\/bfnrt";
  int ch = peek(s);
  /* memchr, not strchr: strchr would find a NUL byte in the terminator. */
  if (ch != -1 && memchr(SIMPLE, ch, sizeof SIMPLE - 1) != NULL) {
    s->p++;
    return true;
  }
  if (!eat(s, 'u')) {
    return false;
  }
  long unit = hex4(s);
  if (unit < 0 || in_range((int)unit, 0xDC00, 0xDFFF)) {
    return false; /* a low surrogate needs a high one before it */
  }
  if (!in_range((int)unit, 0xD800, 0xDBFF)) {
    return true;
  }
  if (!eat(s, '\\') || !eat(s, 'u')) {
    return false;
  }
  return in_range((int)hex4(s), 0xDC00, 0xDFFF);
}

static bool string(scan *s) {
  if (!eat(s, '"')) {
    return false;
  }
  for (;;) {
    int ch = peek(s);
    if (ch == '"') {
      s->p++;
      return true;
    }
    if (ch == -1 || ch < 0x20) {
      return false;
    }
    if (ch == '\\') {
      s->p++;
      if (!escape(s)) {
        return false;
      }
    } else if (ch >= 0x80) {
      if (!utf8_sequence(s)) {
        return false;
      }
    } else {
      s->p++;
    }
  }
}

static bool digits(scan *s) {
  if (!in_range(peek(s), '0', '9')) {
    return false;
  }
  while (in_range(peek(s), '0', '9')) {
    s->p++;
  }
  return true;
}

static bool number(scan *s) {
  (void)eat(s, '-');
  if (!eat(s, '0') && !digits(s)) {
    return false;
  }
  if (eat(s, '.') && !digits(s)) {
    return false;
  }
  if (eat(s, 'e') || eat(s, 'E')) {
    if (!eat(s, '+')) {
      (void)eat(s, '-');
    }
    return digits(s);
  }
  return true;
}

static bool literal(scan *s, const char *word) {
  size_t n = strlen(word);
  if ((size_t)(s->end - s->p) < n || memcmp(s->p, word, n) != 0) {
    return false;
  }
  s->p += n;
  return true;
}

/* A scalar value; what may follow it is checked by the caller. */
static bool scalar(scan *s) {
  switch (peek(s)) {
  case '"':
    return string(s);
  case 't':
    return literal(s, "true");
  case 'f':
    return literal(s, "false");
  case 'n':
    return literal(s, "null");
  default:
    return number(s);
  }
}

/* After a '{' or a ',' in an object: a key, its colon, and the space up to
 * the value. */
static bool member_key(scan *s) {
  skip_space(s);
  if (!string(s)) {
    return false;
  }
  skip_space(s);
  if (!eat(s, ':')) {
    return false;
  }
  skip_space(s);
  return true;
}

/* The grammar from s->p to s->end; on a failure s->p is where it was
 * noticed. */
static bool grammar(scan *s) {
  /* One bit per open container: set for an object, clear for an array. */
  unsigned char objects[PJ_SYNTAX_MAX_DEPTH / CHAR_BIT] = {0};
  size_t depth = 0;
  skip_space(s);
  if (peek(s) != '{' && peek(s) != '[') {
    return false;
  }
  for (;;) {
    /* A value starts here. */
    int ch = peek(s);
    if (ch == '{' || ch == '[') {
      if (depth == PJ_SYNTAX_MAX_DEPTH) {
        return false;
      }
      unsigned char bit = (unsigned char)(1u << (depth % CHAR_BIT));
      if (ch == '{') {
        objects[depth / CHAR_BIT] |= bit;
      } else {
        objects[depth / CHAR_BIT] &= (unsigned char)~bit;
      }
      depth++;
      s->p++;
      skip_space(s);
      if (!eat(s, ch == '{' ? '}' : ']')) {
        if (ch == '{' && !member_key(s)) {
          return false;
        }
        continue; /* to the first value */
      }
      depth--; /* an empty object or array */
    } else if (!scalar(s)) {
      return false;
    }
    /* After a value: close containers, or go on to the next value. */
    for (;;) {
      skip_space(s);
      if (depth == 0) {
        return s->p == s->end;
      }
      bool in_object = ((unsigned)objects[(depth - 1) / CHAR_BIT] >>
                        ((depth - 1) % CHAR_BIT)) &
                       1u;
      if (eat(s, in_object ? '}' : ']')) {
        depth--;
        continue;
      }
      if (!eat(s, ',')) {
        return false;
      }
      skip_space(s);
      if (in_object && !member_key(s)) {
        return false;
      }
      break;
    }
  }
}

bool pj_well_formed_at(const char *text, size_t length, size_t *error_at) {
  scan s = {(const unsigned char *)text, (const unsigned char *)text + length};
  bool ok = grammar(&s);
  *error_at = ok ? length : (size_t)(s.p - (const unsigned char *)text);
  return ok;
}

bool pj_well_formed(const char *text, size_t length) {
  size_t error_at = 0;
  return pj_well_formed_at(text, length, &error_at);
}
