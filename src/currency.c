/* currency.c - ISO 4217 codes a checkout can charge in, as ICU knows them.
 *
 * ICU knows every ISO 4217 code, and flags each: deprecated (withdrawn,
 * like NLG or DEM) or not, common or uncommon. Among the uncommon ones,
 * those that begin with X are not money at all: precious metals (XAU),
 * bond-market units (XBA), the IMF's SDR (XDR), the testing code (XTS) and
 * "no currency" (XXX). Funds codes (CHE, USN, ...) are uncommon but real,
 * and the X-currencies in common use (XAF, XOF, XCD, XPF) are common.
 *
 * ICU answers "is it listed" only by enumerating its list, a few hundred
 * codes; the table asks once per catalog builder and keeps the answers as
 * bits. */
#include "currency.h"
#include "icu_status.h"

#include <string.h>
#include <unicode/ucurr.h>
#include <unicode/uenum.h>

/* The bit of a three-letter upper-case code, or -1. */
static int code_bit(const char *code) {
  if (code == NULL) {
    return -1;
  }
  int bit = 0;
  for (int i = 0; i < 3; i++) {
    if (code[i] < 'A' || code[i] > 'Z') {
      return -1;
    }
    bit = bit * 26 + (code[i] - 'A');
  }
  return code[3] == '\0' ? bit : -1;
}

static void set_bit(uint64_t *bits, int bit) {
  bits[bit / 64] |= UINT64_C(1) << (bit % 64);
}

static bool has_bit(const uint64_t *bits, int bit) {
  return (bits[bit / 64] >> (bit % 64)) & 1u;
}

/* Sets the bit of every code ICU lists among the currencies of `type`
 * whose first letter is `first` (0: any). */
static promo_status list(uint64_t *bits, uint32_t type, char first) {
  UErrorCode err = U_ZERO_ERROR;
  UEnumeration *all = ucurr_openISOCurrencies(type, &err);
  const char *next;
  while (U_SUCCESS(err) && (next = uenum_next(all, NULL, &err)) != NULL) {
    int bit = code_bit(next);
    if (bit >= 0 && (first == 0 || next[0] == first)) {
      set_bit(bits, bit);
    }
  }
  uenum_close(all);
  return U_FAILURE(err) ? promo_status_of_icu(err) : PROMO_OK;
}

promo_status promo_currency_table_build(promo_currency_table *t) {
  memset(t, 0, sizeof *t);
  promo_status st = list(t->known, UCURR_ALL, 0);
  if (st == PROMO_OK) {
    st = list(t->withdrawn, UCURR_DEPRECATED, 0);
  }
  if (st == PROMO_OK) {
    st = list(t->not_money, UCURR_UNCOMMON, 'X');
  }
  return st;
}

promo_status promo_currency_lookup(const promo_currency_table *t,
                                   const char *code, const char **why) {
  int bit = code_bit(code);
  if (bit < 0 || !has_bit(t->known, bit)) {
    *why = "unknown currency";
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  if (has_bit(t->withdrawn, bit)) {
    *why = "withdrawn currency";
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  if (has_bit(t->not_money, bit)) {
    *why = "non-money currency code"; /* metal, unit, test, none */
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  *why = NULL;
  return PROMO_OK;
}
