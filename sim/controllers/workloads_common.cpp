#include "sim/controllers/workloads.hpp"

#include <cstdint>

namespace cococtl::sim {

json controller_ref(const json& owner) {
  return {{"apiVersion", owner["apiVersion"]}, {"kind", owner["kind"]}, {"name", owner["metadata"]["name"]},
          {"uid", owner["metadata"]["uid"]},   {"controller", true},    {"blockOwnerDeletion", true}};
}

std::vector<json> owned_by(const std::vector<json>& candidates, const json& owner) {
  const std::string uid = string_at(owner, {"metadata", "uid"});
  const std::string ns = string_at(owner, {"metadata", "namespace"});
  std::vector<json> out;
  for (const auto& c : candidates) {
    if (string_at(c, {"metadata", "namespace"}) != ns) continue;
    for (const auto& ref : c["metadata"].value("ownerReferences", json::array())) {
      if (ref.value("uid", "") == uid && ref.value("controller", false)) out.push_back(c);
    }
  }
  return out;
}

std::string pod_template_hash(const json& pod_template) {
  std::uint32_t hash = 2166136261u;
  for (const unsigned char c : pod_template.dump()) {
    hash ^= c;
    hash *= 16777619u;
  }
  static const std::string k_alphanums = "bcdfghjklmnpqrstvwxz2456789";
  std::string out;
  for (const unsigned char c : std::to_string(hash)) out += k_alphanums[c % k_alphanums.size()];
  return out;
}

std::string owning_deployment(ControllerContext& ctx, const json& pod) {
  const std::string ns = string_at(pod, {"metadata", "namespace"});
  for (const auto& ref : pod["metadata"].value("ownerReferences", json::array())) {
    if (ref.value("kind", "") != "ReplicaSet") continue;
    const auto rs = ctx.get("apps/v1", "ReplicaSet", ns, ref.value("name", ""));
    if (!rs) return "";
    for (const auto& owner : (*rs)["metadata"].value("ownerReferences", json::array())) {
      if (owner.value("kind", "") == "Deployment") return ns + "/" + owner.value("name", "");
    }
  }
  return "";
}

}  // namespace cococtl::sim
