/* strmap.h - a small open-addressing map from NUL-terminated strings (not
 * copied: the caller keeps them alive) to size_t values. Used for campaign
 * ids and for the order ids each campaign has counted. */
#ifndef PROMO_SRC_STRMAP_H
#define PROMO_SRC_STRMAP_H

#include "alloc.h"

#include <promo/status.h>

#include <stdbool.h>
#include <stddef.h>

typedef struct promo_strmap_entry {
  const char *key; /* NULL: empty */
  size_t value;
} promo_strmap_entry;

typedef struct promo_strmap {
  promo_strmap_entry *entries;
  size_t mask;
  size_t count;
} promo_strmap;

void promo_strmap_init(promo_strmap *m);
/* Frees the table; the keys belong to the caller. */
void promo_strmap_release(promo_strmap *m, const promo_alloc *a);
/* Frees the table and its keys, for a map that owns them. */
void promo_strmap_release_keys(promo_strmap *m, const promo_alloc *a);
bool promo_strmap_get(const promo_strmap *m, const char *key, size_t *value);
/* Makes room for `extra` more keys; PROMO_ERR_NO_MEMORY leaves the map as
 * it was. */
promo_status promo_strmap_reserve(promo_strmap *m, const promo_alloc *a,
                                  size_t extra);
/* Adds a key that is not in the map; room must have been reserved. */
void promo_strmap_put(promo_strmap *m, const char *key, size_t value);

#endif
