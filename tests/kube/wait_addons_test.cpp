// Wait rules for Intel SGX, storage (HostPathProvisioner, LVMS), ACM's MultiClusterHub and cert-manager.
#include "wait_test_util.hpp"

#include <catch2/catch.hpp>

using cococtl::test::wait_state;
using nlohmann::json;

TEST_CASE("wait: SgxDevicePlugin counts the nodes of its DaemonSet") {
  json plugin = json::parse(R"({"apiVersion":"deviceplugin.intel.com/v1","kind":"SgxDevicePlugin",
    "metadata":{"name":"sgxdeviceplugin-sample","generation":1},
    "spec":{"image":"registry.connect.redhat.com/intel/intel-sgx-plugin@sha256:2f1e","enclaveLimit":110,"provisionLimit":110,
      "logLevel":4,"nodeSelector":{"intel.feature.node.kubernetes.io/sgx":"true"}},"status":{"desiredNumberScheduled":0,"numberReady":0}})");
  CHECK(wait_state(plugin) == "waiting: waiting for the operator to create the plugin DaemonSet");
  plugin["status"] =
      json::parse(R"({"controlledDaemonSet":{"apiVersion":"apps/v1","kind":"DaemonSet","name":"intel-sgx-plugin",
    "namespace":"openshift-operators","uid":"4c1d"},"desiredNumberScheduled":0,"numberReady":0})");
  CHECK(wait_state(plugin) == "waiting: no node selected for the SGX plugin yet (desiredNumberScheduled 0)");
  plugin["status"]["desiredNumberScheduled"] = 2;
  plugin["status"]["numberReady"] = 1;
  plugin["status"]["nodeNames"] = {"worker-0"};
  CHECK(wait_state(plugin) == "waiting: 1/2 nodes ready");
  plugin["status"]["numberReady"] = 2;
  plugin["status"]["nodeNames"] = {"worker-0", "worker-1"};
  CHECK(wait_state(plugin) == "ready: 2/2 nodes ready");
}

TEST_CASE("wait: HostPathProvisioner healthy, deploying, healing, failed") {
  json hpp = json::parse(R"({"apiVersion":"hostpathprovisioner.kubevirt.io/v1beta1","kind":"HostPathProvisioner",
    "metadata":{"name":"hostpath-provisioner","generation":1},
    "spec":{"imagePullPolicy":"IfNotPresent","storagePools":[{"name":"local","path":"/var/hpvolumes"}]}})");
  auto conditions = [&](const char* available, const char* progressing, const char* degraded, const char* reason,
                        const char* message) {
    hpp["status"] = {{"observedVersion", "v4.20.0"},
                     {"operatorVersion", "v4.20.0"},
                     {"targetVersion", "v4.20.0"},
                     {"conditions", json::array({{{"type", "Available"}, {"status", available}},
                                                 {{"type", "Progressing"}, {"status", progressing}},
                                                 {{"type", "Degraded"}, {"status", degraded}}})}};
    const int which = std::string(degraded) == "True" ? 2 : std::string(progressing) == "True" ? 1 : 0;
    hpp["status"]["conditions"][which]["reason"] = reason;
    hpp["status"]["conditions"][which]["message"] = message;
    return wait_state(hpp);
  };
  CHECK(conditions("True", "False", "False", "Complete", "Application Available") ==
        "ready: Available (Application Available)");
  CHECK(conditions("False", "True", "False", "DeployStarted", "Started Deployment") ==
        "waiting: deploying the provisioner (DeployStarted: Started Deployment)");
  CHECK(conditions("False", "True", "True", "StoragePoolNotReady", "storage pool local is not ready on worker-1") ==
        "waiting: healing (StoragePoolNotReady: storage pool local is not ready on worker-1)");
  CHECK(conditions("False", "False", "True", "Degraded", "CR is deployed but DaemonSets are not ready") ==
        "failed: degraded (Degraded: CR is deployed but DaemonSets are not ready)");
}

TEST_CASE("wait: LVMCluster state Ready, Progressing, Failed") {
  json lvm = json::parse(R"({"apiVersion":"lvm.topolvm.io/v1alpha1","kind":"LVMCluster",
    "metadata":{"name":"lvmcluster","namespace":"openshift-storage","generation":1},
    "spec":{"storage":{"deviceClasses":[{"name":"vg1","default":true,"fstype":"xfs"}]}}})");
  lvm["status"] = json::parse(R"({"ready":true,"state":"Ready","conditions":[
    {"type":"ResourcesAvailable","status":"True","reason":"ResourcesAvailable","message":"Reconciliation is complete and all the resources are available","lastTransitionTime":"2026-05-02T10:00:00Z"},
    {"type":"VolumeGroupsReady","status":"True","reason":"VGsReady","message":"All the VGs are ready","lastTransitionTime":"2026-05-02T10:00:00Z"}],
    "deviceClassStatuses":[{"name":"vg1","nodeStatus":[{"node":"worker-0","name":"vg1","status":"Ready","devices":["/dev/sdb"]}]}]})");
  CHECK(wait_state(lvm) == "ready: volume groups ready");
  lvm["status"] = json::parse(R"({"state":"Progressing","conditions":[
    {"type":"ResourcesAvailable","status":"False","reason":"ReconciliationInProgress","message":"Reconciliation is still in progress","lastTransitionTime":"2026-05-02T10:00:00Z"},
    {"type":"VolumeGroupsReady","status":"False","reason":"VGReadinessInProgress","message":"VG readiness check is still in progress","lastTransitionTime":"2026-05-02T10:00:00Z"}]})");
  CHECK(wait_state(lvm) == "waiting: waiting for LVMS resources (Reconciliation is still in progress)");
  lvm["status"] = json::parse(R"({"state":"Failed","conditions":[
    {"type":"ResourcesAvailable","status":"True","reason":"ResourcesAvailable","message":"Reconciliation is complete and all the resources are available","lastTransitionTime":"2026-05-02T10:00:00Z"},
    {"type":"VolumeGroupsReady","status":"False","reason":"VGsFailed","message":"One or more VGs are failed","lastTransitionTime":"2026-05-02T10:00:00Z"}],
    "deviceClassStatuses":[{"name":"vg1","nodeStatus":[{"node":"worker-0","name":"vg1","status":"Failed",
      "reason":"no available devices found for volume group"}]}]})");
  CHECK(wait_state(lvm) ==
        "failed: volume groups failed (vg1 on worker-0: no available devices found for volume group)");
}

TEST_CASE("wait: MultiClusterHub phase Running, Installing, Error") {
  json hub = json::parse(R"({"apiVersion":"operator.open-cluster-management.io/v1","kind":"MultiClusterHub",
    "metadata":{"name":"multiclusterhub","namespace":"open-cluster-management","generation":1},"spec":{"availabilityConfig":"Basic"}})");
  hub["status"] = json::parse(R"({"phase":"Installing","desiredVersion":"2.14.1","conditions":[
    {"type":"Progressing","status":"True","reason":"MCHReconciling","message":"Hub is reconciling.","lastUpdateTime":"2026-05-02T10:00:00Z","lastTransitionTime":"2026-05-02T10:00:00Z"}]})");
  CHECK(wait_state(hub) == "waiting: Installing (Hub is reconciling.)");
  hub["status"]["conditions"].push_back(
      json::parse(R"json({"type":"ComponentFailure: console-mce (Kind:ConsolePlugin)","status":"True",
    "reason":"FailedApplyingComponent","message":"error applying object Kind: ConsolePlugin Name: console-mce: the server could not find the requested resource"})json"));
  hub["status"]["conditions"].push_back(
      json::parse(R"({"type":"Complete","status":"False","reason":"ComponentsUnavailable",
    "message":"Not all hub components ready."})"));
  hub["status"]["phase"] = "Error";
  CHECK(wait_state(hub) ==
        "failed: Error (ComponentFailure: console-mce (Kind:ConsolePlugin): error applying object Kind: "
        "ConsolePlugin Name: console-mce: the server could not find the requested resource)");
  hub["status"] = json::parse(R"({"phase":"Running","currentVersion":"2.14.1","desiredVersion":"2.14.1","conditions":[
    {"type":"Complete","status":"True","reason":"ComponentsAvailable","message":"All hub components ready."}]})");
  CHECK(wait_state(hub) == "ready: Running 2.14.1");
}

TEST_CASE("wait: cert-manager Certificate and Issuer Ready, failed issuance, stale condition") {
  json cert = json::parse(R"({"apiVersion":"cert-manager.io/v1","kind":"Certificate",
    "metadata":{"name":"kbs-https","namespace":"trustee-operator-system","generation":2},
    "spec":{"secretName":"kbs-https-certificate","dnsNames":["kbs.apps.example.com"],"issuerRef":{"name":"coco-ca","kind":"Issuer"}},
    "status":{"conditions":[{"type":"Ready","status":"True","reason":"Ready","message":"Certificate is up to date and has not expired",
      "observedGeneration":2,"lastTransitionTime":"2026-05-02T10:00:00Z"}],"notAfter":"2026-07-31T10:00:00Z","revision":1}})");
  CHECK(wait_state(cert) == "ready: Ready (Certificate is up to date and has not expired)");
  cert["metadata"]["generation"] = 3;
  CHECK(wait_state(cert) == "waiting: waiting for cert-manager to report Ready");
  cert["status"] = json::parse(R"({"conditions":[{"type":"Ready","status":"False","reason":"DoesNotExist",
    "message":"Issuing certificate as Secret does not exist","observedGeneration":3},{"type":"Issuing","status":"False",
    "reason":"Failed","message":"The certificate request has failed to complete and will be retried: issuer coco-ca not found",
    "observedGeneration":3}],"lastFailureTime":"2026-05-02T10:01:00Z","failedIssuanceAttempts":1})");
  CHECK(wait_state(cert) ==
        "failed: issuance failed (Failed: The certificate request has failed to complete and will be "
        "retried: issuer coco-ca not found)");
  CHECK(wait_state(R"({"apiVersion":"cert-manager.io/v1","kind":"Issuer","metadata":{"name":"coco-ca","generation":1},
    "spec":{"ca":{"secretName":"coco-ca"}},"status":{"conditions":[{"type":"Ready","status":"True","reason":"KeyPairVerified",
    "message":"Signing CA verified","observedGeneration":1}]}})") == "ready: Ready (Signing CA verified)");
}
