# One INTERFACE target carries the warning flags; every cococtl target links it.
add_library(cococtl_warnings INTERFACE)
target_compile_options(cococtl_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor)
if(COCOCTL_WERROR)
  target_compile_options(cococtl_warnings INTERFACE -Werror)
endif()
