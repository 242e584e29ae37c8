/* alloc.c - the allocator every object of the library allocates through. */
/* madvise and MADV_HUGEPAGE (Linux) are outside strict C11. */
// NOLINTNEXTLINE(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp)
#define _DEFAULT_SOURCE
#include "alloc.h"

#if defined(__linux__)
#include <sys/mman.h>
#endif

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void *std_malloc(void *ctx, size_t size) {
  (void)ctx;
  return malloc(size);
}

static void *std_realloc(void *ctx, void *ptr, size_t size) {
  (void)ctx;
  return realloc(ptr, size);
}

static void std_free(void *ctx, void *ptr) {
  (void)ctx;
  free(ptr);
}

bool promo_alloc_init(promo_alloc *a, const promo_allocator *user) {
  if (user == NULL) {
    a->malloc_fn = std_malloc;
    a->realloc_fn = std_realloc;
    a->free_fn = std_free;
    a->ctx = NULL;
    return true;
  }
  if (user->malloc_fn == NULL || user->realloc_fn == NULL ||
      user->free_fn == NULL) {
    return false;
  }
  *a = *user;
  return true;
}

void *promo_malloc(const promo_alloc *a, size_t size) {
  if (size == 0) {
    return NULL;
  }
  return a->malloc_fn(a->ctx, size);
}

void *promo_calloc(const promo_alloc *a, size_t count, size_t size) {
  if (count == 0 || size == 0 || count > SIZE_MAX / size) {
    return NULL;
  }
  void *p = a->malloc_fn(a->ctx, count * size);
  if (p != NULL) {
    memset(p, 0, count * size);
  }
  return p;
}

void *promo_realloc(const promo_alloc *a, void *ptr, size_t size) {
  if (size == 0) {
    return NULL;
  }
  return a->realloc_fn(a->ctx, ptr, size);
}

bool promo_grow(const promo_alloc *a, void **array, size_t *capacity,
                size_t need, size_t size) {
  if (need <= *capacity) {
    return true;
  }
  size_t cap = *capacity < 4 ? 4 : *capacity;
  while (cap < need) {
    if (cap > SIZE_MAX / 2) {
      return false;
    }
    cap *= 2;
  }
  if (cap > SIZE_MAX / size) {
    return false;
  }
  void *p = promo_realloc(a, *array, cap * size);
  if (p == NULL) {
    return false;
  }
  *array = p;
  *capacity = cap;
  return true;
}

void promo_free(const promo_alloc *a, void *ptr) {
  if (ptr != NULL) {
    a->free_fn(a->ctx, ptr);
  }
}

void promo_advise_huge(void *p, size_t len) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  const uintptr_t huge = (uintptr_t)2 << 20;
  uintptr_t from = ((uintptr_t)p + huge - 1) & ~(huge - 1);
  uintptr_t to = ((uintptr_t)p + len) & ~(huge - 1);
  if (to > from) {
    (void)madvise((void *)from, (size_t)(to - from), MADV_HUGEPAGE);
  }
#else
  (void)p;
  (void)len;
#endif
}
