#pragma once
// Cluster profiles (azure, baremetal-tdx, baremetal-snp, baremetal-tdx-gpu): platform, OpenShift
// version, nodes with the hardware features NFD rules match on, and the operator catalog.

#include "sim/common/json_util.hpp"

#include <optional>
#include <string>
#include <vector>

namespace cococtl::sim {

struct NodeSpec {
  std::string name;
  std::vector<std::string> roles;  // master, worker, control-plane
  std::string instance_type;
  int cpus = 16;
  int memory_gi = 64;
  int gpus = 0;
  json features;  // NFD feature model: {"cpu.cpuid": {...}, "pci.device": [{...}], ...}
};

struct OperatorCrd {
  std::string group;
  std::string kind;
  std::string plural;
  bool namespaced = true;
  std::vector<std::string> versions;  // storage version last
  std::vector<std::string> short_names;
};

struct CatalogEntry {
  std::string csv;
  std::string version;
};

struct Channel {
  std::string name;
  std::vector<CatalogEntry> entries;  // oldest first; each replaces the one before
};

struct Package {
  std::string name;
  std::string display_name;
  std::string source;  // CatalogSource in openshift-marketplace
  std::string default_channel;
  std::vector<Channel> channels;
  std::string deployment;  // the operator Deployment a CSV installs
  std::vector<OperatorCrd> crds;
};

struct Profile {
  std::string name;
  std::string platform;  // Infrastructure platform type: Azure, BareMetal
  std::string openshift_version;
  std::string kubernetes_version;
  std::string cluster_name;
  std::string base_domain;
  std::string tee;  // tdx, snp, "" (Azure: peer pods)
  bool gpu = false;
  bool single_node = false;
  std::vector<NodeSpec> nodes;
  std::vector<Package> catalog;
};

std::vector<std::string> profile_names();
std::optional<Profile> find_profile(const std::string& name);

// The operator catalog every profile serves: the pattern's pinned packages, channels and CSVs,
// each channel with a CSV newer than the pin.
std::vector<Package> operator_catalog();
const Package* find_package(const std::vector<Package>& catalog, const std::string& name);
// A CustomResourceDefinition for an operator-owned kind (open schema, status subresource).
json operator_crd(const OperatorCrd& crd);

// The apps ingress domain: apps.<cluster>.<base domain>.
std::string ingress_domain(const Profile& profile);

}  // namespace cococtl::sim
