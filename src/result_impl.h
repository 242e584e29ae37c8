/* result_impl.h - what a result holds; filled by apply and the pipeline. */
#ifndef PROMO_SRC_RESULT_IMPL_H
#define PROMO_SRC_RESULT_IMPL_H

#include "alloc.h"

#include <promo/apply.h>

typedef struct promo_result_line {
  promo_status status; /* PROMO_OK while the line still takes the code */
  int64_t discounted_licenses;
  int64_t discount;
  int64_t discount_ends;
  char reason[PROMO_REASON_MAX];
} promo_result_line;

struct promo_result {
  promo_alloc alloc;
  promo_status status;
  size_t code_len; /* 0: the code failed R1's syntax, or no apply yet */
  char code[PROMO_CODE_MAX_BYTES + 1];
  const char *campaign; /* the catalog's string, or NULL */
  char reason[PROMO_REASON_MAX];
  int64_t subtotal;
  int64_t discount;
  int64_t total;
  promo_result_line *lines;
  size_t line_count;
  size_t line_cap;
};

/* Empties the result: `status`, no code, no campaign, no lines. NULL is a
 * no-op. */
void promo_result_clear(promo_result *r, promo_status status);

/* Empties the result and makes room for `lines` lines, each PROMO_OK with
 * nothing discounted. PROMO_ERR_NO_MEMORY leaves it empty with that status. */
promo_status promo_result_begin(promo_result *r, size_t lines,
                                int64_t subtotal);

/* Ends a refused apply: `status` for the apply and every line still taking
 * the code, no discount anywhere. */
void promo_result_refuse(promo_result *r, promo_status status);

#endif
