/* code_forms.h - the looser forms of a code that typo diagnosis compares
 * (issue 12). Each hint (promo_hint) names one way of forgetting a
 * difference, done by ICU, never by a table of our own:
 *
 *   white_space  drop default-ignorable code points (zero-width space,
 *                byte order mark, soft hyphen, ...) anywhere, and white
 *                space as R1 sees it (promo_is_blank_char) and controls
 *                at either end: what no catalog code can begin or end
 *                with
 *   dash         every character with Unicode's Dash property becomes '-'
 *   letter_case  full Unicode case folding (u_strFoldCase)
 *   lookalike    NFKC (unorm2), then the confusable skeleton of UTS 39
 *                (uspoof_getSkeleton)
 *
 * A form applies the ways of a set in that order. With both letter_case
 * and lookalike it is the loosest form: NFKC, fold, upper case, skeleton,
 * fold, so that a lookalike that differs in case too (l for I, o for 0 in
 * a lower-case code) still meets its code. The loosest form of the whole
 * set is the key of the catalog's hint index.
 *
 * Work is bounded: a form holds at most PROMO_FORM_CAP UTF-16 units; what
 * would grow past it (NFKC and skeletons expand some characters) is
 * refused, never truncated. */
#ifndef PROMO_SRC_CODE_FORMS_H
#define PROMO_SRC_CODE_FORMS_H

#include <promo/status.h>

#include <stdint.h>
#include <unicode/uspoof.h>

/* UTF-16 units in a form. */
#define PROMO_FORM_CAP 256

/* The ways a form forgets differences: bit (1u << hint), as in a mask of
 * hints. */
#define PROMO_FORM_WHITE_SPACE (1u << PROMO_HINT_WHITE_SPACE)
#define PROMO_FORM_DASH (1u << PROMO_HINT_DASH)
#define PROMO_FORM_CASE (1u << PROMO_HINT_LETTER_CASE)
#define PROMO_FORM_LOOKALIKE (1u << PROMO_HINT_LOOKALIKE)
#define PROMO_FORM_ALL                                                         \
  (PROMO_FORM_WHITE_SPACE | PROMO_FORM_DASH | PROMO_FORM_CASE |                \
   PROMO_FORM_LOOKALIKE)

typedef struct promo_form {
  int32_t len;
  UChar s[PROMO_FORM_CAP];
} promo_form;

/* `len` bytes of UTF-8 as a form that forgets nothing yet. PROMO_OK;
 * PROMO_ERR_INVALID_ARGUMENT for ill-formed UTF-8 or more than
 * PROMO_FORM_CAP units. */
promo_status promo_form_from_utf8(promo_form *out, const char *code,
                                  size_t len);

/* *out = `in` with the ways of `ways` (PROMO_FORM_* bits) forgotten. `spoof`
 * gives the skeletons (needed when `ways` has PROMO_FORM_LOOKALIKE). PROMO_OK;
 * PROMO_ERR_INVALID_ARGUMENT when the form would outgrow PROMO_FORM_CAP (no
 * form then: not a match for anything); PROMO_ERR_NO_MEMORY when ICU runs
 * out. */
promo_status promo_form_apply(promo_form *out, const promo_form *in,
                              uint32_t ways, const USpoofChecker *spoof);

/* Whether two forms are the same string. */
bool promo_form_equal(const promo_form *a, const promo_form *b);

/* A 64-bit hash of the form under `seed`, for the hint index: the catalog's
 * secret key (hash.h), since the forms come from partners' code lists. */
uint64_t promo_form_hash(uint64_t seed, const promo_form *f);

#endif
