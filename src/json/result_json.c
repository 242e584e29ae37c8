/* result_json.c - the outcome of an apply as the JSON object of `promo
 * check`, keys in the documented order. Written by hand rather than through
 * jansson, so that the layout is the documented one, byte for byte. */
#include "scratch.h"
#include "strbuf.h"
#include "time_text.h"

#include <inttypes.h>
#include <stdint.h>
#include <string.h>

/* Separators of one layout. */
typedef struct layout {
  const char *open;        /* after the outer '{' */
  const char *next;        /* between members of the outer object */
  const char *close;       /* before the outer '}' */
  const char *colon;       /* between a key and its value */
  const char *lines_open;  /* after the '[' of "lines" */
  const char *lines_next;  /* between lines */
  const char *lines_close; /* before the ']' of "lines" */
  const char *line_open;   /* after a line's '{' */
  const char *line_next;   /* between a line's members */
  const char *line_close;  /* before a line's '}' */
} layout;

static const layout PRETTY = {"\n  ",    ",\n  ", "\n", ": ", "\n    ",
                              ",\n    ", "\n  ",  " ",  ", ", " "};
static const layout COMPACT = {"", ",", "", ":", "", ",", "", "", ",", ""};

static void key(pj_buf *b, const layout *l, const char *sep, const char *name) {
  pj_buf_puts(b, sep);
  pj_buf_json_string(b, name);
  pj_buf_puts(b, l->colon);
}

static void int_member(pj_buf *b, const layout *l, const char *sep,
                       const char *name, int64_t v) {
  key(b, l, sep, name);
  pj_buf_printf(b, "%" PRId64, v);
}

static void string_member(pj_buf *b, const layout *l, const char *sep,
                          const char *name, const char *v) {
  key(b, l, sep, name);
  if (v == NULL) {
    pj_buf_puts(b, "null");
  } else {
    pj_buf_json_string(b, v);
  }
}

static void render_line(pj_buf *b, const layout *l, const promo_result *r,
                        const promo_order *o, size_t i) {
  promo_status st = promo_result_line_status(r, i);
  pj_buf_puts(b, "{");
  string_member(b, l, l->line_open, "subscription",
                promo_order_line_subscription(o, i));
  string_member(b, l, l->line_next, "status", promo_status_name(st));
  const char *reason = promo_result_line_reason(r, i);
  if (reason != NULL && reason[0] != '\0') {
    string_member(b, l, l->line_next, "reason", reason);
  }
  if (st == PROMO_OK) {
    char ends[PJ_TIME_TEXT_MAX];
    pj_format_utc(promo_result_line_discount_ends(r, i), ends);
    int_member(b, l, l->line_next, "discounted_licenses",
               promo_result_line_discounted_licenses(r, i));
    int_member(b, l, l->line_next, "discount",
               promo_result_line_discount(r, i));
    string_member(b, l, l->line_next, "discount_ends", ends);
  }
  pj_buf_puts(b, l->line_close);
  pj_buf_puts(b, "}");
}

static void render(pj_buf *b, const layout *l, const promo_result *r,
                   const promo_order *o, const char *locale) {
  promo_status st = promo_result_status(r);
  pj_buf_puts(b, "{");
  string_member(b, l, l->open, "status", promo_status_name(st));
  string_member(b, l, l->next, "code", promo_result_code(r));
  const char *campaign = promo_result_campaign(r);
  if (campaign != NULL) {
    string_member(b, l, l->next, "campaign", campaign);
  }
  string_member(b, l, l->next, "message", promo_status_message(st, locale));
  const char *reason = promo_result_reason(r);
  if (reason != NULL && reason[0] != '\0') {
    string_member(b, l, l->next, "reason", reason);
  }
  string_member(b, l, l->next, "currency", promo_order_currency(o));
  int_member(b, l, l->next, "subtotal", promo_result_subtotal(r));
  int_member(b, l, l->next, "discount", promo_result_discount(r));
  int_member(b, l, l->next, "total", promo_result_total(r));
  key(b, l, l->next, "lines");
  size_t n = promo_result_line_count(r);
  pj_buf_puts(b, "[");
  for (size_t i = 0; i < n; i++) {
    pj_buf_puts(b, i == 0 ? l->lines_open : l->lines_next);
    render_line(b, l, r, o, i);
  }
  pj_buf_puts(b, n == 0 ? "" : l->lines_close);
  pj_buf_puts(b, "]");
  pj_buf_puts(b, l->close);
  pj_buf_puts(b, "}");
}

static bool arguments_ok(const promo_result *r, const promo_order *o,
                         unsigned int flags) {
  return r != NULL && o != NULL && (flags & ~PROMO_JSON_COMPACT) == 0 &&
         promo_result_line_count(r) == promo_order_line_count(o);
}

static const layout *layout_of(unsigned int flags) {
  return (flags & PROMO_JSON_COMPACT) != 0 ? &COMPACT : &PRETTY;
}

/* The length of the text, rendered once without storing it: the text is
 * then written into a buffer of exactly its size, never grown and copied
 * (an order of many lines would need three times its text). */
static size_t measure(const promo_result *r, const promo_order *o,
                      const char *locale, unsigned int flags) {
  pj_buf counter = PJ_BUF_COUNTING;
  render(&counter, layout_of(flags), r, o, locale);
  return counter.length;
}

promo_status promo_json_result_string(char **out, size_t *length,
                                      const promo_result *result,
                                      const promo_order *order,
                                      const char *locale, unsigned int flags) {
  if (out == NULL || !arguments_ok(result, order, flags)) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  size_t needed = measure(result, order, locale, flags);
  if (needed == SIZE_MAX) {
    return PROMO_ERR_NO_MEMORY;
  }
  char *text = pj_scratch_alloc(needed + 1);
  if (text == NULL) {
    return PROMO_ERR_NO_MEMORY;
  }
  pj_buf b;
  pj_buf_use(&b, text, needed + 1);
  render(&b, layout_of(flags), result, order, locale);
  if (b.failed) {
    pj_scratch_free(text);
    return PROMO_ERR_NO_MEMORY;
  }
  if (length != NULL) {
    *length = needed;
  }
  *out = text;
  return PROMO_OK;
}

void promo_json_free(char *text) {
  pj_scratch_free(text);
}
