/* hint_index.c - the catalog's index of loose code forms, and the diagnosis
 * of a code that was not found. */
#include "hint_index.h"

#include "code_forms.h"
#include "icu_status.h"

#include <string.h>

#define OFFSET_BITS 40
#define OFFSET_MASK ((UINT64_C(1) << OFFSET_BITS) - 1)

/* Every set of ways, fewest ways first, then the earliest hints first:
 * the first set that makes two codes equal is the smallest explanation. */
#define W PROMO_FORM_WHITE_SPACE
#define D PROMO_FORM_DASH
#define C PROMO_FORM_CASE
#define L PROMO_FORM_LOOKALIKE
static const uint32_t WAY_SETS[PROMO_HINT_WAY_SETS] = {
    W,         D,         C,         L,         W | D,
    W | C,     W | L,     D | C,     D | L,     C | L,
    W | D | C, W | D | L, W | C | L, D | C | L, W | D | C | L};
#undef W
#undef D
#undef C
#undef L

void promo_hint_index_init(promo_hint_index *hx) {
  memset(hx, 0, sizeof *hx);
}

void promo_hint_index_release(promo_hint_index *hx, const promo_alloc *a) {
  promo_free(a, hx->owned);
  if (hx->spoof != NULL) {
    uspoof_close(hx->spoof);
  }
  promo_hint_index_init(hx);
}

bool promo_hint_index_ready(const promo_hint_index *hx) {
  return hx->slots != NULL;
}

/* The loosest form of a code, or false when it has none (ill-formed, too
 * long, or ICU refused it); *st says whether ICU ran out of memory. */
static bool key_of(promo_form *key, const USpoofChecker *spoof,
                   const char *code, size_t len, promo_status *st) {
  promo_form raw;
  *st = promo_form_from_utf8(&raw, code, len);
  if (*st == PROMO_OK) {
    *st = promo_form_apply(key, &raw, PROMO_FORM_ALL, spoof);
  }
  bool ok = *st == PROMO_OK;
  if (*st == PROMO_ERR_INVALID_ARGUMENT) {
    *st = PROMO_OK; /* no form: simply no hint */
  }
  return ok;
}

static size_t slot_count_for(size_t count) {
  size_t cap = 16;
  while (cap / 4 * 3 < count) {
    cap *= 2;
  }
  return cap;
}

promo_status promo_hint_index_build(promo_hint_index *hx, const promo_alloc *a,
                                    const promo_code_index *codes) {
  promo_hint_index built;
  promo_hint_index_init(&built);
  if (codes->count > SIZE_MAX / 2) {
    return PROMO_ERR_NO_MEMORY;
  }
  size_t cap = slot_count_for(codes->count);
  uint64_t *slots = promo_calloc(a, cap, sizeof *slots);
  if (slots == NULL) {
    return PROMO_ERR_NO_MEMORY;
  }
  built.slots = slots;
  built.owned = slots;
  built.mask = cap - 1;
  UErrorCode err = U_ZERO_ERROR;
  built.spoof = uspoof_open(&err);
  if (U_FAILURE(err)) {
    if (built.spoof != NULL) {
      uspoof_close(built.spoof);
      built.spoof = NULL;
    }
    promo_hint_index_release(&built, a);
    return promo_status_of_icu(err);
  }
  promo_status st = PROMO_OK;
  for (size_t at = 0; at < codes->entries_len && st == PROMO_OK;) {
    const char *code = NULL;
    size_t len = 0;
    size_t next = 0;
    (void)promo_code_index_entry(codes, at, &code, &len, &next);
    promo_form key;
    if (key_of(&key, built.spoof, code, len, &st)) {
      uint64_t h = promo_form_hash(codes->seed, &key);
      uint64_t tag = h >> OFFSET_BITS;
      size_t i = (size_t)h & built.mask;
      /* A diagnosis from this home slot reads at most MAX_PROBES slots and
       * MAX_CANDIDATES of this tag, and slots never move: a code past
       * either bound could never be read, so it is left out. That also
       * bounds the build: many codes of one form (case variants of one
       * code in a partner's list) would otherwise each walk the run of all
       * the ones before, quadratic in their number. */
      size_t probes = 0;
      size_t same_tag = 0;
      while (built.slots[i] != 0 && probes < PROMO_HINT_MAX_PROBES &&
             same_tag < PROMO_HINT_MAX_CANDIDATES) {
        same_tag += (built.slots[i] >> OFFSET_BITS) == tag;
        probes++;
        i = (i + 1) & built.mask;
      }
      if (built.slots[i] == 0 && probes < PROMO_HINT_MAX_PROBES &&
          same_tag < PROMO_HINT_MAX_CANDIDATES) {
        slots[i] = tag << OFFSET_BITS | (uint64_t)(at + 1);
        built.count++;
      }
    }
    at = next;
  }
  if (st != PROMO_OK) {
    promo_hint_index_release(&built, a);
    return st;
  }
  *hx = built;
  return PROMO_OK;
}

promo_status promo_hint_index_view(promo_hint_index *hx, const uint64_t *slots,
                                   size_t mask, size_t count) {
  promo_hint_index view;
  promo_hint_index_init(&view);
  UErrorCode err = U_ZERO_ERROR;
  view.spoof = uspoof_open(&err);
  if (U_FAILURE(err)) {
    if (view.spoof != NULL) {
      uspoof_close(view.spoof);
    }
    return promo_status_of_icu(err);
  }
  view.slots = slots;
  view.mask = mask;
  view.count = count;
  *hx = view;
  return PROMO_OK;
}

/* The forms of the entered code under each set of ways, made as needed. */
typedef struct entered {
  const promo_form *raw;
  promo_form forms[PROMO_HINT_WAY_SETS];
  int8_t state[PROMO_HINT_WAY_SETS]; /* 0 not made, 1 made, -1 none */
} entered;

/* The smallest set of ways that makes the entered code and the candidate
 * `code` equal, as its rank in WAY_SETS plus one (the smaller, the better
 * the explanation), or 0 when none does; *st is PROMO_ERR_NO_MEMORY if ICU
 * ran out. */
static size_t ways_between(entered *e, const char *code, size_t len,
                           const USpoofChecker *spoof, promo_hint_cost *cost,
                           promo_status *st) {
  promo_form raw;
  *st = promo_form_from_utf8(&raw, code, len);
  if (*st != PROMO_OK) {
    return 0; /* in the index, so well-formed: never */
  }
  for (size_t k = 0; k < PROMO_HINT_WAY_SETS; k++) {
    if (e->state[k] == 0) {
      cost->forms++;
      *st = promo_form_apply(&e->forms[k], e->raw, WAY_SETS[k], spoof);
      if (*st == PROMO_ERR_NO_MEMORY) {
        return 0;
      }
      e->state[k] = *st == PROMO_OK ? 1 : -1;
    }
    if (e->state[k] < 0) {
      continue;
    }
    promo_form candidate;
    cost->forms++;
    *st = promo_form_apply(&candidate, &raw, WAY_SETS[k], spoof);
    if (*st == PROMO_ERR_NO_MEMORY) {
      return 0;
    }
    if (*st == PROMO_OK && promo_form_equal(&candidate, &e->forms[k])) {
      *st = PROMO_OK;
      return k + 1;
    }
  }
  *st = PROMO_OK;
  return 0;
}

promo_status promo_hint_diagnose(uint32_t *hints, const promo_hint_index *hx,
                                 const promo_code_index *codes,
                                 const char *code, size_t len,
                                 promo_hint_cost *cost) {
  promo_hint_cost spent = {0, 0, 0};
  *hints = 0;
  if (len > PROMO_HINT_INPUT_MAX) {
    if (cost != NULL) {
      *cost = spent;
    }
    return PROMO_OK;
  }
  promo_form raw;
  promo_form key;
  promo_status st = promo_form_from_utf8(&raw, code, len);
  spent.forms++;
  bool has_key = st == PROMO_OK;
  if (has_key) {
    spent.forms++;
    st = promo_form_apply(&key, &raw, PROMO_FORM_ALL, hx->spoof);
    has_key = st == PROMO_OK;
  }
  size_t best = 0; /* rank + 1 of the best set so far; 0: none */
  if (has_key) {
    entered e;
    e.raw = &raw;
    memset(e.state, 0, sizeof e.state);
    uint64_t h = promo_form_hash(codes->seed, &key);
    uint64_t tag = h >> OFFSET_BITS;
    size_t i = (size_t)h & hx->mask;
    st = PROMO_OK;
    while (spent.probes < PROMO_HINT_MAX_PROBES &&
           spent.candidates < PROMO_HINT_MAX_CANDIDATES && st == PROMO_OK) {
      uint64_t slot = hx->slots[i];
      spent.probes++;
      if (slot == 0) {
        break;
      }
      i = (i + 1) & hx->mask;
      if ((slot >> OFFSET_BITS) != tag) {
        continue;
      }
      spent.candidates++;
      const char *other = NULL;
      size_t other_len = 0;
      size_t next = 0;
      if (!promo_code_index_entry(codes, (size_t)(slot & OFFSET_MASK) - 1,
                                  &other, &other_len, &next)) {
        continue; /* a damaged slot of a compiled file: no candidate */
      }
      promo_form other_key;
      spent.forms++;
      if (!key_of(&other_key, hx->spoof, other, other_len, &st) ||
          !promo_form_equal(&other_key, &key)) {
        continue; /* a tag that matched by chance */
      }
      size_t rank = ways_between(&e, other, other_len, hx->spoof, &spent, &st);
      if (rank != 0 && (best == 0 || rank < best)) {
        best = rank;
      }
    }
  }
  if (st == PROMO_ERR_INVALID_ARGUMENT) {
    st = PROMO_OK; /* no form for the entered code: no hint */
  }
  if (cost != NULL) {
    *cost = spent;
  }
  if (st == PROMO_OK && best != 0) {
    *hints = WAY_SETS[best - 1];
  }
  return st;
}
