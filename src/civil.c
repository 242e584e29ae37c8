/* civil.c - day numbers and Gregorian dates.
 *
 * The year is counted from March, so that February, with its leap day,
 * comes last and every month before it has a fixed length; the calendar
 * repeats every 400 years (146097 days), so a date is its 400-year era
 * plus its place in the era. */
#include "civil.h"

static const int64_t ERA_DAYS = 146097;
/* Days from 0000-03-01 to 1970-01-01. */
static const int64_t EPOCH_SHIFT = 719468;

int64_t promo_floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  return q * b > a ? q - 1 : q;
}

bool promo_leap_year(int64_t year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int promo_month_days(int64_t year, int month) {
  static const int DAYS[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return DAYS[month - 1] + (month == 2 && promo_leap_year(year) ? 1 : 0);
}

/* Days from March 1 to the first of `month`, in a year that starts in
 * March (month 3 is 0, ..., month 2 of the next year is 11): the month
 * lengths 31, 30, 31, 30, 31 repeat, which (153 m + 2) / 5 counts. */
static int64_t days_before_month(int month) {
  int m = month > 2 ? month - 3 : month + 9;
  return (153 * (int64_t)m + 2) / 5;
}

int64_t promo_days_from_civil(int64_t year, int month, int64_t day) {
  int64_t y = month <= 2 ? year - 1 : year; /* the March-based year */
  int64_t era = promo_floor_div(y, 400);
  int64_t year_of_era = y - era * 400; /* 0..399 */
  int64_t day_of_year = days_before_month(month) + day - 1;
  int64_t day_of_era =
      year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * ERA_DAYS + day_of_era - EPOCH_SHIFT;
}

void promo_civil_from_days(int64_t days, int64_t *year, int *month, int *day) {
  int64_t shifted = days + EPOCH_SHIFT;
  int64_t era = promo_floor_div(shifted, ERA_DAYS);
  int64_t day_of_era = shifted - era * ERA_DAYS; /* 0..146096 */
  /* Leap days fall every 4 years but not every 100, except every 400:
   * remove them to count whole 365-day years. */
  int64_t year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 -
                         day_of_era / 146096) /
                        365;
  int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  int64_t m = (5 * day_of_year + 2) / 153; /* 0 = March */
  *day = (int)(day_of_year - (153 * m + 2) / 5 + 1);
  *month = (int)(m < 10 ? m + 3 : m - 9);
  *year = era * 400 + year_of_era + (*month <= 2 ? 1 : 0);
}

int promo_weekday(int64_t days) {
  /* 1970-01-01 was a Thursday. */
  int64_t w = (days + 4) % 7;
  return (int)(w < 0 ? w + 7 : w);
}
