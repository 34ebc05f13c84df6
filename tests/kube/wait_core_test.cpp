// Wait rules for Kubernetes' own kinds (kstatus, cli-utils v0.37.2 pkg/kstatus/status/core.go).
#include "wait_test_util.hpp"

#include <catch2/catch.hpp>

using cococtl::test::wait_state;
using nlohmann::json;

TEST_CASE("wait: Namespace is ready when Active and says what holds it while terminating") {
  CHECK(wait_state(R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"trustee-operator-system"},
    "spec":{"finalizers":["kubernetes"]},"status":{"phase":"Active"}})") == "ready: Active");
  CHECK(wait_state(R"({"apiVersion":"v1","kind":"Namespace",
    "metadata":{"name":"trustee-operator-system","deletionTimestamp":"2026-05-02T10:00:00Z"},
    "spec":{"finalizers":["kubernetes"]},"status":{"phase":"Terminating","conditions":[
      {"type":"NamespaceDeletionDiscoveryFailure","status":"False","reason":"ResourcesDiscovered",
       "message":"All resources successfully discovered","lastTransitionTime":"2026-05-02T10:00:05Z"},
      {"type":"NamespaceContentRemaining","status":"True","reason":"SomeResourcesRemain",
       "message":"Some resources are remaining: kbsconfigs.confidentialcontainers.org has 1 resource instances",
       "lastTransitionTime":"2026-05-02T10:00:05Z"},
      {"type":"NamespaceFinalizersRemaining","status":"True","reason":"SomeFinalizersRemain",
       "message":"Some content in the namespace has finalizers remaining: kbsconfig.confidentialcontainers.org/finalizer in 1 resource instances",
       "lastTransitionTime":"2026-05-02T10:00:05Z"}]}})") ==
        "waiting: terminating (Some resources are remaining: kbsconfigs.confidentialcontainers.org has 1 resource "
        "instances; Some content in the namespace has finalizers remaining: "
        "kbsconfig.confidentialcontainers.org/finalizer in 1 resource instances)");
}

TEST_CASE("wait: CustomResourceDefinition Established, Installing, names refused") {
  const std::string head = R"({"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
    "metadata":{"name":"kataconfigs.kataconfiguration.openshift.io","generation":1},"status":{"conditions":)";
  CHECK(wait_state(head + R"([{"type":"NamesAccepted","status":"True","reason":"NoConflicts",
    "message":"no conflicts found"},{"type":"Established","status":"True","reason":"InitialNamesAccepted",
    "message":"the initial names have been accepted"}]}})") == "ready: Established");
  CHECK(wait_state(head + R"([{"type":"NamesAccepted","status":"True","reason":"NoConflicts",
    "message":"no conflicts found"},{"type":"Established","status":"False","reason":"Installing",
    "message":"the initial names have been accepted"}]}})") == "waiting: waiting for the CRD to be Established");
  CHECK(wait_state(head + R"([{"type":"NamesAccepted","status":"False","reason":"KindConflict",
    "message":"\"KataConfig\" is already in use"},{"type":"Established","status":"False","reason":"NotAccepted",
    "message":"not all names are accepted"}]}})") ==
        "failed: names not accepted (KindConflict: \"KataConfig\" is already in use)");
}

TEST_CASE("wait: Deployment rollout, deadline exceeded, available") {
  // The KBS Deployment once its rollout is done; the cases below turn it back into earlier states.
  const json done = json::parse(R"({"apiVersion":"apps/v1","kind":"Deployment",
    "metadata":{"name":"trustee-deployment","namespace":"trustee-operator-system","generation":2},
    "spec":{"replicas":1,"progressDeadlineSeconds":600},"status":{"observedGeneration":2,
    "replicas":1,"updatedReplicas":1,"readyReplicas":1,"availableReplicas":1,"conditions":[
    {"type":"Available","status":"True","reason":"MinimumReplicasAvailable","message":"Deployment has minimum availability."},
    {"type":"Progressing","status":"True","reason":"NewReplicaSetAvailable",
     "message":"ReplicaSet \"trustee-deployment-7d9f\" has successfully progressed."}]}})");
  CHECK(wait_state(done) == "ready: 1/1 replicas available");

  json rolling = done;  // the new ReplicaSet is up, the old pod still terminating
  rolling["status"]["replicas"] = 2;
  rolling["status"]["unavailableReplicas"] = 1;
  rolling["status"]["conditions"][1] = {{"type", "Progressing"},
                                        {"status", "True"},
                                        {"reason", "ReplicaSetUpdated"},
                                        {"message", "ReplicaSet \"trustee-deployment-7d9f\" is progressing."}};
  CHECK(wait_state(rolling) == "waiting: old replicas terminating: 1");
  rolling["status"]["replicas"] = 1;
  CHECK(wait_state(rolling) ==
        "waiting: waiting for the new ReplicaSet to be available (ReplicaSetUpdated: "
        "ReplicaSet \"trustee-deployment-7d9f\" is progressing.)");

  json scaling = rolling;
  scaling["spec"]["replicas"] = 3;
  scaling["status"]["replicas"] = scaling["status"]["updatedReplicas"] = 3;
  scaling["status"]["conditions"][0] = {{"type", "Available"},
                                        {"status", "False"},
                                        {"reason", "MinimumReplicasUnavailable"},
                                        {"message", "Deployment does not have minimum availability."}};
  CHECK(wait_state(scaling) == "waiting: 1/3 replicas available");

  json stuck = scaling;
  stuck["status"]["conditions"][1] = {{"type", "Progressing"},
                                      {"status", "False"},
                                      {"reason", "ProgressDeadlineExceeded"},
                                      {"message", "ReplicaSet \"trustee-deployment-7d9f\" has timed out progressing."}};
  CHECK(wait_state(stuck) ==
        "failed: rollout failed: progress deadline exceeded (ReplicaSet "
        "\"trustee-deployment-7d9f\" has timed out progressing.)");
}

TEST_CASE("wait: a Deployment whose Pods are refused says why") {
  const json refused = json::parse(R"({"apiVersion":"apps/v1","kind":"Deployment",
    "metadata":{"name":"secure","namespace":"kbs-access","generation":1},
    "spec":{"replicas":1},"status":{"observedGeneration":1,"replicas":0,"conditions":[
    {"type":"ReplicaFailure","status":"True","reason":"FailedCreate",
     "message":"admission webhook \"mutate.kyverno.svc-fail\" denied the request"}]}})");
  CHECK(
      wait_state(refused) ==
      "waiting: 0/1 replicas created (FailedCreate: admission webhook \"mutate.kyverno.svc-fail\" denied the request)");
}

TEST_CASE("wait: DaemonSet, StatefulSet and ReplicaSet count their pods") {
  const std::string ds =
      R"({"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"nfd-worker","generation":1},)";
  CHECK(wait_state(ds + R"("status":{"observedGeneration":1,"desiredNumberScheduled":3,"currentNumberScheduled":3,
    "updatedNumberScheduled":3,"numberAvailable":2,"numberReady":2,"numberUnavailable":1,"numberMisscheduled":0}})") ==
        "waiting: 2/3 nodes available");
  CHECK(wait_state(ds + R"("status":{"observedGeneration":1,"desiredNumberScheduled":3,"currentNumberScheduled":3,
    "updatedNumberScheduled":3,"numberAvailable":3,"numberReady":3,"numberMisscheduled":0}})") ==
        "ready: 3/3 nodes ready");
  CHECK(wait_state(ds + R"("status":{}})") == "waiting: waiting for the controller to observe it");
  json ds_changed = json::parse(ds + R"("status":{"observedGeneration":1,"desiredNumberScheduled":3,
    "currentNumberScheduled":3,"updatedNumberScheduled":3,"numberAvailable":3,"numberReady":3}})");
  ds_changed["metadata"]["generation"] = 2;  // a new template: the counts describe the old one
  CHECK(wait_state(ds_changed) == "waiting: waiting for the controller to observe generation 2 (observed 1)");

  const std::string sts = R"({"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"pccs","generation":2},)";
  CHECK(wait_state(sts +
                   R"("spec":{"replicas":2,"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":0}}},
    "status":{"observedGeneration":2,"replicas":2,"readyReplicas":2,"currentReplicas":1,"updatedReplicas":1,
    "currentRevision":"pccs-5d8f","updateRevision":"pccs-6c7a","availableReplicas":2}})") ==
        "waiting: 1/2 replicas updated");
  CHECK(wait_state(sts +
                   R"("spec":{"replicas":2,"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":0}}},
    "status":{"observedGeneration":2,"replicas":2,"readyReplicas":2,"currentReplicas":2,"updatedReplicas":2,
    "currentRevision":"pccs-6c7a","updateRevision":"pccs-6c7a","availableReplicas":2}})") ==
        "ready: 2/2 replicas ready");
  CHECK(wait_state(sts + R"("spec":{"replicas":2,"updateStrategy":{"type":"RollingUpdate"}},
    "status":{"observedGeneration":2,"replicas":2,"readyReplicas":2,"currentReplicas":2,"updatedReplicas":2,
    "currentRevision":"pccs-5d8f","updateRevision":"pccs-6c7a"}})") ==
        "waiting: waiting for the update revision to become current");
  CHECK(wait_state(
            sts + R"("spec":{"replicas":2,"updateStrategy":{"type":"OnDelete"}},"status":{"observedGeneration":2}})") ==
        "ready: OnDelete update strategy (pods update when deleted)");

  const std::string rs = R"({"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"kbs-7d9f","generation":1},
    "spec":{"replicas":2},)";
  CHECK(wait_state(rs + R"("status":{"observedGeneration":1,"replicas":2,"fullyLabeledReplicas":2,"readyReplicas":1,
    "availableReplicas":1}})") == "waiting: 1/2 replicas available");
  CHECK(wait_state(rs + R"("status":{"observedGeneration":1,"replicas":2,"fullyLabeledReplicas":2,"readyReplicas":2,
    "availableReplicas":2}})") == "ready: 2/2 replicas available");
}
