// intel/intel-device-plugins-for-kubernetes v0.36.0 pkg/apis/deviceplugin/v1/sgxdeviceplugin_types.go
// (status: controlledDaemonSet, nodeNames, desiredNumberScheduled, numberReady, copied from the DaemonSet).
#include "rules.hpp"

#include <fmt/format.h>

namespace cococtl::kube::wait::detail {

// desiredNumberScheduled 0 means no node carries the SGX feature label the plugin's nodeSelector
// asks for (yet: NFD adds it); that stays in progress with a message that says so.
State sgx_device_plugin(const json& object, const Expectation&) {
  if (text(object, {"status", "controlledDaemonSet", "name"}).empty()) {
    return progress("waiting for the operator to create the plugin DaemonSet");
  }
  const std::int64_t desired = number(object, {"status", "desiredNumberScheduled"});
  const std::int64_t ready_count = number(object, {"status", "numberReady"});
  if (desired == 0) return progress("no node selected for the SGX plugin yet (desiredNumberScheduled 0)");
  if (ready_count < desired) return progress(fmt::format("{}/{} nodes ready", ready_count, desired));
  return ready(fmt::format("{}/{} nodes ready", ready_count, desired));
}

}  // namespace cococtl::kube::wait::detail
