// Wait rules for Pods, Jobs, claims, Services and the kinds that are ready once stored.
#include "wait_test_util.hpp"

#include <catch2/catch.hpp>

using cococtl::test::wait_state;

TEST_CASE("wait: Job is waited for until it completes or fails") {
  const std::string head = R"({"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"kbs-keygen","generation":1},
    "spec":{"completions":1,"parallelism":1,"backoffLimit":6},)";
  CHECK(wait_state(head + R"("status":{"startTime":"2026-05-02T10:00:00Z","completionTime":"2026-05-02T10:00:09Z",
    "succeeded":1,"ready":0,"terminating":0,"conditions":[
    {"type":"SuccessCriteriaMet","status":"True","reason":"CompletionsReached","message":"Reached expected number of succeeded pods"},
    {"type":"Complete","status":"True","reason":"CompletionsReached","message":"Reached expected number of succeeded pods"}]}})") ==
        "ready: complete, 1/1 succeeded");
  CHECK(wait_state(head +
                   R"("status":{"startTime":"2026-05-02T10:00:00Z","failed":7,"ready":0,"terminating":0,"conditions":[
    {"type":"FailureTarget","status":"True","reason":"BackoffLimitExceeded","message":"Job has reached the specified backoff limit"},
    {"type":"Failed","status":"True","reason":"BackoffLimitExceeded","message":"Job has reached the specified backoff limit"}]}})") ==
        "failed: job failed, 7 pods failed (BackoffLimitExceeded: Job has reached the specified backoff limit)");
  CHECK(wait_state(head + R"("status":{"startTime":"2026-05-02T10:00:00Z","active":1,"ready":1,"terminating":0}})") ==
        "waiting: running: 0/1 succeeded, 1 active, 0 failed");
  CHECK(wait_state(head + R"("status":{}})") == "waiting: waiting for the job to start");
}

TEST_CASE("wait: Pod Ready, crash-looping, pulling, unschedulable, failed") {
  const std::string head = R"({"apiVersion":"v1","kind":"Pod",
    "metadata":{"name":"trustee-deployment-7d9f-x2v4q","namespace":"trustee-operator-system"},)";
  CHECK(wait_state(head + R"("status":{"phase":"Running","conditions":[{"type":"Initialized","status":"True"},
    {"type":"Ready","status":"True"},{"type":"ContainersReady","status":"True"},{"type":"PodScheduled","status":"True"}],
    "containerStatuses":[{"name":"kbs","ready":true,"restartCount":0,"started":true,
      "state":{"running":{"startedAt":"2026-05-02T10:00:03Z"}}}]}})") == "ready: Running and Ready");
  CHECK(wait_state(head + R"json("status":{"phase":"Running","conditions":[{"type":"Ready","status":"False",
    "reason":"ContainersNotReady","message":"containers with unready status: [kbs]"}],
    "containerStatuses":[{"name":"kbs","ready":false,"restartCount":5,"started":false,
      "lastState":{"terminated":{"exitCode":1,"reason":"Error"}},
      "state":{"waiting":{"reason":"CrashLoopBackOff",
        "message":"back-off 2m40s restarting failed container=kbs pod=trustee-deployment-7d9f-x2v4q_trustee-operator-system(0b6c)"}}}]}})json") ==
        "failed: container kbs is waiting: CrashLoopBackOff (back-off 2m40s restarting failed container=kbs "
        "pod=trustee-deployment-7d9f-x2v4q_trustee-operator-system(0b6c))");
  CHECK(wait_state(head + R"("status":{"phase":"Pending","conditions":[{"type":"PodScheduled","status":"True"}],
    "containerStatuses":[{"name":"kbs","ready":false,"restartCount":0,"started":false,
      "state":{"waiting":{"reason":"ImagePullBackOff","message":"Back-off pulling image \"quay.io/example/kbs:v0.1\""}}}]}})") ==
        "waiting: container kbs is waiting: ImagePullBackOff (Back-off pulling image \"quay.io/example/kbs:v0.1\")");
  CHECK(wait_state(head + R"("status":{"phase":"Pending","conditions":[{"type":"PodScheduled","status":"False",
    "reason":"Unschedulable","message":"0/3 nodes are available: 3 Insufficient nvidia.com/gpu."}]}})") ==
        "waiting: not scheduled (Unschedulable: 0/3 nodes are available: 3 Insufficient nvidia.com/gpu.)");
  CHECK(wait_state(head + R"("status":{"phase":"Failed","reason":"Evicted",
    "message":"The node was low on resource: memory."}})") ==
        "failed: pod failed (Evicted: The node was low on resource: memory.)");
  CHECK(wait_state(head + R"("status":{"phase":"Succeeded"}})") == "ready: completed");
  CHECK(wait_state(head + R"("status":{"phase":"Running","conditions":[{"type":"Ready","status":"False"}]}})") ==
        "waiting: Running, waiting for Ready");
}

TEST_CASE("wait: PersistentVolumeClaim Bound, Pending, Lost") {
  const std::string head = R"({"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"pccs-data"},
    "spec":{"volumeName":"pvc-2f1c9a"},)";
  CHECK(wait_state(head + R"("status":{"phase":"Bound","accessModes":["ReadWriteOnce"]}})") ==
        "ready: Bound (pvc-2f1c9a)");
  CHECK(wait_state(head + R"("status":{"phase":"Pending"}})") ==
        "waiting: waiting for the claim to be bound (phase Pending)");
  CHECK(wait_state(head + R"("status":{"phase":"Lost"}})") == "failed: the claim lost its volume (phase Lost)");
}

TEST_CASE("wait: Service needs only a cluster IP for type LoadBalancer") {
  CHECK(wait_state(R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"kbs-service"},
    "spec":{"type":"ClusterIP","clusterIP":"172.30.12.4","ports":[{"port":8080}]},"status":{"loadBalancer":{}}})") ==
        "ready: cluster IP 172.30.12.4");
  CHECK(wait_state(R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"kbs-lb"},
    "spec":{"type":"LoadBalancer","ports":[{"port":8080}]}})") ==
        "waiting: waiting for a cluster IP (type LoadBalancer)");
}

TEST_CASE("wait: Secrets, ConfigMaps, ServiceAccounts and RBAC are ready when present") {
  for (const char* object :
       {R"({"apiVersion":"v1","kind":"Secret","metadata":{"name":"kbs-https-key"},"type":"Opaque"})",
        R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"kbs-config"},"data":{}})",
        R"({"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"kbs"}})",
        R"({"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRoleBinding",
                                 "metadata":{"name":"kbs"},"roleRef":{"kind":"ClusterRole","name":"view"}})"}) {
    CHECK(wait_state(object) == "ready: present");
  }
}
