/* money.c - checked integer arithmetic and the library's one rounding rule. */
#include "money.h"

#if defined(__GNUC__) || defined(__clang__)
#define PROMO_HAVE_OVERFLOW_BUILTINS 1
#endif

bool promo_mul_i64(int64_t a, int64_t b, int64_t *out) {
  int64_t r;
#ifdef PROMO_HAVE_OVERFLOW_BUILTINS
  if (__builtin_mul_overflow(a, b, &r)) {
    return false;
  }
#else
  if (a != 0 && b != 0) {
    if ((a == -1 && b == INT64_MIN) || (b == -1 && a == INT64_MIN)) {
      return false;
    }
    if (a > 0 ? (b > 0 ? a > INT64_MAX / b : b < INT64_MIN / a)
              : (b > 0 ? a < INT64_MIN / b : a < INT64_MAX / b)) {
      return false;
    }
  }
  r = a * b;
#endif
  *out = r;
  return true;
}

bool promo_add_i64(int64_t a, int64_t b, int64_t *out) {
  int64_t r;
#ifdef PROMO_HAVE_OVERFLOW_BUILTINS
  if (__builtin_add_overflow(a, b, &r)) {
    return false;
  }
#else
  if ((b > 0 && a > INT64_MAX - b) || (b < 0 && a < INT64_MIN - b)) {
    return false;
  }
  r = a + b;
#endif
  *out = r;
  return true;
}

/*
 * value * bps / 10000 without a wider type: split value = q * 10000 + r.
 * Then value * bps / 10000 = q * bps + r * bps / 10000, where q * bps fits
 * because |q * bps| <= |value| (bps <= 10000) and |r * bps| < 10^8. Only the
 * second term needs rounding, and q * bps is an integer, so rounding that
 * term half away from zero rounds the whole exactly. q and r share value's
 * sign (C division truncates toward zero), so both terms do too.
 */
int64_t promo_apply_bps(int64_t value, int64_t bps) {
  int64_t q = value / PROMO_BPS_ONE;
  int64_t r = value % PROMO_BPS_ONE;
  int64_t frac = r * bps; /* |frac| < 10^8 */
  int64_t whole = frac / PROMO_BPS_ONE;
  int64_t rest = frac % PROMO_BPS_ONE;
  if (rest * 2 >= PROMO_BPS_ONE) {
    whole += 1;
  } else if (rest * 2 <= -PROMO_BPS_ONE) {
    whole -= 1;
  }
  return q * bps + whole;
}

promo_status promo_discount_percent(int64_t unit_price, int64_t licenses,
                                    int64_t bps, int64_t *out) {
  int64_t gross;
  if (unit_price < 0 || licenses < 0 || bps < 0 || bps > PROMO_BPS_ONE ||
      !promo_mul_i64(unit_price, licenses, &gross)) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  *out = promo_apply_bps(gross, bps);
  return PROMO_OK;
}

promo_status promo_discount_amount(int64_t unit_price, int64_t licenses,
                                   int64_t amount, int64_t *out) {
  int64_t per_license = amount < unit_price ? amount : unit_price;
  int64_t total;
  if (unit_price < 0 || licenses < 0 || amount < 0 ||
      !promo_mul_i64(per_license, licenses, &total)) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  *out = total;
  return PROMO_OK;
}
