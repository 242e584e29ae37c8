/* currency.c - ISO 4217 currency codes known to ICU. */
#include "currency.h"

#include <unicode/ucurr.h>
#include <unicode/ustring.h>

promo_status promo_currency_check(const char *code) {
  if (code == NULL) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  for (int i = 0; i < 3; i++) {
    if (code[i] < 'A' || code[i] > 'Z') {
      return PROMO_ERR_INVALID_ARGUMENT;
    }
  }
  if (code[3] != '\0') {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  UChar iso[4];
  u_charsToUChars(code, iso, 4);
  UErrorCode err = U_ZERO_ERROR;
  UBool known = ucurr_isAvailable(iso, U_DATE_MIN, U_DATE_MAX, &err);
  if (U_FAILURE(err)) {
    return err == U_MEMORY_ALLOCATION_ERROR ? PROMO_ERR_NO_MEMORY
                                            : PROMO_ERR_INVALID_ARGUMENT;
  }
  return known ? PROMO_OK : PROMO_ERR_INVALID_ARGUMENT;
}
