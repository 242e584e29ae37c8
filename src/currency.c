/* currency.c - ISO 4217 codes a checkout can charge in, as ICU knows them.
 *
 * ICU knows every ISO 4217 code, and flags each: deprecated (withdrawn,
 * like NLG or DEM) or not, common or uncommon. Among the uncommon ones,
 * those that begin with X are not money at all: precious metals (XAU),
 * bond-market units (XBA), the IMF's SDR (XDR), the testing code (XTS) and
 * "no currency" (XXX). Funds codes (CHE, USN, ...) are uncommon but real,
 * and the X-currencies in common use (XAF, XOF, XCD, XPF) are common. */
#include "currency.h"
#include "icu_status.h"

#include <string.h>
#include <unicode/ucurr.h>
#include <unicode/uenum.h>

/* Whether ICU lists `code` among the currencies of `type`; *status says
 * whether ICU could answer. */
static bool listed(const char *code, uint32_t type, promo_status *status) {
  UErrorCode err = U_ZERO_ERROR;
  UEnumeration *all = ucurr_openISOCurrencies(type, &err);
  bool found = false;
  const char *next;
  while (U_SUCCESS(err) && !found &&
         (next = uenum_next(all, NULL, &err)) != NULL) {
    found = strcmp(next, code) == 0;
  }
  uenum_close(all);
  *status = U_FAILURE(err) ? promo_status_of_icu(err) : PROMO_OK;
  return found;
}

promo_status promo_currency_check(const char *code, const char **why) {
  *why = "unknown currency";
  if (code == NULL || strlen(code) != 3) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  for (int i = 0; i < 3; i++) {
    if (code[i] < 'A' || code[i] > 'Z') {
      return PROMO_ERR_INVALID_ARGUMENT;
    }
  }
  promo_status st = PROMO_OK;
  if (!listed(code, UCURR_ALL, &st)) {
    *why = "unknown currency";
    return st == PROMO_OK ? PROMO_ERR_INVALID_ARGUMENT : st;
  }
  if (listed(code, UCURR_DEPRECATED, &st) || st != PROMO_OK) {
    *why = "withdrawn currency";
    return st == PROMO_OK ? PROMO_ERR_INVALID_ARGUMENT : st;
  }
  if (code[0] == 'X' && (listed(code, UCURR_UNCOMMON, &st) || st != PROMO_OK)) {
    *why = "non-money currency code"; /* metal, unit, test, none */
    return st == PROMO_OK ? PROMO_ERR_INVALID_ARGUMENT : st;
  }
  *why = NULL;
  return PROMO_OK;
}
