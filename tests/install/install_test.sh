#!/usr/bin/env bash
# install_test.sh SUITE: `cococtl install`, status, diff and uninstall end to end against
# coco-cluster-sim ($SIM), checked with kubectl. Each suite starts its own simulator(s).
set -uo pipefail
: "${COCOCTL:?set COCOCTL to the cococtl binary}" "${SIM:?set SIM to the coco-cluster-sim binary}"
work=$(mktemp -d)
sim_pids=()
cleanup() {
  for pid in "${sim_pids[@]}"; do kill "$pid" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
export NO_COLOR=1
passed=0 failed=0

pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }
check() {  # check DESCRIPTION CMD...: CMD must succeed
  local what=$1; shift
  if "$@"; then pass; else fail "$what"; fi
}
# expect_exit CODE CMD...: output in $work/out and $work/err.
expect_exit() {
  local want=$1; shift
  "$@" >"$work/out" 2>"$work/err"
  local got=$?
  if [ "$got" = "$want" ]; then pass; else
    fail "exit $got (want $want): ${*:1:3}"
    tail -n 15 "$work/err" "$work/out" | sed 's/^/  /'
  fi
}
expect_out() { if grep -qF -- "$1" "$work/out"; then pass; else fail "stdout lacks: $1"; fi; }

# start_sim NAME PROFILE [SIM ARGS...]: starts a simulator (apps domain apps.NAME.example.test,
# kubeconfig $work/NAME.kc) and returns once it prints its "listening on" line.
start_sim() {
  local name=$1 profile=$2 fd line; shift 2
  mkfifo "$work/$name.stdout"
  "$SIM" --profile "$profile" --listen 127.0.0.1:0 --write-kubeconfig "$work/$name.kc" --tick-ms 20 \
    --name "$name" --domain example.test "$@" >"$work/$name.stdout" 2>"$work/$name.log" &
  sim_pids+=($!)
  exec {fd}<"$work/$name.stdout"  # held open for the simulator's lifetime
  sim_fd=$fd
  if ! read -r -t 60 -u "$fd" line || [[ $line != "listening on "* ]]; then
    echo "simulator $name did not start:"; cat "$work/$name.log"; exit 1
  fi
}

# use TOPOLOGY NAME [DOMAIN]: a workspace (HOME, key material, values-secret) for installing
# TOPOLOGY on simulator NAME; DOMAIN is the hub's apps domain (a spoke's hub is elsewhere).
use() {
  topology=$1 kc="$work/$2.kc"
  local domain=${3:-apps.$2.example.test}
  export HOME="$work/home-$2"
  mkdir -p "$HOME"
  "$COCOCTL" -q --topology "$topology" --set "global.hubClusterDomain=$domain" secrets generate >/dev/null ||
    { echo "secrets generate failed"; exit 1; }
  # The Intel PCS API key is the user's own (`generate` cannot make one): fill its prompt field.
  sed -i "/- name: api_key/{n;s/value: ''/value: 'test-intel-pcs-api-key'/}" "$HOME/values-secret-coco-pattern.yaml"
  extra=()
  [ "$topology" = spoke ] && extra=(--set "global.hubClusterDomain=$domain")
  return 0
}
# pcr_from_registry: the peer-pod topologies need the podvm image's measurements: serves a podvm
# image from Debian's docker-registry (loopback, plain HTTP), pushed with curl, and runs
# `cococtl pcr update` against it, as a user does against registry.redhat.io.
pcr_from_registry() {
  local dir="$work/registry" fd line port=""
  mkdir -p "$dir/layer/image"
  printf 'version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: %s\nhttp:\n  addr: 127.0.0.1:0\n' "$dir/data" >"$dir/config.yml"
  mkfifo "$dir/log"
  docker-registry serve "$dir/config.yml" >"$dir/access.log" 2>"$dir/log" &
  sim_pids+=($!)
  exec {fd}<"$dir/log"
  while read -r -t 30 -u "$fd" line; do
    if [[ $line =~ listening\ on\ 127\.0\.0\.1:([0-9]+) ]]; then port=${BASH_REMATCH[1]}; break; fi
  done
  cat <&"$fd" >"$dir/registry.log" &  # keep draining the log
  [ -n "$port" ] || { echo "docker-registry did not start"; exit 1; }
  local pcr; pcr=$(printf '00%062d' 7)
  printf '{"measurements":{"sha256":{"pcr03":"0x%s","pcr09":"0x%s","pcr11":"0x%s","pcr12":"0x%s"}}}' \
    "$pcr" "$pcr" "$pcr" "$pcr" >"$dir/layer/image/measurements.json"
  tar -C "$dir/layer" -czf "$dir/layer.tar.gz" image
  printf '{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' \
    "$(gzip -dc "$dir/layer.tar.gz" | sha256sum | cut -d' ' -f1)" >"$dir/config.json"
  local url="http://127.0.0.1:$port/v2/podvm" blob
  for blob in config.json layer.tar.gz; do
    local location
    location=$(curl -sfS -X POST -D - -o /dev/null "$url/blobs/uploads/" | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
    [[ $location == http* ]] || location="http://127.0.0.1:$port$location"
    curl -sfS -X PUT -H 'Content-Type: application/octet-stream' --data-binary "@$dir/$blob" \
      "$location&digest=sha256:$(sha256sum "$dir/$blob" | cut -d' ' -f1)" || { echo "push of $blob failed"; exit 1; }
  done
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%d},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:%s","size":%d}]}' \
    "$(sha256sum "$dir/config.json" | cut -d' ' -f1)" "$(stat -c %s "$dir/config.json")" \
    "$(sha256sum "$dir/layer.tar.gz" | cut -d' ' -f1)" "$(stat -c %s "$dir/layer.tar.gz")" >"$dir/manifest.json"
  curl -sfS -X PUT -H 'Content-Type: application/vnd.oci.image.manifest.v1+json' --data-binary "@$dir/manifest.json" \
    "$url/manifests/1.12" || { echo "push of the manifest failed"; exit 1; }
  "$COCOCTL" -q --topology "$topology" pcr update --image "127.0.0.1:$port/podvm:1.12" --insecure-registry ||
    { echo "pcr update failed"; exit 1; }
}
# cc COMMAND [ARGS...]: cococtl against the current workspace and simulator.
cc() { local cmd=$1; shift; "$COCOCTL" "$cmd" --topology "$topology" "${extra[@]}" --kubeconfig "$kc" "$@"; }
# kc_ KUBECTL ARGS...: kubectl against the current simulator. A simulated API fault (the
# flaky-api suite injects them into every client's requests) is retried: kubectl does not retry
# a 500 or a reset, and the assertions are about the cluster, not about kubectl.
# attest_cc ARGS...: `cococtl attest check` against the current workspace and simulator.
attest_cc() { "$COCOCTL" attest check --topology "$topology" "${extra[@]}" --kubeconfig "$kc" "$@"; }
kc_() {
  local attempt rc
  for attempt in 1 2 3 4 5 6; do
    kubectl --kubeconfig "$kc" "$@" 2>"$work/kc.err"
    rc=$?
    grep -qiE 'simulated fault|connection reset|EOF' "$work/kc.err" || break
  done
  cat "$work/kc.err" >&2
  return $rc
}

# Every object in the cluster as "kind namespace name", except what changes on its own
# (events, leases, the simulated nodes' status objects, Pods and ReplicaSets named at random).
object_list() {
  local resources
  resources=$(kc_ api-resources --verbs=list -o name | grep -vE '^(events|events\.events\.k8s\.io|leases\.coordination\.k8s\.io|endpointslices\.discovery\.k8s\.io|componentstatuses)$' | paste -sd,)
  kc_ get "$resources" -A --no-headers -o custom-columns='K:.kind,NS:.metadata.namespace,N:.metadata.name' | sort
}
# json_summary FILE: the final summary line of `-o json` output.
json_summary() { grep '"type":"summary"' "$1" | tail -n 1; }
stage_result() {  # stage_result STAGE FILE: that stage's result in the summary
  json_summary "$2" | python3 -c 'import json,sys; print(*[s["result"] for s in json.load(sys.stdin)["stages"] if s["stage"]==sys.argv[1]])' "$1"
}
objects_only() {  # objects_only ACTION FILE: the summary counts nothing but ACTION
  json_summary "$2" | python3 -c 'import json,sys; o=json.load(sys.stdin)["objects"]; sys.exit(0 if o and set(o)=={sys.argv[1]} else 1)' "$1"
}

# Pinned Manual operators (OSC, Trustee, whichever the topology installs): the pinned plan was
# approved and is installed; the catalog's newer plan waits unapproved.
pinned_operators() {
  local plans checked=0 ns sub pin newer
  plans=$(kc_ get installplans -A -o jsonpath='{range .items[*]}{.spec.approved} {.spec.clusterServiceVersionNames[*]}{"\n"}{end}')
  while read -r ns sub pin newer; do
    kc_ -n "$ns" get subscription "$sub" >/dev/null 2>&1 || continue
    checked=$((checked + 1))
    check "the newer InstallPlan for $newer exists and is not approved" grep -qx "false $newer" <<<"$plans"
    check "the pinned InstallPlan for $pin was approved" grep -qx "true $pin" <<<"$plans"
    check "installedCSV of $sub is the pin" \
      [ "$(kc_ -n "$ns" get subscription "$sub" -o jsonpath='{.status.installedCSV}')" = "$pin" ]
  done <<'EOF2'
openshift-sandboxed-containers-operator sandboxed-containers-operator sandboxed-containers-operator.v1.12.0 sandboxed-containers-operator.v1.13.0
trustee-operator-system trustee-operator trustee-operator.v1.1.0 trustee-operator.v1.2.0
EOF2
  check "a pinned operator was installed" [ "$checked" -gt 0 ]
}

# hosted_kbs: where this topology runs Trustee, the simulator hosts a KBS built from what install
# deployed and announces it; where it runs kbs-access too, the pod fetched kbsres1/key3 from that
# KBS as a TEE, and serves it through the API server's service proxy (kubectl get --raw).
hosted_kbs() {
  kc_ -n trustee-operator-system get kbsconfig kbsconfig >/dev/null 2>&1 || return 0
  local line host
  host=$(kc_ -n trustee-operator-system get route kbs -o jsonpath='{.spec.host}')
  read -r -t 10 -u "$sim_fd" line
  check "the simulator announces the hosted KBS for $host" \
    grep -qE "^kbs listening on https://127\.0\.0\.1:[0-9]+ for ${host//./\\.}\$" <<<"$line"
  [[ $line =~ 127\.0\.0\.1:([0-9]+) ]] && kbs_connect="$host:443:127.0.0.1:${BASH_REMATCH[1]}"
  kc_ get namespace kbs-access >/dev/null 2>&1 || return 0
  local want got
  want=$(kc_ -n trustee-operator-system get secret kbsres1 -o jsonpath='{.data.key3}' | base64 -d)
  got=$(kc_ get --raw /api/v1/namespaces/kbs-access/services/secure:5000/proxy/)
  check "kbs-access serves kbsres1/key3 released by the hosted KBS" [ -n "$want" -a "$got" = "$want" ]
}

# next_kbs: the simulator rebuilt the hosted KBS (its inputs changed): where it listens now.
next_kbs() {
  local line
  if read -r -t 30 -u "$sim_fd" line && [[ $line =~ 127\.0\.0\.1:([0-9]+) ]]; then
    kbs_connect="${kbs_connect%:*}:${BASH_REMATCH[1]}"; pass
  else
    fail "the simulator did not announce the rebuilt KBS"
  fi
}
# attest_results "NAME=RESULT ...": each named check of `attest check -o json` in $work/out.
attest_results() {
  python3 - "$work/out" "$@" <<'PY' && pass || fail "attest check results: want $*"
import json, sys
checks = json.load(open(sys.argv[1]))["checks"]
got = {c["name"]: c["result"] for c in checks}
want = dict(item.split("=") for item in sys.argv[2].split())
if all(got.get(k) == v for k, v in want.items()):
    sys.exit(0)
for c in checks:
    print(f'  got {c["name"]}={c["result"]}: {c["message"]}')
sys.exit(1)
PY
}
# attest_cycle: `attest check` against the KBS the simulator hosts, built from what install
# deployed: every check passes but the policy posture (the default `insecure` flavour warns); a
# re-install whose verify reaches the KBS runs the same checks; a resource policy made allow-all
# behind cococtl's back fails the negative probe (exit 4) until install puts it back; measurements
# changed without a re-install are drift (exit 4).
attest_cycle() {
  [ -n "${kbs_connect:-}" ] || return 0
  local workload=skip  # the trusted hub runs no workloads: nothing to check there
  kc_ get namespace kbs-access >/dev/null 2>&1 && workload=pass
  expect_exit 0 attest_cc --connect-to "$kbs_connect" -o json
  attest_results "kbs-tls=pass policy=warn negative-probe=pass reference-values=pass workload=$workload initdata=$workload"
  expect_exit 0 cc install --yes -o json --kbs-connect-to "$kbs_connect"
  check "verify ran the attestation checks against the KBS" grep -q '"message":"attest negative-probe: pass' "$work/out"
  local allow_all='package policy\n\nimport rego.v1\n\ndefault allow := true\n'
  kc_ -n trustee-operator-system patch configmap resource-policy --type merge \
    -p "{\"data\":{\"policy.rego\":\"$allow_all\"}}" >/dev/null
  next_kbs
  expect_exit 4 attest_cc --connect-to "$kbs_connect"
  expect_err "any non-confidential client"
  expect_exit 0 cc install --yes -q
  next_kbs
  expect_exit 0 attest_cc --connect-to "$kbs_connect"
  # New measurements (pcr update) without a re-install: the KBS still holds the old ones.
  local measured="$HOME/.coco-pattern/measurements.json"
  [ -f "$measured" ] || return 0
  cp "$measured" "$work/measurements.saved"
  python3 - "$measured" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
doc["measurements"]["sha256"]["pcr03"] = "0x" + "11" * 32
json.dump(doc, open(sys.argv[1], "w"))
PY
  expect_exit 4 attest_cc --connect-to "$kbs_connect" -o json
  attest_results "reference-values=fail"
  check "the drift names the value" grep -q 'pcr03' "$work/out"
  cp "$work/measurements.saved" "$measured"
}

# A full cycle on one topology: install, status, diff, second install, manual edit, uninstall.
full_cycle() {
  local before="$work/before.txt"
  object_list >"$before"
  expect_exit 0 cc install --yes -o json
  check "install reached verify" [ "$(stage_result verify "$work/out")" = done ]
  check "install events carry stage, object and action" grep -q '"action":"created"' "$work/out"
  hosted_kbs
  attest_cycle
  pinned_operators
  expect_exit 0 cc status
  expect_out "ready"
  expect_exit 0 cc status -o json
  expect_exit 0 cc diff
  # A second install on a converged cluster changes nothing.
  expect_exit 0 cc install --yes -o json
  check "second install reports every object unchanged" objects_only unchanged "$work/out"
  # A manual edit shows in diff (exit 4) and the next install puts it back.
  # (the KBS configuration where this topology runs Trustee, else the kbs-access sample's)
  if kc_ -n trustee-operator-system get configmap kbs-config >/dev/null 2>&1; then
    kc_ -n trustee-operator-system patch configmap kbs-config --type merge -p '{"data":{"kbs-config.toml":"# edited by hand"}}' >/dev/null
  else
    kc_ -n kbs-access patch configmap kbsref --type merge -p '{"data":{"FILEPATH":"/edited by hand"}}' >/dev/null
  fi
  expect_exit 4 cc diff
  expect_out "edited by hand"
  expect_exit 0 cc install --yes -q
  expect_exit 0 cc diff
  # uninstall removes exactly what install added.
  expect_exit 0 cc uninstall --yes
  object_list >"$work/after.txt"
  if diff -u "$before" "$work/after.txt" >"$work/objects.diff"; then pass; else
    fail "object list after uninstall differs from before install"; head -n 30 "$work/objects.diff"
  fi
}

suite_simple() { start_sim az azure; use simple az; pcr_from_registry; full_cycle; }
suite_baremetal() { start_sim tdx baremetal-tdx; use baremetal tdx; full_cycle; }
suite_baremetal_snp() { start_sim snp baremetal-snp; use baremetal snp; full_cycle; }
suite_baremetal_gpu() { start_sim gpu baremetal-tdx-gpu; use baremetal-gpu gpu; full_cycle; }
suite_trusted_hub() { start_sim hub baremetal-tdx; use trusted-hub hub; full_cycle; }
# The spoke's KBS is the hub's (not running here): --external-kbs lets kbs-access pods whose
# init-data names it start without a simulated fetch.
suite_spoke() {
  start_sim spoke azure --external-kbs kbs.apps.hub.example.test
  use spoke spoke apps.hub.example.test; pcr_from_registry; full_cycle
}

# --- Failures and resumption (baremetal on a simulated TDX cluster) ---

# fault KEY VALUE: an operator-level fault in the simulator (ConfigMap coco-sim/faults); VALUE
# "null" clears it.
fault() {
  local value=$2
  [ "$value" = null ] || value="\"$value\""
  kc_ -n coco-sim patch configmap faults --type merge -p "{\"data\":{\"$1\":$value}}" >/dev/null
}
expect_err() { if grep -qF -- "$1" "$work/err" "$work/out"; then pass; else fail "output lacks: $1"; fi; }

# fails_in STAGE CODE [INSTALL ARGS...]: install stops in STAGE with exit CODE; earlier stages
# done, later ones not run.
fails_in() {
  local stage=$1 code=$2; shift 2
  expect_exit "$code" cc install --yes -o json "$@"
  check "install failed in $stage" [ "$(stage_result "$stage" "$work/out")" = failed ]
  check "no stage after $stage ran" [ "$(stage_result verify "$work/out")" = "" ]
}

# converges [INSTALL ARGS...]: install runs to verify, and the cluster holds no duplicates:
# one OperatorGroup per namespace, one Subscription per package, only pinned plans approved.
converges() {
  expect_exit 0 cc install --yes -o json "$@"
  cp "$work/out" "$work/converged.out"
  check "install reached verify" [ "$(stage_result verify "$work/out")" = done ]
  check "one OperatorGroup per namespace" \
    [ -z "$(kc_ get operatorgroups -A --no-headers -o custom-columns=NS:.metadata.namespace | sort | uniq -d)" ]
  check "one Subscription per package" \
    [ -z "$(kc_ get subscriptions -A --no-headers -o custom-columns=P:.spec.name | sort | uniq -d)" ]
  pinned_operators
  expect_exit 0 cc diff
}

suite_fault_operators() {
  start_sim f1 baremetal-tdx; use baremetal f1
  fault csv-failed sandboxed-containers-operator.v1.12.0
  fault installplan-failed trustee-operator.v1.1.0
  fails_in operators 1
  expect_err "sandboxed-containers-operator.v1.12.0"
  expect_err "InstallPlan"
  fault csv-failed null; fault installplan-failed null
  converges
  check "the failed InstallPlan was deleted so that OLM offered a new one" \
    grep -q '"action":"deleted".*"object":"InstallPlan trustee-operator-system/' "$work/converged.out"
}

suite_fault_secrets() {
  start_sim f2 baremetal-tdx; use baremetal f2
  expect_exit 0 cc install --yes -q --to operators
  # Someone made a Secret of another type under a name install writes: its type is immutable.
  kc_ -n trustee-operator-system create secret docker-registry kbs-https-certificate \
    --docker-server=x --docker-username=x --docker-password=x >/dev/null
  fails_in secrets 1 --from secrets
  expect_err "kbs-https-certificate"
  kc_ -n trustee-operator-system delete secret kbs-https-certificate >/dev/null
  converges --from secrets
}

suite_fault_platform() {
  start_sim f3 baremetal-tdx; use baremetal f3
  fault mcp-degraded master  # single-node OpenShift: the node is in the master pool
  fails_in platform 1
  expect_err "failed to drain node"
  fault mcp-degraded null
  fault kataconfig-failed default-kata-config
  fails_in platform 1 --from platform
  fault kataconfig-failed null
  converges --from platform
}

suite_fault_trustee() {
  start_sim f4 baremetal-tdx; use baremetal f4
  fault deployment-progress-deadline trustee-operator-system/trustee-deployment
  fails_in trustee 1
  expect_err "progress deadline exceeded"
  fault deployment-progress-deadline kbs-access/secure
  fails_in workloads 1
  expect_err "kbs-access/secure"
  fault deployment-progress-deadline null
  converges
}

# A paused pool never rolls out: the wait times out (exit 5) naming the pool and its state.
suite_timeout() {
  start_sim f5 baremetal-tdx; use baremetal f5
  kc_ patch machineconfigpool master --type merge -p '{"spec":{"paused":true}}' >/dev/null
  fails_in platform 5 --timeout 3s
  expect_err "timed out after 3 s"
  expect_err "MachineConfigPool master"
  kc_ patch machineconfigpool master --type merge -p '{"spec":{"paused":false}}' >/dev/null
  converges --from platform
}

# kill -9 in the middle of the platform stage, then a plain install converges.
suite_kill() {
  start_sim f6 baremetal-tdx; use baremetal f6
  local fd line pid seen=""
  mkfifo "$work/events"
  cc install --yes -o json >"$work/events" 2>"$work/kill.err" &
  pid=$!
  exec {fd}<"$work/events"
  while read -r -t 120 -u "$fd" line; do
    if [[ $line == *'"action":"waiting"'*'"stage":"platform"'* ]]; then seen=1; break; fi
  done
  kill -9 "$pid"; wait "$pid" 2>/dev/null
  exec {fd}<&-
  check "install was killed while the platform stage waited" [ -n "$seen" ]
  converges
  expect_exit 0 cc install --yes -o json
  check "the install after the resume changes nothing" objects_only unchanged "$work/out"
}

# An identity that may only read: preflight names what it may not write and stops (exit 4)
# before anything is applied.
suite_readonly() {
  start_sim ro baremetal-tdx; use baremetal ro
  object_list >"$work/before.txt"
  expect_exit 4 cc install --yes --context ro-readonly
  expect_err "not allowed to create namespaces"
  expect_err "not allowed to patch subscriptions.operators.coreos.com"
  object_list >"$work/after.txt"
  check "a refused install changed nothing" diff -q "$work/before.txt" "$work/after.txt"
}

# Every fifth API request fails (429, 500, 503 or a reset connection): install still converges.
suite_flaky_api() {
  start_sim f7 baremetal-tdx --fault-rate 0.2 --faults 429,500,503,reset --seed 7; use baremetal f7
  converges
}

finish() {
  echo "passed $passed, failed $failed"
  [ "$failed" = 0 ]
}

suite=${1:?usage: install_test.sh SUITE}
[ -n "${KEEP_WORK:-}" ] && trap - EXIT && echo "work: $work"
"suite_${suite//-/_}"
finish
