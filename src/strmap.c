/* strmap.c - string-keyed open addressing with linear probing. */
#include "strmap.h"

#include "hash.h"

#include <stdint.h>
#include <string.h>

void promo_strmap_init(promo_strmap *m) {
  memset(m, 0, sizeof *m);
}

void promo_strmap_release(promo_strmap *m, const promo_alloc *a) {
  promo_free(a, m->entries);
  promo_strmap_init(m);
}

void promo_strmap_release_keys(promo_strmap *m, const promo_alloc *a) {
  size_t cap = m->entries == NULL ? 0 : m->mask + 1;
  for (size_t i = 0; i < cap; i++) {
    promo_free(a, (void *)(uintptr_t)m->entries[i].key);
  }
  promo_strmap_release(m, a);
}

static size_t slot_of(const char *key, size_t mask) {
  return (size_t)promo_hash_bytes(key, strlen(key)) & mask;
}

bool promo_strmap_get(const promo_strmap *m, const char *key, size_t *value) {
  if (m->entries == NULL) {
    return false;
  }
  for (size_t i = slot_of(key, m->mask);; i = (i + 1) & m->mask) {
    const promo_strmap_entry *e = &m->entries[i];
    if (e->key == NULL) {
      return false;
    }
    if (strcmp(e->key, key) == 0) {
      if (value != NULL) {
        *value = e->value;
      }
      return true;
    }
  }
}

static void insert(promo_strmap_entry *entries, size_t mask, const char *key,
                   size_t value) {
  size_t i = slot_of(key, mask);
  while (entries[i].key != NULL) {
    i = (i + 1) & mask;
  }
  entries[i].key = key;
  entries[i].value = value;
}

promo_status promo_strmap_reserve(promo_strmap *m, const promo_alloc *a,
                                  size_t extra) {
  size_t cap = m->entries == NULL ? 0 : m->mask + 1;
  size_t need = m->count + extra;
  if (need < m->count) {
    return PROMO_ERR_NO_MEMORY;
  }
  /* At most half full. */
  if (need * 2 <= cap && need * 2 >= need) {
    return PROMO_OK;
  }
  size_t next = cap == 0 ? 8 : cap;
  while (next < need * 2) {
    if (next > SIZE_MAX / 2) {
      return PROMO_ERR_NO_MEMORY;
    }
    next *= 2;
  }
  promo_strmap_entry *entries = promo_calloc(a, next, sizeof *entries);
  if (entries == NULL) {
    return PROMO_ERR_NO_MEMORY;
  }
  for (size_t i = 0; i < cap; i++) {
    if (m->entries[i].key != NULL) {
      insert(entries, next - 1, m->entries[i].key, m->entries[i].value);
    }
  }
  promo_free(a, m->entries);
  m->entries = entries;
  m->mask = next - 1;
  return PROMO_OK;
}

void promo_strmap_put(promo_strmap *m, const char *key, size_t value) {
  insert(m->entries, m->mask, key, value);
  m->count++;
}
