// The simulated OLM, driven tick by tick in-process: Manual approval, the newer InstallPlan
// that must not be approved, Automatic upgrades along the channel, missing OperatorGroups.
#include "sim_test_util.hpp"

#include <catch2/catch.hpp>

using namespace cococtl::sim;
using namespace cococtl::sim::testing;

namespace {

constexpr const char* k_ns = "openshift-sandboxed-containers-operator";

void subscribe(TestCluster& c, const std::string& approval, const std::string& starting_csv, bool operator_group = true) {
  c.apply(R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"openshift-sandboxed-containers-operator"}})");
  if (operator_group) {
    c.apply(R"({"apiVersion":"operators.coreos.com/v1","kind":"OperatorGroup",
                "metadata":{"name":"osc","namespace":"openshift-sandboxed-containers-operator"},
                "spec":{"targetNamespaces":["openshift-sandboxed-containers-operator"]}})");
  }
  json sub = json::parse(R"({"apiVersion":"operators.coreos.com/v1alpha1","kind":"Subscription",
      "metadata":{"name":"osc","namespace":"openshift-sandboxed-containers-operator"},
      "spec":{"name":"sandboxed-containers-operator","channel":"stable","source":"redhat-operators",
              "sourceNamespace":"openshift-marketplace"}})");
  sub["spec"]["installPlanApproval"] = approval;
  if (!starting_csv.empty()) sub["spec"]["startingCSV"] = starting_csv;
  c.apply(sub.dump());
}

std::vector<json> plans(TestCluster& c) { return c.list("operators.coreos.com/v1alpha1", "InstallPlan", k_ns); }

void approve(TestCluster& c, const json& plan) {
  json patched = plan;
  patched["spec"]["approved"] = true;
  c.update(patched);
}

}  // namespace

TEST_CASE("OLM: a Manual subscription waits for approval, installs the pinned CSV, then offers a newer plan") {
  TestCluster c("baremetal-tdx");
  subscribe(c, "Manual", "sandboxed-containers-operator.v1.12.0");
  c.ticks(3);
  auto first = plans(c);
  REQUIRE(first.size() == 1);
  CHECK(first[0]["spec"]["clusterServiceVersionNames"] == json::array({"sandboxed-containers-operator.v1.12.0"}));
  CHECK(first[0]["status"]["phase"] == "RequiresApproval");
  CHECK(first[0]["metadata"]["ownerReferences"][0]["kind"] == "Subscription");
  auto sub = c.get("operators.coreos.com/v1alpha1", "Subscription", k_ns, "osc");
  CHECK(sub["status"]["installPlanRef"]["name"] == first[0]["metadata"]["name"]);
  CHECK(condition_true(sub, "InstallPlanPending"));
  CHECK_FALSE(c.served("kataconfiguration.openshift.io/v1", "KataConfig"));

  approve(c, first[0]);
  c.ticks(12);
  const auto csv = c.get("operators.coreos.com/v1alpha1", "ClusterServiceVersion", k_ns,
                         "sandboxed-containers-operator.v1.12.0");
  CHECK(csv["status"]["phase"] == "Succeeded");
  CHECK(c.served("kataconfiguration.openshift.io/v1", "KataConfig"));
  CHECK(condition_true(c.get("apps/v1", "Deployment", k_ns, "controller-manager"), "Available"));

  sub = c.get("operators.coreos.com/v1alpha1", "Subscription", k_ns, "osc");
  CHECK(sub["status"]["installedCSV"] == "sandboxed-containers-operator.v1.12.0");
  CHECK(sub["status"]["currentCSV"] == "sandboxed-containers-operator.v1.13.0");
  CHECK(sub["status"]["state"] == "UpgradePending");
  const auto all = plans(c);
  REQUIRE(all.size() == 2);
  const json& newer = all[0]["spec"]["clusterServiceVersionNames"][0] == "sandboxed-containers-operator.v1.13.0" ? all[0] : all[1];
  CHECK(newer["status"]["phase"] == "RequiresApproval");
  CHECK(newer["spec"]["approved"] == false);
  CHECK(sub["status"]["installPlanRef"]["name"] == newer["metadata"]["name"]);

  approve(c, newer);  // the mistake a pinned install must not make: it shows
  c.ticks(15);
  sub = c.get("operators.coreos.com/v1alpha1", "Subscription", k_ns, "osc");
  CHECK(sub["status"]["installedCSV"] == "sandboxed-containers-operator.v1.13.0");
  CHECK(c.find("operators.coreos.com/v1alpha1", "ClusterServiceVersion", k_ns, "sandboxed-containers-operator.v1.12.0") == nullptr);
}

TEST_CASE("OLM: an Automatic subscription goes straight through and up the channel") {
  TestCluster c("baremetal-tdx");
  subscribe(c, "Automatic", "sandboxed-containers-operator.v1.11.1");
  c.ticks(40);
  const auto sub = c.get("operators.coreos.com/v1alpha1", "Subscription", k_ns, "osc");
  CHECK(sub["status"]["installedCSV"] == "sandboxed-containers-operator.v1.13.0");
  CHECK(sub["status"]["state"] == "AtLatestKnown");
  CHECK(c.get("operators.coreos.com/v1alpha1", "ClusterServiceVersion", k_ns, "sandboxed-containers-operator.v1.13.0")
            ["status"]["phase"] == "Succeeded");
}

TEST_CASE("OLM: without an OperatorGroup the CSV fails until one appears") {
  TestCluster c("baremetal-tdx");
  subscribe(c, "Automatic", "sandboxed-containers-operator.v1.13.0", false);
  c.ticks(8);
  auto csv = c.get("operators.coreos.com/v1alpha1", "ClusterServiceVersion", k_ns, "sandboxed-containers-operator.v1.13.0");
  CHECK(csv["status"]["phase"] == "Failed");
  CHECK(csv["status"]["reason"] == "NoOperatorGroup");
  c.apply(R"({"apiVersion":"operators.coreos.com/v1","kind":"OperatorGroup",
              "metadata":{"name":"osc","namespace":"openshift-sandboxed-containers-operator"},"spec":{}})");
  c.ticks(10);
  csv = c.get("operators.coreos.com/v1alpha1", "ClusterServiceVersion", k_ns, "sandboxed-containers-operator.v1.13.0");
  CHECK(csv["status"]["phase"] == "Succeeded");
}

TEST_CASE("OLM: an unknown package or startingCSV fails resolution") {
  TestCluster c("azure");
  subscribe(c, "Manual", "sandboxed-containers-operator.v9.9.9");
  c.ticks(3);
  const auto sub = c.get("operators.coreos.com/v1alpha1", "Subscription", k_ns, "osc");
  CHECK(condition_true(sub, "ResolutionFailed"));
  CHECK(plans(c).empty());
}
