/* strbuf.c - the growing string behind the result writer. */
#include "strbuf.h"

#include "scratch.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

void pj_buf_use(pj_buf *b, char *data, size_t capacity) {
  *b = (pj_buf)PJ_BUF_INIT;
  b->data = data;
  b->capacity = capacity;
  b->fixed = true;
  data[0] = '\0';
}

void pj_buf_release(pj_buf *b) {
  if (b->fixed || b->counting) {
    return;
  }
  pj_scratch_free(b->data);
  b->data = NULL;
  b->length = 0;
  b->capacity = 0;
}

static bool reserve(pj_buf *b, size_t extra) {
  if (b->failed) {
    return false;
  }
  if (extra >= SIZE_MAX - b->length) {
    b->failed = true;
    return false;
  }
  size_t need = b->length + extra + 1;
  if (need <= b->capacity) {
    return true;
  }
  size_t cap = b->capacity == 0 ? 256 : b->capacity;
  while (cap < need) {
    cap = cap > SIZE_MAX / 2 ? need : cap * 2;
  }
  char *bigger = pj_scratch_grow(b->data, b->length + 1, cap);
  if (bigger == NULL) {
    b->failed = true;
    return false;
  }
  b->data = bigger;
  b->capacity = cap;
  return true;
}

void pj_buf_append(pj_buf *b, const char *s, size_t n) {
  if (b->counting || b->fixed) {
    if (b->fixed && b->length < b->capacity - 1) {
      size_t room = b->capacity - 1 - b->length;
      size_t kept = n < room ? n : room;
      memcpy(b->data + b->length, s, kept);
      b->data[b->length + kept] = '\0';
    }
    b->failed = b->failed || n > SIZE_MAX - b->length;
    b->length += n;
    return;
  }
  if (!reserve(b, n)) {
    return;
  }
  memcpy(b->data + b->length, s, n);
  b->length += n;
  b->data[b->length] = '\0';
}

void pj_buf_puts(pj_buf *b, const char *s) {
  pj_buf_append(b, s, strlen(s));
}

void pj_buf_printf(pj_buf *b, const char *fmt, ...) {
  char small[128];
  va_list ap;
  va_start(ap, fmt);
  // NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized): as below
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0) {
    b->failed = true;
    return;
  }
  if ((size_t)n < sizeof small) {
    pj_buf_append(b, small, (size_t)n);
    return;
  }
  if (b->counting || b->fixed) {
    /* Longer than the small buffer: count it, and keep what fits. */
    if (b->fixed && b->length < b->capacity - 1) {
      va_start(ap, fmt);
      // NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized): as below
      (void)vsnprintf(b->data + b->length, b->capacity - b->length, fmt, ap);
      va_end(ap);
    }
    b->failed = b->failed || (size_t)n > SIZE_MAX - b->length;
    b->length += (size_t)n;
    return;
  }
  if (!reserve(b, (size_t)n)) {
    return;
  }
  va_start(ap, fmt);
  /* clang-analyzer loses va_start's initialisation of an x86-64 va_list
   * across the reserve() call above: a false positive. */
  // NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized)
  (void)vsnprintf(b->data + b->length, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->length += (size_t)n;
}

void pj_buf_json_string(pj_buf *b, const char *s) {
  pj_buf_append(b, "\"", 1);
  const char *run = s;
  for (const char *p = s; *p != '\0'; p++) {
    unsigned char ch = (unsigned char)*p;
    if (ch >= 0x20 && ch != '"' && ch != '\\') {
      continue;
    }
    pj_buf_append(b, run, (size_t)(p - run));
    run = p + 1;
    switch (ch) {
    case '"':
      pj_buf_puts(b, "\\\"");
      break;
    case '\\':
      pj_buf_puts(b, "\\\\");
      break;
    case '\n':
      pj_buf_puts(b, "\\n");
      break;
    case '\r':
      pj_buf_puts(b, "\\r");
      break;
    case '\t':
      pj_buf_puts(b, "\\t");
      break;
    default:
      pj_buf_printf(b, "\\u%04x", (unsigned)ch);
      break;
    }
  }
  pj_buf_append(b, run, strlen(run));
  pj_buf_append(b, "\"", 1);
}
