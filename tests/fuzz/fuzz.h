/* fuzz.h - the one entry point every fuzz target defines; libFuzzer calls
 * it, and so does replay.c for the committed corpus. */
#ifndef PROMO_FUZZ_H
#define PROMO_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A property every input must keep; a broken one aborts, which libFuzzer
 * reports as a crash and the replay driver as a failed test. */
#define REQUIRE(cond)                                                          \
  do {                                                                         \
    if (!(cond)) {                                                             \
      abort();                                                                 \
    }                                                                          \
  } while (0)

#endif
