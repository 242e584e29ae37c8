/* test_result.c - reading a result: always safe (a NULL result, a result
 * not yet filled and an out-of-range line read as empty, never crash); in
 * one call for bindings (promo_result_get, promo_result_get_lines), with
 * structs from older and newer headers; and an error text exactly when the
 * apply was refused as invalid_argument or malformed_code. */
#include "support.h"

#include <check.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define MUST(call) ck_assert_int_eq((call), PROMO_OK)

/* ---- fixture ------------------------------------------------------------- */

static promo_catalog *catalog;
static promo_order *order;
static promo_result *result;

/* "spring": 20 % of at most 300 licenses, for O365_E3 only. "host": 10 %,
 * for the host validators below. */
static void setup(void) {
  promo_catalog_builder *b = NULL;
  promo_campaign *c = NULL;
  MUST(promo_catalog_builder_new(&b, NULL));
  MUST(promo_catalog_builder_add_campaign(&c, b, "spring"));
  MUST(promo_campaign_set_percent_bps(c, 2000));
  MUST(promo_campaign_set_max_licenses(c, 300));
  MUST(promo_campaign_add_product(c, "O365_E3"));
  MUST(promo_campaign_add_code(c, "SPRING-2026", 11));
  MUST(promo_catalog_builder_add_campaign(&c, b, "host"));
  MUST(promo_campaign_set_percent_bps(c, 1000));
  MUST(promo_campaign_add_code(c, "HOST", 4));
  MUST(promo_catalog_build(&catalog, b));
  promo_catalog_builder_free(b);
  MUST(promo_order_new(&order, catalog));
  MUST(promo_order_set_country(order, "NL"));
  MUST(promo_order_set_currency(order, "EUR"));
  MUST(promo_order_set_placed_at(order, test_utc(2026, 3, 31, 21, 30, 0)));
  MUST(promo_order_add_line(NULL, order, "sub-1", "O365_E3", true,
                            PROMO_TERM_ANNUAL, 350, 1050));
  MUST(promo_order_add_line(NULL, order, "sub-2", "TEAMS_ESS", true,
                            PROMO_TERM_MONTHLY, 5, 400));
  MUST(promo_result_new(&result, NULL));
}

static void teardown(void) {
  promo_result_free(result);
  promo_order_free(order);
  promo_catalog_free(catalog);
}

/* 20 % of 300 x 1050 on sub-1; sub-2 is not an O365_E3 line. */
static void apply_spring(void) {
  MUST(promo_apply(result, order, "SPRING-2026", 11, NULL));
  MUST(promo_order_set_line_promo_code(order, 0, NULL, 0));
}

/* ---- always safe --------------------------------------------------------- */

START_TEST(result_null_reads_as_empty) {
  ck_assert_int_eq(promo_result_status(NULL), PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_ptr_null(promo_result_code(NULL));
  ck_assert_ptr_null(promo_result_campaign(NULL));
  ck_assert_ptr_null(promo_result_currency(NULL));
  ck_assert_str_eq(promo_result_reason(NULL), "");
  ck_assert_str_eq(promo_result_error(NULL), "");
  ck_assert_int_eq(promo_result_subtotal(NULL), 0);
  ck_assert_int_eq(promo_result_discount(NULL), 0);
  ck_assert_int_eq(promo_result_total(NULL), 0);
  ck_assert_uint_eq(promo_result_line_count(NULL), 0);
  ck_assert_int_eq(promo_result_line_status(NULL, 0),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_result_line_discounted_licenses(NULL, 0), 0);
  ck_assert_int_eq(promo_result_line_discount(NULL, 0), 0);
  ck_assert_int_eq(promo_result_line_discount_ends(NULL, 0), 0);
  ck_assert_str_eq(promo_result_line_reason(NULL, 0), "");
  promo_result_free(NULL);
}
END_TEST

START_TEST(result_new_reads_as_empty_until_filled) {
  promo_result *r = NULL;
  ck_assert_int_eq(promo_result_new(NULL, NULL), PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_result_new(&r, NULL), PROMO_OK);
  ck_assert_int_eq(promo_result_status(r), PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_str_eq(promo_result_error(r),
                   "nothing has been applied into this result yet");
  ck_assert_ptr_null(promo_result_code(r));
  ck_assert_ptr_null(promo_result_campaign(r));
  ck_assert_ptr_null(promo_result_currency(r));
  ck_assert_str_eq(promo_result_reason(r), "");
  ck_assert_uint_eq(promo_result_line_count(r), 0);
  ck_assert_int_eq(promo_result_line_status(r, 0), PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_result_line_discount(r, SIZE_MAX), 0);
  ck_assert_str_eq(promo_result_line_reason(r, 3), "");
  promo_result_free(r);
}
END_TEST

START_TEST(result_new_out_of_memory_hands_back_nothing) {
  test_alloc t;
  test_alloc_init(&t, 1);
  promo_result *r = NULL;
  ck_assert_int_eq(promo_result_new(&r, &t.allocator), PROMO_ERR_NO_MEMORY);
  ck_assert_ptr_null(r);
  ck_assert_int_eq(t.live, 0);
}
END_TEST

/* ---- the error text ------------------------------------------------------ */

static promo_status reject(void *user_data, const promo_order *o,
                           const char *campaign_id, char *reason,
                           size_t reason_size) {
  (void)user_data;
  (void)o;
  (void)campaign_id;
  (void)reason_size;
  strcpy(reason, "first purchases only");
  return PROMO_ERR_REJECTED_BY_HOST;
}

static promo_status out_of_memory(void *user_data, const promo_order *o,
                                  const char *campaign_id, char *reason,
                                  size_t reason_size) {
  (void)user_data;
  (void)o;
  (void)campaign_id;
  (void)reason;
  (void)reason_size;
  return PROMO_ERR_NO_MEMORY;
}

/* One apply per row: its status, and what promo_result_error() must
 * contain ("" exactly when the status is neither invalid_argument nor
 * malformed_code). */
static const struct {
  const char *code;
  size_t len;
  promo_status (*host)(void *, const promo_order *, const char *, char *,
                       size_t);
  promo_status status;
  const char *error;
} APPLIES[] = {
    {"SPRING-2026", 11, NULL, PROMO_OK, ""},
    {"spring-2026", 11, NULL, PROMO_ERR_CODE_NOT_FOUND, ""},
    {"HOST", 4, reject, PROMO_ERR_REJECTED_BY_HOST, ""},
    {"HOST", 4, out_of_memory, PROMO_ERR_NO_MEMORY, ""},
    {"SPRING\t2026", 11, NULL, PROMO_ERR_MALFORMED_CODE, "control"},
    {"", 0, NULL, PROMO_ERR_MALFORMED_CODE, "empty"},
    {"\xff", 1, NULL, PROMO_ERR_MALFORMED_CODE, "UTF-8"},
    {NULL, 0, NULL, PROMO_ERR_INVALID_ARGUMENT, "the code is NULL"},
};

START_TEST(result_error_says_why_for_invalid_argument_and_malformed_code_only) {
  promo_validator v = {"host", APPLIES[_i].host, NULL, NULL};
  promo_apply_options options = PROMO_APPLY_OPTIONS_INIT;
  options.validators = &v;
  options.validator_count = APPLIES[_i].host == NULL ? 0 : 1;
  options.dry_run = true;
  /* An earlier refusal's text never lingers. */
  ck_assert_int_eq(promo_apply(result, order, "", 0, NULL),
                   PROMO_ERR_MALFORMED_CODE);
  ck_assert_str_ne(promo_result_error(result), "");
  promo_status st =
      promo_apply(result, order, APPLIES[_i].code, APPLIES[_i].len, &options);
  ck_assert_int_eq(st, APPLIES[_i].status);
  const char *error = promo_result_error(result);
  ck_assert_ptr_nonnull(error);
  if (APPLIES[_i].error[0] == '\0') {
    ck_assert_str_eq(error, "");
  } else {
    ck_assert_msg(strstr(error, APPLIES[_i].error) != NULL,
                  "error '%s' does not say '%s'", error, APPLIES[_i].error);
  }
  promo_result_info info;
  MUST(promo_result_get(&info, sizeof info, result));
  ck_assert_ptr_eq(info.error, error);
}
END_TEST

/* ---- one call: promo_result_get ------------------------------------------ */

START_TEST(result_get_reads_what_the_getters_read) {
  apply_spring();
  promo_result_info info;
  memset(&info, 0xa5, sizeof info);
  MUST(promo_result_get(&info, sizeof info, result));
  ck_assert_int_eq(info.status, PROMO_OK);
  ck_assert_str_eq(info.code, "SPRING-2026");
  ck_assert_str_eq(info.campaign, "spring");
  ck_assert_str_eq(info.currency, "EUR");
  ck_assert_str_eq(info.reason, "");
  ck_assert_str_eq(info.error, "");
  /* 350 x 1050 + 5 x 400; 20 % of 300 x 1050. */
  ck_assert_int_eq(info.subtotal, 369500);
  ck_assert_int_eq(info.discount, 63000);
  ck_assert_int_eq(info.total, 306500);
  ck_assert_uint_eq(info.line_count, 2);
  ck_assert_ptr_eq(info.code, promo_result_code(result));
  ck_assert_ptr_eq(info.campaign, promo_result_campaign(result));
  ck_assert_ptr_eq(info.currency, promo_result_currency(result));
  ck_assert_uint_eq(promo_result_info_size(), sizeof info);
}
END_TEST

START_TEST(result_get_gives_null_for_a_code_not_found_or_malformed) {
  promo_result_info info;
  ck_assert_int_eq(promo_apply(result, order, "NOPE", 4, NULL),
                   PROMO_ERR_CODE_NOT_FOUND);
  MUST(promo_result_get(&info, sizeof info, result));
  ck_assert_str_eq(info.code, "NOPE");
  ck_assert_ptr_null(info.campaign);
  ck_assert_int_eq(promo_apply(result, order, "\x01", 1, NULL),
                   PROMO_ERR_MALFORMED_CODE);
  MUST(promo_result_get(&info, sizeof info, result));
  ck_assert_int_eq(info.status, PROMO_ERR_MALFORMED_CODE);
  ck_assert_ptr_null(info.code);
  ck_assert_ptr_null(info.campaign);
  ck_assert_int_eq(info.discount, 0);
}
END_TEST

/* A caller built against an older header: its struct is a prefix of ours.
 * Only the fields it has are written, not one byte past them. */
START_TEST(result_get_into_an_older_smaller_struct_writes_only_its_fields) {
  apply_spring();
  const size_t older = offsetof(promo_result_info, subtotal);
  union {
    promo_result_info info[2]; /* aligned as the struct is */
    unsigned char bytes[2 * sizeof(promo_result_info)];
  } u;
  unsigned char *buffer = u.bytes;
  memset(u.bytes, 0x5a, sizeof u.bytes);
  MUST(promo_result_get(u.info, older, result));
  promo_result_info seen;
  memcpy(&seen, buffer, older);
  ck_assert_int_eq(seen.status, PROMO_OK);
  ck_assert_str_eq(seen.code, "SPRING-2026");
  ck_assert_str_eq(seen.campaign, "spring");
  ck_assert_str_eq(seen.error, "");
  for (size_t i = older; i < sizeof u.bytes; i++) {
    ck_assert_msg(buffer[i] == 0x5a, "byte %zu written", i);
  }
}
END_TEST

/* A caller built against a newer header: the bytes of fields this library
 * does not know read as zero; nothing past the size is written. */
START_TEST(result_get_into_a_newer_larger_struct_zeroes_what_it_lacks) {
  apply_spring();
  const size_t newer = sizeof(promo_result_info) + 24;
  union {
    promo_result_info info[2];
    unsigned char bytes[2 * sizeof(promo_result_info)];
  } u;
  unsigned char *buffer = u.bytes;
  memset(u.bytes, 0x5a, sizeof u.bytes);
  MUST(promo_result_get(u.info, newer, result));
  promo_result_info seen;
  memcpy(&seen, buffer, sizeof seen);
  ck_assert_int_eq(seen.discount, 63000);
  ck_assert_uint_eq(seen.line_count, 2);
  for (size_t i = sizeof seen; i < newer; i++) {
    ck_assert_msg(buffer[i] == 0, "byte %zu not zeroed", i);
  }
  for (size_t i = newer; i < sizeof u.bytes; i++) {
    ck_assert_msg(buffer[i] == 0x5a, "byte %zu written", i);
  }
}
END_TEST

START_TEST(result_get_refuses_bad_arguments_and_writes_nothing) {
  apply_spring();
  promo_result_info info;
  memset(&info, 0x5a, sizeof info);
  promo_result_info untouched;
  memcpy(&untouched, &info, sizeof info);
  ck_assert_int_eq(promo_result_get(NULL, sizeof info, result),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_result_get(&info, 0, result),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_result_get(&info, sizeof info, NULL),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(memcmp(&info, &untouched, sizeof info), 0);
}
END_TEST

/* ---- one call: promo_result_get_lines ------------------------------------ */

START_TEST(result_get_lines_reads_what_the_line_getters_read) {
  apply_spring();
  promo_result_line_info lines[2];
  size_t count = 0;
  MUST(promo_result_get_lines(&count, lines, 2, sizeof lines[0], result));
  ck_assert_uint_eq(count, 2);
  for (size_t i = 0; i < 2; i++) {
    ck_assert_int_eq(lines[i].status, promo_result_line_status(result, i));
    ck_assert_int_eq(lines[i].discounted_licenses,
                     promo_result_line_discounted_licenses(result, i));
    ck_assert_int_eq(lines[i].discount, promo_result_line_discount(result, i));
    ck_assert_int_eq(lines[i].discount_ends,
                     promo_result_line_discount_ends(result, i));
    ck_assert_ptr_eq(lines[i].reason, promo_result_line_reason(result, i));
  }
  ck_assert_int_eq(lines[0].status, PROMO_OK);
  ck_assert_int_eq(lines[0].discounted_licenses, 300);
  ck_assert_int_eq(lines[0].discount, 63000);
  ck_assert_int_eq(lines[0].discount_ends, test_utc(2027, 3, 31, 21, 30, 0));
  ck_assert_int_eq(lines[1].status, PROMO_ERR_NOT_APPLICABLE);
  ck_assert_int_eq(lines[1].discount, 0);
  ck_assert_uint_eq(promo_result_line_info_size(), sizeof lines[0]);
}
END_TEST

START_TEST(result_get_lines_fills_a_too_small_array_and_reports_the_count) {
  apply_spring();
  promo_result_line_info lines[2];
  memset(lines, 0x5a, sizeof lines);
  size_t count = 0;
  MUST(promo_result_get_lines(&count, lines, 1, sizeof lines[0], result));
  ck_assert_uint_eq(count, 2);
  ck_assert_int_eq(lines[0].discount, 63000);
  const unsigned char *second = (const unsigned char *)&lines[1];
  for (size_t i = 0; i < sizeof lines[1]; i++) {
    ck_assert_msg(second[i] == 0x5a, "byte %zu of line 1 written", i);
  }
  /* cap 0 only counts; the array may then be NULL. */
  count = 0;
  MUST(promo_result_get_lines(&count, NULL, 0, 0, result));
  ck_assert_uint_eq(count, 2);
}
END_TEST

START_TEST(result_get_lines_strides_by_the_callers_element_size) {
  apply_spring();
  /* Older elements: status and discounted_licenses only. */
  const size_t older = offsetof(promo_result_line_info, discount);
  union {
    promo_result_line_info lines[3];
    unsigned char bytes[3 * sizeof(promo_result_line_info)];
  } u;
  unsigned char *buffer = u.bytes;
  memset(u.bytes, 0x5a, sizeof u.bytes);
  size_t count = 0;
  MUST(promo_result_get_lines(&count, u.lines, 2, older, result));
  ck_assert_uint_eq(count, 2);
  promo_result_line_info seen;
  memcpy(&seen, buffer, older);
  ck_assert_int_eq(seen.status, PROMO_OK);
  ck_assert_int_eq(seen.discounted_licenses, 300);
  memcpy(&seen, buffer + older, older);
  ck_assert_int_eq(seen.status, PROMO_ERR_NOT_APPLICABLE);
  ck_assert_int_eq(seen.discounted_licenses, 0);
  for (size_t i = 2 * older; i < sizeof u.bytes; i++) {
    ck_assert_msg(buffer[i] == 0x5a, "byte %zu written", i);
  }
  /* Newer elements: ours, then zeros up to their size (a multiple of the
   * alignment, as a real struct's size is). */
  const size_t newer = sizeof(promo_result_line_info) + 8;
  memset(u.bytes, 0x5a, sizeof u.bytes);
  MUST(promo_result_get_lines(&count, u.lines, 2, newer, result));
  memcpy(&seen, buffer + newer, sizeof seen);
  ck_assert_int_eq(seen.status, PROMO_ERR_NOT_APPLICABLE);
  for (size_t i = sizeof seen; i < newer; i++) {
    ck_assert_int_eq(buffer[newer + i], 0);
  }
  for (size_t i = 2 * newer; i < sizeof u.bytes; i++) {
    ck_assert_msg(buffer[i] == 0x5a, "byte %zu written", i);
  }
}
END_TEST

START_TEST(result_get_lines_refuses_bad_arguments_and_writes_nothing) {
  apply_spring();
  promo_result_line_info lines[2];
  memset(lines, 0x5a, sizeof lines);
  size_t count = 77;
  ck_assert_int_eq(
      promo_result_get_lines(NULL, lines, 2, sizeof lines[0], result),
      PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(
      promo_result_get_lines(&count, lines, 2, sizeof lines[0], NULL),
      PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(
      promo_result_get_lines(&count, NULL, 2, sizeof lines[0], result),
      PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(promo_result_get_lines(&count, lines, 2, 0, result),
                   PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_int_eq(
      promo_result_get_lines(&count, lines, SIZE_MAX / 8 + 1, 16, result),
      PROMO_ERR_INVALID_ARGUMENT);
  ck_assert_uint_eq(count, 77);
  const unsigned char *bytes = (const unsigned char *)lines;
  for (size_t i = 0; i < sizeof lines; i++) {
    ck_assert_msg(bytes[i] == 0x5a, "byte %zu written", i);
  }
}
END_TEST

START_TEST(a_result_outlives_its_order_and_catalog) {
  apply_spring();
  promo_order_free(order);
  order = NULL;
  promo_catalog_free(catalog);
  catalog = NULL;
  promo_result_info info;
  MUST(promo_result_get(&info, sizeof info, result));
  ck_assert_str_eq(info.campaign, "spring");
  ck_assert_str_eq(info.currency, "EUR");
  promo_result_line_info lines[2];
  size_t count = 0;
  MUST(promo_result_get_lines(&count, lines, 2, sizeof lines[0], result));
  ck_assert_str_eq(lines[1].reason, "");
}
END_TEST

int main(void) {
  Suite *s = suite_create("result");
  TCase *safe = tcase_create("safe");
  tcase_add_test(safe, result_null_reads_as_empty);
  tcase_add_test(safe, result_new_reads_as_empty_until_filled);
  tcase_add_test(safe, result_new_out_of_memory_hands_back_nothing);
  suite_add_tcase(s, safe);

  TCase *read = tcase_create("read");
  tcase_add_checked_fixture(read, setup, teardown);
  tcase_add_loop_test(
      read, result_error_says_why_for_invalid_argument_and_malformed_code_only,
      0, (int)(sizeof APPLIES / sizeof APPLIES[0]));
  tcase_add_test(read, result_get_reads_what_the_getters_read);
  tcase_add_test(read, result_get_gives_null_for_a_code_not_found_or_malformed);
  tcase_add_test(
      read, result_get_into_an_older_smaller_struct_writes_only_its_fields);
  tcase_add_test(read,
                 result_get_into_a_newer_larger_struct_zeroes_what_it_lacks);
  tcase_add_test(read, result_get_refuses_bad_arguments_and_writes_nothing);
  tcase_add_test(read, result_get_lines_reads_what_the_line_getters_read);
  tcase_add_test(
      read, result_get_lines_fills_a_too_small_array_and_reports_the_count);
  tcase_add_test(read, result_get_lines_strides_by_the_callers_element_size);
  tcase_add_test(read,
                 result_get_lines_refuses_bad_arguments_and_writes_nothing);
  tcase_add_test(read, a_result_outlives_its_order_and_catalog);
  suite_add_tcase(s, read);
  return test_run_suite(s);
}
