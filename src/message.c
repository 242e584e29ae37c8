/* message.c - the customer's message about a result, formatted by ICU: one
 * table of MessageFormat patterns per language, money through unumf, dates
 * through udat, countries and currencies by their names in the customer's
 * language.
 *
 * Times: the apply turned each instant a message may show into the order
 * zone's wall-clock time with the library's own zone rules (zone.h, the tz
 * database), and udat formats that wall-clock time as a "floating" time in
 * UTC, with no zone shown. No ICU formatter ever decides an offset, so a
 * message says what R2 and R7 decided.
 *
 * Whatever goes wrong while formatting, but ICU running out of memory,
 * gives the static sentence of the status (promo_status_message): a message
 * always exists. */
#include "icu_status.h"
#include "language.h"
#include "result_impl.h"

#include <stdio.h>
#include <string.h>
#include <unicode/ucurr.h>
#include <unicode/udat.h>
#include <unicode/uloc.h>
#include <unicode/umsg.h>
#include <unicode/unumberformatter.h>
#include <unicode/ustring.h>

/* UTF-16 room for a message and for each of its arguments. */
#define TEXT_CAP PROMO_MESSAGE_MAX
#define ARG_CAP 320
#define ARG_COUNT 4

/* The patterns of one language. Arguments are strings, formatted before:
 * money {0} {1}, dates, names; {2} of "ok" selects "same" (every accepted
 * line's discount ends at once: {3} is when) or "other". Statuses without
 * a pattern here have nothing to add to their static sentence. */
typedef struct patterns {
  const char *ok;
  const char *expired;
  const char *not_yet_active;
  const char *wrong_region;
  const char *currency_mismatch;
  const char *rejected_by_host;
} patterns;

static const patterns PATTERNS[PROMO_LANGUAGE_COUNT] = {
    {
        .ok = "The promo code was applied to your order: {0} off per billing "
              "period, which brings it to {1}. {2, select, same {The "
              "discount lasts until {3}.} other {Each subscription keeps the "
              "discount for one term.}}",
        .expired = "This promo code has expired: it could be used until {0}. "
                   "Campaigns run for a limited time and expired codes cannot "
                   "be accepted or replaced, but you can still purchase the "
                   "subscription without one.",
        .not_yet_active = "This promo code cannot be used yet: its campaign "
                          "starts on {0}. Try again from then.",
        .wrong_region = "This promo code does not work in your country or "
                        "region ({0}). Promo codes only work in the country "
                        "or region they were created for.",
        .currency_mismatch = "This promo code is for orders in {0}, and your "
                             "order is in {1}. Check the terms and "
                             "conditions of the code.",
        .rejected_by_host = "This promo code cannot be used for this order: "
                            "{0}",
    },
    {
        .ok = "De promotiecode is toegepast op uw bestelling: {0} korting "
              "per factuurperiode, waarmee het totaal {1} wordt. {2, select, "
              "same {De korting geldt tot {3}.} other {Elk abonnement houdt "
              "de korting \xc3\xa9\xc3\xa9n termijn lang.}}",
        .expired = "Deze promotiecode is verlopen: hij kon worden gebruikt tot "
                   "{0}. Campagnes gelden gedurende een beperkte periode en "
                   "verlopen codes kunnen niet worden geaccepteerd of "
                   "vervangen, maar u kunt het abonnement wel zonder "
                   "promotiecode aanschaffen.",
        .not_yet_active = "Deze promotiecode kan nog niet worden gebruikt: de "
                          "campagne begint op {0}. Probeer het vanaf dan "
                          "opnieuw.",
        .wrong_region = "Deze promotiecode werkt niet in uw land of regio "
                        "({0}). Promotiecodes werken alleen in het land of de "
                        "regio waarvoor ze zijn gemaakt.",
        .currency_mismatch = "Deze promotiecode geldt voor bestellingen in "
                             "{0}, en uw bestelling is in {1}. Raadpleeg de "
                             "voorwaarden van de code.",
        .rejected_by_host = "Deze promotiecode kan niet voor deze bestelling "
                            "worden gebruikt: {0}",
    },
};

size_t promo_message_max(void) {
  return PROMO_MESSAGE_MAX;
}

/* What one message is being made of. */
typedef struct maker {
  const promo_result *r;
  promo_language language;
  char locale[ULOC_FULLNAME_CAPACITY]; /* for ICU */
  UChar args[ARG_COUNT][ARG_CAP];
  UChar text[TEXT_CAP];
  int32_t text_len;
} maker;

/* The ICU locale for `locale`, in the language its messages are written
 * in: "nl-BE" keeps Belgian Dutch conventions, any language without
 * messages formats as "en". Always the Gregorian calendar. */
static void resolve_locale(maker *m, const char *locale) {
  m->language = promo_language_of(locale);
  const char *code = promo_language_code(m->language);
  UErrorCode err = U_ZERO_ERROR;
  char canonical[ULOC_FULLNAME_CAPACITY] = "";
  bool usable = locale != NULL && strlen(locale) < 64;
  if (usable && strchr(locale, '-') != NULL) {
    (void)uloc_forLanguageTag(locale, canonical, (int32_t)sizeof canonical,
                              NULL, &err);
  } else if (usable) {
    (void)uloc_canonicalize(locale, canonical, (int32_t)sizeof canonical, &err);
  }
  char language[ULOC_LANG_CAPACITY] = "";
  (void)uloc_getLanguage(canonical, language, (int32_t)sizeof language, &err);
  if (U_FAILURE(err) || err == U_STRING_NOT_TERMINATED_WARNING ||
      strcmp(language, code) != 0) {
    (void)snprintf(canonical, sizeof canonical, "%s", code);
  }
  err = U_ZERO_ERROR;
  (void)uloc_setKeywordValue("calendar", "gregorian", canonical,
                             (int32_t)sizeof canonical, &err);
  if (U_FAILURE(err)) {
    (void)snprintf(canonical, sizeof canonical, "%s", code);
  }
  memcpy(m->locale, canonical, sizeof m->locale);
}

/* ---- arguments --------------------------------------------------------- */

/* `minor` minor units of `currency` as a decimal number ("1234.56"), exact:
 * no floating point. */
static bool decimal_of(char *out, size_t size, int64_t minor,
                       const char *currency) {
  UChar iso[4];
  u_charsToUChars(currency, iso, 4);
  UErrorCode err = U_ZERO_ERROR;
  int32_t digits = ucurr_getDefaultFractionDigits(iso, &err);
  if (U_FAILURE(err) || digits < 0 || digits > 6) {
    return false;
  }
  uint64_t magnitude =
      minor < 0 ? (uint64_t)0 - (uint64_t)minor : (uint64_t)minor;
  uint64_t scale = 1;
  for (int32_t i = 0; i < digits; i++) {
    scale *= 10;
  }
  int n = snprintf(out, size, "%s%llu", minor < 0 ? "-" : "",
                   (unsigned long long)(magnitude / scale));
  if (digits > 0) {
    n = snprintf(out + n, size - (size_t)n, ".%0*llu", (int)digits,
                 (unsigned long long)(magnitude % scale));
  }
  return n > 0;
}

/* Money as the locale writes it, in the order's currency: both amounts
 * through one formatter (opening one is most of the cost). */
static UErrorCode format_money(UChar *out, UChar *out2, int64_t minor,
                               int64_t minor2, const char *currency,
                               const char *locale) {
  char decimal[48];
  char decimal2[48];
  if (currency[0] == '\0' ||
      !decimal_of(decimal, sizeof decimal, minor, currency) ||
      !decimal_of(decimal2, sizeof decimal2, minor2, currency)) {
    return U_ILLEGAL_ARGUMENT_ERROR;
  }
  UChar skeleton[16];
  char ascii[16];
  (void)snprintf(ascii, sizeof ascii, "currency/%s", currency);
  u_charsToUChars(ascii, skeleton, (int32_t)strlen(ascii) + 1);
  UErrorCode err = U_ZERO_ERROR;
  UNumberFormatter *f =
      unumf_openForSkeletonAndLocale(skeleton, -1, locale, &err);
  UFormattedNumber *n = unumf_openResult(&err);
  unumf_formatDecimal(f, decimal, -1, n, &err);
  (void)unumf_resultToString(n, out, ARG_CAP, &err);
  unumf_formatDecimal(f, decimal2, -1, n, &err);
  (void)unumf_resultToString(n, out2, ARG_CAP, &err);
  unumf_closeResult(n);
  unumf_close(f);
  return err == U_STRING_NOT_TERMINATED_WARNING ? U_BUFFER_OVERFLOW_ERROR : err;
}

/* A wall-clock time of the order's zone (seconds since 1970-01-01T00:00
 * of that wall clock), in the locale's long date (and short time) style. */
static UErrorCode format_local(UChar *out, const maker *m, int64_t local,
                               bool with_time) {
  UErrorCode err = U_ZERO_ERROR;
  UDateFormat *f = udat_open(with_time ? UDAT_SHORT : UDAT_NONE, UDAT_LONG,
                             m->locale, u"UTC", -1, NULL, 0, &err);
  /* Proleptic Gregorian, like the library's calendar arithmetic. */
  UCalendar *gregorian =
      U_SUCCESS(err) ? ucal_clone(udat_getCalendar(f), &err) : NULL;
  ucal_setGregorianChange(gregorian, -8.64e15, &err);
  if (U_SUCCESS(err)) {
    udat_setCalendar(f, gregorian);
  }
  ucal_close(gregorian);
  (void)udat_format(f, (UDate)local * 1000.0, out, ARG_CAP, NULL, &err);
  udat_close(f);
  return err == U_STRING_NOT_TERMINATED_WARNING ? U_BUFFER_OVERFLOW_ERROR : err;
}

/* The order's country, named in the customer's language. */
static UErrorCode format_country(UChar *out, const maker *m) {
  char id[8];
  (void)snprintf(id, sizeof id, "und_%s", m->r->country);
  UErrorCode err = U_ZERO_ERROR;
  int32_t n = uloc_getDisplayCountry(id, m->locale, out, ARG_CAP, &err);
  if (U_SUCCESS(err) && n == 0) {
    err = U_ILLEGAL_ARGUMENT_ERROR;
  }
  return err == U_STRING_NOT_TERMINATED_WARNING ? U_BUFFER_OVERFLOW_ERROR : err;
}

/* A currency by its name for an amount ("euros", "US dollars"). */
static UErrorCode format_currency(UChar *out, const char *currency,
                                  const maker *m) {
  UChar iso[4];
  u_charsToUChars(currency, iso, 4);
  UErrorCode err = U_ZERO_ERROR;
  UBool choice = 0;
  int32_t n = 0;
  const UChar *name =
      ucurr_getPluralName(iso, m->locale, &choice, "other", &n, &err);
  if (U_FAILURE(err) || n >= ARG_CAP) {
    return U_FAILURE(err) ? err : U_BUFFER_OVERFLOW_ERROR;
  }
  u_memcpy(out, name, n);
  out[n] = 0;
  return U_ZERO_ERROR;
}

/* A host's reason (valid UTF-8, host.c made it so). */
static UErrorCode format_utf8(UChar *out, const char *text) {
  UErrorCode err = U_ZERO_ERROR;
  (void)u_strFromUTF8(out, ARG_CAP, NULL, text, -1, &err);
  return err == U_STRING_NOT_TERMINATED_WARNING ? U_BUFFER_OVERFLOW_ERROR : err;
}

/* ---- the message ------------------------------------------------------- */

/* Formats `pattern` (UTF-8) with the maker's arguments into its text. */
static UErrorCode format_pattern(maker *m, const char *pattern) {
  UChar p[TEXT_CAP];
  UErrorCode err = U_ZERO_ERROR;
  (void)u_strFromUTF8(p, TEXT_CAP, NULL, pattern, -1, &err);
  UMessageFormat *f = umsg_open(p, -1, m->locale, NULL, &err);
  m->text_len = umsg_format(f, m->text, TEXT_CAP, &err, m->args[0], m->args[1],
                            m->args[2], m->args[3]);
  umsg_close(f);
  return err == U_STRING_NOT_TERMINATED_WARNING ? U_BUFFER_OVERFLOW_ERROR : err;
}

/* Appends UTF-8 `text` to the maker's text, after a space when it holds
 * something. */
static UErrorCode append(maker *m, const char *text) {
  if (text[0] == '\0') {
    return U_ZERO_ERROR;
  }
  if (m->text_len > 0) {
    if (m->text_len >= TEXT_CAP - 1) {
      return U_BUFFER_OVERFLOW_ERROR;
    }
    m->text[m->text_len++] = u' ';
  }
  UErrorCode err = U_ZERO_ERROR;
  int32_t n = 0;
  (void)u_strFromUTF8(m->text + m->text_len, TEXT_CAP - m->text_len, &n, text,
                      -1, &err);
  m->text_len += n;
  return err == U_STRING_NOT_TERMINATED_WARNING ? U_ZERO_ERROR : err;
}

/* The status's own sentence, then the customer's hints. */
static UErrorCode static_message(maker *m, promo_status status) {
  m->text_len = 0;
  const char *code = promo_language_code(m->language);
  UErrorCode err = append(m, promo_status_message(status, code));
  if (status != PROMO_ERR_CODE_NOT_FOUND &&
      status != PROMO_ERR_MALFORMED_CODE) {
    return err;
  }
  uint32_t hints = m->r->anonymous ? 0 : m->r->hints;
  for (unsigned h = 1; h < PROMO_HINT_COUNT && U_SUCCESS(err); h++) {
    if (hints & (UINT32_C(1) << h)) {
      err = append(m, promo_hint_message((promo_hint)h, code));
    }
  }
  return err;
}

/* The formatted message of `status`, or U_USING_DEFAULT_WARNING when the
 * status has nothing to add to its static sentence (or lacks the data). */
static UErrorCode formatted_message(maker *m, promo_status status) {
  const patterns *p = &PATTERNS[m->language];
  const promo_result *r = m->r;
  UErrorCode err = U_ZERO_ERROR;
  switch (status) {
  case PROMO_OK: {
    bool same = r->one_end;
    err = format_money(m->args[0], m->args[1], r->discount, r->total,
                       r->currency, m->locale);
    u_strcpy(m->args[2], same ? u"same" : u"other");
    if (U_SUCCESS(err) && same) {
      err = format_local(m->args[3], m, r->ends_local, false);
    }
    return U_SUCCESS(err) ? format_pattern(m, p->ok) : err;
  }
  case PROMO_ERR_EXPIRED:
    /* The last second it could be used (R2 refuses with expired only when
     * the campaign ends). */
    err = format_local(m->args[0], m, r->last_local, true);
    return U_SUCCESS(err) ? format_pattern(m, p->expired) : err;
  case PROMO_ERR_NOT_YET_ACTIVE:
    err = format_local(m->args[0], m, r->starts_local, true);
    return U_SUCCESS(err) ? format_pattern(m, p->not_yet_active) : err;
  case PROMO_ERR_WRONG_REGION:
    err = format_country(m->args[0], m);
    return U_SUCCESS(err) ? format_pattern(m, p->wrong_region) : err;
  case PROMO_ERR_CURRENCY_MISMATCH:
    /* R10 refuses only a fixed amount, which has a currency. */
    err = format_currency(m->args[0], r->campaign_currency, m);
    if (U_SUCCESS(err)) {
      err = format_currency(m->args[1], r->currency, m);
    }
    return U_SUCCESS(err) ? format_pattern(m, p->currency_mismatch) : err;
  case PROMO_ERR_REJECTED_BY_HOST:
    if (r->reason[0] == '\0') {
      return U_USING_DEFAULT_WARNING;
    }
    err = format_utf8(m->args[0], r->reason);
    return U_SUCCESS(err) ? format_pattern(m, p->rejected_by_host) : err;
  default:
    return U_USING_DEFAULT_WARNING;
  }
}

promo_status promo_result_message(size_t *length, char *buffer, size_t capacity,
                                  const promo_result *r, const char *locale) {
  if (length == NULL || r == NULL || (buffer == NULL && capacity > 0)) {
    return PROMO_ERR_INVALID_ARGUMENT;
  }
  maker *m = NULL;
  promo_alloc a = r->alloc;
  m = promo_malloc(&a, sizeof *m);
  if (m == NULL) {
    return PROMO_ERR_NO_MEMORY;
  }
  m->r = r;
  for (size_t i = 0; i < ARG_COUNT; i++) {
    m->args[i][0] = 0;
  }
  resolve_locale(m, locale);
  promo_status status = promo_result_customer_status(r);
  UErrorCode err = formatted_message(m, status);
  if (err == U_MEMORY_ALLOCATION_ERROR) {
    promo_free(&a, m);
    return PROMO_ERR_NO_MEMORY;
  }
  if (err != U_ZERO_ERROR) {
    err = static_message(m, status); /* nothing to add, or it failed */
  }
  char text[PROMO_MESSAGE_MAX];
  int32_t n = 0;
  if (U_SUCCESS(err)) {
    (void)u_strToUTF8(text, (int32_t)sizeof text, &n, m->text, m->text_len,
                      &err);
  }
  promo_free(&a, m);
  if (U_FAILURE(err) || err == U_STRING_NOT_TERMINATED_WARNING) {
    return promo_status_of_icu(err);
  }
  *length = (size_t)n;
  if (capacity > (size_t)n) {
    memcpy(buffer, text, (size_t)n + 1);
  } else if (capacity > 0) {
    buffer[0] = '\0';
  }
  return PROMO_OK;
}
