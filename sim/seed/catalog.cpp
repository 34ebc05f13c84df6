// The operator catalog (what the redhat-operators and certified-operators CatalogSources
// serve): the packages the pattern subscribes to, with the pinned CSVs and a newer CSV in the
// same channel, so that approving the wrong InstallPlan is visible.
#include "sim/seed/profiles.hpp"

namespace cococtl::sim {

std::vector<Package> operator_catalog() {
  return {
      {"sandboxed-containers-operator", "OpenShift sandboxed containers Operator", "redhat-operators", "stable",
       {{"stable", {{"sandboxed-containers-operator.v1.11.1", "1.11.1"},
                    {"sandboxed-containers-operator.v1.12.0", "1.12.0"},
                    {"sandboxed-containers-operator.v1.13.0", "1.13.0"}}}},
       "controller-manager",
       {{"kataconfiguration.openshift.io", "KataConfig", "kataconfigs", false, {"v1"}, {}}}},
      {"trustee-operator", "Red Hat build of Trustee", "redhat-operators", "stable",
       {{"stable", {{"trustee-operator.v1.0.0", "1.0.0"}, {"trustee-operator.v1.1.0", "1.1.0"},
                    {"trustee-operator.v1.2.0", "1.2.0"}}}},
       "trustee-operator-controller-manager",
       {{"confidentialcontainers.org", "KbsConfig", "kbsconfigs", true, {"v1alpha1"}, {}}}},
      {"advanced-cluster-management", "Advanced Cluster Management for Kubernetes", "redhat-operators",
       "release-2.13",
       {{"release-2.13", {{"advanced-cluster-management.v2.13.3", "2.13.3"},
                          {"advanced-cluster-management.v2.13.4", "2.13.4"}}},
        {"release-2.14", {{"advanced-cluster-management.v2.14.0", "2.14.0"}}}},
       "multiclusterhub-operator",
       {{"operator.open-cluster-management.io", "MultiClusterHub", "multiclusterhubs", true, {"v1"}, {"mch"}}}},
      {"openshift-cert-manager-operator", "cert-manager Operator for Red Hat OpenShift", "redhat-operators",
       "stable-v1",
       {{"stable-v1", {{"cert-manager-operator.v1.16.0", "1.16.0"}, {"cert-manager-operator.v1.17.0", "1.17.0"}}}},
       "cert-manager-operator-controller-manager",
       {{"operator.openshift.io", "CertManager", "certmanagers", false, {"v1alpha1"}, {}},
        {"cert-manager.io", "Certificate", "certificates", true, {"v1"}, {"cert", "certs"}},
        {"cert-manager.io", "Issuer", "issuers", true, {"v1"}, {}},
        {"cert-manager.io", "ClusterIssuer", "clusterissuers", false, {"v1"}, {}},
        {"cert-manager.io", "CertificateRequest", "certificaterequests", true, {"v1"}, {"cr", "crs"}}}},
      {"lvms-operator", "LVM Storage", "redhat-operators", "stable-4.20",
       {{"stable-4.19", {{"lvms-operator.v4.19.2", "4.19.2"}}},
        {"stable-4.20", {{"lvms-operator.v4.20.0", "4.20.0"}, {"lvms-operator.v4.20.1", "4.20.1"}}}},
       "lvms-operator",
       {{"lvm.topolvm.io", "LVMCluster", "lvmclusters", true, {"v1alpha1"}, {}}}},
      {"kubevirt-hyperconverged", "OpenShift Virtualization", "redhat-operators", "stable",
       {{"stable", {{"kubevirt-hyperconverged-operator.v4.20.0", "4.20.0"},
                    {"kubevirt-hyperconverged-operator.v4.20.1", "4.20.1"}}}},
       "hco-operator",
       {{"hco.kubevirt.io", "HyperConverged", "hyperconvergeds", true, {"v1beta1"}, {"hco"}},
        {"hostpathprovisioner.kubevirt.io", "HostPathProvisioner", "hostpathprovisioners", false, {"v1beta1"}, {}}}},
      {"nfd", "Node Feature Discovery Operator", "redhat-operators", "stable",
       {{"stable", {{"nfd.v4.20.0", "4.20.0"}, {"nfd.v4.20.1", "4.20.1"}}}},
       "nfd-controller-manager",
       {{"nfd.openshift.io", "NodeFeatureDiscovery", "nodefeaturediscoveries", true, {"v1"}, {}},
        {"nfd.openshift.io", "NodeFeatureRule", "nodefeaturerules", true, {"v1alpha1"}, {}},
        {"nfd.k8s-sigs.io", "NodeFeatureRule", "nodefeaturerules", false, {"v1alpha1"}, {"nfr"}},
        {"nfd.k8s-sigs.io", "NodeFeature", "nodefeatures", true, {"v1alpha1"}, {}}}},
      {"intel-device-plugins-operator", "Intel Device Plugins Operator", "certified-operators", "stable",
       {{"stable", {{"intel-device-plugins-operator.v0.32.1", "0.32.1"},
                    {"intel-device-plugins-operator.v0.33.0", "0.33.0"}}}},
       "inteldeviceplugins-controller-manager",
       {{"deviceplugin.intel.com", "SgxDevicePlugin", "sgxdeviceplugins", false, {"v1"}, {}}}},
      {"kyverno", "Kyverno", "community-operators", "stable",
       {{"stable", {{"kyverno-operator.v3.7.1", "3.7.1"}, {"kyverno-operator.v3.7.2", "3.7.2"}}}},
       "kyverno-admission-controller",
       {{"kyverno.io", "ClusterPolicy", "clusterpolicies", false, {"v1"}, {"cpol"}},
        {"kyverno.io", "Policy", "policies", true, {"v1"}, {"pol"}},
        {"policies.kyverno.io", "ValidatingPolicy", "validatingpolicies", false, {"v1"}, {"vpol"}}}},
      {"gpu-operator-certified", "NVIDIA GPU Operator", "certified-operators", "v26.3",
       {{"v25.10", {{"gpu-operator-certified.v25.10.1", "25.10.1"}}},
        {"v26.3", {{"gpu-operator-certified.v26.3.0", "26.3.0"}, {"gpu-operator-certified.v26.3.1", "26.3.1"}}}},
       "gpu-operator",
       {{"nvidia.com", "ClusterPolicy", "clusterpolicies", false, {"v1"}, {}},
        {"nvidia.com", "NVIDIADriver", "nvidiadrivers", false, {"v1alpha1"}, {}}}},
  };
}

const Package* find_package(const std::vector<Package>& catalog, const std::string& name) {
  for (const auto& p : catalog) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

namespace {

json column(const char* name, const char* type, const char* path, int priority = 0) {
  json c = {{"name", name}, {"type", type}, {"jsonPath", path}};
  if (priority != 0) c["priority"] = priority;
  return c;
}

// The additionalPrinterColumns the upstream CRDs declare (kubectl get shows them).
json printer_columns(const std::string& crd_name) {
  const json age = column("Age", "date", ".metadata.creationTimestamp");
  if (crd_name == "kataconfigs.kataconfiguration.openshift.io") {
    return {column("InProgress", "string", ".status.conditions[?(@.type=='InProgress')].status"),
            column("Completed", "integer", ".status.kataNodes.readyNodeCount"),
            column("Total", "integer", ".status.kataNodes.nodeCount"), age};
  }
  if (crd_name == "clusterpolicies.nvidia.com") return {column("Status", "string", ".status.state"), age};
  if (crd_name == "clusterpolicies.kyverno.io" || crd_name == "policies.kyverno.io") {
    return {column("Admission", "boolean", ".spec.admission"), column("Background", "boolean", ".spec.background"),
            column("Ready", "string", ".status.conditions[?(@.type == 'Ready')].status"), age,
            column("Message", "string", ".status.conditions[?(@.type == 'Ready')].message", 1)};
  }
  if (crd_name == "validatingpolicies.policies.kyverno.io") {
    return {age, column("Ready", "string", ".status.conditionStatus.ready")};
  }
  if (crd_name == "multiclusterhubs.operator.open-cluster-management.io") {
    return {column("Status", "string", ".status.phase"), age};
  }
  if (crd_name == "lvmclusters.lvm.topolvm.io") return {column("Status", "string", ".status.state"), age};
  return nullptr;
}

}  // namespace

json operator_crd(const OperatorCrd& crd) {
  std::string singular;
  for (const char c : crd.kind) singular += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  json versions = json::array();
  for (std::size_t i = 0; i < crd.versions.size(); ++i) {
    versions.push_back({{"name", crd.versions[i]},
                        {"served", true},
                        {"storage", i + 1 == crd.versions.size()},
                        {"schema", {{"openAPIV3Schema", {{"type", "object"}, {"x-kubernetes-preserve-unknown-fields", true}}}}},
                        {"subresources", {{"status", json::object()}}}});
    if (json columns = printer_columns(crd.plural + "." + crd.group); !columns.is_null()) {
      versions.back()["additionalPrinterColumns"] = std::move(columns);
    }
  }
  json names = {{"kind", crd.kind}, {"listKind", crd.kind + "List"}, {"plural", crd.plural}, {"singular", singular}};
  if (!crd.short_names.empty()) names["shortNames"] = crd.short_names;
  return {{"apiVersion", "apiextensions.k8s.io/v1"},
          {"kind", "CustomResourceDefinition"},
          {"metadata", {{"name", crd.plural + "." + crd.group}}},
          {"spec", {{"group", crd.group}, {"names", names}, {"scope", crd.namespaced ? "Namespaced" : "Cluster"},
                    {"versions", versions}}}};
}

}  // namespace cococtl::sim
