/* zone.h - one time zone's rules, read from the tz database (tzif.c) and
 * then immutable: shared read-only by every thread of every order and
 * catalog that uses the zone. Everything R2 and R7 need is asked of it
 * here: the UTC offset at an instant, and the first instant at or after a
 * local wall-clock time. */
#ifndef PROMO_SRC_ZONE_H
#define PROMO_SRC_ZONE_H

#include "posix_tz.h"

#include <stddef.h>
#include <stdint.h>

typedef struct promo_zone {
  struct promo_zone *next; /* the zones cache's chain (zones.c) */
  const char *name;        /* the id it was asked for ("US/Eastern") */
  int32_t initial;         /* the offset before the first transition */
  int32_t min_offset;      /* the smallest and largest offsets it ever has */
  int32_t max_offset;
  size_t count;         /* transitions that change the offset */
  const int64_t *at;    /* their instants, ascending */
  const int32_t *after; /* the offset from at[i] on */
  bool has_rule;        /* the file's footer, from rule_from on */
  int64_t rule_from;
  promo_posix_tz rule;
} promo_zone;

/* The zone of the id "UTC": offset 0 forever. Static, never freed. */
const promo_zone *promo_zone_utc(void);

/* The UTC offset, in seconds east, at instant `t`. */
int32_t promo_zone_offset(const promo_zone *z, int64_t t);

/* The offset at `t`, and in *next the first instant after `t` at which it
 * may change (INT64_MAX: never). */
void promo_zone_segment(const promo_zone *z, int64_t t, int32_t *offset,
                        int64_t *next);

/* The first instant whose local wall-clock time is `local` or later, where
 * `local` counts seconds since 1970-01-01T00:00 local time. A wall-clock
 * time that happens twice gives its first occurrence; one that a change of
 * offset skips gives the instant of that change, the first valid one after
 * it. */
int64_t promo_zone_first_at_or_after(const promo_zone *z, int64_t local);

#endif
