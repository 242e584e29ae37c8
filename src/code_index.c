/* code_index.c - the frozen code index of a catalog: buckets laid out one
 * after another (see code_index.h). */
#include "code_index.h"

#include "hash.h"

#include <string.h>

#if defined(__GNUC__) || defined(__clang__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)(p))
#endif

/* How far ahead the build prefetches the set's entries, in slots. */
#define BUILD_PREFETCH 16
/* Codes per group in promo_code_index_find_many(). */
#define GROUP 16

void promo_code_index_init(promo_code_index *ix) {
  memset(ix, 0, sizeof *ix);
}

void promo_code_index_release(promo_code_index *ix, const promo_alloc *a) {
  promo_free(a, ix->block);
  promo_code_index_init(ix);
}

unsigned promo_code_index_campaign_bytes(uint32_t campaign_count) {
  unsigned bytes = 1;
  while (bytes < 4 && campaign_count > (UINT32_C(1) << (8 * bytes))) {
    bytes++;
  }
  return bytes;
}

static void put_campaign(unsigned char *p, uint32_t campaign, unsigned bytes) {
  for (unsigned k = 0; k < bytes; k++) {
    p[k] = (unsigned char)(campaign >> (8 * k));
  }
}

static uint32_t get_campaign(const unsigned char *p, unsigned bytes) {
  switch (bytes) {
  case 1:
    return p[0];
  case 2:
    return (uint32_t)p[0] | (uint32_t)p[1] << 8;
  case 3:
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16;
  default:
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
  }
}

/* Whether the len bytes at x and y are equal: a code of 8 to 16 bytes,
 * the common case, in two overlapping 8-byte compares, inline; others by
 * memcmp. */
static bool same_bytes(const unsigned char *x, const char *y, size_t len) {
  if (len >= 8 && len <= 16) {
    uint64_t x0;
    uint64_t y0;
    uint64_t x1;
    uint64_t y1;
    memcpy(&x0, x, 8);
    memcpy(&y0, y, 8);
    memcpy(&x1, x + len - 8, 8);
    memcpy(&y1, y + len - 8, 8);
    return ((x0 ^ y0) | (x1 ^ y1)) == 0;
  }
  return memcmp(x, y, len) == 0;
}

static uint64_t bucket_of(uint64_t hash, uint64_t bucket_count) {
  return ((hash >> 32) * bucket_count) >> 32;
}

promo_status promo_code_index_build(promo_code_index *ix, const promo_alloc *a,
                                    const promo_code_set *set,
                                    uint32_t campaign_count) {
  uint64_t count = set->count;
  uint64_t buckets =
      (count + PROMO_CODE_INDEX_LOAD - 1) / PROMO_CODE_INDEX_LOAD;
  if (buckets == 0) {
    buckets = 1;
  }
  if (buckets > UINT32_MAX) {
    return PROMO_ERR_NO_MEMORY; /* 17 billion codes */
  }
  unsigned cb = promo_code_index_campaign_bytes(campaign_count);
  uint64_t starts_size = (buckets + 1) * sizeof(uint64_t);
  uint64_t entries_len = count * (2 + cb) + set->code_bytes;
  if (entries_len > SIZE_MAX - starts_size) {
    return PROMO_ERR_NO_MEMORY;
  }
  unsigned char *block = promo_malloc(a, (size_t)(starts_size + entries_len));
  if (block == NULL) {
    return PROMO_ERR_NO_MEMORY;
  }
  promo_advise_huge(block, (size_t)(starts_size + entries_len));
  uint64_t *starts = (uint64_t *)(void *)block;
  unsigned char *entries = block + starts_size;
  /* The set's slots are in tag order, so buckets come in order: each
   * entry is written after the one before, and a bucket's start is known
   * when its first entry (or the next bucket's) comes. */
  size_t slots = set->slots == NULL ? 0 : set->cap + PROMO_CODE_SET_SLACK;
  uint64_t at = 0;
  uint64_t next = 0; /* the next bucket whose start is not written */
  for (size_t i = 0; i < slots; i++) {
    if (i + BUILD_PREFETCH < slots) {
      promo_code_set_prefetch(set, i + BUILD_PREFETCH);
    }
    promo_code_entry e;
    if (!promo_code_set_entry(set, i, &e)) {
      continue;
    }
    uint64_t b = bucket_of((uint64_t)e.tag << 32, buckets);
    while (next <= b) {
      starts[next++] = at;
    }
    unsigned char *p = entries + at;
    p[0] = e.len;
    p[1] = e.fingerprint;
    put_campaign(p + 2, e.campaign, cb);
    memcpy(p + 2 + cb, e.bytes, e.len);
    at += 2u + cb + e.len;
  }
  while (next <= buckets) {
    starts[next++] = at;
  }
  ix->seed = set->seed;
  ix->count = count;
  ix->bucket_count = buckets;
  ix->campaign_count = campaign_count;
  ix->campaign_bytes = cb;
  ix->starts = starts;
  ix->entries = entries;
  ix->entries_len = entries_len;
  ix->block = block;
  return PROMO_OK;
}

/* Searches bucket b for the code whose hash has fingerprint fp. */
static bool find_in_bucket(const promo_code_index *ix, uint64_t b, uint8_t fp,
                           const char *code, size_t len, uint32_t *campaign) {
  uint64_t lo = ix->starts[b];
  uint64_t hi = ix->starts[b + 1];
  if (hi > ix->entries_len || lo > hi) {
    return false; /* damaged offsets: never read outside the entries */
  }
  const unsigned char *p = ix->entries + lo;
  const unsigned char *end = ix->entries + hi;
  const size_t head = 2u + ix->campaign_bytes;
  while ((size_t)(end - p) >= head) {
    size_t n = p[0];
    if ((size_t)(end - p) - head < n) {
      return false; /* damaged: an entry runs past its bucket */
    }
    if (n == len && p[1] == fp && same_bytes(p + head, code, len)) {
      uint32_t c = get_campaign(p + 2, ix->campaign_bytes);
      if (c >= ix->campaign_count) {
        return false; /* damaged */
      }
      if (campaign != NULL) {
        *campaign = c;
      }
      return true;
    }
    p += head + n;
  }
  return false;
}

bool promo_code_index_find(const promo_code_index *ix, const char *code,
                           size_t len, uint32_t *campaign) {
  if (ix->count == 0 || len == 0 || len > 255) {
    return false;
  }
  uint64_t h = promo_hash(ix->seed, code, len);
  return find_in_bucket(ix, bucket_of(h, ix->bucket_count), (uint8_t)h, code,
                        len, campaign);
}

void promo_code_index_find_many(const promo_code_index *ix, size_t n,
                                const char *const *codes, const size_t *lens,
                                const bool *skip, bool *found,
                                uint32_t *campaigns) {
  for (size_t base = 0; base < n; base += GROUP) {
    size_t m = n - base < GROUP ? n - base : GROUP;
    uint64_t bucket[GROUP];
    uint8_t fp[GROUP];
    bool look[GROUP];
    for (size_t k = 0; k < m; k++) {
      size_t i = base + k;
      look[k] = ix->count > 0 && (skip == NULL || !skip[i]) && lens[i] > 0 &&
                lens[i] <= 255;
      found[i] = false;
      if (look[k]) {
        uint64_t h = promo_hash(ix->seed, codes[i], lens[i]);
        bucket[k] = bucket_of(h, ix->bucket_count);
        fp[k] = (uint8_t)h;
        PREFETCH(&ix->starts[bucket[k]]);
      }
    }
    for (size_t k = 0; k < m; k++) {
      if (look[k]) {
        uint64_t lo = ix->starts[bucket[k]];
        uint64_t hi = ix->starts[bucket[k] + 1];
        if (lo < hi && hi <= ix->entries_len) {
          PREFETCH(ix->entries + lo);
          PREFETCH(ix->entries + hi - 1);
        }
      }
    }
    for (size_t k = 0; k < m; k++) {
      size_t i = base + k;
      if (look[k]) {
        found[i] = find_in_bucket(ix, bucket[k], fp[k], codes[i], lens[i],
                                  &campaigns[i]);
      }
    }
  }
}

bool promo_code_index_entry(const promo_code_index *ix, size_t offset,
                            const char **code, size_t *len, size_t *next) {
  const size_t head = 2u + ix->campaign_bytes;
  if (offset >= ix->entries_len || ix->entries_len - offset < head ||
      ix->entries_len - offset - head < ix->entries[offset]) {
    return false;
  }
  const unsigned char *e = ix->entries + offset;
  *code = (const char *)(e + head);
  *len = e[0];
  *next = offset + head + e[0];
  return true;
}
