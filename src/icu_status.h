/* icu_status.h - what a failed ICU call means to a libpromo caller: ICU ran
 * out of memory (PROMO_ERR_NO_MEMORY), or it refused what it was given. */
#ifndef PROMO_SRC_ICU_STATUS_H
#define PROMO_SRC_ICU_STATUS_H

#include <promo/status.h>

#include <unicode/utypes.h>

static inline promo_status promo_status_of_icu(UErrorCode err) {
  return err == U_MEMORY_ALLOCATION_ERROR ? PROMO_ERR_NO_MEMORY
                                          : PROMO_ERR_INVALID_ARGUMENT;
}

#endif
