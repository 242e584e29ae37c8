# Unit tests of promo_apply and promo_order_complete: the pipeline's rules
# end to end through the public API.
promo_add_check_test(test_apply test_apply.c)
promo_add_check_test(test_host test_host.c)
promo_add_check_test(test_complete test_complete.c)
target_link_libraries(test_complete PRIVATE Threads::Threads)
# Run under ThreadSanitizer too (.ci/run: ctest --preset tsan -L concurrency).
set_tests_properties(test_complete PROPERTIES LABELS "unit;concurrency")
promo_add_check_test(test_apply_alloc test_apply_alloc.c)
# R11 in a store: reserve, commit, release, refund; backends; store faults.
promo_add_check_test(test_store test_store.c)
promo_add_check_test(test_store_alloc test_store_alloc.c)
# Threads racing a million commits (PROMO_RACE_COMMITS; the tsan and
# valgrind presets run fewer): ThreadSanitizer runs it too (.ci/run).
promo_add_check_test(test_store_race test_store_race.c)
target_link_libraries(test_store_race PRIVATE Threads::Threads)
set_tests_properties(test_store_race PROPERTIES LABELS "unit;concurrency")
