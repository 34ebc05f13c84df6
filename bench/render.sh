#!/usr/bin/env bash
# Times `cococtl render` per topology: median wall time over N runs and the peak RSS (GNU time).
# Goal (issue 2): < 15 ms and < 15 MB per topology. Prints a Markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
COCOCTL=${COCOCTL:-build/bin/cococtl}
RUNS=${RUNS:-31}
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
[ -x /usr/bin/time ] || { echo "bench/render.sh needs GNU time (apt-get install time)"; exit 1; }

echo "| topology | objects | median wall (ms) | p90 wall (ms) | peak RSS (MB) |"
echo "|---|---|---|---|---|"
for topology in simple trusted-hub spoke baremetal baremetal-gpu; do
  walls=() rss=0
  for ((i = 0; i < RUNS; i++)); do
    /usr/bin/time -f '%e %M' -o "$home/t" env HOME="$home" "$COCOCTL" -q --secrets-dir "$home/s" --topology "$topology" render >/dev/null
    read -r _ kb <"$home/t"
    start=$(date +%s%N); env HOME="$home" "$COCOCTL" -q --secrets-dir "$home/s" --topology "$topology" render >/dev/null; end=$(date +%s%N)
    walls+=($(( (end - start) / 1000 )))
    [ "$kb" -gt "$rss" ] && rss=$kb
  done
  sorted=($(printf '%s\n' "${walls[@]}" | sort -n))
  median=${sorted[$((RUNS / 2))]} p90=${sorted[$((RUNS * 9 / 10))]}
  objects=$(env HOME="$home" "$COCOCTL" -q --secrets-dir "$home/s" --topology "$topology" render | grep -c '^---$')
  printf '| %s | %d | %d.%02d | %d.%02d | %d.%d |\n' "$topology" "$objects" $((median / 1000)) $((median % 1000 / 10)) \
    $((p90 / 1000)) $((p90 % 1000 / 10)) $((rss / 1024)) $((rss % 1024 * 10 / 1024))
done
