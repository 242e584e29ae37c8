/* code_set.h - the codes a catalog builder has taken so far, for R1's
 * "a code listed twice is an error": one insert-or-find per code added,
 * each code hashed once.
 *
 * An ordered linear-probing table (Amble and Knuth's): a slot holds the top
 * 32 bits of the code's hash (its tag) and where its entry is; a code's
 * home slot grows with its tag ((tag * cap) >> 32), and the slots of a
 * cluster are kept sorted by tag. So the whole slot array is sorted by
 * tag, which gives three things: growing the table re-places the slots in
 * one sequential pass, from their tags, without hashing a code again or
 * reading an entry; a search stops at the first larger tag; and the frozen
 * index a catalog is built into (code_index.h) is written from it in one
 * sequential pass too, bucket after bucket.
 *
 * Entries live in an arena, 4-byte aligned: u32 campaign, u8 length, u8
 * the low byte of the hash (the index's fingerprint), then the code's
 * bytes. */
#ifndef PROMO_SRC_CODE_SET_H
#define PROMO_SRC_CODE_SET_H

#include "alloc.h"

#include <promo/status.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Slots past the last home slot, so that a cluster never wraps around:
 * one that would reach the end grows the table instead. */
#define PROMO_CODE_SET_SLACK 64

typedef struct promo_code_set {
  uint64_t seed;   /* the catalog's hash key (hash.h) */
  uint64_t *slots; /* cap + SLACK slots; 0 empty, else tag << 32 | ref */
  size_t cap;      /* home slots: homes are 0 .. cap - 1 */
  size_t count;
  unsigned char *arena; /* ref r: the entry at 4 * (r - 1) */
  size_t arena_len;
  size_t arena_cap;
  size_t code_bytes; /* the codes' lengths summed */
} promo_code_set;

/* An empty set whose codes will be hashed under `seed`. */
void promo_code_set_init(promo_code_set *set, uint64_t seed);
void promo_code_set_release(promo_code_set *set, const promo_alloc *a);

/* Adds code (1..255 bytes) for `campaign`, unless it is there already:
 * then *present is true, *other its campaign, and nothing changes. One
 * hash and one probe sequence either way. PROMO_ERR_NO_MEMORY leaves the
 * set as it was; PROMO_ERR_INVALID_ARGUMENT for a length out of range. */
promo_status promo_code_set_add(promo_code_set *set, const promo_alloc *a,
                                const char *code, size_t len, uint32_t campaign,
                                bool *present, uint32_t *other);

/* The code's hash under the set's seed, for the two calls below. */
uint64_t promo_code_set_hash(const promo_code_set *set, const char *code,
                             size_t len);

/* Hints the processor to fetch the slots where the code of hash `hash`
 * would be probed: a batch of adds prefetches each code's some codes
 * ahead, so that their cache misses overlap instead of following one
 * another. */
void promo_code_set_prefetch_home(const promo_code_set *set, uint64_t hash);

/* promo_code_set_add() for a code whose hash under the set's seed is
 * already known. */
promo_status promo_code_set_add_hashed(promo_code_set *set,
                                       const promo_alloc *a, const char *code,
                                       size_t len, uint64_t hash,
                                       uint32_t campaign, bool *present,
                                       uint32_t *other);

/* Takes out the codes added last, undoing a batch: codes[0 .. n) were
 * added in that order, and are the very last adds of the set. Afterwards
 * the set holds what it held before them (its capacity may be larger). */
void promo_code_set_remove_last(promo_code_set *set, const char *const *codes,
                                const size_t *lens, size_t n);

/* Whether code is in the set, and its campaign in *campaign (may be
 * NULL). */
bool promo_code_set_find(const promo_code_set *set, const char *code,
                         size_t len, uint32_t *campaign);

/* One entry of the set, as the index is built from it. */
typedef struct promo_code_entry {
  uint32_t tag; /* the top 32 bits of the hash */
  uint8_t fingerprint;
  uint32_t campaign;
  uint8_t len;
  const char *bytes;
} promo_code_entry;

/* The entry of slot i when the slot is used (false: empty). Slots come in
 * tag order: i = 0 .. cap + PROMO_CODE_SET_SLACK - 1. */
bool promo_code_set_entry(const promo_code_set *set, size_t i,
                          promo_code_entry *out);

/* Hints the processor to fetch the entry of slot i, about to be read. */
void promo_code_set_prefetch(const promo_code_set *set, size_t i);

#endif
