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
  # --set: malformed and misfitting flags are invalid input like wrong types, and name the flag.
  expect_exit 3 coco --set novalue render
  expect_err 'cococtl: error: --set novalue: expected key.path=value'
  expect_exit 3 coco --set kyverno.workloadNamespaces.0=x validate
  expect_err 'kyverno.workloadNamespaces is a list, not a map: to set an item write kyverno.workloadNamespaces[0]=...'
  grep -q 'values-global.yaml' "$work/err" && fail "a --set problem blamed values-global.yaml" || pass
  expect_exit 0 coco --set 'kyverno.workloadNamespaces[0]=x' validate
  expect_exit 3 coco --set kbs.tls.validityDays=soon validate
  expect_err '--set kbs.tls.validityDays=soon: kbs.tls.validityDays: "soon": expected a whole number'
  # Every problem at once: an unknown topology does not hide the rest.
  printf 'main:\n  clusterGroupName: baremtal\nglobal:\n  patern: x\n' >"$work/two.yaml"
  expect_exit 3 coco --values-global "$work/two.yaml" validate
  expect_err "$work/two.yaml:2:3: main.clusterGroupName: unknown topology \"baremtal\" (did you mean \"baremetal\"?)"
  expect_err "$work/two.yaml:4:3: global.patern: unknown key (did you mean \"pattern\"?)"
  expect_err "2 problems in values"
  # Values that become names, labels or annotations follow Kubernetes' rules: validate says so,
  # render never gets to a template error.
  expect_exit 3 coco --set 'kyverno.workloadNamespaces=["Hello_World"]' validate
  expect_err '--set kyverno.workloadNamespaces=["Hello_World"]: kyverno.workloadNamespaces[0]: "Hello_World": not a valid Kubernetes name (RFC 1123 label'
  expect_exit 3 coco --set 'kyverno.workloadNamespaces=["Hello_World"]' render
  grep -q 'rendered text' "$work/err" && fail "render dumped a template error" || pass
  local bad
  for bad in '"a\0b"' 'über' '"a\nb"' '"a\u202eb"' "$(printf 'x%.0s' {1..64})"; do
    printf 'global:\n  pattern: %s\n' "$bad" >"$work/pattern.yaml"
    expect_exit 3 coco --values-global "$work/pattern.yaml" validate
    expect_err "$work/pattern.yaml:2:3: global.pattern:"
    expect_err "not a valid Kubernetes label value"
  done
  # Deep nesting: one message whatever the depth.
  python3 -c 'print("a:\n" + "".join("  " * i + "b%d:\n" % i for i in range(1, 200)) + "  " * 200 + "x: 1")' >"$work/deep200.yaml"
  python3 -c 'print("a: " + "[" * 10000 + "]" * 10000)' >"$work/deep10k.yaml"
  for deep in deep200 deep10k; do
    expect_exit 3 coco --values-global "$work/$deep.yaml" validate
    expect_err "nesting deeper than 64"
    grep -q "bad file" "$work/err" && fail "$deep: yaml-cpp's 'bad file'" || pass
  done
}

suite_init_validate() {
  expect_exit 0 coco --topology baremetal init --dir "$work/init"
  expect_out "wrote $work/init/values-global.yaml"
  [ "$(stat -c %a "$work/init/values-secret-coco-pattern.yaml")" = 600 ] && pass || fail "values-secret is not 0600"
  expect_exit 3 coco --topology baremetal init --dir "$work/init"
  expect_err "already exists (use --force to overwrite)"
  expect_exit 0 coco --topology baremetal init --dir "$work/init" --force
  grep -q "# Bare-metal TEE; auto renders both and lets NFD decide." "$work/init/values-global.yaml" && pass || fail "no doc comments"
  # The written files validate once the Intel PCS API key is known: without a terminal to ask
  # for it, validate says which secret is missing and where it comes from.
  expect_exit 3 coco --values-global "$work/init/values-global.yaml" --values-secret "$work/init/values-secret-coco-pattern.yaml" validate </dev/null
  expect_err "pccs.api_key: Intel PCS API key has no value and onMissingValue: prompt needs a terminal to ask"
  expect_exit 0 coco --values-global "$work/init/values-global.yaml" --values-secret "$work/init/values-secret-coco-pattern.yaml" --set baremetal.tee=snp validate
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
  # Secret values on disk are private, as secrets generate keeps key material: 0700 folder, 0600 files.
  expect_exit 0 coco --topology simple render --show-secrets --out-dir "$work/with-secrets"
  [ "$(stat -c %a "$work/with-secrets")" = 700 ] && pass || fail "--show-secrets folder is not 0700"
  local secret_file config_file
  secret_file=$(grep -lx 'kind: Secret' "$work/with-secrets"/*.yaml | head -1)
  config_file=$(grep -lx 'kind: ConfigMap' "$work/with-secrets"/*.yaml | head -1)
  [ -n "$secret_file" ] && [ "$(stat -c %a "$secret_file")" = 600 ] && pass || fail "Secret file ${secret_file:-none} is not 0600"
  [ -n "$config_file" ] && [ "$(stat -c %a "$config_file")" = 644 ] && pass || fail "ConfigMap file ${config_file:-none} is not 0644"
  expect_exit 0 coco --topology simple render --out-dir "$work/manifests"
  [ "$(stat -c %a "$work/manifests")" = 755 ] && pass || fail "render folder is not 0755"
  expect_exit 0 coco --topology simple render --show-secrets --out-dir "$work/manifests"
  [ "$(stat -c %a "$work/manifests")" = 700 ] && pass || fail "an existing folder was not narrowed to 0700"
}

# onMissingValue: prompt asks on a terminal, without echo, and nowhere else.
suite_prompt() {
  cd "$HOME" || return
  coco --topology baremetal secrets generate >/dev/null 2>&1 && pass || fail "secrets generate"
  expect_exit 3 coco --topology baremetal render </dev/null
  expect_err "'cococtl secrets generate' cannot create it"
  [ -s "$work/out" ] && fail "render printed manifests without the PCS API key" || pass
  python3 "$OLDPWD/tests/cli/pty_run.py" "(pccs.api_key): " "s3cret-pcs-key" \
    "$COCOCTL" --secrets-dir "$HOME/secrets" --topology baremetal render --show-secrets >"$work/out"
  local got=$?
  [ "$got" = 0 ] && pass || fail "render on a terminal: exit $got"; [ "$got" = 0 ] || head -5 "$work/out"
  grep -q "PCCS_API_KEY: $(printf s3cret-pcs-key | base64)" "$work/out" && pass || fail "the answer was not rendered"
  grep -q "s3cret-pcs-key" "$work/out" && fail "the answer was echoed" || pass
  grep -q "Intel PCS API key (https://api.portal.trustedservices.intel.com) (pccs.api_key): " "$work/out" && pass || fail "no prompt shown"
}

suite_completion() {
  for shell in bash zsh fish; do
    expect_exit 0 coco completion "$shell"
    expect_out "render"
    cp "$work/out" "$work/c.$shell"
    [ "$(tail -c1 "$work/c.$shell" | od -An -c | tr -d ' ')" = '\n' ] && pass || fail "$shell script lacks a final newline"
  done
  bash -n "$work/c.bash" && pass || fail "bash completion syntax"
  grep -q "complete -c cococtl -n '__fish_seen_subcommand_from pcr; and not __fish_seen_subcommand_from update show' -a 'update show'" \
    "$work/c.fish" && pass || fail "fish lacks pcr update/show"
  # What bash offers, asked the way bash asks: COMP_WORDS up to the word being completed.
  mkdir -p "$work/comp/sub" && : >"$work/comp/m.yaml"
  offers() {  # offers WORD...: the completions, one per line, run in $work/comp
    (cd "$work/comp" && bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _cococtl; printf "%s\n" "${COMPREPLY[@]}"' \
      _ "$work/c.bash" "$@")
  }
  check_offers() {  # check_offers "EXPECTED WORDS" "ABSENT WORDS" WORD...
    local want=$1 absent=$2 got w; shift 2
    got=$(offers "$@")
    for w in $want; do grep -qxF -- "$w" <<<"$got" && pass || fail "completing '$*' lacks $w"; done
    for w in $absent; do grep -qxF -- "$w" <<<"$got" && fail "completing '$*' offers $w" || pass; done
  }
  check_offers "init render pcr secrets completion --values-global" "" cococtl ""
  check_offers "update show" "init" cococtl pcr ""
  check_offers "generate check" "" cococtl secrets ""
  check_offers "bash zsh fish" "" cococtl completion ""
  check_offers "--rotate --force --values-global --topology" "" cococtl secrets generate --
  check_offers "m.yaml sub" "" cococtl apply -f ""
  check_offers "m.yaml" "" cococtl apply --kubeconfig m
  check_offers "sub" "m.yaml" cococtl render --out-dir ""
  check_offers "text json yaml" "" cococtl -o ""
  check_offers "yaml json" "" cococtl render --format ""
  check_offers "baremetal baremetal-gpu" "simple" cococtl --topology bare
  # Help and mistakes.
  expect_exit 0 coco render --help
  expect_out "Global flags (before or after the command)"
  expect_out "--values-global FILE"
  expect_out "--out-dir DIR"
  expect_exit 2 coco rendr
  expect_err 'unknown command "rendr" (did you mean "render"?)'
  expect_exit 2 coco secrets generat
  expect_err 'unknown command "generat" for secrets (did you mean "generate"?)'
}

# Every command honours -o json and -o yaml, or refuses it clearly (exit 2).
suite_output() {
  cd "$HOME" || return
  coco secrets generate >/dev/null 2>&1 && pass || fail "secrets generate"
  local cmd
  for cmd in "version" "validate" "secrets check" "secrets generate" "initdata" "init --force --dir $work/init-o"; do
    expect_exit 0 coco -o json $cmd
    python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$work/out" && pass || fail "-o json $cmd is not JSON"
    expect_exit 0 coco -o yaml $cmd
    head -c1 "$work/out" | grep -q '[{[]' && fail "-o yaml $cmd printed JSON" || pass
    grep -qE '^[A-Za-z]+:' "$work/out" && pass || fail "-o yaml $cmd has no YAML keys"
  done
  expect_exit 0 coco -o json render
  python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["kind"] == "List"' "$work/out" && pass || fail "-o json render"
  expect_exit 0 coco -o yaml render
  [ "$(head -1 "$work/out")" = "---" ] && pass || fail "-o yaml render"
  expect_exit 2 coco -o json render --format yaml
  expect_err "--format yaml and -o json disagree"
  expect_exit 2 coco -o yaml initdata --print toml
  expect_err "-o yaml does not apply"
  expect_exit 2 coco -o json completion bash
  expect_err "-o json does not apply: completion prints a shell script"
  local bad
  for bad in 1 xml; do
    expect_exit 2 coco -o "$bad" version
    expect_err "--output: \"$bad\" is not one of: text, json, yaml"
    grep -qE 'Check|FAILED|->' "$work/err" && fail "-o $bad shows CLI11 internals" || pass
  done
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
