#!/usr/bin/env bash
# Enforces the module dependency rule of ARCHITECTURE.md: every `#include <cococtl/X/...>`
# in module M must name M itself or a module M may depend on. Exits 1 listing violations.
set -euo pipefail
cd "$(dirname "$0")/.."

declare -A allowed=(
  [util]=""
  [values]="util"
  [manifest]="util"
  [crypto]="util"
  [net]="util"
  [secrets]="crypto util"
  [render]="values manifest crypto util"
  [kube]="net manifest crypto util"
  [oci]="net crypto util"
  [kbs]="net crypto util"
  [workspace]="render oci secrets values manifest crypto net util"
  [install]="workspace render kube oci kbs secrets values manifest crypto net util"
  [cli]="install workspace render kube oci kbs secrets values manifest crypto net util"
  [sim]="crypto util"
)

violations=0
check_tree() {  # check_tree <module> <folder>
  local module=$1 dir=$2
  [ -d "$dir" ] || return 0
  while IFS=: read -r file _ include; do
    local target
    target=$(sed -E 's|.*<cococtl/([a-z_]+)/.*|\1|' <<<"$include")
    if [ "$target" != "$module" ] && [[ " ${allowed[$module]} " != *" $target "* ]]; then
      echo "check-deps: $file: module '$module' may not include cococtl/$target (see ARCHITECTURE.md)"
      violations=$((violations + 1))
    fi
  done < <(grep -rnE '#include <cococtl/[a-z_]+/' "$dir" || true)
}

for module in "${!allowed[@]}"; do
  [ "$module" = sim ] && continue
  check_tree "$module" "src/$module"
  check_tree "$module" "include/cococtl/$module"
done
check_tree sim sim  # simulators and test servers (sim/*, including sim/kbs)

for dir in src/*/; do
  m=$(basename "$dir")
  [ -n "${allowed[$m]+x}" ] || { echo "check-deps: src/$m is not listed in scripts/check-deps.sh"; violations=$((violations + 1)); }
done

if [ "$violations" -gt 0 ]; then
  echo "check-deps: $violations violation(s)"
  exit 1
fi
