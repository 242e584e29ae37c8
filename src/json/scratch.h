/* scratch.h - the JSON layer's temporary memory: file text, result text,
 * paths, read blocks. It comes from jansson's allocator (malloc unless the
 * program called json_set_alloc_funcs()), like the parsed documents
 * themselves, so that one allocator serves everything promo_json allocates
 * besides the catalog and the order, and a test can make any of it fail. */
#ifndef PROMO_JSON_SRC_SCRATCH_H
#define PROMO_JSON_SRC_SCRATCH_H

#include <stddef.h>

/* `size` bytes, or NULL. */
void *pj_scratch_alloc(size_t size);

/* Moves the first `used` bytes of `ptr` (NULL: none) into a new block of
 * `size` bytes and frees `ptr`; on failure returns NULL and leaves `ptr` as
 * it was. jansson's allocator has no realloc. */
void *pj_scratch_grow(void *ptr, size_t used, size_t size);

/* Frees a block of pj_scratch_alloc or pj_scratch_grow. NULL is a no-op. */
void pj_scratch_free(void *ptr);

#endif
