/* fuzz.h - the one entry point every fuzz target defines; libFuzzer calls
 * it, and so does replay.c for the committed corpus. */
#ifndef PROMO_FUZZ_H
#define PROMO_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
