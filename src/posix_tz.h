/* posix_tz.h - POSIX TZ strings, as the footer of a TZif file carries them
 * (RFC 9636 section 3.3): the rule a zone follows after its last stored
 * transition, for instance "CET-1CEST,M3.5.0,M10.5.0/3". */
#ifndef PROMO_SRC_POSIX_TZ_H
#define PROMO_SRC_POSIX_TZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The day and time of a DST change, in local time of the year it is in. */
typedef struct promo_tz_date {
  char kind;    /* 'J': day 1..365, Feb 29 never counted; 'n': day 0..365,
                   Feb 29 counted; 'M': month.week.weekday */
  int day;      /* 'J' and 'n' */
  int month;    /* 'M': 1..12 */
  int week;     /* 'M': 1..5, 5 = the last such weekday of the month */
  int weekday;  /* 'M': 0 = Sunday .. 6 */
  int32_t time; /* seconds after local midnight: -167 h .. 167 h (RFC 9636
                   extends POSIX's 0 .. 24 h) */
} promo_tz_date;

typedef struct promo_posix_tz {
  int32_t std_offset; /* seconds east of UTC (POSIX writes them west) */
  int32_t dst_offset;
  bool has_dst;        /* false: std_offset all year, no dates */
  promo_tz_date start; /* DST starts, in standard time */
  promo_tz_date end;   /* DST ends, in daylight time */
} promo_posix_tz;

/* Parses the `len` bytes of `text` (no newline) into *out. Refuses anything
 * but a complete TZ string: standard name and offset, and when a DST name
 * follows, its optional offset and both change dates (a TZ string without
 * dates leaves them to the reader's taste, and zic never writes one).
 * Offsets must lie within ±24:59:59. On refusal *why is a static reason
 * and *out is untouched. */
bool promo_posix_tz_parse(promo_posix_tz *out, const char *text, size_t len,
                          const char **why);

/* The UTC offset the rule gives at instant `t` (seconds since the epoch),
 * and in *next the first instant after `t` at which it may change
 * (INT64_MAX when it never does). `t` must lie within ±10^13 seconds of the
 * epoch (about ±300,000 years). */
void promo_posix_tz_at(const promo_posix_tz *tz, int64_t t, int32_t *offset,
                       int64_t *next);

#endif
