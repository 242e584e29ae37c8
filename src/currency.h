/* currency.h - ISO 4217 codes, from ICU's currency data, looked up in a
 * table built once per catalog builder and shared by its catalog's
 * orders: setting an order's currency asks ICU nothing. */
#ifndef PROMO_SRC_CURRENCY_H
#define PROMO_SRC_CURRENCY_H

#include <promo/status.h>

#include <stdint.h>

/* One bit for each of the 26 × 26 × 26 three-letter codes. */
#define PROMO_CURRENCY_WORDS ((26 * 26 * 26 + 63) / 64)

typedef struct promo_currency_table {
  uint64_t known[PROMO_CURRENCY_WORDS];     /* ICU lists it */
  uint64_t withdrawn[PROMO_CURRENCY_WORDS]; /* ICU calls it deprecated */
  uint64_t not_money[PROMO_CURRENCY_WORDS]; /* uncommon X-codes */
} promo_currency_table;

/* Fills *t from ICU (three enumerations of its currency list).
 * PROMO_ERR_NO_MEMORY if ICU runs out. */
promo_status promo_currency_table_build(promo_currency_table *t);

/* PROMO_OK when `code` is three upper-case letters that ICU knows as an
 * ISO 4217 currency still in use and that is money: withdrawn currencies
 * (NLG) and the codes for metals, bond units, the SDR, testing and "no
 * currency" (XAU, XBA, XDR, XTS, XXX) are refused with a static reason in
 * *why, a noun phrase ("withdrawn currency") to put before the code. */
promo_status promo_currency_lookup(const promo_currency_table *t,
                                   const char *code, const char **why);

#endif
