#!/usr/bin/env bash
# cli_test.sh SUITE: runs one suite of end-to-end checks against $COCOCTL.
set -uo pipefail
: "${COCOCTL:?set COCOCTL to the cococtl binary}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME="$work/home" NO_COLOR=1
mkdir -p "$HOME"
passed=0 failed=0

pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }
# expect_exit CODE CMD...: runs CMD, checks its exit code; output in $work/out, $work/err.
expect_exit() {
  local want=$1; shift
  "$@" >"$work/out" 2>"$work/err"
  local got=$?
  if [ "$got" = "$want" ]; then pass; else fail "exit $got (want $want): $*"; sed 's/^/  /' "$work/err" | head -5; fi
}
expect_err() {  # expect_err TEXT: stderr of the last command contains TEXT
  if grep -qF -- "$1" "$work/err"; then pass; else fail "stderr lacks: $1"; sed 's/^/  /' "$work/err" | head -5; fi
}
expect_out() {
  if grep -qF -- "$1" "$work/out"; then pass; else fail "stdout lacks: $1"; fi
}
coco() { "$COCOCTL" --secrets-dir "$HOME/secrets" "$@"; }

suite_golden() {
  for golden in tests/golden/topology-*.yaml; do
    local topology=${golden#tests/golden/topology-}; topology=${topology%.yaml}
    if coco -q --topology "$topology" render | cmp -s - "$golden"; then pass; else fail "render $topology differs from $golden (scripts/update-golden.sh)"; fi
  done
  for golden in tests/golden/example-*.yaml; do
    local name=${golden#tests/golden/example-}; name=${name%.yaml}
    local file="examples/$name.yaml" args=()
    if [ ! -f "$file" ]; then file="examples/${name%-*}.yaml"; args=(--cluster "${name##*-}"); fi
    if coco -q --values-global "$file" render "${args[@]}" | cmp -s - "$golden"; then pass; else fail "render $file ${args[*]} differs from $golden"; fi
  done
  # Determinism: the same inputs give byte-identical output.
  coco -q --topology baremetal-gpu render >"$work/a"; coco -q --topology baremetal-gpu render >"$work/b"
  if cmp -s "$work/a" "$work/b"; then pass; else fail "render is not deterministic"; fi
}

suite_exit_codes() {
  expect_exit 0 coco version
  expect_out "trustee-operator.v1.1.0"
  expect_out "gpu-operator-certified.v26.3.0"
  expect_exit 2 coco no-such-command
  expect_exit 2 coco render --format xml
  expect_exit 2 coco --topology baremtal render
  expect_err 'unknown topology "baremtal" (did you mean "baremetal"?)'
  printf 'main:\n  clusterGroupName: baremtal\n' >"$work/bad.yaml"
  expect_exit 3 coco --values-global "$work/bad.yaml" render
  expect_err "cococtl: error: $work/bad.yaml:2:3: main.clusterGroupName: unknown topology \"baremtal\" (did you mean \"baremetal\"?)"
  printf 'global:\n  coco:\n    secured: maybe\n  pattern: [x]\n' >"$work/types.yaml"
  expect_exit 3 coco --values-global "$work/types.yaml" validate
  expect_err "$work/types.yaml:3:5: global.coco.secured: \"maybe\": expected true or false"
  expect_err "$work/types.yaml:4:3: global.pattern: expected a single value, got a list"
  expect_err "2 problems in values"
  printf 'a: 1\na: 2\n' >"$work/dup.yaml"
  expect_exit 3 coco --values-global "$work/dup.yaml" validate
  expect_err "$work/dup.yaml:2:1: duplicate key \"a\" (first defined at line 1)"
  head -c 4096 /dev/urandom >"$work/junk.yaml"
  expect_exit 3 coco --values-global "$work/junk.yaml" validate
  expect_err "not a YAML text file"
  expect_exit 3 coco --values-global "$work/missing.yaml" render
  expect_err "$work/missing.yaml: file not found"
  expect_exit 3 coco --values-secret "$work/missing-secret.yaml" validate
  expect_exit 2 coco --set novalue render
}

suite_init_validate() {
  expect_exit 0 coco --topology baremetal init --dir "$work/init"
  expect_out "wrote $work/init/values-global.yaml"
  [ "$(stat -c %a "$work/init/values-secret-coco-pattern.yaml")" = 600 ] && pass || fail "values-secret is not 0600"
  expect_exit 3 coco --topology baremetal init --dir "$work/init"
  expect_err "already exists (use --force to overwrite)"
  expect_exit 0 coco --topology baremetal init --dir "$work/init" --force
  grep -q "# Bare-metal TEE; auto renders both and lets NFD decide." "$work/init/values-global.yaml" && pass || fail "no doc comments"
  # The written files validate (the PCCS key is asked for later, so only warnings remain).
  expect_exit 0 coco --values-global "$work/init/values-global.yaml" --values-secret "$work/init/values-secret-coco-pattern.yaml" validate
  expect_out "values are valid (topology baremetal"
  expect_exit 0 coco -o json --values-global "$work/init/values-global.yaml" validate
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["valid"] and d["topology"]=="baremetal"' "$work/out" && pass || fail "validate -o json"
}

suite_out_dir() {
  expect_exit 0 coco --topology baremetal render --out-dir "$work/manifests"
  [ -f "$work/manifests/001-namespace-hello-openshift.yaml" ] && pass || fail "no 001-namespace-hello-openshift.yaml"
  local count; count=$(ls "$work/manifests"/*.yaml | wc -l)
  [ "$count" -eq "$(coco -q --topology baremetal render | grep -c '^---$')" ] && pass || fail "file count $count"
  expect_exit 0 coco --topology spoke render --out-dir "$work/manifests"
  [ "$(ls "$work/manifests"/*.yaml | wc -l)" -lt "$count" ] && pass || fail "stale files were not removed"
  grep -q "KbsConfig" "$work/manifests"/*.yaml && fail "spoke output has a KbsConfig" || pass
  mkdir -p "$work/foreign"; echo keep >"$work/foreign/notes.txt"
  expect_exit 3 coco render --out-dir "$work/foreign"
  expect_err "was not written by cococtl render"
  [ -f "$work/foreign/notes.txt" ] && pass || fail "foreign file was touched"
  expect_exit 0 coco --topology simple render --format json
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["kind"]=="List" and len(d["items"])>20' "$work/out" && pass || fail "render --format json"
  expect_exit 0 coco --topology simple render --show-secrets
  grep -q "redacted" "$work/out" && fail "--show-secrets still redacts" || pass
  expect_exit 0 coco --topology simple render
  expect_out "<redacted sha256:"
}

suite_completion() {
  for shell in bash zsh fish; do
    expect_exit 0 coco completion "$shell"
    expect_out "render"
  done
  coco completion bash >"$work/c.bash" && bash -n "$work/c.bash" && pass || fail "bash completion syntax"
}

# Offline commands must not load the network and archive stacks (BENCHMARKS.md, render: they
# cost every run 6 MB and a millisecond); network commands open libcurl when they need it.
suite_startup() {
  local needed
  needed=$(readelf -d "$COCOCTL" | awk '/NEEDED/ {print $5}')
  for lib in libcurl libarchive libxml2 libgnutls libldap libicu; do
    if grep -q "$lib" <<<"$needed"; then fail "cococtl links $lib at start"; else pass; fi
  done
  LD_DEBUG=files coco -q --topology baremetal render >/dev/null 2>"$work/ld"
  if grep -q 'libcurl\.so' "$work/ld"; then fail "render loaded libcurl"; else pass; fi
  cat >"$work/kubeconfig" <<KC
apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]
users: [{name: u, user: {token: abc}}]
contexts: [{name: x, context: {cluster: c, user: u}}]
current-context: x
KC
  printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: default}\n' >"$work/cm.yaml"
  LD_DEBUG=files coco apply --kubeconfig "$work/kubeconfig" -f "$work/cm.yaml" >"$work/out" 2>"$work/err"
  local got=$?
  [ "$got" = 1 ] && pass || fail "apply to a closed port: exit $got (want 1)"
  grep -q 'calling init: .*libcurl\.so\.4' "$work/err" && pass || fail "apply did not load libcurl"
  grep -q 'cococtl: error: could not connect for GET https://127.0.0.1:1/' "$work/err" && pass || fail "apply does not name the unreachable server"
  [ -s "$work/out" ] && fail "apply printed per-object results for an unreachable cluster" || pass
}

"suite_${1//-/_}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
