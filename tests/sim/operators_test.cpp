// The operators' status controllers, each acting only once its CSV has Succeeded: Trustee's
// KbsConfig, the GPU ClusterPolicy, Intel's SgxDevicePlugin, HostPathProvisioner, LVMCluster,
// MultiClusterHub and Kyverno's ValidatingPolicy.
#include "sim_test_util.hpp"

#include <catch2/catch.hpp>

using namespace cococtl::sim;
using namespace cococtl::sim::testing;

namespace {

constexpr const char* k_trustee = "trustee-operator-system";

void kbs_inputs(TestCluster& c) {
  for (const char* name : {"kbs-config", "rvps-reference-values"}) {
    c.apply(json{{"apiVersion", "v1"},
                 {"kind", "ConfigMap"},
                 {"metadata", {{"name", name}, {"namespace", k_trustee}}},
                 {"data", {{"x", "y"}}}}
                .dump());
  }
  c.apply(json{{"apiVersion", "v1"},
               {"kind", "Secret"},
               {"metadata", {{"name", "kbs-auth-public-key"}, {"namespace", k_trustee}}},
               {"stringData", {{"publicKey", "k"}}}}
              .dump());
}

}  // namespace

TEST_CASE("KbsConfig: trustee-deployment and kbs-service once the ConfigMaps and Secrets it names exist") {
  TestCluster c("baremetal-tdx");
  c.install_operator("trustee-operator", k_trustee);
  c.apply(R"({"apiVersion":"confidentialcontainers.org/v1alpha1","kind":"KbsConfig",
      "metadata":{"name":"kbsconfig","namespace":"trustee-operator-system"},
      "spec":{"kbsConfigMapName":"kbs-config","kbsAuthSecretName":"kbs-auth-public-key",
              "kbsDeploymentType":"AllInOneDeployment","kbsRvpsRefValuesConfigMapName":"rvps-reference-values"}})");
  c.ticks(3);
  CHECK(c.find("apps/v1", "Deployment", k_trustee, "trustee-deployment") == nullptr);  // inputs missing
  kbs_inputs(c);
  REQUIRE(
      c.tick_until([&] { return c.find("apps/v1", "Deployment", k_trustee, "trustee-deployment") != nullptr; }, 15));
  // These inputs are no KBS configuration: the KBS pod crash-loops (kbs_host_test has real ones).
  c.ticks(10);
  CHECK_FALSE(c.get("confidentialcontainers.org/v1alpha1", "KbsConfig", k_trustee, "kbsconfig")
                  .value("status", json::object())
                  .value("isReady", false));
  CHECK_THAT(c.cluster().hosting().kbs.failure(), Catch::Contains("kbs-config.toml"));
  const auto d = c.get("apps/v1", "Deployment", k_trustee, "trustee-deployment");
  CHECK(d["spec"]["selector"]["matchLabels"] == json{{"app", "kbs"}});
  CHECK(d["spec"]["template"]["spec"]["containers"].size() == 1);
  CHECK(d["metadata"]["ownerReferences"][0]["kind"] == "KbsConfig");
  const auto svc = c.get("v1", "Service", k_trustee, "kbs-service");
  CHECK(svc["spec"]["ports"][0] ==
        json{{"name", "kbs-port"}, {"protocol", "TCP"}, {"port", 8080}, {"targetPort", 8080}});
  CHECK(c.get("confidentialcontainers.org/v1alpha1", "KbsConfig", k_trustee, "kbsconfig")["metadata"]["finalizers"] ==
        json::array({"kbsconfig.confidentialcontainers.org/finalizer"}));
  REQUIRE(c.api()
              .remove(*c.type({{"apiVersion", "confidentialcontainers.org/v1alpha1"}, {"kind", "KbsConfig"}}),
                      k_trustee, "kbsconfig", {})
              .ok());
  REQUIRE(c.tick_until(
      [&] { return c.find("confidentialcontainers.org/v1alpha1", "KbsConfig", k_trustee, "kbsconfig") == nullptr; },
      5));
  REQUIRE(c.tick_until(
      [&] {
        return c.find("v1", "Service", k_trustee, "kbs-service") == nullptr &&
               c.find("apps/v1", "Deployment", k_trustee, "trustee-deployment") == nullptr;
      },
      5));
}

TEST_CASE("KbsConfig outside the operator's namespace is not reconciled") {
  TestCluster c("baremetal-tdx");
  c.install_operator("trustee-operator", k_trustee);
  c.apply(R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"elsewhere"}})");
  c.apply(R"({"apiVersion":"confidentialcontainers.org/v1alpha1","kind":"KbsConfig",
      "metadata":{"name":"kbsconfig","namespace":"elsewhere"},"spec":{"kbsConfigMapName":"kbs-config"}})");
  c.ticks(4);
  CHECK_FALSE(c.get("confidentialcontainers.org/v1alpha1", "KbsConfig", "elsewhere", "kbsconfig").contains("status"));
}

TEST_CASE("GPU ClusterPolicy: notReady while its states come up, then ready, with the NVIDIA node labels") {
  TestCluster c("baremetal-tdx-gpu");
  c.install_operator("nfd", "openshift-nfd");
  c.install_operator("gpu-operator-certified", "nvidia-gpu-operator");
  c.apply(R"({"apiVersion":"nfd.openshift.io/v1","kind":"NodeFeatureDiscovery",
      "metadata":{"name":"nfd-instance","namespace":"openshift-nfd"},"spec":{}})");
  REQUIRE(c.tick_until(
      [&] {
        return string_at(c.get("v1", "Node", "", "tdx-gpu-worker-0"),
                         {"metadata", "labels", "feature.node.kubernetes.io/pci-10de.present"}) == "true";
      },
      20));
  c.apply(R"({"apiVersion":"nvidia.com/v1","kind":"ClusterPolicy","metadata":{"name":"gpu-cluster-policy"},
      "spec":{"sandboxWorkloads":{"enabled":true,"defaultWorkload":"vm-passthrough"},
              "ccManager":{"enabled":true,"defaultMode":"on"}}})");
  c.ticks(1);
  auto policy = c.get("nvidia.com/v1", "ClusterPolicy", "", "gpu-cluster-policy");
  CHECK(policy["status"]["state"] == "notReady");
  CHECK(find_condition(policy, "Error")->value("reason", "") == "OperandNotReady");
  CHECK(find_condition(policy, "Error")
            ->value("message", "")
            .rfind("ClusterPolicy is not ready, states not ready: [", 0) == 0);
  REQUIRE(c.tick_until(
      [&] { return c.get("nvidia.com/v1", "ClusterPolicy", "", "gpu-cluster-policy")["status"]["state"] == "ready"; },
      10));
  policy = c.get("nvidia.com/v1", "ClusterPolicy", "", "gpu-cluster-policy");
  CHECK(find_condition(policy, "Ready")->value("reason", "") == "Reconciled");
  CHECK(policy["status"]["namespace"] == "nvidia-gpu-operator");
  const json labels = c.get("v1", "Node", "", "tdx-gpu-worker-0")["metadata"]["labels"];
  CHECK(labels["nvidia.com/gpu.present"] == "true");
  CHECK(labels["nvidia.com/gpu.workload.config"] == "vm-passthrough");
  CHECK(labels["nvidia.com/cc.mode.state"] == "on");
  CHECK_FALSE(c.get("v1", "Node", "", "tdx-gpu-master-0")["metadata"]["labels"].contains("nvidia.com/gpu.present"));
}

TEST_CASE("SgxDevicePlugin reports its DaemonSet - HostPathProvisioner and LVMCluster report their conditions") {
  TestCluster c("baremetal-tdx");
  c.install_operator("intel-device-plugins-operator", "intel-dcap");
  c.install_operator("kubevirt-hyperconverged", "openshift-cnv");
  c.install_operator("lvms-operator", "openshift-storage");
  for (auto& node : c.list("v1", "Node")) {
    node["metadata"]["labels"]["intel.feature.node.kubernetes.io/sgx"] = "true";
    c.update(node);
  }
  c.apply(R"({"apiVersion":"deviceplugin.intel.com/v1","kind":"SgxDevicePlugin","metadata":{"name":"sgxdeviceplugin"},
      "spec":{"image":"registry.connect.redhat.com/intel/intel-sgx-plugin:0.32.1","enclaveLimit":110,"provisionLimit":110}})");
  c.apply(R"({"apiVersion":"hostpathprovisioner.kubevirt.io/v1beta1","kind":"HostPathProvisioner",
      "metadata":{"name":"hostpath-provisioner"},"spec":{"storagePools":[{"name":"local","path":"/var/hpvolumes"}]}})");
  c.apply(
      R"({"apiVersion":"lvm.topolvm.io/v1alpha1","kind":"LVMCluster","metadata":{"name":"lvmcluster","namespace":"openshift-storage"},
      "spec":{"storage":{"deviceClasses":[{"name":"vg1","default":true,"thinPoolConfig":{"name":"thin-pool-1","sizePercent":90,
              "overprovisionRatio":10}}]}}})");
  c.ticks(1);
  CHECK(c.get("lvm.topolvm.io/v1alpha1", "LVMCluster", "openshift-storage", "lvmcluster")["status"]["state"] ==
        "Progressing");
  CHECK(find_condition(
            c.get("hostpathprovisioner.kubevirt.io/v1beta1", "HostPathProvisioner", "", "hostpath-provisioner"),
            "Progressing")
            ->value("reason", "") == "DeployStarted");
  c.ticks(6);
  const auto sgx = c.get("deviceplugin.intel.com/v1", "SgxDevicePlugin", "", "sgxdeviceplugin");
  CHECK(sgx["status"]["controlledDaemonSet"]["name"] == "intel-sgx-plugin-sgxdeviceplugin");
  CHECK(sgx["status"]["desiredNumberScheduled"] == 1);
  CHECK(sgx["status"]["numberReady"] == 1);
  CHECK(sgx["status"]["nodeNames"] == json::array({"sno-tdx-0"}));
  const auto hpp = c.get("hostpathprovisioner.kubevirt.io/v1beta1", "HostPathProvisioner", "", "hostpath-provisioner");
  CHECK(condition_true(hpp, "Available"));
  CHECK(find_condition(hpp, "Available")->value("message", "") == "Application Available");
  CHECK_FALSE(condition_true(hpp, "Progressing"));
  const auto lvm = c.get("lvm.topolvm.io/v1alpha1", "LVMCluster", "openshift-storage", "lvmcluster");
  CHECK(lvm["status"]["state"] == "Ready");
  CHECK(lvm["status"]["ready"] == true);
  CHECK(find_condition(lvm, "VolumeGroupsReady")->value("reason", "") == "VGsReady");
  CHECK(lvm["status"]["deviceClassStatuses"][0]["nodeStatus"][0]["node"] == "sno-tdx-0");
}

TEST_CASE("MultiClusterHub reaches Running - a ValidatingPolicy reports WebhookConfigured and ready") {
  TestCluster c("azure");
  c.install_operator("advanced-cluster-management", "open-cluster-management");
  c.install_operator("kyverno", "kyverno");
  c.apply(R"({"apiVersion":"operator.open-cluster-management.io/v1","kind":"MultiClusterHub",
      "metadata":{"name":"multiclusterhub","namespace":"open-cluster-management"},"spec":{}})");
  c.apply(
      R"({"apiVersion":"policies.kyverno.io/v1","kind":"ValidatingPolicy","metadata":{"name":"validate-initdata-configmap"},
      "spec":{"validationActions":["Audit"],"validations":[{"expression":"true"}]}})");
  c.ticks(2);
  CHECK(c.get("operator.open-cluster-management.io/v1", "MultiClusterHub", "open-cluster-management",
              "multiclusterhub")["status"]["phase"] == "Installing");
  const auto vpol = c.get("policies.kyverno.io/v1", "ValidatingPolicy", "", "validate-initdata-configmap");
  CHECK(vpol["status"]["conditionStatus"]["ready"] == true);
  json holder = {{"status", vpol["status"]["conditionStatus"]}};
  CHECK(find_condition(holder, "WebhookConfigured")->value("message", "") == "Webhook configured.");
  CHECK(condition_true(holder, "RBACPermissionsGranted"));
  REQUIRE(c.tick_until(
      [&] {
        return c.get("operator.open-cluster-management.io/v1", "MultiClusterHub", "open-cluster-management",
                     "multiclusterhub")["status"]["phase"] == "Running";
      },
      10));
}
