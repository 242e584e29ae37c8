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

/* The statuses a reason can be, in check order (README, "The check
 * order"): status values follow it up to 12, but malformed_code (R1) and
 * store_unavailable (R11) were added later with the next free values. */
static const promo_status CHECK_ORDER[] = {
    PROMO_ERR_MALFORMED_CODE,    PROMO_ERR_CODE_NOT_FOUND,
    PROMO_ERR_EXPIRED,           PROMO_ERR_NOT_YET_ACTIVE,
    PROMO_ERR_WRONG_REGION,      PROMO_ERR_NOT_NEW_SUBSCRIPTION,
    PROMO_ERR_ALREADY_HAS_PROMO, PROMO_ERR_NOT_APPLICABLE,
    PROMO_ERR_CURRENCY_MISMATCH, PROMO_ERR_REDEMPTION_LIMIT,
    PROMO_ERR_STORE_UNAVAILABLE, PROMO_ERR_REJECTED_BY_HOST,
    PROMO_ERR_INVALID_ARGUMENT,  PROMO_ERR_NO_MEMORY};

/* Appends a JSON array of the names of the statuses in `mask` (bit 1u <<
 * status), in check order; any status not in CHECK_ORDER after them, by
 * value. */
static void reasons_member(pj_buf *b, const layout *l, const char *sep,
                           uint32_t mask) {
  key(b, l, sep, "reasons");
  pj_buf_puts(b, "[");
  const char *comma = "";
  for (size_t i = 0; i < sizeof CHECK_ORDER / sizeof CHECK_ORDER[0]; i++) {
    uint32_t bit = UINT32_C(1) << (unsigned)CHECK_ORDER[i];
    if (mask & bit) {
      pj_buf_puts(b, comma);
      pj_buf_json_string(b, promo_status_name(CHECK_ORDER[i]));
      comma = l->line_next;
      mask &= ~bit;
    }
  }
  for (unsigned st = 0; st < 32; st++) {
    if (mask & (UINT32_C(1) << st)) {
      pj_buf_puts(b, comma);
      pj_buf_json_string(b, promo_status_name((promo_status)st));
      comma = l->line_next;
    }
  }
  pj_buf_puts(b, "]");
}

/* What the customer may see of a result: for an anonymous apply that was
 * refused after the code was found, nothing that tells it exists (no
 * campaign, no reasons or hints, the customer status on every line). */
typedef struct view {
  promo_status status;
  bool hidden; /* the precise answer is the host's only */
  bool explained;
} view;

static view view_of(const promo_result *r) {
  view v;
  v.status = promo_result_customer_status(r);
  v.hidden = v.status != promo_result_status(r);
  v.explained = promo_result_explained(r) && !promo_result_anonymous(r);
  return v;
}

static void render_line(pj_buf *b, const layout *l, const promo_result *r,
                        const promo_order *o, const view *v, size_t i) {
  promo_status st = v->hidden ? v->status : promo_result_line_status(r, i);
  pj_buf_puts(b, "{");
  string_member(b, l, l->line_open, "subscription",
                promo_order_line_subscription(o, i));
  string_member(b, l, l->line_next, "status", promo_status_name(st));
  const char *reason = promo_result_line_reason(r, i);
  if (!v->hidden && reason != NULL && reason[0] != '\0') {
    string_member(b, l, l->line_next, "reason", reason);
  }
  if (v->explained) {
    reasons_member(b, l, l->line_next, promo_result_line_reasons(r, i));
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
                   const promo_order *o, const char *message) {
  view v = view_of(r);
  pj_buf_puts(b, "{");
  string_member(b, l, l->open, "status", promo_status_name(v.status));
  string_member(b, l, l->next, "code", promo_result_code(r));
  const char *campaign = promo_result_campaign(r);
  if (campaign != NULL && !v.hidden) {
    string_member(b, l, l->next, "campaign", campaign);
  }
  string_member(b, l, l->next, "message", message);
  promo_hint hint = promo_result_customer_hint(r);
  if (hint != PROMO_HINT_NONE) {
    string_member(b, l, l->next, "hint", promo_hint_name(hint));
  }
  const char *reason = promo_result_reason(r);
  if (!v.hidden && reason != NULL && reason[0] != '\0') {
    string_member(b, l, l->next, "reason", reason);
  }
  if (v.explained) {
    reasons_member(b, l, l->next, promo_result_reasons(r));
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
    render_line(b, l, r, o, &v, i);
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
                      const char *message, unsigned int flags) {
  pj_buf counter = PJ_BUF_COUNTING;
  render(&counter, layout_of(flags), r, o, message);
  return counter.length;
}

promo_status promo_json_result_string(char **out, size_t *length,
                                      const promo_result *result,
                                      const promo_order *order,
                                      const char *locale, unsigned int flags) {
  if (out == NULL || !arguments_ok(result, order, flags)) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  /* Formatted once, for both passes. */
  char message[PROMO_MESSAGE_MAX];
  size_t message_length = 0;
  promo_status st = promo_result_message(&message_length, message,
                                         sizeof message, result, locale);
  if (st != PROMO_OK) {
    return st; /* it always fits: only memory can run out */
  }
  size_t needed = measure(result, order, message, flags);
  if (needed == SIZE_MAX) {
    return PROMO_ERR_NO_MEMORY;
  }
  char *text = pj_scratch_alloc(needed + 1);
  if (text == NULL) {
    return PROMO_ERR_NO_MEMORY;
  }
  pj_buf b;
  pj_buf_use(&b, text, needed + 1);
  render(&b, layout_of(flags), result, order, message);
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
