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
  promo_strmap_init(&o->subscriptions);
  *out = o;
  return PROMO_OK;
}

void promo_order_free(promo_order *o) {
  if (o == NULL) {
    return;
  }
  promo_alloc a = o->alloc;
  for (size_t i = 0; i < o->line_count; i++) {
    promo_free(&a, o->lines[i].subscription);
    promo_free(&a, o->lines[i].product);
  }
  promo_free(&a, o->lines);
  promo_strmap_release(&o->subscriptions, &a);
  promo_free(&a, o->id);
  promo_catalog *catalog = o->catalog;
  promo_free(&a, o);
  promo_catalog_release(catalog);
}

const char *promo_order_error(const promo_order *o) {
  return o == NULL ? "" : o->error.text;
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
  char *copy = promo_strdup(&o->alloc, id);
  if (copy == NULL) {
    return out_of_memory(o);
  }
  promo_free(&o->alloc, o->id);
  o->id = copy;
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
  if (promo_strmap_get(&o->subscriptions, subscription, NULL)) {
    promo_quoted q;
    return promo_fail(&o->error, PROMO_ERR_INVALID_ARGUMENT,
                      "subscription '%s' is in the order twice",
                      promo_quote_str(&q, subscription));
  }
  /* Reserve everything before changing anything. */
  void *array = o->lines;
  if (!promo_grow(&o->alloc, &array, &o->line_cap, o->line_count + 1,
                  sizeof *o->lines)) {
    return out_of_memory(o);
  }
  o->lines = array;
  if (promo_strmap_reserve(&o->subscriptions, &o->alloc, 1) != PROMO_OK) {
    return out_of_memory(o);
  }
  char *sub = promo_strdup(&o->alloc, subscription);
  char *sku = sub == NULL ? NULL : promo_strdup(&o->alloc, product);
  if (sku == NULL) {
    promo_free(&o->alloc, sub);
    return out_of_memory(o);
  }
  promo_line *line = &o->lines[o->line_count];
  memset(line, 0, sizeof *line);
  line->subscription = sub;
  line->product = sku;
  line->is_new = is_new;
  line->term = term;
  line->licenses = licenses;
  line->unit_price = unit_price;
  promo_strmap_put(&o->subscriptions, sub, o->line_count);
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
