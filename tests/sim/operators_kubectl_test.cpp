// What `cococtl install` relies on, checked with real kubectl against the coco-cluster-sim
// program: `kubectl wait` on operator and pool conditions, Deployment Pods by label, deletion
// with finalizers, server-side dry runs of every write verb, operator faults switched at run
// time, and kubeconfigs of several simulators merged through KUBECONFIG.
#include "support/sim_process.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using cococtl::test::SimProcess;
using nlohmann::json;

namespace {

constexpr const char* k_osc = "openshift-sandboxed-containers-operator";

class Kubectl {
 public:
  explicit Kubectl(const SimProcess& sim, std::string kubeconfig = "")
      : m_sim(sim), m_kubeconfig(std::move(kubeconfig)) {
    if (m_kubeconfig.empty()) m_kubeconfig = sim.kubeconfig().string();
  }

  cococtl::test::CommandResult run(std::vector<std::string> args, const std::string& input = "") const {
    args.insert(args.begin(), {"kubectl", "--cache-dir", (m_sim.dir() / "cache").string()});
    const cococtl::test::EnvOverrides env = {{"KUBECONFIG", m_kubeconfig}, {"HOME", m_sim.dir().string()}};
    return cococtl::test::run_command(args, std::chrono::seconds(90), env, input);
  }

  std::string ok(const std::vector<std::string>& args, const std::string& input = "") const {
    const auto result = run(args, input);
    INFO("kubectl " << args[0] << " " << (args.size() > 1 ? args[1] : "") << "\nstdout: " << result.out
                    << "\nstderr: " << result.err << "\nsimulator:\n"
                    << m_sim.log().substr(0, 0));
    REQUIRE_FALSE(result.timed_out);
    REQUIRE(result.exit_code == 0);
    return result.out;
  }

  json get(const std::vector<std::string>& args) const {
    std::vector<std::string> a = {"get"};
    a.insert(a.end(), args.begin(), args.end());
    a.insert(a.end(), {"-o", "json"});
    return json::parse(ok(a));
  }

 private:
  const SimProcess& m_sim;
  std::string m_kubeconfig;
};

std::unique_ptr<SimProcess> start(const std::string& profile, cococtl::test::SimOptions options = {}) {
  options.profile = profile;
  options.tick_ms = 15;
  return SimProcess::start(options);
}

void install_osc(const Kubectl& k) {
  k.ok({"apply", "--server-side", "-f", "-"}, R"(
apiVersion: v1
kind: Namespace
metadata: {name: openshift-sandboxed-containers-operator}
---
apiVersion: operators.coreos.com/v1
kind: OperatorGroup
metadata: {name: osc, namespace: openshift-sandboxed-containers-operator}
spec: {targetNamespaces: [openshift-sandboxed-containers-operator]}
---
apiVersion: operators.coreos.com/v1alpha1
kind: Subscription
metadata: {name: osc, namespace: openshift-sandboxed-containers-operator}
spec: {name: sandboxed-containers-operator, channel: stable, source: redhat-operators,
       sourceNamespace: openshift-marketplace, startingCSV: sandboxed-containers-operator.v1.13.0}
)");
  k.ok({"wait", "--for=jsonpath={.status.phase}=Succeeded", "-n", k_osc, "csv/sandboxed-containers-operator.v1.13.0",
        "--timeout=60s"});
}

}  // namespace

TEST_CASE("kubectl waits on KataConfig progress and the MachineConfigPool rollout it starts") {
  auto sim = start("baremetal-tdx");
  Kubectl k(*sim);
  install_osc(k);
  k.ok({"wait", "--for=condition=Established", "crd/kataconfigs.kataconfiguration.openshift.io", "--timeout=30s"});
  k.ok({"label", "node", "sno-tdx-0", "intel.feature.node.kubernetes.io/tdx=true"});
  k.ok({"create", "configmap", "osc-feature-gates", "-n", k_osc, "--from-literal=confidential=true"});
  k.ok({"apply", "--server-side", "-f", "-"},
       "apiVersion: kataconfiguration.openshift.io/v1\nkind: KataConfig\nmetadata: {name: default-kata-config}\n");
  k.ok({"wait", "--for=jsonpath={.status.kataNodes.readyNodeCount}=1", "kataconfig/default-kata-config",
        "--timeout=60s"});
  k.ok({"wait", "--for=condition=InProgress=False", "kataconfig/default-kata-config", "--timeout=60s"});
  k.ok({"wait", "--for=condition=Updated", "mcp/master", "--timeout=60s"});
  CHECK(k.ok({"get", "runtimeclass", "kata-cc", "-o", "jsonpath={.handler}"}) == "kata-tdx");
  const json pool = k.get({"mcp", "master"});
  CHECK(pool["status"]["configuration"]["source"].dump().find("50-enable-sandboxed-containers-extension") !=
        std::string::npos);
  const std::string table = k.ok({"get", "kataconfig"});
  CHECK(table.find("INPROGRESS") != std::string::npos);  // the CRD's printer columns

  // Deleting it (as uninstall does) waits for the finalizer: the rollout first, then gone.
  k.ok({"delete", "kataconfig", "default-kata-config", "--timeout=90s"});
  CHECK(k.run({"get", "machineconfig", "50-enable-sandboxed-containers-extension"}).exit_code != 0);
  k.ok({"wait", "--for=delete", "runtimeclass/kata-cc", "--timeout=30s"});
}

TEST_CASE("kubectl: Deployment Pods by label, with their runtime class and the rollout status") {
  auto sim = start("baremetal-tdx");
  Kubectl k(*sim);
  k.ok({"apply", "--server-side", "-f", "-"}, R"(
apiVersion: node.k8s.io/v1
kind: RuntimeClass
metadata: {name: kata-cc}
handler: kata-tdx
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: hello, namespace: default}
spec:
  replicas: 2
  selector: {matchLabels: {app: hello}}
  template:
    metadata: {labels: {app: hello}, annotations: {coco.io/initdata-configmap: debug-initdata}}
    spec: {runtimeClassName: kata-cc, containers: [{name: hello, image: quay.io/hello:1}]}
)");
  k.ok({"rollout", "status", "deployment/hello", "--timeout=60s"});
  const json pods = k.get({"pods", "-l", "app=hello", "-n", "default"});
  REQUIRE(pods["items"].size() == 2);
  for (const auto& pod : pods["items"]) {
    CHECK(pod["spec"]["runtimeClassName"] == "kata-cc");
    CHECK(pod["metadata"]["annotations"]["coco.io/initdata-configmap"] == "debug-initdata");
    CHECK(pod["status"]["phase"] == "Running");
    CHECK(pod["metadata"]["ownerReferences"][0]["kind"] == "ReplicaSet");
  }
  CHECK(k.ok({"get", "pods", "-l", "app=hello"}).find("Running") != std::string::npos);
  k.ok({"delete", "deployment", "hello"});
  k.ok({"wait", "--for=delete", "pods", "-l", "app=hello", "--timeout=30s"});
}

TEST_CASE("kubectl: deletion with finalizers, and server-side dry runs of every write verb change nothing") {
  auto sim = start("azure");
  Kubectl k(*sim);
  k.ok({"apply", "--server-side", "-f", "-"}, R"(
apiVersion: v1
kind: ConfigMap
metadata: {name: held, namespace: default, finalizers: [example.com/hold]}
data: {a: "1"}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: free, namespace: default}
data: {a: "1"}
)");
  const std::string rv = k.get({"cm", "free"})["metadata"]["resourceVersion"];
  CHECK(k.ok({"delete", "cm", "free", "--dry-run=server"}).find("deleted (server dry run)") != std::string::npos);
  k.ok({"delete", "cm", "--all", "--dry-run=server"});
  k.ok({"patch", "cm", "free", "--type=merge", "-p", R"({"data":{"a":"2"}})", "--dry-run=server"});
  k.ok({"create", "cm", "new", "--dry-run=server"});
  k.ok({"label", "cm", "free", "x=y", "--dry-run=server"});
  k.ok({"apply", "--server-side", "--dry-run=server", "-f", "-"},
       "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: free, namespace: default}\ndata: {a: \"3\"}\n");
  CHECK(k.get({"cm", "free"})["metadata"]["resourceVersion"] == rv);
  CHECK(k.run({"get", "cm", "new"}).exit_code != 0);

  CHECK(k.run({"delete", "cm", "held", "--timeout=2s"}).exit_code != 0);  // waits for the finalizer, times out
  const json held = k.get({"cm", "held"});
  CHECK(held["metadata"].contains("deletionTimestamp"));
  k.ok({"patch", "cm", "held", "--type=merge", "-p", R"({"metadata":{"finalizers":null}})"});
  k.ok({"wait", "--for=delete", "cm/held", "--timeout=10s"});
}

TEST_CASE("operator faults switched at run time with kubectl: a degraded pool, then recovery") {
  auto sim = start("azure");
  Kubectl k(*sim);
  k.ok({"patch", "configmap", "faults", "-n", "coco-sim", "--type=merge", "-p",
        R"({"data":{"mcp-degraded":"worker"}})"});
  k.ok({"apply", "--server-side", "-f", "-"}, R"(
apiVersion: machineconfiguration.openshift.io/v1
kind: MachineConfig
metadata: {name: 99-x, labels: {machineconfiguration.openshift.io/role: worker}}
spec: {kernelArguments: [x=1]}
)");
  k.ok({"wait", "--for=condition=Degraded", "mcp/worker", "--timeout=30s"});
  const std::string message =
      k.ok({"get", "mcp", "worker", "-o", R"(jsonpath={.status.conditions[?(@.type=="Degraded")].message})"});
  CHECK(message.find("failed to drain node") != std::string::npos);
  k.ok({"patch", "configmap", "faults", "-n", "coco-sim", "--type=json", "-p",
        R"([{"op":"remove","path":"/data/mcp-degraded"}])"});
  k.ok({"wait", "--for=condition=Updated", "mcp/worker", "--timeout=60s"});
}

TEST_CASE("the --operator-fault flag seeds the faults ConfigMap - an unknown key is a usage error") {
  cococtl::test::SimOptions options;
  options.operator_faults = {"csv-failed=trustee-operator.v1.1.0", "mcp-degraded=worker,master"};
  auto sim = start("azure", options);
  Kubectl k(*sim);
  const json cm = k.get({"cm", "faults", "-n", "coco-sim"});
  CHECK(cm["data"]["csv-failed"] == "trustee-operator.v1.1.0");
  CHECK(cm["data"]["mcp-degraded"] == "worker,master");
  const auto bad =
      cococtl::test::run_command({COCOCTL_SIM_BINARY, "--operator-fault", "nope=1"}, std::chrono::seconds(10));
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("--operator-fault") != std::string::npos);
}

TEST_CASE("the --name and --domain flags: kubeconfigs of several simulators merge as kubectl merges KUBECONFIG") {
  cococtl::test::SimOptions hub_options, spoke_options;
  hub_options.name = "hub";
  hub_options.domain = "hub.example.org";
  spoke_options.name = "spoke1";
  spoke_options.domain = "spokes.example.org";
  auto hub = start("azure", hub_options);
  auto spoke = start("baremetal-tdx", spoke_options);
  const Kubectl merged(*hub, hub->kubeconfig().string() + ":" + spoke->kubeconfig().string());
  const std::string contexts = merged.ok({"config", "get-contexts", "-o", "name"});
  for (const char* name : {"hub", "hub-token", "hub-readonly", "spoke1", "spoke1-token", "spoke1-readonly"}) {
    CHECK(contexts.find(std::string(name) + "\n") != std::string::npos);
  }
  CHECK(merged.ok({"--context", "hub", "get", "ingresses.config.openshift.io", "cluster", "-o",
                   "jsonpath={.spec.domain}"}) == "apps.hub.hub.example.org");
  CHECK(merged.ok({"--context", "spoke1", "get", "ingresses.config.openshift.io", "cluster", "-o",
                   "jsonpath={.spec.domain}"}) == "apps.spoke1.spokes.example.org");
  CHECK(merged.ok({"--context", "spoke1-readonly", "get", "nodes", "-o", "name"}) == "node/sno-tdx-0\n");
  merged.ok({"--context", "hub", "apply", "--server-side", "-f", "-"},
            "apiVersion: route.openshift.io/v1\nkind: Route\nmetadata: {name: kbs, namespace: default}\n"
            "spec: {to: {kind: Service, name: kbs-service}}\n");
  merged.ok({"--context", "hub", "wait",
             "--for=jsonpath={.status.ingress[0].host}=kbs-default.apps.hub.hub.example.org", "route/kbs", "-n",
             "default", "--timeout=20s"});
  CHECK(merged.ok({"--context", "hub", "get", "dns.config.openshift.io", "cluster", "-o",
                   "jsonpath={.spec.baseDomain}"}) == "hub.hub.example.org");
}
