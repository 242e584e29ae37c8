# run_case.cmake - runs the `promo` command once and compares its stdout,
# stderr and exit status with what is expected, byte for byte.
#
#   cmake -DPROMO=<promo> -DWORKDIR=<dir> -DEXPECTED=<dir>/<case>
#         -DEXIT=<status> [-DSTDIN=<file>] [-DSTDOUT=<file>]
#         [-DWRAPPER=<cmd|arg|...>] -DARGC=<n> -DARG_0=... -P run_case.cmake
#
# STDOUT sends standard output to a file instead (/dev/full, to see a
# failed write); then nothing is compared for it.
#
# <case>.out and <case>.err hold the expected stdout and stderr; a missing
# file means "nothing". An argument "<empty>" stands for the empty string,
# and "<hex:ff41>" for the bytes it spells (invalid UTF-8 included).
# With PROMO_SCENARIO_UPDATE=1 in the environment, the expected files are
# rewritten from what the command printed instead: review the diff.
cmake_minimum_required(VERSION 3.18)

foreach(_var PROMO WORKDIR EXPECTED EXIT ARGC)
  if(NOT DEFINED ${_var})
    message(FATAL_ERROR "run_case.cmake: ${_var} is not set")
  endif()
endforeach()

# Decodes "<hex:...>" and "<empty>" into the argument's real bytes.
function(_decode_arg in out)
  if(in STREQUAL "<empty>")
    set(${out} "" PARENT_SCOPE)
    return()
  endif()
  if(in MATCHES "^<hex:([0-9a-fA-F]+)>$")
    set(hex "${CMAKE_MATCH_1}")
    set(bytes "")
    string(LENGTH "${hex}" n)
    math(EXPR last "${n} - 2")
    foreach(i RANGE 0 ${last} 2)
      string(SUBSTRING "${hex}" ${i} 2 pair)
      math(EXPR value "0x${pair}")
      string(ASCII ${value} byte)
      string(APPEND bytes "${byte}")
    endforeach()
    set(${out} "${bytes}" PARENT_SCOPE)
    return()
  endif()
  set(${out} "${in}" PARENT_SCOPE)
endfunction()

# Quoted references, so that empty arguments survive into the command. A
# wrapper (valgrind, say) comes first; its words are separated by "|".
set(_command "")
if(DEFINED WRAPPER AND NOT WRAPPER STREQUAL "")
  string(REPLACE "|" ";" _wrapper_words "${WRAPPER}")
  set(_w 0)
  foreach(_word IN LISTS _wrapper_words)
    set(_CASE_WRAP_${_w} "${_word}")
    string(APPEND _command "\"\${_CASE_WRAP_${_w}}\" ")
    math(EXPR _w "${_w} + 1")
  endforeach()
endif()
string(APPEND _command "\"\${PROMO}\"")
if(ARGC GREATER 0)
  math(EXPR _last "${ARGC} - 1")
  foreach(_i RANGE 0 ${_last})
    _decode_arg("${ARG_${_i}}" _CASE_ARG_${_i})
    string(APPEND _command " \"\${_CASE_ARG_${_i}}\"")
  endforeach()
endif()
set(_input "")
if(DEFINED STDIN AND NOT STDIN STREQUAL "")
  set(_input "INPUT_FILE \"\${STDIN}\"")
endif()
set(_output "OUTPUT_VARIABLE _stdout")
if(DEFINED STDOUT AND NOT STDOUT STREQUAL "")
  set(_output "OUTPUT_FILE \"\${STDOUT}\"")
endif()
cmake_language(EVAL CODE "
  execute_process(COMMAND ${_command}
    WORKING_DIRECTORY \"\${WORKDIR}\"
    ${_input}
    RESULT_VARIABLE _status
    ${_output}
    ERROR_VARIABLE _stderr)")
if(DEFINED STDOUT AND NOT STDOUT STREQUAL "")
  set(_stdout "")
endif()

if("$ENV{PROMO_SCENARIO_UPDATE}" STREQUAL "1")
  foreach(_stream out err)
    if(_std${_stream} STREQUAL "")
      file(REMOVE "${EXPECTED}.${_stream}")
    else()
      file(WRITE "${EXPECTED}.${_stream}" "${_std${_stream}}")
    endif()
  endforeach()
endif()

set(_failed FALSE)
if(NOT _status STREQUAL EXIT)
  message("exit status: expected ${EXIT}, got ${_status}")
  set(_failed TRUE)
endif()
foreach(_stream out err)
  set(_want "")
  if(EXISTS "${EXPECTED}.${_stream}")
    file(READ "${EXPECTED}.${_stream}" _want)
  endif()
  if(NOT _std${_stream} STREQUAL _want)
    message("std${_stream} differs.\n--- expected (${EXPECTED}.${_stream}):\n"
            "${_want}\n--- got:\n${_std${_stream}}\n---")
    set(_failed TRUE)
  endif()
endforeach()
if(_failed)
  message(FATAL_ERROR "scenario failed")
endif()
