/* pipeline.c - the check order, and the loop that walks it.
 *
 * What a warm apply pays here, and for what: one indirect call per step
 * that applies to the campaign (promo_pipeline_steps() drops, once per
 * campaign, the steps that cannot refuse its codes: R1 once the code is
 * found, R2 without dates, R3 without regions, R9 without products, R10
 * for a percentage, R11 without a cap), and for a line-level step one
 * call per line still taking the code. The steps themselves are a compare
 * or two each (R9 a binary search of a few indices); the host step runs
 * only when the host gave validators. Keeping each rule a
 * separate function in its own file, called through this table, costs
 * tens of instructions per apply against fusing them; the table stays the
 * documented check order, and a rule is a file and a row. */
#include "pipeline.h"

const promo_step *const promo_pipeline[] = {
    &promo_step_exact_match,      /* R1 */
    &promo_step_expiry,           /* R2 */
    &promo_step_region,           /* R3 */
    &promo_step_new_subscription, /* R4 */
    &promo_step_one_code,         /* R5 */
    &promo_step_product,          /* R9 */
    &promo_step_currency,         /* R10 */
    &promo_step_redemptions,      /* R11 */
    &promo_step_host,             /* R12 */
};

#define LENGTH (sizeof promo_pipeline / sizeof promo_pipeline[0])

_Static_assert(LENGTH <= 32, "a step mask has 32 bits");

const size_t promo_pipeline_length = LENGTH;

/* R12, the table's last row (test_pipeline holds it there): it has nothing
 * to run when the apply's options give no validators. */
#define HOST_STEP (LENGTH - 1)

uint32_t promo_pipeline_steps(const promo_campaign_def *c) {
  uint32_t steps = 0;
  for (size_t s = 0; s < LENGTH; s++) {
    const promo_step *step = promo_pipeline[s];
    if (step->applies == NULL || step->applies(c)) {
      steps |= UINT32_C(1) << s;
    }
  }
  return steps;
}

/* Runs one step's line check. While the apply is undecided, it runs on every
 * line still taking the code, and marks the lines it skips; in explain mode
 * it runs on every other line too, only to record its reasons. Returns how
 * many lines are left taking the code, or SIZE_MAX after
 * PROMO_ERR_NO_MEMORY. *skipped is the status of the last line this step
 * skipped, if it skipped any. */
static size_t run_lines(const promo_step *step, promo_check *check,
                        promo_result *r, bool deciding, char *scratch,
                        promo_status *skipped) {
  const bool explain = check->options->explain;
  size_t left = 0;
  for (size_t i = 0; i < r->line_count; i++) {
    promo_result_line *line = &r->lines[i];
    bool in = deciding && line->status == PROMO_OK;
    if (!in && !explain) {
      continue;
    }
    /* A host's reason for a line already out is not the answer's. */
    check->reason = in ? line->reason : scratch;
    promo_status st = step->check_line(check, i);
    if (st == PROMO_ERR_NO_MEMORY) {
      return SIZE_MAX;
    }
    if (explain && st != PROMO_OK) {
      line->reasons |= promo_reason_bit(st);
    }
    if (!in) {
      continue;
    }
    if (st != PROMO_OK) {
      line->status = st;
      *skipped = st;
    } else {
      left++;
    }
  }
  return left;
}

promo_status promo_pipeline_run(promo_check *check, promo_result *r) {
  const bool explain = check->options->explain;
  char scratch[PROMO_REASON_MAX];
  uint32_t steps = check->campaign == NULL ? (UINT32_C(1) << LENGTH) - 1
                                           : check->campaign->steps;
  if (check->options->validator_count == 0) {
    steps &= ~(UINT32_C(1) << HOST_STEP);
  }
  /* The apply's answer once a step decides it. Without explain that ends
   * the run; with it, every later step still runs to record its reasons,
   * and changes neither the answer nor any line's status. */
  promo_status verdict = PROMO_OK;
  for (size_t s = 0; steps >> s != 0; s++) {
    if (((steps >> s) & 1u) == 0) {
      continue; /* it cannot refuse this campaign's codes */
    }
    const promo_step *step = promo_pipeline[s];
    if (step->check_order != NULL) {
      check->reason = verdict == PROMO_OK ? r->reason : scratch;
      promo_status st = step->check_order(check);
      if (st == PROMO_ERR_NO_MEMORY) {
        return st;
      }
      if (st != PROMO_OK) {
        if (explain) {
          r->reasons |= promo_reason_bit(st);
        }
        if (verdict == PROMO_OK) {
          verdict = st;
        }
        /* Without a campaign (R1) no later step has anything to check. */
        if (!explain || check->campaign == NULL) {
          return verdict;
        }
      }
    }
    if (step->check_line != NULL) {
      promo_status skipped = PROMO_OK;
      size_t left =
          run_lines(step, check, r, verdict == PROMO_OK, scratch, &skipped);
      if (left == SIZE_MAX) {
        return PROMO_ERR_NO_MEMORY;
      }
      /* The last line went here: this step is the latest that skipped one,
       * and its line came closest to taking the code. */
      if (verdict == PROMO_OK && left == 0) {
        verdict = skipped;
        if (!explain) {
          return verdict;
        }
      }
    }
  }
  return verdict;
}
