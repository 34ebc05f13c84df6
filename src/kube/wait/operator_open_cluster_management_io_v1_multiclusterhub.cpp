// stolostron/multiclusterhub-operator release-2.14 api/v1/multiclusterhub_types.go (status.phase Pending|Paused|
// Running|Installing|Updating|Uninstalling|UpdatingBlocked|Error, conditions) and controllers/status.go.
#include "rules.hpp"

namespace cococtl::kube::wait::detail {
namespace {

// For Error, the failed component ("ComponentFailure: <name> (Kind:<kind>)" conditions); else the
// latest condition's message, which is what `oc get mch` shows in its MESSAGE column.
std::string hub_detail(const json& object) {
  const json* conditions = find(object, {"status", "conditions"});
  if (conditions == nullptr || !conditions->is_array() || conditions->empty()) return "";
  for (const auto& c : *conditions) {
    const std::string type = text(c, {"type"});
    if (type.starts_with("ComponentFailure") && text(c, {"status"}) == "True") {
      return type + ": " + text(c, {"message"});
    }
  }
  return text(conditions->back(), {"message"});
}

}  // namespace

// Error (a component failed to apply) and UpdatingBlocked need a person; everything else is on
// its way to Running.
State multi_cluster_hub(const json& object, const Expectation&) {
  const std::string phase = text(object, {"status", "phase"});
  const std::string version = text(object, {"status", "currentVersion"});
  if (phase == "Running") return ready(version.empty() ? "Running" : "Running " + version);
  if (phase == "Error" || phase == "UpdatingBlocked") return failed(with_detail(phase, hub_detail(object)));
  if (phase.empty()) return progress("waiting for the hub operator to report a phase");
  return progress(with_detail(phase, hub_detail(object)));
}

}  // namespace cococtl::kube::wait::detail
