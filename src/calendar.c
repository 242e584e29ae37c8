/* calendar.c - ICU calendars: R2's day boundaries and R7's terms. */
#include "calendar.h"
#include "icu_status.h"

#include <string.h>
#include <unicode/ucal.h>
#include <unicode/ustring.h>

struct promo_calendar {
  UCalendar *ucal;
};

static const char ETC_UNKNOWN[] = "Etc/Unknown";

/* Zone ids are ASCII; ICU wants UTF-16. */
static bool zone_to_uchars(const char *zone, UChar *buf, int32_t cap,
                           int32_t *len) {
  size_t n = strlen(zone);
  if (n == 0 || n >= (size_t)cap) {
    return false;
  }
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)zone[i];
    if (c <= 0x20 || c >= 0x7f) {
      return false;
    }
  }
  u_charsToUChars(zone, buf, (int32_t)n);
  *len = (int32_t)n;
  return true;
}

/* The zone id in UTF-16 in id[], when ICU knows it as a system zone. */
static promo_status zone_id(const char *zone, UChar *id, int32_t *len,
                            const char **why) {
  UChar canonical[PROMO_ZONE_MAX + 1];
  *why = "unknown time zone";
  if (zone == NULL || !zone_to_uchars(zone, id, PROMO_ZONE_MAX + 1, len)) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  /* ICU turns an unknown id into "Etc/Unknown" when it opens a calendar, so
   * ask for the canonical id first: only system zones pass. */
  UErrorCode err = U_ZERO_ERROR;
  UBool is_system = 0;
  int32_t clen = ucal_getCanonicalTimeZoneID(
      id, *len, canonical, PROMO_ZONE_MAX + 1, &is_system, &err);
  if (U_FAILURE(err) || !is_system) {
    return U_FAILURE(err) ? promo_status_of_icu(err)
                          : PROMO_ERR_INVALID_ARGUMENT;
  }
  UChar unknown[sizeof ETC_UNKNOWN];
  u_charsToUChars(ETC_UNKNOWN, unknown, (int32_t)sizeof ETC_UNKNOWN);
  if (clen == (int32_t)sizeof ETC_UNKNOWN - 1 &&
      u_strncmp(canonical, unknown, clen) == 0) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  *why = NULL;
  return PROMO_OK;
}

promo_status promo_zone_check(const char *zone, const char **why) {
  UChar id[PROMO_ZONE_MAX + 1];
  int32_t len = 0;
  return zone_id(zone, id, &len, why);
}

promo_status promo_calendar_open(promo_calendar **out, const promo_alloc *a,
                                 const char *zone, const char **why) {
  UChar id[PROMO_ZONE_MAX + 1];
  int32_t len = 0;
  promo_status st = zone_id(zone, id, &len, why);
  if (st != PROMO_OK) {
    return st;
  }
  UErrorCode err = U_ZERO_ERROR;
  promo_calendar *cal = promo_malloc(a, sizeof *cal);
  if (cal == NULL) {
    return PROMO_ERR_NO_MEMORY;
  }
  cal->ucal = ucal_open(id, len, "en_US_POSIX", UCAL_GREGORIAN, &err);
  if (U_FAILURE(err)) {
    promo_free(a, cal);
    return promo_status_of_icu(err);
  }
  /* Proleptic Gregorian, so year 1..9999 all count days the same way. */
  ucal_setGregorianChange(cal->ucal, -8.64e15, &err);
  /* A day whose midnight is skipped by a DST change starts at the first
   * valid instant after it. */
  ucal_setAttribute(cal->ucal, UCAL_SKIPPED_WALL_TIME,
                    UCAL_WALLTIME_NEXT_VALID);
  ucal_setAttribute(cal->ucal, UCAL_REPEATED_WALL_TIME, UCAL_WALLTIME_FIRST);
  if (U_FAILURE(err)) {
    promo_calendar_close(cal, a);
    return promo_status_of_icu(err);
  }
  *why = NULL;
  *out = cal;
  return PROMO_OK;
}

void promo_calendar_close(promo_calendar *cal, const promo_alloc *a) {
  if (cal != NULL) {
    ucal_close(cal->ucal);
    promo_free(a, cal);
  }
}

static bool is_leap(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

bool promo_date_valid(int year, int month, int day) {
  static const int DAYS[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) {
    return false;
  }
  int last = DAYS[month - 1] + (month == 2 && is_leap(year) ? 1 : 0);
  return day <= last;
}

/* UDate is milliseconds in a double; every instant from year 1 to 9999 is
 * an exact integer there. Seconds are taken by flooring. */
static int64_t seconds_of(UDate ms) {
  double s = ms / 1000.0;
  int64_t whole = (int64_t)s;
  if ((double)whole > s) {
    whole -= 1;
  }
  return whole;
}

promo_status promo_calendar_day_start(promo_calendar *cal, int year, int month,
                                      int day, int64_t *out) {
  UErrorCode err = U_ZERO_ERROR;
  ucal_clear(cal->ucal);
  ucal_setDateTime(cal->ucal, year, month - 1, day, 0, 0, 0, &err);
  UDate ms = ucal_getMillis(cal->ucal, &err);
  if (U_FAILURE(err)) {
    return promo_status_of_icu(err);
  }
  *out = seconds_of(ms);
  return PROMO_OK;
}

promo_status promo_calendar_term_end(promo_calendar *cal, int64_t placed,
                                     promo_term term, int64_t *out) {
  UCalendarDateFields field;
  switch (term) {
  case PROMO_TERM_MONTHLY:
    field = UCAL_MONTH;
    break;
  case PROMO_TERM_ANNUAL:
  case PROMO_TERM_ANNUAL_PAID_MONTHLY:
    field = UCAL_YEAR;
    break;
  default:
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  UErrorCode err = U_ZERO_ERROR;
  ucal_setMillis(cal->ucal, (UDate)placed * 1000.0, &err);
  ucal_add(cal->ucal, field, 1, &err);
  UDate ms = ucal_getMillis(cal->ucal, &err);
  if (U_FAILURE(err)) {
    return promo_status_of_icu(err);
  }
  *out = seconds_of(ms);
  return PROMO_OK;
}
