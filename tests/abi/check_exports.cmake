# cmake -DLIB=<shared library> -DHEADERS=<h1;h2;...> -DMACRO=<export macro>
#       -DNM=<nm> -P check_exports.cmake
#
# The shared library must export exactly the functions the headers declare
# with MACRO (PROMO_EXTERN, PROMO_JSON_EXTERN): nothing internal leaks,
# nothing public is missing.
foreach(_var LIB HEADERS MACRO NM)
  if(NOT DEFINED ${_var})
    message(FATAL_ERROR "check_exports.cmake: ${_var} is not set")
  endif()
endforeach()

set(_declared "")
foreach(_header IN LISTS HEADERS)
  file(READ "${_header}" _text)
  # "MACRO <return type> <name>(" at the start of a line, possibly across
  # lines; the macro's own definition and comments don't match.
  string(REGEX MATCHALL "\n${MACRO} [^;(#]*\\(" _decls "\n${_text}")
  foreach(_decl IN LISTS _decls)
    string(REGEX MATCH "([A-Za-z_][A-Za-z0-9_]*)[ \t\r\n]*\\($" _m "${_decl}")
    list(APPEND _declared "${CMAKE_MATCH_1}")
  endforeach()
endforeach()
list(SORT _declared)
list(REMOVE_DUPLICATES _declared)

execute_process(COMMAND "${NM}" -D --defined-only "${LIB}"
  OUTPUT_VARIABLE _nm RESULT_VARIABLE _rc)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "${NM} failed on ${LIB}")
endif()
string(REPLACE "\n" ";" _lines "${_nm}")
set(_exported "")
foreach(_line IN LISTS _lines)
  # "<address> T <name>": code and data the library defines.
  if(_line MATCHES "^[0-9a-fA-F]+ [TDRB] ([A-Za-z_][A-Za-z0-9_]*)$")
    list(APPEND _exported "${CMAKE_MATCH_1}")
  endif()
endforeach()
list(SORT _exported)
list(REMOVE_DUPLICATES _exported)
# The linker's own markers are not ours, nor what coverage and sanitizer
# instrumentation add to an instrumented build.
list(FILTER _exported EXCLUDE REGEX "^(_init|_fini|_edata|_end|__bss_start)$")
list(FILTER _exported EXCLUDE REGEX
  "^(__(gcov|llvm|asan|ubsan|lsan|tsan|sanitizer).*|mangle_path)$")

set(_extra ${_exported})
list(REMOVE_ITEM _extra ${_declared})
set(_missing ${_declared})
list(REMOVE_ITEM _missing ${_exported})
list(LENGTH _declared _n)
if(_extra OR _missing)
  message(FATAL_ERROR "ABI of ${LIB} differs from its headers:\n"
    "  exported but not declared: ${_extra}\n"
    "  declared but not exported: ${_missing}")
endif()
message(STATUS "${LIB}: exports exactly the ${_n} declared functions")
