/* currency.h - ISO 4217 codes, checked against ICU's currency data. */
#ifndef PROMO_SRC_CURRENCY_H
#define PROMO_SRC_CURRENCY_H

#include <promo/status.h>

/* PROMO_OK when `code` is three upper-case letters that ICU knows as an
 * ISO 4217 currency still in use and that is money: withdrawn currencies
 * (NLG) and the codes for metals, bond units, the SDR, testing and "no
 * currency" (XAU, XBA, XDR, XTS, XXX) are refused with a static reason in
 * *why, a noun phrase ("withdrawn currency") to put before the code.
 * PROMO_ERR_NO_MEMORY if ICU runs out. */
promo_status promo_currency_check(const char *code, const char **why);

#endif
