/* result.c - the outcome of an apply, and its getters. */
#include "result_impl.h"

#include <stdint.h>
#include <string.h>

#define NOTHING_APPLIED "nothing has been applied into this result yet"

void promo_result_clear(promo_result *r, promo_status status) {
  if (r == NULL) {
    return;
  }
  r->status = status;
  r->code_len = 0;
  r->code[0] = '\0';
  r->has_campaign = false;
  r->currency[0] = '\0';
  r->reason[0] = '\0';
  r->error.text[0] = '\0';
  r->subtotal = 0;
  r->discount = 0;
  r->total = 0;
  r->line_count = 0;
  r->explained = false;
  r->anonymous = false;
  r->reasons = 0;
  r->hints = 0;
  r->country[0] = '\0';
  r->starts_local = 0;
  r->last_local = 0;
  r->one_end = false;
  r->ends_local = 0;
  r->campaign_currency[0] = '\0';
}

promo_status promo_result_new(promo_result **out,
                              const promo_allocator *allocator) {
  promo_alloc a;
  if (out == NULL || !promo_alloc_init(&a, allocator)) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  promo_result *r = promo_calloc(&a, 1, sizeof *r);
  if (r == NULL) {
    return PROMO_ERR_NO_MEMORY;
  }
  r->alloc = a;
  promo_result_clear(r, PROMO_ERR_INVALID_ARGUMENT);
  promo_fail(&r->error, PROMO_ERR_INVALID_ARGUMENT, NOTHING_APPLIED);
  *out = r;
  return PROMO_OK;
}

void promo_result_free(promo_result *r) {
  if (r == NULL) {
    return;
  }
  promo_alloc a = r->alloc;
  promo_free(&a, r->lines);
  promo_free(&a, r->campaign);
  promo_free(&a, r);
}

promo_status promo_result_begin(promo_result *r, size_t lines,
                                int64_t subtotal) {
  if (lines > r->line_cap) {
    /* Exactly the order's lines, not the next power of two: a result line
     * is large, and an order of many lines would pay for twice as many. A
     * result reused for orders of growing sizes reallocates a few times. */
    void *bigger =
        lines > SIZE_MAX / sizeof *r->lines
            ? NULL
            : promo_realloc(&r->alloc, r->lines, lines * sizeof *r->lines);
    if (bigger == NULL) {
      promo_result_clear(r, PROMO_ERR_NO_MEMORY);
      return PROMO_ERR_NO_MEMORY;
    }
    r->lines = bigger;
    r->line_cap = lines;
  }
  promo_result_clear(r, PROMO_ERR_INVALID_ARGUMENT);
  r->subtotal = subtotal;
  r->total = subtotal;
  for (size_t i = 0; i < lines; i++) {
    promo_result_line *l = &r->lines[i];
    l->status = PROMO_OK;
    l->discounted_licenses = 0;
    l->discount = 0;
    l->discount_ends = 0;
    l->reason[0] = '\0';
    l->reasons = 0;
  }
  r->line_count = lines;
  return PROMO_OK;
}

promo_status promo_result_set_campaign(promo_result *r, const char *id,
                                       size_t len) {
  size_t size = len + 1;
  void *buffer = r->campaign;
  if (!promo_grow(&r->alloc, &buffer, &r->campaign_cap, size, 1)) {
    promo_result_clear(r, PROMO_ERR_NO_MEMORY);
    return PROMO_ERR_NO_MEMORY;
  }
  r->campaign = buffer;
  memcpy(r->campaign, id, size);
  r->has_campaign = true;
  return PROMO_OK;
}

void promo_result_refuse(promo_result *r, promo_status status) {
  r->status = status;
  r->discount = 0;
  r->total = r->subtotal;
  for (size_t i = 0; i < r->line_count; i++) {
    promo_result_line *l = &r->lines[i];
    if (l->status == PROMO_OK) {
      l->status = status;
    }
    l->discounted_licenses = 0;
    l->discount = 0;
    l->discount_ends = 0;
  }
}

/* ---- getters ----------------------------------------------------------- */

static const promo_result_line *line_at(const promo_result *r, size_t i) {
  return r == NULL || i >= r->line_count ? NULL : &r->lines[i];
}

promo_status promo_result_status(const promo_result *r) {
  return r == NULL ? PROMO_ERR_INVALID_ARGUMENT : r->status;
}

const char *promo_result_code(const promo_result *r) {
  return r == NULL || r->code_len == 0 ? NULL : r->code;
}

const char *promo_result_campaign(const promo_result *r) {
  return r == NULL || !r->has_campaign ? NULL : r->campaign;
}

const char *promo_result_currency(const promo_result *r) {
  return r == NULL || r->currency[0] == '\0' ? NULL : r->currency;
}

const char *promo_result_reason(const promo_result *r) {
  return r == NULL ? "" : r->reason;
}

const char *promo_result_error(const promo_result *r) {
  return r == NULL ? "" : r->error.text;
}

promo_status promo_result_customer_status(const promo_result *r) {
  if (r == NULL) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  /* Any refusal of a code the catalog holds would tell a guesser that it
   * exists. A failure of the service (memory, the redemption store) is no
   * answer about the code: "not found" would send away a customer whose
   * code may apply once the store is back. */
  if (r->anonymous && r->has_campaign && r->status != PROMO_OK &&
      r->status != PROMO_ERR_NO_MEMORY &&
      r->status != PROMO_ERR_STORE_UNAVAILABLE) {
    return PROMO_ERR_CODE_NOT_FOUND;
  }
  return r->status;
}

bool promo_result_anonymous(const promo_result *r) {
  return r != NULL && r->anonymous;
}

promo_hint promo_result_hint(const promo_result *r) {
  if (r == NULL) {
    return PROMO_HINT_NONE;
  }
  for (unsigned h = 1; h < PROMO_HINT_COUNT; h++) {
    if (r->hints & (UINT32_C(1) << h)) {
      return (promo_hint)h;
    }
  }
  return PROMO_HINT_NONE;
}

uint32_t promo_result_hints(const promo_result *r) {
  return r == NULL ? 0 : r->hints;
}

promo_hint promo_result_customer_hint(const promo_result *r) {
  return r == NULL || r->anonymous ? PROMO_HINT_NONE : promo_result_hint(r);
}

bool promo_result_explained(const promo_result *r) {
  return r != NULL && r->explained;
}

uint32_t promo_result_reasons(const promo_result *r) {
  return r == NULL ? 0 : r->reasons;
}

int64_t promo_result_subtotal(const promo_result *r) {
  return r == NULL ? 0 : r->subtotal;
}

int64_t promo_result_discount(const promo_result *r) {
  return r == NULL ? 0 : r->discount;
}

int64_t promo_result_total(const promo_result *r) {
  return r == NULL ? 0 : r->total;
}

size_t promo_result_line_count(const promo_result *r) {
  return r == NULL ? 0 : r->line_count;
}

promo_status promo_result_line_status(const promo_result *r, size_t i) {
  const promo_result_line *l = line_at(r, i);
  return l == NULL ? PROMO_ERR_INVALID_ARGUMENT : l->status;
}

int64_t promo_result_line_discounted_licenses(const promo_result *r, size_t i) {
  const promo_result_line *l = line_at(r, i);
  return l == NULL ? 0 : l->discounted_licenses;
}

int64_t promo_result_line_discount(const promo_result *r, size_t i) {
  const promo_result_line *l = line_at(r, i);
  return l == NULL ? 0 : l->discount;
}

int64_t promo_result_line_discount_ends(const promo_result *r, size_t i) {
  const promo_result_line *l = line_at(r, i);
  return l == NULL ? 0 : l->discount_ends;
}

const char *promo_result_line_reason(const promo_result *r, size_t i) {
  const promo_result_line *l = line_at(r, i);
  return l == NULL ? "" : l->reason;
}

uint32_t promo_result_line_reasons(const promo_result *r, size_t i) {
  const promo_result_line *l = line_at(r, i);
  return l == NULL ? 0 : l->reasons;
}

/* ---- flat reads -------------------------------------------------------- */

size_t promo_result_info_size(void) {
  return sizeof(promo_result_info);
}

size_t promo_result_line_info_size(void) {
  return sizeof(promo_result_line_info);
}

/* Copies `ours` (`ours_size` bytes) into the caller's struct of `size`
 * bytes, as the caller's header declares it: a smaller, older struct gets
 * the fields it has; the bytes of a larger, newer one past ours (fields this
 * library does not know) are zeroed. */
static void copy_sized(void *out, size_t size, const void *ours,
                       size_t ours_size) {
  memcpy(out, ours, size < ours_size ? size : ours_size);
  if (size > ours_size) {
    memset((unsigned char *)out + ours_size, 0, size - ours_size);
  }
}

promo_status promo_result_get(promo_result_info *info, size_t info_size,
                              const promo_result *r) {
  if (info == NULL || info_size == 0 || r == NULL) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  promo_result_info ours;
  memset(&ours, 0, sizeof ours); /* no stray bytes in the padding either */
  ours.status = r->status;
  ours.code = promo_result_code(r);
  ours.campaign = promo_result_campaign(r);
  ours.currency = promo_result_currency(r);
  ours.reason = r->reason;
  ours.error = r->error.text;
  ours.subtotal = r->subtotal;
  ours.discount = r->discount;
  ours.total = r->total;
  ours.line_count = r->line_count;
  ours.customer_status = promo_result_customer_status(r);
  ours.hint = promo_result_hint(r);
  ours.customer_hint = promo_result_customer_hint(r);
  ours.hints = r->hints;
  ours.reasons = r->reasons;
  ours.explained = r->explained;
  ours.anonymous = r->anonymous;
  copy_sized(info, info_size, &ours, sizeof ours);
  return PROMO_OK;
}

promo_status promo_result_get_lines(size_t *count,
                                    promo_result_line_info *lines, size_t cap,
                                    size_t line_size, const promo_result *r) {
  if (count == NULL || r == NULL ||
      (cap > 0 &&
       (lines == NULL || line_size == 0 || cap > SIZE_MAX / line_size))) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  size_t n = cap < r->line_count ? cap : r->line_count;
  unsigned char *out = (unsigned char *)lines;
  for (size_t i = 0; i < n; i++) {
    const promo_result_line *l = &r->lines[i];
    promo_result_line_info ours;
    memset(&ours, 0, sizeof ours);
    ours.status = l->status;
    ours.discounted_licenses = l->discounted_licenses;
    ours.discount = l->discount;
    ours.discount_ends = l->discount_ends;
    ours.reason = l->reason;
    ours.reasons = l->reasons;
    copy_sized(out + i * line_size, line_size, &ours, sizeof ours);
  }
  *count = r->line_count;
  return PROMO_OK;
}
