# promo_set_warnings(<target>): the warning set every target of ours uses.
# A function, not an INTERFACE library, so nothing of it leaks into the
# exported targets.
function(promo_set_warnings target)
  if(CMAKE_C_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE
      -Wall -Wextra -Wpedantic -Wconversion -Wsign-conversion -Wshadow
      -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 -Wundef
      -Wcast-qual -Wvla)
    if(PROMO_WERROR)
      target_compile_options(${target} PRIVATE -Werror)
    endif()
  elseif(MSVC)
    target_compile_options(${target} PRIVATE /W4)
    if(PROMO_WERROR)
      target_compile_options(${target} PRIVATE /WX)
    endif()
  endif()
endfunction()
