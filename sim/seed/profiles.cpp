#include "sim/seed/profiles.hpp"

#include <fmt/format.h>

namespace cococtl::sim {
namespace {

// A Sapphire Rapids host as NFD reports it: SGX with flexible launch control (SGXLC) in cpuid,
// TDX in cpu.security (TDX_GUEST is a guest's flag, never a host's).
json intel_tdx_features() {
  return {{"cpu.cpuid", {{"VMX", ""}, {"AVX512F", ""}, {"AMXTILE", ""}, {"SGX", ""}, {"SGXLC", ""}}},
          {"cpu.model", {{"vendor_id", "Intel"}, {"family", "6"}, {"id", "143"}}},
          {"cpu.security",
           {{"tdx.enabled", "true"},
            {"tdx.protected", "false"},
            {"tdx.total_keys", "63"},
            {"sgx.enabled", "true"},
            {"sgx.epc", "68718428160"}}},
          {"kernel.loadedmodule", {{"kvm_intel", ""}, {"kvm", ""}, {"vhost_vsock", ""}}},
          {"kernel.version", {{"major", "5"}, {"minor", "14"}, {"full", "5.14.0-570.el9_6.x86_64"}}},
          {"system.osrelease", {{"ID", "rhcos"}, {"VERSION_ID", "9.6"}}},
          {"pci.device", json::array()}};
}

json amd_snp_features() {
  return {{"cpu.cpuid", {{"SVM", ""}, {"AVX512F", ""}, {"SEV", ""}, {"SEV_SNP", ""}}},
          {"cpu.model", {{"vendor_id", "AMD"}, {"family", "25"}, {"id", "17"}}},
          {"cpu.security", {{"sev.enabled", "true"}, {"sev.es.enabled", "true"}, {"sev.snp.enabled", "true"},
                            {"sev.asids", "100"}, {"sev.encrypted_state_ids", "509"}}},
          {"kernel.loadedmodule", {{"kvm_amd", ""}, {"kvm", ""}, {"vhost_vsock", ""}}},
          {"kernel.version", {{"major", "5"}, {"minor", "14"}, {"full", "5.14.0-570.el9_6.x86_64"}}},
          {"system.osrelease", {{"ID", "rhcos"}, {"VERSION_ID", "9.6"}}},
          {"pci.device", json::array()}};
}

json azure_features() {
  return {{"cpu.cpuid", {{"AVX512F", ""}}},
          {"cpu.model", {{"vendor_id", "Intel"}, {"family", "6"}, {"id", "106"}}},
          {"cpu.security", json::object()},
          {"kernel.loadedmodule", {{"hv_vmbus", ""}}},
          {"kernel.version", {{"major", "5"}, {"minor", "14"}, {"full", "5.14.0-427.el9_4.x86_64"}}},
          {"system.osrelease", {{"ID", "rhcos"}, {"VERSION_ID", "9.4"}}},
          {"pci.device", json::array()}};
}

json with_gpus(json features, int count) {
  for (int i = 0; i < count; ++i) {
    features["pci.device"].push_back({{"vendor", "10de"}, {"class", "0302"}, {"device", "2330"},
                                      {"sriov_totalvfs", "0"}, {"iommu_group.type", "DMA"}});
  }
  return features;
}

Profile azure() {
  Profile p{"azure", "Azure", "4.19.28", "v1.32.8", "coco", "azure.example.com", "", false, false, {}, {}};
  for (int i = 0; i < 3; ++i) {
    p.nodes.push_back({fmt::format("coco-x7k2p-master-{}", i), {"master", "control-plane"}, "Standard_D8s_v5", 8, 32, 0,
                       azure_features()});
  }
  for (int i = 1; i <= 3; ++i) {
    p.nodes.push_back({fmt::format("coco-x7k2p-worker-eastus{}-{}", i, "q9z" + std::to_string(i)), {"worker"},
                       "Standard_D8s_v5", 8, 32, 0, azure_features()});
  }
  return p;
}

Profile baremetal(const std::string& name, const std::string& tee, bool gpu) {
  Profile p{name, "BareMetal", "4.20.4", "v1.33.5", "coco-" + tee, "lab.example.com", tee, gpu, !gpu, {}, {}};
  const json features = tee == "tdx" ? intel_tdx_features() : amd_snp_features();
  const std::string cpu = tee == "tdx" ? "intel-xeon-8480" : "amd-epyc-9654";
  if (!gpu) {
    p.nodes.push_back({fmt::format("sno-{}-0", tee), {"master", "worker", "control-plane"}, cpu, 112, 512, 0, features});
    return p;
  }
  // A standard cluster: three control-plane machines, GPU workers. (A control-plane node with the
  // worker role beside dedicated workers never finishes a KataConfig: OSC labels it for kata-oc,
  // the MCO keeps it in the master pool - tests/sim/kata_test.cpp shows it.)
  for (int i = 0; i < 3; ++i) {
    p.nodes.push_back({fmt::format("tdx-gpu-master-{}", i), {"master", "control-plane"}, cpu, 64, 256, 0, features});
  }
  for (int i = 0; i < 2; ++i) {
    p.nodes.push_back({fmt::format("tdx-gpu-worker-{}", i), {"worker"}, cpu, 112, 1024, 8, with_gpus(features, 8)});
  }
  return p;
}

}  // namespace

std::vector<std::string> profile_names() { return {"azure", "baremetal-tdx", "baremetal-snp", "baremetal-tdx-gpu"}; }

std::optional<Profile> find_profile(const std::string& name) {
  std::optional<Profile> p;
  if (name == "azure") p = azure();
  if (name == "baremetal-tdx") p = baremetal(name, "tdx", false);
  if (name == "baremetal-snp") p = baremetal(name, "snp", false);
  if (name == "baremetal-tdx-gpu") p = baremetal(name, "tdx", true);
  if (p) p->catalog = operator_catalog();
  return p;
}

std::string ingress_domain(const Profile& profile) {
  return fmt::format("apps.{}.{}", profile.cluster_name, profile.base_domain);
}

}  // namespace cococtl::sim
