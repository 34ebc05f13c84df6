// The simulated OpenShift sandboxed containers operator: KataConfig installation over time in the
// upstream status shape, the runtime classes, failure reporting and uninstallation.
#include "sim_test_util.hpp"

#include <catch2/catch.hpp>

using namespace cococtl::sim;
using namespace cococtl::sim::testing;

namespace {

constexpr const char* k_osc = "openshift-sandboxed-containers-operator";
constexpr const char* k_kata = "kataconfiguration.openshift.io/v1";

json kata(TestCluster& c) { return c.get(k_kata, "KataConfig", "", "default-kata-config"); }

std::string in_progress_reason(const json& k) {
  const json* cond = find_condition(k, "InProgress");
  return cond == nullptr ? "<none>" : cond->value("status", "") + "/" + cond->value("reason", "");
}

// OSC installed, the confidential feature gate on, the TEE label NFD would set.
void prepare(TestCluster& c, const std::string& tee_label) {
  c.install_operator("sandboxed-containers-operator", k_osc);
  c.apply(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"osc-feature-gates",
      "namespace":"openshift-sandboxed-containers-operator"},"data":{"confidential":"true"}})");
  for (auto& node : c.list("v1", "Node")) {
    node["metadata"]["labels"][tee_label] = "true";
    c.update(node);
  }
}

void create_kata(TestCluster& c) {
  c.apply(R"({"apiVersion":"kataconfiguration.openshift.io/v1","kind":"KataConfig",
      "metadata":{"name":"default-kata-config"},"spec":{"enablePeerPods":false}})");
}

}  // namespace

TEST_CASE("KataConfig on a single-node cluster installs through the master pool, reporting progress as OSC does") {
  TestCluster c("baremetal-tdx");
  prepare(c, "intel.feature.node.kubernetes.io/tdx");
  create_kata(c);
  c.ticks(1);
  auto k = kata(c);
  CHECK(k["metadata"]["finalizers"] == json::array({"kataconfiguration.openshift.io/finalizer"}));
  CHECK(in_progress_reason(k) == "True/Installing");
  CHECK(string_at(*find_condition(k, "InProgress"), {"message"}) ==
        "Performing initial installation of kata on cluster");
  CHECK(k["status"]["waitingForMcoToStart"] == true);
  const auto mc =
      c.get("machineconfiguration.openshift.io/v1", "MachineConfig", "", "50-enable-sandboxed-containers-extension");
  CHECK(mc["metadata"]["labels"]["machineconfiguration.openshift.io/role"] == "master");
  CHECK(mc["spec"]["extensions"] == json::array({"sandboxed-containers"}));
  CHECK(c.find("machineconfiguration.openshift.io/v1", "MachineConfigPool", "", "kata-oc") == nullptr);

  REQUIRE(c.tick_until([&] { return kata(c)["status"]["kataNodes"].contains("installing"); }, 10));
  k = kata(c);
  CHECK(k["status"]["waitingForMcoToStart"] == false);
  CHECK(k["status"]["kataNodes"]["installing"] == json::array({"sno-tdx-0"}));
  CHECK(k["status"]["kataNodes"]["nodeCount"] == 1);
  CHECK(k["status"]["kataNodes"]["readyNodeCount"] == 0);
  CHECK(c.find("node.k8s.io/v1", "RuntimeClass", "", "kata") == nullptr);

  REQUIRE(c.tick_until([&] { return in_progress_reason(kata(c)) == "False/"; }, 20));
  k = kata(c);
  CHECK(k["status"]["kataNodes"]["installed"] == json::array({"sno-tdx-0"}));
  CHECK(k["status"]["kataNodes"]["readyNodeCount"] == 1);
  CHECK(k["status"]["runtimeClasses"] == json::array({"kata", "kata-cc"}));
  const auto cc = c.get("node.k8s.io/v1", "RuntimeClass", "", "kata-cc");
  CHECK(cc["handler"] == "kata-tdx");
  CHECK(cc["overhead"]["podFixed"] == json{{"cpu", "250m"}, {"memory", "350Mi"}, {"tdx.intel.com/keys", "1"}});
  CHECK(cc["scheduling"]["nodeSelector"] == json{{"node-role.kubernetes.io/master", ""}});
  CHECK(cc["metadata"]["finalizers"] == json::array({"kataconfig.openshift.io/runtime-class-cleanup"}));
  CHECK(cc["metadata"]["ownerReferences"][0]["kind"] == "KataConfig");
  CHECK(c.find("apps/v1", "DaemonSet", k_osc, "openshift-sandboxed-containers-monitor") != nullptr);
}

TEST_CASE("KataConfig on a cluster with workers labels them into the kata-oc pool, one machine at a time") {
  TestCluster c("baremetal-tdx-gpu");
  prepare(c, "intel.feature.node.kubernetes.io/tdx");
  json master = c.get("v1", "Node", "", "tdx-gpu-master-0");  // a schedulable control-plane machine
  master["metadata"]["labels"]["node-role.kubernetes.io/worker"] = "";
  c.update(master);
  create_kata(c);
  REQUIRE(c.tick_until(
      [&] { return c.find("machineconfiguration.openshift.io/v1", "MachineConfigPool", "", "kata-oc"); }, 5));
  const auto pool = c.get("machineconfiguration.openshift.io/v1", "MachineConfigPool", "", "kata-oc");
  CHECK(pool["spec"]["nodeSelector"]["matchLabels"] == json{{"node-role.kubernetes.io/kata-oc", ""}});
  CHECK(c.get("v1", "Node", "", "tdx-gpu-worker-0")["metadata"]["labels"].contains("node-role.kubernetes.io/kata-oc"));
  CHECK(
      c.get(
          "machineconfiguration.openshift.io/v1", "MachineConfig", "",
          "50-enable-sandboxed-containers-extension")["metadata"]["labels"]["machineconfiguration.openshift.io/role"] ==
      "kata-oc");
  bool saw_waiting = false;
  REQUIRE(c.tick_until(
      [&] {
        const auto k = kata(c);
        const json nodes = k["status"].value("kataNodes", json::object());
        saw_waiting |=
            nodes.value("installing", json::array()) == json::array({"tdx-gpu-worker-0"}) &&
            nodes.value("waitingToInstall", json::array()).dump().find("tdx-gpu-worker-1") != std::string::npos;
        return in_progress_reason(k) == "False/";
      },
      40));
  CHECK(saw_waiting);  // one installing while the other waits its turn
  const auto k = kata(c);
  CHECK(k["status"]["kataNodes"]["installed"] == json::array({"tdx-gpu-worker-0", "tdx-gpu-worker-1"}));
  // The control-plane node carries the worker role too: OSC labels it, but the MCO keeps a master
  // in the master pool, so it waits for ever - as upstream reports it on such a cluster.
  CHECK(k["status"]["kataNodes"]["nodeCount"] == 3);
  CHECK(k["status"]["kataNodes"]["waitingToInstall"] == json::array({"tdx-gpu-master-0"}));
  CHECK(c.get("node.k8s.io/v1", "RuntimeClass", "", "kata")["scheduling"]["nodeSelector"] ==
        json{{"node-role.kubernetes.io/kata-oc", ""}});
}

TEST_CASE(
    "KataConfig failure: a kataconfig-failed fault shows as failedToInstall and InProgress Failed, then recovers") {
  TestCluster c("baremetal-snp");
  prepare(c, "amd.feature.node.kubernetes.io/snp");
  c.set_operator_faults({{"kataconfig-failed", "default-kata-config"}});
  create_kata(c);
  REQUIRE(c.tick_until([&] { return in_progress_reason(kata(c)) == "True/Failed"; }, 15));
  auto k = kata(c);
  CHECK(k["status"]["kataNodes"]["failedToInstall"] == json::array({"sno-snp-0"}));
  CHECK(string_at(*find_condition(k, "InProgress"), {"message"})
            .rfind("Node sno-snp-0 Degraded: error running rpm-ostree", 0) == 0);
  CHECK(condition_true(c.get("machineconfiguration.openshift.io/v1", "MachineConfigPool", "", "master"), "Degraded"));
  c.set_operator_faults(json::object());
  REQUIRE(c.tick_until([&] { return in_progress_reason(kata(c)) == "False/"; }, 30));
  CHECK(c.get("node.k8s.io/v1", "RuntimeClass", "", "kata-cc")["handler"] == "kata-snp");
}

TEST_CASE("KataConfig deletion waits for kata pods, removes the MachineConfig and its rollout, then the finalizer") {
  TestCluster c("baremetal-tdx");
  prepare(c, "intel.feature.node.kubernetes.io/tdx");
  create_kata(c);
  REQUIRE(c.tick_until([&] { return in_progress_reason(kata(c)) == "False/"; }, 30));
  c.apply(R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"app","namespace":"default"},
      "spec":{"runtimeClassName":"kata-cc","containers":[{"name":"c","image":"registry.example.com/app:1"}]}})");
  const auto type = c.type({{"apiVersion", k_kata}, {"kind", "KataConfig"}});
  REQUIRE(c.api().remove(*type, "", "default-kata-config", {}).ok());
  c.ticks(2);
  CHECK(in_progress_reason(kata(c)) == "False/BlockedByExistingKataPods");
  CHECK(string_at(*find_condition(kata(c), "InProgress"), {"message"}) ==
        "existing pods using \"kata-cc\" RuntimeClass found. Please delete the pods manually for KataConfig deletion "
        "to proceed");
  REQUIRE(c.api().remove(*c.type({{"apiVersion", "v1"}, {"kind", "Pod"}}), "default", "app", {}).ok());
  REQUIRE(c.tick_until([&] { return in_progress_reason(kata(c)) == "True/Uninstalling"; }, 5));
  CHECK(c.find("machineconfiguration.openshift.io/v1", "MachineConfig", "",
               "50-enable-sandboxed-containers-extension") == nullptr);
  REQUIRE(c.tick_until([&] { return c.find(k_kata, "KataConfig", "", "default-kata-config") == nullptr; }, 40));
  const auto master = c.get("machineconfiguration.openshift.io/v1", "MachineConfigPool", "", "master");
  CHECK(condition_true(master, "Updated"));  // the removal rolled out before the finalizer went
  REQUIRE(c.tick_until([&] { return c.list("node.k8s.io/v1", "RuntimeClass").empty(); }, 10));
  CHECK(c.find("apps/v1", "DaemonSet", k_osc, "openshift-sandboxed-containers-monitor") == nullptr);
}

TEST_CASE("KataConfig waits for the operator: nothing happens before its CSV has Succeeded") {
  TestCluster c("baremetal-tdx");
  const Package* p = find_package(c.cluster().profile().catalog, "sandboxed-containers-operator");
  for (const auto& crd : p->crds) c.apply(operator_crd(crd).dump());
  c.ticks(2);
  create_kata(c);
  c.ticks(5);
  CHECK_FALSE(kata(c).contains("status"));
  CHECK_FALSE(kata(c)["metadata"].contains("finalizers"));
}

TEST_CASE("KataConfig on GPU nodes adds kata-cc-nvidia-gpu - on Azure peer pods add kata-remote") {
  TestCluster gpu("baremetal-tdx-gpu");
  prepare(gpu, "intel.feature.node.kubernetes.io/tdx");
  for (const char* node : {"tdx-gpu-worker-0", "tdx-gpu-worker-1"}) {
    json n = gpu.get("v1", "Node", "", node);
    n["metadata"]["labels"]["nvidia.com/gpu.present"] = "true";
    gpu.update(n);
  }
  create_kata(gpu);
  REQUIRE(gpu.tick_until([&] { return in_progress_reason(kata(gpu)) == "False/"; }, 40));
  const auto rc = gpu.get("node.k8s.io/v1", "RuntimeClass", "", "kata-cc-nvidia-gpu");
  CHECK(rc["handler"] == "kata-tdx-nvidia-gpu");
  CHECK(rc["overhead"]["podFixed"]["tdx.intel.com/keys"] == "1");

  TestCluster azure("azure");
  azure.install_operator("sandboxed-containers-operator", k_osc);
  azure.apply(R"({"apiVersion":"kataconfiguration.openshift.io/v1","kind":"KataConfig",
      "metadata":{"name":"default-kata-config"},"spec":{"enablePeerPods":true}})");
  REQUIRE(azure.tick_until([&] { return in_progress_reason(kata(azure)) == "False/"; }, 60));
  CHECK(azure.get("node.k8s.io/v1", "RuntimeClass", "", "kata-remote")["handler"] == "kata-remote");
  CHECK(azure.find("node.k8s.io/v1", "RuntimeClass", "", "kata-cc") == nullptr);  // no confidential gate
  CHECK(azure.get("machineconfiguration.openshift.io/v1", "MachineConfig", "",
                  "50-kata-remote")["metadata"]["labels"]["machineconfiguration.openshift.io/role"] == "kata-oc");
  CHECK(kata(azure)["status"]["kataNodes"]["installed"].size() == 3);
}
