#include "facts.hpp"

#include <charconv>

namespace cococtl::install::preflight {
namespace {

using json = nlohmann::json;

constexpr const char* k_config = "config.openshift.io/v1";

std::string text_at(const json& object, const char* pointer) {
  const json::json_pointer at(pointer);
  return object.contains(at) && object.at(at).is_string() ? object.at(at).get<std::string>() : "";
}

bool label_true(const json& node, const std::string& key) {
  const auto labels = node.value("metadata", json::object()).value("labels", json::object());
  return labels.value(key, "") == "true";
}

std::string cluster_version(const json& cv) {
  std::string version = text_at(cv, "/status/desired/version");
  const auto history = cv.value("status", json::object()).value("history", json::array());
  if (version.empty() && !history.empty()) version = history.front().value("version", "");
  return version;
}

util::Result<std::optional<json>> get_config(kube::Cluster& cluster, const char* kind, const char* name) {
  if (!cluster.resource_for(k_config, kind).ok()) return std::optional<json>();  // not an OpenShift cluster
  return cluster.get(k_config, kind, "", name);
}

}  // namespace

bool nfd_has_labelled(const std::vector<json>& nodes) {
  for (const auto& node : nodes) {
    const json labels = node.value("metadata", json::object()).value("labels", json::object());
    for (const auto& [key, value] : labels.items()) {
      if (key.starts_with("feature.node.kubernetes.io/")) return true;
    }
  }
  return false;
}

std::string tee_from_labels(const std::vector<json>& nodes) {
  for (const auto& node : nodes) {
    if (label_true(node, "intel.feature.node.kubernetes.io/tdx")) return "tdx";
    if (label_true(node, "amd.feature.node.kubernetes.io/snp")) return "snp";
  }
  return "";
}

bool nvidia_from_labels(const std::vector<json>& nodes) {
  for (const auto& node : nodes) {
    if (label_true(node, "nvidia.com/gpu.present") || label_true(node, "feature.node.kubernetes.io/pci-10de.present")) {
      return true;
    }
  }
  return false;
}

int compare_versions(const std::string& a, const std::string& b) {
  const char* pa = a.data();
  const char* pb = b.data();
  while (true) {
    long x = -1, y = -1;
    pa = std::from_chars(pa, a.data() + a.size(), x).ptr;
    pb = std::from_chars(pb, b.data() + b.size(), y).ptr;
    if (x != y) return x < y ? -1 : 1;
    if (x < 0) return 0;
    const bool more_a = pa < a.data() + a.size() && *pa == '.';
    const bool more_b = pb < b.data() + b.size() && *pb == '.';
    if (!more_a || !more_b) return more_a == more_b ? 0 : (more_a ? 1 : -1);
    ++pa;
    ++pb;
  }
}

util::Result<ClusterFacts> discover(kube::Cluster& cluster) {
  ClusterFacts facts;
  COCO_TRY_ASSIGN(const auto cv, get_config(cluster, "ClusterVersion", "version"));
  if (cv) facts.openshift_version = cluster_version(*cv);
  COCO_TRY_ASSIGN(const auto infra, get_config(cluster, "Infrastructure", "cluster"));
  if (infra) {
    facts.platform = text_at(*infra, "/status/platformStatus/type");
    if (facts.platform.empty()) facts.platform = text_at(*infra, "/status/platform");
  }
  COCO_TRY_ASSIGN(const auto ingress, get_config(cluster, "Ingress", "cluster"));
  if (ingress) facts.apps_domain = text_at(*ingress, "/spec/domain");
  COCO_TRY_ASSIGN(const auto nodes, cluster.list("v1", "Node", ""));
  for (const auto& node : nodes.items) facts.nodes.push_back(node.value("metadata", json::object()).value("name", ""));
  facts.tee = tee_from_labels(nodes.items);
  facts.nvidia_gpus = nvidia_from_labels(nodes.items);
  facts.nfd_labels = nfd_has_labelled(nodes.items);
  return facts;
}

}  // namespace cococtl::install::preflight
