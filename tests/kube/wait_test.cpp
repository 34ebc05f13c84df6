// Wait rules: dispatch, kstatus' common checks and the fallback for kinds without a rule.
#include "wait_test_util.hpp"

#include <catch2/catch.hpp>

using namespace cococtl;
using test::wait_state;

TEST_CASE("wait: the rule is chosen by API group and kind, not by kind alone") {
  // The same status read by three rules: Kyverno's, NVIDIA's, and the generic Ready check.
  const char* kyverno = R"({"apiVersion":"kyverno.io/v1","kind":"ClusterPolicy","metadata":{"name":"p","generation":1},
    "status":{"conditions":[{"type":"Ready","status":"True","reason":"Succeeded","message":"Ready",
      "lastTransitionTime":"2026-05-02T10:00:00Z"}]}})";
  CHECK(wait_state(kyverno) == "ready: loaded into Kyverno's webhooks");
  std::string nvidia = kyverno;
  nvidia.replace(nvidia.find("kyverno.io/v1"), 13, "nvidia.com/v1");
  CHECK(wait_state(nvidia) == "waiting: waiting for the GPU operator to report status.state");
  std::string other = kyverno;
  other.replace(other.find("kyverno.io/v1"), 13, "example.io/v1");
  CHECK(wait_state(other) == "ready: Ready (Succeeded: Ready)");

  CHECK(kube::wait::has_rule("kyverno.io/v1", "ClusterPolicy"));
  CHECK(kube::wait::has_rule("nvidia.com/v1", "ClusterPolicy"));
  CHECK_FALSE(kube::wait::has_rule("example.io/v1", "ClusterPolicy"));
  CHECK(kube::wait::has_rule("v1", "ConfigMap"));
  CHECK(kube::wait::has_rule("apps/v1", "Deployment"));
  CHECK_FALSE(kube::wait::has_rule("extensions/v1beta1", "Deployment"));
  CHECK_FALSE(kube::wait::has_rule("v1", "Deployment"));
  CHECK(kube::wait::has_rule("policies.kyverno.io/v1alpha1", "ValidatingPolicy"));
}

TEST_CASE("wait: kinds without a rule follow kstatus") {
  CHECK(wait_state(R"({"apiVersion":"security.openshift.io/v1","kind":"SecurityContextConstraints",
    "metadata":{"name":"kbs-scc"},"allowPrivilegedContainer":false})") ==
        "ready: present (no readiness rule for this kind)");
  const char* synced = R"({"apiVersion":"external-secrets.io/v1beta1","kind":"ExternalSecret",
    "metadata":{"name":"kbs-auth","namespace":"trustee-operator-system","generation":1},
    "status":{"refreshTime":"2026-05-02T10:00:00Z","conditions":[{"type":"Ready","status":"True",
      "reason":"SecretSynced","message":"secret synced","lastTransitionTime":"2026-05-02T10:00:00Z"}]}})";
  CHECK(wait_state(synced) == "ready: Ready (SecretSynced: secret synced)");
  CHECK(wait_state(R"({"apiVersion":"external-secrets.io/v1beta1","kind":"ExternalSecret",
    "metadata":{"name":"kbs-auth","namespace":"trustee-operator-system","generation":1},
    "status":{"conditions":[{"type":"Ready","status":"False","reason":"SecretSyncedError",
      "message":"could not get secret data from provider","lastTransitionTime":"2026-05-02T10:00:00Z"}]}})") ==
        "waiting: waiting for Ready=True, now False (SecretSyncedError: could not get secret data from provider)");
  // A Ready condition written for generation 1 says nothing about generation 2.
  CHECK(wait_state(R"({"apiVersion":"kustomize.toolkit.fluxcd.io/v1","kind":"Kustomization",
    "metadata":{"name":"apps","namespace":"flux-system","generation":2},
    "status":{"conditions":[{"type":"Ready","status":"True","reason":"ReconciliationSucceeded",
      "message":"Applied revision: main@sha1:1a2b","observedGeneration":1,"lastTransitionTime":"2026-05-02T10:00:00Z"}]}})") ==
        "waiting: waiting for the controller to observe the current generation");
}

TEST_CASE("wait: common checks come before every rule") {
  CHECK(wait_state(R"({"apiVersion":"kustomize.toolkit.fluxcd.io/v1","kind":"Kustomization",
    "metadata":{"name":"apps","namespace":"flux-system","generation":2},
    "status":{"observedGeneration":2,"conditions":[{"type":"Reconciling","status":"True","reason":"Progressing",
      "message":"Reconciliation in progress","observedGeneration":2,"lastTransitionTime":"2026-05-02T10:00:00Z"},
      {"type":"Ready","status":"Unknown","reason":"Progressing","message":"Reconciliation in progress",
      "observedGeneration":2,"lastTransitionTime":"2026-05-02T10:00:00Z"}]}})") ==
        "waiting: reconciling (Progressing: Reconciliation in progress)");
  CHECK(wait_state(R"({"apiVersion":"kustomize.toolkit.fluxcd.io/v1","kind":"Kustomization",
    "metadata":{"name":"apps","namespace":"flux-system","generation":2},
    "status":{"observedGeneration":2,"conditions":[{"type":"Stalled","status":"True","reason":"ArtifactFailed",
      "message":"kustomization path not found","observedGeneration":2,"lastTransitionTime":"2026-05-02T10:00:00Z"}]}})") ==
        "failed: stalled (ArtifactFailed: kustomization path not found)");
  // A rule-specific kind is also "being deleted" first, and its stale status is not read.
  CHECK(wait_state(R"({"apiVersion":"kataconfiguration.openshift.io/v1","kind":"KataConfig",
    "metadata":{"name":"example-kataconfig","generation":1,"deletionTimestamp":"2026-05-02T10:00:00Z",
      "finalizers":["kataconfiguration.openshift.io/finalizer"]},
    "status":{"conditions":[{"type":"InProgress","status":"True","reason":"Uninstalling",
      "message":"Removing kata from cluster","lastTransitionTime":"2026-05-02T10:00:00Z"}]}})") ==
        "waiting: being deleted, waiting for finalizers: kataconfiguration.openshift.io/finalizer");
  CHECK(wait_state(R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"kbs","generation":3},
    "spec":{"replicas":1},"status":{"observedGeneration":2,"replicas":1,"updatedReplicas":1,"readyReplicas":1,
      "availableReplicas":1}})") == "waiting: waiting for the controller to observe generation 3 (observed 2)");
  CHECK(test::show(kube::wait::evaluate(nlohmann::json::array())) ==
        "failed: not a Kubernetes object (a JSON object was expected)");
  CHECK(wait_state(R"({"apiVersion":"v1","kind":"Secret","metadata":{"name":"kbs-auth-public-key"},
    "status":"not an object"})") == "ready: present");
}
