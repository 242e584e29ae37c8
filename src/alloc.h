/* alloc.h - every allocation of the library goes through a promo_alloc, the
 * caller's allocator or malloc/realloc/free. */
#ifndef PROMO_SRC_ALLOC_H
#define PROMO_SRC_ALLOC_H

#include <promo/common.h>

#include <stddef.h>

typedef promo_allocator promo_alloc;

/* Fills *a from the caller's allocator, or with the C library's when user is
 * NULL. Returns false if `user` lacks a function. */
bool promo_alloc_init(promo_alloc *a, const promo_allocator *user);

void *promo_malloc(const promo_alloc *a, size_t size);
/* size 0 or a count × size overflow gives NULL. Memory is zeroed. */
void *promo_calloc(const promo_alloc *a, size_t count, size_t size);
void *promo_realloc(const promo_alloc *a, void *ptr, size_t size);
/* Grows *array (count elements of `size`) to at least `need` elements,
 * doubling; returns false (array untouched) when out of memory. */
bool promo_grow(const promo_alloc *a, void **array, size_t *capacity,
                size_t need, size_t size);
void promo_free(const promo_alloc *a, void *ptr);

/* Asks the system to back the 2 MiB-aligned stretches wholly inside
 * [p, p + len) with huge pages (Linux's transparent huge pages, which
 * Debian enables on request only): a table of hundreds of megabytes read
 * at random then misses the TLB on nearly every lookup with 4 KiB pages,
 * and almost never with 2 MiB ones. Call it on memory not yet written.
 * A hint, with no effect on what the memory holds: ignored where the
 * system lacks it, and for blocks under 2 MiB. */
void promo_advise_huge(void *p, size_t len);

#endif
