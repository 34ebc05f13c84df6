#!/usr/bin/env bash
# The main job on an embedded default: build cococtl, generate key material into a scratch
# secrets folder, and render the baremetal topology into a folder, then summarise.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
./scripts/build.sh >/dev/null
COCOCTL=build/bin/cococtl
out=${DEMO_DIR:-$PWD/out/demo}
secrets="$out/secrets"
mkdir -p "$out/home"
# A scratch HOME: `secrets generate` writes ~/values-secret-coco-pattern.yaml, which must not
# touch the real home of whoever runs the demo.
export HOME="$out/home"

echo "== $("$COCOCTL" version)"
if "$COCOCTL" --help | grep -q "^  secrets "; then
  echo "== generating key material into $secrets"
  "$COCOCTL" --secrets-dir "$secrets" --topology baremetal secrets generate
fi
echo "== validating the embedded defaults for topology baremetal"
"$COCOCTL" --secrets-dir "$secrets" --topology baremetal validate || true
echo "== rendering topology baremetal into $out/manifests"
"$COCOCTL" --secrets-dir "$secrets" --topology baremetal render --out-dir "$out/manifests"
echo "== objects by wave and kind"
grep -h '^# ' "$out"/manifests/*.yaml | sed -E 's/^# ([A-Za-z]+) .*\(wave ([0-9]+),.*/wave \2  \1/' | sort | uniq -c
echo "== done: $(ls "$out"/manifests/*.yaml | wc -l) manifests in $out/manifests"
