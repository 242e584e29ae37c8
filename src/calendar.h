/* calendar.h - R2's day boundaries and R7's terms, computed from a zone's
 * rules (zone.h) with the proleptic Gregorian calendar (civil.h): no
 * calendar object, nothing allocated, safe from any thread. */
#ifndef PROMO_SRC_CALENDAR_H
#define PROMO_SRC_CALENDAR_H

#include "zone.h"

#include <promo/order.h>
#include <promo/status.h>

#include <stdbool.h>
#include <stdint.h>

/* Seconds since the epoch of 0001-01-01T00:00:00Z and of
 * 9999-12-31T23:59:59Z: the instants the library accepts. */
#define PROMO_INSTANT_MIN INT64_C(-62135596800)
#define PROMO_INSTANT_MAX INT64_C(253402300799)

/* Whether y-m-d is a real Gregorian date from year 1 to 9999. */
bool promo_date_valid(int year, int month, int day);

/* R2: the first instant of local day y-m-d in `zone`; a day whose midnight
 * a change of offset skips starts at the first valid instant after it. The
 * day after a valid date may be given as day + 1 (it rolls over). */
int64_t promo_calendar_day_start(const promo_zone *zone, int year, int month,
                                 int day);

/* R7: the instant one term after `placed`: + 1 calendar month (monthly) or
 * + 1 calendar year (annual, annual_paid_monthly), in `zone`, keeping the
 * wall-clock time and clamping to the month's last day. A wall-clock time
 * that a change of offset skips ends at the first valid instant after it;
 * one that happens twice, at its first occurrence. `placed` must lie in
 * PROMO_INSTANT_MIN..PROMO_INSTANT_MAX; the end may lie in year 10000.
 * PROMO_ERR_INVALID_ARGUMENT for an unknown term. */
promo_status promo_calendar_term_end(const promo_zone *zone, int64_t placed,
                                     promo_term term, int64_t *out);

#endif
