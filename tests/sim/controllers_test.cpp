// The platform controllers of the profiles, tick by tick: profiles, machine config pools,
// daemon sets, NFD rules, routes and cert-manager (operators: kata_test, operators_test).
#include "sim/seed/profiles.hpp"
#include "sim_test_util.hpp"

#include <catch2/catch.hpp>

using namespace cococtl::sim;
using namespace cococtl::sim::testing;

TEST_CASE("profiles seed platform, version, ingress domain and nodes") {
  TestCluster azure("azure");
  CHECK(azure.get("config.openshift.io/v1", "Infrastructure", "", "cluster")["status"]["platform"] == "Azure");
  CHECK(azure.get("config.openshift.io/v1", "ClusterVersion", "", "version")["status"]["desired"]["version"] ==
        "4.19.28");
  CHECK(azure.get("config.openshift.io/v1", "Ingress", "", "cluster")["spec"]["domain"] ==
        "apps.coco.azure.example.com");
  CHECK(azure.list("v1", "Node").size() == 6);
  struct Expected {
    const char* profile;
    const char* domain;
    std::size_t nodes;
    const char* tee_feature;  // cpu.security feature the nodes report
    std::size_t gpu_nodes;
  };
  for (const auto& e : {Expected{"baremetal-tdx", "apps.coco-tdx.lab.example.com", 1, "tdx.enabled", 0},
                        Expected{"baremetal-snp", "apps.coco-snp.lab.example.com", 1, "sev.snp.enabled", 0},
                        Expected{"baremetal-tdx-gpu", "apps.coco-tdx.lab.example.com", 5, "tdx.enabled", 2}}) {
    INFO(e.profile);
    TestCluster bm(e.profile);
    CHECK(bm.get("config.openshift.io/v1", "Infrastructure", "", "cluster")["status"]["platform"] == "BareMetal");
    CHECK(bm.get("config.openshift.io/v1", "ClusterVersion", "", "version")["status"]["desired"]["version"] ==
          "4.20.4");
    CHECK(bm.get("config.openshift.io/v1", "Ingress", "", "cluster")["spec"]["domain"] == e.domain);
    const auto nodes = bm.list("v1", "Node");
    CHECK(nodes.size() == e.nodes);
    std::size_t gpus = 0;
    for (const auto& node : bm.cluster().profile().nodes) {  // the hardware NFD will find
      CHECK(node.features["cpu.security"].value(e.tee_feature, "") == "true");
      gpus += node.features["pci.device"].dump().find("10de") != std::string::npos ? 1 : 0;
      CHECK(bm.find("v1", "Node", "", node.name) != nullptr);
    }
    CHECK(gpus == e.gpu_nodes);
  }
}

TEST_CASE("a MachineConfig makes its pool Updating, then Updated") {
  TestCluster c("baremetal-tdx");
  c.ticks(2);
  CHECK(condition_true(c.get("machineconfiguration.openshift.io/v1", "MachineConfigPool", "", "master"), "Updated"));
  c.apply(R"({"apiVersion":"machineconfiguration.openshift.io/v1","kind":"MachineConfig",
      "metadata":{"name":"99-enable-coco-master","labels":{"machineconfiguration.openshift.io/role":"master"}},
      "spec":{"kernelArguments":["nohibernate","kvm_intel.tdx=1"]}})");
  c.ticks(2);
  auto pool = c.get("machineconfiguration.openshift.io/v1", "MachineConfigPool", "", "master");
  CHECK(condition_true(pool, "Updating"));
  CHECK_FALSE(condition_true(pool, "Updated"));
  c.ticks(4);
  pool = c.get("machineconfiguration.openshift.io/v1", "MachineConfigPool", "", "master");
  CHECK(condition_true(pool, "Updated"));
  CHECK(pool["status"]["configuration"]["name"] == pool["spec"]["configuration"]["name"]);
  CHECK(pool["status"]["configuration"]["source"].dump().find("99-enable-coco-master") != std::string::npos);
}

TEST_CASE("a DaemonSet schedules one pod per matching node and becomes ready") {
  TestCluster c("baremetal-tdx-gpu");
  c.apply(R"({"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"agent","namespace":"default"},
      "spec":{"selector":{"matchLabels":{"app":"agent"}},"template":{"metadata":{"labels":{"app":"agent"}},
      "spec":{"nodeSelector":{"node-role.kubernetes.io/worker":""},"containers":[{"name":"a","image":"a:1"}]}}}})");
  c.ticks(1);
  auto ds = c.get("apps/v1", "DaemonSet", "default", "agent");
  CHECK(ds["status"]["desiredNumberScheduled"] == 2);  // the two workers, not the control plane
  CHECK(int_at(ds, {"status", "numberReady"}) < 2);
  c.ticks(4);
  ds = c.get("apps/v1", "DaemonSet", "default", "agent");
  CHECK(ds["status"]["numberReady"] == 2);
  CHECK(ds["status"]["numberAvailable"] == 2);
  CHECK(ds["status"]["observedGeneration"] == ds["metadata"]["generation"]);
}

TEST_CASE("NodeFeatureRules label the nodes whose hardware matches") {
  TestCluster c("baremetal-tdx-gpu");
  c.install_operator("nfd", "openshift-nfd");
  c.apply(R"({"apiVersion":"nfd.openshift.io/v1","kind":"NodeFeatureDiscovery",
      "metadata":{"name":"nfd-instance","namespace":"openshift-nfd"},"spec":{}})");
  c.apply(R"({"apiVersion":"nfd.openshift.io/v1alpha1","kind":"NodeFeatureRule",
      "metadata":{"name":"consolidated-hardware-features","namespace":"openshift-nfd"},
      "spec":{"rules":[
        {"name":"intel.tdx","labels":{"intel.feature.node.kubernetes.io/tdx":"true"},
         "extendedResources":{"tdx.intel.com/keys":"@cpu.security.tdx.total_keys"},
         "matchFeatures":[{"feature":"cpu.security","matchExpressions":{"tdx.enabled":{"op":"IsTrue"}}}]},
        {"name":"amd.sev-snp","labels":{"amd.feature.node.kubernetes.io/snp":"true"},
         "matchFeatures":[{"feature":"cpu.security","matchExpressions":{"sev.snp.enabled":{"op":"IsTrue"}}}]},
        {"name":"runtime.kata","labels":{"feature.node.kubernetes.io/runtime.kata":"true"},
         "matchAny":[{"matchFeatures":[{"feature":"cpu.cpuid","matchExpressions":{"VMX":{"op":"Exists"}}},
                                       {"feature":"kernel.loadedmodule","matchExpressions":{"kvm_intel":{"op":"Exists"}}}]},
                     {"matchFeatures":[{"feature":"cpu.cpuid","matchExpressions":{"SVM":{"op":"Exists"}}}]}]},
        {"name":"nvidia","labels":{"gpu":"nvidia"},
         "matchFeatures":[{"feature":"pci.device","matchExpressions":{"vendor":{"op":"In","value":["10de"]}}}]}]}})");
  c.ticks(8);
  const auto worker = c.get("v1", "Node", "", "tdx-gpu-worker-0");
  const json& labels = worker["metadata"]["labels"];
  CHECK(labels["intel.feature.node.kubernetes.io/tdx"] == "true");
  CHECK_FALSE(labels.contains("amd.feature.node.kubernetes.io/snp"));
  CHECK(labels["feature.node.kubernetes.io/runtime.kata"] == "true");
  CHECK(labels["feature.node.kubernetes.io/gpu"] == "nvidia");
  CHECK(labels["feature.node.kubernetes.io/pci-10de.present"] == "true");
  CHECK(worker["status"]["capacity"]["tdx.intel.com/keys"] == "63");
  CHECK_FALSE(
      c.get("v1", "Node", "", "tdx-gpu-master-0")["metadata"]["labels"].contains("feature.node.kubernetes.io/gpu"));
  // Removing the rule takes its labels away.
  const auto rule_type = c.type({{"apiVersion", "nfd.openshift.io/v1alpha1"}, {"kind", "NodeFeatureRule"}});
  REQUIRE(c.api().remove(*rule_type, "openshift-nfd", "consolidated-hardware-features", {}).ok());
  c.ticks(2);
  CHECK_FALSE(c.get("v1", "Node", "", "tdx-gpu-worker-0")["metadata"]["labels"].contains(
      "intel.feature.node.kubernetes.io/tdx"));
}

TEST_CASE("Routes are admitted with their host - subdomain routes use the ingress domain") {
  TestCluster c("azure");
  c.apply(R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"trustee-operator-system"}})");
  c.apply(
      R"({"apiVersion":"route.openshift.io/v1","kind":"Route","metadata":{"name":"kbs","namespace":"trustee-operator-system"},
      "spec":{"subdomain":"kbs","to":{"kind":"Service","name":"kbs-service"},"tls":{"termination":"passthrough"}}})");
  c.ticks(1);
  const auto route = c.get("route.openshift.io/v1", "Route", "trustee-operator-system", "kbs");
  CHECK(route["status"]["ingress"][0]["host"] == "kbs.apps.coco.azure.example.com");
  CHECK(route["status"]["ingress"][0]["conditions"][0]["type"] == "Admitted");
}

TEST_CASE("cert-manager issues TLS Secrets for Certificates of self-signed and CA issuers") {
  TestCluster c("azure");
  c.install_operator("openshift-cert-manager-operator", "cert-manager-operator");
  c.apply(R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"imperative"}})");
  c.apply(R"({"apiVersion":"cert-manager.io/v1","kind":"Issuer","metadata":{"name":"self","namespace":"imperative"},
      "spec":{"selfSigned":{}}})");
  c.apply(
      R"({"apiVersion":"cert-manager.io/v1","kind":"Certificate","metadata":{"name":"kbs-certificate","namespace":"imperative"},
      "spec":{"secretName":"kbs-tls-self-signed","commonName":"kbs.apps.example.com","dnsNames":["kbs.apps.example.com"],
              "isCA":true,"privateKey":{"algorithm":"ECDSA"},"issuerRef":{"name":"self","kind":"Issuer"}}})");
  c.ticks(2);
  CHECK(condition_true(c.get("cert-manager.io/v1", "Certificate", "imperative", "kbs-certificate"), "Ready"));
  const auto secret = c.get("v1", "Secret", "imperative", "kbs-tls-self-signed");
  CHECK(secret["type"] == "kubernetes.io/tls");
  CHECK(secret["data"].contains("tls.crt"));
  CHECK(secret["data"].contains("tls.key"));
  c.apply(R"({"apiVersion":"cert-manager.io/v1","kind":"Issuer","metadata":{"name":"ca","namespace":"imperative"},
      "spec":{"ca":{"secretName":"kbs-tls-self-signed"}}})");
  c.apply(
      R"({"apiVersion":"cert-manager.io/v1","kind":"Certificate","metadata":{"name":"leaf","namespace":"imperative"},
      "spec":{"secretName":"leaf-tls","dnsNames":["leaf.example.com"],"issuerRef":{"name":"ca"}}})");
  c.ticks(3);
  const auto leaf = c.get("v1", "Secret", "imperative", "leaf-tls");
  CHECK(leaf["data"]["ca.crt"] == secret["data"]["tls.crt"]);
}
