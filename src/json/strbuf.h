/* strbuf.h - a growing string that remembers running out of memory, so
 * that writers append without checking each step. */
#ifndef PROMO_JSON_SRC_STRBUF_H
#define PROMO_JSON_SRC_STRBUF_H

#include "json_error.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct pj_buf {
  char *data; /* NUL-terminated once anything was appended */
  size_t length;
  size_t capacity;
  bool failed;   /* an allocation failed: the content is incomplete */
  bool counting; /* only `length` is kept: nothing is stored */
  bool fixed;    /* data is the caller's: never grown or freed; what does
                    not fit is cut */
} pj_buf;

#define PJ_BUF_INIT                                                            \
  { NULL, 0, 0, false, false, false }

/* A buffer that stores nothing and counts the bytes appended: render once
 * into it to learn the length, then into a buffer of exactly that size. */
#define PJ_BUF_COUNTING                                                        \
  { NULL, 0, 0, false, true, false }

/* Makes *b write into the caller's `data` of `capacity` bytes (at least 1),
 * NUL-terminated: a text that does not fit is cut, `length` still counts
 * all of it. */
void pj_buf_use(pj_buf *b, char *data, size_t capacity);

void pj_buf_release(pj_buf *b);
void pj_buf_append(pj_buf *b, const char *s, size_t n);
void pj_buf_puts(pj_buf *b, const char *s);
PJ_PRINTF(2, 3) void pj_buf_printf(pj_buf *b, const char *fmt, ...);

/* Appends `s` as a JSON string: quoted, with '"', '\\' and control
 * characters escaped; other UTF-8 is copied as it is. */
void pj_buf_json_string(pj_buf *b, const char *s);

#endif
