/* code_index.h - R1's exact-match lookup: every code of the catalog in one
 * open-addressing hash table over a byte arena. Sized for tens of millions
 * of codes: 8 bytes a slot, 5 bytes + the code itself per entry. */
#ifndef PROMO_SRC_CODE_INDEX_H
#define PROMO_SRC_CODE_INDEX_H

#include "alloc.h"

#include <promo/status.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct promo_code_index {
  uint64_t *slots; /* 0 empty, else tag << 40 | (arena offset + 1) */
  size_t mask;     /* slot count - 1; slot count is a power of two */
  size_t count;
  unsigned char *arena; /* entries: u32 campaign, u8 length, bytes */
  size_t arena_len;
  size_t arena_cap;
} promo_code_index;

void promo_code_index_init(promo_code_index *ix);
void promo_code_index_release(promo_code_index *ix, const promo_alloc *a);

/* The byte-exact lookup of a code; stores its campaign in *campaign. */
bool promo_code_index_find(const promo_code_index *ix, const char *code,
                           size_t len, uint32_t *campaign);

/* Adds a code the caller has checked is absent (1..255 bytes).
 * PROMO_ERR_NO_MEMORY leaves the index as it was. */
promo_status promo_code_index_insert(promo_code_index *ix, const promo_alloc *a,
                                     const char *code, size_t len,
                                     uint32_t campaign);

/* The entry at arena offset `offset` (entries follow one another from 0 to
 * arena_len, in the order they were inserted): its code and length, and in
 * *next the offset of the entry after it. For indexes over the same codes
 * (the hint index). */
void promo_code_index_entry(const promo_code_index *ix, size_t offset,
                            const char **code, size_t *len, size_t *next);

/* 64-bit hash of a byte string (exposed for tests and the hint index). */
uint64_t promo_hash_bytes(const void *data, size_t len);

#endif
