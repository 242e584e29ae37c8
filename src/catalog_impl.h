/* catalog_impl.h - what a campaign, a builder and a catalog hold. Shared by
 * the catalog, the order and the validators; never seen by users. */
#ifndef PROMO_SRC_CATALOG_IMPL_H
#define PROMO_SRC_CATALOG_IMPL_H

#include "alloc.h"
#include "code_index.h"
#include "code_set.h"
#include "currency.h"
#include "hint_index.h"
#include "region.h"
#include "strmap.h"
#include "text.h"
#include "zones.h"

#include <promo/catalog.h>

#include <stdatomic.h>

typedef enum promo_discount_kind {
  PROMO_DISCOUNT_NONE = 0,
  PROMO_DISCOUNT_PERCENT,
  PROMO_DISCOUNT_AMOUNT
} promo_discount_kind;

typedef struct promo_date {
  int year; /* 0: not set */
  int month;
  int day;
} promo_date;

/* A campaign's data: built up in a builder, then moved into a catalog. */
typedef struct promo_campaign_def {
  promo_campaign *handle; /* the builder's handle; NULL once built */
  uint32_t index;         /* position in the builder and catalog */
  char *id;
  promo_discount_kind kind;
  int64_t bps;       /* PROMO_DISCOUNT_PERCENT */
  int64_t amount;    /* PROMO_DISCOUNT_AMOUNT, per license and period */
  char currency[4];  /* PROMO_DISCOUNT_AMOUNT */
  promo_date starts; /* first day of redemption, or year 0 */
  promo_date ends;   /* last day of redemption, or year 0 */
  char *zone;        /* NULL: "UTC" */
  bool has_regions;
  promo_country_set countries; /* every country its regions hold (R3) */
  /* The regions as they were added, comma-separated ("NL,150"), or NULL:
   * what a compiled file stores, so that opening it expands them with the
   * opener's ICU as promo_campaign_add_region() does. */
  char *regions;
  /* R9: the products it lists, as indices into its builder's (then its
   * catalog's) product table, sorted and distinct; none: every product. */
  uint32_t *products;
  size_t product_count;
  size_t product_cap;
  int64_t max_licenses;    /* 0: no cap (R6) */
  int64_t max_redemptions; /* 0: no cap (R11) */
  size_t code_count;
  /* Computed by promo_catalog_build (R2): redeemable at instants t with
   * active_from <= t < active_until. */
  int64_t active_from;
  int64_t active_until;
  /* Computed by promo_catalog_build: the steps of the pipeline that can
   * refuse its codes (pipeline.h), and the length of its id. */
  uint32_t steps;
  size_t id_len;
} promo_campaign_def;

/* What the user holds: a handle the builder owns until it is freed. Building
 * moves the campaign's data into the catalog and leaves the handle stale
 * (def NULL), so that a stale handle is refused instead of reaching freed
 * memory. */
struct promo_campaign {
  promo_catalog_builder *builder;
  promo_campaign_def *def; /* NULL once built into a catalog */
  char id[];               /* for the message that refuses a stale handle */
};

/* Every product (SKU) a campaign of the builder or catalog lists, each
 * with an index: R9 compares indices, and an order's line finds its SKU's
 * once, when it is added. */
typedef struct promo_product_table {
  promo_strmap index; /* SKU -> index; keys are `names` */
  char **names;       /* owned */
  size_t count;
  size_t cap;
} promo_product_table;

/* The index of a line whose SKU no campaign lists. */
#define PROMO_NO_PRODUCT UINT32_MAX

/* What an order's country and currency are checked against: built once per
 * builder from ICU, then owned by the catalog, read-only. */
typedef struct promo_code_tables {
  promo_country_set countries; /* every code promo_country_check() takes */
  promo_currency_table currencies;
} promo_code_tables;

struct promo_catalog_builder {
  promo_alloc alloc;
  promo_campaign_def **campaigns; /* not built yet */
  size_t count;
  size_t cap;
  /* Every handle handed out, stale ones included, until the builder is
   * freed. */
  promo_campaign **handles;
  size_t handle_count;
  size_t handle_cap;
  promo_code_set codes; /* every code of every campaign, for duplicates */
  promo_strmap ids;     /* campaign id -> index */
  promo_product_table products;
  promo_region_cache regions; /* groupings listed so far (R3) */
  promo_zones *zones;         /* a reference; NULL until first needed */
  promo_code_tables *tables;  /* NULL until first needed */
  promo_store *store;         /* one reference; NULL: a new memory store */
  bool hints;                 /* build the catalog's hint index too */
  promo_errbuf error;
};

struct promo_catalog {
  /* References: the creator's, one per order, one per retain. The last
   * release frees the catalog. */
  atomic_size_t refs;
  promo_alloc alloc;
  promo_campaign_def **campaigns;
  size_t count;
  promo_code_index codes;
  promo_hint_index hints; /* empty unless the builder asked for it */
  promo_strmap ids;
  promo_product_table products;
  promo_zones *zones;        /* a reference: the orders' time zones */
  promo_code_tables *tables; /* the orders' countries and currencies */
  /* Where R11 counts (one reference). The catalog itself never changes; the
   * store is shared and thread-safe, so a const catalog may use it. */
  promo_store *store;
  /* A catalog opened from a compiled file (compiled.c): the mapping its
   * code and hint indexes point into, unmapped with the catalog; NULL for
   * a built one. */
  void *map;
  size_t map_len;
};

/* What promo_catalog_open() hands promo_catalog_build_image(): indexes that
 * point into a compiled file (or a caller's buffer) instead of being built,
 * and the mapping the catalog then owns (map NULL: nothing to unmap). */
typedef struct promo_catalog_image {
  promo_code_index codes;     /* a view: block NULL */
  const uint64_t *hint_slots; /* NULL: no hint index */
  size_t hint_mask;
  size_t hint_count;
  void *map;
  size_t map_len;
} promo_catalog_image;

/* promo_catalog_build() for a builder whose campaigns came from a compiled
 * file, with their code counts set but no codes: the catalog serves the
 * image's indexes (opening a spoof checker for the hints) and, on success,
 * owns image->map. On failure the builder is as it was and the caller keeps
 * the mapping. */
promo_status promo_catalog_build_image(promo_catalog **out,
                                       promo_catalog_builder *b,
                                       const promo_catalog_image *image);

/* For promo_catalog_open(), when the file's regions were expanded by this
 * very ICU data (compiled.c): the countries orders are checked against,
 * taken as they are instead of from ICU's region data, whose loading is
 * a third of a cold process's work. Before any campaign is added. */
promo_status
promo_catalog_builder_set_countries(promo_catalog_builder *b,
                                    const promo_country_set *valid);

/* The same for a campaign: its regions as listed ("NL,150") and the
 * countries they hold, which must all be among the builder's countries
 * (the builder's error says so otherwise). */
promo_status promo_campaign_set_countries(promo_campaign *h,
                                          const char *regions,
                                          const promo_country_set *countries);

/* Unmaps what promo_catalog_build_image() took (compiled.c). */
void promo_catalog_unmap(void *map, size_t len);

/* The campaign `code` redeems, or NULL. The code must pass R1's syntax. */
const promo_campaign_def *promo_catalog_lookup(const promo_catalog *catalog,
                                               const char *code, size_t len);

/* The index of product `sku` in the catalog's table, or PROMO_NO_PRODUCT
 * when no campaign lists it. */
uint32_t promo_catalog_product(const promo_catalog *catalog, const char *sku);

/* The campaign's time zone id ("UTC" when none was set). */
const char *promo_campaign_zone(const promo_campaign_def *c);

#endif
