# Unit tests of the JSON layer (promo_json), one Check executable per
# concept. They link promo_json_internal: the layer built statically on the
# static core (promo_internal, which promo_add_check_test links already), so
# a test holds exactly one copy of the core and can reach the layer's
# internal functions (src/json/*.h). Files a test writes go to its own
# scratch directory in the build tree.
function(promo_add_json_test name)
  promo_add_check_test(${name} ${ARGN})
  target_link_libraries(${name} PRIVATE promo_json_internal)
  set(_scratch ${CMAKE_CURRENT_BINARY_DIR}/scratch/${name})
  file(MAKE_DIRECTORY ${_scratch})
  target_compile_definitions(${name} PRIVATE
    PROMO_TEST_DATA_DIR="${PROJECT_SOURCE_DIR}/tests/data"
    PROMO_TEST_SCRATCH_DIR="${_scratch}")
endfunction()
promo_add_json_test(test_json_alloc test_json_alloc.c)
promo_add_json_test(test_json_time test_json_time.c)
promo_add_json_test(test_json_syntax test_json_syntax.c)
promo_add_json_test(test_json_locate test_json_locate.c)
promo_add_json_test(test_json_strbuf test_json_strbuf.c)
promo_add_json_test(test_json_error test_json_error.c)
promo_add_json_test(test_json_source test_json_source.c)
promo_add_json_test(test_json_codes_file test_json_codes_file.c)
promo_add_json_test(test_json_catalog test_json_catalog.c)
promo_add_json_test(test_json_order test_json_order.c)
promo_add_json_test(test_json_result test_json_result.c)
promo_add_json_test(test_json_stream test_json_stream.c)
