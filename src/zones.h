/* zones.h - the library's side of promo_zones (include/promo/zones.h): a
 * tz database directory and the cache of the zones read from it. */
#ifndef PROMO_SRC_ZONES_H
#define PROMO_SRC_ZONES_H

#include "alloc.h"
#include "zone.h"

#include <promo/status.h>
#include <promo/zones.h>

/* Longest zone id accepted, in bytes. */
#define PROMO_ZONE_MAX 64

/* The zone of a campaign or an order that names none. */
#define PROMO_UTC "UTC"

/* promo_zones_new() with the default options and allocator `a`. */
promo_status promo_zones_new_default(promo_zones **out, const promo_alloc *a);

/* Adds a reference; returns `zones`. */
promo_zones *promo_zones_retain(promo_zones *zones);

/*
 * The rules of zone `id`, read from the directory on first use and shared
 * from then on (never freed before `zones`). On refusal, msg (cap bytes)
 * holds a sentence naming the zone, to which the caller may prefix its own
 * context: "unknown time zone 'Mars/Olympus'", or "time zone 'X': ..." for
 * a missing database, an unreadable or corrupt file.
 * PROMO_ERR_INVALID_ARGUMENT for an id that is not a zone of the database
 * (or a NULL one), PROMO_ERR_NO_MEMORY. Thread-safe.
 */
promo_status promo_zones_get(promo_zones *zones, const promo_zone **out,
                             const char *id, char *msg, size_t cap);

#endif
