/* civil.h - the proleptic Gregorian calendar as plain arithmetic on day
 * numbers: day 0 is 1970-01-01, negative days come before it. No time
 * zone, no library: every function is pure and exact for any year a
 * 64-bit day count can hold. */
#ifndef PROMO_SRC_CIVIL_H
#define PROMO_SRC_CIVIL_H

#include <stdbool.h>
#include <stdint.h>

#define PROMO_DAY_SECONDS INT64_C(86400)

/* a / b rounded towards minus infinity; b > 0. */
int64_t promo_floor_div(int64_t a, int64_t b);

bool promo_leap_year(int64_t year);

/* Days in `month` (1..12) of `year`. */
int promo_month_days(int64_t year, int month);

/* The day number of year-month-day. `day` may run past the month's end or
 * below 1: it counts on from the month's first day (Jan 32 is Feb 1). */
int64_t promo_days_from_civil(int64_t year, int month, int64_t day);

/* The date of day number `days`. */
void promo_civil_from_days(int64_t days, int64_t *year, int *month, int *day);

/* 0 = Sunday .. 6 = Saturday. */
int promo_weekday(int64_t days);

#endif
