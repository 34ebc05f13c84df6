# COCOCTL_SANITIZE instruments every target (libraries, tests, simulators, the binary) with the
# listed sanitizers: "address,undefined" or "thread" (scripts/test-sanitizers.sh builds both).
# Any report is fatal: UBSan does not recover, so a finding fails the test that hit it.
set(COCOCTL_SANITIZE "" CACHE STRING "Sanitizers for every target, e.g. address,undefined or thread")
if(COCOCTL_SANITIZE)
  if(COCOCTL_SANITIZE MATCHES "thread" AND COCOCTL_SANITIZE MATCHES "address")
    message(FATAL_ERROR "COCOCTL_SANITIZE: thread and address cannot be combined")
  endif()
  add_compile_options(-fsanitize=${COCOCTL_SANITIZE} -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=${COCOCTL_SANITIZE})
  message(STATUS "cococtl: sanitizers ${COCOCTL_SANITIZE}")
endif()
