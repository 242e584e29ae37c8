/* hint_index.h - typo diagnosis (issue 12): why a code that was not found is
 * probably not the code the customer meant.
 *
 * Built with the catalog when the builder asks for it: for every code, the
 * hash of its loosest form (code_forms.h) in an open-addressing table of
 * 8-byte slots (24-bit tag, 40-bit offset of the code in the catalog's
 * code index's entries), at most 3/4 full: 10.7 to 21.3 bytes a code, and no
 * copy of any code. A miss looks its loosest form up, takes the catalog codes
 * with the same form as candidates, and for each finds the smallest set of ways
 * (white space, dash, case, lookalike) that makes the two codes equal.
 *
 * The diagnosis only ever returns a set of hints: never a code, a campaign
 * or whether a candidate exists beyond what the hints say. Its work is
 * bounded whatever the input: codes of more than PROMO_HINT_INPUT_MAX bytes
 * are not diagnosed, forms are bounded (PROMO_FORM_CAP), and a lookup
 * probes at most PROMO_HINT_MAX_PROBES slots and weighs at most
 * PROMO_HINT_MAX_CANDIDATES candidates, each against at most 15 sets of
 * ways. */
#ifndef PROMO_SRC_HINT_INDEX_H
#define PROMO_SRC_HINT_INDEX_H

#include "alloc.h"
#include "code_index.h"

#include <promo/status.h>

#include <stdint.h>
#include <unicode/uspoof.h>

/* The longest entered code diagnosed, in bytes: a 64-byte code and as much
 * pasted white space again. */
#define PROMO_HINT_INPUT_MAX 128
#define PROMO_HINT_MAX_PROBES 1024
#define PROMO_HINT_MAX_CANDIDATES 8
/* The sets of ways tried per candidate: every non-empty subset of four. */
#define PROMO_HINT_WAY_SETS 15

typedef struct promo_hint_index {
  const uint64_t *slots; /* NULL: no index */
  uint64_t *owned;       /* the slots when built; NULL in a compiled file */
  size_t mask;
  size_t count;
  /* Gives the skeletons; its getSkeleton is const and thread-safe (ICU), so
   * the threads sharing the catalog share it. */
  USpoofChecker *spoof;
} promo_hint_index;

/* The work one diagnosis did, for the bounded-work tests and the fuzzer. */
typedef struct promo_hint_cost {
  uint32_t probes;     /* slots read */
  uint32_t candidates; /* slots whose tag matched */
  uint32_t forms;      /* forms computed (code_forms.h) */
} promo_hint_cost;

/* Every bound above, as the most a diagnosis can ever cost. */
#define PROMO_HINT_MAX_FORMS                                                   \
  (2 + PROMO_HINT_WAY_SETS +                                                   \
   PROMO_HINT_MAX_CANDIDATES * (1 + PROMO_HINT_WAY_SETS))

void promo_hint_index_init(promo_hint_index *hx);
void promo_hint_index_release(promo_hint_index *hx, const promo_alloc *a);

/* Builds the index over every code of `codes` into *hx (empty before).
 * PROMO_ERR_NO_MEMORY (ours or ICU's), or PROMO_ERR_INVALID_ARGUMENT when
 * ICU lacks its confusables data, leaves *hx empty. A code whose form
 * outgrows PROMO_FORM_CAP is left out: it gets no hints. So is a code that
 * a diagnosis could never reach, past PROMO_HINT_MAX_PROBES slots or
 * PROMO_HINT_MAX_CANDIDATES of its tag from its home slot (many codes of
 * one form): building stays linear whatever the codes. Forms are hashed
 * with the code index's secret seed. */
promo_status promo_hint_index_build(promo_hint_index *hx, const promo_alloc *a,
                                    const promo_code_index *codes);

/* An index over `slots` (mask + 1 of them, a power of two), laid out as
 * promo_hint_index_build() lays them out, that someone else owns: a
 * compiled file's. Only opens the spoof checker. A slot's offset is checked
 * against the code index when it is read, so damaged slots give no hint,
 * never a read outside the entries. PROMO_ERR_NO_MEMORY, or
 * PROMO_ERR_INVALID_ARGUMENT when ICU lacks its confusables data. */
promo_status promo_hint_index_view(promo_hint_index *hx, const uint64_t *slots,
                                   size_t mask, size_t count);

/* Whether the index was built. */
bool promo_hint_index_ready(const promo_hint_index *hx);

/*
 * Diagnoses `code` (`len` bytes, not in the catalog): *hints gets the
 * smallest set of ways, bit (1u << hint) each, that turns it into a
 * catalog code, or 0. When several candidates qualify, the one with the
 * fewest ways, then the earliest hints, wins. `cost`, when not NULL, gets
 * the work done. PROMO_OK (with or without hints), or PROMO_ERR_NO_MEMORY
 * when ICU runs out. The index must be ready.
 */
promo_status promo_hint_diagnose(uint32_t *hints, const promo_hint_index *hx,
                                 const promo_code_index *codes,
                                 const char *code, size_t len,
                                 promo_hint_cost *cost);

#endif
