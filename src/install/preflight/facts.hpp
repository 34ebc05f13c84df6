#pragma once
// Reading what the cluster is: OpenShift version, platform, apps domain, TEE and GPU hardware.

#include <cococtl/install/install.hpp>
#include <cococtl/kube/cluster.hpp>

#include <string>
#include <vector>

namespace cococtl::install::preflight {

// Reads ClusterVersion `version`, Infrastructure `cluster`, Ingress config `cluster` and the
// Nodes. Missing objects leave their fact empty (not an error: problems() judges); fails only
// when the cluster cannot be read at all.
util::Result<ClusterFacts> discover(kube::Cluster& cluster);

// True when node feature labels show NFD has run (TEE labels are then meaningful).
bool nfd_has_labelled(const std::vector<nlohmann::json>& nodes);

// "tdx", "snp" or "" from node labels (intel.feature.node.kubernetes.io/tdx,
// amd.feature.node.kubernetes.io/snp).
std::string tee_from_labels(const std::vector<nlohmann::json>& nodes);

// True when some node reports NVIDIA GPUs (nvidia.com/gpu.present or the NVIDIA PCI vendor label).
bool nvidia_from_labels(const std::vector<nlohmann::json>& nodes);

// -1, 0, 1 comparing dotted versions numerically ("4.19.28" < "4.20.4"); non-numeric parts end
// the comparison.
int compare_versions(const std::string& a, const std::string& b);

}  // namespace cococtl::install::preflight
