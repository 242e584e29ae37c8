# check_compiled_once.cmake - every source file of the libraries is compiled
# exactly once, so that the tests link the very objects that are installed
# (src/CMakeLists.txt: object libraries).
#
#   cmake -DCOMMANDS=<build>/compile_commands.json -DSRC=<source>/src
#         -P check_compiled_once.cmake
cmake_minimum_required(VERSION 3.19)

file(READ "${COMMANDS}" _json)
string(JSON _count LENGTH "${_json}")
math(EXPR _last "${_count} - 1")
set(_seen "")
set(_twice "")
foreach(_i RANGE 0 ${_last})
  string(JSON _file GET "${_json}" ${_i} file)
  file(TO_CMAKE_PATH "${_file}" _file)
  string(FIND "${_file}" "${SRC}/" _at)
  if(NOT _at EQUAL 0)
    continue()
  endif()
  if(_file IN_LIST _seen)
    list(APPEND _twice "${_file}")
  else()
    list(APPEND _seen "${_file}")
  endif()
endforeach()
list(LENGTH _seen _n)
if(_n EQUAL 0)
  message(FATAL_ERROR "no source of ${SRC} in ${COMMANDS}")
endif()
if(_twice)
  list(REMOVE_DUPLICATES _twice)
  string(REPLACE ";" "\n  " _list "${_twice}")
  message(FATAL_ERROR "compiled more than once:\n  ${_list}")
endif()
message(STATUS "${_n} library sources, each compiled once")
