#!/usr/bin/env bash
# Regenerates the golden render outputs under tests/golden/ on purpose (review the diff!).
# Renders run with an empty HOME and secrets folder, so key material shows as placeholders and
# the output is the same on every machine.
set -euo pipefail
cd "$(dirname "$0")/.."
COCOCTL=${COCOCTL:-build/bin/cococtl}
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
render() { HOME="$home" "$COCOCTL" -q --secrets-dir "$home/secrets" "$@" render; }
for topology in simple trusted-hub spoke baremetal baremetal-gpu; do
  render --topology "$topology" > "tests/golden/topology-$topology.yaml"
done
for example in examples/*.yaml; do
  name=$(basename "$example" .yaml)
  if grep -q '^clusters:' "$example"; then
    for cluster in $(sed -n '/^clusters:/,/^[^ ]/{s/^  \([a-z0-9-]*\):$/\1/p}' "$example"); do
      HOME="$home" "$COCOCTL" -q --secrets-dir "$home/secrets" --values-global "$example" render --cluster "$cluster" \
        > "tests/golden/example-$name-$cluster.yaml"
    done
  else
    render --values-global "$example" > "tests/golden/example-$name.yaml"
  fi
done
echo "golden files updated; review with: git diff tests/golden"
