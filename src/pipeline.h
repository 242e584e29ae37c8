/* pipeline.h - the validators of promo_apply, as one ordered table.
 *
 * Every validator has the same shape: a name, the rule it enforces, and an
 * order-level check, a line-level check, or both. The table in pipeline.c
 * *is* the documented check order (see promo/apply.h); adding a validator
 * is adding a file under validators/ and a row to the table. */
#ifndef PROMO_SRC_PIPELINE_H
#define PROMO_SRC_PIPELINE_H

#include "catalog_impl.h"
#include "order_impl.h"
#include "result_impl.h"

/* What a validator sees of one apply, read-only. */
typedef struct promo_check {
  const promo_order *order;
  const char *code;
  size_t code_len;
  const promo_apply_options *options;
  /* The campaign the code belongs to, looked up once before the table
   * runs; NULL when the code is in no campaign, which exact_match (R1, the
   * table's first step) refuses, so every later step has one. */
  const promo_campaign_def *campaign;
  /* Where a host validator writes its reason: the result's for an order
   * check, the line's for a line check. PROMO_REASON_MAX bytes. Set by the
   * runner before each call. */
  char *reason;
  /* Where R11 says why the store failed (PROMO_ERR_STORE_UNAVAILABLE). */
  promo_store_error *store_error;
} promo_check;

typedef struct promo_step {
  const char *name; /* "expiry" */
  const char *rule; /* "R2" */
  /* Whether the step can refuse an apply of campaign c's codes at all
   * (NULL: it always can). Asked once per campaign, when its catalog is
   * built or opened (promo_pipeline_steps): the run skips a step that
   * cannot, so a campaign without regions, say, pays nothing for R3. */
  bool (*applies)(const promo_campaign_def *c);
  /* PROMO_OK, or the status that ends the apply. */
  promo_status (*check_order)(const promo_check *check);
  /* PROMO_OK, or why line `line` is skipped (PROMO_ERR_NO_MEMORY ends the
   * apply instead). */
  promo_status (*check_line)(const promo_check *check, size_t line);
} promo_step;

/* One per file under validators/. */
extern const promo_step promo_step_exact_match;
extern const promo_step promo_step_expiry;
extern const promo_step promo_step_region;
extern const promo_step promo_step_new_subscription;
extern const promo_step promo_step_one_code;
extern const promo_step promo_step_product;
extern const promo_step promo_step_currency;
extern const promo_step promo_step_redemptions;
extern const promo_step promo_step_host;

/* The table, in check order, and its length. */
extern const promo_step *const promo_pipeline[];
extern const size_t promo_pipeline_length;

/* The steps that apply to campaign c, one bit per step of the table
 * (bit s: promo_pipeline[s]). */
uint32_t promo_pipeline_steps(const promo_campaign_def *c);

/* Runs the table's steps that apply to check->campaign (all of them when
 * it is NULL: then R1 refuses). A step's order check that fails ends the
 * run with its status. A step's line check runs on every line still taking
 * the code and marks the lines it skips in r; when no line is left, the
 * run ends with the status of the step that skipped the last one: the
 * latest step that skipped a line, whose line came closest to taking the
 * code.
 *
 * With the explain option the run goes on after that answer, through every
 * step (but none after R1 fails: there is no campaign), each order check
 * once and each line check on every line, recording every refusal in
 * r->reasons and the lines' reasons; the answer and the lines' statuses
 * are those of the run without it. A step skipped for the campaign could
 * refuse nothing, so it has no reason to record either. */
promo_status promo_pipeline_run(promo_check *check, promo_result *r);

#endif
