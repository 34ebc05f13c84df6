#include "render/render_support.hpp"

#include <cococtl/manifest/yaml_io.hpp>

using namespace cococtl;
using namespace cococtl::test;

TEST_CASE("every topology renders the pattern's object set") {
  const std::map<std::string, std::vector<std::string>> must_have{
      {"simple",
       {"Subscription openshift-sandboxed-containers-operator/sandboxed-containers-operator",
        "Subscription trustee-operator-system/trustee-operator",
        "KbsConfig trustee-operator-system/kbsconfig",
        "ConfigMap trustee-operator-system/kbs-config",
        "ConfigMap trustee-operator-system/rvps-reference-values",
        "Secret trustee-operator-system/kbs-https-certificate",
        "Route trustee-operator-system/kbs",
        "KataConfig default-kata-config",
        "ConfigMap openshift-sandboxed-containers-operator/peer-pods-cm",
        "ConfigMap openshift-sandboxed-containers-operator/osc-feature-gates",
        "ConfigMap imperative/initdata",
        "ConfigMap imperative/debug-initdata",
        "ClusterPolicy inject-coco-initdata",
        "ClusterPolicy propagate-initdata-to-kbs-access",
        "ValidatingPolicy validate-initdata-configmap",
        "Deployment hello-openshift/secure",
        "Deployment hello-openshift/standard",
        "Deployment hello-openshift/insecure-policy",
        "Deployment kbs-access/secure",
        "Subscription kyverno/kyverno"}},
      {"trusted-hub",
       {"KbsConfig trustee-operator-system/kbsconfig", "MultiClusterHub open-cluster-management/multiclusterhub",
        "Subscription open-cluster-management/advanced-cluster-management", "ConfigMap imperative/initdata"}},
      {"spoke",
       {"KataConfig default-kata-config", "ConfigMap openshift-sandboxed-containers-operator/peer-pods-cm",
        "Deployment hello-openshift/secure", "Deployment kbs-access/secure"}},
      {"baremetal",
       {"NodeFeatureDiscovery openshift-nfd/nfd-instance",
        "NodeFeatureRule openshift-nfd/consolidated-hardware-features", "MachineConfig 99-enable-coco-master",
        "MachineConfig 99-enable-coco-worker", "Deployment intel-dcap/pccs", "DaemonSet intel-dcap/tdx-qgs",
        "SecurityContextConstraints pccs-scc", "Secret intel-dcap/pccs-secrets",
        "ConfigMap trustee-operator-system/tdx-config", "HostPathProvisioner hostpath-provisioner",
        "SgxDevicePlugin sgxdeviceplugin-sample", "Subscription openshift-nfd/nfd", "KataConfig default-kata-config"}},
      {"baremetal-gpu",
       {"ClusterPolicy gpu-cluster-policy", "MachineConfig 100-iommu-worker", "Deployment gpu-workload/gpu-vectoradd",
        "Subscription nvidia-gpu-operator/gpu-operator-certified", "ClusterPolicy propagate-initdata-to-gpu-workload"}},
  };
  const std::map<std::string, std::vector<std::string>> must_not_have{
      {"simple",
       {"NodeFeatureRule openshift-nfd/consolidated-hardware-features",
        "MultiClusterHub open-cluster-management/multiclusterhub"}},
      {"trusted-hub", {"KataConfig default-kata-config", "Deployment hello-openshift/secure"}},
      {"spoke", {"KbsConfig trustee-operator-system/kbsconfig", "ClusterPolicy inject-coco-initdata"}},
      {"baremetal",
       {"ConfigMap openshift-sandboxed-containers-operator/peer-pods-cm", "ClusterPolicy gpu-cluster-policy"}},
      {"baremetal-gpu", {"ConfigMap openshift-sandboxed-containers-operator/peer-pods-cm"}},
  };
  for (const auto& [topology, expected] : must_have) {
    const auto result = render_ok(values_for(topology));
    for (const auto& display : expected) {
      INFO(topology << ": " << display);
      CHECK(has(result, display));
    }
    for (const auto& display : must_not_have.at(topology)) {
      INFO(topology << " must not have " << display);
      CHECK_FALSE(has(result, display));
    }
  }
}

TEST_CASE("pinned subscriptions are Manual with the exact starting CSV") {
  const auto result = render_ok(values_for("baremetal-gpu"));
  const auto* osc = find(result, "Subscription openshift-sandboxed-containers-operator/sandboxed-containers-operator");
  REQUIRE(osc);
  CHECK(osc->body["spec"]["installPlanApproval"] == "Manual");
  CHECK(osc->body["spec"]["startingCSV"] == "sandboxed-containers-operator.v1.12.0");
  const auto* gpu = find(result, "Subscription nvidia-gpu-operator/gpu-operator-certified");
  REQUIRE(gpu);
  CHECK(gpu->body["spec"]["startingCSV"] == "gpu-operator-certified.v26.3.0");
  CHECK(gpu->body["spec"]["source"] == "certified-operators");
  CHECK_FALSE(find(result, "Subscription openshift-nfd/nfd")->body["spec"].contains("startingCSV"));
}

TEST_CASE("objects are ordered by wave and carry cococtl labels") {
  const auto result = render_ok(values_for("baremetal"));
  int last_wave = -1;
  for (const auto& o : result.objects) {
    CHECK(o.wave >= last_wave);
    last_wave = o.wave;
    CHECK(o.body["metadata"]["labels"]["app.kubernetes.io/managed-by"] == "cococtl");
    CHECK(o.body["metadata"]["annotations"]["cococtl.io/wave"] == std::to_string(o.wave));
  }
  CHECK(result.objects.front().kind() == "Namespace");
}

TEST_CASE("tee=snp drops Intel DCAP and the TDX kernel argument") {
  const auto result = render_ok(values_for("baremetal", {"baremetal.tee=snp"}));
  CHECK_FALSE(has(result, "Deployment intel-dcap/pccs"));
  for (const auto& o : result.objects) {  // no SGX plugin, PCCS or QGS: they would never schedule
    CHECK(o.body["metadata"]["labels"][manifest::k_component_label] != "intelDcap");
  }
  const auto* mc = find(result, "MachineConfig 99-enable-coco-worker");
  REQUIRE(mc);
  CHECK(mc->body["spec"]["kernelArguments"] == nlohmann::json::array({"nohibernate"}));
  const auto tdx = render_ok(values_for("baremetal", {"baremetal.tee=tdx"}));
  CHECK(find(tdx, "MachineConfig 99-enable-coco-worker")->body["spec"]["kernelArguments"] ==
        nlohmann::json::array({"nohibernate", "kvm_intel.tdx=1"}));
}

TEST_CASE("the PCCS Deployment is pinned to a host only when baremetal.pccs.nodeSelector names one") {
  // An empty selector value matches no node: the Pod would never schedule.
  const auto any_node = render_ok(values_for("baremetal", {"baremetal.tee=tdx"}));
  const auto* pccs = find(any_node, "Deployment intel-dcap/pccs");
  REQUIRE(pccs);
  CHECK_FALSE(pccs->body["spec"]["template"]["spec"].contains("nodeSelector"));
  const auto pinned = render_ok(values_for("baremetal", {"baremetal.tee=tdx", "baremetal.pccs.nodeSelector=worker-0"}));
  CHECK(find(pinned, "Deployment intel-dcap/pccs")->body["spec"]["template"]["spec"]["nodeSelector"] ==
        nlohmann::json{{"kubernetes.io/hostname", "worker-0"}});
}

TEST_CASE("the vault backend turns values-secret resources into ExternalSecrets") {
  const auto result = render_ok(values_for("baremetal", {"global.secretStore.backend=vault"}));
  const auto* kbsres1 = find(result, "ExternalSecret trustee-operator-system/kbsres1");
  REQUIRE(kbsres1);
  CHECK(kbsres1->body["spec"]["data"][0]["remoteRef"]["key"] == "secret/data/hub/kbsres1");
  CHECK(has(result, "Secret trustee-operator-system/kbs-https-key"));  // generated material stays a Secret
  CHECK_FALSE(has(result, "Secret trustee-operator-system/kbsres1"));
}

TEST_CASE("missing key material is rendered as named placeholders and reported") {
  const auto result = render_ok(values_for("simple"));
  CHECK(std::find(result.placeholders.begin(), result.placeholders.end(), "kbs-tls-cert") != result.placeholders.end());
  const auto* cert = find(result, "Secret trustee-operator-system/kbs-https-certificate");
  REQUIRE(cert);
  CHECK(cert->body["data"]["tls.crt"] == "UExBQ0VIT0xERVIoa2JzLXRscy1jZXJ0KTogcnVuIGNvY29jdGwgc2VjcmV0cyBnZW5lcmF0ZQ==");
}

TEST_CASE("rendering is deterministic") {
  const auto v = values_for("baremetal-gpu");
  const auto a = render_ok(v);
  const auto b = render_ok(v);
  REQUIRE(a.objects.size() == b.objects.size());
  for (std::size_t i = 0; i < a.objects.size(); ++i) CHECK(manifest::to_yaml(a.objects[i].body) == manifest::to_yaml(b.objects[i].body));
}
