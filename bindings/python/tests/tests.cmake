# The Python package's unittest modules, one ctest test each (label
# "python"), run against the package built in this tree.
#
# Sanitizer builds: the extension and libpromo are instrumented, the Python
# interpreter is not. Under ASan the runtime must be loaded first, so the
# tests run with LD_PRELOAD set to the compiler's ASan runtime (and cffi's
# backend, see below); Python's own
# allocations that it never frees at exit are suppressed for LeakSanitizer
# (lsan.supp), libpromo's are not. Under valgrind (PROMO_TEST_WRAPPER) and
# TSan they are disabled: valgrind would check the interpreter rather than
# the library (the C suites run under it, and ASan covers the binding), and
# TSan's runtime cannot be preloaded into an uninstrumented Python (clang
# 14's crashes the interpreter at start); libpromo's threads are checked by
# the C suites under TSan.

set(_promo_py_env
  "PYTHONPATH=${PROMO_PYTHON_DIR}"
  "PYTHONDONTWRITEBYTECODE=1")
set(_promo_py_disabled "")

if(PROMO_TEST_WRAPPER)
  set(_promo_py_disabled "valgrind would check the Python interpreter, not libpromo: the C suites run under valgrind, the binding under ASan")
elseif(CMAKE_C_FLAGS MATCHES "-fsanitize=[^ ]*thread")
  set(_promo_py_disabled "ThreadSanitizer's runtime cannot be preloaded into an uninstrumented Python interpreter")
elseif(CMAKE_C_FLAGS MATCHES "-fsanitize=[^ ]*address")
  if(CMAKE_C_COMPILER_ID STREQUAL "GNU")
    execute_process(COMMAND ${CMAKE_C_COMPILER} -print-file-name=libasan.so
      OUTPUT_VARIABLE _promo_asan_rt OUTPUT_STRIP_TRAILING_WHITESPACE)
  else()
    execute_process(COMMAND ${CMAKE_C_COMPILER} -print-runtime-dir
      OUTPUT_VARIABLE _promo_rt_dir OUTPUT_STRIP_TRAILING_WHITESPACE)
    set(_promo_asan_rt "${_promo_rt_dir}/libclang_rt.asan-${CMAKE_SYSTEM_PROCESSOR}.so")
  endif()
  # No PYTHONFAULTHANDLER here: its signal handlers make LeakSanitizer's
  # tracer crash at exit now and then; ASan reports crashes itself.
  # cffi's backend is preloaded too: it holds thread-local storage, and
  # GCC 12's LeakSanitizer reads the dynamic TLS of a module loaded later
  # wrong (glibc 2.34+) and crashes at exit ("Tracer caught signal 11").
  execute_process(COMMAND ${PROMO_PYTHON} -c "import _cffi_backend; print(_cffi_backend.__file__)"
    OUTPUT_VARIABLE _promo_cffi_backend OUTPUT_STRIP_TRAILING_WHITESPACE)
  # So is the C++ runtime, for the same reason: ICU brings it in when the
  # extension loads, and its thread-local storage read wrong crashed
  # LeakSanitizer's tracer at exit in 3 to 6 runs of 10 of test_example
  # once the extension grew (0 of 10 preloaded).
  execute_process(COMMAND ${CMAKE_C_COMPILER} -print-file-name=libstdc++.so.6
    OUTPUT_VARIABLE _promo_cxx_rt OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(IS_ABSOLUTE "${_promo_cxx_rt}" AND EXISTS "${_promo_cxx_rt}")
    string(APPEND _promo_cffi_backend ":${_promo_cxx_rt}")
  endif()
  if(NOT EXISTS "${_promo_asan_rt}")
    set(_promo_py_disabled "no shared ASan runtime to preload (${_promo_asan_rt})")
  else()
    list(APPEND _promo_py_env
      "LD_PRELOAD=${_promo_asan_rt}:${_promo_cffi_backend}"
      "PYTHONMALLOC=malloc"
      "LSAN_OPTIONS=suppressions=${CMAKE_CURRENT_LIST_DIR}/lsan.supp:print_suppressions=0:malloc_context_size=5")
  endif()
endif()

if(_promo_py_disabled)
  message(STATUS "Python tests: disabled in this build: ${_promo_py_disabled}")
elseif(NOT _promo_asan_rt)
  list(APPEND _promo_py_env "PYTHONFAULTHANDLER=1")  # a Python traceback on a crash
endif()

file(GLOB _promo_py_tests CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/test_*.py)
list(FILTER _promo_py_tests EXCLUDE REGEX "/test_pg\\.py$")
foreach(_t IN LISTS _promo_py_tests)
  get_filename_component(_name ${_t} NAME_WE)
  add_test(NAME python_${_name}
    COMMAND ${PROMO_PYTHON} -B -m unittest -v ${_name}
    WORKING_DIRECTORY ${CMAKE_CURRENT_LIST_DIR})
  set_tests_properties(python_${_name} PROPERTIES
    LABELS "python"
    TIMEOUT 600
    ENVIRONMENT "${_promo_py_env}")
  if(_promo_py_disabled)
    set_tests_properties(python_${_name} PROPERTIES DISABLED TRUE)
  endif()
endforeach()

# promo.PostgresStore on the C suite's PostgreSQL server fixture (label
# "pg" too, its lock: it stops and restarts the server); exit status 77
# (skipped) without a server.
if(TARGET promo_pg)
  add_test(NAME python_test_pg
    COMMAND ${PROMO_PYTHON} -B test_pg.py
    WORKING_DIRECTORY ${CMAKE_CURRENT_LIST_DIR})
  set_tests_properties(python_test_pg PROPERTIES
    LABELS "python;pg"
    TIMEOUT 600
    FIXTURES_REQUIRED pg_server
    RESOURCE_LOCK pg_server
    SKIP_RETURN_CODE 77
    ENVIRONMENT "${_promo_py_env};PROMO_PG_DIR=${PROJECT_BINARY_DIR}/tests/pg/server;PROMO_PG_SERVER_SH=${PROJECT_SOURCE_DIR}/tests/pg/server.sh")
  if(_promo_py_disabled)
    set_tests_properties(python_test_pg PROPERTIES DISABLED TRUE)
  endif()
endif()
