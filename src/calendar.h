/* calendar.h - time zones, calendar dates and terms, all through ICU. */
#ifndef PROMO_SRC_CALENDAR_H
#define PROMO_SRC_CALENDAR_H

#include "alloc.h"

#include <promo/order.h>
#include <promo/status.h>

#include <stdint.h>

/* Seconds since the epoch of 0001-01-01T00:00:00Z and of
 * 9999-12-31T23:59:59Z: the instants the library accepts. */
#define PROMO_INSTANT_MIN INT64_C(-62135596800)
#define PROMO_INSTANT_MAX INT64_C(253402300799)

/* The zone of a campaign or an order that names none. */
#define PROMO_UTC "UTC"

/* Longest IANA zone id accepted, in bytes. */
#define PROMO_ZONE_MAX 64

/* An ICU calendar in one time zone. Not thread-safe: one owner at a time. */
typedef struct promo_calendar promo_calendar;

/* PROMO_OK when ICU knows `zone` as a system zone (not "Etc/Unknown", nor
 * anything ICU would silently turn into it); PROMO_ERR_INVALID_ARGUMENT with
 * a static reason in *why otherwise. Opens nothing. */
promo_status promo_zone_check(const char *zone, const char **why);

/* Opens a proleptic Gregorian calendar in the IANA zone `zone`. Refuses a
 * zone ICU does not know as a system zone (PROMO_ERR_INVALID_ARGUMENT, with
 * a static reason in *why); PROMO_ERR_NO_MEMORY if ICU runs out. */
promo_status promo_calendar_open(promo_calendar **out, const promo_alloc *a,
                                 const char *zone, const char **why);
void promo_calendar_close(promo_calendar *cal, const promo_alloc *a);

/* Whether y-m-d is a real Gregorian date from year 1 to 9999. */
bool promo_date_valid(int year, int month, int day);

/* The first instant (seconds) of local day y-m-d in the calendar's zone.
 * The day after a valid date may be given as day + 1 (it rolls over). */
promo_status promo_calendar_day_start(promo_calendar *cal, int year, int month,
                                      int day, int64_t *out);

/* R7: the instant one term after `placed`: + 1 calendar month (monthly) or
 * + 1 calendar year (annual, annual_paid_monthly), in the calendar's zone,
 * keeping wall-clock time and clamping to the month's last day. */
promo_status promo_calendar_term_end(promo_calendar *cal, int64_t placed,
                                     promo_term term, int64_t *out);

#endif
