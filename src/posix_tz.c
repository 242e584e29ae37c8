/* posix_tz.c - parsing a TZif footer's TZ string and evaluating it.
 *
 * Grammar (POSIX, with RFC 9636's extension of the change times):
 *   std offset [dst [offset] ,start[/time],end[/time]]
 * A name is 3 or more letters, or <...> around letters, digits, + and -.
 * An offset is [+-]hh[:mm[:ss]], hours 0..24, positive WEST of Greenwich.
 * A date is Jn (1..365, Feb 29 never counted), n (0..365) or Mm.w.d; a
 * change time is [+-]hh[:mm[:ss]] with hours 0..167, default 02:00. */
#include "posix_tz.h"

#include "civil.h"

#include <string.h>

typedef struct cursor {
  const char *p;
  const char *end;
  const char *why;
} cursor;

static bool at_end(const cursor *c) {
  return c->p == c->end;
}

static bool peek_is(const cursor *c, char ch) {
  return !at_end(c) && *c->p == ch;
}

static bool is_digit(char ch) {
  return ch >= '0' && ch <= '9';
}

static bool is_alpha(char ch) {
  return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z');
}

static bool fail(cursor *c, const char *why) {
  c->why = why;
  return false;
}

/* A zone abbreviation: we only check its shape; its text is not kept. */
static bool parse_name(cursor *c) {
  size_t n = 0;
  if (peek_is(c, '<')) {
    c->p++;
    while (!at_end(c) && *c->p != '>') {
      char ch = *c->p;
      if (!is_alpha(ch) && !is_digit(ch) && ch != '+' && ch != '-') {
        return fail(c, "bad character in a quoted zone abbreviation");
      }
      c->p++;
      n++;
    }
    if (at_end(c)) {
      return fail(c, "unterminated zone abbreviation");
    }
    c->p++; /* '>' */
  } else {
    while (!at_end(c) && is_alpha(*c->p)) {
      c->p++;
      n++;
    }
  }
  return n >= 3 ? true : fail(c, "zone abbreviation shorter than 3 letters");
}

/* Up to `max_digits` digits, value at most `max`. */
static bool parse_number(cursor *c, int max_digits, int max, int *out) {
  int value = 0;
  int digits = 0;
  while (!at_end(c) && is_digit(*c->p) && digits < max_digits) {
    value = value * 10 + (*c->p - '0');
    c->p++;
    digits++;
  }
  if (digits == 0) {
    return fail(c, "number expected");
  }
  if (value > max) {
    return fail(c, "number out of range");
  }
  *out = value;
  return true;
}

/* [+-]hh[:mm[:ss]] in seconds, hours at most max_hours. */
static bool parse_hms(cursor *c, int max_hours, int32_t *out) {
  int sign = 1;
  if (peek_is(c, '+') || peek_is(c, '-')) {
    sign = *c->p == '-' ? -1 : 1;
    c->p++;
  }
  int h = 0;
  int m = 0;
  int s = 0;
  if (!parse_number(c, 3, max_hours, &h)) {
    return false;
  }
  if (peek_is(c, ':')) {
    c->p++;
    if (!parse_number(c, 2, 59, &m)) {
      return false;
    }
    if (peek_is(c, ':')) {
      c->p++;
      if (!parse_number(c, 2, 59, &s)) {
        return false;
      }
    }
  }
  *out = (int32_t)(sign * (h * 3600 + m * 60 + s));
  return true;
}

/* A UTC offset as POSIX writes it (west positive), returned east. */
static bool parse_offset(cursor *c, int32_t *east) {
  int32_t west = 0;
  if (!parse_hms(c, 24, &west)) {
    return false;
  }
  *east = -west;
  return true;
}

static bool parse_date(cursor *c, promo_tz_date *d) {
  memset(d, 0, sizeof *d);
  d->time = 2 * 3600;
  if (peek_is(c, 'M')) {
    c->p++;
    d->kind = 'M';
    if (!parse_number(c, 2, 12, &d->month) || d->month < 1) {
      return c->why != NULL ? false : fail(c, "month out of range");
    }
    if (!peek_is(c, '.')) {
      return fail(c, "'.' expected in an M date");
    }
    c->p++;
    if (!parse_number(c, 1, 5, &d->week) || d->week < 1) {
      return c->why != NULL ? false : fail(c, "week out of range");
    }
    if (!peek_is(c, '.')) {
      return fail(c, "'.' expected in an M date");
    }
    c->p++;
    if (!parse_number(c, 1, 6, &d->weekday)) {
      return false;
    }
  } else if (peek_is(c, 'J')) {
    c->p++;
    d->kind = 'J';
    if (!parse_number(c, 3, 365, &d->day) || d->day < 1) {
      return c->why != NULL ? false : fail(c, "Julian day out of range");
    }
  } else {
    d->kind = 'n';
    if (!parse_number(c, 3, 365, &d->day)) {
      return false;
    }
  }
  if (peek_is(c, '/')) {
    c->p++;
    return parse_hms(c, 167, &d->time);
  }
  return true;
}

bool promo_posix_tz_parse(promo_posix_tz *out, const char *text, size_t len,
                          const char **why) {
  cursor c = {text, text + len, NULL};
  promo_posix_tz tz;
  memset(&tz, 0, sizeof tz);
  bool ok = parse_name(&c) && parse_offset(&c, &tz.std_offset);
  if (ok && !at_end(&c)) {
    tz.has_dst = true;
    tz.dst_offset = tz.std_offset + 3600;
    ok = parse_name(&c);
    if (ok && !at_end(&c) && *c.p != ',') {
      ok = parse_offset(&c, &tz.dst_offset);
    }
    if (ok && !peek_is(&c, ',')) {
      ok = fail(&c, "daylight saving time without its dates");
    }
    if (ok) {
      c.p++;
      ok = parse_date(&c, &tz.start);
    }
    if (ok && !peek_is(&c, ',')) {
      ok = fail(&c, "',' expected before the end of daylight saving time");
    }
    if (ok) {
      c.p++;
      ok = parse_date(&c, &tz.end);
    }
    if (ok && !at_end(&c)) {
      ok = fail(&c, "unexpected text after the rule");
    }
  }
  if (!ok) {
    *why = c.why;
    return false;
  }
  *out = tz;
  return true;
}

/* The local day number (see civil.h) on which `d` falls in `year`. */
static int64_t date_day(const promo_tz_date *d, int64_t year) {
  int64_t jan1 = promo_days_from_civil(year, 1, 1);
  if (d->kind == 'J') {
    /* Day 60 is always March 1: Feb 29 is skipped over. */
    bool after_feb = d->day >= 60 && promo_leap_year(year);
    return jan1 + d->day - 1 + (after_feb ? 1 : 0);
  }
  if (d->kind == 'n') {
    return jan1 + d->day;
  }
  int64_t first = promo_days_from_civil(year, d->month, 1);
  int64_t day = first + (d->weekday - promo_weekday(first) + 7) % 7 +
                7 * (int64_t)(d->week - 1);
  int64_t last = first + promo_month_days(year, d->month) - 1;
  while (day > last) { /* week 5: the last one in the month */
    day -= 7;
  }
  return day;
}

/* The instant (UTC) at which `d` happens in `year`, reading it with the
 * offset in force just before it. */
static int64_t change_at(const promo_tz_date *d, int64_t year,
                         int32_t offset_before) {
  return date_day(d, year) * PROMO_DAY_SECONDS + d->time - offset_before;
}

typedef struct change {
  int64_t at;
  int32_t offset; /* from `at` on */
  int order;      /* among equal instants: DST's end, then its start */
} change;

void promo_posix_tz_at(const promo_posix_tz *tz, int64_t t, int32_t *offset,
                       int64_t *next) {
  if (!tz->has_dst) {
    *offset = tz->std_offset;
    *next = INT64_MAX;
    return;
  }
  /* The changes of the years around t's year: each lies within a week of
   * its year (change times reach ±167 hours), so those of the two years
   * before and after bracket t on both sides. */
  int64_t year = 0;
  int month = 0;
  int day = 0;
  promo_civil_from_days(promo_floor_div(t + tz->std_offset, PROMO_DAY_SECONDS),
                        &year, &month, &day);
  change all[10] = {{0, 0, 0}};
  size_t n = 0;
  for (int k = -2; k <= 2; k++) {
    all[n++] = (change){change_at(&tz->start, year + k, tz->std_offset),
                        tz->dst_offset, 1};
    all[n++] = (change){change_at(&tz->end, year + k, tz->dst_offset),
                        tz->std_offset, 0};
  }
  /* Insertion sort: ten entries. */
  for (size_t i = 1; i < n; i++) {
    change x = all[i];
    size_t j = i;
    while (j > 0 && (all[j - 1].at > x.at ||
                     (all[j - 1].at == x.at && all[j - 1].order > x.order))) {
      all[j] = all[j - 1];
      j--;
    }
    all[j] = x;
  }
  size_t last = 0; /* the last change at or before t */
  while (last + 1 < n && all[last + 1].at <= t) {
    last++;
  }
  *offset = all[last].offset;
  *next = all[last + 1].at;
}
