#!/usr/bin/env bash
# Runs the test suite under sanitizers, each build in its own folder:
#   asan  ASan + UBSan (build-asan): the whole ctest suite
#   tsan  TSan (build-tsan): the tests whose code runs threads (kube apply and its fake API
#         server, net, oci layer search, the simulators, the KBS clients and test KBS); only
#         their targets are built
# Usage: scripts/test-sanitizers.sh [asan|tsan|all]   (default all)
#
# Every process of a test (the test binary, and the cococtl and simulator binaries it starts)
# writes sanitizer reports to <build>/sanitizer-logs/ instead of stderr, so a report counts even
# when the test only checked an exit code; the run fails when any report exists and prints them.
# Suppressions (third-party false positives only, each explained) are in tests/sanitizers/.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-all}
jobs=${JOBS:-$(nproc)}
suppressions=$PWD/tests/sanitizers

configure() {  # configure <folder> <sanitizers>
  cmake -S . -B "$1" -G Ninja -DCOCOCTL_WERROR=ON -DCOCOCTL_SANITIZE="$2" >/dev/null
}

# Runs ctest in <folder> with the sanitizer options set; fails on a failed test or any report.
run_tests() {  # run_tests <folder> [ctest args...]
  local dir=$1 logs=$1/sanitizer-logs
  shift
  rm -rf "$logs" && mkdir -p "$logs"
  local common="print_stacktrace=1:halt_on_error=1"
  local status=0
  ASAN_OPTIONS="log_path=$PWD/$logs/asan:detect_stack_use_after_return=1:strict_string_checks=1:detect_leaks=1" \
  LSAN_OPTIONS="suppressions=$suppressions/lsan.supp:print_suppressions=0" \
  UBSAN_OPTIONS="log_path=$PWD/$logs/ubsan:$common:suppressions=$suppressions/ubsan.supp" \
  TSAN_OPTIONS="log_path=$PWD/$logs/tsan:$common:second_deadlock_stack=1:suppressions=$suppressions/tsan.supp" \
    nice ctest --test-dir "$dir" --output-on-failure -j "$jobs" --timeout 900 "$@" || status=1
  if compgen -G "$logs/*" >/dev/null; then
    echo "test-sanitizers: reports in $logs:"
    cat "$logs"/*
    status=1
  fi
  return $status
}

asan() {
  configure build-asan "address,undefined"
  nice cmake --build build-asan
  run_tests build-asan
}

# The threaded tests: test targets named kube*, net*, oci*, sim*, kbs* (kbs clients and kbssim).
tsan() {
  configure build-tsan thread
  local targets
  targets=$(cmake --build build-tsan --target help | sed -n 's/^\(\(kube\|net\|oci\|sim\|kbs\)[a-z_]*_test\):.*/\1/p')
  # shellcheck disable=SC2086
  nice cmake --build build-tsan --target $targets
  run_tests build-tsan -R "^($(echo $targets | tr ' ' '|')):"
}

case $mode in
  asan) asan ;;
  tsan) tsan ;;
  all) status=0; asan || status=1; tsan || status=1; exit $status ;;
  *) echo "usage: $0 [asan|tsan|all]" >&2; exit 2 ;;
esac
