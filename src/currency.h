/* currency.h - ISO 4217 codes, checked against ICU's currency data. */
#ifndef PROMO_SRC_CURRENCY_H
#define PROMO_SRC_CURRENCY_H

#include <promo/status.h>

/* PROMO_OK when `code` is three upper-case letters that ICU knows as a
 * currency at some date; PROMO_ERR_INVALID_ARGUMENT otherwise. */
promo_status promo_currency_check(const char *code);

#endif
