/* test_text.c - R1's code syntax (valid UTF-8, 1..64 bytes, no control
 * characters, visible or not), non-empty UTF-8 strings, owned copies and error
 * texts. */
#include "support.h"
#include "text.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>

#define N_ROWS(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* A row holds its bytes explicitly: some codes hold NUL. */
typedef struct syntax_row {
  const char *bytes;
  size_t len;
  promo_status expected;
  const char *what;
} syntax_row;

#define OK_ROW(s, what)                                                        \
  { s, sizeof(s) - 1, PROMO_OK, what }
#define BAD_ROW(s, what)                                                       \
  { s, sizeof(s) - 1, PROMO_ERR_INVALID_ARGUMENT, what }

static const syntax_row SYNTAX[] = {
    /* what a customer types: symbols, case, dashes and spaces are fine */
    OK_ROW("SPRING-2026", "dashes"),
    OK_ROW("spring_2026!", "lower case and symbols"),
    OK_ROW("A", "one byte"),
    OK_ROW("SPRING 2026", "a space inside"),
    OK_ROW(" SPRING", "a leading space is not trimmed, and not refused"),
    OK_ROW("SPRING ", "a trailing space"),
    OK_ROW("#$%&'()*+,-./:;<=>?@[\\]^_`{|}~\"", "every ASCII symbol"),
    OK_ROW("\xc3\x9cN\xc3\x8f"
           "C\xc3\x98"
           "DE",
           "Latin letters with marks"),
    OK_ROW("\xe2\x82\xac"
           "10-OFF",
           "a euro sign"),
    OK_ROW("\xe6\x98\xa5"
           "2026",
           "a CJK character"),
    OK_ROW("\xf0\x9f\x8e\x81"
           "GIFT",
           "an emoji (4 bytes)"),
    OK_ROW("\xc2\xa0", "U+00A0 NO-BREAK SPACE is a space, not a control"),
    OK_ROW("\xed\x9f\xbb", "U+D7FB, the last character before the "
                           "surrogates"),
    OK_ROW("\xef\xa4\x80", "U+F900, the first after them and private use"),
    OK_ROW("\xf0\xaf\xa8\x9d", "U+2FA1D, the last character of plane 2"),
    /* white space at either end: not malformed, simply in no catalog */
    OK_ROW("SPRING-2026\xc2\xa0", "a trailing U+00A0"),
    OK_ROW("SPRING-2026\xe2\xa0\x80", "a trailing U+2800 BRAILLE PATTERN "
                                      "BLANK"),
    OK_ROW("   ", "spaces only"),
    /* empty */
    BAD_ROW("", "empty"),
    /* controls: C0, DEL, C1, NUL */
    BAD_ROW("A\x01"
            "B",
            "U+0001"),
    BAD_ROW("A\tB", "a tab"),
    BAD_ROW("SPRING\n", "a trailing newline"),
    BAD_ROW("SPRING\r\n", "a trailing CRLF"),
    BAD_ROW("A\x1f"
            "B",
            "U+001F"),
    BAD_ROW("A\x7f"
            "B",
            "DEL"),
    BAD_ROW("A\xc2\x80"
            "B",
            "U+0080, the first C1 control"),
    BAD_ROW("A\xc2\x85"
            "B",
            "U+0085 NEXT LINE"),
    BAD_ROW("A\xc2\x9f"
            "B",
            "U+009F, the last C1 control"),
    /* invisible controls: format characters and separators */
    BAD_ROW("A\xe2\x80\x8b"
            "B",
            "U+200B ZERO WIDTH SPACE"),
    BAD_ROW("\xef\xbb\xbf"
            "SPRING",
            "U+FEFF, a byte order mark in front"),
    BAD_ROW("SPRING\xe2\x80\xae"
            "6202",
            "U+202E RIGHT-TO-LEFT OVERRIDE"),
    BAD_ROW("SPR\xc2\xad"
            "ING",
            "U+00AD SOFT HYPHEN"),
    BAD_ROW("A\xe2\x80\xa8"
            "B",
            "U+2028 LINE SEPARATOR"),
    BAD_ROW("A\xe2\x80\xa9"
            "B",
            "U+2029 PARAGRAPH SEPARATOR"),
    /* invisible: default-ignorable code points of other categories */
    BAD_ROW("SPRING-2026\xe3\x85\xa4", "U+3164 HANGUL FILLER (Lo)"),
    BAD_ROW("SPRING-2026\xcd\x8f", "U+034F COMBINING GRAPHEME JOINER (Mn)"),
    BAD_ROW("SPRING-2026\xef\xb8\x8f", "U+FE0F VARIATION SELECTOR-16 (Mn)"),
    BAD_ROW("\xe1\x85\x9f"
            "A",
            "U+115F HANGUL CHOSEONG FILLER"),
    BAD_ROW("A\xef\xbe\xa0", "U+FFA0 HALFWIDTH HANGUL FILLER"),
    BAD_ROW("A\xf3\xa0\x84\x80", "U+E0100 VARIATION SELECTOR-17"),
    BAD_ROW("A\xf3\xa0\x80\x81", "U+E0001 LANGUAGE TAG"),
    BAD_ROW("A\xe1\xa0\x8e", "U+180E MONGOLIAN VOWEL SEPARATOR"),
    /* private use */
    BAD_ROW("SPRING-2026\xee\x80\x80", "U+E000, the first private-use "
                                       "character"),
    BAD_ROW("A\xef\xa3\xbf", "U+F8FF, the last of the BMP's"),
    BAD_ROW("A\xf3\xb0\x80\x80", "U+F0000, plane 15"),
    BAD_ROW("\xf4\x8f\xbf\xbd", "U+10FFFD, plane 16"),
    /* unassigned, noncharacters included */
    BAD_ROW("A\xcd\xb8", "U+0378, unassigned"),
    BAD_ROW("A\xed\x9f\xbf", "U+D7FF, unassigned"),
    BAD_ROW("A\xef\xb7\x90", "U+FDD0, a noncharacter"),
    BAD_ROW("A\xef\xbf\xbf", "U+FFFF, a noncharacter"),
    BAD_ROW("A\xf4\x8f\xbf\xbf", "U+10FFFF, a noncharacter"),
    BAD_ROW("A\xf0\xaf\xa8\xa0", "U+2FA20, unassigned"),
    BAD_ROW("AB\0CD", "NUL inside"),
    BAD_ROW("\0", "a lone NUL"),
    BAD_ROW("ABCD\0", "a trailing NUL"),
    /* overlong encodings */
    BAD_ROW("\xc0\x80", "overlong NUL"),
    BAD_ROW("\xc0\xaf", "overlong '/'"),
    BAD_ROW("\xc1\xbf", "overlong U+007F"),
    BAD_ROW("\xe0\x80\x80", "3-byte overlong NUL"),
    BAD_ROW("\xe0\x9f\xbf", "3-byte overlong U+07FF"),
    BAD_ROW("\xf0\x80\x80\x80", "4-byte overlong NUL"),
    BAD_ROW("\xf0\x8f\xbf\xbf", "4-byte overlong U+FFFF"),
    /* surrogates */
    BAD_ROW("\xed\xa0\x80", "U+D800, a high surrogate"),
    BAD_ROW("\xed\xbf\xbf", "U+DFFF, a low surrogate"),
    BAD_ROW("\xed\xa0\xbd\xed\xb8\x80", "a CESU-8 surrogate pair"),
    /* beyond U+10FFFF and bytes that never appear in UTF-8 */
    BAD_ROW("\xf4\x90\x80\x80", "U+110000"),
    BAD_ROW("\xf5\x80\x80\x80", "lead byte F5"),
    BAD_ROW("\xf8\x88\x80\x80\x80", "a 5-byte sequence"),
    BAD_ROW("\xfc\x84\x80\x80\x80\x80", "a 6-byte sequence"),
    BAD_ROW("\xfe", "FE"),
    BAD_ROW("\xff", "FF"),
    /* truncated and broken sequences */
    BAD_ROW("\xc3", "a lone 2-byte lead"),
    BAD_ROW("A\xc3", "a 2-byte lead at the end"),
    BAD_ROW("\xc3"
            "A",
            "a 2-byte lead followed by ASCII"),
    BAD_ROW("\xe2\x82", "a 3-byte sequence cut short"),
    BAD_ROW("\xf0\x9f\x8e", "a 4-byte sequence cut short"),
    BAD_ROW("\xe2\x82"
            "A",
            "a 3-byte sequence broken by ASCII"),
    BAD_ROW("\x80", "a lone continuation byte"),
    BAD_ROW("A\xbf"
            "B",
            "a stray continuation byte"),
    BAD_ROW("\xe9", "Latin-1 e-acute"),
};

START_TEST(r1_code_syntax_accepts_printable_utf8_and_refuses_the_rest) {
  const syntax_row *r = &SYNTAX[_i];
  const char *why = "unset";
  promo_status st = promo_code_syntax(r->bytes, r->len, &why);
  ck_assert_msg(st == r->expected, "%s: got %s", r->what,
                promo_status_name(st));
  if (st == PROMO_OK) {
    ck_assert_ptr_null(why);
  } else {
    ck_assert_ptr_nonnull(why);
    ck_assert_uint_gt(strlen(why), 0);
  }
  /* The reason is optional. */
  ck_assert_int_eq(promo_code_syntax(r->bytes, r->len, NULL), r->expected);
}
END_TEST

/* Codes a catalog lists: R1's syntax, and nothing that could make one code
 * look like another at its edges. */
static const syntax_row CATALOG_SYNTAX[] = {
    OK_ROW("SPRING-2026", "an ordinary code"),
    OK_ROW("SPRING 2026", "a space inside"),
    OK_ROW("SPRING\xc2\xa0"
           "2026",
           "a no-break space inside"),
    OK_ROW("\xc3\x89T\xc3\x89", "letters with marks"),
    BAD_ROW("   ", "spaces only"),
    BAD_ROW("\xc2\xa0", "a no-break space only"),
    BAD_ROW("\xe2\xa0\x80", "U+2800 only"),
    BAD_ROW(" SPRING-2026", "a leading space"),
    BAD_ROW("SPRING-2026 ", "a trailing space"),
    BAD_ROW("\xe3\x80\x80"
            "SPRING",
            "a leading U+3000 IDEOGRAPHIC SPACE"),
    BAD_ROW("SPRING-2026\xc2\xa0", "a trailing U+00A0 NO-BREAK SPACE"),
    BAD_ROW("SPRING-2026\xe2\xa0\x80", "a trailing U+2800 BRAILLE PATTERN "
                                       "BLANK"),
    BAD_ROW("SPRING-2026\xe2\x80\x83", "a trailing U+2003 EM SPACE"),
    BAD_ROW("SPRING-2026\xe3\x85\xa4", "a trailing U+3164 HANGUL FILLER"),
    BAD_ROW("SPRING-2026\xcd\x8f", "a trailing U+034F"),
    BAD_ROW("SPRING-2026\xef\xb8\x8f", "a trailing U+FE0F"),
    BAD_ROW("SPRING-2026\xee\x80\x80", "a trailing U+E000"),
    BAD_ROW("A\tB", "a control, as for customers"),
    BAD_ROW("", "empty"),
    BAD_ROW("\xff", "not UTF-8"),
};

START_TEST(r1_catalog_codes_refuse_blanks_and_white_space_at_either_end) {
  const syntax_row *r = &CATALOG_SYNTAX[_i];
  const char *why = "unset";
  promo_status st = promo_catalog_code_syntax(r->bytes, r->len, &why);
  ck_assert_msg(st == r->expected, "%s: got %s", r->what,
                promo_status_name(st));
  if (st == PROMO_OK) {
    ck_assert_ptr_null(why);
  } else {
    ck_assert_ptr_nonnull(why);
  }
  ck_assert_int_eq(promo_catalog_code_syntax(r->bytes, r->len, NULL),
                   r->expected);
  /* Whatever a catalog accepts, a customer can enter. */
  if (st == PROMO_OK) {
    ck_assert_int_eq(promo_code_syntax(r->bytes, r->len, NULL), PROMO_OK);
  }
}
END_TEST

START_TEST(r1_catalog_code_reasons_say_which_edge) {
  const char *why = NULL;
  ck_assert_int_ne(promo_catalog_code_syntax("  ", 2, &why), PROMO_OK);
  ck_assert_str_eq(why, "the code is blank");
  ck_assert_int_ne(promo_catalog_code_syntax(" A", 2, &why), PROMO_OK);
  ck_assert_str_eq(why, "the code begins with white space");
  ck_assert_int_ne(promo_catalog_code_syntax("A ", 2, &why), PROMO_OK);
  ck_assert_str_eq(why, "the code ends with white space");
}
END_TEST

/* Writes code point c as UTF-8; returns the byte count. */
static size_t utf8_encode(char *out, uint32_t c) {
  if (c < 0x80) {
    out[0] = (char)c;
    return 1;
  }
  if (c < 0x800) {
    out[0] = (char)(0xC0 | (c >> 6));
    out[1] = (char)(0x80 | (c & 0x3F));
    return 2;
  }
  if (c < 0x10000) {
    out[0] = (char)(0xE0 | (c >> 12));
    out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
    out[2] = (char)(0x80 | (c & 0x3F));
    return 3;
  }
  out[0] = (char)(0xF0 | (c >> 18));
  out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
  out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
  out[3] = (char)(0x80 | (c & 0x3F));
  return 4;
}

/* Every code point, alone between two letters: refused exactly when it is
 * a control, a format character, a separator of lines or paragraphs,
 * default-ignorable, private use or unassigned. */
START_TEST(r1_code_syntax_decides_every_code_point_by_its_properties) {
  for (UChar32 c = 0; c <= 0x10FFFF; c++) {
    if (c >= 0xD800 && c <= 0xDFFF) {
      continue; /* not encodable in UTF-8 */
    }
    char buf[8];
    size_t n = 0;
    buf[n++] = 'A';
    n += utf8_encode(buf + n, (uint32_t)c);
    buf[n++] = 'B';
    int8_t type = u_charType(c);
    bool refused = type == U_CONTROL_CHAR || type == U_FORMAT_CHAR ||
                   type == U_LINE_SEPARATOR || type == U_PARAGRAPH_SEPARATOR ||
                   type == U_PRIVATE_USE_CHAR || type == U_UNASSIGNED ||
                   u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT);
    promo_status st = promo_code_syntax(buf, n, NULL);
    if (st != (refused ? PROMO_ERR_INVALID_ARGUMENT : PROMO_OK)) {
      ck_abort_msg("U+%04X: got %s", (unsigned)c, promo_status_name(st));
    }
  }
}
END_TEST

/* promo_code_syntax() and the ICU path it falls back to give the same
 * answer and the same reason. */
static void assert_same_as_icu(const char *buf, size_t n, const char *what) {
  const char *fast_why = "unset";
  const char *icu_why = "unset";
  promo_status fast = promo_code_syntax(buf, n, &fast_why);
  promo_status icu = promo_code_syntax_icu(buf, n, &icu_why);
  if (fast != icu || fast_why != icu_why) {
    ck_abort_msg("%s (%zu bytes): fast path %s (%s), ICU %s (%s)", what, n,
                 promo_status_name(fast), fast_why ? fast_why : "-",
                 promo_status_name(icu), icu_why ? icu_why : "-");
  }
}

/* The ASCII fast path accepts and refuses exactly what ICU does: every code
 * point, alone, between letters and among ASCII bytes, in each lane of
 * the 8-byte words the fast path reads. (Under valgrind, every code point
 * below U+0800 and one in 50 above: test_iterations.) */
START_TEST(r1_ascii_fast_path_agrees_with_icu_for_every_code_point) {
  const UChar32 stride = (UChar32)(0x110000 / test_iterations(0x110000));
  for (UChar32 c = 0; c <= 0x10FFFF; c += c < 0x800 ? 1 : stride) {
    char buf[16];
    char cp[4];
    size_t n = utf8_encode(cp, (uint32_t)c); /* surrogates: ill-formed */
    memcpy(buf, cp, n);
    assert_same_as_icu(buf, n, "alone");
    buf[0] = 'A';
    memcpy(buf + 1, cp, n);
    buf[n + 1] = 'B';
    assert_same_as_icu(buf, n + 2, "between letters");
    size_t at = (size_t)c % 10; /* each lane of the first two words */
    memset(buf, 'K', sizeof buf);
    memcpy(buf + at, cp, n);
    assert_same_as_icu(buf, at + n + (size_t)c % 3, "among ASCII");
  }
}
END_TEST

/* Every byte value in every lane of every length the fast path reads in
 * words, up to two words and a tail. */
START_TEST(r1_ascii_fast_path_agrees_with_icu_for_every_byte_in_every_lane) {
  char buf[PROMO_CODE_MAX_BYTES + 1];
  for (size_t len = 1; len <= 24; len++) {
    for (size_t at = 0; at < len; at++) {
      for (int b = 0; b < 256; b++) {
        memset(buf, 'k', sizeof buf);
        buf[at] = (char)b;
        assert_same_as_icu(buf, len, "one byte");
      }
    }
  }
}
END_TEST

/* Random codes, mostly ASCII with now and then a byte or a character
 * that is not, of random lengths around the limit: the same answers. */
START_TEST(r1_ascii_fast_path_agrees_with_icu_on_random_codes) {
  uint64_t state = UINT64_C(0x1234567);
  char buf[80];
  const long rounds = test_iterations(200000);
  for (long k = 0; k < rounds; k++) {
    state =
        state * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
    size_t len = (size_t)((state >> 33) % 70);
    for (size_t i = 0; i < len; i++) {
      state =
          state * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
      uint32_t r = (uint32_t)(state >> 32);
      if (r % 64 == 0) {
        buf[i] = (char)(r >> 8); /* any byte */
      } else if (r % 64 == 1 && i + 4 <= len) {
        char cp[4];
        size_t n = utf8_encode(cp, (r >> 8) % 0x110000);
        memcpy(buf + i, cp, n);
        i += n - 1;
      } else {
        buf[i] = (char)(0x20 + (r >> 8) % 0x5f); /* printable ASCII */
      }
    }
    assert_same_as_icu(buf, len, "random");
  }
}
END_TEST

START_TEST(r1_code_syntax_refuses_a_null_code) {
  const char *why = NULL;
  ck_assert_int_eq(promo_code_syntax(NULL, 0, &why),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_ptr_nonnull(why);
  ck_assert_int_eq(promo_code_syntax(NULL, 5, NULL),
                   PROMO_ERR_INVALID_ARGUMENT);
}
END_TEST

START_TEST(r1_code_syntax_reads_only_len_bytes) {
  /* The bytes after len do not count, whatever they are. */
  ck_assert_int_eq(promo_code_syntax("SPRING\n\xff", 6, NULL), PROMO_OK);
  ck_assert_int_eq(promo_code_syntax("SPRING\n\xff", 7, NULL),
                   PROMO_ERR_INVALID_ARGUMENT);
  /* A cut through the middle of a character is a truncated sequence. */
  ck_assert_int_eq(promo_code_syntax("A\xe2\x82\xac", 4, NULL), PROMO_OK);
  ck_assert_int_eq(promo_code_syntax("A\xe2\x82\xac", 3, NULL),
                   PROMO_ERR_INVALID_ARGUMENT);
}
END_TEST

START_TEST(r1_code_syntax_refuses_every_c0_control_and_del) {
  /* _i runs over 0x00..0x20: 0x20 stands for DEL. */
  char code[3] = {'A', (char)(_i == 0x20 ? 0x7f : _i), 'B'};
  ck_assert_int_eq(promo_code_syntax(code, 3, NULL),
                   PROMO_ERR_INVALID_ARGUMENT);
}
END_TEST

START_TEST(r1_code_syntax_refuses_every_c1_control) {
  /* U+0080..U+009F are C2 80..C2 9F. */
  char code[4] = {'A', (char)0xc2, (char)(0x80 + _i), 'B'};
  ck_assert_int_eq(promo_code_syntax(code, 4, NULL),
                   PROMO_ERR_INVALID_ARGUMENT);
}
END_TEST

START_TEST(r1_code_syntax_refuses_bytes_f5_to_ff_anywhere) {
  unsigned char byte = (unsigned char)(0xf5 + _i);
  char alone[1] = {(char)byte};
  char inside[6] = {'A', (char)byte, (char)0x80, (char)0x80, (char)0x80, 'B'};
  ck_assert_int_eq(promo_code_syntax(alone, 1, NULL),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_code_syntax(inside, 6, NULL),
                   PROMO_ERR_INVALID_ARGUMENT);
}
END_TEST

START_TEST(r1_code_syntax_allows_every_printable_ascii_byte) {
  /* _i runs over 0x20..0x7e. */
  char code[3] = {'A', (char)_i, 'B'};
  ck_assert_int_eq(promo_code_syntax(code, 3, NULL), PROMO_OK);
}
END_TEST

/* A code of `len` bytes: `len - tail_len` letters, then `tail`. */
static size_t make_code(char *buf, size_t len, const char *tail,
                        size_t tail_len) {
  memset(buf, 'A', len - tail_len);
  memcpy(buf + (len - tail_len), tail, tail_len);
  return len;
}

static const struct {
  const char *tail; /* the last character of the code */
  size_t tail_len;
} WIDTHS[] = {
    {"Z", 1}, {"\xc3\xa9", 2}, {"\xe2\x82\xac", 3}, {"\xf0\x9f\x8e\x81", 4}};

START_TEST(r1_code_is_at_most_64_bytes_whatever_its_last_character) {
  char buf[PROMO_CODE_MAX_BYTES + 8];
  const char *tail = WIDTHS[_i].tail;
  size_t w = WIDTHS[_i].tail_len;
  const char *why = NULL;
  /* ending exactly on byte 64: accepted */
  size_t len = make_code(buf, PROMO_CODE_MAX_BYTES, tail, w);
  ck_assert_int_eq(promo_code_syntax(buf, len, &why), PROMO_OK);
  /* the same character pushed one byte over: refused for its length */
  len = make_code(buf, PROMO_CODE_MAX_BYTES + 1, tail, w);
  ck_assert_int_eq(promo_code_syntax(buf, len, &why),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_ptr_nonnull(strstr(why, "64"));
  /* a multi-byte character cut at byte 64 is not valid UTF-8 */
  if (w > 1) {
    len = make_code(buf, PROMO_CODE_MAX_BYTES + 1, tail, w);
    ck_assert_int_eq(promo_code_syntax(buf, PROMO_CODE_MAX_BYTES, &why),
                     PROMO_ERR_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(why, "UTF-8"));
  }
}
END_TEST

START_TEST(r1_code_length_edge_is_64_bytes) {
  char buf[PROMO_CODE_MAX_BYTES + 2];
  memset(buf, 'X', sizeof buf);
  ck_assert_int_eq(promo_code_syntax(buf, 1, NULL), PROMO_OK);
  ck_assert_int_eq(promo_code_syntax(buf, 63, NULL), PROMO_OK);
  ck_assert_int_eq(promo_code_syntax(buf, 64, NULL), PROMO_OK);
  ck_assert_int_eq(promo_code_syntax(buf, 65, NULL),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_code_syntax(buf, 66, NULL),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_code_syntax(buf, SIZE_MAX, NULL),
                   PROMO_ERR_INVALID_ARGUMENT);
}
END_TEST

START_TEST(r1_code_syntax_reasons_say_what_is_wrong) {
  const char *why = NULL;
  ck_assert_int_ne(promo_code_syntax("", 0, &why), PROMO_OK);
  ck_assert_ptr_nonnull(strstr(why, "empty"));
  ck_assert_int_ne(promo_code_syntax("\xed\xa0\x80", 3, &why), PROMO_OK);
  ck_assert_ptr_nonnull(strstr(why, "UTF-8"));
  ck_assert_int_ne(promo_code_syntax("A\x7f", 2, &why), PROMO_OK);
  ck_assert_ptr_nonnull(strstr(why, "control"));
}
END_TEST

/* ---- promo_utf8_nonempty ------------------------------------------------ */

static const struct {
  const char *s;
  bool expected;
} NONEMPTY[] = {
    {"a", true},
    {"spring-2026", true},
    {"\xc3\xa9t\xc3\xa9", true},
    {"\xf0\x9f\x8e\x81", true},
    {"tab\there", true}, /* ids may hold controls: only UTF-8 is checked */
    {" ", true},
    {NULL, false},
    {"", false},
    {"\xc3", false},
    {"ab\xc3", false},
    {"\xc0\x80", false},
    {"\xed\xa0\x80", false},
    {"\xf4\x90\x80\x80", false},
    {"\xff", false},
    {"a\x80", false},
};

START_TEST(text_utf8_nonempty_accepts_only_non_empty_valid_utf8) {
  ck_assert_msg(promo_utf8_nonempty(NONEMPTY[_i].s) == NONEMPTY[_i].expected,
                "row %d", _i);
}
END_TEST

/* ---- promo_strndup / promo_strdup / promo_fail ------------------------- */

START_TEST(text_strndup_copies_len_bytes_and_terminates) {
  test_alloc t;
  test_alloc_init(&t, 0);
  const char src[] = {'A', 'B', '\0', 'C', 'D'}; /* not NUL-terminated */
  char *copy = promo_strndup(&t.allocator, src, sizeof src);
  ck_assert_ptr_nonnull(copy);
  ck_assert_int_eq(memcmp(copy, src, sizeof src), 0);
  ck_assert_int_eq(copy[sizeof src], '\0');
  ck_assert_int_eq(t.calls, 1);
  ck_assert_int_eq(t.live, 1);
  promo_free(&t.allocator, copy);

  char *prefix = promo_strndup(&t.allocator, "SPRING-2026", 6);
  ck_assert_str_eq(prefix, "SPRING");
  promo_free(&t.allocator, prefix);

  char *empty = promo_strndup(&t.allocator, "ignored", 0);
  ck_assert_ptr_nonnull(empty);
  ck_assert_str_eq(empty, "");
  promo_free(&t.allocator, empty);

  char *dup = promo_strdup(&t.allocator, "Europe/Amsterdam");
  ck_assert_str_eq(dup, "Europe/Amsterdam");
  promo_free(&t.allocator, dup);
  ck_assert_int_eq(t.live, 0);
}
END_TEST

START_TEST(text_strndup_reports_out_of_memory_with_null) {
  test_alloc t;
  test_alloc_init(&t, 1);
  ck_assert_ptr_null(promo_strndup(&t.allocator, "SPRING", 6));
  ck_assert_int_eq(t.failed, 1);
  test_alloc_init(&t, 1);
  ck_assert_ptr_null(promo_strdup(&t.allocator, "SPRING"));
  ck_assert_int_eq(t.failed, 1);
  ck_assert_int_eq(t.live, 0);
  /* A length whose + 1 wraps is refused before allocating anything. */
  test_alloc_init(&t, 0);
  ck_assert_ptr_null(promo_strndup(&t.allocator, "SPRING", SIZE_MAX));
  ck_assert_int_eq(t.calls, 0);
}
END_TEST

START_TEST(text_fail_formats_the_reason_and_returns_the_status) {
  promo_errbuf e;
  e.text[0] = '\0';
  ck_assert_int_eq(promo_fail(&e, PROMO_ERR_INVALID_ARGUMENT,
                              "campaign '%s': bad code: %s", "spring", "empty"),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_str_eq(e.text, "campaign 'spring': bad code: empty");
  ck_assert_int_eq(promo_fail(&e, PROMO_ERR_NO_MEMORY, "out of memory"),
                   PROMO_ERR_NO_MEMORY);
  ck_assert_str_eq(e.text, "out of memory");
}
END_TEST

START_TEST(text_fail_truncates_a_long_reason_safely) {
  static char longer[PROMO_ERROR_MAX * 2];
  memset(longer, 'x', sizeof longer - 1);
  longer[sizeof longer - 1] = '\0';
  promo_errbuf e;
  promo_fail(&e, PROMO_ERR_INVALID_ARGUMENT, "%s", longer);
  ck_assert_uint_eq(strlen(e.text), PROMO_ERROR_MAX - 1);
}
END_TEST

int main(void) {
  Suite *s = suite_create("text");

  TCase *r1 = tcase_create("r1_syntax");
  tcase_add_loop_test(
      r1, r1_code_syntax_accepts_printable_utf8_and_refuses_the_rest, 0,
      N_ROWS(SYNTAX));
  tcase_add_test(r1, r1_code_syntax_refuses_a_null_code);
  tcase_add_test(r1, r1_code_syntax_reads_only_len_bytes);
  tcase_add_loop_test(r1, r1_code_syntax_refuses_every_c0_control_and_del, 0,
                      0x21);
  tcase_add_loop_test(r1, r1_code_syntax_refuses_every_c1_control, 0, 0x20);
  tcase_add_loop_test(r1, r1_code_syntax_refuses_bytes_f5_to_ff_anywhere, 0,
                      0xff - 0xf5 + 1);
  tcase_add_loop_test(r1, r1_code_syntax_allows_every_printable_ascii_byte,
                      0x20, 0x7f);
  tcase_add_loop_test(r1,
                      r1_code_is_at_most_64_bytes_whatever_its_last_character,
                      0, N_ROWS(WIDTHS));
  tcase_add_test(r1, r1_code_length_edge_is_64_bytes);
  tcase_add_test(r1, r1_code_syntax_reasons_say_what_is_wrong);
  tcase_add_test(r1, r1_code_syntax_decides_every_code_point_by_its_properties);
  tcase_add_test(r1, r1_ascii_fast_path_agrees_with_icu_for_every_code_point);
  tcase_add_test(
      r1, r1_ascii_fast_path_agrees_with_icu_for_every_byte_in_every_lane);
  tcase_add_test(r1, r1_ascii_fast_path_agrees_with_icu_on_random_codes);
  tcase_add_loop_test(
      r1, r1_catalog_codes_refuse_blanks_and_white_space_at_either_end, 0,
      N_ROWS(CATALOG_SYNTAX));
  tcase_add_test(r1, r1_catalog_code_reasons_say_which_edge);
  suite_add_tcase(s, r1);

  TCase *strings = tcase_create("strings");
  tcase_add_loop_test(strings,
                      text_utf8_nonempty_accepts_only_non_empty_valid_utf8, 0,
                      N_ROWS(NONEMPTY));
  tcase_add_test(strings, text_strndup_copies_len_bytes_and_terminates);
  tcase_add_test(strings, text_strndup_reports_out_of_memory_with_null);
  tcase_add_test(strings, text_fail_formats_the_reason_and_returns_the_status);
  tcase_add_test(strings, text_fail_truncates_a_long_reason_safely);
  suite_add_tcase(s, strings);

  return test_run_suite(s);
}
