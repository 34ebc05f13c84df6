// Wait rules for OLM (operator-framework/api v0.45.0) and the MachineConfigPool (MCO release-4.20).
#include "wait_test_util.hpp"

#include <catch2/catch.hpp>

using cococtl::kube::wait::Expectation;
using cococtl::test::wait_state;
using nlohmann::json;

namespace {

// The Trustee Subscription as OLM reports it once the pinned v1.1.0 is installed and the catalog
// already offers v1.2.0: currentCSV and installPlanRef moved to the newer, unapproved plan.
const char* k_subscription = R"({"apiVersion":"operators.coreos.com/v1alpha1","kind":"Subscription",
  "metadata":{"name":"trustee-operator","namespace":"trustee-operator-system","generation":1},
  "spec":{"channel":"stable","installPlanApproval":"Manual","name":"trustee-operator","source":"redhat-operators",
    "sourceNamespace":"openshift-marketplace","startingCSV":"trustee-operator.v1.1.0"},
  "status":{"currentCSV":"trustee-operator.v1.2.0","installedCSV":"trustee-operator.v1.1.0",
    "installPlanGeneration":2,"installPlanRef":{"apiVersion":"operators.coreos.com/v1alpha1","kind":"InstallPlan",
      "name":"install-9xk2p","namespace":"trustee-operator-system"},
    "state":"UpgradePending","lastUpdated":"2026-05-02T10:04:00Z",
    "catalogHealth":[{"catalogSourceRef":{"name":"redhat-operators","namespace":"openshift-marketplace"},"healthy":true,
      "lastUpdated":"2026-05-02T10:00:00Z"}],
    "conditions":[{"type":"CatalogSourcesUnhealthy","status":"False","reason":"AllCatalogSourcesHealthy",
      "message":"all available catalogsources are healthy","lastTransitionTime":"2026-05-02T10:00:00Z"},
      {"type":"InstallPlanPending","status":"True","reason":"RequiresApproval","lastTransitionTime":"2026-05-02T10:04:00Z"}]}})";

const Expectation k_pin{.installed_csv = "trustee-operator.v1.1.0", .machine_configs = {}};

}  // namespace

TEST_CASE("wait: Subscription with the pin installed is ready although UpgradePending (issue 10 trap)") {
  CHECK(wait_state(k_subscription, k_pin) ==
        "ready: installed trustee-operator.v1.1.0 (newer trustee-operator.v1.2.0 awaits approval)");
  json first = json::parse(k_subscription);  // before the pin is installed: its own plan awaits approval
  first["status"].erase("installedCSV");
  first["status"]["currentCSV"] = "trustee-operator.v1.1.0";
  first["status"]["installPlanRef"]["name"] = "install-4b7vx";
  CHECK(wait_state(first, k_pin) ==
        "waiting: waiting for trustee-operator.v1.1.0, InstallPlan install-4b7vx is RequiresApproval (installed: none, "
        "state UpgradePending)");
  json older = json::parse(k_subscription);
  older["status"]["installedCSV"] = older["status"]["currentCSV"] = "trustee-operator.v1.0.0";
  older["status"]["state"] = "AtLatestKnown";
  older["status"]["conditions"].erase(1);
  CHECK(wait_state(older, k_pin) ==
        "waiting: waiting for trustee-operator.v1.1.0 (installed: trustee-operator.v1.0.0, state AtLatestKnown)");
  CHECK(wait_state(older) == "ready: installed trustee-operator.v1.0.0");  // no pin: anything installed
  json fresh = json::parse(k_subscription);
  fresh.erase("status");
  CHECK(wait_state(fresh, k_pin) == "waiting: waiting for OLM to resolve package trustee-operator");
}

TEST_CASE("wait: Subscription ResolutionFailed and InstallPlanFailed end the wait") {
  json sub = json::parse(k_subscription);
  sub["status"].erase("installedCSV");
  sub["status"]["conditions"][1] = {
      {"type", "ResolutionFailed"},
      {"status", "True"},
      {"reason", "ConstraintsNotSatisfiable"},
      {"message",
       "constraints not satisfiable: no operators found with name trustee-operator.v1.1.0 "
       "in channel stable of package trustee-operator in the catalog referenced by "
       "subscription trustee-operator"}};
  CHECK(wait_state(sub, k_pin) ==
        "failed: cannot resolve the subscription (ConstraintsNotSatisfiable: constraints not satisfiable: "
        "no operators found with name trustee-operator.v1.1.0 in channel stable of package "
        "trustee-operator in the catalog referenced by subscription trustee-operator)");
  sub["status"]["conditions"][1] = {{"type", "InstallPlanFailed"},
                                    {"status", "True"},
                                    {"reason", "InstallCheckFailed"},
                                    {"message", "install timeout"}};
  sub["status"]["state"] = "UpgradeFailed";
  CHECK(wait_state(sub, k_pin) == "failed: the InstallPlan failed (InstallCheckFailed: install timeout)");
}

TEST_CASE("wait: InstallPlan phases") {
  json plan = json::parse(R"({"apiVersion":"operators.coreos.com/v1alpha1","kind":"InstallPlan",
    "metadata":{"name":"install-4b7vx","namespace":"trustee-operator-system","generation":1},
    "spec":{"approval":"Manual","approved":false,"clusterServiceVersionNames":["trustee-operator.v1.1.0"],"generation":1},
    "status":{"phase":"RequiresApproval","catalogSources":[],"bundleLookups":[{"path":"registry.redhat.io/example@sha256:1f2e",
      "identifier":"trustee-operator.v1.1.0","catalogSourceRef":{"name":"redhat-operators","namespace":"openshift-marketplace"}}]}})");
  CHECK(wait_state(plan) == "waiting: trustee-operator.v1.1.0 requires approval");
  plan["status"]["phase"] = "Installing";
  CHECK(wait_state(plan) == "waiting: trustee-operator.v1.1.0 is Installing");
  plan["status"]["phase"] = "Complete";
  plan["status"]["conditions"] =
      json::parse(R"([{"type":"Installed","status":"True","lastTransitionTime":"2026-05-02T10:02:00Z"}])");
  CHECK(wait_state(plan) == "ready: installed trustee-operator.v1.1.0");
  plan["status"]["phase"] = "Failed";
  plan["status"]["conditions"] = json::parse(R"([{"type":"Installed","status":"False","reason":"InstallComponentFailed",
    "message":"error creating csv trustee-operator.v1.1.0: admission webhook denied the request"}])");
  CHECK(wait_state(plan) ==
        "failed: installing trustee-operator.v1.1.0 failed (InstallComponentFailed: error creating csv "
        "trustee-operator.v1.1.0: admission webhook denied the request)");
}

TEST_CASE("wait: ClusterServiceVersion phases") {
  json csv = json::parse(R"({"apiVersion":"operators.coreos.com/v1alpha1","kind":"ClusterServiceVersion",
    "metadata":{"name":"trustee-operator.v1.1.0","namespace":"trustee-operator-system","generation":1},
    "status":{"phase":"Installing","reason":"InstallWaiting","message":"installing: waiting for deployment trustee-operator-controller-manager to become ready: deployment \"trustee-operator-controller-manager\" not available: Deployment does not have minimum availability.",
      "lastUpdateTime":"2026-05-02T10:02:10Z","lastTransitionTime":"2026-05-02T10:02:10Z"}})");
  CHECK(wait_state(csv) ==
        "waiting: CSV trustee-operator.v1.1.0 is Installing (InstallWaiting: installing: waiting for deployment "
        "trustee-operator-controller-manager to become ready: deployment \"trustee-operator-controller-manager\" "
        "not available: Deployment does not have minimum availability.)");
  csv["status"] = {
      {"phase", "Succeeded"}, {"reason", "InstallSucceeded"}, {"message", "install strategy completed with no errors"}};
  CHECK(wait_state(csv) == "ready: CSV trustee-operator.v1.1.0 succeeded");
  csv["status"] = {{"phase", "Failed"}, {"reason", "InstallCheckFailed"}, {"message", "install timeout"}};
  CHECK(wait_state(csv) == "failed: CSV trustee-operator.v1.1.0 failed (InstallCheckFailed: install timeout)");
  // OLM retries it once an OperatorGroup exists: not the end of the wait.
  csv["status"] = {
      {"phase", "Failed"}, {"reason", "NoOperatorGroup"}, {"message", "csv in namespace with no operatorgroups"}};
  CHECK(wait_state(csv) ==
        "waiting: CSV trustee-operator.v1.1.0 waits for an OperatorGroup in its namespace (NoOperatorGroup: csv in "
        "namespace with no operatorgroups)");
  csv["status"]["reason"] = "TooManyOperatorGroups";
  CHECK(wait_state(csv).starts_with("failed: "));
  csv["status"] = {{"phase", "Replacing"},
                   {"reason", "BeingReplaced"},
                   {"message", "being replaced by csv: trustee-operator.v1.2.0"}};
  CHECK(wait_state(csv) ==
        "failed: CSV trustee-operator.v1.1.0 is Replacing: a newer CSV replaces it (BeingReplaced: being "
        "replaced by csv: trustee-operator.v1.2.0)");
  csv["status"] = {{"phase", "Pending"},
                   {"reason", "RequirementsNotMet"},
                   {"message", "one or more requirements couldn't be found"}};
  CHECK(wait_state(csv) ==
        "waiting: CSV trustee-operator.v1.1.0 is Pending (RequirementsNotMet: one or more requirements couldn't be "
        "found)");
}

TEST_CASE("wait: OperatorGroup targets, and more than one in a namespace") {
  json group = json::parse(R"({"apiVersion":"operators.coreos.com/v1","kind":"OperatorGroup",
    "metadata":{"name":"trustee-operator-group","namespace":"trustee-operator-system","generation":1},
    "spec":{"targetNamespaces":["trustee-operator-system"],"upgradeStrategy":"Default"},
    "status":{"namespaces":["trustee-operator-system"],"lastUpdated":"2026-05-02T10:00:00Z"}})");
  CHECK(wait_state(group) == "ready: targets trustee-operator-system");
  group["status"]["namespaces"] = json::array({""});
  CHECK(wait_state(group) == "ready: targets all namespaces");
  group["status"]["conditions"] = json::parse(R"([{"type":"MultipleOperatorGroup","status":"True",
    "reason":"MultipleOperatorGroupsFound","message":"Multiple OperatorGroup found in the same namespace",
    "lastTransitionTime":"2026-05-02T10:00:00Z"}])");
  CHECK(wait_state(group) ==
        "failed: more than one OperatorGroup in the namespace (MultipleOperatorGroupsFound: Multiple "
        "OperatorGroup found in the same namespace)");
}
