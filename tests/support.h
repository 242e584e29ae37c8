/* support.h - what every unit test shares: an allocator that counts and can
 * be told to fail, and instants from calendar fields. */
#ifndef PROMO_TESTS_SUPPORT_H
#define PROMO_TESTS_SUPPORT_H

#include <promo/promo.h>

#include <stdatomic.h>
#include <stdint.h>

/* An allocator that counts every call and live block, and fails the
 * allocation numbered fail_at (1-based; 0: never fails). */
typedef struct test_alloc {
  promo_allocator allocator; /* pass &t.allocator to the library */
  long calls;                /* malloc + realloc calls so far */
  long fail_at;
  long live;   /* blocks allocated and not yet freed */
  long failed; /* calls refused so far */
} test_alloc;

/* Sets *t up to fail the fail_at-th allocation (0: never). */
void test_alloc_init(test_alloc *t, long fail_at);

/* A store clock that tests set by hand, shared by threads: pass
 * test_clock_now as the clock and &clock as its context. */
typedef struct test_clock {
  _Atomic int64_t now;
} test_clock;

int64_t test_clock_now(void *clock);

/* Seconds since the epoch of the UTC wall-clock time given. */
int64_t test_utc(int year, int month, int day, int hour, int minute,
                 int second);

/* The order's placed_at, or INT64_MIN (outside the accepted range) when it
 * is not set. */
int64_t test_placed_at(const promo_order *order);

/* `n`, or a fiftieth of it (at least 1) when the tests run under a wrapper
 * such as valgrind (ctest sets PROMO_TEST_LIGHT then). For sweeps that
 * check arithmetic over many random values: the dev and asan runs sweep
 * them all; under valgrind each iteration costs a hundred times more and
 * finds no memory error a short sweep would miss. */
long test_iterations(long n);

/* Runs a Check suite built by make_suite and returns the process's exit
 * status: 0 when every test passed. */
int test_run_suite(void *suite);

#endif
