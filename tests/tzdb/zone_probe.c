/* zone_probe.c - answers questions about zones of a tz database, one per
 * line, so that compare.py can hold the library's answers against Python's
 * zoneinfo. Reads commands on stdin, writes one answer line each:
 *
 *   Z <id>            select a zone: "ok", or "refused <message>"
 *   O <t>             its UTC offset at instant t (seconds east)
 *   D <y> <m> <d>     R2: the first instant of that local day
 *   T <from> <to>     every instant in [from, to) at which its offset
 *                     changes: "<count> <t1> <t2> ..."
 *
 * usage: zone_probe DIRECTORY */
#include "calendar.h"
#include "zones.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void transitions(const promo_zone *z, int64_t from, int64_t to) {
  int64_t found[4096];
  size_t n = 0;
  int64_t t = from;
  int32_t offset = 0;
  int64_t next = 0;
  promo_zone_segment(z, t, &offset, &next);
  while (next < to && n < sizeof found / sizeof found[0]) {
    int32_t after = 0;
    int64_t following = 0;
    promo_zone_segment(z, next, &after, &following);
    if (after != offset) {
      found[n++] = next;
    }
    offset = after;
    next = following;
  }
  printf("%zu", n);
  for (size_t i = 0; i < n; i++) {
    printf(" %" PRId64, found[i]);
  }
  putchar('\n');
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fputs("usage: zone_probe DIRECTORY\n", stderr);
    return 2;
  }
  promo_zones_options options = PROMO_ZONES_OPTIONS_INIT;
  options.directory = argv[1];
  promo_zones *zones = NULL;
  if (promo_zones_new(&zones, &options) != PROMO_OK ||
      promo_zones_error(zones)[0] != '\0') {
    fprintf(stderr, "zone_probe: %s\n", promo_zones_error(zones));
    return 2;
  }
  const promo_zone *zone = NULL;
  char line[256];
  while (fgets(line, sizeof line, stdin) != NULL) {
    line[strcspn(line, "\n")] = '\0';
    long long a = 0;
    long long b = 0;
    int y = 0;
    int m = 0;
    int d = 0;
    if (line[0] == 'Z' && line[1] == ' ') {
      char msg[512];
      zone = NULL;
      if (promo_zones_get(zones, &zone, line + 2, msg, sizeof msg) ==
          PROMO_OK) {
        puts("ok");
      } else {
        printf("refused %s\n", msg);
      }
    } else if (zone != NULL && sscanf(line, "O %lld", &a) == 1) {
      printf("%" PRId32 "\n", promo_zone_offset(zone, a));
    } else if (zone != NULL && sscanf(line, "D %d %d %d", &y, &m, &d) == 3) {
      printf("%" PRId64 "\n", promo_calendar_day_start(zone, y, m, d));
    } else if (zone != NULL && sscanf(line, "T %lld %lld", &a, &b) == 2) {
      transitions(zone, a, b);
    } else {
      fprintf(stderr, "zone_probe: bad command '%s'\n", line);
      return 2;
    }
  }
  promo_zones_free(zones);
  return 0;
}
