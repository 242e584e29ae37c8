/* money.h - integer money: minor units in int64_t, rates in basis points.
 * One rounding rule for the whole library: half away from zero. */
#ifndef PROMO_SRC_MONEY_H
#define PROMO_SRC_MONEY_H

#include <promo/status.h>

#include <stdbool.h>
#include <stdint.h>

/* 10000 basis points = 100 %. */
#define PROMO_BPS_ONE 10000

/* *out = a * b; false (and *out untouched) if it does not fit in int64_t. */
bool promo_mul_i64(int64_t a, int64_t b, int64_t *out);

/* *out = a + b; false (and *out untouched) if it does not fit in int64_t. */
bool promo_add_i64(int64_t a, int64_t b, int64_t *out);

/* value * bps / 10000 rounded half away from zero, exactly, for any int64_t
 * value and 0 <= bps <= 10000 (the result always fits). */
int64_t promo_apply_bps(int64_t value, int64_t bps);

/* The discount on one line of a percentage campaign:
 * unit_price × licenses × bps / 10000, rounded half away from zero.
 * PROMO_ERR_INVALID_ARGUMENT if unit_price × licenses overflows, or an
 * argument is negative or bps > 10000. */
promo_status promo_discount_percent(int64_t unit_price, int64_t licenses,
                                    int64_t bps, int64_t *out);

/* The discount on one line of a fixed-amount campaign:
 * min(amount, unit_price) × licenses. Same failures as above. */
promo_status promo_discount_amount(int64_t unit_price, int64_t licenses,
                                   int64_t amount, int64_t *out);

#endif
