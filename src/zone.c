/* zone.c - questions asked of one zone's rules.
 *
 * A zone's offset is a step function of time: constant between
 * transitions. Its stored transitions come first; from the file's last
 * transition on, its TZ-string rule (when the file has one) governs, as
 * RFC 9636 section 3.2 says (and glibc reads it; the rule MUST agree with
 * that last transition, section 3.3); before the first transition, time
 * type 0 applies. */
#include "zone.h"

static const promo_zone UTC_ZONE = {
    NULL, "UTC", 0, 0, 0, 0, NULL, NULL, false, 0, {0, 0, false, {0}, {0}}};

const promo_zone *promo_zone_utc(void) {
  return &UTC_ZONE;
}

void promo_zone_segment(const promo_zone *z, int64_t t, int32_t *offset,
                        int64_t *next) {
  if (z->has_rule && t >= z->rule_from) {
    promo_posix_tz_at(&z->rule, t, offset, next);
    return;
  }
  int64_t stored_end = z->has_rule ? z->rule_from : INT64_MAX;
  if (z->count == 0 || t < z->at[0]) {
    *offset = z->initial;
    *next = z->count == 0 ? stored_end : z->at[0];
    return;
  }
  /* The last transition at or before t: at[lo] <= t < at[hi]. */
  size_t lo = 0;
  size_t hi = z->count;
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (z->at[mid] <= t) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  *offset = z->after[lo];
  *next = hi < z->count ? z->at[hi] : stored_end;
}

int32_t promo_zone_offset(const promo_zone *z, int64_t t) {
  int32_t offset = 0;
  int64_t next = 0;
  promo_zone_segment(z, t, &offset, &next);
  return offset;
}

int64_t promo_zone_first_at_or_after(const promo_zone *z, int64_t local) {
  /* Instant t shows wall-clock time t + offset(t). No instant before
   * local - max_offset can show `local` or later, and every instant from
   * local - min_offset on does; in between, walk the stretches of constant
   * offset in order: in each, the first instant that shows `local` or
   * later is max(start, local - offset), if it lies inside the stretch. The
   * first stretch that has one holds the answer. Each step moves t past a
   * transition, so the walk ends within the bounds. */
  int64_t t = local - z->max_offset;
  for (;;) {
    int32_t offset = 0;
    int64_t next = 0;
    promo_zone_segment(z, t, &offset, &next);
    int64_t candidate = local - offset;
    if (candidate < t) {
      candidate = t;
    }
    if (candidate < next) {
      return candidate;
    }
    t = next;
  }
}
