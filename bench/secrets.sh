#!/usr/bin/env bash
# Times `cococtl secrets generate` (fresh and no-op), `secrets check` and `initdata`: median wall
# time (date +%s%N around the run, so it includes GNU time's own ~1 ms) and peak RSS of N runs each (GNU time -v), in a scratch HOME. Usage: bench/secrets.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-11}
BIN=${COCOCTL:-build/bin/cococtl}
[ -x "$BIN" ] || { echo "build cococtl first (BIN=$BIN)"; exit 1; }
BIN=$(realpath "$BIN")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# measure <label> <setup command or ""> <cococtl args...>: prints "label  median_ms  peak_rss_kb"
measure() {
  local label=$1 setup=$2
  shift 2
  local times=() rss=()
  for _ in $(seq "$N"); do
    [ -n "$setup" ] && eval "$setup"
    local start end
    start=$(date +%s%N)
    HOME=$work /usr/bin/time -v "$BIN" "$@" >/dev/null 2>"$work/time.txt"
    end=$(date +%s%N)
    times+=("$(awk -v ns=$((end - start)) 'BEGIN {printf "%.1f", ns / 1e6}')")
    rss+=("$(awk -F': ' '/Maximum resident/ {print $2}' "$work/time.txt")")
  done
  local median_t median_r
  median_t=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  median_r=$(printf '%s\n' "${rss[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  printf '%-44s %8s ms %8s KB\n' "$label" "$median_t" "$median_r"
}

echo "cococtl secrets/initdata, median of $N runs ($(nproc) cores, $(uname -r))"
measure "secrets generate (fresh, 8 items)" "rm -rf $work/.coco-pattern $work/values-secret-coco-pattern.yaml" secrets generate
measure "secrets generate (fresh, baremetal, 10 items)" "rm -rf $work/.coco-pattern" --topology baremetal secrets generate
measure "secrets generate (nothing to do)" "" --topology baremetal secrets generate
measure "secrets check" "" --topology baremetal secrets check
measure "initdata --print annotation" "" initdata --print annotation
