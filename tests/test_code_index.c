/* test_code_index.c - R1's exact-match lookup: byte for byte, through many
 * rehashes, and unchanged by a failed insert. */
#include "code_index.h"
#include "support.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_ROWS(a) ((int)(sizeof(a) / sizeof((a)[0])))

static promo_status insert(promo_code_index *ix, const promo_alloc *a,
                           const char *code, uint32_t campaign) {
  return promo_code_index_insert(ix, a, code, strlen(code), campaign);
}

static bool find(const promo_code_index *ix, const char *code,
                 uint32_t *campaign) {
  return promo_code_index_find(ix, code, strlen(code), campaign);
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
  promo_code_index ix;
  promo_code_index_init(&ix);
  promo_alloc a;
  ck_assert(promo_alloc_init(&a, NULL));
  for (int i = 0; i < N_ROWS(STORED); i++) {
    ck_assert_int_eq(insert(&ix, &a, STORED[i], (uint32_t)(10 + i)), PROMO_OK);
  }
  ck_assert_uint_eq(ix.count, (size_t)N_ROWS(STORED));
  for (int i = 0; i < N_ROWS(STORED); i++) {
    uint32_t campaign = 0;
    ck_assert_msg(find(&ix, STORED[i], &campaign), "%s", STORED[i]);
    ck_assert_uint_eq(campaign, (uint32_t)(10 + i));
    /* The campaign is optional. */
    ck_assert(find(&ix, STORED[i], NULL));
  }
  promo_code_index_release(&ix, &a);
}
END_TEST

START_TEST(r1_lookup_is_byte_exact_case_dashes_and_prefixes_matter) {
  promo_code_index ix;
  promo_code_index_init(&ix);
  promo_alloc a;
  ck_assert(promo_alloc_init(&a, NULL));
  for (int i = 0; i < N_ROWS(STORED); i++) {
    ck_assert_int_eq(insert(&ix, &a, STORED[i], (uint32_t)i), PROMO_OK);
  }
  uint32_t campaign = 12345;
  ck_assert_msg(!find(&ix, MISSES[_i], &campaign), "'%s' matched", MISSES[_i]);
  ck_assert_uint_eq(campaign, 12345); /* untouched on a miss */
  promo_code_index_release(&ix, &a);
}
END_TEST

START_TEST(r1_lookup_compares_lengths_not_c_strings) {
  promo_code_index ix;
  promo_code_index_init(&ix);
  promo_alloc a;
  ck_assert(promo_alloc_init(&a, NULL));
  /* Codes that differ only after a NUL or in trailing zero bytes. */
  ck_assert_int_eq(promo_code_index_insert(&ix, &a, "AB", 2, 1), PROMO_OK);
  ck_assert_int_eq(promo_code_index_insert(&ix, &a, "AB\0", 3, 2), PROMO_OK);
  ck_assert_int_eq(promo_code_index_insert(&ix, &a, "AB\0C", 4, 3), PROMO_OK);
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
  promo_code_index_release(&ix, &a);
}
END_TEST

START_TEST(r1_empty_index_finds_nothing) {
  promo_code_index ix;
  promo_code_index_init(&ix);
  uint32_t c = 7;
  ck_assert(!find(&ix, "SPRING-2026", &c));
  ck_assert(!promo_code_index_find(&ix, "", 0, &c));
  ck_assert_uint_eq(c, 7);
  ck_assert_uint_eq(ix.count, 0);
}
END_TEST

START_TEST(r1_index_refuses_empty_and_over_255_byte_codes) {
  promo_code_index ix;
  promo_code_index_init(&ix);
  test_alloc t;
  test_alloc_init(&t, 0);
  char code[257];
  memset(code, 'L', sizeof code);
  ck_assert_int_eq(promo_code_index_insert(&ix, &t.allocator, code, 0, 1),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_code_index_insert(&ix, &t.allocator, code, 256, 1),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_uint_eq(ix.count, 0);
  ck_assert_int_eq(t.calls, 0); /* refused before allocating */
  /* 255 bytes, the most an entry's length byte holds, is fine. */
  ck_assert_int_eq(promo_code_index_insert(&ix, &t.allocator, code, 255, 9),
                   PROMO_OK);
  uint32_t c = 0;
  ck_assert(promo_code_index_find(&ix, code, 255, &c));
  ck_assert_uint_eq(c, 9);
  ck_assert(!promo_code_index_find(&ix, code, 254, &c));
  ck_assert(!promo_code_index_find(&ix, code, 256, &c));
  promo_code_index_release(&ix, &t.allocator);
  ck_assert_int_eq(t.live, 0);
}
END_TEST

START_TEST(r1_index_keeps_campaign_numbers_of_every_width) {
  static const uint32_t CAMPAIGNS[] = {
      0,        1,          255,        256,        65535,     65536,
      16777216, 0x7fffffff, 0x80000000, 0xfffffffe, UINT32_MAX};
  promo_code_index ix;
  promo_code_index_init(&ix);
  promo_alloc a;
  ck_assert(promo_alloc_init(&a, NULL));
  char code[32];
  for (int i = 0; i < N_ROWS(CAMPAIGNS); i++) {
    snprintf(code, sizeof code, "C%d", i);
    ck_assert_int_eq(insert(&ix, &a, code, CAMPAIGNS[i]), PROMO_OK);
  }
  for (int i = 0; i < N_ROWS(CAMPAIGNS); i++) {
    snprintf(code, sizeof code, "C%d", i);
    uint32_t c = 0;
    ck_assert(find(&ix, code, &c));
    ck_assert_uint_eq(c, CAMPAIGNS[i]);
  }
  promo_code_index_release(&ix, &a);
}
END_TEST

/* ---- growth ------------------------------------------------------------- */

#define MANY 200000

/* Code i: varied lengths (9 to 40 bytes) so entries straddle 8-byte words. */
static size_t many_code(char *buf, size_t cap, long i) {
  int pad = (int)(i % 32);
  int n = snprintf(buf, cap, "BULK-%06ld-%.*s", i, pad,
                   "abcdefghijklmnopqrstuvwxyz012345");
  return (size_t)n;
}

START_TEST(r1_index_grows_through_many_rehashes_and_finds_every_code) {
  promo_code_index ix;
  promo_code_index_init(&ix);
  test_alloc t;
  test_alloc_init(&t, 0);
  char code[64];
  size_t last_slots = 0;
  int rehashes = 0;
  for (long i = 0; i < MANY; i++) {
    size_t len = many_code(code, sizeof code, i);
    ck_assert_int_eq(promo_code_index_insert(&ix, &t.allocator, code, len,
                                             (uint32_t)(i * 7)),
                     PROMO_OK);
    size_t slots = ix.mask + 1;
    if (slots != last_slots) {
      rehashes++;
      last_slots = slots;
    }
  }
  ck_assert_uint_eq(ix.count, MANY);
  ck_assert_int_ge(rehashes, 14); /* 16 slots grew to 2^18 */
  /* the table stays a power of two, at most 3/4 full */
  ck_assert_uint_eq(ix.mask & (ix.mask + 1), 0);
  ck_assert_uint_le(ix.count * 4, (ix.mask + 1) * 3);
  for (long i = 0; i < MANY; i++) {
    size_t len = many_code(code, sizeof code, i);
    uint32_t c = 0;
    ck_assert_msg(promo_code_index_find(&ix, code, len, &c), "code %ld", i);
    ck_assert_uint_eq(c, (uint32_t)(i * 7));
  }
  /* absent: codes past the end, lower-cased ones, cut-short ones */
  for (long i = MANY; i < MANY + 50000; i++) {
    size_t len = many_code(code, sizeof code, i);
    ck_assert(!promo_code_index_find(&ix, code, len, NULL));
  }
  for (long i = 0; i < MANY; i += 97) {
    size_t len = many_code(code, sizeof code, i);
    code[0] = 'b';
    ck_assert(!promo_code_index_find(&ix, code, len, NULL));
    code[0] = 'B';
    ck_assert(!promo_code_index_find(&ix, code, len - 1, NULL));
  }
  promo_code_index_release(&ix, &t.allocator);
  ck_assert_int_eq(t.live, 0);
  ck_assert_uint_eq(ix.count, 0);
  ck_assert_ptr_null(ix.slots);
}
END_TEST

/* ---- allocation failure ------------------------------------------------- */

/* Every code inserted so far is found with its campaign; `absent` is not. */
static void assert_holds(const promo_code_index *ix, long n, const char *absent,
                         size_t absent_len) {
  char code[64];
  ck_assert_uint_eq(ix->count, (size_t)n);
  for (long i = 0; i < n; i++) {
    size_t len = many_code(code, sizeof code, i);
    uint32_t c = 0;
    ck_assert(promo_code_index_find(ix, code, len, &c));
    ck_assert_uint_eq(c, (uint32_t)i);
  }
  ck_assert(!promo_code_index_find(ix, absent, absent_len, NULL));
}

START_TEST(r1_failed_insert_leaves_the_index_as_it_was) {
  promo_code_index ix;
  promo_code_index_init(&ix);
  test_alloc t;
  test_alloc_init(&t, 0);
  char code[64];
  long failures = 0;
  long inserts_failed_twice = 0; /* both the arena and the table grew */
  /* 300 codes cross the growth of the arena and of the table many times.
   * For each insert, fail its first allocation, then its second, ... until
   * it needs no more: each failure must change nothing, and the retry that
   * follows must succeed. */
  for (long i = 0; i < 300; i++) {
    size_t len = many_code(code, sizeof code, i);
    for (long n = 1;; n++) {
      t.fail_at = t.calls + n;
      long failed_before = t.failed;
      promo_status st =
          promo_code_index_insert(&ix, &t.allocator, code, len, (uint32_t)i);
      if (t.failed == failed_before) {
        ck_assert_int_eq(st, PROMO_OK);
        break;
      }
      ck_assert_int_eq(st, PROMO_ERR_NO_MEMORY);
      failures++;
      if (n == 2) {
        inserts_failed_twice++;
      }
      assert_holds(&ix, i, code, len);
    }
  }
  t.fail_at = 0;
  /* Both kinds of growth failed at least once, several times over. */
  ck_assert_int_ge(failures, 10);
  ck_assert_int_ge(inserts_failed_twice, 1);
  assert_holds(&ix, 300, "BULK-999999-", 12);
  promo_code_index_release(&ix, &t.allocator);
  ck_assert_int_eq(t.live, 0);
}
END_TEST

START_TEST(r1_index_hash_depends_on_every_byte_and_the_length) {
  /* Not a quality test: only that equal input hashes equally and that
   * the inputs the index relies on telling apart hash apart. */
  ck_assert_uint_eq(promo_hash_bytes("SPRING-2026", 11),
                    promo_hash_bytes("SPRING-2026", 11));
  ck_assert_uint_ne(promo_hash_bytes("SPRING-2026", 11),
                    promo_hash_bytes("SPRING-2027", 11));
  ck_assert_uint_ne(promo_hash_bytes("A", 1), promo_hash_bytes("A\0", 2));
  ck_assert_uint_ne(promo_hash_bytes("ABCDEFGH", 8),
                    promo_hash_bytes("ABCDEFGH\0", 9));
  ck_assert_uint_ne(promo_hash_bytes("ABCDEFGHI", 9),
                    promo_hash_bytes("ABCDEFGHJ", 9));
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
  tcase_add_test(exact, r1_empty_index_finds_nothing);
  tcase_add_test(exact, r1_index_refuses_empty_and_over_255_byte_codes);
  tcase_add_test(exact, r1_index_keeps_campaign_numbers_of_every_width);
  tcase_add_test(exact, r1_index_hash_depends_on_every_byte_and_the_length);
  suite_add_tcase(s, exact);

  TCase *growth = tcase_create("growth");
  tcase_set_timeout(growth, 120);
  tcase_add_test(growth,
                 r1_index_grows_through_many_rehashes_and_finds_every_code);
  tcase_add_test(growth, r1_failed_insert_leaves_the_index_as_it_was);
  suite_add_tcase(s, growth);

  return test_run_suite(s);
}
