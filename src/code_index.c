/* code_index.c - the catalog's code table: linear probing, 24-bit tags in
 * the slot so most mismatches never touch the arena. */
#include "code_index.h"

#include <string.h>

#define OFFSET_BITS 40
#define OFFSET_MASK ((UINT64_C(1) << OFFSET_BITS) - 1)
#define ENTRY_HEADER 5 /* u32 campaign + u8 length */

static uint64_t mix(uint64_t h) {
  h ^= h >> 33;
  h *= UINT64_C(0xff51afd7ed558ccd);
  h ^= h >> 33;
  h *= UINT64_C(0xc4ceb9fe1a85ec53);
  h ^= h >> 33;
  return h;
}

uint64_t promo_hash_bytes(const void *data, size_t len) {
  const unsigned char *p = data;
  uint64_t h = UINT64_C(0x9e3779b97f4a7c15) ^ (uint64_t)len;
  while (len >= 8) {
    uint64_t w;
    memcpy(&w, p, 8);
    h = (h ^ mix(w)) * UINT64_C(0x100000001b3);
    p += 8;
    len -= 8;
  }
  uint64_t tail = 0;
  for (size_t i = 0; i < len; i++) {
    tail |= (uint64_t)p[i] << (8 * i);
  }
  return mix(h ^ mix(tail ^ UINT64_C(0xa0761d6478bd642f)));
}

void promo_code_index_init(promo_code_index *ix) {
  memset(ix, 0, sizeof *ix);
}

void promo_code_index_release(promo_code_index *ix, const promo_alloc *a) {
  promo_free(a, ix->slots);
  promo_free(a, ix->arena);
  promo_code_index_init(ix);
}

static uint64_t tag_of(uint64_t hash) {
  return hash >> OFFSET_BITS; /* the top 24 bits */
}

static bool entry_is(const promo_code_index *ix, uint64_t slot,
                     const char *code, size_t len, uint32_t *campaign) {
  const unsigned char *e = ix->arena + ((slot & OFFSET_MASK) - 1);
  if (e[4] != len || memcmp(e + ENTRY_HEADER, code, len) != 0) {
    return false;
  }
  if (campaign != NULL) {
    memcpy(campaign, e, 4);
  }
  return true;
}

bool promo_code_index_find(const promo_code_index *ix, const char *code,
                           size_t len, uint32_t *campaign) {
  if (ix->slots == NULL || len == 0 || len > 255) {
    return false;
  }
  uint64_t h = promo_hash_bytes(code, len);
  uint64_t tag = tag_of(h);
  for (size_t i = (size_t)h & ix->mask;; i = (i + 1) & ix->mask) {
    uint64_t slot = ix->slots[i];
    if (slot == 0) {
      return false;
    }
    if ((slot >> OFFSET_BITS) == tag &&
        entry_is(ix, slot, code, len, campaign)) {
      return true;
    }
  }
}

void promo_code_index_entry(const promo_code_index *ix, size_t offset,
                            const char **code, size_t *len, size_t *next) {
  const unsigned char *e = ix->arena + offset;
  *code = (const char *)(e + ENTRY_HEADER);
  *len = e[4];
  *next = offset + ENTRY_HEADER + e[4];
}

static void place(uint64_t *slots, size_t mask, uint64_t hash, uint64_t value) {
  size_t i = (size_t)hash & mask;
  while (slots[i] != 0) {
    i = (i + 1) & mask;
  }
  slots[i] = value;
}

/* Rebuilds the table with `cap` slots; the old one stays on failure. */
static bool rehash(promo_code_index *ix, const promo_alloc *a, size_t cap) {
  uint64_t *slots = promo_calloc(a, cap, sizeof *slots);
  if (slots == NULL) {
    return false;
  }
  size_t old_cap = ix->slots == NULL ? 0 : ix->mask + 1;
  for (size_t i = 0; i < old_cap; i++) {
    uint64_t slot = ix->slots[i];
    if (slot != 0) {
      const unsigned char *e = ix->arena + ((slot & OFFSET_MASK) - 1);
      place(slots, cap - 1, promo_hash_bytes(e + ENTRY_HEADER, e[4]), slot);
    }
  }
  promo_free(a, ix->slots);
  ix->slots = slots;
  ix->mask = cap - 1;
  return true;
}

promo_status promo_code_index_insert(promo_code_index *ix, const promo_alloc *a,
                                     const char *code, size_t len,
                                     uint32_t campaign) {
  if (len == 0 || len > 255) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  size_t need = ix->arena_len + ENTRY_HEADER + len;
  if (need > OFFSET_MASK - 1 || need < ix->arena_len) {
    return PROMO_ERR_NO_MEMORY;
  }
  void *arena = ix->arena;
  if (!promo_grow(a, &arena, &ix->arena_cap, need, 1)) {
    return PROMO_ERR_NO_MEMORY;
  }
  ix->arena = arena;
  size_t cap = ix->slots == NULL ? 0 : ix->mask + 1;
  /* Keep the load at most 3/4 so probes stay short. */
  if ((ix->count + 1) * 4 > cap * 3) {
    size_t next = cap == 0 ? 16 : cap * 2;
    if (next < cap || !rehash(ix, a, next)) {
      return PROMO_ERR_NO_MEMORY;
    }
  }
  size_t offset = ix->arena_len;
  unsigned char *e = ix->arena + offset;
  memcpy(e, &campaign, 4);
  e[4] = (unsigned char)len;
  memcpy(e + ENTRY_HEADER, code, len);
  ix->arena_len = need;
  uint64_t h = promo_hash_bytes(code, len);
  place(ix->slots, ix->mask, h, (tag_of(h) << OFFSET_BITS) | (offset + 1));
  ix->count++;
  return PROMO_OK;
}
