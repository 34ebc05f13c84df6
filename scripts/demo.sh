#!/usr/bin/env bash
# The main job, end to end on a simulated cluster: build cococtl, start coco-cluster-sim as a
# bare-metal Intel TDX OpenShift cluster, generate the key material, install the baremetal
# topology stage by stage, print its status, prove it with `attest check` against the KBS the
# simulator hosts from what install deployed, and stop the simulator.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
./scripts/build.sh >/dev/null
COCOCTL=$PWD/build/bin/cococtl
SIM=$PWD/build/bin/coco-cluster-sim
out=${DEMO_DIR:-$PWD/out/demo}
rm -rf "$out"
mkdir -p "$out/home"
# A scratch HOME: `secrets generate` writes ~/values-secret-coco-pattern.yaml and ~/.coco-pattern,
# which must not touch the real home of whoever runs the demo.
export HOME="$out/home"
kubeconfig="$out/kubeconfig"

echo "== $("$COCOCTL" version | head -n 1)"
echo "== starting a simulated bare-metal TDX cluster"
mkfifo "$out/sim.stdout"
"$SIM" --profile baremetal-tdx --listen 127.0.0.1:0 --write-kubeconfig "$kubeconfig" --tick-ms 20 \
  >"$out/sim.stdout" 2>"$out/sim.log" &
sim=$!
trap 'kill "$sim" 2>/dev/null; wait "$sim" 2>/dev/null || true' EXIT
exec {sim_out}<"$out/sim.stdout"
read -r -t 60 -u "$sim_out" listening || { echo "the simulator did not start:"; cat "$out/sim.log"; exit 1; }
echo "   $listening"
domain=$(kubectl --kubeconfig "$kubeconfig" get ingresses.config.openshift.io cluster -o jsonpath='{.spec.domain}')

echo "== generating key material for kbs.$domain"
"$COCOCTL" --topology baremetal --set "global.hubClusterDomain=$domain" secrets generate
# The Intel PCS API key is yours (https://api.portal.trustedservices.intel.com); cococtl cannot
# make one. A demo value goes into the values-secret file here; on a terminal install would ask.
sed -i "/- name: api_key/{n;s/value: ''/value: 'demo-intel-pcs-api-key'/}" "$HOME/values-secret-coco-pattern.yaml"

echo "== installing topology baremetal"
"$COCOCTL" --topology baremetal install --kubeconfig "$kubeconfig" --yes
echo "== status"
"$COCOCTL" --topology baremetal status --kubeconfig "$kubeconfig"
# The simulator serves the KBS it built from the deployed KbsConfig on a loopback port and says
# so; a real cluster's KBS is reached at its Route (kbs.<domain>:443) and needs no --connect-to.
read -r -t 60 -u "$sim_out" hosted || { echo "the simulator did not announce its KBS:"; cat "$out/sim.log"; exit 1; }
echo "   $hosted"
port=${hosted#*127.0.0.1:}
port=${port%% *}
echo "== attest check"
"$COCOCTL" --topology baremetal attest check --kubeconfig "$kubeconfig" --connect-to "kbs.$domain:443:127.0.0.1:$port"
echo "== done: the cluster's kubeconfig was $kubeconfig (the simulator stops now)"
