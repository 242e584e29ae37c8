/* result.c - the outcome of an apply, and its getters. */
#include "result_impl.h"

#include <string.h>

void promo_result_clear(promo_result *r, promo_status status) {
  if (r == NULL) {
    return;
  }
  r->status = status;
  r->code_len = 0;
  r->code[0] = '\0';
  r->campaign = NULL;
  r->reason[0] = '\0';
  r->subtotal = 0;
  r->discount = 0;
  r->total = 0;
  r->line_count = 0;
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
  *out = r;
  return PROMO_OK;
}

void promo_result_free(promo_result *r) {
  if (r == NULL) {
    return;
  }
  promo_alloc a = r->alloc;
  promo_free(&a, r->lines);
  promo_free(&a, r);
}

promo_status promo_result_begin(promo_result *r, size_t lines,
                                int64_t subtotal) {
  void *array = r->lines;
  if (!promo_grow(&r->alloc, &array, &r->line_cap, lines, sizeof *r->lines)) {
    promo_result_clear(r, PROMO_ERR_NO_MEMORY);
    return PROMO_ERR_NO_MEMORY;
  }
  r->lines = array;
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
  }
  r->line_count = lines;
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
  return r == NULL ? NULL : r->campaign;
}

const char *promo_result_reason(const promo_result *r) {
  return r == NULL ? "" : r->reason;
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
