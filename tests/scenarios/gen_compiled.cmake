# gen_compiled.cmake - compiles tests/data/catalog.json at test time (a
# compiled file is never committed: the next format version would make it
# stale without a word), and damages copies of it, all under DIR:
#   catalog.promo         promo compile catalog.json
#   hints.promo           promo compile --hints catalog.json
#   truncated.promo       catalog.promo cut to half its size
#   damaged-header.promo  catalog.promo with byte 40 (its code count) flipped
#   damaged-codes.promo   catalog.promo with a byte of its code index flipped
#                         (24 bytes before its end: inside the entries)
#
#   cmake -DPROMO=<promo> -DDATA=<tests/data> -DDIR=<dir> -P gen_compiled.cmake
cmake_minimum_required(VERSION 3.16)

file(REMOVE_RECURSE "${DIR}")
file(MAKE_DIRECTORY "${DIR}")

function(_run)
  execute_process(COMMAND ${ARGN} WORKING_DIRECTORY "${DATA}"
    RESULT_VARIABLE _status OUTPUT_QUIET ERROR_VARIABLE _err)
  if(NOT _status EQUAL 0)
    message(FATAL_ERROR "${ARGN}: ${_status}\n${_err}")
  endif()
endfunction()

_run("${PROMO}" compile -o "${DIR}/catalog.promo" catalog.json)
_run("${PROMO}" compile --hints -o "${DIR}/hints.promo" catalog.json)

file(SIZE "${DIR}/catalog.promo" _size)
math(EXPR _half "${_size} / 2")
math(EXPR _in_codes "${_size} - 24")
foreach(_name truncated damaged-header damaged-codes)
  configure_file("${DIR}/catalog.promo" "${DIR}/${_name}.promo" COPYONLY)
endforeach()
_run(truncate -s ${_half} "${DIR}/truncated.promo")

# Inverts every bit of the byte at `offset` of `file`, in place (od reads
# it, dd writes it back), so that it differs whatever it was.
function(_flip file offset)
  execute_process(COMMAND od -An -tu1 -j ${offset} -N 1 "${file}"
    OUTPUT_VARIABLE _byte RESULT_VARIABLE _status)
  string(STRIP "${_byte}" _byte)
  if(NOT _status EQUAL 0 OR _byte STREQUAL "")
    message(FATAL_ERROR "cannot read byte ${offset} of ${file}")
  endif()
  math(EXPR _flipped "${_byte} ^ 255" OUTPUT_FORMAT DECIMAL)
  math(EXPR _d2 "${_flipped} / 64")
  math(EXPR _d1 "(${_flipped} / 8) % 8")
  math(EXPR _d0 "${_flipped} % 8")
  _run(sh -c "printf '\\${_d2}${_d1}${_d0}' | dd of='${file}' bs=1 seek=${offset} conv=notrunc 2>/dev/null")
endfunction()
_flip("${DIR}/damaged-header.promo" 40)
_flip("${DIR}/damaged-codes.promo" ${_in_codes})
