/* host.c - R12: the host's own validators, after the built-in ones, in the
 * order the host gave them. A rejection, whatever status the callback
 * chose, is reported as rejected_by_host with the callback's reason;
 * PROMO_ERR_NO_MEMORY aborts the apply. */
#include "pipeline.h"

#include <string.h>

/* Maps a callback's answer to the apply's. A reason is kept only with a
 * rejection: an accepting callback, or one that ran out of memory, leaves
 * none behind. */
static promo_status verdict(promo_status st, char *reason) {
  if (st == PROMO_OK || st == PROMO_ERR_NO_MEMORY) {
    reason[0] = '\0';
    return st;
  }
  reason[PROMO_REASON_MAX - 1] = '\0'; /* a callback that overran its NUL */
  return PROMO_ERR_REJECTED_BY_HOST;
}

static promo_status check_order(promo_check *check) {
  const promo_apply_options *o = check->options;
  for (size_t i = 0; i < o->validator_count; i++) {
    const promo_validator *v = &o->validators[i];
    if (v->check_order == NULL) {
      continue;
    }
    memset(check->reason, 0, PROMO_REASON_MAX);
    promo_status st =
        verdict(v->check_order(v->user_data, check->order, check->campaign->id,
                               check->reason, PROMO_REASON_MAX),
                check->reason);
    if (st != PROMO_OK) {
      return st;
    }
  }
  return PROMO_OK;
}

static promo_status check_line(promo_check *check, size_t line) {
  const promo_apply_options *o = check->options;
  for (size_t i = 0; i < o->validator_count; i++) {
    const promo_validator *v = &o->validators[i];
    if (v->check_line == NULL) {
      continue;
    }
    memset(check->reason, 0, PROMO_REASON_MAX);
    promo_status st = verdict(v->check_line(v->user_data, check->order, line,
                                            check->campaign->id, check->reason,
                                            PROMO_REASON_MAX),
                              check->reason);
    if (st != PROMO_OK) {
      return st;
    }
  }
  return PROMO_OK;
}

const promo_step promo_step_host = {"host", "R12", check_order, check_line};
