/* test_alloc.c - the allocator layer every object allocates through: a
 * caller's allocator is used as given, an incomplete one is refused, and
 * sizes that would overflow never reach it. */
#include "alloc.h"
#include "support.h"

#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

START_TEST(alloc_null_means_the_c_library) {
  promo_alloc a;
  ck_assert(promo_alloc_init(&a, NULL));
  char *p = promo_malloc(&a, 16);
  ck_assert_ptr_nonnull(p);
  memset(p, 'x', 16);
  p = promo_realloc(&a, p, 32);
  ck_assert_ptr_nonnull(p);
  ck_assert_int_eq(p[15], 'x');
  promo_free(&a, p);
  promo_free(&a, NULL); /* like free(NULL) */
}
END_TEST

START_TEST(alloc_an_allocator_missing_a_function_is_refused) {
  test_alloc t;
  test_alloc_init(&t, 0);
  promo_allocator partial[3] = {t.allocator, t.allocator, t.allocator};
  partial[0].malloc_fn = NULL;
  partial[1].realloc_fn = NULL;
  partial[2].free_fn = NULL;
  for (int i = 0; i < 3; i++) {
    promo_alloc a;
    ck_assert(!promo_alloc_init(&a, &partial[i]));
    /* ... and so is every object made with it. */
    promo_catalog_builder *b = NULL;
    promo_result *r = NULL;
    ck_assert_int_eq(promo_catalog_builder_new(&b, &partial[i]),
                     PROMO_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(promo_result_new(&r, &partial[i]),
                     PROMO_ERR_INVALID_ARGUMENT);
    ck_assert_ptr_null(b);
    ck_assert_ptr_null(r);
  }
  ck_assert_int_eq(t.calls, 0);
}
END_TEST

START_TEST(alloc_the_callers_allocator_gets_every_call_and_its_context) {
  test_alloc t;
  test_alloc_init(&t, 0);
  promo_alloc a;
  ck_assert(promo_alloc_init(&a, &t.allocator));
  void *p = promo_malloc(&a, 8);
  void *q = promo_calloc(&a, 4, 8);
  p = promo_realloc(&a, p, 64);
  ck_assert_ptr_nonnull(p);
  ck_assert_ptr_nonnull(q);
  ck_assert_int_eq(t.calls, 3);
  ck_assert_int_eq(t.live, 2);
  promo_free(&a, p);
  promo_free(&a, q);
  ck_assert_int_eq(t.live, 0);
}
END_TEST

START_TEST(alloc_calloc_zeroes_and_refuses_overflowing_or_empty_sizes) {
  test_alloc t;
  test_alloc_init(&t, 0);
  promo_alloc a;
  ck_assert(promo_alloc_init(&a, &t.allocator));
  unsigned char *z = promo_calloc(&a, 3, 5);
  ck_assert_ptr_nonnull(z);
  for (int i = 0; i < 15; i++) {
    ck_assert_int_eq(z[i], 0);
  }
  promo_free(&a, z);
  long calls = t.calls;
  ck_assert_ptr_null(promo_calloc(&a, SIZE_MAX / 2, 3));
  ck_assert_ptr_null(promo_calloc(&a, 0, 8));
  ck_assert_ptr_null(promo_calloc(&a, 8, 0));
  ck_assert_ptr_null(promo_malloc(&a, 0));
  ck_assert_ptr_null(promo_realloc(&a, NULL, 0));
  /* None of these reached the caller's allocator. */
  ck_assert_int_eq(t.calls, calls);
}
END_TEST

START_TEST(alloc_grow_doubles_and_leaves_the_array_on_failure) {
  test_alloc t;
  test_alloc_init(&t, 0);
  promo_alloc a;
  ck_assert(promo_alloc_init(&a, &t.allocator));
  void *array = NULL;
  size_t cap = 0;
  ck_assert(promo_grow(&a, &array, &cap, 1, sizeof(int)));
  ck_assert_uint_eq(cap, 4); /* the smallest capacity */
  ck_assert(promo_grow(&a, &array, &cap, 4, sizeof(int)));
  ck_assert_uint_eq(cap, 4); /* already enough: no call */
  ck_assert(promo_grow(&a, &array, &cap, 9, sizeof(int)));
  ck_assert_uint_eq(cap, 16);
  ((int *)array)[15] = 7;
  /* A refused realloc leaves array and capacity as they were. */
  t.fail_at = t.calls + 1;
  void *before = array;
  ck_assert(!promo_grow(&a, &array, &cap, 17, sizeof(int)));
  ck_assert_ptr_eq(array, before);
  ck_assert_uint_eq(cap, 16);
  ck_assert_int_eq(((int *)array)[15], 7);
  /* Capacities whose byte size overflows never reach the allocator. */
  long calls = t.calls;
  ck_assert(!promo_grow(&a, &array, &cap, SIZE_MAX / 2 + 2, 1));
  ck_assert(!promo_grow(&a, &array, &cap, SIZE_MAX / 4, 8));
  ck_assert_int_eq(t.calls, calls);
  ck_assert_uint_eq(cap, 16);
  promo_free(&a, array);
  ck_assert_int_eq(t.live, 0);
}
END_TEST

int main(void) {
  Suite *s = suite_create("alloc");
  TCase *tc = tcase_create("alloc");
  tcase_add_test(tc, alloc_null_means_the_c_library);
  tcase_add_test(tc, alloc_an_allocator_missing_a_function_is_refused);
  tcase_add_test(tc,
                 alloc_the_callers_allocator_gets_every_call_and_its_context);
  tcase_add_test(tc,
                 alloc_calloc_zeroes_and_refuses_overflowing_or_empty_sizes);
  tcase_add_test(tc, alloc_grow_doubles_and_leaves_the_array_on_failure);
  suite_add_tcase(s, tc);
  return test_run_suite(s);
}
