# cmake -DLIB=<shared library> -DOBJDUMP=<objdump> -DFORBIDDEN=<a;b>
#       -P check_needed.cmake
#
# The library must not depend (DT_NEEDED) on any library whose name starts
# with one of FORBIDDEN.
foreach(_var LIB OBJDUMP FORBIDDEN)
  if(NOT DEFINED ${_var})
    message(FATAL_ERROR "check_needed.cmake: ${_var} is not set")
  endif()
endforeach()
execute_process(COMMAND "${OBJDUMP}" -p "${LIB}"
  OUTPUT_VARIABLE _out RESULT_VARIABLE _rc)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "${OBJDUMP} failed on ${LIB}")
endif()
string(REGEX MATCHALL "NEEDED +[^\n]+" _needed "${_out}")
foreach(_entry IN LISTS _needed)
  foreach(_bad IN LISTS FORBIDDEN)
    if(_entry MATCHES "NEEDED +${_bad}")
      message(FATAL_ERROR "${LIB} depends on ${_entry}")
    endif()
  endforeach()
endforeach()
message(STATUS "${LIB}: ${_needed}")
