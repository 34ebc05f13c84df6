// The simulated Machine Config Operator, tick by tick: the stale Updated=True right after a
// MachineConfig is applied, the rollout one machine at a time with the machine annotations the
// MCD writes, the degraded machine an operator fault causes, and paused pools.
#include "sim_test_util.hpp"

#include <catch2/catch.hpp>

using namespace cococtl::sim;
using namespace cococtl::sim::testing;

namespace {

constexpr const char* k_mc = "machineconfiguration.openshift.io/v1";

json pool(TestCluster& c, const std::string& name) { return c.get(k_mc, "MachineConfigPool", "", name); }

bool lists_source(const json& pool, const std::string& mc) {
  for (const auto& s : pool["status"]["configuration"].value("source", json::array())) {
    if (s.value("name", "") == mc) return true;
  }
  return false;
}

void apply_worker_mc(TestCluster& c) {
  c.apply(R"({"apiVersion":"machineconfiguration.openshift.io/v1","kind":"MachineConfig",
      "metadata":{"name":"99-enable-coco","labels":{"machineconfiguration.openshift.io/role":"worker"}},
      "spec":{"kernelArguments":["kvm_intel.tdx=1"]}})");
}

}  // namespace

TEST_CASE(
    "MCO: Updated=True is stale right after a MachineConfig - status.configuration.source shows when it is picked") {
  TestCluster c("azure");
  c.ticks(2);
  REQUIRE(condition_true(pool(c, "worker"), "Updated"));
  apply_worker_mc(c);
  c.ticks(1);
  auto worker = pool(c, "worker");
  CHECK(condition_true(worker, "Updated"));  // the render controller has not picked it up yet
  CHECK_FALSE(lists_source(worker, "99-enable-coco"));
  CHECK_FALSE(lists_source(json{{"status", {{"configuration", worker["spec"]["configuration"]}}}}, "99-enable-coco"));
  REQUIRE(c.tick_until([&] { return condition_true(pool(c, "worker"), "Updating"); }, 5));
  worker = pool(c, "worker");
  CHECK_FALSE(condition_true(worker, "Updated"));
  CHECK(lists_source(json{{"status", {{"configuration", worker["spec"]["configuration"]}}}}, "99-enable-coco"));
  CHECK_FALSE(lists_source(worker, "99-enable-coco"));  // status keeps the old configuration until all are updated
  CHECK(string_at(*find_condition(worker, "Updating"), {"message"}) ==
        "All nodes are updating to MachineConfig " + worker["spec"]["configuration"]["name"].get<std::string>());
}

TEST_CASE("MCO: machines update one at a time with the MCD's annotations, then the pool is Updated") {
  TestCluster c("azure");  // three workers
  c.ticks(2);
  apply_worker_mc(c);
  REQUIRE(c.tick_until([&] { return condition_true(pool(c, "worker"), "Updating"); }, 5));
  std::vector<long long> updated_counts;
  REQUIRE(c.tick_until(
      [&] {
        const auto p = pool(c, "worker");
        updated_counts.push_back(int_at(p, {"status", "updatedMachineCount"}));
        CHECK(int_at(p, {"status", "unavailableMachineCount"}) <= 1);  // maxUnavailable 1
        CHECK(p["status"]["machineCount"] == 3);
        return condition_true(p, "Updated");
      },
      40));
  CHECK(updated_counts.front() == 0);
  CHECK(updated_counts.back() == 3);
  CHECK(std::find(updated_counts.begin(), updated_counts.end(), 1) != updated_counts.end());
  CHECK(std::find(updated_counts.begin(), updated_counts.end(), 2) != updated_counts.end());
  const auto p = pool(c, "worker");
  CHECK(lists_source(p, "99-enable-coco"));
  CHECK(p["status"]["configuration"]["name"] == p["spec"]["configuration"]["name"]);
  CHECK(p["status"]["readyMachineCount"] == 3);
  for (const auto& node : c.list("v1", "Node")) {
    if (!node["metadata"]["labels"].contains("node-role.kubernetes.io/worker")) continue;
    const json& a = node["metadata"]["annotations"];
    CHECK(a["machineconfiguration.openshift.io/currentConfig"] == p["spec"]["configuration"]["name"]);
    CHECK(a["machineconfiguration.openshift.io/desiredConfig"] == p["spec"]["configuration"]["name"]);
    CHECK(a["machineconfiguration.openshift.io/state"] == "Done");
  }
  CHECK(pool(c, "master")["status"]["configuration"]["name"] != p["status"]["configuration"]["name"]);
}

TEST_CASE("MCO: an mcp-degraded fault degrades the machine being updated - clearing it resumes the rollout") {
  TestCluster c("azure");
  c.ticks(2);
  c.set_operator_faults({{"mcp-degraded", "worker"}});
  apply_worker_mc(c);
  REQUIRE(c.tick_until([&] { return condition_true(pool(c, "worker"), "Degraded"); }, 10));
  const auto p = pool(c, "worker");
  CHECK(p["status"]["degradedMachineCount"] == 1);
  CHECK(find_condition(p, "NodeDegraded")->value("reason", "") == "1 nodes are reporting degraded status on sync");
  const std::string message = find_condition(p, "Degraded")->value("message", "");
  CHECK(message.find("Node coco-x7k2p-worker-eastus1-q9z1 is reporting: \"failed to drain node: "
                     "coco-x7k2p-worker-eastus1-q9z1 after 1 hour") == 0);
  c.ticks(5);
  CHECK(int_at(pool(c, "worker"), {"status", "updatedMachineCount"}) == 0);  // stuck while degraded
  c.set_operator_faults(json::object());
  REQUIRE(c.tick_until([&] { return condition_true(pool(c, "worker"), "Updated"); }, 40));
  CHECK_FALSE(condition_true(pool(c, "worker"), "Degraded"));
}

TEST_CASE("MCO: a paused pool renders but does not roll out") {
  TestCluster c("azure");
  c.ticks(2);
  json worker = pool(c, "worker");
  worker["spec"]["paused"] = true;
  c.update(worker);
  apply_worker_mc(c);
  c.ticks(8);
  worker = pool(c, "worker");
  CHECK(lists_source(json{{"status", {{"configuration", worker["spec"]["configuration"]}}}}, "99-enable-coco"));
  CHECK(worker["status"]["updatedMachineCount"] == 0);
  CHECK(find_condition(worker, "Updating")->value("message", "").rfind("Pool is paused; will not update to", 0) == 0);
}
