/* order.c - one checkout: its customer, its moment, its lines. */
#include "currency.h"
#include "money.h"
#include "order_impl.h"
#include "region.h"
#include "text.h"

#include <string.h>

static promo_status out_of_memory(promo_order *o) {
  return promo_fail(&o->error, PROMO_ERR_NO_MEMORY, "out of memory");
}

/* ---- terms ------------------------------------------------------------- */

/* Indexed by the pinned value; PROMO_TERM_NONE has no name. */
static const char *const TERM_NAMES[] = {NULL, "monthly", "annual",
                                         "annual_paid_monthly"};

const char *promo_term_name(promo_term term) {
  unsigned v = (unsigned)term;
  return v >= 1 && v <= 3 ? TERM_NAMES[v] : NULL;
}

promo_status promo_term_from_name(promo_term *out, const char *name) {
  if (out == NULL || name == NULL) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  for (unsigned v = 1; v <= 3; v++) {
    if (strcmp(name, TERM_NAMES[v]) == 0) {
      *out = (promo_term)v;
      return PROMO_OK;
    }
  }
  return PROMO_ERR_INVALID_ARGUMENT;
}

/* ---- lifetime ---------------------------------------------------------- */

promo_status promo_order_new(promo_order **out, promo_catalog *catalog) {
  if (out == NULL || catalog == NULL) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  const promo_alloc *a = &catalog->alloc;
  promo_order *o = promo_calloc(a, 1, sizeof *o);
  if (o == NULL) {
    return PROMO_ERR_NO_MEMORY;
  }
  if (promo_catalog_retain(catalog) != PROMO_OK) {
    promo_free(a, o);
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  o->catalog = catalog;
  o->alloc = *a;
  o->country_index = -1;
  o->zone = promo_zone_utc();
  o->lines = &o->first_line;
  o->line_cap = 1;
  promo_strmap_init(&o->subscriptions);
  o->text_free = o->text_inline;
  o->text_left = sizeof o->text_inline;
  o->text_last_cap = sizeof o->text_inline;
  *out = o;
  return PROMO_OK;
}

void promo_order_free(promo_order *o) {
  if (o == NULL) {
    return;
  }
  promo_alloc a = o->alloc;
  if (o->lines != &o->first_line) {
    promo_free(&a, o->lines);
  }
  promo_strmap_release(&o->subscriptions, &a);
  for (promo_text_chunk *c = o->chunks; c != NULL;) {
    promo_text_chunk *next = c->next;
    promo_free(&a, c);
    c = next;
  }
  promo_catalog *catalog = o->catalog;
  promo_free(&a, o);
  promo_catalog_release(catalog);
}

const char *promo_order_error(const promo_order *o) {
  return o == NULL ? "" : o->error.text;
}

/* ---- the order's text and lines ---------------------------------------- */

/* Makes room for `need` bytes of text; false (nothing changed) when out of
 * memory. */
static bool text_reserve(promo_order *o, size_t need) {
  if (need <= o->text_left) {
    return true;
  }
  size_t cap = o->text_last_cap * 2;
  if (cap < need) {
    cap = need;
  }
  if (cap > SIZE_MAX / 2 - sizeof(promo_text_chunk)) {
    return false;
  }
  promo_text_chunk *c = promo_malloc(&o->alloc, sizeof *c + cap);
  if (c == NULL) {
    return false;
  }
  c->next = o->chunks;
  o->chunks = c;
  o->text_free = c->bytes;
  o->text_left = cap;
  o->text_last_cap = cap;
  return true;
}

/* Copies the NUL-terminated s (len bytes) into reserved text. */
static const char *text_put(promo_order *o, const char *s, size_t len) {
  char *copy = o->text_free;
  memcpy(copy, s, len + 1);
  o->text_free += len + 1;
  o->text_left -= len + 1;
  return copy;
}

/* Makes room for one more line; false (nothing changed) when out of
 * memory. The first line lives in the order itself. */
static bool lines_reserve(promo_order *o) {
  if (o->line_count < o->line_cap) {
    return true;
  }
  size_t cap = o->line_cap < 4 ? 4 : o->line_cap * 2;
  if (cap > SIZE_MAX / 2 / sizeof *o->lines) {
    return false;
  }
  promo_line *lines = NULL;
  if (o->lines == &o->first_line) {
    lines = promo_malloc(&o->alloc, cap * sizeof *lines);
    if (lines != NULL) {
      lines[0] = o->first_line;
    }
  } else {
    lines = promo_realloc(&o->alloc, o->lines, cap * sizeof *lines);
  }
  if (lines == NULL) {
    return false;
  }
  o->lines = lines;
  o->line_cap = cap;
  return true;
}

static bool has_subscription(const promo_order *o, const char *subscription) {
  if (o->subscriptions.count > 0) {
    return promo_strmap_get(&o->subscriptions, subscription, NULL);
  }
  for (size_t i = 0; i < o->line_count; i++) {
    if (strcmp(o->lines[i].subscription, subscription) == 0) {
      return true;
    }
  }
  return false;
}

/* Past PROMO_ORDER_SCAN_LINES lines, makes room in the subscription map for
 * one more, filling it with the lines so far when it is new. */
static bool subscriptions_reserve(promo_order *o) {
  if (o->line_count < PROMO_ORDER_SCAN_LINES) {
    return true;
  }
  bool fresh = o->subscriptions.count == 0;
  size_t extra = fresh ? o->line_count + 1 : 1;
  if (promo_strmap_reserve(&o->subscriptions, &o->alloc, extra) != PROMO_OK) {
    return false;
  }
  if (fresh) {
    for (size_t i = 0; i < o->line_count; i++) {
      promo_strmap_put(&o->subscriptions, o->lines[i].subscription, i);
    }
  }
  return true;
}

/* ---- setters ----------------------------------------------------------- */

promo_status promo_order_set_id(promo_order *o, const char *id) {
  if (o == NULL) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  if (!promo_utf8_nonempty(id)) {
    return promo_fail(&o->error, PROMO_ERR_INVALID_ARGUMENT,
                      "an order id must be a non-empty UTF-8 string");
  }
  size_t len = strlen(id);
  if (!text_reserve(o, len + 1)) {
    return out_of_memory(o);
  }
  o->id = text_put(o, id, len); /* the old one's bytes stay unused */
  return PROMO_OK;
}

promo_status promo_order_set_country(promo_order *o, const char *country) {
  if (o == NULL) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  if (country == NULL) {
    return promo_fail(&o->error, PROMO_ERR_INVALID_ARGUMENT, "no country");
  }
  int index = promo_country_index(country);
  if (index >= 0 &&
      promo_country_set_has(&o->catalog->tables->countries, index)) {
    memcpy(o->country, country, 3);
    o->country_index = index;
    return PROMO_OK;
  }
  /* Refused (the table holds exactly what promo_country_check accepts):
   * ask ICU why, for the message. */
  const char *why = "unknown country";
  (void)promo_country_check(country, &why);
  const char *use = promo_region_canonical(country);
  const char *use_why = NULL;
  promo_quoted q;
  (void)promo_quote_str(&q, country);
  if (use != NULL && promo_country_check(use, &use_why) == PROMO_OK) {
    return promo_fail(&o->error, PROMO_ERR_INVALID_ARGUMENT,
                      "country '%s' is an alias: use '%s'", q.text, use);
  }
  if (use != NULL) { /* "QU", an alias of the grouping "EU" */
    return promo_fail(&o->error, PROMO_ERR_INVALID_ARGUMENT,
                      "country '%s' is an alias of '%s', which is not a "
                      "country",
                      q.text, use);
  }
  return promo_fail(&o->error, PROMO_ERR_INVALID_ARGUMENT, "country '%s': %s",
                    q.text, why);
}

promo_status promo_order_set_currency(promo_order *o, const char *currency) {
  if (o == NULL) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  const char *why = NULL;
  promo_status st =
      promo_currency_lookup(&o->catalog->tables->currencies, currency, &why);
  if (st != PROMO_OK) {
    promo_quoted q;
    return promo_fail(&o->error, st, "%s '%s'", why,
                      promo_quote_str(&q, currency));
  }
  memcpy(o->currency, currency, 4);
  return PROMO_OK;
}

promo_status promo_order_set_time_zone(promo_order *o, const char *zone) {
  if (o == NULL) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  if (zone == NULL) {
    return promo_fail(&o->error, PROMO_ERR_INVALID_ARGUMENT, "no time zone");
  }
  const promo_zone *rules = NULL;
  char msg[PROMO_ERROR_MAX];
  promo_status st =
      promo_zones_get(o->catalog->zones, &rules, zone, msg, sizeof msg);
  if (st == PROMO_ERR_NO_MEMORY) {
    return out_of_memory(o);
  }
  if (st != PROMO_OK) {
    return promo_fail(&o->error, st, "%s", msg);
  }
  o->zone = rules;
  o->term_end_known[0] = o->term_end_known[1] = false;
  return PROMO_OK;
}

promo_status promo_order_set_placed_at(promo_order *o, int64_t unix_seconds) {
  if (o == NULL) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  if (unix_seconds < PROMO_INSTANT_MIN || unix_seconds > PROMO_INSTANT_MAX) {
    return promo_fail(&o->error, PROMO_ERR_INVALID_ARGUMENT,
                      "placed_at %lld is outside years 1 to 9999",
                      (long long)unix_seconds);
  }
  o->placed_at = unix_seconds;
  o->has_placed_at = true;
  o->term_end_known[0] = o->term_end_known[1] = false;
  return PROMO_OK;
}

promo_status promo_order_set_completed(promo_order *o, bool completed) {
  if (o == NULL) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  o->completed = completed;
  return PROMO_OK;
}

promo_status promo_order_add_line(size_t *index, promo_order *o,
                                  const char *subscription, const char *product,
                                  bool is_new, promo_term term,
                                  int64_t licenses, int64_t unit_price) {
  if (o == NULL) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  if (!promo_utf8_nonempty(subscription)) {
    return promo_fail(&o->error, PROMO_ERR_INVALID_ARGUMENT,
                      "a subscription id must be a non-empty UTF-8 string");
  }
  if (!promo_utf8_nonempty(product)) {
    return promo_fail_about(&o->error, PROMO_ERR_INVALID_ARGUMENT,
                            "subscription", subscription,
                            "a product must be a non-empty UTF-8 string");
  }
  if (promo_term_name(term) == NULL) {
    return promo_fail_about(&o->error, PROMO_ERR_INVALID_ARGUMENT,
                            "subscription", subscription, "unknown term %d",
                            (int)term);
  }
  if (licenses < 1) {
    return promo_fail_about(
        &o->error, PROMO_ERR_INVALID_ARGUMENT, "subscription", subscription,
        "licenses must be at least 1, not %lld", (long long)licenses);
  }
  if (unit_price < 0) {
    return promo_fail_about(
        &o->error, PROMO_ERR_INVALID_ARGUMENT, "subscription", subscription,
        "unit_price must not be negative, not %lld", (long long)unit_price);
  }
  int64_t gross = 0;
  int64_t subtotal = 0;
  if (!promo_mul_i64(unit_price, licenses, &gross) ||
      !promo_add_i64(o->subtotal, gross, &subtotal)) {
    return promo_fail_about(&o->error, PROMO_ERR_INVALID_ARGUMENT,
                            "subscription", subscription,
                            "the order's amount would overflow");
  }
  if (has_subscription(o, subscription)) {
    promo_quoted q;
    return promo_fail(&o->error, PROMO_ERR_INVALID_ARGUMENT,
                      "subscription '%s' is in the order twice",
                      promo_quote_str(&q, subscription));
  }
  /* Reserve everything before changing anything that can be seen. */
  size_t sub_len = strlen(subscription);
  size_t sku_len = strlen(product);
  if (!lines_reserve(o) || !subscriptions_reserve(o) ||
      !text_reserve(o, sub_len + sku_len + 2)) {
    return out_of_memory(o);
  }
  const char *sub = text_put(o, subscription, sub_len);
  promo_line *line = &o->lines[o->line_count];
  memset(line, 0, sizeof *line);
  line->subscription = sub;
  line->product = text_put(o, product, sku_len);
  line->product_index = promo_catalog_product(o->catalog, product);
  line->is_new = is_new;
  line->term = term;
  line->licenses = licenses;
  line->unit_price = unit_price;
  if (o->subscriptions.count > 0) {
    promo_strmap_put(&o->subscriptions, sub, o->line_count);
  }
  o->subtotal = subtotal;
  if (index != NULL) {
    *index = o->line_count;
  }
  o->line_count++;
  return PROMO_OK;
}

promo_status promo_order_set_line_promo_code(promo_order *o, size_t index,
                                             const char *code, size_t len) {
  if (o == NULL) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  if (index >= o->line_count) {
    return promo_fail(&o->error, PROMO_ERR_INVALID_ARGUMENT,
                      "no line %zu in the order", index);
  }
  promo_line *line = &o->lines[index];
  if (code == NULL) {
    if (len != 0) {
      return promo_fail(&o->error, PROMO_ERR_INVALID_ARGUMENT,
                        "a NULL code must have length 0");
    }
    line->code_len = 0;
    line->code[0] = '\0';
    return PROMO_OK;
  }
  const char *why = NULL;
  if (promo_code_syntax(code, len, &why) != PROMO_OK) {
    return promo_fail_about(&o->error, PROMO_ERR_INVALID_ARGUMENT,
                            "subscription", line->subscription,
                            "bad promo code: %s", why);
  }
  memcpy(line->code, code, len);
  line->code[len] = '\0';
  line->code_len = len;
  return PROMO_OK;
}

/* ---- R7 ---------------------------------------------------------------- */

promo_status promo_order_term_end(promo_order *o, promo_term term,
                                  int64_t *out) {
  size_t slot = term == PROMO_TERM_MONTHLY ? 0 : 1;
  if (!o->term_end_known[slot]) {
    promo_status st = promo_calendar_term_end(o->zone, o->placed_at, term,
                                              &o->term_end[slot]);
    if (st != PROMO_OK) {
      return st;
    }
    o->term_end_known[slot] = true;
  }
  *out = o->term_end[slot];
  return PROMO_OK;
}

/* ---- getters ----------------------------------------------------------- */

static const promo_line *line_at(const promo_order *o, size_t index) {
  return o == NULL || index >= o->line_count ? NULL : &o->lines[index];
}

const char *promo_order_id(const promo_order *o) {
  return o == NULL ? NULL : o->id;
}

const char *promo_order_country(const promo_order *o) {
  return o == NULL || o->country[0] == '\0' ? NULL : o->country;
}

const char *promo_order_currency(const promo_order *o) {
  return o == NULL || o->currency[0] == '\0' ? NULL : o->currency;
}

const char *promo_order_time_zone(const promo_order *o) {
  return o == NULL ? NULL : o->zone->name;
}

promo_status promo_order_placed_at(bool *is_set, int64_t *unix_seconds,
                                   const promo_order *o) {
  if (is_set == NULL || unix_seconds == NULL || o == NULL) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  *is_set = o->has_placed_at;
  *unix_seconds = o->has_placed_at ? o->placed_at : 0;
  return PROMO_OK;
}

bool promo_order_completed(const promo_order *o) {
  return o != NULL && o->completed;
}

size_t promo_order_line_count(const promo_order *o) {
  return o == NULL ? 0 : o->line_count;
}

const char *promo_order_line_subscription(const promo_order *o, size_t i) {
  const promo_line *l = line_at(o, i);
  return l == NULL ? NULL : l->subscription;
}

const char *promo_order_line_product(const promo_order *o, size_t i) {
  const promo_line *l = line_at(o, i);
  return l == NULL ? NULL : l->product;
}

bool promo_order_line_is_new(const promo_order *o, size_t i) {
  const promo_line *l = line_at(o, i);
  return l != NULL && l->is_new;
}

promo_term promo_order_line_term(const promo_order *o, size_t i) {
  const promo_line *l = line_at(o, i);
  return l == NULL ? PROMO_TERM_NONE : l->term;
}

int64_t promo_order_line_licenses(const promo_order *o, size_t i) {
  const promo_line *l = line_at(o, i);
  return l == NULL ? 0 : l->licenses;
}

int64_t promo_order_line_unit_price(const promo_order *o, size_t i) {
  const promo_line *l = line_at(o, i);
  return l == NULL ? 0 : l->unit_price;
}

const char *promo_order_line_promo_code(const promo_order *o, size_t i) {
  const promo_line *l = line_at(o, i);
  return l == NULL || l->code_len == 0 ? NULL : l->code;
}

int64_t promo_order_subtotal(const promo_order *o) {
  return o == NULL ? 0 : o->subtotal;
}
