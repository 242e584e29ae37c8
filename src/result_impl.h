/* result_impl.h - what a result holds; filled by apply and the pipeline.
 * A result owns every string it returns: nothing in it points into the
 * order or the catalog, so it may outlive both. */
#ifndef PROMO_SRC_RESULT_IMPL_H
#define PROMO_SRC_RESULT_IMPL_H

#include "alloc.h"
#include "text.h"

#include <promo/apply.h>

typedef struct promo_result_line {
  promo_status status; /* PROMO_OK while the line still takes the code */
  int64_t discounted_licenses;
  int64_t discount;
  int64_t discount_ends;
  bool took; /* the apply gave the line the code (it had none): an apply
                whose store step fails takes it back */
  char reason[PROMO_REASON_MAX];
  uint32_t reasons; /* explain: bit (1u << status) of each line refusal */
} promo_result_line;

struct promo_result {
  promo_alloc alloc;
  promo_status status;
  size_t code_len; /* 0: the code failed R1's syntax, or no apply yet */
  char code[PROMO_CODE_MAX_BYTES + 1];
  /* A copy of the matched campaign's id (has_campaign), in a buffer that
   * grows and is kept across applies. */
  bool has_campaign;
  char *campaign;
  size_t campaign_cap;
  char currency[4]; /* the order's at the apply; "" when it had none */
  char reason[PROMO_REASON_MAX];
  /* Why the apply was refused with invalid_argument or malformed_code; ""
   * for every other status. */
  promo_errbuf error;
  int64_t subtotal;
  int64_t discount;
  int64_t total;
  promo_result_line *lines;
  size_t line_count;
  size_t line_cap;
  /* Issue 12: the options the apply ran with, and what they found. */
  bool explained;
  bool anonymous;
  uint32_t reasons; /* explain: bit (1u << status) of each order refusal */
  uint32_t hints;   /* bit (1u << hint) of each hint */
  /* What the formatted message tells, copied at the apply (a result never
   * points into the order or the catalog): the order's country; times as
   * the order zone's wall clock shows them, in seconds since 1970-01-01T00:00
   * of that wall clock ("floating"): the campaign's first instant (for an
   * apply refused not_yet_active), its last second (expired), and when
   * every accepted line's discount ends, if they all end at once
   * (one_end); and the matched campaign's fixed discount's currency ("" for
   * a percentage). */
  char country[3];
  int64_t starts_local;
  int64_t last_local;
  bool one_end;
  int64_t ends_local;
  char campaign_currency[4];
};

/* Empties the result: `status`, no code, campaign, currency, error text or
 * lines. NULL is a no-op. */
void promo_result_clear(promo_result *r, promo_status status);

/* Empties the result and makes room for `lines` lines, each PROMO_OK with
 * nothing discounted. PROMO_ERR_NO_MEMORY leaves it empty with that status. */
promo_status promo_result_begin(promo_result *r, size_t lines,
                                int64_t subtotal);

/* Copies the matched campaign's id into the result. PROMO_ERR_NO_MEMORY
 * leaves the result empty with that status. */
promo_status promo_result_set_campaign(promo_result *r, const char *id,
                                       size_t len);

/* Ends a refused apply: `status` for the apply and every line still taking
 * the code, no discount anywhere. */
void promo_result_refuse(promo_result *r, promo_status status);

/* The bit of `status` in a mask of reasons. */
static inline uint32_t promo_reason_bit(promo_status status) {
  return (unsigned)status < 32 ? UINT32_C(1) << (unsigned)status : 0;
}

#endif
