/* compiled.h - opening a compiled catalog from bytes in memory: what
 * promo_catalog_open() does once it has mapped the file, shared with the
 * tests and the fuzz target, which hand it buffers. */
#ifndef PROMO_SRC_COMPILED_H
#define PROMO_SRC_COMPILED_H

#include "text.h"

#include <promo/compiled.h>

/* Opens the len-byte image, 8-byte aligned, named `name` in messages: a
 * mapped file (map == image: unmapped with the catalog) or a caller's
 * buffer (map NULL), which must then outlive the catalog. `o` must not be
 * NULL. On failure *e says why and *out is left alone. */
promo_status promo_catalog_open_image(promo_catalog **out, promo_errbuf *e,
                                      const char *name,
                                      const unsigned char *image, size_t len,
                                      const promo_open_options *o, void *map);

/* Rewrites the checksums of the len-byte image so that they match its
 * bytes: every section's whose bounds lie inside the image, then the
 * header's. For the fuzz target and the tests, which damage a file on
 * purpose and need the damage to get past the checksums, to the checks
 * behind them. Does nothing to an image shorter than a header. */
void promo_compiled_reseal(unsigned char *image, size_t len);

#endif
