/* catalog.c - the catalog builder, its campaigns, and the built catalog. */
#include "calendar.h"
#include "catalog_impl.h"
#include "currency.h"
#include "hash.h"
#include "pipeline.h"
#include "region.h"
#include "store/store_impl.h"
#include "text.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static promo_status out_of_memory(promo_catalog_builder *b) {
  return promo_fail(&b->error, PROMO_ERR_NO_MEMORY, "out of memory");
}

static void campaign_free(promo_campaign_def *c, const promo_alloc *a) {
  if (c == NULL) {
    return;
  }
  promo_free(a, c->id);
  promo_free(a, c->zone);
  promo_free(a, c->regions);
  promo_free(a, c->products);
  promo_free(a, c);
}

static void free_campaigns(promo_campaign_def **campaigns, size_t count,
                           const promo_alloc *a) {
  for (size_t i = 0; i < count; i++) {
    campaign_free(campaigns[i], a);
  }
  promo_free(a, campaigns);
}

static void products_release(promo_product_table *t, const promo_alloc *a) {
  for (size_t i = 0; i < t->count; i++) {
    promo_free(a, t->names[i]);
  }
  promo_free(a, t->names);
  promo_strmap_release(&t->index, a);
  memset(t, 0, sizeof *t);
}

size_t promo_code_max_bytes(void) {
  return PROMO_CODE_MAX_BYTES;
}

/* ---- builder ----------------------------------------------------------- */

/* Empties the campaigns in progress. The handles stay: the builder keeps
 * every handle it gave out until it is freed; so do its zones and
 * tables. */
static void builder_reset(promo_catalog_builder *b) {
  b->campaigns = NULL;
  b->count = 0;
  b->cap = 0;
  /* A new secret key for each catalog's hash (hash.h). */
  promo_code_set_init(&b->codes, promo_hash_random_seed());
  promo_strmap_init(&b->ids);
  memset(&b->products, 0, sizeof b->products);
  memset(&b->regions, 0, sizeof b->regions);
  b->error.text[0] = '\0';
}

promo_status promo_catalog_builder_new(promo_catalog_builder **out,
                                       const promo_allocator *allocator) {
  promo_alloc a;
  if (out == NULL || !promo_alloc_init(&a, allocator)) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  promo_catalog_builder *b = promo_malloc(&a, sizeof *b);
  if (b == NULL) {
    return PROMO_ERR_NO_MEMORY;
  }
  b->alloc = a;
  b->hints = false;
  b->handles = NULL;
  b->handle_count = 0;
  b->handle_cap = 0;
  b->zones = NULL;
  b->tables = NULL;
  b->store = NULL;
  builder_reset(b);
  *out = b;
  return PROMO_OK;
}

void promo_catalog_builder_free(promo_catalog_builder *b) {
  if (b == NULL) {
    return;
  }
  promo_alloc a = b->alloc;
  free_campaigns(b->campaigns, b->count, &a);
  for (size_t i = 0; i < b->handle_count; i++) {
    promo_free(&a, b->handles[i]);
  }
  promo_free(&a, b->handles);
  promo_code_set_release(&b->codes, &a);
  promo_strmap_release(&b->ids, &a);
  products_release(&b->products, &a);
  promo_zones_free(b->zones);
  promo_free(&a, b->tables);
  promo_store_release(b->store);
  promo_free(&a, b);
}

promo_status promo_catalog_builder_set_store(promo_catalog_builder *b,
                                             promo_store *store) {
  if (b == NULL) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  promo_store_retain(store);
  promo_store_release(b->store);
  b->store = store;
  return PROMO_OK;
}

const char *promo_catalog_builder_error(const promo_catalog_builder *b) {
  return b == NULL ? "" : b->error.text;
}

promo_status promo_catalog_builder_set_zones(promo_catalog_builder *b,
                                             promo_zones *zones) {
  if (b == NULL) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  if (zones == NULL) {
    return promo_fail(&b->error, PROMO_ERR_INVALID_ARGUMENT, "no zones");
  }
  promo_zones_retain(zones);
  promo_zones_free(b->zones);
  b->zones = zones;
  return PROMO_OK;
}

/* The builder's zones: the host's, or the default ones made on first
 * need. */
static promo_status builder_zones(promo_catalog_builder *b) {
  if (b->zones == NULL &&
      promo_zones_new_default(&b->zones, &b->alloc) != PROMO_OK) {
    return out_of_memory(b);
  }
  return PROMO_OK;
}

/* The country and currency tables, built from ICU on first need, and at
 * the latest by promo_catalog_build. Orders then ask ICU nothing on their
 * way to an accepted code (it is asked only why a country is refused),
 * and what they do ask, ICU's region data, it has initialised here: ICU
 * initialises its data lazily, once, synchronised by atomics inside
 * libicu that ThreadSanitizer cannot see in a distribution's ICU, so two
 * threads' first orders would otherwise be reported as racing on ICU's
 * region table. Zones need no ICU at all. */
static promo_status builder_tables(promo_catalog_builder *b) {
  if (b->tables != NULL) {
    return PROMO_OK;
  }
  promo_code_tables *t = promo_malloc(&b->alloc, sizeof *t);
  if (t == NULL) {
    return out_of_memory(b);
  }
  promo_country_table_build(&t->countries);
  if (promo_currency_table_build(&t->currencies) != PROMO_OK) {
    promo_free(&b->alloc, t);
    return out_of_memory(b); /* ICU ran out */
  }
  b->tables = t;
  return PROMO_OK;
}

promo_status
promo_catalog_builder_set_countries(promo_catalog_builder *b,
                                    const promo_country_set *valid) {
  if (b->tables != NULL) {
    b->tables->countries = *valid;
    return PROMO_OK;
  }
  promo_code_tables *t = promo_malloc(&b->alloc, sizeof *t);
  if (t == NULL) {
    return out_of_memory(b);
  }
  t->countries = *valid;
  if (promo_currency_table_build(&t->currencies) != PROMO_OK) {
    promo_free(&b->alloc, t);
    return out_of_memory(b); /* ICU ran out */
  }
  b->tables = t;
  return PROMO_OK;
}

promo_status promo_catalog_builder_set_hints(promo_catalog_builder *b,
                                             bool enabled) {
  if (b == NULL) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  b->hints = enabled;
  return PROMO_OK;
}

/* A handle for the campaign `id` of builder b, or NULL when out of memory.
 * It carries its own copy of the id, for the message that refuses it once
 * it is stale. */
static promo_campaign *handle_new(promo_catalog_builder *b, const char *id) {
  size_t len = strlen(id);
  promo_campaign *h = promo_malloc(&b->alloc, sizeof *h + len + 1);
  if (h != NULL) {
    h->builder = b;
    h->def = NULL;
    memcpy(h->id, id, len + 1);
  }
  return h;
}

promo_status promo_catalog_builder_add_campaign(promo_campaign **out,
                                                promo_catalog_builder *b,
                                                const char *id) {
  if (b == NULL) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  if (out == NULL) {
    return promo_fail(&b->error, PROMO_ERR_INVALID_ARGUMENT,
                      "no place for the campaign");
  }
  if (!promo_utf8_nonempty(id)) {
    return promo_fail(&b->error, PROMO_ERR_INVALID_ARGUMENT,
                      "a campaign id must be a non-empty UTF-8 string");
  }
  if (promo_strmap_get(&b->ids, id, NULL)) {
    promo_quoted q;
    return promo_fail(&b->error, PROMO_ERR_INVALID_ARGUMENT,
                      "campaign id '%s' is used twice",
                      promo_quote_str(&q, id));
  }
  if (b->count >= UINT32_MAX) {
    return promo_fail(&b->error, PROMO_ERR_INVALID_ARGUMENT,
                      "too many campaigns");
  }
  /* Reserve everything first, so that a failure changes nothing. */
  void *array = b->campaigns;
  if (!promo_grow(&b->alloc, &array, &b->cap, b->count + 1,
                  sizeof(promo_campaign_def *))) {
    return out_of_memory(b);
  }
  b->campaigns = array;
  array = b->handles;
  if (!promo_grow(&b->alloc, &array, &b->handle_cap, b->handle_count + 1,
                  sizeof(promo_campaign *))) {
    return out_of_memory(b);
  }
  b->handles = array;
  if (promo_strmap_reserve(&b->ids, &b->alloc, 1) != PROMO_OK) {
    return out_of_memory(b);
  }
  promo_campaign_def *c = promo_calloc(&b->alloc, 1, sizeof *c);
  promo_campaign *h = c == NULL ? NULL : handle_new(b, id);
  char *copy = h == NULL ? NULL : promo_strdup(&b->alloc, id);
  if (copy == NULL) {
    promo_free(&b->alloc, h);
    promo_free(&b->alloc, c);
    return out_of_memory(b);
  }
  c->id = copy;
  c->handle = h;
  c->index = (uint32_t)b->count;
  h->def = c;
  promo_strmap_put(&b->ids, c->id, b->count);
  b->campaigns[b->count++] = c;
  b->handles[b->handle_count++] = h;
  *out = h;
  return PROMO_OK;
}

promo_status promo_catalog_builder_campaign(promo_campaign **out,
                                            promo_catalog_builder *b,
                                            const char *id) {
  if (b == NULL) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  if (out == NULL) {
    return promo_fail(&b->error, PROMO_ERR_INVALID_ARGUMENT,
                      "no place for the campaign");
  }
  if (id == NULL) {
    return promo_fail(&b->error, PROMO_ERR_INVALID_ARGUMENT, "no campaign id");
  }
  size_t index = 0;
  if (!promo_strmap_get(&b->ids, id, &index)) {
    promo_quoted q;
    return promo_fail(&b->error, PROMO_ERR_INVALID_ARGUMENT,
                      "the builder holds no campaign '%s'",
                      promo_quote_str(&q, id));
  }
  *out = b->campaigns[index]->handle;
  return PROMO_OK;
}

/* ---- campaign setters -------------------------------------------------- */

/* The campaign behind handle h, or NULL (after saying why in the builder's
 * error text when h is not NULL): a handle changes its campaign until the
 * campaign is built into a catalog. */
static promo_campaign_def *def_of(const promo_campaign *h) {
  if (h == NULL) {
    return NULL;
  }
  if (h->def == NULL) {
    promo_quoted q;
    promo_fail(&h->builder->error, PROMO_ERR_INVALID_ARGUMENT,
               "campaign '%s' was built into a catalog; its handle can no "
               "longer change it",
               promo_quote_str(&q, h->id));
  }
  return h->def;
}

/* Refuses a setter's value: "campaign '<id>': " and the reason. */
PROMO_PRINTF(4, 5)
static promo_status campaign_fail(const promo_campaign *h,
                                  const promo_campaign_def *c,
                                  promo_status status, const char *fmt, ...) {
  char reason[PROMO_ERROR_MAX];
  va_list ap;
  va_start(ap, fmt);
  // NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized): see promo_fail
  (void)vsnprintf(reason, sizeof reason, fmt, ap);
  va_end(ap);
  return promo_fail_about(&h->builder->error, status, "campaign", c->id, "%s",
                          reason);
}

promo_status promo_campaign_set_percent_bps(promo_campaign *h, int64_t bps) {
  promo_campaign_def *c = def_of(h);
  if (c == NULL) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  if (bps < 1 || bps > 10000) {
    return campaign_fail(h, c, PROMO_ERR_INVALID_ARGUMENT,
                         "percent_bps must be 1..10000, not %lld",
                         (long long)bps);
  }
  c->kind = PROMO_DISCOUNT_PERCENT;
  c->bps = bps;
  c->amount = 0;
  c->currency[0] = '\0';
  return PROMO_OK;
}

promo_status promo_campaign_set_amount(promo_campaign *h, int64_t amount,
                                       const char *currency) {
  promo_campaign_def *c = def_of(h);
  if (c == NULL) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  if (amount < 1) {
    return campaign_fail(h, c, PROMO_ERR_INVALID_ARGUMENT,
                         "amount must be at least 1, not %lld",
                         (long long)amount);
  }
  promo_status st = builder_tables(h->builder);
  if (st != PROMO_OK) {
    return st;
  }
  const char *why = NULL;
  st = promo_currency_lookup(&h->builder->tables->currencies, currency, &why);
  if (st != PROMO_OK) {
    promo_quoted q;
    return campaign_fail(h, c, st, "%s '%s'", why,
                         promo_quote_str(&q, currency));
  }
  c->kind = PROMO_DISCOUNT_AMOUNT;
  c->amount = amount;
  memcpy(c->currency, currency, 4);
  c->bps = 0;
  return PROMO_OK;
}

static int date_cmp(const promo_date *x, const promo_date *y) {
  if (x->year != y->year) {
    return x->year < y->year ? -1 : 1;
  }
  if (x->month != y->month) {
    return x->month < y->month ? -1 : 1;
  }
  return x->day < y->day ? -1 : (x->day > y->day ? 1 : 0);
}

/* Sets starts (is_start) or ends. The dates of a campaign are consistent at
 * every moment: the call that would put starts after ends is refused. */
static promo_status set_date(promo_campaign *h, bool is_start, int year,
                             int month, int day) {
  promo_campaign_def *c = def_of(h);
  if (c == NULL) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  const char *what = is_start ? "starts" : "ends";
  if (!promo_date_valid(year, month, day)) {
    return campaign_fail(h, c, PROMO_ERR_INVALID_ARGUMENT,
                         "%s %04d-%02d-%02d is not a calendar date from year "
                         "1 to 9999",
                         what, year, month, day);
  }
  promo_date date = {year, month, day};
  const promo_date *other = is_start ? &c->ends : &c->starts;
  int order = other->year == 0 ? 0 : date_cmp(&date, other);
  if ((is_start && order > 0) || (!is_start && order < 0)) {
    promo_quoted q;
    return promo_fail(&h->builder->error, PROMO_ERR_INVALID_ARGUMENT,
                      "campaign '%s' %s on %04d-%02d-%02d, %s it %s on "
                      "%04d-%02d-%02d",
                      promo_quote_str(&q, c->id), what, year, month, day,
                      is_start ? "after" : "before",
                      is_start ? "ends" : "starts", other->year, other->month,
                      other->day);
  }
  *(is_start ? &c->starts : &c->ends) = date;
  return PROMO_OK;
}

promo_status promo_campaign_set_starts(promo_campaign *h, int year, int month,
                                       int day) {
  return set_date(h, true, year, month, day);
}

promo_status promo_campaign_set_ends(promo_campaign *h, int year, int month,
                                     int day) {
  return set_date(h, false, year, month, day);
}

promo_status promo_campaign_set_time_zone(promo_campaign *h, const char *zone) {
  promo_campaign_def *c = def_of(h);
  if (c == NULL) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  promo_catalog_builder *b = h->builder;
  if (zone == NULL) {
    return campaign_fail(h, c, PROMO_ERR_INVALID_ARGUMENT, "no time zone");
  }
  promo_status st = builder_zones(b);
  if (st != PROMO_OK) {
    return st;
  }
  const promo_zone *rules = NULL;
  char msg[PROMO_ERROR_MAX];
  st = promo_zones_get(b->zones, &rules, zone, msg, sizeof msg);
  if (st != PROMO_OK) {
    return st == PROMO_ERR_NO_MEMORY ? out_of_memory(b)
                                     : campaign_fail(h, c, st, "%s", msg);
  }
  char *copy = promo_strdup(&b->alloc, zone);
  if (copy == NULL) {
    return out_of_memory(b);
  }
  promo_free(&b->alloc, c->zone);
  c->zone = copy;
  return PROMO_OK;
}

/* Whether the comma-separated list (or NULL) holds `region`. */
static bool has_region(const char *list, const char *region) {
  size_t n = strlen(region);
  for (const char *p = list; p != NULL && *p != '\0';) {
    size_t k = strcspn(p, ",");
    if (k == n && memcmp(p, region, n) == 0) {
      return true;
    }
    p += k + (p[k] == ',');
  }
  return false;
}

promo_status promo_campaign_add_region(promo_campaign *h, const char *region) {
  promo_campaign_def *c = def_of(h);
  if (c == NULL) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  if (region == NULL) {
    return campaign_fail(h, c, PROMO_ERR_INVALID_ARGUMENT, "no region");
  }
  promo_country_set set = c->countries;
  const char *why = NULL;
  promo_status st =
      promo_region_add_cached(&set, &h->builder->regions, region, &why);
  if (st == PROMO_ERR_NO_MEMORY) {
    return out_of_memory(h->builder);
  }
  if (st != PROMO_OK) {
    promo_quoted q;
    const char *use = promo_region_canonical(region);
    if (use != NULL) {
      return campaign_fail(h, c, st, "region '%s' is an alias: use '%s'",
                           promo_quote_str(&q, region), use);
    }
    return campaign_fail(h, c, st, "%s '%s'", why, promo_quote_str(&q, region));
  }
  /* Kept as added, each once, for a compiled file: "NL" then "NL,150".
   * Distinct region codes are a few hundred at most, so the list stays
   * short however often a region is listed again. */
  if (!has_region(c->regions, region)) {
    size_t had = c->regions == NULL ? 0 : strlen(c->regions);
    size_t add = strlen(region);
    char *regions =
        promo_realloc(&h->builder->alloc, c->regions, had + add + 2);
    if (regions == NULL) {
      return out_of_memory(h->builder);
    }
    if (had > 0) {
      regions[had++] = ',';
    }
    memcpy(regions + had, region, add + 1);
    c->regions = regions;
  }
  c->countries = set;
  c->has_regions = true;
  return PROMO_OK;
}

promo_status promo_campaign_set_countries(promo_campaign *h,
                                          const char *regions,
                                          const promo_country_set *countries) {
  promo_campaign_def *c = def_of(h);
  if (c == NULL) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  const promo_code_tables *t = h->builder->tables;
  bool any = false;
  bool valid = t != NULL && regions != NULL && regions[0] != '\0';
  for (size_t i = 0; valid && i < sizeof countries->bits / sizeof(uint64_t);
       i++) {
    any = any || countries->bits[i] != 0;
    valid = (countries->bits[i] & ~t->countries.bits[i]) == 0;
  }
  if (!valid || !any) {
    return campaign_fail(h, c, PROMO_ERR_INVALID_ARGUMENT,
                         "its regions hold no country, or one that is not a "
                         "country");
  }
  char *copy = promo_strdup(&h->builder->alloc, regions);
  if (copy == NULL) {
    return out_of_memory(h->builder);
  }
  promo_free(&h->builder->alloc, c->regions);
  c->regions = copy;
  c->countries = *countries;
  c->has_regions = true;
  return PROMO_OK;
}

/* Whether the sorted list holds `index`, and where it is or would go. */
static bool find_product(const promo_campaign_def *c, uint32_t index,
                         size_t *at) {
  size_t lo = 0;
  size_t hi = c->product_count;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (c->products[mid] < index) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  *at = lo;
  return lo < c->product_count && c->products[lo] == index;
}

/* The builder's index for `sku`, added to its product table if new, in
 * *index; false (nothing changed) when out of memory. */
static bool product_index(promo_catalog_builder *b, const char *sku,
                          uint32_t *index) {
  promo_product_table *t = &b->products;
  size_t known = 0;
  if (promo_strmap_get(&t->index, sku, &known)) {
    *index = (uint32_t)known;
    return true;
  }
  void *names = t->names;
  if (!promo_grow(&b->alloc, &names, &t->cap, t->count + 1, sizeof(char *))) {
    return false;
  }
  t->names = names;
  if (promo_strmap_reserve(&t->index, &b->alloc, 1) != PROMO_OK) {
    return false;
  }
  char *copy = promo_strdup(&b->alloc, sku);
  if (copy == NULL) {
    return false;
  }
  t->names[t->count] = copy;
  promo_strmap_put(&t->index, copy, t->count);
  *index = (uint32_t)t->count++;
  return true;
}

promo_status promo_campaign_add_product(promo_campaign *h, const char *sku) {
  promo_campaign_def *c = def_of(h);
  if (c == NULL) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  promo_catalog_builder *b = h->builder;
  if (!promo_utf8_nonempty(sku)) {
    return campaign_fail(h, c, PROMO_ERR_INVALID_ARGUMENT,
                         "a product must be a non-empty UTF-8 string");
  }
  if (b->products.count >= PROMO_NO_PRODUCT) {
    return campaign_fail(h, c, PROMO_ERR_INVALID_ARGUMENT, "too many products");
  }
  /* Room in the campaign's list first, then the builder's table: from
   * there on nothing can fail. */
  void *list = c->products;
  if (!promo_grow(&b->alloc, &list, &c->product_cap, c->product_count + 1,
                  sizeof(uint32_t))) {
    return out_of_memory(b);
  }
  c->products = list;
  uint32_t index = 0;
  if (!product_index(b, sku, &index)) {
    return out_of_memory(b);
  }
  size_t at = 0;
  if (find_product(c, index, &at)) {
    return PROMO_OK; /* listed twice: the set is the same */
  }
  memmove(c->products + at + 1, c->products + at,
          (c->product_count - at) * sizeof(uint32_t));
  c->products[at] = index;
  c->product_count++;
  return PROMO_OK;
}

/* Sets max_licenses (`licenses`) or max_redemptions. */
static promo_status set_limit(promo_campaign *h, bool licenses,
                              const char *what, int64_t max) {
  promo_campaign_def *c = def_of(h);
  if (c == NULL) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  if (max < 1) {
    return campaign_fail(h, c, PROMO_ERR_INVALID_ARGUMENT,
                         "%s must be at least 1, not %lld", what,
                         (long long)max);
  }
  *(licenses ? &c->max_licenses : &c->max_redemptions) = max;
  return PROMO_OK;
}

promo_status promo_campaign_set_max_licenses(promo_campaign *h, int64_t max) {
  return set_limit(h, true, "max_licenses", max);
}

promo_status promo_campaign_set_max_redemptions(promo_campaign *h,
                                                int64_t max) {
  return set_limit(h, false, "max_redemptions", max);
}

/* Adds one code whose hash under the set's seed is *hash (NULL: not known
 * yet): R1's syntax, then the set, which refuses a duplicate. The error
 * text is promo_campaign_add_code()'s; the campaign's count is the
 * caller's to update. */
static promo_status add_one(promo_campaign *h, promo_campaign_def *c,
                            const char *code, size_t len,
                            const uint64_t *hash) {
  promo_catalog_builder *b = h->builder;
  const char *why = NULL;
  if (promo_catalog_code_syntax(code, len, &why) != PROMO_OK) {
    return campaign_fail(h, c, PROMO_ERR_INVALID_ARGUMENT, "bad code: %s", why);
  }
  uint64_t h64 =
      hash != NULL ? *hash : promo_code_set_hash(&b->codes, code, len);
  uint32_t other = 0;
  bool present = false;
  if (promo_code_set_add_hashed(&b->codes, &b->alloc, code, len, h64, c->index,
                                &present, &other) != PROMO_OK) {
    return out_of_memory(b);
  }
  if (present) {
    promo_quoted q_code;
    promo_quoted q_this;
    (void)promo_quote(q_code.text, sizeof q_code.text, code, len);
    (void)promo_quote_str(&q_this, c->id);
    if (other == c->index) {
      return promo_fail(&b->error, PROMO_ERR_INVALID_ARGUMENT,
                        "code '%s' is listed twice in campaign '%s'",
                        q_code.text, q_this.text);
    }
    promo_quoted q_other;
    return promo_fail(&b->error, PROMO_ERR_INVALID_ARGUMENT,
                      "code '%s' is already in campaign '%s'; cannot add it "
                      "to campaign '%s'",
                      q_code.text,
                      promo_quote_str(&q_other, b->campaigns[other]->id),
                      q_this.text);
  }
  return PROMO_OK;
}

promo_status promo_campaign_add_code(promo_campaign *h, const char *code,
                                     size_t len) {
  promo_campaign_def *c = def_of(h);
  if (c == NULL) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  promo_status st = add_one(h, c, code, len, NULL);
  if (st == PROMO_OK) {
    c->code_count++;
  }
  return st;
}

/* promo_campaign_add_codes() hashes ADD_WINDOW codes, then adds them one
 * by one, prefetching the slots of the code ADD_AHEAD places on: a few
 * memory accesses stay in flight, fewer than the processor's outstanding
 * misses (issuing a whole window's prefetches at once stalls on them). */
#define ADD_WINDOW 64
#define ADD_AHEAD 8

promo_status promo_campaign_add_codes(size_t *refused, promo_campaign *h,
                                      const char *const *codes,
                                      const size_t *lens, size_t count) {
  if (refused != NULL) {
    *refused = 0;
  }
  promo_campaign_def *c = def_of(h);
  if (c == NULL) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  if (count > 0 && (codes == NULL || lens == NULL)) {
    return campaign_fail(h, c, PROMO_ERR_INVALID_ARGUMENT,
                         "codes and lens must not be NULL");
  }
  promo_code_set *set = &h->builder->codes;
  uint64_t hashes[ADD_WINDOW];
  bool hashed[ADD_WINDOW];
  for (size_t base = 0; base < count; base += ADD_WINDOW) {
    size_t n = count - base < ADD_WINDOW ? count - base : ADD_WINDOW;
    for (size_t k = 0; k < n; k++) {
      const char *code = codes[base + k];
      size_t len = lens[base + k];
      /* A code R1's syntax refuses for its length is not hashed. */
      hashed[k] = code != NULL && len > 0 && len <= PROMO_CODE_MAX_BYTES;
      if (hashed[k]) {
        hashes[k] = promo_code_set_hash(set, code, len);
        if (k < ADD_AHEAD) {
          promo_code_set_prefetch_home(set, hashes[k]);
        }
      }
    }
    for (size_t k = 0; k < n; k++) {
      size_t i = base + k;
      if (k + ADD_AHEAD < n && hashed[k + ADD_AHEAD]) {
        promo_code_set_prefetch_home(set, hashes[k + ADD_AHEAD]);
      }
      promo_status st =
          add_one(h, c, codes[i], lens[i], hashed[k] ? &hashes[k] : NULL);
      if (st != PROMO_OK) {
        /* All or nothing: the codes this call added go again. */
        promo_code_set_remove_last(set, codes, lens, i);
        if (refused != NULL) {
          *refused = i;
        }
        return st;
      }
    }
  }
  c->code_count += count;
  return PROMO_OK;
}

/* ---- build ------------------------------------------------------------- */

const char *promo_campaign_zone(const promo_campaign_def *c) {
  return c->zone == NULL ? PROMO_UTC : c->zone;
}

static promo_status check_campaign(promo_catalog_builder *b,
                                   const promo_campaign_def *c) {
  promo_quoted q;
  if (c->kind == PROMO_DISCOUNT_NONE) {
    return promo_fail(&b->error, PROMO_ERR_INVALID_ARGUMENT,
                      "campaign '%s' has no discount",
                      promo_quote_str(&q, c->id));
  }
  if (c->code_count == 0) {
    return promo_fail(&b->error, PROMO_ERR_INVALID_ARGUMENT,
                      "campaign '%s' has no codes", promo_quote_str(&q, c->id));
  }
  return PROMO_OK;
}

/* R2's instants, in the campaign's zone: the first instant of `starts` and
 * the first instant of the day after `ends`. The zone was checked when it
 * was set, but against the zones of that moment: the host may have given
 * the builder others since. */
static promo_status campaign_window(promo_catalog_builder *b,
                                    const promo_campaign_def *c, int64_t *from,
                                    int64_t *until) {
  *from = INT64_MIN;
  *until = INT64_MAX;
  if (c->starts.year == 0 && c->ends.year == 0) {
    return PROMO_OK;
  }
  const promo_zone *zone = NULL;
  char msg[PROMO_ERROR_MAX];
  promo_status st =
      promo_zones_get(b->zones, &zone, promo_campaign_zone(c), msg, sizeof msg);
  if (st != PROMO_OK) {
    return st == PROMO_ERR_NO_MEMORY
               ? out_of_memory(b)
               : promo_fail_about(&b->error, st, "campaign", c->id, "%s", msg);
  }
  if (c->starts.year != 0) {
    *from = promo_calendar_day_start(zone, c->starts.year, c->starts.month,
                                     c->starts.day);
  }
  if (c->ends.year != 0) {
    *until = promo_calendar_day_start(zone, c->ends.year, c->ends.month,
                                      c->ends.day + 1);
  }
  return PROMO_OK;
}

/* Computes the window of each of the n campaigns into from[]/until[]. */
static promo_status compute_windows(promo_catalog_builder *b, size_t n,
                                    int64_t *from, int64_t *until) {
  promo_status st = PROMO_OK;
  for (size_t i = 0; i < n && st == PROMO_OK; i++) {
    st = check_campaign(b, b->campaigns[i]);
    if (st == PROMO_OK) {
      st = campaign_window(b, b->campaigns[i], &from[i], &until[i]);
    }
  }
  return st;
}

/* An empty catalog holding a reference to the builder's store, or to a new
 * in-memory store (with the builder's allocator) when none was set; NULL
 * when out of memory. */
static promo_catalog *catalog_alloc(const promo_catalog_builder *b) {
  promo_catalog *cat = promo_calloc(&b->alloc, 1, sizeof *cat);
  if (cat == NULL) {
    return NULL;
  }
  if (b->store != NULL) {
    cat->store = promo_store_retain(b->store);
    return cat;
  }
  promo_store_memory_options options = PROMO_STORE_MEMORY_OPTIONS_INIT;
  options.allocator = &b->alloc;
  if (promo_store_new_memory(&cat->store, &options) != PROMO_OK) {
    promo_free(&b->alloc, cat);
    return NULL;
  }
  return cat;
}

/* The catalog's code and hint indexes: built from the builder's codes, or
 * the views of a compiled file's (image not NULL). */
static promo_status make_indexes(promo_catalog_builder *b,
                                 const promo_catalog_image *image,
                                 promo_code_index *codes,
                                 promo_hint_index *hints) {
  const promo_alloc *a = &b->alloc;
  promo_hint_index_init(hints);
  if (image != NULL) {
    *codes = image->codes;
    codes->block = NULL; /* the file's: never freed */
  } else if (promo_code_index_build(codes, a, &b->codes, (uint32_t)b->count) !=
             PROMO_OK) {
    return out_of_memory(b);
  }
  promo_status st = PROMO_OK;
  if (image != NULL && image->hint_slots != NULL) {
    st = promo_hint_index_view(hints, image->hint_slots, image->hint_mask,
                               image->hint_count);
  } else if (image == NULL && b->hints) {
    /* From the built index: the hints keep offsets into its entries. */
    st = promo_hint_index_build(hints, a, codes);
  }
  if (st != PROMO_OK) {
    promo_code_index_release(codes, a);
    return st == PROMO_ERR_NO_MEMORY
               ? out_of_memory(b)
               : promo_fail(&b->error, st,
                            "the hint index cannot be built: ICU lacks "
                            "its confusables data");
  }
  return PROMO_OK;
}

/* promo_catalog_build() and promo_catalog_build_image(). */
static promo_status build(promo_catalog **out, promo_catalog_builder *b,
                          const promo_catalog_image *image) {
  const promo_alloc *a = &b->alloc;
  const size_t n = b->count;
  promo_status st = builder_zones(b);
  if (st == PROMO_OK) {
    st = builder_tables(b);
  }
  if (st != PROMO_OK) {
    return st;
  }
  /* Two int64 per campaign, in one block; a zero-campaign catalog needs
   * none. */
  int64_t *windows = NULL;
  if (n > 0) {
    windows = promo_calloc(a, n, 2 * sizeof *windows);
    if (windows == NULL) {
      return out_of_memory(b);
    }
  }
  int64_t *until = windows == NULL ? NULL : windows + n;
  st = n == 0 ? PROMO_OK : compute_windows(b, n, windows, until);
  if (st != PROMO_OK) {
    promo_free(a, windows);
    return st;
  }
  promo_code_index index;
  promo_hint_index hints;
  st = make_indexes(b, image, &index, &hints);
  if (st != PROMO_OK) {
    promo_free(a, windows);
    return st;
  }
  promo_catalog *cat = catalog_alloc(b);
  if (cat == NULL) {
    promo_hint_index_release(&hints, a);
    promo_code_index_release(&index, a);
    promo_free(a, windows);
    return out_of_memory(b);
  }
  /* Nothing can fail from here on: move everything into the catalog, and
   * leave the handles stale. */
  for (size_t i = 0; i < n; i++) {
    promo_campaign_def *c = b->campaigns[i];
    c->handle->def = NULL;
    c->handle = NULL;
    c->active_from = windows[i];
    c->active_until = until[i];
    c->steps = promo_pipeline_steps(c);
    c->id_len = strlen(c->id);
  }
  promo_free(a, windows);
  atomic_init(&cat->refs, 1);
  cat->alloc = b->alloc;
  cat->campaigns = b->campaigns;
  cat->count = n;
  cat->codes = index;
  cat->hints = hints;
  promo_code_set_release(&b->codes, a); /* the index holds the codes now */
  cat->ids = b->ids;
  cat->products = b->products;
  cat->zones = promo_zones_retain(b->zones);
  cat->tables = b->tables;
  if (image != NULL) {
    cat->map = image->map;
    cat->map_len = image->map_len;
  }
  b->tables = NULL;
  builder_reset(b);
  *out = cat;
  return PROMO_OK;
}

promo_status promo_catalog_build(promo_catalog **out,
                                 promo_catalog_builder *b) {
  if (b == NULL) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  if (out == NULL) {
    return promo_fail(&b->error, PROMO_ERR_INVALID_ARGUMENT,
                      "no place for the catalog");
  }
  return build(out, b, NULL);
}

promo_status promo_catalog_build_image(promo_catalog **out,
                                       promo_catalog_builder *b,
                                       const promo_catalog_image *image) {
  return build(out, b, image);
}

/* ---- catalog ----------------------------------------------------------- */

promo_status promo_catalog_retain(promo_catalog *cat) {
  if (cat == NULL) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  size_t refs = atomic_load_explicit(&cat->refs, memory_order_relaxed);
  do {
    if (refs == SIZE_MAX) {
      return PROMO_ERR_INVALID_ARGUMENT; /* never in practice: no wrap */
    }
  } while (!atomic_compare_exchange_weak_explicit(
      &cat->refs, &refs, refs + 1, memory_order_relaxed, memory_order_relaxed));
  return PROMO_OK;
}

void promo_catalog_release(promo_catalog *cat) {
  if (cat == NULL) {
    return;
  }
  /* acq_rel: whatever any holder did to the catalog happens before it is
   * freed by the last one. */
  if (atomic_fetch_sub_explicit(&cat->refs, 1, memory_order_acq_rel) != 1) {
    return;
  }
  promo_alloc a = cat->alloc;
  free_campaigns(cat->campaigns, cat->count, &a);
  promo_code_index_release(&cat->codes, &a);
  promo_hint_index_release(&cat->hints, &a);
  promo_strmap_release(&cat->ids, &a);
  products_release(&cat->products, &a);
  promo_zones_free(cat->zones);
  promo_free(&a, cat->tables);
  promo_store_release(cat->store);
  if (cat->map != NULL) {
    promo_catalog_unmap(cat->map, cat->map_len);
  }
  promo_free(&a, cat);
}

void promo_catalog_free(promo_catalog *cat) {
  promo_catalog_release(cat);
}

size_t promo_catalog_campaign_count(const promo_catalog *cat) {
  return cat == NULL ? 0 : cat->count;
}

size_t promo_catalog_code_count(const promo_catalog *cat) {
  return cat == NULL ? 0 : (size_t)cat->codes.count;
}

uint32_t promo_catalog_product(const promo_catalog *cat, const char *sku) {
  size_t index = 0;
  return promo_strmap_get(&cat->products.index, sku, &index) ? (uint32_t)index
                                                             : PROMO_NO_PRODUCT;
}

promo_status promo_catalog_campaign_id(const char **id,
                                       const promo_catalog *cat, size_t index) {
  if (id == NULL || cat == NULL || index >= cat->count) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  *id = cat->campaigns[index]->id;
  return PROMO_OK;
}

bool promo_catalog_has_hints(const promo_catalog *cat) {
  return cat != NULL && promo_hint_index_ready(&cat->hints);
}

const promo_campaign_def *promo_catalog_lookup(const promo_catalog *cat,
                                               const char *code, size_t len) {
  uint32_t index = 0;
  if (!promo_code_index_find(&cat->codes, code, len, &index)) {
    return NULL;
  }
  return cat->campaigns[index];
}

promo_status promo_catalog_find_code(const char **campaign_id,
                                     const promo_catalog *cat, const char *code,
                                     size_t len) {
  if (campaign_id == NULL || cat == NULL || code == NULL) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  if (promo_code_syntax(code, len, NULL) != PROMO_OK) {
    return PROMO_ERR_MALFORMED_CODE;
  }
  const promo_campaign_def *c = promo_catalog_lookup(cat, code, len);
  if (c == NULL) {
    return PROMO_ERR_CODE_NOT_FOUND;
  }
  *campaign_id = c->id;
  return PROMO_OK;
}

/* Codes per group of promo_catalog_find_codes: its lookups are done in
 * groups of 16 (code_index.c), its syntax checks ahead of each. */
#define FIND_GROUP 64

promo_status promo_catalog_find_codes(const char **campaign_ids,
                                      promo_status *statuses,
                                      const promo_catalog *cat,
                                      const char *const *codes,
                                      const size_t *lens, size_t count) {
  if (cat == NULL || (count > 0 && (campaign_ids == NULL || statuses == NULL ||
                                    codes == NULL || lens == NULL))) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  bool skip[FIND_GROUP];
  bool found[FIND_GROUP];
  uint32_t campaigns[FIND_GROUP];
  for (size_t base = 0; base < count; base += FIND_GROUP) {
    size_t n = count - base < FIND_GROUP ? count - base : FIND_GROUP;
    for (size_t k = 0; k < n; k++) {
      size_t i = base + k;
      campaign_ids[i] = NULL;
      if (codes[i] == NULL) {
        statuses[i] = PROMO_ERR_INVALID_ARGUMENT;
      } else if (promo_code_syntax(codes[i], lens[i], NULL) != PROMO_OK) {
        statuses[i] = PROMO_ERR_MALFORMED_CODE;
      } else {
        statuses[i] = PROMO_ERR_CODE_NOT_FOUND;
      }
      skip[k] = statuses[i] != PROMO_ERR_CODE_NOT_FOUND;
    }
    promo_code_index_find_many(&cat->codes, n, codes + base, lens + base, skip,
                               found, campaigns);
    for (size_t k = 0; k < n; k++) {
      if (found[k]) {
        statuses[base + k] = PROMO_OK;
        campaign_ids[base + k] = cat->campaigns[campaigns[k]]->id;
      }
    }
  }
  return PROMO_OK;
}

promo_store *promo_catalog_store(const promo_catalog *cat) {
  return cat == NULL ? NULL : cat->store;
}

unsigned int promo_redemptions_version(void) {
  return PROMO_REDEMPTIONS_VERSION;
}

promo_status promo_redemptions_init(promo_redemptions *r,
                                    unsigned int version) {
  if (r == NULL || version < 1 || version > PROMO_REDEMPTIONS_VERSION) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  const promo_redemptions defaults = PROMO_REDEMPTIONS_INIT;
  *r = defaults;
  r->version = version;
  return PROMO_OK;
}

promo_status promo_catalog_redemptions(promo_redemptions *out,
                                       const promo_catalog *cat,
                                       const char *campaign_id,
                                       promo_store_error *error) {
  promo_store_error scratch;
  if (error == NULL) {
    error = &scratch;
  }
  size_t index = 0;
  if (out == NULL || out->version < 1 ||
      out->version > PROMO_REDEMPTIONS_VERSION) {
    promo_store_error_set(error, "no promo_redemptions of a known version");
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  if (cat == NULL || campaign_id == NULL) {
    promo_store_error_set(error, "no catalog or no campaign id");
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  if (!promo_strmap_get(&cat->ids, campaign_id, &index)) {
    promo_store_error_set(error, "the catalog has no campaign '%s'",
                          campaign_id);
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  promo_store_counts counts;
  promo_status st = promo_store_count(cat->store, &counts, campaign_id, NULL,
                                      promo_store_now(cat->store), error);
  if (st != PROMO_OK) {
    return st;
  }
  out->redeemed = counts.redeemed;
  out->reserved = counts.reserved;
  out->max_redemptions = cat->campaigns[index]->max_redemptions;
  return PROMO_OK;
}
