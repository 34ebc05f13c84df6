#!/usr/bin/env bash
# Builds the fuzz targets of tests/fuzz as libFuzzer programs (clang-14, ASan + UBSan, in
# build-fuzz/) and runs each for a bounded time, one after the other, under nice.
# Usage: scripts/fuzz.sh [seconds-per-target [target...]]   (default 60 s, every target)
#
# Each target starts from its committed seeds (tests/fuzz/corpus/<target>, never written) and
# keeps what it finds in build-fuzz/corpus/<target>, so later runs go on from there. A crash,
# leak, sanitizer report or timeout stops that target and leaves the input in
# build-fuzz/crashes/; to keep it as a regression test, copy it into its seed folder once fixed
# (ctest replays every seed). Prints executions and crashes per target; exits 1 on any crash.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(values_yaml values_secret kubeconfig oci_reference www_authenticate image_manifest tar_entries)
out=build-fuzz

./scripts/install-deps.sh --fuzz
cmake -S . -B "$out" -G Ninja -DCMAKE_CXX_COMPILER=clang++-14 -DCOCOCTL_FUZZ=ON -DCOCOCTL_SANITIZE=address,undefined >/dev/null
nice cmake --build "$out" --target "${targets[@]/#/fuzz_}"

mkdir -p "$out/logs" "$out/crashes"
status=0
summary="| target | seconds | executions | exec/s | crashes |\n|---|---|---|---|---|\n"
for target in "${targets[@]}"; do
  mkdir -p "$out/corpus/$target"
  log=$out/logs/$target.log
  crashes=0
  # -timeout: one input taking 10 s is a hang; -rss_limit_mb: a bounded parser never needs 2 GB.
  nice "$out/bin/fuzz_$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$out/crashes/$target-" "$out/corpus/$target" "tests/fuzz/corpus/$target" >"$log" 2>&1 ||
    { crashes=1; status=1; }
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  summary+="| $target | $seconds | ${runs:-?} | ${speed:-?} | $crashes |\n"
  if [ $crashes -ne 0 ]; then
    echo "fuzz: $target stopped on a finding ($log):"
    grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error|artifact_prefix|Test unit written)' "$log" | head -20
  fi
done
printf "%b" "$summary"
exit $status
