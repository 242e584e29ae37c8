/* test_code_index.c - R1's exact-match lookup: the builder's set of codes
 * (duplicates, growth, allocation failure), the frozen index a catalog is
 * built into (every code found, nothing else, every campaign width, a
 * batch), and the hash both use. */
#include "code_index.h"
#include "code_set.h"
#include "hash.h"
#include "support.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_ROWS(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define SEED UINT64_C(0x5eed5eed12345678)

static promo_alloc std_alloc(void) {
  promo_alloc a;
  ck_assert(promo_alloc_init(&a, NULL));
  return a;
}

/* Adds a code that must be new. */
static void add(promo_code_set *set, const promo_alloc *a, const char *code,
                size_t len, uint32_t campaign) {
  bool present = true;
  uint32_t other = 0;
  ck_assert_int_eq(
      promo_code_set_add(set, a, code, len, campaign, &present, &other),
      PROMO_OK);
  ck_assert_msg(!present, "'%.*s' was already there", (int)len, code);
}

static void add_str(promo_code_set *set, const promo_alloc *a, const char *code,
                    uint32_t campaign) {
  add(set, a, code, strlen(code), campaign);
}

/* The set's invariants: slots sorted by tag, each at or after its home
 * with no empty slot between, the last slot empty, at most 3/4 full. */
static void assert_well_formed(const promo_code_set *set) {
  if (set->slots == NULL) {
    ck_assert_uint_eq(set->count, 0);
    return;
  }
  size_t n = set->cap + PROMO_CODE_SET_SLACK;
  ck_assert_uint_eq(set->slots[n - 1], 0);
  ck_assert_uint_le(set->count * 4, set->cap * 3);
  size_t used = 0;
  uint32_t last_tag = 0;
  for (size_t i = 0; i < n; i++) {
    promo_code_entry e;
    if (!promo_code_set_entry(set, i, &e)) {
      continue;
    }
    used++;
    ck_assert_uint_ge(e.tag, last_tag);
    last_tag = e.tag;
    size_t home = (size_t)(((uint64_t)e.tag * set->cap) >> 32);
    ck_assert_uint_le(home, i);
    for (size_t k = home; k < i; k++) {
      ck_assert_uint_ne(set->slots[k], 0);
    }
  }
  ck_assert_uint_eq(used, set->count);
}

/* A frozen index of the set's codes. */
static promo_code_index index_of(const promo_code_set *set,
                                 const promo_alloc *a, uint32_t campaigns) {
  promo_code_index ix;
  ck_assert_int_eq(promo_code_index_build(&ix, a, set, campaigns), PROMO_OK);
  return ix;
}

/* ---- exact match -------------------------------------------------------- */

static const char *const STORED[] = {"SPRING-2026", "Spring-Partner", "A",
                                     ("\xc3\x9c"
                                      "BER-10"),
                                     "WINTER 2026"};

/* Near misses of the stored codes: none of them may match. */
static const char *const MISSES[] = {
    "spring-2026",  /* case counts */
    "SPRING2026",   /* dashes count */
    "SPRING_2026",  /* so do symbols */
    "SPRING-202",   /* a prefix is not the code */
    "SPRING-20266", /* nor is a longer code */
    "SPRING-2026 ", /* nothing is trimmed */
    " SPRING-2026", /*   on either side */
    ("SPRING\xe2\x80\x90"
     "2026"),         /* U+2010 HYPHEN is not '-' */
    "spring-partner", /* case counts */
    "a",              /* even for one letter */
    "AA",             /* the one-letter code doubled */
    "UBER-10",        /* no accent folding */
    ("U\xcc\x88"
     "BER-10"),     /* decomposed U-umlaut: no Unicode normalization */
    "WINTER  2026", /* two spaces */
    "WINTER-2026",  /* a space is not a dash */
};

START_TEST(r1_lookup_finds_every_stored_code_with_its_campaign) {
  promo_alloc a = std_alloc();
  promo_code_set set;
  promo_code_set_init(&set, SEED);
  for (int i = 0; i < N_ROWS(STORED); i++) {
    add_str(&set, &a, STORED[i], (uint32_t)(10 + i));
  }
  ck_assert_uint_eq(set.count, (size_t)N_ROWS(STORED));
  promo_code_index ix = index_of(&set, &a, 10 + N_ROWS(STORED));
  ck_assert_uint_eq(ix.count, (uint64_t)N_ROWS(STORED));
  for (int i = 0; i < N_ROWS(STORED); i++) {
    uint32_t in_set = 0;
    uint32_t in_index = 0;
    size_t len = strlen(STORED[i]);
    ck_assert_msg(promo_code_set_find(&set, STORED[i], len, &in_set), "%s",
                  STORED[i]);
    ck_assert_msg(promo_code_index_find(&ix, STORED[i], len, &in_index), "%s",
                  STORED[i]);
    ck_assert_uint_eq(in_set, (uint32_t)(10 + i));
    ck_assert_uint_eq(in_index, (uint32_t)(10 + i));
    /* The campaign is optional. */
    ck_assert(promo_code_index_find(&ix, STORED[i], len, NULL));
    ck_assert(promo_code_set_find(&set, STORED[i], len, NULL));
  }
  promo_code_index_release(&ix, &a);
  promo_code_set_release(&set, &a);
}
END_TEST

START_TEST(r1_lookup_is_byte_exact_case_dashes_and_prefixes_matter) {
  promo_alloc a = std_alloc();
  promo_code_set set;
  promo_code_set_init(&set, SEED);
  for (int i = 0; i < N_ROWS(STORED); i++) {
    add_str(&set, &a, STORED[i], (uint32_t)i);
  }
  promo_code_index ix = index_of(&set, &a, N_ROWS(STORED));
  uint32_t campaign = 12345;
  size_t len = strlen(MISSES[_i]);
  ck_assert_msg(!promo_code_index_find(&ix, MISSES[_i], len, &campaign),
                "'%s' matched", MISSES[_i]);
  ck_assert_msg(!promo_code_set_find(&set, MISSES[_i], len, &campaign),
                "'%s' matched in the set", MISSES[_i]);
  ck_assert_uint_eq(campaign, 12345); /* untouched on a miss */
  promo_code_index_release(&ix, &a);
  promo_code_set_release(&set, &a);
}
END_TEST

START_TEST(r1_lookup_compares_lengths_not_c_strings) {
  promo_alloc a = std_alloc();
  promo_code_set set;
  promo_code_set_init(&set, SEED);
  /* Codes that differ only after a NUL or in trailing zero bytes. */
  add(&set, &a, "AB", 2, 1);
  add(&set, &a, "AB\0", 3, 2);
  add(&set, &a, "AB\0C", 4, 3);
  promo_code_index ix = index_of(&set, &a, 4);
  uint32_t c = 0;
  ck_assert(promo_code_index_find(&ix, "AB", 2, &c));
  ck_assert_uint_eq(c, 1);
  ck_assert(promo_code_index_find(&ix, "AB\0", 3, &c));
  ck_assert_uint_eq(c, 2);
  ck_assert(promo_code_index_find(&ix, "AB\0C", 4, &c));
  ck_assert_uint_eq(c, 3);
  ck_assert(!promo_code_index_find(&ix, "AB\0D", 4, &c));
  ck_assert(!promo_code_index_find(&ix, "A", 1, &c));
  /* The bytes after len are not part of the code. */
  ck_assert(promo_code_index_find(&ix, "ABXYZ", 2, &c));
  ck_assert_uint_eq(c, 1);
  ck_assert(promo_code_set_find(&set, "AB\0C", 4, &c));
  ck_assert_uint_eq(c, 3);
  ck_assert(!promo_code_set_find(&set, "AB\0D", 4, &c));
  promo_code_index_release(&ix, &a);
  promo_code_set_release(&set, &a);
}
END_TEST

START_TEST(r1_empty_set_and_index_find_nothing) {
  promo_alloc a = std_alloc();
  promo_code_set set;
  promo_code_set_init(&set, SEED);
  uint32_t c = 7;
  ck_assert(!promo_code_set_find(&set, "SPRING-2026", 11, &c));
  ck_assert(!promo_code_set_find(&set, "", 0, &c));
  /* An index of no code: one empty bucket. */
  promo_code_index ix = index_of(&set, &a, 0);
  ck_assert_uint_eq(ix.count, 0);
  ck_assert_uint_eq(ix.bucket_count, 1);
  ck_assert_uint_eq(ix.entries_len, 0);
  ck_assert(!promo_code_index_find(&ix, "SPRING-2026", 11, &c));
  ck_assert(!promo_code_index_find(&ix, "", 0, &c));
  ck_assert_uint_eq(c, 7);
  promo_code_index_release(&ix, &a);
  /* An index that was never built, or was released, finds nothing. */
  ck_assert(!promo_code_index_find(&ix, "SPRING-2026", 11, &c));
}
END_TEST

START_TEST(r1_index_of_one_code_finds_it_and_nothing_else) {
  promo_alloc a = std_alloc();
  promo_code_set set;
  promo_code_set_init(&set, SEED);
  add_str(&set, &a, "ONLY", 0);
  promo_code_index ix = index_of(&set, &a, 1);
  ck_assert_uint_eq(ix.bucket_count, 1);
  ck_assert_uint_eq(ix.entries_len, 2 + 1 + 4);
  uint32_t c = 9;
  ck_assert(promo_code_index_find(&ix, "ONLY", 4, &c));
  ck_assert_uint_eq(c, 0);
  ck_assert(!promo_code_index_find(&ix, "ONL", 3, NULL));
  ck_assert(!promo_code_index_find(&ix, "ONLY!", 5, NULL));
  ck_assert(!promo_code_index_find(&ix, "only", 4, NULL));
  promo_code_index_release(&ix, &a);
  promo_code_set_release(&set, &a);
}
END_TEST

START_TEST(r1_set_refuses_empty_and_over_255_byte_codes) {
  promo_code_set set;
  promo_code_set_init(&set, SEED);
  test_alloc t;
  test_alloc_init(&t, 0);
  char code[257];
  memset(code, 'L', sizeof code);
  bool present = false;
  uint32_t other = 0;
  ck_assert_int_eq(
      promo_code_set_add(&set, &t.allocator, code, 0, 1, &present, &other),
      PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(
      promo_code_set_add(&set, &t.allocator, code, 256, 1, &present, &other),
      PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_uint_eq(set.count, 0);
  ck_assert_int_eq(t.calls, 0); /* refused before allocating */
  /* 255 bytes, the most an entry's length byte holds, is fine. */
  add(&set, &t.allocator, code, 255, 9);
  promo_code_index ix = index_of(&set, &t.allocator, 10);
  uint32_t c = 0;
  ck_assert(promo_code_index_find(&ix, code, 255, &c));
  ck_assert_uint_eq(c, 9);
  ck_assert(!promo_code_index_find(&ix, code, 254, &c));
  ck_assert(!promo_code_index_find(&ix, code, 256, &c));
  ck_assert(!promo_code_set_find(&set, code, 256, &c));
  promo_code_index_release(&ix, &t.allocator);
  promo_code_set_release(&set, &t.allocator);
  ck_assert_int_eq(t.live, 0);
}
END_TEST

START_TEST(r1_set_says_which_campaign_holds_a_duplicate) {
  promo_alloc a = std_alloc();
  promo_code_set set;
  promo_code_set_init(&set, SEED);
  add_str(&set, &a, "SPRING-2026", 4);
  add_str(&set, &a, "SPRING-2027", 5);
  bool present = false;
  uint32_t other = 99;
  ck_assert_int_eq(
      promo_code_set_add(&set, &a, "SPRING-2026", 11, 6, &present, &other),
      PROMO_OK);
  ck_assert(present);
  ck_assert_uint_eq(other, 4);
  ck_assert_uint_eq(set.count, 2); /* nothing added */
  ck_assert_uint_eq(set.code_bytes, 22);
  promo_code_set_release(&set, &a);
}
END_TEST

/* Campaign indices take 1 to 4 bytes in an entry, as the catalog's count
 * of campaigns needs. */
START_TEST(r1_index_keeps_campaign_numbers_of_every_width) {
  static const struct {
    uint32_t campaigns; /* in the catalog */
    unsigned bytes;
  } WIDTHS[] = {{0, 1},        {1, 1},        {256, 1},
                {257, 2},      {65536, 2},    {65537, 3},
                {16777216, 3}, {16777217, 4}, {UINT32_MAX, 4}};
  promo_alloc a = std_alloc();
  for (int w = 0; w < N_ROWS(WIDTHS); w++) {
    ck_assert_uint_eq(promo_code_index_campaign_bytes(WIDTHS[w].campaigns),
                      WIDTHS[w].bytes);
    if (WIDTHS[w].campaigns == 0) {
      continue;
    }
    promo_code_set set;
    promo_code_set_init(&set, SEED);
    uint32_t last = WIDTHS[w].campaigns - 1;
    const uint32_t used[] = {0, last / 2, last};
    char code[32];
    for (int i = 0; i < 3; i++) {
      snprintf(code, sizeof code, "C%d", i);
      add_str(&set, &a, code, used[i]);
    }
    promo_code_index ix = index_of(&set, &a, WIDTHS[w].campaigns);
    ck_assert_uint_eq(ix.campaign_bytes, WIDTHS[w].bytes);
    for (int i = 0; i < 3; i++) {
      snprintf(code, sizeof code, "C%d", i);
      uint32_t c = 0;
      ck_assert(promo_code_index_find(&ix, code, strlen(code), &c));
      ck_assert_uint_eq(c, used[i]);
    }
    promo_code_index_release(&ix, &a);
    promo_code_set_release(&set, &a);
  }
}
END_TEST

/* ---- growth ------------------------------------------------------------- */

/* Codes in the growth tests; a fiftieth under valgrind (test_iterations),
 * still enough for the table to grow nine times. */
#define MANY 200000

/* `prefix` then the decimal digits of i >= 0, NUL-terminated, in buf (32
 * bytes); returns the length. snprintf would do, at many times the cost:
 * the collision searches below format hundreds of thousands of codes, and
 * the suite runs under valgrind too. */
static size_t prefixed(char *buf, const char *prefix, long i) {
  size_t n = strlen(prefix);
  memcpy(buf, prefix, n);
  char digits[24];
  size_t d = 0;
  unsigned long v = (unsigned long)i;
  do {
    digits[d++] = (char)('0' + v % 10);
    v /= 10;
  } while (v != 0);
  while (d > 0) {
    buf[n++] = digits[--d];
  }
  buf[n] = '\0';
  return n;
}

/* Code i: varied lengths (9 to 40 bytes) so entries straddle 8-byte words. */
static size_t many_code(char *buf, size_t cap, long i) {
  int pad = (int)(i % 32);
  int n = snprintf(buf, cap, "BULK-%06ld-%.*s", i, pad,
                   "abcdefghijklmnopqrstuvwxyz012345");
  return (size_t)n;
}

START_TEST(r1_set_grows_many_times_stays_ordered_and_finds_every_code) {
  promo_code_set set;
  promo_code_set_init(&set, SEED);
  test_alloc t;
  test_alloc_init(&t, 0);
  char code[64];
  size_t last_cap = 0;
  int growths = 0;
  const long many = test_iterations(MANY);
  for (long i = 0; i < many; i++) {
    size_t len = many_code(code, sizeof code, i);
    add(&set, &t.allocator, code, len, (uint32_t)(i % 1000));
    if (set.cap != last_cap) {
      growths++;
      last_cap = set.cap;
      assert_well_formed(&set);
    }
  }
  ck_assert_uint_eq(set.count, (size_t)many);
  /* 16 homes doubled until at most 3/4 full: 2^18 for 200,000 codes, 2^13
   * for 4,000; one growth per doubling */
  int doublings = 0;
  for (size_t cap = 16; cap * 3 < (size_t)many * 4; cap *= 2) {
    doublings++;
  }
  ck_assert_int_ge(doublings, 9);
  ck_assert_int_eq(growths, doublings + 1); /* the first table too */
  assert_well_formed(&set);
  promo_code_index ix = index_of(&set, &t.allocator, 1000);
  /* about PROMO_CODE_INDEX_LOAD codes per bucket */
  ck_assert_uint_eq(ix.bucket_count,
                    ((uint64_t)many + PROMO_CODE_INDEX_LOAD - 1) /
                        PROMO_CODE_INDEX_LOAD);
  for (long i = 0; i < many; i++) {
    size_t len = many_code(code, sizeof code, i);
    uint32_t c = 0;
    ck_assert_msg(promo_code_index_find(&ix, code, len, &c), "code %ld", i);
    ck_assert_uint_eq(c, (uint32_t)(i % 1000));
  }
  /* absent: codes past the end, lower-cased ones, cut-short ones */
  for (long i = many; i < many + many / 4; i++) {
    size_t len = many_code(code, sizeof code, i);
    ck_assert(!promo_code_index_find(&ix, code, len, NULL));
    ck_assert(!promo_code_set_find(&set, code, len, NULL));
  }
  for (long i = 0; i < many; i += 97) {
    size_t len = many_code(code, sizeof code, i);
    code[0] = 'b';
    ck_assert(!promo_code_index_find(&ix, code, len, NULL));
    code[0] = 'B';
    ck_assert(!promo_code_index_find(&ix, code, len - 1, NULL));
    code[len - 1] ^= 1; /* the last byte differs */
    ck_assert(!promo_code_index_find(&ix, code, len, NULL));
  }
  promo_code_index_release(&ix, &t.allocator);
  promo_code_set_release(&set, &t.allocator);
  ck_assert_int_eq(t.live, 0);
  ck_assert_uint_eq(set.count, 0);
  ck_assert_ptr_null(set.slots);
}
END_TEST

/* The hash of `code` under SEED, its top 32 bits. */
static uint32_t tag_of(const char *code, size_t len) {
  return (uint32_t)(promo_hash(SEED, code, len) >> 32);
}

static int compare_u64(const void *x, const void *y) {
  uint64_t a = *(const uint64_t *)x;
  uint64_t b = *(const uint64_t *)y;
  return (a > b) - (a < b);
}

/* Codes whose hashes share their top 32 bits (found by the birthday
 * paradox among 300,000 candidates): the set and the index must still
 * tell them apart by their bytes. */
START_TEST(r1_codes_with_the_same_tag_are_told_apart) {
  enum { CANDIDATES = 300000 };
  uint64_t *keys = malloc(CANDIDATES * sizeof *keys);
  ck_assert_ptr_nonnull(keys);
  char code[32];
  for (long i = 0; i < CANDIDATES; i++) {
    size_t n = prefixed(code, "TAG-", i);
    keys[i] = (uint64_t)tag_of(code, n) << 32 | (uint64_t)i;
  }
  /* sort by tag to find equal ones */
  qsort(keys, CANDIDATES, sizeof *keys, compare_u64);
  promo_alloc a = std_alloc();
  promo_code_set set;
  promo_code_set_init(&set, SEED);
  int pairs = 0;
  for (size_t i = 1; i < CANDIDATES; i++) {
    if ((keys[i] >> 32) != (keys[i - 1] >> 32)) {
      continue;
    }
    for (size_t k = i - 1; k <= i; k++) {
      size_t n = prefixed(code, "TAG-", (long)(keys[k] & 0xffffffffu));
      if (!promo_code_set_find(&set, code, n, NULL)) {
        add(&set, &a, code, n, (uint32_t)k % 7);
      }
    }
    pairs++;
  }
  ck_assert_int_ge(pairs, 2); /* about 10 expected */
  /* and a few hundred ordinary codes around them */
  for (int i = 0; i < 300; i++) {
    int n = snprintf(code, sizeof code, "PLAIN-%d", i);
    add(&set, &a, code, (size_t)n, 3);
  }
  assert_well_formed(&set);
  promo_code_index ix = index_of(&set, &a, 7);
  for (size_t i = 1; i < CANDIDATES; i++) {
    if ((keys[i] >> 32) != (keys[i - 1] >> 32)) {
      continue;
    }
    for (size_t k = i - 1; k <= i; k++) {
      size_t n = prefixed(code, "TAG-", (long)(keys[k] & 0xffffffffu));
      uint32_t c = 99;
      ck_assert(promo_code_set_find(&set, code, n, &c));
      ck_assert(promo_code_index_find(&ix, code, n, &c));
    }
    /* the same tag, bytes neither has */
    ck_assert(!promo_code_index_find(&ix, "TAG-x", 5, NULL));
  }
  free(keys);
  promo_code_index_release(&ix, &a);
  promo_code_set_release(&set, &a);
}
END_TEST

/* Codes whose homes are the very last slots make a cluster that would
 * run past the end of the table: it runs into the slack, and a table
 * whose slack fills up grows instead of wrapping around. */
START_TEST(r1_a_cluster_at_the_end_of_the_table_never_wraps) {
  promo_alloc a = std_alloc();
  promo_code_set set;
  promo_code_set_init(&set, SEED);
  char code[32];
  long picked[80];
  int added = 0;
  for (long i = 0; added < 80; i++) {
    size_t n = prefixed(code, "END-", i);
    if (tag_of(code, n) >= UINT32_C(0xfff00000)) {
      size_t cap = set.cap;
      add(&set, &a, code, n, 1);
      picked[added++] = i;
      if (set.cap != cap) {
        assert_well_formed(&set);
      }
    }
  }
  /* 80 codes in the top 1/4096 of the tags all have the last home until
   * the table has thousands of homes: the cluster outgrows the slack, and
   * the table grows (re-placing, doubling again when the cluster still
   * does not fit) until they spread. */
  ck_assert_uint_ge(set.cap, 4096);
  promo_code_index ix = index_of(&set, &a, 2);
  for (int k = 0; k < 80; k++) {
    size_t n = prefixed(code, "END-", picked[k]);
    ck_assert(promo_code_set_find(&set, code, n, NULL));
    ck_assert(promo_code_index_find(&ix, code, n, NULL));
  }
  promo_code_index_release(&ix, &a);
  promo_code_set_release(&set, &a);
}
END_TEST

/* ---- the batch lookup --------------------------------------------------- */

START_TEST(r1_find_many_agrees_with_find_one_by_one) {
  promo_alloc a = std_alloc();
  promo_code_set set;
  promo_code_set_init(&set, SEED);
  char code[64];
  for (long i = 0; i < 5000; i += 2) { /* the even ones */
    size_t len = many_code(code, sizeof code, i);
    add(&set, &a, code, len, (uint32_t)(i % 300));
  }
  promo_code_index ix = index_of(&set, &a, 300);
  enum { N = 1000 }; /* groups of 16 and a partial last one */
  static char bufs[N][64];
  const char *codes[N];
  size_t lens[N];
  bool skip[N];
  bool found[N];
  uint32_t campaigns[N];
  for (int i = 0; i < N; i++) {
    lens[i] = many_code(bufs[i], sizeof bufs[i], (long)i * 3);
    codes[i] = bufs[i];
    skip[i] = i % 11 == 0;
    campaigns[i] = 77777;
  }
  lens[5] = 0;   /* no code is empty */
  lens[6] = 300; /* nor longer than an entry holds */
  promo_code_index_find_many(&ix, N, codes, lens, skip, found, campaigns);
  int hits = 0;
  for (int i = 0; i < N; i++) {
    uint32_t c = 77777;
    bool one = !skip[i] && lens[i] <= 255 &&
               promo_code_index_find(&ix, codes[i], lens[i], &c);
    ck_assert_msg(found[i] == one, "code %d", i);
    ck_assert_uint_eq(campaigns[i], c);
    hits += found[i];
  }
  ck_assert_int_gt(hits, 100);
  /* No skip array: every code is looked up. */
  promo_code_index_find_many(&ix, N, codes, lens, NULL, found, campaigns);
  ck_assert(!found[3]); /* code 9: odd, absent */
  ck_assert(found[2]);  /* code 6 */
  ck_assert(found[0]);  /* code 0, skipped the first time */
  promo_code_index_release(&ix, &a);
  promo_code_set_release(&set, &a);
}
END_TEST

/* ---- damaged index ------------------------------------------------------ */

/* The index's reads are bounded by its own sizes, not by trust in its
 * offsets: were its bytes damaged (memory it does not own, such as a
 * mapped file, changed under it), a lookup must stay inside them (ASan
 * and valgrind watch this test) and answer "not found" or some campaign
 * below campaign_count. */
START_TEST(r1_a_damaged_index_never_reads_outside_its_bytes) {
  promo_alloc a = std_alloc();
  promo_code_set set;
  promo_code_set_init(&set, SEED);
  char code[64];
  for (long i = 0; i < 64; i++) {
    size_t len = many_code(code, sizeof code, i);
    add(&set, &a, code, len, (uint32_t)i % 3);
  }
  promo_code_index built = index_of(&set, &a, 3);
  size_t starts_size = (size_t)(built.bucket_count + 1) * sizeof(uint64_t);
  size_t size = starts_size + (size_t)built.entries_len;
  uint64_t state = 99;
  const long rounds = test_iterations(2000);
  for (long round = 0; round < rounds; round++) {
    /* an exact copy of the index's bytes, in a block of their size */
    unsigned char *copy = malloc(size);
    ck_assert_ptr_nonnull(copy);
    memcpy(copy, built.block, size);
    for (long k = 0; k < 1 + round % 4; k++) {
      state = state * UINT64_C(6364136223846793005) + 1;
      copy[(state >> 33) % size] ^= (unsigned char)(1u << ((state >> 20) % 8));
    }
    promo_code_index ix = built;
    ix.block = NULL;
    ix.starts = (const uint64_t *)(void *)copy;
    ix.entries = copy + starts_size;
    ix.campaign_count = 3;
    for (long i = 0; i < 70; i++) {
      size_t len = many_code(code, sizeof code, i);
      uint32_t c = 5;
      if (promo_code_index_find(&ix, code, len, &c)) {
        ck_assert_uint_lt(c, 3);
      }
    }
    free(copy);
  }
  promo_code_index_release(&built, &a);
  promo_code_set_release(&set, &a);
}
END_TEST

/* ---- allocation failure ------------------------------------------------- */

/* Every code added so far is found with its campaign; `absent` is not. */
static void assert_holds(const promo_code_set *set, long n, const char *absent,
                         size_t absent_len) {
  char code[64];
  ck_assert_uint_eq(set->count, (size_t)n);
  for (long i = 0; i < n; i++) {
    size_t len = many_code(code, sizeof code, i);
    uint32_t c = 0;
    ck_assert(promo_code_set_find(set, code, len, &c));
    ck_assert_uint_eq(c, (uint32_t)i);
  }
  ck_assert(!promo_code_set_find(set, absent, absent_len, NULL));
  assert_well_formed(set);
}

START_TEST(r1_failed_add_leaves_the_set_as_it_was) {
  promo_code_set set;
  promo_code_set_init(&set, SEED);
  test_alloc t;
  test_alloc_init(&t, 0);
  char code[64];
  long failures = 0;
  long adds_failed_twice = 0; /* both the arena and the table grew */
  /* 300 codes cross the growth of the arena and of the table many times.
   * For each add, fail its first allocation, then its second, ... until
   * it needs no more: each failure must change nothing, and the retry that
   * follows must succeed. */
  for (long i = 0; i < 300; i++) {
    size_t len = many_code(code, sizeof code, i);
    for (long n = 1;; n++) {
      t.fail_at = t.calls + n;
      long failed_before = t.failed;
      bool present = false;
      uint32_t other = 0;
      promo_status st = promo_code_set_add(&set, &t.allocator, code, len,
                                           (uint32_t)i, &present, &other);
      if (t.failed == failed_before) {
        ck_assert_int_eq(st, PROMO_OK);
        ck_assert(!present);
        break;
      }
      ck_assert_int_eq(st, PROMO_ERR_NO_MEMORY);
      failures++;
      if (n == 2) {
        adds_failed_twice++;
      }
      assert_holds(&set, i, code, len);
    }
  }
  t.fail_at = 0;
  /* Both kinds of growth failed at least once, several times over. */
  ck_assert_int_ge(failures, 10);
  ck_assert_int_ge(adds_failed_twice, 1);
  assert_holds(&set, 300, "BULK-999999-", 12);
  /* Building the index fails cleanly too. */
  promo_code_index ix;
  promo_code_index_init(&ix);
  t.fail_at = t.calls + 1;
  ck_assert_int_eq(promo_code_index_build(&ix, &t.allocator, &set, 300),
                   PROMO_ERR_NO_MEMORY);
  ck_assert_ptr_null(ix.block);
  t.fail_at = 0;
  promo_code_set_release(&set, &t.allocator);
  ck_assert_int_eq(t.live, 0);
}
END_TEST

/* Undoing the last adds (a batch refused half-way) leaves the set as it
 * was: same codes, well formed, each cluster still sorted and in reach of
 * its home, even when the adds grew the table and were shifted by later
 * ones. */
START_TEST(r1_removing_the_last_adds_restores_the_set) {
  promo_alloc a = std_alloc();
  promo_code_set set;
  promo_code_set_init(&set, SEED);
  char code[64];
  for (long i = 0; i < 100; i++) {
    size_t len = many_code(code, sizeof code, i);
    add(&set, &a, code, len, (uint32_t)i);
  }
  size_t cap_before = set.cap;
  size_t arena_before = set.arena_len;
  static char bufs[900][64];
  const char *codes[900];
  size_t lens[900];
  for (long i = 0; i < 900; i++) {
    lens[i] = many_code(bufs[i], sizeof bufs[i], 100 + i);
    codes[i] = bufs[i];
    uint64_t h = promo_code_set_hash(&set, codes[i], lens[i]);
    promo_code_set_prefetch_home(&set, h);
    bool present = true;
    uint32_t other = 0;
    ck_assert_int_eq(promo_code_set_add_hashed(&set, &a, codes[i], lens[i], h,
                                               (uint32_t)(100 + i), &present,
                                               &other),
                     PROMO_OK);
    ck_assert(!present);
  }
  ck_assert_uint_gt(set.cap, cap_before); /* the table grew */
  promo_code_set_remove_last(&set, codes, lens, 900);
  ck_assert_uint_eq(set.arena_len, arena_before);
  assert_holds(&set, 100, codes[0], lens[0]);
  for (long i = 0; i < 900; i++) {
    ck_assert(!promo_code_set_find(&set, codes[i], lens[i], NULL));
  }
  /* and they go in again */
  for (long i = 0; i < 900; i++) {
    add(&set, &a, codes[i], lens[i], 7);
  }
  assert_well_formed(&set);
  promo_code_set_release(&set, &a);
}
END_TEST

/* ---- the hash ----------------------------------------------------------- */

START_TEST(r1_hash_depends_on_every_byte_the_length_and_the_seed) {
  /* Not a quality test: only that equal input hashes equally and that
   * the inputs the index relies on telling apart hash apart. */
  ck_assert_uint_eq(promo_hash(SEED, "SPRING-2026", 11),
                    promo_hash(SEED, "SPRING-2026", 11));
  ck_assert_uint_ne(promo_hash(SEED, "SPRING-2026", 11),
                    promo_hash(SEED + 1, "SPRING-2026", 11));
  ck_assert_uint_ne(promo_hash(SEED, "SPRING-2026", 11),
                    promo_hash(SEED, "SPRING-2027", 11));
  ck_assert_uint_ne(promo_hash(SEED, "A", 1), promo_hash(SEED, "A\0", 2));
  ck_assert_uint_ne(promo_hash(SEED, "ABCDEFGH", 8),
                    promo_hash(SEED, "ABCDEFGH\0", 9));
  ck_assert_uint_ne(promo_hash(SEED, "ABCDEFGHI", 9),
                    promo_hash(SEED, "ABCDEFGHJ", 9));
  /* every byte of every length up to 64 changes the hash */
  char buf[64];
  for (size_t len = 1; len <= sizeof buf; len++) {
    memset(buf, 'x', sizeof buf);
    uint64_t base = promo_hash(SEED, buf, len);
    for (size_t i = 0; i < len; i++) {
      buf[i] = 'y';
      ck_assert_msg(promo_hash(SEED, buf, len) != base, "len %zu byte %zu", len,
                    i);
      buf[i] = 'x';
    }
  }
  ck_assert_uint_ne(promo_hash_bytes("abc", 3), promo_hash_bytes("abd", 3));
  /* Two seeds drawn in a row differ. */
  ck_assert_uint_ne(promo_hash_random_seed(), promo_hash_random_seed());
}
END_TEST

/* The buckets of sequential codes, the worst input a simple hash can get,
 * fill evenly: no bucket holds many more than the average of 4 (for a
 * random hash, the fullest of 50,000 buckets holds about 13). */
START_TEST(r1_sequential_codes_spread_evenly_over_the_buckets) {
  promo_alloc a = std_alloc();
  promo_code_set set;
  promo_code_set_init(&set, SEED);
  char code[32];
  const int count = (int)test_iterations(200000);
  for (int i = 0; i < count; i++) {
    int n = snprintf(code, sizeof code, "SEQ%07d", i);
    add(&set, &a, code, (size_t)n, 0);
  }
  promo_code_index ix = index_of(&set, &a, 1);
  uint64_t fullest = 0;
  uint64_t empty = 0;
  for (uint64_t b = 0; b < ix.bucket_count; b++) {
    uint64_t bytes = ix.starts[b + 1] - ix.starts[b];
    uint64_t codes = bytes / (2 + 1 + 10);
    fullest = codes > fullest ? codes : fullest;
    empty += codes == 0;
  }
  ck_assert_uint_le(fullest, 20);
  /* Poisson(4) leaves e^-4 = 1.8 % empty */
  ck_assert_uint_le(empty, ix.bucket_count * 3 / 100);
  promo_code_index_release(&ix, &a);
  promo_code_set_release(&set, &a);
}
END_TEST

int main(void) {
  Suite *s = suite_create("code_index");

  TCase *exact = tcase_create("exact_match");
  tcase_add_test(exact, r1_lookup_finds_every_stored_code_with_its_campaign);
  tcase_add_loop_test(exact,
                      r1_lookup_is_byte_exact_case_dashes_and_prefixes_matter,
                      0, N_ROWS(MISSES));
  tcase_add_test(exact, r1_lookup_compares_lengths_not_c_strings);
  tcase_add_test(exact, r1_empty_set_and_index_find_nothing);
  tcase_add_test(exact, r1_index_of_one_code_finds_it_and_nothing_else);
  tcase_add_test(exact, r1_set_refuses_empty_and_over_255_byte_codes);
  tcase_add_test(exact, r1_set_says_which_campaign_holds_a_duplicate);
  tcase_add_test(exact, r1_index_keeps_campaign_numbers_of_every_width);
  tcase_add_test(exact, r1_hash_depends_on_every_byte_the_length_and_the_seed);
  tcase_add_test(exact, r1_find_many_agrees_with_find_one_by_one);
  tcase_add_test(exact, r1_a_damaged_index_never_reads_outside_its_bytes);
  suite_add_tcase(s, exact);

  TCase *growth = tcase_create("growth");
  tcase_set_timeout(growth, 300);
  tcase_add_test(growth,
                 r1_set_grows_many_times_stays_ordered_and_finds_every_code);
  tcase_add_test(growth, r1_codes_with_the_same_tag_are_told_apart);
  tcase_add_test(growth, r1_a_cluster_at_the_end_of_the_table_never_wraps);
  tcase_add_test(growth, r1_failed_add_leaves_the_set_as_it_was);
  tcase_add_test(growth, r1_removing_the_last_adds_restores_the_set);
  tcase_add_test(growth, r1_sequential_codes_spread_evenly_over_the_buckets);
  suite_add_tcase(s, growth);

  return test_run_suite(s);
}
