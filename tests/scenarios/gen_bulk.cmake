# gen_bulk.cmake - writes a catalog whose campaign reads one million codes
# from a codes file, both under DIR. The codes are BULK-<p>-<q> for p and q
# from 0 to 999: line 1000 * p + q + 1 holds BULK-p-q.
#
#   cmake -DDIR=<dir> -P gen_bulk.cmake
cmake_minimum_required(VERSION 3.16)

file(MAKE_DIRECTORY "${DIR}")
set(_block "")
foreach(_q RANGE 0 999)
  string(APPEND _block "BULK-@P@-${_q}\n")
endforeach()
file(WRITE "${DIR}/codes.txt" "")
foreach(_p RANGE 0 999)
  string(REPLACE "@P@" "${_p}" _chunk "${_block}")
  file(APPEND "${DIR}/codes.txt" "${_chunk}")
endforeach()
file(WRITE "${DIR}/catalog.json" [=[{
  "campaigns": [
    {
      "id": "bulk-1m",
      "discount": { "percent_bps": 1000 },
      "codes_file": "codes.txt"
    }
  ]
}
]=])
