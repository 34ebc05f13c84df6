// The simulated OLM, driven tick by tick in-process: Manual approval, the newer InstallPlan
// that must not be approved, Automatic upgrades along the channel, missing OperatorGroups.
#include "sim_test_util.hpp"

#include <catch2/catch.hpp>

using namespace cococtl::sim;
using namespace cococtl::sim::testing;

namespace {

constexpr const char* k_ns = "openshift-sandboxed-containers-operator";

void subscribe(TestCluster& c, const std::string& approval, const std::string& starting_csv,
               bool operator_group = true) {
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

// The phase of CSV `name` in the test namespace ("" while it does not exist).
std::string csv_phase(TestCluster& c, const std::string& name) {
  const json* csv = c.find("operators.coreos.com/v1alpha1", "ClusterServiceVersion", k_ns, name);
  return csv == nullptr ? "" : string_at(*csv, {"status", "phase"});
}

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
  const auto csv =
      c.get("operators.coreos.com/v1alpha1", "ClusterServiceVersion", k_ns, "sandboxed-containers-operator.v1.12.0");
  CHECK(csv["status"]["phase"] == "Succeeded");
  CHECK(c.served("kataconfiguration.openshift.io/v1", "KataConfig"));
  CHECK(condition_true(c.get("apps/v1", "Deployment", k_ns, "controller-manager"), "Available"));

  sub = c.get("operators.coreos.com/v1alpha1", "Subscription", k_ns, "osc");
  CHECK(sub["status"]["installedCSV"] == "sandboxed-containers-operator.v1.12.0");
  CHECK(sub["status"]["currentCSV"] == "sandboxed-containers-operator.v1.13.0");
  CHECK(sub["status"]["state"] == "UpgradePending");
  const auto all = plans(c);
  REQUIRE(all.size() == 2);
  const json& newer =
      all[0]["spec"]["clusterServiceVersionNames"][0] == "sandboxed-containers-operator.v1.13.0" ? all[0] : all[1];
  CHECK(newer["status"]["phase"] == "RequiresApproval");
  CHECK(newer["spec"]["approved"] == false);
  CHECK(sub["status"]["installPlanRef"]["name"] == newer["metadata"]["name"]);

  approve(c, newer);  // the mistake a pinned install must not make: it shows
  c.ticks(15);
  sub = c.get("operators.coreos.com/v1alpha1", "Subscription", k_ns, "osc");
  CHECK(sub["status"]["installedCSV"] == "sandboxed-containers-operator.v1.13.0");
  CHECK(c.find("operators.coreos.com/v1alpha1", "ClusterServiceVersion", k_ns,
               "sandboxed-containers-operator.v1.12.0") == nullptr);
}

TEST_CASE("OLM: an Automatic subscription goes straight through and up the channel") {
  TestCluster c("baremetal-tdx");
  subscribe(c, "Automatic", "sandboxed-containers-operator.v1.11.1");
  c.ticks(40);
  const auto sub = c.get("operators.coreos.com/v1alpha1", "Subscription", k_ns, "osc");
  CHECK(sub["status"]["installedCSV"] == "sandboxed-containers-operator.v1.13.0");
  CHECK(sub["status"]["state"] == "AtLatestKnown");
  CHECK(c.get("operators.coreos.com/v1alpha1", "ClusterServiceVersion", k_ns,
              "sandboxed-containers-operator.v1.13.0")["status"]["phase"] == "Succeeded");
}

TEST_CASE("OLM: without an OperatorGroup the CSV fails until one appears") {
  TestCluster c("baremetal-tdx");
  subscribe(c, "Automatic", "sandboxed-containers-operator.v1.13.0", false);
  c.ticks(8);
  auto csv =
      c.get("operators.coreos.com/v1alpha1", "ClusterServiceVersion", k_ns, "sandboxed-containers-operator.v1.13.0");
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

TEST_CASE(
    "OLM: a CSV walks the upstream phases and reasons - CRDs appear with the plan and are Established a tick later") {
  TestCluster c("baremetal-tdx");
  subscribe(c, "Automatic", "sandboxed-containers-operator.v1.13.0");
  std::vector<std::string> seen;
  bool crd_before_established = false;
  REQUIRE(c.tick_until(
      [&] {
        const json* csv = c.find("operators.coreos.com/v1alpha1", "ClusterServiceVersion", k_ns,
                                 "sandboxed-containers-operator.v1.13.0");
        if (csv == nullptr) return false;
        const std::string step = string_at(*csv, {"status", "phase"}) + "/" + string_at(*csv, {"status", "reason"});
        if (seen.empty() || seen.back() != step) seen.push_back(step);
        const bool succeeded = step == "Succeeded/InstallSucceeded";
        const json* crd = c.find("apiextensions.k8s.io/v1", "CustomResourceDefinition", "",
                                 "kataconfigs.kataconfiguration.openshift.io");
        crd_before_established |= crd != nullptr && !condition_true(*crd, "Established");
        return succeeded;
      },
      40));
  CHECK(crd_before_established);
  const std::vector<std::string> expected = {"Pending/RequirementsUnknown",     "Pending/RequirementsNotMet",
                                             "InstallReady/AllRequirementsMet", "Installing/InstallSucceeded",
                                             "Installing/InstallWaiting",       "Succeeded/InstallSucceeded"};
  std::vector<std::string> order;  // each expected step, in order (a step may be skipped within one tick)
  for (const auto& s : seen) {
    if (std::find(expected.begin(), expected.end(), s) != expected.end()) order.push_back(s);
  }
  CHECK(std::is_sorted(order.begin(), order.end(), [&](const std::string& a, const std::string& b) {
    return std::find(expected.begin(), expected.end(), a) < std::find(expected.begin(), expected.end(), b);
  }));
  CHECK(std::find(seen.begin(), seen.end(), "Installing/InstallWaiting") != seen.end());
  const auto csv =
      c.get("operators.coreos.com/v1alpha1", "ClusterServiceVersion", k_ns, "sandboxed-containers-operator.v1.13.0");
  CHECK(csv["status"]["message"] == "install strategy completed with no errors");
}

TEST_CASE("OLM: deleting a Subscription leaves its CSV - deleting a CSV takes its Deployment but leaves the CRDs") {
  TestCluster c("baremetal-tdx");
  subscribe(c, "Automatic", "sandboxed-containers-operator.v1.13.0");
  REQUIRE(c.tick_until([&] { return csv_phase(c, "sandboxed-containers-operator.v1.13.0") == "Succeeded"; }, 40));
  REQUIRE(
      c.api()
          .remove(*c.type({{"apiVersion", "operators.coreos.com/v1alpha1"}, {"kind", "Subscription"}}), k_ns, "osc", {})
          .ok());
  c.ticks(3);
  CHECK(plans(c).empty());  // owned by the Subscription: garbage collected
  CHECK(c.get("operators.coreos.com/v1alpha1", "ClusterServiceVersion", k_ns,
              "sandboxed-containers-operator.v1.13.0")["status"]["phase"] == "Succeeded");
  REQUIRE(c.api()
              .remove(*c.type({{"apiVersion", "operators.coreos.com/v1alpha1"}, {"kind", "ClusterServiceVersion"}}),
                      k_ns, "sandboxed-containers-operator.v1.13.0", {})
              .ok());
  REQUIRE(c.tick_until([&] { return c.find("apps/v1", "Deployment", k_ns, "controller-manager") == nullptr; }, 5));
  CHECK(c.find("apiextensions.k8s.io/v1", "CustomResourceDefinition", "",
               "kataconfigs.kataconfiguration.openshift.io") != nullptr);
}

TEST_CASE("OLM faults: csv-failed fails the install strategy - clearing it lets the CSV succeed") {
  TestCluster c("baremetal-tdx");
  c.set_operator_faults({{"csv-failed", "sandboxed-containers-operator.v1.13.0"}});
  subscribe(c, "Automatic", "sandboxed-containers-operator.v1.13.0");
  REQUIRE(c.tick_until([&] { return csv_phase(c, "sandboxed-containers-operator.v1.13.0") == "Failed"; }, 20));
  auto csv =
      c.get("operators.coreos.com/v1alpha1", "ClusterServiceVersion", k_ns, "sandboxed-containers-operator.v1.13.0");
  CHECK(csv["status"]["reason"] == "InstallComponentFailed");
  CHECK(csv["status"]["message"].get<std::string>().rfind("install strategy failed: ", 0) == 0);
  c.ticks(5);
  CHECK(c.get("operators.coreos.com/v1alpha1", "ClusterServiceVersion", k_ns,
              "sandboxed-containers-operator.v1.13.0")["status"]["phase"] == "Failed");
  c.set_operator_faults(json::object());
  REQUIRE(c.tick_until([&] { return csv_phase(c, "sandboxed-containers-operator.v1.13.0") == "Succeeded"; }, 30));
}

TEST_CASE(
    "OLM faults: installplan-failed fails the plan and the Subscription says so - a new plan follows its deletion") {
  TestCluster c("baremetal-tdx");
  c.set_operator_faults({{"installplan-failed", "sandboxed-containers-operator.v1.12.0"}});
  subscribe(c, "Manual", "sandboxed-containers-operator.v1.12.0");
  c.ticks(3);
  approve(c, plans(c).at(0));
  REQUIRE(c.tick_until([&] { return string_at(plans(c).at(0), {"status", "phase"}) == "Failed"; }, 10));
  const auto plan = plans(c).at(0);
  CHECK(find_condition(plan, "Installed")->value("status", "") == "False");
  CHECK(find_condition(plan, "Installed")->value("reason", "") == "InstallComponentFailed");
  c.ticks(1);
  auto sub = c.get("operators.coreos.com/v1alpha1", "Subscription", k_ns, "osc");
  CHECK(condition_true(sub, "InstallPlanFailed"));
  CHECK(find_condition(sub, "InstallPlanFailed")->value("reason", "") == "InstallComponentFailed");
  CHECK_FALSE(sub["status"].contains("installedCSV"));
  c.set_operator_faults(json::object());
  REQUIRE(c.api()
              .remove(*c.type({{"apiVersion", "operators.coreos.com/v1alpha1"}, {"kind", "InstallPlan"}}), k_ns,
                      plan["metadata"]["name"], {})
              .ok());
  REQUIRE(c.tick_until(
      [&] {
        const auto all = plans(c);
        return all.size() == 1 && string_at(all[0], {"status", "phase"}) == "RequiresApproval";
      },
      10));
  CHECK(plans(c)[0]["metadata"]["name"] != plan["metadata"]["name"]);
  approve(c, plans(c)[0]);
  REQUIRE(c.tick_until(
      [&] {
        return c.get("operators.coreos.com/v1alpha1", "Subscription", k_ns, "osc")["status"].value(
                   "installedCSV", "") == "sandboxed-containers-operator.v1.12.0";
      },
      30));
}

TEST_CASE("OLM faults: an operator Deployment past its progress deadline fails the CSV with InstallCheckFailed") {
  TestCluster c("baremetal-tdx");
  c.set_operator_faults({{"deployment-progress-deadline", std::string(k_ns) + "/controller-manager"}});
  subscribe(c, "Automatic", "sandboxed-containers-operator.v1.13.0");
  REQUIRE(c.tick_until(
      [&] {
        const json* csv = c.find("operators.coreos.com/v1alpha1", "ClusterServiceVersion", k_ns,
                                 "sandboxed-containers-operator.v1.13.0");
        return csv != nullptr && string_at(*csv, {"status", "reason"}) == "InstallCheckFailed";
      },
      30));
  CHECK(c.get("operators.coreos.com/v1alpha1", "ClusterServiceVersion", k_ns,
              "sandboxed-containers-operator.v1.13.0")["status"]["message"] ==
        "install failed: deployment controller-manager not ready before timeout: deployment "
        "\"controller-manager\" exceeded its progress deadline");
  c.set_operator_faults(json::object());
  REQUIRE(c.tick_until([&] { return csv_phase(c, "sandboxed-containers-operator.v1.13.0") == "Succeeded"; }, 30));
}
