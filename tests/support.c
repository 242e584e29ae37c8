/* support.c - the shared unit-test helpers. */
#include "support.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

/* Each block carries its size class in a header so that realloc and free
 * can be counted without a table. */
typedef union header {
  size_t size;
  max_align_t align;
} header;

static void *t_malloc(void *ctx, size_t size) {
  test_alloc *t = ctx;
  t->calls++;
  if (t->fail_at != 0 && t->calls == t->fail_at) {
    t->failed++;
    return NULL;
  }
  header *h = malloc(sizeof *h + size);
  if (h == NULL) {
    return NULL;
  }
  h->size = size;
  t->live++;
  return h + 1;
}

static void *t_realloc(void *ctx, void *ptr, size_t size) {
  test_alloc *t = ctx;
  if (ptr == NULL) {
    return t_malloc(ctx, size);
  }
  t->calls++;
  if (t->fail_at != 0 && t->calls == t->fail_at) {
    t->failed++;
    return NULL;
  }
  header *h = realloc((header *)ptr - 1, sizeof *h + size);
  if (h == NULL) {
    return NULL;
  }
  h->size = size;
  return h + 1;
}

static void t_free(void *ctx, void *ptr) {
  test_alloc *t = ctx;
  if (ptr != NULL) {
    t->live--;
    free((header *)ptr - 1);
  }
}

void test_alloc_init(test_alloc *t, long fail_at) {
  memset(t, 0, sizeof *t);
  t->allocator.malloc_fn = t_malloc;
  t->allocator.realloc_fn = t_realloc;
  t->allocator.free_fn = t_free;
  t->allocator.ctx = t;
  t->fail_at = fail_at;
}

int64_t test_clock_now(void *clock) {
  test_clock *c = clock;
  return atomic_load(&c->now);
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar
 * (Howard Hinnant's days_from_civil), so tests need no time zone. */
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

int64_t test_utc(int year, int month, int day, int hour, int minute,
                 int second) {
  return days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 +
         second;
}

int64_t test_placed_at(const promo_order *order) {
  bool is_set = false;
  int64_t t = 0;
  ck_assert_int_eq(promo_order_placed_at(&is_set, &t, order), PROMO_OK);
  if (!is_set) {
    ck_assert_int_eq(t, 0);
    return INT64_MIN;
  }
  return t;
}

long test_iterations(long n) {
  const char *light = getenv("PROMO_TEST_LIGHT");
  if (light == NULL || light[0] == '\0' || strcmp(light, "0") == 0) {
    return n;
  }
  return n / 50 > 0 ? n / 50 : 1;
}

int test_run_suite(void *suite) {
  SRunner *runner = srunner_create((Suite *)suite);
  srunner_run_all(runner, CK_NORMAL);
  int failed = srunner_ntests_failed(runner);
  srunner_free(runner);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
