/* order_impl.h - what an order holds. Shared by the order, apply and the
 * validators; never seen by users. */
#ifndef PROMO_SRC_ORDER_IMPL_H
#define PROMO_SRC_ORDER_IMPL_H

#include "calendar.h"
#include "catalog_impl.h"

#include <promo/order.h>

typedef struct promo_line {
  const char *subscription; /* in the order's text (below) */
  const char *product;
  /* Its index in the catalog's product table (PROMO_NO_PRODUCT: no
   * campaign lists it), found when the line is added: R9 compares
   * indices and never hashes a SKU during an apply. */
  uint32_t product_index;
  bool is_new;
  promo_term term;
  int64_t licenses;
  int64_t unit_price;
  /* The promo code the line carries, inline so that committing an apply
   * needs no allocation and cannot fail halfway. code_len 0: none. */
  size_t code_len;
  char code[PROMO_CODE_MAX_BYTES + 1];
} promo_line;

/* A block of an order's text, after the first (which is in the order). */
typedef struct promo_text_chunk {
  struct promo_text_chunk *next;
  char bytes[];
} promo_text_chunk;

/* Text and lines an order holds in itself: a checkout of one line with
 * short ids allocates nothing but the order. */
#define PROMO_ORDER_INLINE_TEXT 128
/* Up to this many lines, a subscription id is looked for by a scan; past
 * it, in a map. */
#define PROMO_ORDER_SCAN_LINES 16

struct promo_order {
  promo_catalog *catalog; /* a reference: released with the order */
  promo_alloc alloc;
  const char *id;  /* in the order's text */
  char country[3]; /* "" until set */
  int country_index;
  char currency[4];       /* "" until set */
  const promo_zone *zone; /* R7's zone: the catalog's zones own it */
  int64_t placed_at;
  bool has_placed_at;
  bool completed;
  promo_line *lines; /* &first_line until a second line comes */
  size_t line_count;
  size_t line_cap;
  /* keys: the lines' subscription strings, once there are more than
   * PROMO_ORDER_SCAN_LINES lines; empty until then */
  promo_strmap subscriptions;
  /* The order's strings (id, subscriptions, products), copied into blocks
   * that never move, so that pointers into them stay valid: text_inline,
   * then chunks, each at least twice the size of the one before. */
  char *text_free;
  size_t text_left;
  size_t text_last_cap;
  promo_text_chunk *chunks; /* newest first */
  int64_t subtotal;
  /* R7's term ends for the current placed_at and zone, computed on first
   * use by an apply and forgotten when either changes. Index: 0 month, 1
   * year. */
  bool term_end_known[2];
  int64_t term_end[2];
  promo_errbuf error;
  promo_line first_line;
  char text_inline[PROMO_ORDER_INLINE_TEXT];
};

/* R7: the instant a discount of `term` ends for this order (cached). */
promo_status promo_order_term_end(promo_order *order, promo_term term,
                                  int64_t *out);

#endif
