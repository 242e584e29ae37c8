/* calendar.c - R2 and R7 as arithmetic on a zone's offsets.
 *
 * A local wall-clock time is counted like an instant, in seconds since
 * 1970-01-01T00:00 local: an instant t shows t + offset(t). Calendar
 * arithmetic happens on those local seconds, and the zone turns the result
 * back into an instant (promo_zone_first_at_or_after), which settles the
 * wall-clock times that DST skips or repeats. */
#include "calendar.h"

#include "civil.h"

bool promo_date_valid(int year, int month, int day) {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) {
    return false;
  }
  return day <= promo_month_days(year, month);
}

int64_t promo_calendar_day_start(const promo_zone *zone, int year, int month,
                                 int day) {
  int64_t local = promo_days_from_civil(year, month, day) * PROMO_DAY_SECONDS;
  return promo_zone_first_at_or_after(zone, local);
}

promo_status promo_calendar_term_end(const promo_zone *zone, int64_t placed,
                                     promo_term term, int64_t *out) {
  int months = 0;
  switch (term) {
  case PROMO_TERM_MONTHLY:
    months = 1;
    break;
  case PROMO_TERM_ANNUAL:
  case PROMO_TERM_ANNUAL_PAID_MONTHLY:
    months = 12;
    break;
  default:
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  int64_t local = placed + promo_zone_offset(zone, placed);
  int64_t days = promo_floor_div(local, PROMO_DAY_SECONDS);
  int64_t time_of_day = local - days * PROMO_DAY_SECONDS;
  int64_t year = 0;
  int month = 0;
  int day = 0;
  promo_civil_from_days(days, &year, &month, &day);
  int index = month - 1 + months; /* 0-based, may pass December */
  year += index / 12;
  month = index % 12 + 1;
  int last = promo_month_days(year, month);
  if (day > last) {
    day = last; /* Jan 31 + 1 month = Feb 28 (29); Feb 29 + 1 year = Feb 28 */
  }
  int64_t end_local =
      promo_days_from_civil(year, month, day) * PROMO_DAY_SECONDS + time_of_day;
  *out = promo_zone_first_at_or_after(zone, end_local);
  return PROMO_OK;
}
