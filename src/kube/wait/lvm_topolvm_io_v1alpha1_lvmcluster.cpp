// openshift/lvm-operator release-4.20 api/v1alpha1/lvmcluster_types.go (status.state Ready|Progressing|
// Failed|Degraded|Unknown, deviceClassStatuses[].nodeStatus[]) and internal/controllers/lvmcluster/status.go.
#include "rules.hpp"

#include <fmt/format.h>

namespace cococtl::kube::wait::detail {
namespace {

// "vg1 on worker-0: <reason>" for the first volume group in `status` (e.g. Failed).
std::string volume_group(const json& object, std::string_view status) {
  const json* classes = find(object, {"status", "deviceClassStatuses"});
  if (classes == nullptr || !classes->is_array()) return "";
  for (const auto& device_class : *classes) {
    const json* nodes = find(device_class, {"nodeStatus"});
    if (nodes == nullptr || !nodes->is_array()) continue;
    for (const auto& node : *nodes) {
      if (text(node, {"status"}) != status) continue;
      return fmt::format("{} on {}: {}", text(device_class, {"name"}), text(node, {"node"}), text(node, {"reason"}));
    }
  }
  return "";
}

}  // namespace

// Only Failed is final (a volume group could not be created); Degraded volume groups and
// resources still syncing are reported while waiting.
State lvm_cluster(const json& object, const Expectation&) {
  const std::string state = text(object, {"status", "state"});
  if (state == "Ready") return ready("volume groups ready");
  const auto groups = condition(object, "VolumeGroupsReady");
  if (state == "Failed") {
    const std::string where = volume_group(object, "Failed");
    return failed(with_detail("volume groups failed", where.empty() && groups ? groups->message : where));
  }
  if (state == "Degraded") return progress(with_detail("volume groups degraded", volume_group(object, "Degraded")));
  const auto resources = condition(object, "ResourcesAvailable");
  if (resources && !resources->is_true()) {
    return progress(with_detail("waiting for LVMS resources", resources->message));
  }
  if (groups && !groups->is_true()) return progress(with_detail("waiting for volume groups", groups->message));
  return progress("waiting for LVMS to report state Ready");
}

}  // namespace cococtl::kube::wait::detail
