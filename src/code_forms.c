/* code_forms.c - the looser forms of a code, through ICU: character
 * properties, case mapping, NFKC and confusable skeletons. */
#include "code_forms.h"

#include "hash.h"
#include "icu_status.h"
#include "text.h"

#include <string.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

promo_status promo_form_from_utf8(promo_form *out, const char *code,
                                  size_t len) {
  if (len > (size_t)PROMO_FORM_CAP * 3) {
    return PROMO_ERR_INVALID_ARGUMENT; /* cannot fit: not even looked at */
  }
  UErrorCode err = U_ZERO_ERROR;
  int32_t n = 0;
  u_strFromUTF8(out->s, PROMO_FORM_CAP, &n, code, (int32_t)len, &err);
  if (U_FAILURE(err) || n > PROMO_FORM_CAP) {
    out->len = 0;
    return promo_status_of_icu(err);
  }
  out->len = n;
  return PROMO_OK;
}

/* The code point at s[*i] (a surrogate pair is one), moving *i past it;
 * an unpaired surrogate stands for itself. */
static UChar32 next_char(const UChar *s, int32_t *i, int32_t len) {
  UChar32 c = s[(*i)++];
  if (c >= 0xd800 && c <= 0xdbff && *i < len && s[*i] >= 0xdc00 &&
      s[*i] <= 0xdfff) {
    c = 0x10000 + ((c - 0xd800) << 10) + (s[(*i)++] - 0xdc00);
  }
  return c;
}

/* The code point that ends at s[*i - 1], moving *i to its start. */
static UChar32 prev_char(const UChar *s, int32_t *i) {
  UChar32 c = s[--*i];
  if (c >= 0xdc00 && c <= 0xdfff && *i > 0 && s[*i - 1] >= 0xd800 &&
      s[*i - 1] <= 0xdbff) {
    c = 0x10000 + ((s[--*i] - 0xd800) << 10) + (c - 0xdc00);
  }
  return c;
}

/* What may not begin or end a catalog code: R1's white space
 * (promo_is_blank_char: Unicode's White_Space and U+2800), and controls (a
 * pasted tab or line break). */
static bool is_edge_blank(UChar32 c) {
  return promo_is_blank_char(c) || u_charType(c) == U_CONTROL_CHAR;
}

/* Drops default-ignorable code points anywhere, then blanks at both ends. */
static void strip(promo_form *f) {
  int32_t out = 0;
  for (int32_t i = 0; i < f->len;) {
    int32_t start = i;
    UChar32 c = next_char(f->s, &i, f->len);
    if (!u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT)) {
      while (start < i) {
        f->s[out++] = f->s[start++];
      }
    }
  }
  int32_t end = out;
  while (end > 0) {
    int32_t at = end;
    UChar32 c = prev_char(f->s, &at);
    if (!is_edge_blank(c)) {
      break;
    }
    end = at;
  }
  int32_t begin = 0;
  while (begin < end) {
    int32_t at = begin;
    UChar32 c = next_char(f->s, &at, end);
    if (!is_edge_blank(c)) {
      break;
    }
    begin = at;
  }
  memmove(f->s, f->s + begin, (size_t)(end - begin) * sizeof(UChar));
  f->len = end - begin;
}

/* Every dash becomes a hyphen-minus; a dash outside the BMP (two units)
 * becomes one unit, so the form only shrinks. */
static void dashes(promo_form *f) {
  int32_t out = 0;
  for (int32_t i = 0; i < f->len;) {
    int32_t start = i;
    UChar32 c = next_char(f->s, &i, f->len);
    if (u_hasBinaryProperty(c, UCHAR_DASH)) {
      f->s[out++] = u'-';
      continue;
    }
    while (start < i) {
      f->s[out++] = f->s[start++];
    }
  }
  f->len = out;
}

/* One ICU string step from f into a scratch form, copied back. */
typedef enum step { NFKC, FOLD, UPPER, SKELETON } step;

static promo_status run_step(promo_form *f, step s,
                             const USpoofChecker *spoof) {
  UChar out[PROMO_FORM_CAP];
  UErrorCode err = U_ZERO_ERROR;
  int32_t n = 0;
  switch (s) {
  case NFKC: {
    const UNormalizer2 *nfkc = unorm2_getNFKCInstance(&err);
    if (U_SUCCESS(err)) {
      n = unorm2_normalize(nfkc, f->s, f->len, out, PROMO_FORM_CAP, &err);
    }
    break;
  }
  case FOLD:
    n = u_strFoldCase(out, PROMO_FORM_CAP, f->s, f->len, U_FOLD_CASE_DEFAULT,
                      &err);
    break;
  case UPPER:
    /* The root locale: no Turkish dotless i for a code. */
    n = u_strToUpper(out, PROMO_FORM_CAP, f->s, f->len, "", &err);
    break;
  case SKELETON:
    n = uspoof_getSkeleton(spoof, 0, f->s, f->len, out, PROMO_FORM_CAP, &err);
    break;
  }
  /* A string that exactly fills the buffer is not NUL-terminated: fine. */
  if (err == U_STRING_NOT_TERMINATED_WARNING) {
    err = U_ZERO_ERROR;
  }
  if (U_FAILURE(err)) {
    return promo_status_of_icu(err); /* too long for a form: no form */
  }
  memcpy(f->s, out, (size_t)n * sizeof(UChar));
  f->len = n;
  return PROMO_OK;
}

static promo_status run_steps(promo_form *f, const step *steps, size_t count,
                              const USpoofChecker *spoof) {
  promo_status st = PROMO_OK;
  for (size_t i = 0; i < count && st == PROMO_OK; i++) {
    st = run_step(f, steps[i], spoof);
  }
  return st;
}

promo_status promo_form_apply(promo_form *out, const promo_form *in,
                              uint32_t ways, const USpoofChecker *spoof) {
  static const step LOOKALIKE[] = {NFKC, SKELETON};
  static const step CASE_AND_LOOKALIKE[] = {NFKC, FOLD, UPPER, SKELETON, FOLD};
  *out = *in;
  if (ways & PROMO_FORM_WHITE_SPACE) {
    strip(out);
  }
  if (ways & PROMO_FORM_DASH) {
    dashes(out);
  }
  bool fold = (ways & PROMO_FORM_CASE) != 0;
  bool lookalike = (ways & PROMO_FORM_LOOKALIKE) != 0;
  promo_status st = PROMO_OK;
  if (fold && lookalike) {
    st = run_steps(out, CASE_AND_LOOKALIKE, 5, spoof);
  } else if (lookalike) {
    st = run_steps(out, LOOKALIKE, 2, spoof);
  } else if (fold) {
    st = run_step(out, FOLD, spoof);
  }
  if (st != PROMO_OK) {
    out->len = 0;
  }
  return st;
}

bool promo_form_equal(const promo_form *a, const promo_form *b) {
  return a->len == b->len &&
         memcmp(a->s, b->s, (size_t)a->len * sizeof(UChar)) == 0;
}

uint64_t promo_form_hash(uint64_t seed, const promo_form *f) {
  return promo_hash(seed, f->s, (size_t)f->len * sizeof(UChar));
}
