# COCOCTL_FUZZ turns the targets of tests/fuzz into libFuzzer programs (scripts/fuzz.sh). It
# needs clang; every library is then compiled with the fuzzer's coverage feedback. Combine it
# with COCOCTL_SANITIZE=address,undefined so that memory errors count, not only crashes.
option(COCOCTL_FUZZ "Build the fuzz targets as libFuzzer programs (clang only)" OFF)
if(COCOCTL_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "COCOCTL_FUZZ needs clang: configure with -DCMAKE_CXX_COMPILER=clang++-14")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
