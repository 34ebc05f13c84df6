#include "sim/admission/admission.hpp"

#include <fmt/format.h>

namespace cococtl::sim {

ApiStatus admit_runtime_class(Api& api, const ResourceType& type, json& object) {
  if (!type.group.empty() || type.kind != "Pod") return Ok{};
  const std::string name = string_at(object, {"spec", "runtimeClassName"});
  if (name.empty()) return Ok{};
  const auto rc = api.store().get("node.k8s.io/runtimeclasses", "", name);
  // Admission runs before the API server generates a name, so messages show generateName.
  const std::string shown = string_at(object, {"metadata", "generateName"}, string_at(object, {"metadata", "name"}));
  if (!rc) {
    return forbidden(fmt::format("pods \"{}\" is forbidden: pod rejected: RuntimeClass \"{}\" not found", shown, name),
                     "", "pods", shown);
  }
  json& spec = object_member(object, "spec");
  if (const json* fixed = find_path(*rc, {"overhead", "podFixed"}); fixed != nullptr) spec["overhead"] = *fixed;
  if (const json* selector = find_path(*rc, {"scheduling", "nodeSelector"});
      selector != nullptr && selector->is_object()) {
    json& merged = object_member(spec, "nodeSelector");
    for (const auto& [key, value] : selector->items()) {
      if (merged.contains(key) && merged[key] != value) {
        return forbidden(fmt::format("pods \"{}\" is forbidden: pod rejected: conflict with RuntimeClass nodeSelector "
                                     "for key {}",
                                     shown, key),
                         "", "pods", shown);
      }
      merged[key] = value;
    }
  }
  return Ok{};
}

void install_admission(Api& api) {
  api.add_admission([&api](const ResourceType& type, json& object) { return admit_runtime_class(api, type, object); });
  api.add_admission([&api](const ResourceType& type, json& object) { return admit_kyverno(api, type, object); });
}

}  // namespace cococtl::sim
