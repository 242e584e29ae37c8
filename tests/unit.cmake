# Unit tests of the core's concepts, one Check executable per concept.
promo_add_check_test(test_status test_status.c)
promo_add_check_test(test_money test_money.c)
promo_add_check_test(test_text test_text.c)
promo_add_check_test(test_quote test_quote.c)
promo_add_check_test(test_code_index test_code_index.c)
promo_add_check_test(test_calendar test_calendar.c)
promo_add_check_test(test_region test_region.c)
promo_add_check_test(test_catalog test_catalog.c)
promo_add_check_test(test_order test_order.c)
promo_add_check_test(test_alloc test_alloc.c)
promo_add_check_test(test_result test_result.c)
promo_add_check_test(test_currency test_currency.c)
promo_add_check_test(test_pipeline test_pipeline.c)
# Objects freed in any order, catalogs shared by threads: under TSan too.
promo_add_check_test(test_lifetime test_lifetime.c)
target_link_libraries(test_lifetime PRIVATE Threads::Threads)
set_tests_properties(test_lifetime PROPERTIES LABELS "unit;concurrency")
# Zone rules from TZif files, and the zones object over a tz database
# directory (the synthetic one of tests/data/zoneinfo, and the system's).
promo_add_check_test(test_tzif test_tzif.c)
target_compile_definitions(test_tzif PRIVATE
  PROMO_TEST_DATA_DIR="${PROJECT_SOURCE_DIR}/tests/data")
promo_add_check_test(test_zones test_zones.c)
target_compile_definitions(test_zones PRIVATE
  PROMO_TEST_DATA_DIR="${PROJECT_SOURCE_DIR}/tests/data")
target_link_libraries(test_zones PRIVATE Threads::Threads)
# Its threads test runs under ThreadSanitizer too (-L concurrency).
set_tests_properties(test_zones PROPERTIES LABELS "unit;concurrency")
# Issue 12: typo diagnosis, explain and anonymous modes, ICU messages.
promo_add_check_test(test_hint test_hint.c)
promo_add_check_test(test_explain test_explain.c)
promo_add_check_test(test_anonymous test_anonymous.c)
promo_add_check_test(test_message test_message.c)
# Compiled catalogs (issue 11): written, mapped, refused when damaged.
promo_add_check_test(test_compiled test_compiled.c)
target_compile_definitions(test_compiled PRIVATE
  PROMO_TEST_DATA_DIR="${PROJECT_SOURCE_DIR}/tests/data")
