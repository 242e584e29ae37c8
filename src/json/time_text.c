/* time_text.c - RFC 3339 in and out, on the proleptic Gregorian calendar
 * (H. Hinnant's days_from_civil / civil_from_days). */
#include "time_text.h"

#include <stdio.h>

static int64_t days_from_civil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int64_t *m, int64_t *d) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = yoe + era * 400 + (*m <= 2);
}

static bool is_leap(int64_t y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int64_t days_in_month(int64_t y, int64_t m) {
  static const int64_t DAYS[] = {31, 28, 31, 30, 31, 30,
                                 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : DAYS[m - 1];
}

/* Reads `n` ASCII digits at *s into *out and moves past them. */
static bool digits(const char **s, int n, int64_t *out) {
  int64_t v = 0;
  for (int i = 0; i < n; i++) {
    char c = (*s)[i];
    if (c < '0' || c > '9') {
      return false;
    }
    v = v * 10 + (c - '0');
  }
  *s += n;
  *out = v;
  return true;
}

static bool literal(const char **s, char a, char b) {
  if (**s != a && **s != b) {
    return false;
  }
  (*s)++;
  return true;
}

bool pj_parse_date(const char *s, int *year, int *month, int *day) {
  int64_t y = 0;
  int64_t m = 0;
  int64_t d = 0;
  if (!digits(&s, 4, &y) || !literal(&s, '-', '-') || !digits(&s, 2, &m) ||
      !literal(&s, '-', '-') || !digits(&s, 2, &d) || *s != '\0') {
    return false;
  }
  *year = (int)y;
  *month = (int)m;
  *day = (int)d;
  return true;
}

static const char SHAPE[] = "expected YYYY-MM-DDTHH:MM:SS followed by Z or an "
                            "offset such as +02:00";

/* The offset from UTC in seconds, east positive. */
static bool offset(const char *s, int64_t *out, const char **why) {
  if (*s == 'Z' || *s == 'z') {
    *out = 0;
    if (s[1] != '\0') {
      *why = "unexpected text after Z";
      return false;
    }
    return true;
  }
  if (*s == '\0') {
    *why = "no UTC offset: end it with Z (UTC) or an offset such as +02:00";
    return false;
  }
  int64_t sign = *s == '+' ? 1 : (*s == '-' ? -1 : 0);
  int64_t h = 0;
  int64_t m = 0;
  s++;
  if (sign == 0 || !digits(&s, 2, &h) || !literal(&s, ':', ':') ||
      !digits(&s, 2, &m) || *s != '\0') {
    *why = "the UTC offset must be Z or +HH:MM or -HH:MM";
    return false;
  }
  if (h > 23 || m > 59) {
    *why = "the UTC offset must be between -23:59 and +23:59";
    return false;
  }
  *out = sign * (h * 3600 + m * 60);
  return true;
}

bool pj_parse_rfc3339(const char *s, int64_t *out, const char **why) {
  int64_t y = 0;
  int64_t mo = 0;
  int64_t d = 0;
  int64_t h = 0;
  int64_t mi = 0;
  int64_t sec = 0;
  if (!digits(&s, 4, &y) || !literal(&s, '-', '-') || !digits(&s, 2, &mo) ||
      !literal(&s, '-', '-') || !digits(&s, 2, &d) || !literal(&s, 'T', 't') ||
      !digits(&s, 2, &h) || !literal(&s, ':', ':') || !digits(&s, 2, &mi) ||
      !literal(&s, ':', ':') || !digits(&s, 2, &sec)) {
    *why = SHAPE;
    return false;
  }
  if (*s == '.') {
    s++;
    if (*s < '0' || *s > '9') {
      *why = "a fraction of a second needs digits after the '.'";
      return false;
    }
    while (*s >= '0' && *s <= '9') {
      s++; /* the library counts whole seconds */
    }
  }
  int64_t off = 0;
  if (!offset(s, &off, why)) {
    return false;
  }
  if (mo < 1 || mo > 12) {
    *why = "the month must be 01 to 12";
    return false;
  }
  if (d < 1 || d > days_in_month(y, mo)) {
    *why = "that day does not exist in that month";
    return false;
  }
  if (h > 23 || mi > 59) {
    *why = "the time of day must be 00:00:00 to 23:59:59";
    return false;
  }
  if (sec > 59) {
    *why = "the seconds must be 00 to 59 (leap seconds are not accepted)";
    return false;
  }
  *out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - off;
  return true;
}

void pj_format_utc(int64_t t, char out[PJ_TIME_TEXT_MAX]) {
  int64_t days = t / 86400;
  int64_t rem = t % 86400;
  if (rem < 0) {
    rem += 86400;
    days--;
  }
  int64_t y = 0;
  int64_t m = 0;
  int64_t d = 0;
  civil_from_days(days, &y, &m, &d);
  /* The year by snprintf, into room for any long long (at most 20
   * characters), so it is never cut; the two-digit fields by hand: they are
   * in range, which the compiler's truncation check cannot know. */
  int n = snprintf(out, PJ_TIME_TEXT_MAX - 16, "%04lld", (long long)y);
  size_t at = n < 0 ? 0 : (size_t)n;
  const int64_t fields[] = {m, d, rem / 3600, rem / 60 % 60, rem % 60};
  const char before[] = {'-', '-', 'T', ':', ':'};
  for (size_t i = 0; i < 5; i++) {
    out[at++] = before[i];
    out[at++] = (char)('0' + fields[i] / 10);
    out[at++] = (char)('0' + fields[i] % 10);
  }
  out[at++] = 'Z';
  out[at] = '\0';
}
