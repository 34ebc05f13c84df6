#!/usr/bin/env bash
# attest_test.sh: `cococtl attest check` (the real binary) against coco-kbs-sim ($KBS_SIM) built
# from what cococtl renders and generates, with no cluster: the negative probe with the affirming
# and the allow-all resource policy, TLS with the wrong CA, reference-value drift after
# measurements.json changed, and -o json.
set -uo pipefail
: "${COCOCTL:?set COCOCTL to the cococtl binary}" "${KBS_SIM:?set KBS_SIM to the coco-kbs-sim binary}"
work=$(mktemp -d)
kbs_pid=""
cleanup() {
  [ -n "$kbs_pid" ] && kill "$kbs_pid" 2>/dev/null
  wait 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
export NO_COLOR=1 HOME="$work/home"
unset KUBECONFIG KUBERNETES_SERVICE_HOST
mkdir -p "$HOME"
passed=0 failed=0
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }
expect_exit() {  # expect_exit CODE CMD...: output in $work/out and $work/err
  local want=$1; shift
  "$@" >"$work/out" 2>"$work/err"
  local got=$?
  if [ "$got" = "$want" ]; then pass; else
    fail "exit $got (want $want): ${*:1:4}"
    tail -n 20 "$work/err" "$work/out" | sed 's/^/  /'
  fi
}
expect_out() { if grep -qF -- "$1" "$work/out"; then pass; else fail "stdout lacks: $1"; sed 's/^/  /' "$work/out"; fi; }
result_of() {  # result_of CHECK: its result in the text report
  awk -v c="$1" '$2 == c { print $1 }' "$work/out"
}
expect_result() {
  local got; got=$(result_of "$1")
  if [ "$got" = "$2" ]; then pass; else fail "$1 is '$got', want $2"; sed 's/^/  /' "$work/out"; fi
}

secrets="$HOME/.coco-pattern"
flags=(--topology simple --set global.hubClusterDomain=apps.test --set global.coco.secured=true)
"$COCOCTL" -q "${flags[@]}" secrets generate >/dev/null || { echo "secrets generate failed"; exit 1; }
pcr() { printf '00%062d' "$1"; }
write_measurements() {  # write_measurements PCR03-DIGIT
  printf '{"measurements":{"sha256":{"pcr03":"0x%s","pcr09":"0x%s","pcr11":"0x%s","pcr12":"0x%s"}}}' \
    "$(pcr "$1")" "$(pcr 9)" "$(pcr 11)" "$(pcr 12)" >"$secrets/measurements.json"
}
write_measurements 3

# What install would deploy: the KBS configuration, the reference values, the resources.
"$COCOCTL" -q "${flags[@]}" render --show-secrets --format json --out-dir "$work/render" ||
  { echo "render failed"; exit 1; }
python3 - "$work/render" "$work/kbs" <<'PY' || { echo "extracting the render failed"; exit 1; }
import base64, json, os, pathlib, sys
src, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
for f in sorted(src.glob("*.json")):
    o = json.loads(f.read_text())
    meta = o.get("metadata", {})
    if meta.get("namespace") != "trustee-operator-system":
        continue
    if o["kind"] == "ConfigMap" and meta["name"] in ("kbs-config", "rvps-reference-values", "attestation-policy"):
        (out / meta["name"]).write_text(next(iter(o["data"].values())))
    if o["kind"] == "Secret" and meta["name"] == "kbsres1":
        for key, value in o["data"].items():
            p = out / "resources" / "default" / "kbsres1" / key
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_bytes(base64.b64decode(value))
PY
cat "$secrets/token-signing.crt" "$secrets/token-signing-ca.crt" >"$work/kbs/token-chain.pem"

# start_kbs POLICY-FILE: coco-kbs-sim with that resource policy; sets $port.
start_kbs() {
  [ -n "$kbs_pid" ] && { kill "$kbs_pid"; wait "$kbs_pid" 2>/dev/null; }
  rm -f "$work/kbs.out"
  mkfifo "$work/kbs.out"
  "$KBS_SIM" --config "$work/kbs/kbs-config" --admin-public-key "$secrets/kbsPublicKey" \
    --https-cert "$secrets/kbs-tls.crt" --https-key "$secrets/kbs-tls.key" \
    --token-key "$secrets/token-signing.key" --token-cert "$work/kbs/token-chain.pem" \
    --attestation-policy "$work/kbs/attestation-policy" --resource-policy "$1" \
    --reference-values "$work/kbs/rvps-reference-values" --resources-dir "$work/kbs/resources" \
    >"$work/kbs.out" 2>"$work/kbs.log" &
  kbs_pid=$!
  local fd line
  exec {fd}<"$work/kbs.out"
  if ! read -r -t 30 -u "$fd" line || [[ ! $line =~ ^kbs\ listening\ on\ https://127\.0\.0\.1:([0-9]+)\ for\ kbs\.apps\.test$ ]]; then
    echo "coco-kbs-sim did not start: $line"; cat "$work/kbs.log"; exit 1
  fi
  port=${BASH_REMATCH[1]}
}
check() {  # check [cococtl flags...]: attest check against the running test KBS
  "$COCOCTL" "${flags[@]}" attest check --kbs-url "https://kbs.apps.test:$port" "$@" \
    --connect-to "kbs.apps.test:$port:127.0.0.1:$port" --timeout 10
}
no_secret_bytes() {  # the resources never reach any output
  local f
  for f in "$work"/kbs/resources/default/kbsres1/*; do
    if grep -qF -- "$(cat "$f")" "$work/out" "$work/err"; then fail "output holds the bytes of $f"; else pass; fi
  done
}

# The affirming policy (what cococtl renders): the sample attester gets nothing.
start_kbs templates/trustee/files/resource-policy.rego
expect_exit 0 check
expect_result kbs-tls pass
expect_result negative-probe pass
expect_result reference-values pass
expect_result workload skip  # no cluster
expect_out "PolicyDeny"
no_secret_bytes

# -o json: stable keys, parsed by python.
expect_exit 0 check -o json
if python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
assert r["ok"] is True and r["kbs"].startswith("https://kbs.apps.test:"), r
assert [c["name"] for c in r["checks"]] == ["kbs-tls", "policy", "negative-probe", "reference-values", "workload", "initdata"]
assert all(set(c) == {"name", "result", "message", "details"} for c in r["checks"])
assert set(r["summary"]) == {"pass", "warn", "fail", "skip"} and r["summary"]["fail"] == 0
probe = next(c for c in r["checks"] if c["name"] == "negative-probe")
assert probe["result"] == "pass" and probe["details"]["released"] is False
' "$work/out"; then pass; else fail "-o json report"; cat "$work/out"; fi

# Allow-all: the sample attester gets the secret; the check fails (exit 4) without showing it.
printf 'package policy\n\nimport rego.v1\n\ndefault allow := false\n\nallow if {\n\tdata.plugin == "resource"\n}\n' \
  >"$work/allow-all.rego"
start_kbs "$work/allow-all.rego"
expect_exit 4 check
expect_result negative-probe fail
expect_out "any non-confidential client can read the secrets"
no_secret_bytes
expect_exit 4 check -o json
if python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
probe = next(c for c in r["checks"] if c["name"] == "negative-probe")
assert r["ok"] is False and probe["result"] == "fail" and probe["details"]["released"] is True, r
' "$work/out"; then pass; else fail "-o json after allow-all"; cat "$work/out"; fi
no_secret_bytes

# TLS with the wrong CA: kbs-tls fails saying why; nothing else is asked of an untrusted KBS.
start_kbs templates/trustee/files/resource-policy.rego
expect_exit 4 check --kbs-ca "$secrets/token-signing-ca.crt"
expect_result kbs-tls fail
expect_out "TLS verification failed for https://kbs.apps.test:$port"
expect_result negative-probe skip

# measurements.json changed since the KBS got its reference values: drift, naming the value.
write_measurements 4
expect_exit 4 check
expect_result reference-values fail
expect_out "snp_pcr03 is"
write_measurements 3
expect_exit 0 check

echo "attest: $passed passed, $failed failed"
[ "$failed" = 0 ]
