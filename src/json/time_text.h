/* time_text.h - dates and instants as the file formats write them. */
#ifndef PROMO_JSON_SRC_TIME_TEXT_H
#define PROMO_JSON_SRC_TIME_TEXT_H

#include <stdbool.h>
#include <stdint.h>

/* Room for "YYYY-MM-DDTHH:MM:SSZ" with any year an int64_t instant can
 * have (a sign and at most 12 digits; 20 characters for any long long), and
 * the NUL. */
#define PJ_TIME_TEXT_MAX 40

/* Reads exactly "YYYY-MM-DD" (ASCII digits) into *year, *month and *day.
 * Whether it is a real calendar date is for the library to say. */
bool pj_parse_date(const char *s, int *year, int *month, int *day);

/* Reads an RFC 3339 date-time ("2026-03-31T21:30:00Z",
 * "2026-03-31T23:30:00.5+02:00"; 'T' and 'Z' may be lower case) into
 * seconds since the epoch, dropping fractions of a second. On failure
 * returns false and a static reason in *why. */
bool pj_parse_rfc3339(const char *s, int64_t *out, const char **why);

/* Writes `t` (seconds since the epoch) as "YYYY-MM-DDTHH:MM:SSZ". */
void pj_format_utc(int64_t t, char out[PJ_TIME_TEXT_MAX]);

#endif
