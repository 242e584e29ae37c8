/* apply.c - promo_apply: validate, price, then commit in one step. */
#include "money.h"
#include "pipeline.h"
#include "text.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

unsigned int promo_apply_options_version(void) {
  return PROMO_APPLY_OPTIONS_VERSION;
}

size_t promo_reason_max(void) {
  return PROMO_REASON_MAX;
}

/* How many bytes of promo_apply_options each version has. A caller built
 * against an older header passes the shorter struct of its version: the
 * library reads and writes no further, and gives the fields added since
 * their defaults (libgit2's rule: any version up to the current one). When
 * a field is added, version N's entry becomes offsetof(the new field). */
static const size_t OPTIONS_SIZE[PROMO_APPLY_OPTIONS_VERSION + 1] = {
    0, offsetof(promo_apply_options, then), sizeof(promo_apply_options)};

static bool version_known(unsigned int version) {
  return version >= 1 && version <= PROMO_APPLY_OPTIONS_VERSION;
}

promo_status promo_apply_options_init(promo_apply_options *options,
                                      unsigned int version) {
  if (options == NULL || !version_known(version)) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  promo_apply_options defaults = PROMO_APPLY_OPTIONS_INIT;
  defaults.version = version;
  memcpy(options, &defaults, OPTIONS_SIZE[version]);
  return PROMO_OK;
}

/* What options->then asks that cannot be done, or NULL; `o` is read as a
 * current struct (a version 1 caller's has the default, nothing). */
static const char *then_unusable(const promo_apply_options *o, char *text,
                                 size_t size) {
  if (o->then == PROMO_THEN_NOTHING) {
    return NULL;
  }
  if (o->then != PROMO_THEN_RESERVE && o->then != PROMO_THEN_COMPLETE) {
    (void)snprintf(text, size, "apply options: unknown then value %d",
                   (int)o->then);
    return text;
  }
  if (o->dry_run) {
    return "apply options: a dry run cannot reserve or complete";
  }
  if (o->then == PROMO_THEN_RESERVE && o->reserve_ttl < 1) {
    (void)snprintf(text, size,
                   "apply options: a reservation lasts at least 1 second, "
                   "not %lld",
                   (long long)o->reserve_ttl);
    return text;
  }
  return NULL;
}

/* Why the arguments of promo_apply cannot be used, or NULL when they can;
 * the text goes to the result's error. Usable options, of any version up to
 * the current one, are read into *opts as a current struct: the fields
 * their version lacks get their defaults. */
static const char *unusable(const promo_order *order, const char *code,
                            const promo_apply_options *o,
                            promo_apply_options *opts, char *text,
                            size_t size) {
  const promo_apply_options defaults = PROMO_APPLY_OPTIONS_INIT;
  *opts = defaults;
  if (order == NULL) {
    return "the order is NULL";
  }
  if (code == NULL) {
    return "the code is NULL";
  }
  if (o == NULL) {
    return NULL;
  }
  if (!version_known(o->version)) {
    (void)snprintf(text, size,
                   "apply options version %u is not supported (1 to %d)",
                   o->version, PROMO_APPLY_OPTIONS_VERSION);
    return text;
  }
  memcpy(opts, o, OPTIONS_SIZE[o->version]);
  if (opts->validator_count != 0 && opts->validators == NULL) {
    (void)snprintf(text, size,
                   "apply options list %zu validators but no array of them",
                   opts->validator_count);
    return text;
  }
  if (opts->hints && !promo_hint_index_ready(&order->catalog->hints)) {
    return "apply options ask for hints, but the catalog was built without "
           "its hint index (promo_catalog_builder_set_hints)";
  }
  return then_unusable(opts, text, size);
}

/* Whether the order holds what every validator needs; if not, says what is
 * missing in the result's error text. */
static bool order_complete_enough(const promo_order *o, promo_result *r) {
  const char *missing[4];
  size_t n = 0;
  if (o->country_index < 0) {
    missing[n++] = "country";
  }
  if (o->currency[0] == '\0') {
    missing[n++] = "currency";
  }
  if (!o->has_placed_at) {
    missing[n++] = "placed_at";
  }
  if (o->line_count == 0) {
    missing[n++] = "lines";
  }
  if (n == 0) {
    return true;
  }
  char list[64];
  size_t at = 0;
  for (size_t i = 0; i < n; i++) {
    int w = snprintf(list + at, sizeof list - at, "%s%s", i > 0 ? ", " : "",
                     missing[i]);
    at += (size_t)w; /* at most 37 bytes in all: it fits */
  }
  promo_fail(&r->error, PROMO_ERR_INVALID_ARGUMENT,
             "the order is incomplete: it has no %s", list);
  return false;
}

/* R6, the money rules, R7 and R8 for each line that takes the code. */
static promo_status price_lines(promo_order *order, const promo_campaign_def *c,
                                promo_result *r) {
  int64_t total = 0;
  for (size_t i = 0; i < r->line_count; i++) {
    promo_result_line *out = &r->lines[i];
    if (out->status != PROMO_OK) {
      continue;
    }
    const promo_line *line = &order->lines[i];
    int64_t licenses = line->licenses;
    if (c->max_licenses > 0 && licenses > c->max_licenses) {
      licenses = c->max_licenses; /* R6: the rest is charged in full */
    }
    int64_t discount = 0;
    promo_status st = c->kind == PROMO_DISCOUNT_PERCENT
                          ? promo_discount_percent(line->unit_price, licenses,
                                                   c->bps, &discount)
                          : promo_discount_amount(line->unit_price, licenses,
                                                  c->amount, &discount);
    if (st == PROMO_OK && !promo_add_i64(total, discount, &total)) {
      st = PROMO_ERR_INVALID_ARGUMENT;
    }
    if (st != PROMO_OK) {
      return promo_fail(&r->error, st,
                        "subscription '%s': its discount does not fit in 64 "
                        "bits",
                        line->subscription);
    }
    /* R7 from the moment the order is placed; R8: the campaign's end plays
     * no part in it. */
    int64_t ends = 0;
    st = promo_order_term_end(order, line->term, &ends);
    if (st == PROMO_OK && ends > PROMO_INSTANT_MAX) {
      st = PROMO_ERR_INVALID_ARGUMENT; /* a term past 9999-12-31 */
    }
    if (st == PROMO_ERR_INVALID_ARGUMENT) {
      return promo_fail(&r->error, st,
                        "subscription '%s': its %s discount would end after "
                        "9999-12-31",
                        line->subscription, promo_term_name(line->term));
    }
    if (st != PROMO_OK) {
      return st;
    }
    out->discounted_licenses = licenses;
    out->discount = discount;
    out->discount_ends = ends;
  }
  r->discount = total;
  r->total = r->subtotal - total; /* total <= subtotal: both are checked */
  return PROMO_OK;
}

/* What the result's message will tell of the order: where. */
static void note_order(promo_result *r, const promo_order *order,
                       const promo_apply_options *options) {
  memcpy(r->currency, order->currency, sizeof r->currency);
  memcpy(r->country, order->country, sizeof r->country);
  r->explained = options->explain;
  r->anonymous = options->anonymous;
}

/* ... and of the campaign the code belongs to. */
static promo_status note_campaign(promo_result *r,
                                  const promo_campaign_def *c) {
  if (promo_result_set_campaign(r, c->id, c->id_len) != PROMO_OK) {
    return PROMO_ERR_NO_MEMORY;
  }
  memcpy(r->campaign_currency, c->currency, sizeof r->campaign_currency);
  return PROMO_OK;
}

/* Instant `t` as the order zone's wall clock shows it, in seconds since
 * 1970-01-01T00:00 of that wall clock: the library's zone rules, never a
 * formatter's, decide the offset. */
static int64_t local_of(const promo_order *order, int64_t t) {
  return t + promo_zone_offset(order->zone, t);
}

/* The times the message of a refusal by R2 shows: until when the code
 * could be used, or from when it can be. */
static void note_window(promo_result *r, const promo_order *order,
                        const promo_campaign_def *c, promo_status st) {
  if (st == PROMO_ERR_EXPIRED) {
    r->last_local = local_of(order, c->active_until - 1);
  } else if (st == PROMO_ERR_NOT_YET_ACTIVE) {
    r->starts_local = local_of(order, c->active_from);
  }
}

/* When the discount ends, if every accepted line's ends at once. */
static void note_ends(promo_result *r, const promo_order *order) {
  bool seen = false;
  int64_t at = 0;
  r->one_end = false;
  for (size_t i = 0; i < r->line_count; i++) {
    const promo_result_line *l = &r->lines[i];
    if (l->status != PROMO_OK) {
      continue;
    }
    if (seen && l->discount_ends != at) {
      return;
    }
    at = l->discount_ends;
    seen = true;
  }
  r->one_end = seen;
  r->ends_local = seen ? local_of(order, at) : 0;
}

/* The hints for a code that was not found or is malformed, when asked. */
static promo_status diagnose(promo_result *r, const promo_order *order,
                             const char *code, size_t len,
                             const promo_apply_options *options) {
  if (!options->hints) {
    return PROMO_OK;
  }
  const promo_catalog *cat = order->catalog;
  return promo_hint_diagnose(&r->hints, &cat->hints, &cat->codes, code, len,
                             NULL);
}

/* The one step that changes the order's lines; it cannot fail. Marks in
 * r->lines[i].took the lines that took the code now, for undo(). */
static void commit(promo_order *order, promo_result *r, const char *code,
                   size_t len) {
  for (size_t i = 0; i < r->line_count; i++) {
    promo_line *line = &order->lines[i];
    r->lines[i].took = r->lines[i].status == PROMO_OK && line->code_len == 0;
    if (r->lines[i].took) {
      memcpy(line->code, code, len);
      line->code[len] = '\0';
      line->code_len = len;
    }
  }
}

/* Takes back what commit() gave, when the store then refused. */
static void undo(promo_order *order, const promo_result *r) {
  for (size_t i = 0; i < r->line_count; i++) {
    if (r->lines[i].took) {
      order->lines[i].code[0] = '\0';
      order->lines[i].code_len = 0;
    }
  }
}

/* options->then, once the lines carry the code: all or nothing with the
 * apply. */
static promo_status then_store(promo_order *order, promo_result *r,
                               const promo_apply_options *options) {
  promo_status st = PROMO_OK;
  if (options->then == PROMO_THEN_RESERVE) {
    st = promo_order_reserve(order, options->reserve_ttl);
  } else if (options->then == PROMO_THEN_COMPLETE) {
    st = promo_order_complete(order);
  }
  if (st != PROMO_OK) {
    undo(order, r);
    promo_result_refuse(r, st);
    if (st == PROMO_ERR_STORE_UNAVAILABLE || st == PROMO_ERR_INVALID_ARGUMENT) {
      promo_fail(&r->error, st, "%s", promo_order_error(order));
    }
  }
  return st;
}

static promo_status run(promo_result *r, promo_order *order, const char *code,
                        size_t len, const promo_apply_options *options) {
  promo_status st = promo_result_begin(r, order->line_count, order->subtotal);
  if (st != PROMO_OK) {
    return st;
  }
  note_order(r, order, options);
  const char *why = NULL;
  bool well_formed = promo_code_syntax(code, len, &why) == PROMO_OK;
  if (well_formed) {
    memcpy(r->code, code, len);
    r->code[len] = '\0';
    r->code_len = len;
  }
  /* The caller's mistake first: an incomplete order refuses every code, and
   * must not pass for the customer's typo. */
  if (!order_complete_enough(order, r)) {
    promo_result_refuse(r, PROMO_ERR_INVALID_ARGUMENT);
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  if (!well_formed) {
    /* R1's syntax, before any validator: a code pasted with an invisible
     * character gets its hint too. */
    if (options->explain) {
      r->reasons = promo_reason_bit(PROMO_ERR_MALFORMED_CODE);
    }
    st = diagnose(r, order, code, len, options);
    if (st != PROMO_OK) {
      promo_result_clear(r, st);
      return st;
    }
    promo_fail(&r->error, PROMO_ERR_MALFORMED_CODE, "%s", why);
    promo_result_refuse(r, PROMO_ERR_MALFORMED_CODE);
    return PROMO_ERR_MALFORMED_CODE;
  }
  promo_store_error store_error;
  /* R1's lookup, the one hash of the code per apply; the table's steps
   * read the campaign. */
  const promo_campaign_def *campaign =
      promo_catalog_lookup(order->catalog, code, len);
  promo_check check = {order, code, len, options, campaign, NULL, &store_error};
  st = promo_pipeline_run(&check, r);
  if (st == PROMO_ERR_STORE_UNAVAILABLE) {
    /* Only R11 reads the store; it says why it failed. */
    promo_fail(&r->error, st, "%s", store_error.text);
    promo_fail(&order->error, st, "%s", store_error.text);
  }
  if (check.campaign != NULL) {
    if (note_campaign(r, check.campaign) != PROMO_OK) {
      return PROMO_ERR_NO_MEMORY;
    }
    note_window(r, order, check.campaign, st);
  }
  if (st == PROMO_ERR_CODE_NOT_FOUND) {
    promo_status found = diagnose(r, order, code, len, options);
    if (found != PROMO_OK) {
      promo_result_clear(r, found);
      return found;
    }
  }
  if (st == PROMO_OK && check.campaign == NULL) {
    st = PROMO_ERR_CODE_NOT_FOUND; /* a table without R1 first: never */
  }
  if (st == PROMO_OK) {
    st = price_lines(order, check.campaign, r);
  }
  if (st != PROMO_OK) {
    promo_result_refuse(r, st);
    return st;
  }
  r->status = PROMO_OK;
  note_ends(r, order);
  if (!options->dry_run) {
    commit(order, r, code, len);
    return then_store(order, r, options);
  }
  return PROMO_OK;
}

promo_status promo_apply(promo_result *result, promo_order *order,
                         const char *code, size_t code_len,
                         const promo_apply_options *options) {
  promo_apply_options opts;
  char text[PROMO_ERROR_MAX];
  const char *why = unusable(order, code, options, &opts, text, sizeof text);
  if (why != NULL) {
    /* A result never shows the outcome of an earlier apply after this one
     * was refused: a host that reads it instead of the status must not
     * show a discount. */
    promo_result_clear(result, PROMO_ERR_INVALID_ARGUMENT);
    if (result != NULL) {
      promo_fail(&result->error, PROMO_ERR_INVALID_ARGUMENT, "%s", why);
    }
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  if (result != NULL) {
    return run(result, order, code, code_len, &opts);
  }
  /* The caller wants only the status: work in a result of our own. */
  promo_result *scratch = NULL;
  promo_allocator a = order->alloc;
  promo_status st = promo_result_new(&scratch, &a);
  if (st != PROMO_OK) {
    return st;
  }
  st = run(scratch, order, code, code_len, &opts);
  promo_result_free(scratch);
  return st;
}
