/* host.c - R12: the host's own validators, after the built-in ones, in the
 * order the host gave them. Only PROMO_OK accepts: any other answer, even
 * one that is no status at all, rejects and is reported as
 * rejected_by_host with the callback's reason; PROMO_ERR_NO_MEMORY aborts
 * the apply. A reason is made valid UTF-8 before anyone reads it. */
#include "pipeline.h"

#include <string.h>
#include <unicode/utf8.h>

/* U+FFFD REPLACEMENT CHARACTER, for each ill-formed sequence. */
static const char REPLACEMENT[] = "\xef\xbf\xbd";

/* Rewrites the callback's reason (up to its NUL or the end of the buffer)
 * as valid UTF-8 of at most PROMO_REASON_MAX - 1 bytes, NUL-terminated:
 * each ill-formed sequence (ICU's maximal subpart) becomes U+FFFD; when the
 * reason fills the buffer, a character cut off at its end is dropped; and
 * if replacements make the text longer than the buffer, it ends at the last
 * character that fits. */
static void clean_reason(char *reason) {
  const int32_t max = PROMO_REASON_MAX - 1;
  int32_t n = 0;
  while (n < max && reason[n] != '\0') {
    n++;
  }
  const uint8_t *in = (const uint8_t *)reason;
  char out[PROMO_REASON_MAX];
  int32_t used = 0;
  int32_t i = 0;
  while (i < n) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(in, i, n, c);
    const char *bytes = reason + start;
    int32_t size = i - start;
    if (c < 0) {
      bool cut = n == max && i == n && in[start] >= 0xc2 && in[start] <= 0xf4;
      if (cut) {
        break; /* the first bytes of a character the buffer cut off */
      }
      bytes = REPLACEMENT;
      size = (int32_t)sizeof REPLACEMENT - 1;
    }
    if (used + size > max) {
      break;
    }
    memcpy(out + used, bytes, (size_t)size);
    used += size;
  }
  memcpy(reason, out, (size_t)used);
  reason[used] = '\0';
}

/* Maps a callback's answer to the apply's. A reason is kept only with a
 * rejection: an accepting callback, or one that ran out of memory, leaves
 * none behind. */
static promo_status verdict(promo_status st, char *reason) {
  if (st == PROMO_OK || st == PROMO_ERR_NO_MEMORY) {
    reason[0] = '\0';
    return st;
  }
  clean_reason(reason);
  return PROMO_ERR_REJECTED_BY_HOST;
}

static promo_status check_order(const promo_check *check) {
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

static promo_status check_line(const promo_check *check, size_t line) {
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

const promo_step promo_step_host = {"host", "R12", NULL, check_order,
                                    check_line};
