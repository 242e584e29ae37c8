/* test_money.c - integer money: checked arithmetic at the int64_t bounds, the
 * one rounding rule (half away from zero), and the two kinds of line
 * discount. */
#include "money.h"
#include "support.h"

#include <check.h>
#include <stdint.h>
#include <stdlib.h>

#define N_ROWS(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* Something promo_mul_i64 / promo_add_i64 must not write on overflow. */
#define UNTOUCHED INT64_C(0x5a5a5a5a5a5a5a5a)

/* The exact reference: value * bps in 128 bits, divided by 10000 and rounded
 * half away from zero. __extension__ keeps -Wpedantic quiet about __int128. */
__extension__ typedef __int128 i128;

static int64_t reference_bps(int64_t value, int64_t bps) {
  i128 p = (i128)value * bps;
  i128 mag = p < 0 ? -p : p;
  i128 q = mag / PROMO_BPS_ONE;
  if ((mag % PROMO_BPS_ONE) * 2 >= PROMO_BPS_ONE) {
    q += 1;
  }
  return (int64_t)(p < 0 ? -q : q);
}

/* ---- promo_mul_i64 / promo_add_i64 ------------------------------------- */

static const struct {
  int64_t a, b;
  bool fits;
  int64_t product;
} MUL[] = {
    {0, 0, true, 0},
    {INT64_MAX, 0, true, 0},
    {0, INT64_MIN, true, 0},
    {INT64_MAX, 1, true, INT64_MAX},
    {INT64_MIN, 1, true, INT64_MIN},
    {1, INT64_MIN, true, INT64_MIN},
    {INT64_MAX, -1, true, -INT64_MAX},
    {-1, INT64_MAX, true, -INT64_MAX},
    {INT64_MIN, -1, false, 0},
    {-1, INT64_MIN, false, 0},
    {INT64_MAX, 2, false, 0},
    {2, INT64_MAX, false, 0},
    {INT64_MIN, 2, false, 0},
    {INT64_MIN, INT64_MIN, false, 0},
    {INT64_MAX, INT64_MAX, false, 0},
    {INT64_MAX, INT64_MIN, false, 0},
    /* floor(sqrt(INT64_MAX)) squared fits; one more does not. */
    {INT64_C(3037000499), INT64_C(3037000499), true,
     INT64_C(9223372030926249001)},
    {INT64_C(3037000500), INT64_C(3037000500), false, 0},
    {INT64_C(-3037000500), INT64_C(3037000500), false, 0},
    {INT64_C(-3037000500), INT64_C(-3037000500), false, 0},
    /* 2^63 does not fit, -2^63 does. */
    {INT64_C(4294967296), INT64_C(2147483648), false, 0},
    {INT64_C(-4294967296), INT64_C(2147483648), true, INT64_MIN},
    {INT64_C(4294967296), INT64_C(-2147483648), true, INT64_MIN},
    {INT64_C(-4294967296), INT64_C(-2147483648), false, 0},
    {1050, 350, true, 367500},
};

START_TEST(money_mul_is_exact_or_refused_at_int64_bounds) {
  int64_t out = UNTOUCHED;
  bool fits = promo_mul_i64(MUL[_i].a, MUL[_i].b, &out);
  ck_assert_msg(fits == MUL[_i].fits, "row %d: %lld * %lld", _i,
                (long long)MUL[_i].a, (long long)MUL[_i].b);
  ck_assert_int_eq(out, fits ? MUL[_i].product : UNTOUCHED);
}
END_TEST

static const struct {
  int64_t a, b;
  bool fits;
  int64_t sum;
} ADD[] = {
    {0, 0, true, 0},
    {INT64_MAX, 0, true, INT64_MAX},
    {INT64_MIN, 0, true, INT64_MIN},
    {INT64_MAX, INT64_MIN, true, -1},
    {INT64_MIN, INT64_MAX, true, -1},
    {INT64_MAX - 1, 1, true, INT64_MAX},
    {INT64_MIN + 1, -1, true, INT64_MIN},
    {INT64_MAX, 1, false, 0},
    {1, INT64_MAX, false, 0},
    {INT64_MIN, -1, false, 0},
    {-1, INT64_MIN, false, 0},
    {INT64_MAX, INT64_MAX, false, 0},
    {INT64_MIN, INT64_MIN, false, 0},
    {INT64_C(4611686018427387904), INT64_C(4611686018427387904), false, 0},
    {INT64_C(-4611686018427387904), INT64_C(-4611686018427387904), true,
     INT64_MIN},
    {367500, 20000, true, 387500},
};

START_TEST(money_add_is_exact_or_refused_at_int64_bounds) {
  int64_t out = UNTOUCHED;
  bool fits = promo_add_i64(ADD[_i].a, ADD[_i].b, &out);
  ck_assert_msg(fits == ADD[_i].fits, "row %d: %lld + %lld", _i,
                (long long)ADD[_i].a, (long long)ADD[_i].b);
  ck_assert_int_eq(out, fits ? ADD[_i].sum : UNTOUCHED);
}
END_TEST

/* ---- promo_apply_bps ----------------------------------------------------- */

static const struct {
  int64_t value, bps, expected;
} BPS[] = {
    /* exactly .5 goes away from zero, both ways */
    {1, 5000, 1},
    {-1, 5000, -1},
    {3, 5000, 2},
    {-3, 5000, -2},
    {5000, 1, 1},
    {-5000, 1, -1},
    {15000, 1, 2},
    {-15000, 1, -2},
    /* not banker's rounding: 2.5 -> 3, not 2 */
    {25000, 1, 3},
    {-25000, 1, -3},
    /* .4999 goes toward zero, .5001 away */
    {1, 4999, 0},
    {-1, 4999, 0},
    {4999, 1, 0},
    {-4999, 1, 0},
    {1, 5001, 1},
    {-1, 5001, -1},
    {5001, 1, 1},
    {-5001, 1, -1},
    {14999, 1, 1},
    {-14999, 1, -1},
    /* bps 0 and 10000 */
    {0, 0, 0},
    {0, 10000, 0},
    {12345, 0, 0},
    {-12345, 0, 0},
    {12345, 10000, 12345},
    {-12345, 10000, -12345},
    /* the spec's example: 1050 x 300 licenses at 20 % */
    {315000, 2000, 63000},
    {999, 3333, 333},
    /* near INT64_MAX and INT64_MIN */
    {INT64_MAX, 0, 0},
    {INT64_MIN, 0, 0},
    {INT64_MAX, 10000, INT64_MAX},
    {INT64_MIN, 10000, INT64_MIN},
    {INT64_MAX, 5000, INT64_C(4611686018427387904)},
    {INT64_MAX - 1, 5000, INT64_C(4611686018427387903)},
    {INT64_MIN, 5000, INT64_C(-4611686018427387904)},
    {INT64_MIN + 1, 5000, INT64_C(-4611686018427387904)},
    {INT64_MAX, 9999, INT64_C(9222449699651090329)},
    {INT64_MIN, 9999, INT64_C(-9222449699651090330)},
    {INT64_MAX, 1, INT64_C(922337203685478)},
    {INT64_MIN, 1, INT64_C(-922337203685478)},
    {INT64_MAX, 3333, INT64_C(3074149899883696776)},
    {INT64_MIN, 6667, INT64_C(-6149222136971079031)},
};

START_TEST(money_rounds_half_away_from_zero) {
  int64_t got = promo_apply_bps(BPS[_i].value, BPS[_i].bps);
  ck_assert_msg(got == BPS[_i].expected, "row %d: %lld x %lld bps = %lld", _i,
                (long long)BPS[_i].value, (long long)BPS[_i].bps,
                (long long)got);
}
END_TEST

START_TEST(money_table_agrees_with_the_128_bit_reference) {
  /* Keeps the table honest: every expected value above is exact. */
  ck_assert_int_eq(reference_bps(BPS[_i].value, BPS[_i].bps), BPS[_i].expected);
}
END_TEST

/* xorshift64*: a fixed seed, so every run checks the same values. */
static uint64_t next_random(uint64_t *state) {
  uint64_t x = *state;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  *state = x;
  return x * UINT64_C(0x2545f4914f6cdd1d);
}

START_TEST(money_bps_matches_the_128_bit_reference_over_a_sweep) {
  uint64_t state = UINT64_C(0x9e3779b97f4a7c15);
  long checked = 0;
  const long sweep = test_iterations(400000);
  for (long i = 0; i < sweep; i++) {
    uint64_t bits = next_random(&state);
    /* Every magnitude, not only huge values: shift away 0..63 bits. */
    unsigned shift = (unsigned)(next_random(&state) % 64);
    int64_t value = (int64_t)bits >> shift;
    int64_t bps = (int64_t)(next_random(&state) % (PROMO_BPS_ONE + 1));
    int64_t got = promo_apply_bps(value, bps);
    int64_t want = reference_bps(value, bps);
    ck_assert_msg(got == want, "%lld x %lld bps: got %lld, want %lld",
                  (long long)value, (long long)bps, (long long)got,
                  (long long)want);
    checked++;
  }
  /* Values ending in ...5000 at 1 bps and 5000 bps land exactly on .5. */
  for (int64_t k = -2000; k <= 2000; k++) {
    int64_t value = k * PROMO_BPS_ONE + 5000;
    ck_assert_int_eq(promo_apply_bps(value, 1), reference_bps(value, 1));
    ck_assert_int_eq(promo_apply_bps(k, 5000), reference_bps(k, 5000));
    checked += 2;
  }
  ck_assert_int_eq(checked, sweep + 2 * 4001);
}
END_TEST

START_TEST(money_bps_is_exact_at_the_edges_of_int64_for_every_bps) {
  static const int64_t VALUES[] = {
      INT64_MAX, INT64_MAX - 1, INT64_MAX - 4999, INT64_MAX - 5000,
      INT64_MIN, INT64_MIN + 1, INT64_MIN + 4999, INT64_MIN + 5000};
  for (int v = 0; v < N_ROWS(VALUES); v++) {
    for (int64_t bps = 0; bps <= PROMO_BPS_ONE; bps++) {
      ck_assert_int_eq(promo_apply_bps(VALUES[v], bps),
                       reference_bps(VALUES[v], bps));
    }
  }
}
END_TEST

/* ---- promo_discount_percent -------------------------------------------- */

static const struct {
  int64_t unit_price, licenses, bps;
  promo_status status;
  int64_t discount;
} PERCENT[] = {
    {1050, 300, 2000, PROMO_OK, 63000},
    {1050, 1, 2000, PROMO_OK, 210},
    {3, 1, 5000, PROMO_OK, 2}, /* 1.5 -> 2 */
    {1, 1, 5000, PROMO_OK, 1}, /* 0.5 -> 1 */
    {1, 1, 4999, PROMO_OK, 0},
    {333, 3, 3333, PROMO_OK, 333},
    {0, 5, 2000, PROMO_OK, 0},
    {1050, 0, 2000, PROMO_OK, 0},
    {1050, 300, 0, PROMO_OK, 0},
    {1050, 300, 10000, PROMO_OK, 315000},
    {INT64_MAX, 1, 10000, PROMO_OK, INT64_MAX},
    {INT64_MAX, 1, 5000, PROMO_OK, INT64_C(4611686018427387904)},
    {INT64_C(3037000499), INT64_C(3037000499), 10000, PROMO_OK,
     INT64_C(9223372030926249001)},
    /* unit_price x licenses does not fit: refused, not wrapped */
    {INT64_MAX, 2, 1, PROMO_ERR_INVALID_ARGUMENT, 0},
    {INT64_C(3037000500), INT64_C(3037000500), 2000, PROMO_ERR_INVALID_ARGUMENT,
     0},
    /* negative inputs and bps out of range */
    {-1, 1, 2000, PROMO_ERR_INVALID_ARGUMENT, 0},
    {1, -1, 2000, PROMO_ERR_INVALID_ARGUMENT, 0},
    {-1, -1, 2000, PROMO_ERR_INVALID_ARGUMENT, 0},
    {1050, 1, -1, PROMO_ERR_INVALID_ARGUMENT, 0},
    {1050, 1, 10001, PROMO_ERR_INVALID_ARGUMENT, 0},
    {INT64_MIN, 1, 2000, PROMO_ERR_INVALID_ARGUMENT, 0},
};

START_TEST(money_percent_discount_is_price_times_licenses_times_bps) {
  int64_t out = UNTOUCHED;
  promo_status st = promo_discount_percent(
      PERCENT[_i].unit_price, PERCENT[_i].licenses, PERCENT[_i].bps, &out);
  ck_assert_msg(st == PERCENT[_i].status, "row %d: status %s", _i,
                promo_status_name(st));
  if (st == PROMO_OK) {
    ck_assert_int_eq(out, PERCENT[_i].discount);
  }
}
END_TEST

/* ---- promo_discount_amount --------------------------------------------- */

static const struct {
  int64_t unit_price, licenses, amount;
  promo_status status;
  int64_t discount;
} AMOUNT[] = {
    {1000, 3, 500, PROMO_OK, 1500},
    {1000, 1, 1000, PROMO_OK, 1000},
    /* never more than the unit price */
    {400, 3, 500, PROMO_OK, 1200},
    {1, 7, INT64_MAX, PROMO_OK, 7},
    {0, 3, 500, PROMO_OK, 0},
    {1000, 0, 500, PROMO_OK, 0},
    {INT64_MAX, 1, INT64_MAX, PROMO_OK, INT64_MAX},
    /* the cap keeps a product in range that the amount alone would not */
    {INT64_MAX / 2, 2, INT64_MAX, PROMO_OK, INT64_MAX - 1},
    {INT64_MAX, 2, 1, PROMO_OK, 2},
    /* overflow of the capped amount x licenses */
    {INT64_MAX, 2, INT64_MAX, PROMO_ERR_INVALID_ARGUMENT, 0},
    {INT64_C(4611686018427387904), 2, INT64_MAX, PROMO_ERR_INVALID_ARGUMENT, 0},
    {INT64_MAX, INT64_MAX, 2, PROMO_ERR_INVALID_ARGUMENT, 0},
    /* negative inputs */
    {-1, 1, 500, PROMO_ERR_INVALID_ARGUMENT, 0},
    {1000, -1, 500, PROMO_ERR_INVALID_ARGUMENT, 0},
    {1000, 1, -1, PROMO_ERR_INVALID_ARGUMENT, 0},
    {1000, 1, INT64_MIN, PROMO_ERR_INVALID_ARGUMENT, 0},
    {INT64_MIN, 1, 500, PROMO_ERR_INVALID_ARGUMENT, 0},
};

START_TEST(money_fixed_discount_is_capped_at_unit_price_per_license) {
  int64_t out = UNTOUCHED;
  promo_status st = promo_discount_amount(
      AMOUNT[_i].unit_price, AMOUNT[_i].licenses, AMOUNT[_i].amount, &out);
  ck_assert_msg(st == AMOUNT[_i].status, "row %d: status %s", _i,
                promo_status_name(st));
  if (st == PROMO_OK) {
    ck_assert_int_eq(out, AMOUNT[_i].discount);
  }
}
END_TEST

START_TEST(money_discount_never_exceeds_the_gross_amount) {
  /* For every accepted line, 0 <= discount <= unit_price x licenses. */
  uint64_t state = UINT64_C(0x243f6a8885a308d3);
  const long sweep = test_iterations(100000);
  for (long i = 0; i < sweep; i++) {
    int64_t price = (int64_t)(next_random(&state) >> 40);
    int64_t licenses = (int64_t)(next_random(&state) % 100000);
    int64_t bps = (int64_t)(next_random(&state) % (PROMO_BPS_ONE + 1));
    int64_t amount = 1 + (int64_t)(next_random(&state) >> 40);
    int64_t gross = 0;
    ck_assert(promo_mul_i64(price, licenses, &gross));
    int64_t pct = -1;
    int64_t fixed = -1;
    ck_assert_int_eq(promo_discount_percent(price, licenses, bps, &pct),
                     PROMO_OK);
    ck_assert_int_eq(promo_discount_amount(price, licenses, amount, &fixed),
                     PROMO_OK);
    ck_assert_int_ge(pct, 0);
    ck_assert_int_le(pct, gross);
    ck_assert_int_ge(fixed, 0);
    ck_assert_int_le(fixed, gross);
  }
}
END_TEST

int main(void) {
  Suite *s = suite_create("money");

  TCase *arith = tcase_create("checked_arithmetic");
  tcase_add_loop_test(arith, money_mul_is_exact_or_refused_at_int64_bounds, 0,
                      N_ROWS(MUL));
  tcase_add_loop_test(arith, money_add_is_exact_or_refused_at_int64_bounds, 0,
                      N_ROWS(ADD));
  suite_add_tcase(s, arith);

  TCase *rounding = tcase_create("rounding");
  tcase_set_timeout(rounding, 60);
  tcase_add_loop_test(rounding, money_rounds_half_away_from_zero, 0,
                      N_ROWS(BPS));
  tcase_add_loop_test(rounding, money_table_agrees_with_the_128_bit_reference,
                      0, N_ROWS(BPS));
  tcase_add_test(rounding,
                 money_bps_matches_the_128_bit_reference_over_a_sweep);
  tcase_add_test(rounding,
                 money_bps_is_exact_at_the_edges_of_int64_for_every_bps);
  suite_add_tcase(s, rounding);

  TCase *discounts = tcase_create("line_discounts");
  tcase_set_timeout(discounts, 60);
  tcase_add_loop_test(discounts,
                      money_percent_discount_is_price_times_licenses_times_bps,
                      0, N_ROWS(PERCENT));
  tcase_add_loop_test(discounts,
                      money_fixed_discount_is_capped_at_unit_price_per_license,
                      0, N_ROWS(AMOUNT));
  tcase_add_test(discounts, money_discount_never_exceeds_the_gross_amount);
  suite_add_tcase(s, discounts);

  return test_run_suite(s);
}
