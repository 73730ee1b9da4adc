# Checked builds (each in its own build folder; .ci/run and tools/fuzz.sh use them):
#   -DSB_SANITIZE=ON  AddressSanitizer + UndefinedBehaviorSanitizer, any finding aborts
#                     (-fno-sanitize-recover). Leak reports from third-party libraries are
#                     suppressed by tests/sanitize/lsan.supp (each entry says why).
#   -DSB_FUZZ=ON      the libFuzzer targets of tests/fuzz (clang only), with ASan + UBSan.
option(SB_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(SB_FUZZ "Build the libFuzzer targets in tests/fuzz (needs clang)" OFF)

set(SB_SANITIZER_FLAGS -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
if(SB_FUZZ)
  if(NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "SB_FUZZ needs clang (libFuzzer): configure with CC=clang")
  endif()
  add_compile_options(${SB_SANITIZER_FLAGS} -fsanitize=fuzzer-no-link)
  add_link_options(${SB_SANITIZER_FLAGS})
elseif(SB_SANITIZE)
  add_compile_options(${SB_SANITIZER_FLAGS})
  add_link_options(${SB_SANITIZER_FLAGS})
endif()
