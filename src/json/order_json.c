/* order_json.c - an order file into a promo_order on a catalog. */
#include "document.h"
#include "json_error.h"
#include "options.h"
#include "scratch.h"
#include "source_text.h"
#include "time_text.h"

#include "../quote.h"

#include <stdint.h>
#include <string.h>

static const char *const ORDER_KEYS[] = {"id",        "country",   "currency",
                                         "time_zone", "placed_at", "completed",
                                         "lines",     NULL};
static const char *const LINE_KEYS[] = {
    "subscription", "product",    "new",        "term",
    "licenses",     "unit_price", "promo_code", NULL};

typedef struct order_ctx {
  pj_doc doc;
  promo_order *order;
} order_ctx;

/* The order refused a value: its text, pointed at member `key`. */
static promo_status refused(order_ctx *x, const char *key, promo_status st) {
  if (st == PROMO_ERR_NO_MEMORY) {
    return pj_out_of_memory(x->doc.error, x->doc.name);
  }
  return pj_fail_member(&x->doc, key, false, st, "%s",
                        promo_order_error(x->order));
}

/* A required or optional string member handed to a setter. */
static promo_status
load_string(order_ctx *x, json_t *obj, const char *key, bool required,
            promo_status (*set)(promo_order *, const char *)) {
  const char *s = NULL;
  promo_status st = pj_string_member(&x->doc, obj, key, required, &s, NULL);
  if (st != PROMO_OK || s == NULL) {
    return st;
  }
  st = set(x->order, s);
  return st == PROMO_OK ? st : refused(x, key, st);
}

static promo_status load_placed_at(order_ctx *x, json_t *obj) {
  const char *s = NULL;
  promo_status st = pj_string_member(&x->doc, obj, "placed_at", true, &s, NULL);
  if (st != PROMO_OK) {
    return st;
  }
  int64_t t = 0;
  const char *why = NULL;
  promo_quoted q;
  if (!pj_parse_rfc3339(s, &t, &why)) {
    return pj_fail_member(&x->doc, "placed_at", false,
                          PROMO_ERR_INVALID_ARGUMENT,
                          "placed_at \"%s\" is not an RFC 3339 date-time: %s",
                          promo_quote_str(&q, s), why);
  }
  st = promo_order_set_placed_at(x->order, t);
  if (st == PROMO_ERR_INVALID_ARGUMENT) {
    return pj_fail_member(&x->doc, "placed_at", false, st,
                          "placed_at \"%s\" is outside the years 0001 to "
                          "9999 (in UTC)",
                          promo_quote_str(&q, s));
  }
  return st == PROMO_OK ? st : refused(x, "placed_at", st);
}

/* Which member of a line promo_order_add_line() refused, found by the same
 * checks in the same order, so that the error points at it. */
static const char *blame_line(const promo_order *order,
                              const char *subscription, const char *product,
                              int64_t licenses, int64_t unit_price) {
  if (subscription[0] == '\0') {
    return "subscription";
  }
  if (product[0] == '\0') {
    return "product";
  }
  if (licenses < 1) {
    return "licenses";
  }
  if (unit_price < 0) {
    return "unit_price";
  }
  /* Both are >= 0 here, and so is the subtotal. */
  if (unit_price > 0 && licenses > INT64_MAX / unit_price) {
    return "unit_price";
  }
  if (unit_price * licenses > INT64_MAX - promo_order_subtotal(order)) {
    return "unit_price";
  }
  return "subscription"; /* twice in the order */
}

static promo_status load_line(order_ctx *x, json_t *obj) {
  pj_doc *d = &x->doc;
  promo_status st = pj_expect(d, obj, JSON_OBJECT, "each line");
  if (st == PROMO_OK) {
    st = pj_known_keys(d, obj, LINE_KEYS, "a line");
  }
  const char *subscription = NULL;
  const char *product = NULL;
  const char *term_name = NULL;
  const char *code = NULL;
  size_t code_len = 0;
  bool is_new = false;
  int64_t licenses = 0;
  int64_t unit_price = 0;
  if (st == PROMO_OK) {
    st = pj_string_member(d, obj, "subscription", true, &subscription, NULL);
  }
  if (st == PROMO_OK) {
    st = pj_string_member(d, obj, "product", true, &product, NULL);
  }
  if (st == PROMO_OK) {
    st = pj_bool_member(d, obj, "new", true, &is_new, NULL);
  }
  if (st == PROMO_OK) {
    st = pj_string_member(d, obj, "term", true, &term_name, NULL);
  }
  if (st == PROMO_OK) {
    st = pj_integer_member(d, obj, "licenses", true, &licenses, NULL);
  }
  if (st == PROMO_OK) {
    st = pj_integer_member(d, obj, "unit_price", true, &unit_price, NULL);
  }
  if (st == PROMO_OK) {
    st = pj_string_member(d, obj, "promo_code", false, &code, &code_len);
  }
  if (st != PROMO_OK) {
    return st;
  }
  promo_term term = PROMO_TERM_MONTHLY;
  if (promo_term_from_name(&term, term_name) != PROMO_OK) {
    promo_quoted q;
    return pj_fail_member(d, "term", false, PROMO_ERR_INVALID_ARGUMENT,
                          "unknown term \"%s\": use monthly, annual or "
                          "annual_paid_monthly",
                          promo_quote_str(&q, term_name));
  }
  size_t index = 0;
  st = promo_order_add_line(&index, x->order, subscription, product, is_new,
                            term, licenses, unit_price);
  if (st != PROMO_OK) {
    return refused(
        x, blame_line(x->order, subscription, product, licenses, unit_price),
        st);
  }
  if (code != NULL) {
    st = promo_order_set_line_promo_code(x->order, index, code, code_len);
    st = st == PROMO_OK ? st : refused(x, "promo_code", st);
  }
  return st;
}

static promo_status load_lines(order_ctx *x, json_t *obj) {
  pj_doc *d = &x->doc;
  json_t *lines = NULL;
  promo_status st = pj_member(d, obj, "lines", true, JSON_ARRAY, &lines);
  if (st != PROMO_OK) {
    return st;
  }
  pj_elements it;
  pj_elements_begin(d, obj, "lines", lines, &it);
  if (it.count == 0) {
    pj_elements_end(&it);
    return pj_fail_member(d, "lines", false, PROMO_ERR_INVALID_ARGUMENT,
                          "an order needs at least one line");
  }
  pj_enter_key(d, "lines");
  for (size_t i = 0; i < it.count && st == PROMO_OK; i++) {
    json_t *line = NULL;
    pj_enter_index(d, i);
    st = pj_elements_next(&it, &line);
    if (st == PROMO_OK) {
      st = load_line(x, line);
    }
    pj_leave(d);
  }
  pj_leave(d);
  pj_elements_end(&it);
  return st;
}

static promo_status load_order(order_ctx *x) {
  pj_doc *d = &x->doc;
  json_t *root = d->root;
  promo_status st = pj_expect(d, root, JSON_OBJECT, "the order");
  if (st == PROMO_OK) {
    st = pj_known_keys(d, root, ORDER_KEYS, "the order");
  }
  if (st == PROMO_OK) {
    st = load_string(x, root, "id", true, promo_order_set_id);
  }
  if (st == PROMO_OK) {
    st = load_string(x, root, "country", true, promo_order_set_country);
  }
  if (st == PROMO_OK) {
    st = load_string(x, root, "currency", true, promo_order_set_currency);
  }
  if (st == PROMO_OK) {
    st = load_string(x, root, "time_zone", false, promo_order_set_time_zone);
  }
  if (st == PROMO_OK) {
    st = load_placed_at(x, root);
  }
  bool completed = false;
  bool has_completed = false;
  if (st == PROMO_OK) {
    st =
        pj_bool_member(d, root, "completed", false, &completed, &has_completed);
  }
  if (st == PROMO_OK && has_completed) {
    st = promo_order_set_completed(x->order, completed);
    st = st == PROMO_OK ? st : refused(x, "completed", st);
  }
  if (st == PROMO_OK) {
    st = load_lines(x, root);
  }
  return st;
}

/* Parses an order's text, its size already checked. */
static promo_status parse_order(promo_order **out, promo_json_error *error,
                                promo_catalog *catalog, const char *text,
                                size_t length, const char *name) {
  order_ctx x = {.order = NULL};
  promo_status st = promo_order_new(&x.order, catalog);
  if (st != PROMO_OK) {
    return st == PROMO_ERR_NO_MEMORY
               ? pj_out_of_memory(error, name)
               : pj_error(error, st, name, 0, 0, "cannot make an order");
  }
  st = pj_doc_parse(&x.doc, name, text == NULL ? "" : text, length, "lines",
                    NULL, error);
  if (st == PROMO_OK) {
    st = load_order(&x);
  }
  pj_doc_release(&x.doc);
  if (st != PROMO_OK) {
    promo_order_free(x.order);
    return st;
  }
  *out = x.order;
  return PROMO_OK;
}

promo_status promo_json_parse_order(promo_order **out, promo_json_error *error,
                                    promo_catalog *catalog, const char *text,
                                    size_t length, const char *name,
                                    const promo_json_options *options) {
  pj_error_clear(error);
  name = name == NULL ? "<string>" : name;
  if (out == NULL || catalog == NULL || (text == NULL && length > 0)) {
    return pj_error(error, PROMO_ERR_INVALID_ARGUMENT, name, 0, 0,
                    "no order or no catalog to read");
  }
  promo_json_options o;
  promo_status st = pj_options_read(&o, options, name, error);
  if (st != PROMO_OK) {
    return st;
  }
  if (length > o.max_order_bytes) {
    return pj_error(error, PROMO_ERR_INVALID_ARGUMENT, name, 0, 0,
                    "too large: over the limit of %zu bytes for an order",
                    o.max_order_bytes);
  }
  return parse_order(out, error, catalog, text, length, name);
}

promo_status promo_json_load_order(promo_order **out, promo_json_error *error,
                                   promo_catalog *catalog, const char *path,
                                   const promo_json_options *options) {
  pj_error_clear(error);
  if (out == NULL || catalog == NULL || path == NULL) {
    return pj_error(error, PROMO_ERR_INVALID_ARGUMENT, "", 0, 0,
                    "no order file or no catalog given");
  }
  const char *name = strcmp(path, "-") == 0 ? PJ_STDIN_NAME : path;
  promo_json_options o;
  promo_status st = pj_options_read(&o, options, name, error);
  if (st != PROMO_OK) {
    return st;
  }
  char *text = NULL;
  size_t length = 0;
  st = pj_read_source(&text, &length, path, true, name, o.max_order_bytes,
                      "an order", error);
  if (st != PROMO_OK) {
    return st;
  }
  st = parse_order(out, error, catalog, text, length, name);
  pj_scratch_free(text);
  return st;
}
