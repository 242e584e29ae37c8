/* one_code.c - R5: a subscription carries at most one promo code. A line
 * already carrying a different code is skipped; one carrying this very code
 * passes, and the apply is a no-op for it (never a double discount: the
 * discount is computed once per line, whatever it carried before). */
#include "pipeline.h"

#include <string.h>

static promo_status check_line(const promo_check *check, size_t line) {
  const promo_line *l = &check->order->lines[line];
  if (l->code_len == 0) {
    return PROMO_OK;
  }
  if (l->code_len == check->code_len &&
      memcmp(l->code, check->code, check->code_len) == 0) {
    return PROMO_OK;
  }
  return PROMO_ERR_ALREADY_HAS_PROMO;
}

const promo_step promo_step_one_code = {"one_code", "R5", NULL, NULL,
                                        check_line};
