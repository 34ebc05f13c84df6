// Wait rules for the operands of the operators cococtl installs: NFD, GPU, Kyverno, Intel SGX,
// storage (HPP, LVMS), ACM and cert-manager.
#include "wait_test_util.hpp"

#include <catch2/catch.hpp>

using cococtl::test::wait_state;
using nlohmann::json;

namespace {

json with_status(const char* object, const char* status) {
  json out = json::parse(object);
  out["status"] = json::parse(status);
  return out;
}

}  // namespace

TEST_CASE("wait: NodeFeatureDiscovery Available, and Degraded while its operands start") {
  const char* nfd = R"({"apiVersion":"nfd.openshift.io/v1","kind":"NodeFeatureDiscovery",
    "metadata":{"name":"nfd-instance","namespace":"openshift-nfd","generation":1},"spec":{"operand":{"servicePort":12000}}})";
  CHECK(wait_state(with_status(nfd, R"({"conditions":[
    {"type":"Available","status":"True","reason":"AllInstanceComponentsAreDeployedSuccessfuly","message":"","lastTransitionTime":"2026-05-02T10:00:00Z"},
    {"type":"Upgradeable","status":"True","reason":"CanBeUpgraded","message":"","lastTransitionTime":"2026-05-02T10:00:00Z"},
    {"type":"Progressing","status":"False","reason":"ConditionNotBeingMetCurrently","message":"","lastTransitionTime":"2026-05-02T10:00:00Z"},
    {"type":"Degraded","status":"False","reason":"ConditionNotBeingMetCurrently","message":"","lastTransitionTime":"2026-05-02T10:00:00Z"},
    {"type":"OperandImagePinned","status":"False","reason":"OperandImageManagedByOperator","message":"","lastTransitionTime":"2026-05-02T10:00:00Z"}]})")) ==
        "ready: nfd-master, nfd-worker and nfd-gc available");
  CHECK(wait_state(with_status(nfd, R"({"conditions":[
    {"type":"Available","status":"False","reason":"ConditionNotBeingMetCurrently","message":"","lastTransitionTime":"2026-05-02T10:00:00Z"},
    {"type":"Progressing","status":"False","reason":"ConditionNotBeingMetCurrently","message":"","lastTransitionTime":"2026-05-02T10:00:00Z"},
    {"type":"Degraded","status":"True","reason":"NFDMasterDeploymentDegraded","message":"number of available pods is 0","lastTransitionTime":"2026-05-02T10:00:00Z"}]})")) ==
        "waiting: waiting for the NFD operands (NFDMasterDeploymentDegraded: number of available pods is 0)");
  CHECK(wait_state(with_status(nfd, R"({"conditions":[
    {"type":"Available","status":"False","reason":"ConditionNotBeingMetCurrently","message":"","lastTransitionTime":"2026-05-02T10:00:00Z"},
    {"type":"Progressing","status":"True","reason":"NFDWorkerDaemonSetProgressing","message":"ds is progressing","lastTransitionTime":"2026-05-02T10:00:00Z"},
    {"type":"Degraded","status":"False","reason":"ConditionNotBeingMetCurrently","message":"","lastTransitionTime":"2026-05-02T10:00:00Z"}]})")) ==
        "waiting: waiting for the NFD operands (NFDWorkerDaemonSetProgressing: ds is progressing)");
}

TEST_CASE("wait: NVIDIA ClusterPolicy state ready, notReady, ignored") {
  const char* policy =
      R"({"apiVersion":"nvidia.com/v1","kind":"ClusterPolicy","metadata":{"name":"gpu-cluster-policy","generation":1},
    "spec":{"sandboxWorkloads":{"enabled":true,"defaultWorkload":"vm-passthrough"}}})";
  CHECK(wait_state(with_status(policy, R"({"state":"ready","namespace":"nvidia-gpu-operator","conditions":[
    {"type":"Ready","status":"True","reason":"Reconciled","message":"ClusterPolicy is ready as all resources have been successfully reconciled","lastTransitionTime":"2026-05-02T10:00:00Z"},
    {"type":"Error","status":"False","reason":"Ready","message":"","lastTransitionTime":"2026-05-02T10:00:00Z"}]})")) ==
        "ready: GPU operands ready");
  CHECK(wait_state(with_status(policy, R"({"state":"ready","namespace":"nvidia-gpu-operator","conditions":[
    {"type":"Ready","status":"True","reason":"NoGPUNodes","message":"No GPU node found, watching for new nodes to join the cluster.","lastTransitionTime":"2026-05-02T10:00:00Z"},
    {"type":"Error","status":"False","reason":"Ready","message":"","lastTransitionTime":"2026-05-02T10:00:00Z"}]})")) ==
        "ready: GPU operands ready, but no GPU node was found");
  CHECK(wait_state(with_status(policy, R"({"state":"notReady","namespace":"nvidia-gpu-operator","conditions":[
    {"type":"Ready","status":"False","reason":"Error","message":"","lastTransitionTime":"2026-05-02T10:00:00Z"},
    {"type":"Error","status":"True","reason":"OperandNotReady","message":"ClusterPolicy is not ready, states not ready: [state-sandbox-device-plugin state-vfio-manager]","lastTransitionTime":"2026-05-02T10:00:00Z"}]})")) ==
        "waiting: waiting for the GPU operands (OperandNotReady: ClusterPolicy is not ready, states not ready: "
        "[state-sandbox-device-plugin state-vfio-manager])");
  CHECK(wait_state(with_status(policy, R"({"state":"ignored","namespace":"nvidia-gpu-operator"})")) ==
        "failed: ignored: another ClusterPolicy is the active one");
}

TEST_CASE("wait: Kyverno ClusterPolicy and Policy wait for Ready") {
  const char* cluster_policy =
      R"({"apiVersion":"kyverno.io/v1","kind":"ClusterPolicy","metadata":{"name":"require-initdata","generation":1},
    "spec":{"validationFailureAction":"Enforce","background":false,"rules":[]}})";
  CHECK(wait_state(with_status(cluster_policy,
                               R"({"autogen":{},"rulecount":{"validate":1,"generate":0,"mutate":0,"verifyimages":0},
    "validatingadmissionpolicy":{"generated":false,"message":""},"conditions":[{"type":"Ready","status":"False","reason":"Failed",
    "message":"Not Ready","lastTransitionTime":"2026-05-02T10:00:00Z"}]})")) ==
        "waiting: waiting for Kyverno to load the policy into its webhooks (Failed: Not Ready)");
  CHECK(
      wait_state(with_status(
          R"({"apiVersion":"kyverno.io/v1","kind":"Policy","metadata":{"name":"p","namespace":"coco","generation":1}})",
          R"({"conditions":[{"type":"Ready","status":"True","reason":"Succeeded","message":"Ready","lastTransitionTime":"2026-05-02T10:00:00Z"}]})")) ==
      "ready: loaded into Kyverno's webhooks");
  CHECK(wait_state(with_status(cluster_policy, R"({"ready":true})")) ==
        "ready: loaded into Kyverno's webhooks");  // releases that wrote only status.ready
}

TEST_CASE("wait: Kyverno ValidatingPolicy reads status.conditionStatus") {
  const char* policy = R"({"apiVersion":"policies.kyverno.io/v1","kind":"ValidatingPolicy",
    "metadata":{"name":"validate-initdata-configmap","generation":1},"spec":{"validationActions":["Audit"]}})";
  CHECK(wait_state(with_status(policy, R"({"conditionStatus":{"ready":true,"message":"","conditions":[
    {"type":"WebhookConfigured","status":"True","reason":"Succeeded","message":"Webhook configured.","lastTransitionTime":"2026-05-02T10:00:00Z"},
    {"type":"RBACPermissionsGranted","status":"True","reason":"Succeeded","message":"Policy is ready for reporting.","lastTransitionTime":"2026-05-02T10:00:00Z"}]},
    "autogen":{},"generated":false})")) == "ready: configured in Kyverno's webhooks");
  CHECK(wait_state(with_status(policy, R"({"conditionStatus":{"ready":false,"message":"","conditions":[
    {"type":"WebhookConfigured","status":"False","reason":"Failed","message":"Policy is not configured in the webhook.","lastTransitionTime":"2026-05-02T10:00:00Z"},
    {"type":"RBACPermissionsGranted","status":"True","reason":"Succeeded","message":"Policy is ready for reporting.","lastTransitionTime":"2026-05-02T10:00:00Z"}]},
    "generated":false})")) == "waiting: waiting for WebhookConfigured (Policy is not configured in the webhook.)");
  CHECK(wait_state(with_status(policy, R"({"conditionStatus":{"ready":false,"message":"","conditions":[
    {"type":"WebhookConfigured","status":"True","reason":"Succeeded","message":"Webhook configured.","lastTransitionTime":"2026-05-02T10:00:00Z"},
    {"type":"RBACPermissionsGranted","status":"False","reason":"Failed","message":"Policy is not ready for reporting, missing permissions: cannot list resource \"configmaps\" in API group \"\".","lastTransitionTime":"2026-05-02T10:00:00Z"}]},
    "generated":false})")) ==
        "waiting: waiting for RBACPermissionsGranted (Policy is not ready for reporting, missing "
        "permissions: cannot list resource \"configmaps\" in API group \"\".)");
  CHECK(wait_state(json::parse(policy)) == "waiting: waiting for Kyverno to report the policy ready");
}
