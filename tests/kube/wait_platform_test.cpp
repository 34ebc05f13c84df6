// Wait rules for the platform stage: MachineConfigPool, KataConfig, KbsConfig, Route.
#include "wait_test_util.hpp"

#include <catch2/catch.hpp>

using cococtl::kube::wait::Expectation;
using cococtl::test::wait_state;
using nlohmann::json;

namespace {

constexpr const char* k_extension = "50-enable-sandboxed-containers-extension";

// The worker pool as MCO reports it mid-rollout: the render controller put the extension into
// spec.configuration, one of three nodes runs it, status.configuration is still the old config.
json worker_pool() {
  return json::parse(R"({"apiVersion":"machineconfiguration.openshift.io/v1","kind":"MachineConfigPool",
    "metadata":{"name":"worker","generation":3,"labels":{"pools.operator.machineconfiguration.openshift.io/worker":""}},
    "spec":{"machineConfigSelector":{"matchLabels":{"machineconfiguration.openshift.io/role":"worker"}},
      "nodeSelector":{"matchLabels":{"node-role.kubernetes.io/worker":""}},"paused":false,
      "configuration":{"name":"rendered-worker-8c1f","source":[
        {"apiVersion":"machineconfiguration.openshift.io/v1","kind":"MachineConfig","name":"00-worker"},
        {"apiVersion":"machineconfiguration.openshift.io/v1","kind":"MachineConfig","name":"01-worker-kubelet"},
        {"apiVersion":"machineconfiguration.openshift.io/v1","kind":"MachineConfig","name":"50-enable-sandboxed-containers-extension"},
        {"apiVersion":"machineconfiguration.openshift.io/v1","kind":"MachineConfig","name":"99-worker-ssh"}]}},
    "status":{"observedGeneration":3,"machineCount":3,"updatedMachineCount":1,"readyMachineCount":1,
      "unavailableMachineCount":1,"degradedMachineCount":0,
      "configuration":{"name":"rendered-worker-3a0d","source":[
        {"apiVersion":"machineconfiguration.openshift.io/v1","kind":"MachineConfig","name":"00-worker"},
        {"apiVersion":"machineconfiguration.openshift.io/v1","kind":"MachineConfig","name":"01-worker-kubelet"},
        {"apiVersion":"machineconfiguration.openshift.io/v1","kind":"MachineConfig","name":"99-worker-ssh"}]},
      "conditions":[
        {"type":"RenderDegraded","status":"False","reason":"","message":"","lastTransitionTime":"2026-05-02T09:00:00Z"},
        {"type":"Updated","status":"False","reason":"","message":"","lastTransitionTime":"2026-05-02T10:01:00Z"},
        {"type":"Updating","status":"True","reason":"","message":"All nodes are updating to MachineConfig rendered-worker-8c1f",
         "lastTransitionTime":"2026-05-02T10:01:00Z"},
        {"type":"NodeDegraded","status":"False","reason":"","message":"","lastTransitionTime":"2026-05-02T09:00:00Z"},
        {"type":"Degraded","status":"False","reason":"","message":"","lastTransitionTime":"2026-05-02T09:00:00Z"}]}})");
}

void set_condition(json& pool, const std::string& type, const char* status, const char* reason, const char* message) {
  for (auto& c : pool["status"]["conditions"]) {
    if (c["type"] == type) c = {{"type", type}, {"status", status}, {"reason", reason}, {"message", message}};
  }
}

// The pool once every node runs rendered-worker-8c1f.
json updated_pool() {
  json pool = worker_pool();
  pool["status"]["configuration"] = pool["spec"]["configuration"];
  for (const char* count : {"updatedMachineCount", "readyMachineCount"}) pool["status"][count] = 3;
  pool["status"]["unavailableMachineCount"] = 0;
  set_condition(pool, "Updated", "True", "", "All nodes are updated with MachineConfig rendered-worker-8c1f");
  set_condition(pool, "Updating", "False", "", "");
  return pool;
}

}  // namespace

TEST_CASE("wait: MachineConfigPool counts machines and waits for the applied MachineConfigs") {
  const Expectation kata{.installed_csv = "", .machine_configs = {k_extension}, .removed_machine_configs = {}};
  CHECK(wait_state(worker_pool(), kata) ==
        "waiting: worker: 1/3 updated, rolling out 50-enable-sandboxed-containers-extension");
  CHECK(wait_state(updated_pool(), kata) == "ready: worker: 3/3 updated");
  CHECK(wait_state(updated_pool()) == "ready: worker: 3/3 updated");

  // Right after the apply, before the render controller ran: Updated=True is stale.
  json stale = updated_pool();
  for (json* config : {&stale["spec"]["configuration"], &stale["status"]["configuration"]}) {
    (*config)["name"] = "rendered-worker-3a0d";
    (*config)["source"].erase(2);
  }
  CHECK(wait_state(stale, kata) ==
        "waiting: worker: 3/3 updated, waiting for the pool to render "
        "50-enable-sandboxed-containers-extension (does the MachineConfig's role label match "
        "the pool's machineConfigSelector?)");
  // The render controller changed the spec; the pool controller has not looked yet.
  json rendered = stale;
  rendered["spec"]["configuration"] = worker_pool()["spec"]["configuration"];
  rendered["metadata"]["generation"] = 4;
  CHECK(wait_state(rendered, kata) == "waiting: waiting for the controller to observe generation 4 (observed 3)");
  // A second MachineConfig was rendered: the status (extension included) still describes the
  // previous target, so the pool is not done even for a caller that expects only the extension.
  json next = updated_pool();
  next["spec"]["configuration"]["name"] = "rendered-worker-9e42";
  next["spec"]["configuration"]["source"].push_back({{"apiVersion", "machineconfiguration.openshift.io/v1"},
                                                     {"kind", "MachineConfig"},
                                                     {"name", "60-kata-kernel-args"}});
  CHECK(wait_state(next, kata) == "waiting: worker: 3/3 updated");
  CHECK(wait_state(next, {.installed_csv = "", .machine_configs = {k_extension, "60-kata-kernel-args"}, .removed_machine_configs = {}}) ==
        "waiting: worker: 3/3 updated, rolling out 60-kata-kernel-args");
}

TEST_CASE("wait: MachineConfigPool after MachineConfigs were deleted rolls out a configuration without them") {
  const Expectation removed{.installed_csv = "", .machine_configs = {}, .removed_machine_configs = {k_extension}};
  CHECK(wait_state(updated_pool(), removed) ==
        "waiting: worker: 3/3 updated, rolling out the removal of 50-enable-sandboxed-containers-extension");
  json without = updated_pool();
  for (json* config : {&without["spec"]["configuration"], &without["status"]["configuration"]}) {
    (*config)["source"].erase(2);
  }
  CHECK(wait_state(without, removed) == "ready: worker: 3/3 updated");
}

TEST_CASE("wait: MachineConfigPool degraded and paused") {
  json degraded = worker_pool();
  const char* why =
      "Node worker-1 is reporting: \"unexpected on-disk state validating against rendered-worker-8c1f: "
      "content mismatch for file \\\"/etc/crio/crio.conf.d/50-kata\\\"\"";
  set_condition(degraded, "NodeDegraded", "True", "1 nodes are reporting degraded status on sync", why);
  set_condition(degraded, "Degraded", "True", "1 nodes are reporting degraded status on sync", why);
  degraded["status"]["degradedMachineCount"] = 1;
  CHECK(wait_state(degraded) == std::string("failed: worker: NodeDegraded: ") + why);
  json render = worker_pool();
  set_condition(render, "RenderDegraded", "True", "",
                "Failed to render configuration for pool worker: parsing Ignition config failed: unknown version. "
                "Supported spec versions: 2.2, 3.0, 3.1, 3.2, 3.3, 3.4, 3.5");
  CHECK(wait_state(render) ==
        "failed: worker: RenderDegraded: Failed to render configuration for pool worker: parsing "
        "Ignition config failed: unknown version. Supported spec versions: 2.2, 3.0, 3.1, 3.2, 3.3, 3.4, 3.5");
  json paused = worker_pool();
  paused["spec"]["paused"] = true;
  paused["status"]["updatedMachineCount"] = 0;
  CHECK(wait_state(paused, {.installed_csv = "", .machine_configs = {k_extension}, .removed_machine_configs = {}}) ==
        "waiting: worker: 0/3 updated (paused: spec.paused is true), rolling out "
        "50-enable-sandboxed-containers-extension");
}

namespace {

// A KataConfig on a two-worker cluster, in the states of the OSC guide's "KataConfig status
// messages" appendix (OSC 1.6 onwards) and the controller's InProgress reasons.
json kata(const char* status) {
  json object = json::parse(R"({"apiVersion":"kataconfiguration.openshift.io/v1","kind":"KataConfig",
    "metadata":{"name":"example-kataconfig","generation":1,"finalizers":["kataconfiguration.openshift.io/finalizer"]},
    "spec":{"checkNodeEligibility":false,"enablePeerPods":false,"logLevel":"info"}})");
  if (status != nullptr) object["status"] = json::parse(status);
  return object;
}

}  // namespace

TEST_CASE("wait: KataConfig follows the operator's InProgress condition and node lists") {
  CHECK(wait_state(kata(nullptr)) == "waiting: waiting for the operator to start the installation");
  CHECK(wait_state(kata(R"({"conditions":[{"type":"InProgress","status":"True","reason":"Installing",
    "message":"Performing initial installation of kata on cluster","lastTransitionTime":"2026-05-02T10:05:00Z"}],
    "kataNodes":{"nodeCount":0,"readyNodeCount":0},"waitingForMcoToStart":true})")) ==
        "waiting: waiting for the Machine Config Operator to start updating nodes");
  CHECK(wait_state(kata(R"({"conditions":[{"type":"InProgress","status":"True","reason":"Installing",
    "message":"Performing initial installation of kata on cluster","lastTransitionTime":"2026-05-02T10:05:00Z"}],
    "kataNodes":{"installed":["worker-1"],"installing":["worker-0"],"nodeCount":2,"readyNodeCount":1}})")) ==
        "waiting: installing kata (Installing): 1/2 nodes ready (installing: worker-0)");
  CHECK(wait_state(kata(R"({"conditions":[{"type":"InProgress","status":"True","reason":"Failed",
    "message":"Node worker-0 Degraded: failed to run rpm-ostree: exit status 1","lastTransitionTime":"2026-05-02T10:25:00Z"}],
    "kataNodes":{"failedToInstall":["worker-0"],"installed":["worker-1"],"nodeCount":2,"readyNodeCount":1}})")) ==
        "failed: kata installation failed (Node worker-0 Degraded: failed to run rpm-ostree: exit status 1)");
  const char* installed = R"({"conditions":[{"type":"InProgress","status":"False","reason":"","message":"",
    "lastTransitionTime":"2026-05-02T10:40:00Z"}],"kataNodes":{"installed":["worker-0","worker-1"],"nodeCount":2,
    "readyNodeCount":2},"runtimeClasses":["kata"],"waitingForMcoToStart":false})";
  CHECK(wait_state(kata(installed)) == "ready: kata installed on 2 nodes, RuntimeClasses kata");
  json no_classes = kata(installed);
  no_classes["status"].erase("runtimeClasses");
  CHECK(wait_state(no_classes) == "waiting: waiting for the operator to create the RuntimeClasses");
  json no_nodes = kata(installed);
  no_nodes["status"]["kataNodes"] = {{"nodeCount", 0}, {"readyNodeCount", 0}};
  CHECK(wait_state(no_nodes) == "failed: no node is selected for kata (check spec.kataConfigPoolSelector)");
}

TEST_CASE("wait: KbsConfig reports only isReady") {
  json kbs = json::parse(R"({"apiVersion":"confidentialcontainers.org/v1alpha1","kind":"KbsConfig",
    "metadata":{"name":"kbsconfig","namespace":"trustee-operator-system","generation":1},
    "spec":{"kbsConfigMapName":"kbs-config","kbsAuthSecretName":"kbs-auth-public-key","kbsDeploymentType":"AllInOneDeployment"},
    "status":{"isReady":false}})");
  CHECK(wait_state(kbs) == "waiting: waiting for the KBS deployment to be ready (status.isReady)");
  kbs["status"]["isReady"] = true;
  CHECK(wait_state(kbs) == "ready: KBS deployment ready");
}

TEST_CASE("wait: Route admitted or rejected by a router") {
  json route = json::parse(R"({"apiVersion":"route.openshift.io/v1","kind":"Route",
    "metadata":{"name":"kbs-service","namespace":"trustee-operator-system"},
    "spec":{"host":"kbs.apps.example.com","to":{"kind":"Service","name":"kbs-service"},"tls":{"termination":"passthrough"}}})");
  CHECK(wait_state(route) == "waiting: waiting for a router to admit the route");
  route["status"] = json::parse(R"({"ingress":[{"host":"kbs.apps.example.com","routerName":"default",
    "routerCanonicalHostname":"router-default.apps.example.com","wildcardPolicy":"None",
    "conditions":[{"type":"Admitted","status":"True","lastTransitionTime":"2026-05-02T10:00:00Z"}]}]})");
  CHECK(wait_state(route) == "ready: admitted by router default as kbs.apps.example.com");
  route["status"]["ingress"][0]["conditions"][0] = {
      {"type", "Admitted"},
      {"status", "False"},
      {"reason", "HostAlreadyClaimed"},
      {"message", "route kbs-service already exposes kbs.apps.example.com and is older"}};
  CHECK(wait_state(route) ==
        "failed: rejected by router default (HostAlreadyClaimed: route kbs-service already exposes "
        "kbs.apps.example.com and is older)");
}
