/* test_quote.c - input values in error texts (src/quote.h): every character
 * that does not show as itself is escaped, a long value is shortened with an
 * ellipsis after a whole character or escape, and the reason around it is
 * never cut. Through the builder and the order too. */
#include "quote.h"
#include "support.h"
#include "text.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#define N_ROWS(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define MUST(call) ck_assert_int_eq((call), PROMO_OK)
#define ELLIPSIS "\xe2\x80\xa6"

/* Whether the NUL-terminated t is valid UTF-8 without a control byte:
 * what may reach a terminal. */
static bool printable_utf8(const char *t) {
  const uint8_t *p = (const uint8_t *)t;
  int32_t n = (int32_t)strlen(t);
  int32_t i = 0;
  while (i < n) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0 || c < 0x20 || (c >= 0x7f && c < 0xa0)) {
      return false;
    }
  }
  return true;
}

static const struct {
  const char *in;
  size_t len;
  const char *out;
} ESCAPES[] = {
    {"SPRING-2026", 11, "SPRING-2026"},
    {"\x1b]0;owned\x07", 10, "\\u001b]0;owned\\u0007"},
    {"a\nb:1:1: forged", 15, "a\\nb:1:1: forged"},
    {"tab\there\r", 9, "tab\\there\\r"},
    {"back\\slash", 10, "back\\\\slash"},
    {"nul\0in", 6, "nul\\u0000in"},
    {"del\x7f", 4, "del\\u007f"},
    {"c1\xc2\x9b", 4, "c1\\u009b"},
    {"\xff\xfe", 2, "\\xff\\xfe"},
    {"cut\xe2\x82", 5, "cut\\xe2\\x82"},
    {"\xc3\xa9t\xc3\xa9", 5, "\xc3\xa9t\xc3\xa9"},
    {"\xe6\x98\xa5", 3, "\xe6\x98\xa5"},
    {"\xf0\x9f\x8e\x81", 4, "\xf0\x9f\x8e\x81"},
    {"one two", 7, "one two"},
    {"rtl\xe2\x80\xae", 6, "rtl\\u202e"},
    {"zw\xe2\x80\x8b", 5, "zw\\u200b"},
    {"nbsp\xc2\xa0", 6, "nbsp\\u00a0"},
    {"braille\xe2\xa0\x80", 10, "braille\\u2800"},
    {"filler\xe3\x85\xa4", 9, "filler\\u3164"},
    {"pua\xee\x80\x80", 6, "pua\\ue000"},
    {"tag\xf3\xa0\x80\x81", 7, "tag\\U000e0001"},
    {"ls\xe2\x80\xa8", 5, "ls\\u2028"},
    {"unassigned\xcd\xb8", 12, "unassigned\\u0378"},
};

START_TEST(quote_escapes_what_does_not_show_as_itself) {
  char out[PROMO_QUOTE_SIZE];
  const char *got =
      promo_quote(out, sizeof out, ESCAPES[_i].in, ESCAPES[_i].len);
  ck_assert_ptr_eq(got, out);
  ck_assert_str_eq(out, ESCAPES[_i].out);
  ck_assert(printable_utf8(out));
}
END_TEST

START_TEST(quote_of_null_says_so) {
  promo_quoted q;
  ck_assert_str_eq(promo_quote_str(&q, NULL), "(null)");
  ck_assert_str_eq(promo_quote_str(&q, ""), "");
}
END_TEST

/* A value of every kind of unit: ASCII, escapes of 2, 6 and 10 bytes, and
 * characters of 2, 3 and 4 bytes. */
static const char MIXED[] = "A\\\x1b\xc3\xa9\xe6\x98\xa5\xf0\x9f\x8e\x81"
                            "\xf3\xa0\x80\x81\xff"
                            "BCDEFGH";

START_TEST(quote_shortens_after_a_whole_unit_with_an_ellipsis) {
  char full[256];
  (void)promo_quote(full, sizeof full, MIXED, sizeof MIXED - 1);
  size_t full_len = strlen(full);
  /* _i: every room from 4 bytes to more than enough. */
  size_t size = (size_t)_i;
  char out[256];
  memset(out, '#', sizeof out);
  (void)promo_quote(out, size, MIXED, sizeof MIXED - 1);
  size_t n = strlen(out);
  ck_assert_uint_lt(n, size);
  ck_assert(printable_utf8(out));
  if (full_len < size) {
    ck_assert_str_eq(out, full); /* it fits: whole, no ellipsis */
    return;
  }
  /* Cut: a prefix of the full text that ends on a unit boundary, then the
   * ellipsis. */
  ck_assert_uint_ge(n, 3);
  ck_assert_str_eq(out + n - 3, ELLIPSIS);
  size_t kept = n - 3;
  ck_assert_int_eq(memcmp(out, full, kept), 0);
  char longer[256];
  bool boundary = kept == 0;
  for (size_t len = 1; len <= sizeof MIXED - 1 && !boundary; len++) {
    (void)promo_quote(longer, sizeof longer, MIXED, len);
    boundary = strlen(longer) == kept;
  }
  ck_assert_msg(boundary, "size %zu: cut inside a unit: %s", size, out);
  /* And as much as fits: one more unit would not have. */
  ck_assert_uint_gt(kept + 3 + 10, size - 1);
}
END_TEST

START_TEST(trim_partial_char_drops_half_a_character_only) {
  char a[] = "caf\xc3";
  promo_trim_partial_char(a);
  ck_assert_str_eq(a, "caf");
  char b[] = "caf\xc3\xa9";
  promo_trim_partial_char(b);
  ck_assert_str_eq(b, "caf\xc3\xa9");
  char c[] = "x\xf0\x9f\x8e";
  promo_trim_partial_char(c);
  ck_assert_str_eq(c, "x");
  char d[] = "plain";
  promo_trim_partial_char(d);
  ck_assert_str_eq(d, "plain");
  char e[] = "";
  promo_trim_partial_char(e);
  ck_assert_str_eq(e, "");
}
END_TEST

/* ---- through the library ------------------------------------------------ */

/* A name of `n` bytes: "ab" repeated, a 3-byte character every so often so
 * that a cut at a byte count could fall inside one. */
static char *long_name(size_t n) {
  char *s = malloc(n + 1);
  ck_assert_ptr_nonnull(s);
  size_t i = 0;
  while (i < n) {
    if (i % 7 == 3 && n - i >= 3) {
      memcpy(s + i, "\xe2\x82\xac", 3);
      i += 3;
    } else {
      s[i] = (char)('a' + i % 2);
      i++;
    }
  }
  s[n] = '\0';
  return s;
}

START_TEST(messages_escape_control_characters_of_a_campaign_id) {
  promo_catalog_builder *b = NULL;
  MUST(promo_catalog_builder_new(&b, NULL));
  promo_campaign *c = NULL;
  const char *id = "x\x1b[2J\ncat.json:1:1: forged";
  MUST(promo_catalog_builder_add_campaign(&c, b, id));
  ck_assert_int_eq(promo_campaign_set_percent_bps(c, 0),
                   PROMO_ERR_INVALID_ARGUMENT);
  const char *e = promo_catalog_builder_error(b);
  ck_assert_str_eq(e, "campaign 'x\\u001b[2J\\ncat.json:1:1: forged': "
                      "percent_bps must be 1..10000, not 0");
  ck_assert_int_eq(promo_campaign_set_time_zone(c, "Mars/\x1b"),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert(printable_utf8(promo_catalog_builder_error(b)));
  ck_assert_ptr_nonnull(strstr(promo_catalog_builder_error(b), "Mars/\\u001b"));
  ck_assert_int_eq(promo_campaign_add_region(c, "\x1b"),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert(printable_utf8(promo_catalog_builder_error(b)));
  ck_assert_int_eq(promo_campaign_set_amount(c, 5, "\x7f\x7f\x7f"),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert(printable_utf8(promo_catalog_builder_error(b)));
  promo_campaign *twice = NULL;
  ck_assert_int_eq(promo_catalog_builder_add_campaign(&twice, b, id),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert(printable_utf8(promo_catalog_builder_error(b)));
  promo_catalog_builder_free(b);
}
END_TEST

/* The builder's texts are 511 bytes at most: a long id is shortened, the
 * reason is kept whole, for any length of id. */
START_TEST(messages_shorten_a_long_id_never_the_reason) {
  size_t n = 60 + (size_t)_i * 37;
  char *id = long_name(n);
  char *other = long_name(n + 1);
  promo_catalog_builder *b = NULL;
  MUST(promo_catalog_builder_new(&b, NULL));
  promo_campaign *c1 = NULL;
  promo_campaign *c2 = NULL;
  MUST(promo_catalog_builder_add_campaign(&c1, b, id));
  MUST(promo_catalog_builder_add_campaign(&c2, b, other));
  MUST(promo_campaign_add_code(c1, "\\\\\\\\", 4));
  ck_assert_int_eq(promo_campaign_add_code(c2, "\\\\\\\\", 4),
                   PROMO_ERR_INVALID_ARGUMENT);
  const char *e = promo_catalog_builder_error(b);
  ck_assert(printable_utf8(e));
  ck_assert_ptr_nonnull(strstr(e, "code '\\\\\\\\\\\\\\\\' is already in "
                                  "campaign '"));
  ck_assert_ptr_nonnull(strstr(e, "'; cannot add it to campaign '"));
  ck_assert_str_eq(e + strlen(e) - 1, "'");
  if (n + 1 >= PROMO_QUOTE_SIZE) {
    ck_assert_ptr_nonnull(strstr(e, ELLIPSIS "'; cannot add"));
  }
  ck_assert_int_eq(promo_campaign_set_max_licenses(c2, -7),
                   PROMO_ERR_INVALID_ARGUMENT);
  e = promo_catalog_builder_error(b);
  ck_assert(printable_utf8(e));
  const char *reason = "': max_licenses must be at least 1, not -7";
  ck_assert_str_eq(e + strlen(e) - strlen(reason), reason);
  promo_catalog_builder_free(b);
  free(other);
  free(id);
}
END_TEST

START_TEST(messages_escape_and_shorten_a_subscription_id) {
  promo_catalog_builder *b = NULL;
  MUST(promo_catalog_builder_new(&b, NULL));
  promo_campaign *c = NULL;
  MUST(promo_catalog_builder_add_campaign(&c, b, "a"));
  MUST(promo_campaign_set_percent_bps(c, 100));
  MUST(promo_campaign_add_code(c, "A", 1));
  promo_catalog *cat = NULL;
  MUST(promo_catalog_build(&cat, b));
  promo_catalog_builder_free(b);
  promo_order *o = NULL;
  MUST(promo_order_new(&o, cat));
  ck_assert_int_eq(promo_order_add_line(NULL, o, "sub\x1b[31m", "P", true,
                                        PROMO_TERM_MONTHLY, 0, 1),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_str_eq(promo_order_error(o), "subscription 'sub\\u001b[31m': "
                                         "licenses must be at least 1, not 0");
  char *sub = long_name(2000);
  ck_assert_int_eq(
      promo_order_add_line(NULL, o, sub, "P", true, PROMO_TERM_MONTHLY, 1, -1),
      PROMO_ERR_INVALID_ARGUMENT);
  const char *e = promo_order_error(o);
  ck_assert(printable_utf8(e));
  ck_assert_ptr_nonnull(
      strstr(e, ELLIPSIS "': unit_price must not be negative, not -1"));
  ck_assert_int_eq(promo_order_set_country(o, "\x1b"),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_str_eq(promo_order_error(o),
                   "country '\\u001b': not an upper-case ISO 3166-1 alpha-2 "
                   "code");
  ck_assert_int_eq(promo_order_set_time_zone(o, "\x9b"),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert(printable_utf8(promo_order_error(o)));
  ck_assert_int_eq(promo_order_set_currency(o, "E\nR"),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert(printable_utf8(promo_order_error(o)));
  free(sub);
  promo_order_free(o);
  promo_catalog_free(cat);
}
END_TEST

int main(void) {
  Suite *s = suite_create("quote");
  TCase *tc = tcase_create("quote");
  tcase_add_loop_test(tc, quote_escapes_what_does_not_show_as_itself, 0,
                      N_ROWS(ESCAPES));
  tcase_add_test(tc, quote_of_null_says_so);
  tcase_add_loop_test(tc, quote_shortens_after_a_whole_unit_with_an_ellipsis, 4,
                      64);
  tcase_add_test(tc, trim_partial_char_drops_half_a_character_only);
  suite_add_tcase(s, tc);
  TCase *lib = tcase_create("messages");
  tcase_add_test(lib, messages_escape_control_characters_of_a_campaign_id);
  tcase_add_loop_test(lib, messages_shorten_a_long_id_never_the_reason, 0, 40);
  tcase_add_test(lib, messages_escape_and_shorten_a_subscription_id);
  suite_add_tcase(s, lib);
  return test_run_suite(s);
}
