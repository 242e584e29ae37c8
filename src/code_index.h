/* code_index.h - R1's exact-match lookup in a built or opened catalog.
 *
 * The codes sit in buckets laid out one after the other: a hash table
 * whose chains are contiguous runs of one array (CSR), frozen when the
 * catalog is built. A code's bucket comes from the top 32 bits of its hash
 * ((tag * buckets) >> 32), and an entry is: u8 length, u8 fingerprint (the
 * hash's low byte), the campaign's index in `campaign_bytes` bytes, then
 * the code's bytes. `starts` holds bucket_count + 1 offsets into the
 * entries: bucket b is entries[starts[b] .. starts[b + 1]).
 *
 * Why this shape: a lookup reads two neighbouring offsets and then one
 * short run of entries (PROMO_CODE_INDEX_LOAD codes on average, about 70
 * bytes): two memory accesses, the second one or two cache lines, as
 * many as a bare open-addressing table whose slots point at strings. It
 * takes the code bytes plus 2 + campaign_bytes per code and 8 bytes per
 * bucket (about 19 bytes a code for codes of 14 bytes), has no empty
 * slots, and holds no pointer, so the same bytes could be served from a
 * read-only file mapping as well as from the heap.
 *
 * Every read is bounds-checked against the index's own sizes (two
 * compares per bucket), so that bytes damaged under the index answer "not
 * found" or a wrong campaign, never a read outside it. */
#ifndef PROMO_SRC_CODE_INDEX_H
#define PROMO_SRC_CODE_INDEX_H

#include "alloc.h"
#include "code_set.h"

#include <promo/status.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Codes per bucket, on average. */
#define PROMO_CODE_INDEX_LOAD 4

typedef struct promo_code_index {
  uint64_t seed;           /* the hash key (hash.h) */
  uint64_t count;          /* codes */
  uint64_t bucket_count;   /* 1 .. UINT32_MAX */
  uint32_t campaign_count; /* every entry's campaign is below it */
  unsigned campaign_bytes; /* 1 .. 4 */
  const uint64_t *starts;  /* bucket_count + 1 offsets */
  const unsigned char *entries;
  uint64_t entries_len;
  void *block; /* the memory the index owns; NULL for a view of a file */
} promo_code_index;

/* An empty index that owns nothing (finds nothing). */
void promo_code_index_init(promo_code_index *ix);

/* Frees what the index owns. */
void promo_code_index_release(promo_code_index *ix, const promo_alloc *a);

/* Builds *ix from the codes of `set`, whose campaigns are below
 * campaign_count, into one block allocated with `a`: one pass over the
 * set's slots, in tag order, so the index is written front to back.
 * PROMO_ERR_NO_MEMORY leaves *ix untouched. */
promo_status promo_code_index_build(promo_code_index *ix, const promo_alloc *a,
                                    const promo_code_set *set,
                                    uint32_t campaign_count);

/* The number of bytes a campaign index takes for `campaign_count`
 * campaigns: 1 up to 256 campaigns, ..., 4. */
unsigned promo_code_index_campaign_bytes(uint32_t campaign_count);

/* The byte-exact lookup of a code (1..255 bytes); stores its campaign in
 * *campaign (may be NULL). */
bool promo_code_index_find(const promo_code_index *ix, const char *code,
                           size_t len, uint32_t *campaign);

/* Looks up n codes at once; found[i] and campaigns[i] as
 * promo_code_index_find() would give (campaigns[i] is left alone when the
 * code is not found). Codes whose skip[i] is true (skip may be NULL) are
 * not looked up: found[i] is false. In groups of 16, hashing all of a
 * group and prefetching its buckets' offsets, then their entries, before
 * reading any, so that the memory latencies of a group overlap. */
void promo_code_index_find_many(const promo_code_index *ix, size_t n,
                                const char *const *codes, const size_t *lens,
                                const bool *skip, bool *found,
                                uint32_t *campaigns);

/* The entry at offset `offset` of the entries (they follow one another
 * from 0 to entries_len, bucket after bucket): its code and length, and in
 * *next the offset of the entry after it. For indexes over the same codes
 * (the hint index), which keep offsets instead of copies. False, with
 * nothing stored, when no whole entry starts there inside the entries (a
 * damaged offset of a compiled file). */
bool promo_code_index_entry(const promo_code_index *ix, size_t offset,
                            const char **code, size_t *len, size_t *next);

#endif
