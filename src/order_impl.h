/* order_impl.h - what an order holds. Shared by the order, apply and the
 * validators; never seen by users. */
#ifndef PROMO_SRC_ORDER_IMPL_H
#define PROMO_SRC_ORDER_IMPL_H

#include "calendar.h"
#include "catalog_impl.h"

#include <promo/order.h>

typedef struct promo_line {
  char *subscription;
  char *product;
  bool is_new;
  promo_term term;
  int64_t licenses;
  int64_t unit_price;
  /* The promo code the line carries, inline so that committing an apply
   * needs no allocation and cannot fail halfway. code_len 0: none. */
  size_t code_len;
  char code[PROMO_CODE_MAX_BYTES + 1];
} promo_line;

struct promo_order {
  promo_catalog *catalog; /* a reference: released with the order */
  promo_alloc alloc;
  char *id;
  char country[3]; /* "" until set */
  int country_index;
  char currency[4];       /* "" until set */
  const promo_zone *zone; /* R7's zone: the catalog's zones own it */
  int64_t placed_at;
  bool has_placed_at;
  bool completed;
  promo_line *lines;
  size_t line_count;
  size_t line_cap;
  promo_strmap subscriptions; /* keys: the lines' subscription strings */
  int64_t subtotal;
  /* R7's term ends for the current placed_at and zone, computed on first
   * use by an apply and forgotten when either changes. Index: 0 month, 1
   * year. */
  bool term_end_known[2];
  int64_t term_end[2];
  promo_errbuf error;
};

/* R7: the instant a discount of `term` ends for this order (cached). */
promo_status promo_order_term_end(promo_order *order, promo_term term,
                                  int64_t *out);

#endif
