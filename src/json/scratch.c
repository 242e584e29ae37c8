/* scratch.c - temporary memory from jansson's allocator. */
#include "scratch.h"

#include <jansson.h>
#include <string.h>

void *pj_scratch_alloc(size_t size) {
  json_malloc_t alloc = NULL;
  json_free_t release = NULL;
  json_get_alloc_funcs(&alloc, &release);
  return alloc(size);
}

void *pj_scratch_grow(void *ptr, size_t used, size_t size) {
  char *bigger = pj_scratch_alloc(size);
  if (bigger == NULL) {
    return NULL;
  }
  if (ptr != NULL) {
    memcpy(bigger, ptr, used < size ? used : size);
    pj_scratch_free(ptr);
  }
  return bigger;
}

void pj_scratch_free(void *ptr) {
  if (ptr == NULL) {
    return;
  }
  json_malloc_t alloc = NULL;
  json_free_t release = NULL;
  json_get_alloc_funcs(&alloc, &release);
  release(ptr);
}
