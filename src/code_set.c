/* code_set.c - the builder's set of codes: ordered linear probing over
 * tags (see code_set.h). */
#include "code_set.h"

#include "hash.h"

#include <string.h>

#define ENTRY_HEADER 6 /* u32 campaign, u8 length, u8 fingerprint */
#define INITIAL_CAP 16

#if defined(__GNUC__) || defined(__clang__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)(p))
#endif

void promo_code_set_init(promo_code_set *set, uint64_t seed) {
  memset(set, 0, sizeof *set);
  set->seed = seed;
}

void promo_code_set_release(promo_code_set *set, const promo_alloc *a) {
  uint64_t seed = set->seed;
  promo_free(a, set->slots);
  promo_free(a, set->arena);
  promo_code_set_init(set, seed);
}

static size_t home_of(uint32_t tag, size_t cap) {
  return (size_t)(((uint64_t)tag * cap) >> 32);
}

static uint32_t tag_of(uint64_t slot) {
  return (uint32_t)(slot >> 32);
}

static const unsigned char *entry_at(const promo_code_set *set, uint64_t slot) {
  return set->arena + 4 * ((size_t)(uint32_t)slot - 1);
}

static bool entry_is(const unsigned char *e, const char *code, size_t len) {
  return e[4] == len && memcmp(e + ENTRY_HEADER, code, len) == 0;
}

static uint32_t entry_campaign(const unsigned char *e) {
  uint32_t campaign;
  memcpy(&campaign, e, 4);
  return campaign;
}

/* Where the probe for (tag, code) ends: the slot holding the code (*found
 * true), or the first slot past it -- empty or with a larger tag -- where
 * it would go. */
static size_t probe(const promo_code_set *set, uint32_t tag, const char *code,
                    size_t len, bool *found) {
  size_t i = home_of(tag, set->cap);
  while (set->slots[i] != 0 && tag_of(set->slots[i]) < tag) {
    i++;
  }
  while (set->slots[i] != 0 && tag_of(set->slots[i]) == tag) {
    if (entry_is(entry_at(set, set->slots[i]), code, len)) {
      *found = true;
      return i;
    }
    i++;
  }
  *found = false;
  return i;
}

bool promo_code_set_find(const promo_code_set *set, const char *code,
                         size_t len, uint32_t *campaign) {
  if (set->slots == NULL || len == 0 || len > 255) {
    return false;
  }
  uint32_t tag = (uint32_t)(promo_hash(set->seed, code, len) >> 32);
  bool found = false;
  size_t i = probe(set, tag, code, len, &found);
  if (found && campaign != NULL) {
    *campaign = entry_campaign(entry_at(set, set->slots[i]));
  }
  return found;
}

/* Places the slots of `old` (sorted by tag) into `slots` of `cap` homes
 * and cap + SLACK slots in all, in order: each at its home or just after
 * the one before. False when a cluster would run past the end. */
static bool place_all(uint64_t *slots, size_t cap, const uint64_t *old,
                      size_t old_len) {
  size_t next = 0;
  for (size_t i = 0; i < old_len; i++) {
    if (old[i] == 0) {
      continue;
    }
    size_t at = home_of(tag_of(old[i]), cap);
    if (at < next) {
      at = next;
    }
    if (at >= cap + PROMO_CODE_SET_SLACK - 1) {
      return false; /* the last slot stays empty: it ends every probe */
    }
    slots[at] = old[i];
    next = at + 1;
  }
  return true;
}

/* Grows the table to at least `cap` homes; the old one stays on failure. */
static bool grow(promo_code_set *set, const promo_alloc *a, size_t cap) {
  size_t old_len = set->slots == NULL ? 0 : set->cap + PROMO_CODE_SET_SLACK;
  for (;;) {
    if (cap > (SIZE_MAX - PROMO_CODE_SET_SLACK) / 2 / sizeof(uint64_t)) {
      return false;
    }
    uint64_t *slots =
        promo_calloc(a, cap + PROMO_CODE_SET_SLACK, sizeof *slots);
    if (slots == NULL) {
      return false;
    }
    /* Inserts land at random over the whole table. */
    promo_advise_huge(slots, (cap + PROMO_CODE_SET_SLACK) * sizeof *slots);
    if (place_all(slots, cap, set->slots, old_len)) {
      promo_free(a, set->slots);
      set->slots = slots;
      set->cap = cap;
      return true;
    }
    /* A cluster ran past the end (only with a pathological hash): more
     * room spreads it. */
    promo_free(a, slots);
    cap *= 2;
  }
}

/* Whether inserting at slot i needs no growth: the run of used slots from
 * i must end before the last slot, which stays empty. */
static bool room_at(const promo_code_set *set, size_t i, size_t *empty) {
  size_t j = i;
  while (set->slots[j] != 0) {
    j++;
  }
  *empty = j;
  return j < set->cap + PROMO_CODE_SET_SLACK - 1;
}

uint64_t promo_code_set_hash(const promo_code_set *set, const char *code,
                             size_t len) {
  return promo_hash(set->seed, code, len);
}

void promo_code_set_prefetch_home(const promo_code_set *set, uint64_t hash) {
  if (set->slots != NULL) {
    PREFETCH(&set->slots[home_of((uint32_t)(hash >> 32), set->cap)]);
  }
}

promo_status promo_code_set_add(promo_code_set *set, const promo_alloc *a,
                                const char *code, size_t len, uint32_t campaign,
                                bool *present, uint32_t *other) {
  if (len == 0 || len > 255) {
    *present = false;
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  return promo_code_set_add_hashed(set, a, code, len,
                                   promo_hash(set->seed, code, len), campaign,
                                   present, other);
}

promo_status promo_code_set_add_hashed(promo_code_set *set,
                                       const promo_alloc *a, const char *code,
                                       size_t len, uint64_t hash,
                                       uint32_t campaign, bool *present,
                                       uint32_t *other) {
  *present = false;
  if (len == 0 || len > 255) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  uint32_t tag = (uint32_t)(hash >> 32);
  if (set->slots == NULL && !grow(set, a, INITIAL_CAP)) {
    return PROMO_ERR_NO_MEMORY;
  }
  bool found = false;
  size_t i = probe(set, tag, code, len, &found);
  if (found) {
    *present = true;
    *other = entry_campaign(entry_at(set, set->slots[i]));
    return PROMO_OK;
  }
  /* Room first, so that a failure changes nothing: the arena, then the
   * table (at most 3/4 full, and no cluster reaching the end). */
  size_t size = (ENTRY_HEADER + len + 3) & ~(size_t)3;
  size_t need = set->arena_len + size;
  if (need / 4 >= UINT32_MAX || need < set->arena_len) {
    return PROMO_ERR_NO_MEMORY; /* refs are 32 bits: 16 GiB of entries */
  }
  void *arena = set->arena;
  if (!promo_grow(a, &arena, &set->arena_cap, need, 1)) {
    return PROMO_ERR_NO_MEMORY;
  }
  set->arena = arena;
  size_t empty = 0;
  bool full = (set->count + 1) * 4 > set->cap * 3;
  while (full || !room_at(set, i, &empty)) {
    if (!grow(set, a, set->cap * 2)) {
      return PROMO_ERR_NO_MEMORY; /* grown or not, it holds what it held */
    }
    i = probe(set, tag, code, len, &found);
    full = false;
  }
  unsigned char *e = set->arena + set->arena_len;
  memcpy(e, &campaign, 4);
  e[4] = (unsigned char)len;
  e[5] = (unsigned char)hash; /* the fingerprint */
  memcpy(e + ENTRY_HEADER, code, len);
  memset(e + ENTRY_HEADER + len, 0, size - ENTRY_HEADER - len);
  uint64_t ref = set->arena_len / 4 + 1;
  set->arena_len = need;
  /* Keep the cluster sorted: what follows shifts up one slot. */
  memmove(set->slots + i + 1, set->slots + i, (empty - i) * sizeof(uint64_t));
  set->slots[i] = ((uint64_t)tag << 32) | ref;
  set->count++;
  set->code_bytes += len;
  return PROMO_OK;
}

void promo_code_set_remove_last(promo_code_set *set, const char *const *codes,
                                const size_t *lens, size_t n) {
  for (size_t k = n; k-- > 0;) {
    bool found = false;
    uint32_t tag = (uint32_t)(promo_hash(set->seed, codes[k], lens[k]) >> 32);
    size_t i = probe(set, tag, codes[k], lens[k], &found);
    if (!found) {
      continue; /* not the set's: nothing to take out */
    }
    /* The slots after it that are not at their home move back one: the
     * cluster stays sorted, and each still at or after its home. */
    size_t j = i + 1;
    while (set->slots[j] != 0 && home_of(tag_of(set->slots[j]), set->cap) < j) {
      set->slots[j - 1] = set->slots[j];
      j++;
    }
    set->slots[j - 1] = 0;
    /* Its entry was the arena's last: the adds are undone in reverse. */
    size_t size = (ENTRY_HEADER + lens[k] + 3) & ~(size_t)3;
    set->arena_len -= size;
    set->count--;
    set->code_bytes -= lens[k];
  }
}

bool promo_code_set_entry(const promo_code_set *set, size_t i,
                          promo_code_entry *out) {
  uint64_t slot = set->slots[i];
  if (slot == 0) {
    return false;
  }
  const unsigned char *e = entry_at(set, slot);
  out->tag = tag_of(slot);
  out->campaign = entry_campaign(e);
  out->len = e[4];
  out->fingerprint = e[5];
  out->bytes = (const char *)(e + ENTRY_HEADER);
  return true;
}

void promo_code_set_prefetch(const promo_code_set *set, size_t i) {
  uint64_t slot = set->slots[i];
  if (slot != 0) {
    PREFETCH(entry_at(set, slot));
  }
}
