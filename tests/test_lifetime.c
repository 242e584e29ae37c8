/* test_lifetime.c - objects may be freed in any order, as a garbage
 * collector's finalizers free them: a catalog is reference-counted and every
 * order holds a reference; a result owns every string it returns; a builder
 * keeps its campaign handles, stale or not, until it is freed. Every test
 * counts the blocks of one allocator: all of them come back, and no object
 * ever reads freed memory (ASan and valgrind run this file too). */
#include "catalog_impl.h"
#include "support.h"

#include <check.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#define MUST(call) ck_assert_int_eq((call), PROMO_OK)

/* ---- fixture ------------------------------------------------------------- */

/* Everything a checkout makes, from one allocator. */
typedef struct objects {
  promo_catalog_builder *builder; /* built, so its handle is stale */
  promo_campaign *stale;          /* the handle of campaign "spring-2026" */
  promo_catalog *catalog;         /* the creator's reference */
  promo_order *order;
  promo_result *result; /* filled by an apply of SPRING-2026 */
} objects;

/* Makes *o an NL/EUR order of one new line, on `catalog`. */
static void new_order(promo_order **o, promo_catalog *catalog) {
  MUST(promo_order_new(o, catalog));
  MUST(promo_order_set_country(*o, "NL"));
  MUST(promo_order_set_currency(*o, "EUR"));
  MUST(promo_order_set_placed_at(*o, test_utc(2026, 3, 15, 10, 0, 0)));
  MUST(promo_order_add_line(NULL, *o, "sub-1", "O365_E3", true,
                            PROMO_TERM_MONTHLY, 10, 1000));
}

static void make_objects(objects *x, test_alloc *ta) {
  memset(x, 0, sizeof *x);
  MUST(promo_catalog_builder_new(&x->builder, &ta->allocator));
  MUST(
      promo_catalog_builder_add_campaign(&x->stale, x->builder, "spring-2026"));
  MUST(promo_campaign_set_percent_bps(x->stale, 2000));
  MUST(promo_campaign_add_code(x->stale, "SPRING-2026", 11));
  MUST(promo_catalog_build(&x->catalog, x->builder));
  new_order(&x->order, x->catalog);
  MUST(promo_result_new(&x->result, &ta->allocator));
  MUST(promo_apply(x->result, x->order, "SPRING-2026", 11, NULL));
}

/* Uses every object still alive, each as its user would. */
static void use_the_living(const objects *x) {
  if (x->builder != NULL) {
    ck_assert_int_eq(promo_campaign_set_percent_bps(x->stale, 1000),
                     PROMO_ERR_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(
        strstr(promo_catalog_builder_error(x->builder), "spring-2026"));
  }
  if (x->order != NULL) {
    /* The order still reaches its catalog, even after the creator's
     * reference is gone. */
    MUST(promo_apply(NULL, x->order, "SPRING-2026", 11, NULL));
    ck_assert_int_eq(promo_apply(NULL, x->order, "NOPE", 4, NULL),
                     PROMO_ERR_CODE_NOT_FOUND);
    ck_assert_str_eq(promo_order_line_promo_code(x->order, 0), "SPRING-2026");
  }
  if (x->result != NULL) {
    /* Its strings are its own, whoever else is gone. */
    ck_assert_str_eq(promo_result_campaign(x->result), "spring-2026");
    ck_assert_str_eq(promo_result_code(x->result), "SPRING-2026");
    ck_assert_str_eq(promo_result_currency(x->result), "EUR");
    ck_assert_int_eq(promo_result_discount(x->result), 2000);
    promo_result_info info;
    MUST(promo_result_get(&info, sizeof info, x->result));
    ck_assert_str_eq(info.campaign, "spring-2026");
  }
}

enum { BUILDER, CATALOG, ORDER, RESULT, KINDS };

static void free_one(objects *x, int kind) {
  switch (kind) {
  case BUILDER:
    promo_catalog_builder_free(x->builder);
    x->builder = NULL;
    x->stale = NULL;
    break;
  case CATALOG:
    promo_catalog_free(x->catalog);
    x->catalog = NULL;
    break;
  case ORDER:
    promo_order_free(x->order);
    x->order = NULL;
    break;
  default:
    promo_result_free(x->result);
    x->result = NULL;
    break;
  }
}

/* The 24 orders in which four objects can be freed. */
static void permutation(int n, int out[KINDS]) {
  int pool[KINDS] = {BUILDER, CATALOG, ORDER, RESULT};
  int left = KINDS;
  for (int i = 0; i < KINDS; i++) {
    int fact = 1;
    for (int k = 2; k < left; k++) {
      fact *= k;
    }
    int pick = n / fact;
    n %= fact;
    out[i] = pool[pick];
    for (int k = pick; k < left - 1; k++) {
      pool[k] = pool[k + 1];
    }
    left--;
  }
}

static const char *const KIND_NAMES[] = {"builder", "catalog", "order",
                                         "result"};

/* ---- any free order ------------------------------------------------------ */

START_TEST(objects_may_be_freed_in_every_order) {
  int order[KINDS];
  permutation(_i, order);
  test_alloc ta;
  test_alloc_init(&ta, 0);
  objects x;
  make_objects(&x, &ta);
  use_the_living(&x);
  for (int k = 0; k < KINDS; k++) {
    free_one(&x, order[k]);
    use_the_living(&x);
  }
  ck_assert_msg(ta.live == 0, "%ld blocks left after freeing %s, %s, %s, %s",
                ta.live, KIND_NAMES[order[0]], KIND_NAMES[order[1]],
                KIND_NAMES[order[2]], KIND_NAMES[order[3]]);
}
END_TEST

START_TEST(a_catalog_lives_until_its_last_order_is_freed) {
  test_alloc ta;
  test_alloc_init(&ta, 0);
  objects x;
  make_objects(&x, &ta);
  promo_order *second = NULL;
  new_order(&second, x.catalog);
  promo_result_free(x.result);
  promo_catalog_builder_free(x.builder);
  long with_catalog = ta.live;
  promo_catalog_free(x.catalog);
  ck_assert_int_eq(ta.live, with_catalog); /* two orders still hold it */
  promo_order_free(x.order);
  ck_assert_int_lt(ta.live, with_catalog);
  ck_assert_int_gt(ta.live, 0);
  MUST(promo_apply(NULL, second, "SPRING-2026", 11, NULL));
  promo_order_free(second); /* the last reference: the catalog goes too */
  ck_assert_int_eq(ta.live, 0);
}
END_TEST

/* ---- retain and release -------------------------------------------------- */

START_TEST(retain_and_release_pair_up_and_the_last_release_frees) {
  test_alloc ta;
  test_alloc_init(&ta, 0);
  objects x;
  make_objects(&x, &ta);
  promo_order_free(x.order);
  promo_result_free(x.result);
  promo_catalog_builder_free(x.builder);
  long with_catalog = ta.live;
  MUST(promo_catalog_retain(x.catalog));
  MUST(promo_catalog_retain(x.catalog));
  promo_catalog_release(x.catalog);
  promo_catalog_free(x.catalog); /* the same as a release */
  ck_assert_int_eq(ta.live, with_catalog);
  const char *id = NULL;
  MUST(promo_catalog_find_code(&id, x.catalog, "SPRING-2026", 11));
  ck_assert_str_eq(id, "spring-2026");
  promo_catalog_release(x.catalog);
  ck_assert_int_eq(ta.live, 0);
}
END_TEST

START_TEST(retain_refuses_null_and_release_of_null_is_a_no_op) {
  ck_assert_int_eq(promo_catalog_retain(NULL), PROMO_ERR_INVALID_ARGUMENT);
  promo_catalog_release(NULL);
  promo_catalog_free(NULL);
}
END_TEST

START_TEST(retain_refuses_a_count_that_would_wrap) {
  test_alloc ta;
  test_alloc_init(&ta, 0);
  objects x;
  make_objects(&x, &ta);
  promo_order_free(x.order);
  promo_result_free(x.result);
  promo_catalog_builder_free(x.builder);
  /* Unreachable in practice (one reference per object in memory); the
   * count is set by hand to prove it never wraps to zero. */
  atomic_store(&x.catalog->refs, SIZE_MAX);
  ck_assert_int_eq(promo_catalog_retain(x.catalog), PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_uint_eq(atomic_load(&x.catalog->refs), SIZE_MAX);
  /* Nor does an order that would take one more reference. */
  long live = ta.live;
  promo_order *o = NULL;
  ck_assert_int_eq(promo_order_new(&o, x.catalog), PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_ptr_null(o);
  ck_assert_int_eq(ta.live, live);
  ck_assert_uint_eq(atomic_load(&x.catalog->refs), SIZE_MAX);
  atomic_store(&x.catalog->refs, 1);
  promo_catalog_release(x.catalog);
  ck_assert_int_eq(ta.live, 0);
}
END_TEST

START_TEST(an_order_that_cannot_be_made_takes_no_reference) {
  test_alloc ta;
  test_alloc_init(&ta, 0);
  objects x;
  make_objects(&x, &ta);
  size_t refs = atomic_load(&x.catalog->refs);
  promo_order *o = NULL;
  ta.fail_at = ta.calls + 1;
  ck_assert_int_eq(promo_order_new(&o, x.catalog), PROMO_ERR_NO_MEMORY);
  ta.fail_at = 0;
  ck_assert_ptr_null(o);
  ck_assert_uint_eq(atomic_load(&x.catalog->refs), refs);
  promo_order_free(x.order);
  promo_result_free(x.result);
  promo_catalog_builder_free(x.builder);
  promo_catalog_free(x.catalog);
  ck_assert_int_eq(ta.live, 0);
}
END_TEST

/* ---- many threads -------------------------------------------------------- */

#define THREADS 8
#define ROUNDS 200

typedef struct worker {
  promo_catalog *catalog; /* a reference this worker releases */
  promo_status status;
} worker;

static void *checkout(void *arg) {
  worker *w = arg;
  promo_status st = PROMO_OK;
  for (int i = 0; i < ROUNDS && st == PROMO_OK; i++) {
    promo_order *o = NULL;
    st = promo_order_new(&o, w->catalog);
    if (st == PROMO_OK) {
      st = promo_order_set_country(o, "NL");
    }
    if (st == PROMO_OK) {
      st = promo_order_set_currency(o, "EUR");
    }
    if (st == PROMO_OK) {
      st = promo_order_set_placed_at(o, 1774992600);
    }
    if (st == PROMO_OK) {
      st = promo_order_add_line(NULL, o, "sub-1", "O365_E3", true,
                                PROMO_TERM_ANNUAL, 1, 100);
    }
    if (st == PROMO_OK) {
      st = promo_apply(NULL, o, "SPRING-2026", 11, NULL);
    }
    if (st == PROMO_OK) {
      st = promo_catalog_retain(w->catalog);
      promo_catalog_release(w->catalog);
    }
    promo_order_free(o);
  }
  w->status = st;
  promo_catalog_release(w->catalog);
  return NULL;
}

START_TEST(threads_share_a_catalog_whose_creator_let_go_first) {
  /* malloc: the counting allocator is for one thread. */
  objects x;
  promo_catalog_builder *b = NULL;
  promo_campaign *c = NULL;
  MUST(promo_catalog_builder_new(&b, NULL));
  MUST(promo_catalog_builder_add_campaign(&c, b, "spring-2026"));
  MUST(promo_campaign_set_percent_bps(c, 2000));
  MUST(promo_campaign_add_code(c, "SPRING-2026", 11));
  memset(&x, 0, sizeof x);
  MUST(promo_catalog_build(&x.catalog, b));
  promo_catalog_builder_free(b);
  /* One checkout on this thread first: ICU loads its region and calendar
   * data once, lazily, and TSan cannot see through ICU's own once-only
   * guard (ICU is not instrumented). */
  worker warm_up = {x.catalog, PROMO_ERR_INVALID_ARGUMENT};
  MUST(promo_catalog_retain(x.catalog));
  (void)checkout(&warm_up);
  MUST(warm_up.status);
  pthread_t threads[THREADS];
  worker workers[THREADS];
  for (int i = 0; i < THREADS; i++) {
    workers[i].catalog = x.catalog;
    workers[i].status = PROMO_ERR_INVALID_ARGUMENT;
    MUST(promo_catalog_retain(x.catalog));
  }
  /* The creator's reference goes before any worker starts: the last
   * worker to finish frees the catalog. */
  promo_catalog_release(x.catalog);
  for (int i = 0; i < THREADS; i++) {
    ck_assert_int_eq(pthread_create(&threads[i], NULL, checkout, &workers[i]),
                     0);
  }
  for (int i = 0; i < THREADS; i++) {
    ck_assert_int_eq(pthread_join(threads[i], NULL), 0);
    ck_assert_msg(workers[i].status == PROMO_OK, "worker %d: %s", i,
                  promo_status_name(workers[i].status));
  }
}
END_TEST

/* Typo diagnosis (issue 12) on a shared catalog: every thread reads the
 * hint index and its ICU spoof checker (const, thread-safe by ICU's
 * contract), and formats the message of its own result. */
static void *diagnose(void *arg) {
  worker *w = arg;
  promo_status st = PROMO_OK;
  promo_apply_options opts = PROMO_APPLY_OPTIONS_INIT;
  opts.hints = true;
  opts.dry_run = true;
  for (int i = 0; i < ROUNDS / 4 && st == PROMO_OK; i++) {
    promo_order *o = NULL;
    promo_result *r = NULL;
    st = promo_order_new(&o, w->catalog);
    if (st == PROMO_OK) {
      st = promo_result_new(&r, NULL);
    }
    if (st == PROMO_OK) {
      st = promo_order_set_country(o, "NL");
    }
    if (st == PROMO_OK) {
      st = promo_order_set_currency(o, "EUR");
    }
    if (st == PROMO_OK) {
      st = promo_order_set_placed_at(o, 1774992600);
    }
    if (st == PROMO_OK) {
      st = promo_order_add_line(NULL, o, "sub-1", "O365_E3", true,
                                PROMO_TERM_ANNUAL, 1, 100);
    }
    if (st == PROMO_OK &&
        (promo_apply(r, o,
                     "spring\xe2\x80\x93"
                     "2026",
                     13, &opts) != PROMO_ERR_CODE_NOT_FOUND ||
         promo_result_hints(r) !=
             ((1u << PROMO_HINT_DASH) | (1u << PROMO_HINT_LETTER_CASE)))) {
      st = PROMO_ERR_INVALID_ARGUMENT;
    }
    char text[PROMO_MESSAGE_MAX];
    size_t n = 0;
    if (st == PROMO_OK) {
      st = promo_result_message(&n, text, sizeof text, r, "nl");
    }
    promo_result_free(r);
    promo_order_free(o);
  }
  w->status = st;
  return NULL;
}

START_TEST(threads_share_a_catalogs_hint_index) {
  promo_catalog_builder *b = NULL;
  promo_campaign *c = NULL;
  MUST(promo_catalog_builder_new(&b, NULL));
  MUST(promo_catalog_builder_set_hints(b, true));
  MUST(promo_catalog_builder_add_campaign(&c, b, "spring-2026"));
  MUST(promo_campaign_set_percent_bps(c, 2000));
  MUST(promo_campaign_add_code(c, "SPRING-2026", 11));
  promo_catalog *cat = NULL;
  MUST(promo_catalog_build(&cat, b));
  promo_catalog_builder_free(b);
  /* Warm ICU's lazily loaded data up first, as above. */
  worker warm_up = {cat, PROMO_ERR_INVALID_ARGUMENT};
  (void)diagnose(&warm_up);
  MUST(warm_up.status);
  pthread_t threads[THREADS];
  worker workers[THREADS];
  for (int i = 0; i < THREADS; i++) {
    workers[i].catalog = cat;
    workers[i].status = PROMO_ERR_INVALID_ARGUMENT;
    ck_assert_int_eq(pthread_create(&threads[i], NULL, diagnose, &workers[i]),
                     0);
  }
  for (int i = 0; i < THREADS; i++) {
    ck_assert_int_eq(pthread_join(threads[i], NULL), 0);
    ck_assert_msg(workers[i].status == PROMO_OK, "worker %d: %s", i,
                  promo_status_name(workers[i].status));
  }
  promo_catalog_release(cat);
}
END_TEST

int main(void) {
  Suite *s = suite_create("lifetime");
  TCase *tc = tcase_create("lifetime");
  tcase_add_loop_test(tc, objects_may_be_freed_in_every_order, 0, 24);
  tcase_add_test(tc, a_catalog_lives_until_its_last_order_is_freed);
  tcase_add_test(tc, retain_and_release_pair_up_and_the_last_release_frees);
  tcase_add_test(tc, retain_refuses_null_and_release_of_null_is_a_no_op);
  tcase_add_test(tc, retain_refuses_a_count_that_would_wrap);
  tcase_add_test(tc, an_order_that_cannot_be_made_takes_no_reference);
  tcase_add_test(tc, threads_share_a_catalog_whose_creator_let_go_first);
  tcase_add_test(tc, threads_share_a_catalogs_hint_index);
  suite_add_tcase(s, tc);
  return test_run_suite(s);
}
