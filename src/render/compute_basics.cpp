#include "context.hpp"

#include <fmt/format.h>

namespace cococtl::render::detail {
namespace {

std::string runtime_class(const values::Values& values) {
  const std::string chosen = values.string_at("global.coco.runtimeClassName");
  if (!chosen.empty()) return chosen;
  return values.string_at("global.clusterPlatform") == "Azure" ? "kata-remote" : "kata-cc";
}

// The TDX collateral service the KBS uses: the in-cluster PCCS on bare metal, Azure's cache on Azure.
std::string collateral_service(const values::Values& values) {
  if (values.string_at("global.clusterPlatform") == "BareMetal") return values.string_at("baremetal.pccs.collateralService");
  if (values.string_at("global.clusterPlatform") == "Azure") return "https://global.acccache.azure.net/sgx/certification/v4/";
  return "https://api.trustedservices.intel.com/sgx/certification/v4/";
}

// A value a template section tests: mustache treats "" as present, so empty becomes false.
nlohmann::json optional(const std::string& text) { return text.empty() ? nlohmann::json(false) : nlohmann::json(text); }

nlohmann::json azure_ids(const values::Values& v) {
  const auto a = [&](const std::string& key) { return v.string_at("global.coco.azure." + key); };
  const std::string vnet_rg = a("vnetResourceGroup").empty() ? a("resourceGroup") : a("vnetResourceGroup");
  nlohmann::json ids{{"subnetID", ""}, {"nsgID", ""}, {"rootVolumeSize", a("rootVolumeSize")}};
  if (!a("subscriptionID").empty() && !vnet_rg.empty() && !a("vnetName").empty() && !a("subnetName").empty()) {
    ids["subnetID"] = fmt::format("/subscriptions/{}/resourceGroups/{}/providers/Microsoft.Network/virtualNetworks/{}/subnets/{}",
                                  a("subscriptionID"), vnet_rg, a("vnetName"), a("subnetName"));
  }
  if (!a("subscriptionID").empty() && !a("resourceGroup").empty() && !a("securityGroupName").empty()) {
    ids["nsgID"] = fmt::format("/subscriptions/{}/resourceGroups/{}/providers/Microsoft.Network/networkSecurityGroups/{}",
                               a("subscriptionID"), a("resourceGroup"), a("securityGroupName"));
  }
  return ids;
}

// KbsConfig.kbsSecretResources: every Secret the KBS serves as default/<secret>/<key>.
nlohmann::json kbs_secret_resources(const values::Values& values) {
  auto names = nlohmann::json::array();
  for (const auto& name : values.strings_at("kbs.secretResources")) names.push_back(name);
  names.push_back("security-policy");
  names.push_back("attestation-status");
  if (values.string_at("global.coco.securityPolicyFlavour") == "signed") names.push_back("cosign-keys");
  return names;
}

nlohmann::json machine_config_roles() {
  auto roles = nlohmann::json::array();
  for (const std::string role : {"master", "worker"}) {
    roles.push_back({{"role", role}, {"machineConfigName", "99-enable-coco-" + role}, {"iommuConfigName", "100-iommu-" + role}});
  }
  return roles;
}

nlohmann::json kyverno_namespaces(const values::Values& values) {
  auto out = nlohmann::json::array();
  for (const auto& ns : values.strings_at("kyverno.workloadNamespaces")) {
    out.push_back({{"namespace", ns}, {"policyName", "propagate-initdata-to-" + ns}});
  }
  return out;
}

}  // namespace

nlohmann::json compute_basics(const values::Values& values) {
  const std::string domain = values.string_at("global.hubClusterDomain");
  const std::string local = values.string_at("global.localClusterDomain");
  const std::string tee = values.string_at("baremetal.tee");
  const bool bare_metal = values.string_at("global.clusterPlatform") == "BareMetal";
  const bool kyverno = values.bool_at("kyverno.enabled") && values.bool_at("clusterGroup.components.kyvernoPolicies");
  return {
      {"kbsHost", "kbs." + domain},
      {"kbsUrl", "https://kbs." + domain},
      {"localClusterDomain", local.empty() ? domain : local},
      {"runtimeClassName", runtime_class(values)},
      {"isAzure", values.string_at("global.clusterPlatform") == "Azure"},
      {"isBareMetal", bare_metal},
      {"tdx", bare_metal && tee != "snp"},
      {"snp", bare_metal && tee != "tdx"},
      {"gpu", values.bool_at("clusterGroup.components.nvidiaGpu")},
      {"kyverno", kyverno},
      {"signedPolicy", values.string_at("global.coco.securityPolicyFlavour") == "signed"},
      {"collateralService", collateral_service(values)},
      {"sshDebug", values.bool_at("global.coco.enableSSHDebug") && values.bool_at("clusterGroup.components.peerPods")},
      {"azure", azure_ids(values)},
      {"storageHpp", values.string_at("global.storageProvider") == "hpp"},
      {"storageLvm", values.string_at("global.storageProvider") == "lvm"},
      {"adminSimple", values.string_at("kbs.admin.format") == "v1.1"},
      {"kbsSecretResources", kbs_secret_resources(values)},
      {"qcnlConfig",
       nlohmann::json{{"collateral_service", collateral_service(values)}, {"use_secure_cert", false}}.dump()},
      {"qgsQcnlConfig",
       nlohmann::json{{"pccs_url", "https://pccs-service.intel-dcap.svc.cluster.local:8042/sgx/certification/v4/"},
                      {"use_secure_cert", false}}
           .dump()},
      {"pccsNodeSelector", optional(values.string_at("baremetal.pccs.nodeSelector"))},
      {"machineConfigRoles", machine_config_roles()},
      {"kyvernoNamespaces", kyverno_namespaces(values)},
      {"kbsAccessMemory", values.string_at("kbsAccess.defaultMemory")},
  };
}

}  // namespace cococtl::render::detail
