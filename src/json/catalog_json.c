/* catalog_json.c - a catalog file into a promo_catalog, through the
 * builder, refusing at the first value that is wrong. */
#include "codes_file.h"
#include "document.h"
#include "json_error.h"
#include "options.h"
#include "scratch.h"
#include "source_text.h"
#include "time_text.h"

#include "../quote.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

static const char *const CATALOG_KEYS[] = {"campaigns", NULL};
static const char *const CAMPAIGN_KEYS[] = {
    "id",       "discount",     "starts",
    "ends",     "time_zone",    "regions",
    "products", "max_licenses", "max_redemptions",
    "codes",    "codes_file",   NULL};
static const char *const DISCOUNT_KEYS[] = {"percent_bps", "amount", "currency",
                                            NULL};

typedef struct catalog_ctx {
  pj_doc doc;
  promo_catalog_builder *builder;
  const char *codes_dir; /* NULL: codes_file is not allowed */
} catalog_ctx;

/* The builder refused a value: its text, pointed at member `key` of the
 * current object (at the current value when key is NULL). */
static promo_status refused(catalog_ctx *x, const char *key, promo_status st) {
  if (st == PROMO_ERR_NO_MEMORY) {
    return pj_out_of_memory(x->doc.error, x->doc.name);
  }
  const char *why = promo_catalog_builder_error(x->builder);
  if (key == NULL) {
    return pj_fail(&x->doc, st, "%s", why);
  }
  return pj_fail_member(&x->doc, key, false, st, "%s", why);
}

/* ---- discount ----------------------------------------------------------- */

static promo_status load_discount(catalog_ctx *x, promo_campaign *c,
                                  json_t *obj) {
  pj_doc *d = &x->doc;
  promo_status st = pj_known_keys(d, obj, DISCOUNT_KEYS, "a discount");
  int64_t bps = 0;
  int64_t amount = 0;
  bool has_bps = false;
  bool has_amount = false;
  const char *currency = NULL;
  if (st == PROMO_OK) {
    st = pj_integer_member(d, obj, "percent_bps", false, &bps, &has_bps);
  }
  if (st == PROMO_OK) {
    st = pj_integer_member(d, obj, "amount", false, &amount, &has_amount);
  }
  if (st == PROMO_OK) {
    st = pj_string_member(d, obj, "currency", false, &currency, NULL);
  }
  if (st != PROMO_OK) {
    return st;
  }
  if (has_bps && (has_amount || currency != NULL)) {
    return pj_fail(d, PROMO_ERR_INVALID_ARGUMENT,
                   "a discount is either {\"percent_bps\": N} or "
                   "{\"amount\": N, \"currency\": \"EUR\"}, not both");
  }
  if (has_bps) {
    st = promo_campaign_set_percent_bps(c, bps);
    return st == PROMO_OK ? st : refused(x, "percent_bps", st);
  }
  if (!has_amount && currency == NULL) {
    return pj_fail(d, PROMO_ERR_INVALID_ARGUMENT,
                   "a discount needs \"percent_bps\", or \"amount\" and "
                   "\"currency\"");
  }
  if (!has_amount || currency == NULL) {
    return pj_fail(d, PROMO_ERR_INVALID_ARGUMENT,
                   "missing key \"%s\": a fixed discount needs \"amount\" "
                   "and \"currency\"",
                   has_amount ? "currency" : "amount");
  }
  st = promo_campaign_set_amount(c, amount, currency);
  return st == PROMO_OK ? st
                        : refused(x, amount < 1 ? "amount" : "currency", st);
}

/* ---- dates, lists, limits ----------------------------------------------- */

/* Sets the date at `key`, if there is one. The library refuses an ends
 * before starts; the refusal points at `key`. */
static promo_status
load_date(catalog_ctx *x, promo_campaign *c, json_t *obj, const char *key,
          promo_status (*set)(promo_campaign *, int, int, int)) {
  const char *s = NULL;
  promo_status st = pj_string_member(&x->doc, obj, key, false, &s, NULL);
  if (st != PROMO_OK || s == NULL) {
    return st;
  }
  int year = 0;
  int month = 0;
  int day = 0;
  if (!pj_parse_date(s, &year, &month, &day)) {
    promo_quoted q;
    return pj_fail_member(&x->doc, key, false, PROMO_ERR_INVALID_ARGUMENT,
                          "\"%s\" must be a date YYYY-MM-DD, not \"%s\"", key,
                          promo_quote_str(&q, s));
  }
  st = set(c, year, month, day);
  return st == PROMO_OK ? st : refused(x, key, st);
}

static promo_status load_dates(catalog_ctx *x, promo_campaign *c, json_t *obj) {
  promo_status st = load_date(x, c, obj, "starts", promo_campaign_set_starts);
  if (st == PROMO_OK) {
    st = load_date(x, c, obj, "ends", promo_campaign_set_ends);
  }
  return st;
}

/* "regions" or "products": a non-empty array of strings, each handed to
 * `add`. An empty list is refused: leaving the key out means "all", and an
 * empty list could as well be read as "none". */
static promo_status load_list(catalog_ctx *x, promo_campaign *c, json_t *obj,
                              const char *key, const char *all,
                              promo_status (*add)(promo_campaign *,
                                                  const char *)) {
  pj_doc *d = &x->doc;
  json_t *list = NULL;
  promo_status st = pj_member(d, obj, key, false, JSON_ARRAY, &list);
  if (st != PROMO_OK || list == NULL) {
    return st;
  }
  if (json_array_size(list) == 0) {
    return pj_fail_member(d, key, false, PROMO_ERR_INVALID_ARGUMENT,
                          "\"%s\" is empty: leave the key out to mean %s", key,
                          all);
  }
  char label[64];
  (void)snprintf(label, sizeof label, "each of \"%s\"", key);
  pj_enter_key(d, key);
  for (size_t i = 0; i < json_array_size(list) && st == PROMO_OK; i++) {
    json_t *item = json_array_get(list, i);
    pj_enter_index(d, i);
    st = pj_expect(d, item, JSON_STRING, label);
    if (st == PROMO_OK) {
      st = add(c, json_string_value(item));
      if (st != PROMO_OK) {
        st = refused(x, NULL, st);
      }
    }
    pj_leave(d);
  }
  pj_leave(d);
  return st;
}

static promo_status load_limit(catalog_ctx *x, promo_campaign *c, json_t *obj,
                               const char *key,
                               promo_status (*set)(promo_campaign *, int64_t)) {
  int64_t v = 0;
  bool present = false;
  promo_status st = pj_integer_member(&x->doc, obj, key, false, &v, &present);
  if (st != PROMO_OK || !present) {
    return st;
  }
  st = set(c, v);
  return st == PROMO_OK ? st : refused(x, key, st);
}

/* ---- codes -------------------------------------------------------------- */

static promo_status load_codes(catalog_ctx *x, promo_campaign *c,
                               json_t *campaign, json_t *list, size_t *added) {
  pj_doc *d = &x->doc;
  promo_status st = PROMO_OK;
  pj_elements it;
  pj_elements_begin(d, campaign, "codes", list, &it);
  pj_enter_key(d, "codes");
  for (size_t i = 0; i < it.count && st == PROMO_OK; i++) {
    json_t *item = NULL;
    pj_enter_index(d, i);
    st = pj_elements_next(&it, &item);
    if (st == PROMO_OK) {
      st = pj_expect(d, item, JSON_STRING, "each of \"codes\"");
    }
    if (st == PROMO_OK) {
      st = promo_campaign_add_code(c, json_string_value(item),
                                   json_string_length(item));
      st = st == PROMO_OK ? st : refused(x, NULL, st);
    }
    pj_leave(d);
    *added += st == PROMO_OK ? 1 : 0;
  }
  pj_leave(d);
  pj_elements_end(&it);
  return st;
}

/* codes_dir joined with `file`, for error messages only: the file itself
 * is opened relative to the directory, one component at a time. */
static char *join_path(const char *dir, const char *file) {
  size_t base = file[0] == '/' ? 0 : strlen(dir); /* absolute: as given */
  bool slash = base > 0 && dir[base - 1] != '/';
  size_t size = base + (slash ? 1 : 0) + strlen(file) + 1;
  if (base > INT_MAX || size < base) {
    return NULL;
  }
  char *out = pj_scratch_alloc(size);
  if (out == NULL) {
    return NULL;
  }
  (void)snprintf(out, size, "%.*s%s%s", (int)base, dir, slash ? "/" : "", file);
  return out;
}

static promo_status load_codes_file(catalog_ctx *x, promo_campaign *c,
                                    const char *file, size_t *added) {
  pj_doc *d = &x->doc;
  if (x->codes_dir == NULL) {
    return pj_fail_member(d, "codes_file", false, PROMO_ERR_INVALID_ARGUMENT,
                          "\"codes_file\" cannot be used in a catalog read "
                          "from memory without a codes directory");
  }
  if (file[0] == '\0') {
    return pj_fail_member(d, "codes_file", false, PROMO_ERR_INVALID_ARGUMENT,
                          "\"codes_file\" must name a file");
  }
  char *path = join_path(x->codes_dir, file);
  if (path == NULL) {
    return pj_out_of_memory(d->error, d->name);
  }
  pj_codes_outcome outcome = PJ_CODES_OK;
  const char *reason = NULL;
  size_t count = 0;
  promo_status st = pj_codes_file_load(c, x->builder, x->codes_dir, file, path,
                                       &count, &outcome, &reason, d->error);
  if (outcome == PJ_CODES_UNREADABLE) {
    promo_quoted q;
    st = pj_fail_member(d, "codes_file", false, PROMO_ERR_INVALID_ARGUMENT,
                        "cannot read codes file %s: %s",
                        promo_quote_str(&q, path), reason);
  }
  pj_scratch_free(path);
  *added += count;
  return st;
}

static promo_status load_all_codes(catalog_ctx *x, promo_campaign *c,
                                   json_t *obj, const char *id) {
  pj_doc *d = &x->doc;
  json_t *codes = NULL;
  const char *file = NULL;
  promo_status st = pj_member(d, obj, "codes", false, JSON_ARRAY, &codes);
  if (st == PROMO_OK) {
    st = pj_string_member(d, obj, "codes_file", false, &file, NULL);
  }
  if (st != PROMO_OK) {
    return st;
  }
  promo_quoted q;
  if (codes == NULL && file == NULL) {
    return pj_fail(d, PROMO_ERR_INVALID_ARGUMENT,
                   "campaign '%s' needs \"codes\" or \"codes_file\"",
                   promo_quote_str(&q, id));
  }
  size_t added = 0;
  if (codes != NULL) {
    st = load_codes(x, c, obj, codes, &added);
  }
  if (st == PROMO_OK && file != NULL) {
    st = load_codes_file(x, c, file, &added);
  }
  if (st == PROMO_OK && added == 0) {
    return pj_fail_member(d, file != NULL ? "codes_file" : "codes", false,
                          PROMO_ERR_INVALID_ARGUMENT,
                          "campaign '%s' has no codes",
                          promo_quote_str(&q, id));
  }
  return st;
}

/* ---- campaigns ---------------------------------------------------------- */

static promo_status load_campaign(catalog_ctx *x, json_t *obj) {
  pj_doc *d = &x->doc;
  promo_status st = pj_expect(d, obj, JSON_OBJECT, "each campaign");
  if (st == PROMO_OK) {
    st = pj_known_keys(d, obj, CAMPAIGN_KEYS, "a campaign");
  }
  const char *id = NULL;
  if (st == PROMO_OK) {
    st = pj_string_member(d, obj, "id", true, &id, NULL);
  }
  promo_campaign *c = NULL;
  if (st == PROMO_OK) {
    st = promo_catalog_builder_add_campaign(&c, x->builder, id);
    st = st == PROMO_OK ? st : refused(x, "id", st);
  }
  json_t *discount = NULL;
  if (st == PROMO_OK) {
    st = pj_member(d, obj, "discount", true, JSON_OBJECT, &discount);
  }
  if (st == PROMO_OK) {
    pj_enter_key(d, "discount");
    st = load_discount(x, c, discount);
    pj_leave(d);
  }
  if (st == PROMO_OK) {
    st = load_dates(x, c, obj);
  }
  const char *zone = NULL;
  if (st == PROMO_OK) {
    st = pj_string_member(d, obj, "time_zone", false, &zone, NULL);
  }
  if (st == PROMO_OK && zone != NULL) {
    st = promo_campaign_set_time_zone(c, zone);
    st = st == PROMO_OK ? st : refused(x, "time_zone", st);
  }
  if (st == PROMO_OK) {
    st = load_list(x, c, obj, "regions", "everywhere",
                   promo_campaign_add_region);
  }
  if (st == PROMO_OK) {
    st = load_list(x, c, obj, "products", "every product",
                   promo_campaign_add_product);
  }
  if (st == PROMO_OK) {
    st = load_limit(x, c, obj, "max_licenses", promo_campaign_set_max_licenses);
  }
  if (st == PROMO_OK) {
    st = load_limit(x, c, obj, "max_redemptions",
                    promo_campaign_set_max_redemptions);
  }
  if (st == PROMO_OK) {
    st = load_all_codes(x, c, obj, id);
  }
  return st;
}

static promo_status load_catalog(catalog_ctx *x, promo_catalog **out) {
  pj_doc *d = &x->doc;
  promo_status st = pj_expect(d, d->root, JSON_OBJECT, "the catalog");
  if (st == PROMO_OK) {
    st = pj_known_keys(d, d->root, CATALOG_KEYS, "the catalog");
  }
  json_t *campaigns = NULL;
  if (st == PROMO_OK) {
    st = pj_member(d, d->root, "campaigns", true, JSON_ARRAY, &campaigns);
  }
  if (st != PROMO_OK) {
    return st;
  }
  pj_elements it;
  pj_elements_begin(d, d->root, "campaigns", campaigns, &it);
  pj_enter_key(d, "campaigns");
  for (size_t i = 0; i < it.count && st == PROMO_OK; i++) {
    json_t *campaign = NULL;
    pj_enter_index(d, i);
    st = pj_elements_next(&it, &campaign);
    if (st == PROMO_OK) {
      st = load_campaign(x, campaign);
    }
    pj_leave(d);
  }
  pj_leave(d);
  pj_elements_end(&it);
  if (st != PROMO_OK) {
    return st;
  }
  /* The builder checks again what the loader has checked already (a
   * discount, a code, starts not after ends; zones when they were set): with
   * the values the loader lets through it can only run out of memory. Should
   * it refuse anything else, the error points at the list of campaigns. */
  st = promo_catalog_build(out, x->builder);
  return st == PROMO_OK ? st : refused(x, "campaigns", st);
}

/* Parses a catalog's text with options already read; the catalog counts
 * redemptions in `store` (NULL: a store of its own), and `hints` builds its
 * hint index too. */
static promo_status
parse_catalog(promo_catalog **out, promo_json_error *error, const char *text,
              size_t length, const char *name, const promo_allocator *allocator,
              const char *codes_dir, promo_store *store, bool hints) {
  catalog_ctx x = {.codes_dir = codes_dir};
  promo_status st = promo_catalog_builder_new(&x.builder, allocator);
  if (st != PROMO_OK) {
    return st == PROMO_ERR_NO_MEMORY
               ? pj_out_of_memory(error, name)
               : pj_error(error, st, name, 0, 0,
                          "the allocator lacks a function");
  }
  /* Refused only for a NULL builder, which this is not. */
  (void)promo_catalog_builder_set_store(x.builder, store);
  (void)promo_catalog_builder_set_hints(x.builder, hints); /* cannot fail */
  st = pj_doc_parse(&x.doc, name, text == NULL ? "" : text, length, "campaigns",
                    "codes", error);
  if (st == PROMO_OK) {
    promo_catalog *catalog = NULL;
    st = load_catalog(&x, &catalog);
    if (st == PROMO_OK) {
      *out = catalog;
    }
  }
  pj_doc_release(&x.doc);
  promo_catalog_builder_free(x.builder);
  return st;
}

static promo_status too_large(promo_json_error *error, const char *name,
                              size_t limit) {
  return pj_error(error, PROMO_ERR_INVALID_ARGUMENT, name, 0, 0,
                  "too large: over the limit of %zu bytes for a catalog",
                  limit);
}

promo_status promo_json_parse_catalog(promo_catalog **out,
                                      promo_json_error *error, const char *text,
                                      size_t length, const char *name,
                                      const promo_allocator *allocator,
                                      const promo_json_options *options) {
  pj_error_clear(error);
  name = name == NULL ? "<string>" : name;
  if (out == NULL || (text == NULL && length > 0)) {
    return pj_error(error, PROMO_ERR_INVALID_ARGUMENT, name, 0, 0,
                    "no catalog to read");
  }
  promo_json_options o;
  promo_status st = pj_options_read(&o, options, name, error);
  if (st != PROMO_OK) {
    return st;
  }
  if (length > o.max_catalog_bytes) {
    return too_large(error, name, o.max_catalog_bytes);
  }
  return parse_catalog(out, error, text, length, name, allocator, o.codes_dir,
                       o.store, o.hints);
}

/* The directory part of `path` with its trailing separator ("" for none),
 * in a new scratch string. */
static char *directory_of(const char *path) {
  size_t len = strlen(path);
  while (len > 0 && path[len - 1] != '/') {
    len--;
  }
  char *dir = pj_scratch_alloc(len + 1);
  if (dir != NULL) {
    memcpy(dir, path, len);
    dir[len] = '\0';
  }
  return dir;
}

promo_status promo_json_load_catalog(promo_catalog **out,
                                     promo_json_error *error, const char *path,
                                     const promo_allocator *allocator,
                                     const promo_json_options *options) {
  pj_error_clear(error);
  if (out == NULL || path == NULL) {
    return pj_error(error, PROMO_ERR_INVALID_ARGUMENT, "", 0, 0,
                    "no catalog file given");
  }
  promo_json_options o;
  promo_status st = pj_options_read(&o, options, path, error);
  if (st != PROMO_OK) {
    return st;
  }
  char *text = NULL;
  size_t length = 0;
  st = pj_read_source(&text, &length, path, false, path, o.max_catalog_bytes,
                      "a catalog", error);
  if (st != PROMO_OK) {
    return st;
  }
  char *dir = o.codes_dir == NULL ? directory_of(path) : NULL;
  if (o.codes_dir == NULL && dir == NULL) {
    pj_scratch_free(text);
    return pj_out_of_memory(error, path);
  }
  st = parse_catalog(out, error, text, length, path, allocator,
                     o.codes_dir == NULL ? dir : o.codes_dir, o.store, o.hints);
  pj_scratch_free(dir);
  pj_scratch_free(text);
  return st;
}
