// kstatus: sigs.k8s.io/cli-utils v0.37.2 pkg/kstatus/status/core.go (daemonsetConditions, checkGenerationSet);
// fields from k8s.io/api v0.32.0 apps/v1/types.go (DaemonSetStatus).
#include "rules.hpp"

#include <fmt/format.h>

namespace cococtl::kube::wait::detail {

State apps_daemon_set(const json& object, const Expectation&) {
  if (find(object, {"status", "observedGeneration"}) == nullptr) {
    return progress("waiting for the controller to observe it");
  }
  const std::int64_t desired = number(object, {"status", "desiredNumberScheduled"}, -1);
  if (desired < 0) return progress("waiting for the controller to count the nodes to run on");
  const std::int64_t current = number(object, {"status", "currentNumberScheduled"});
  const std::int64_t updated = number(object, {"status", "updatedNumberScheduled"});
  const std::int64_t available = number(object, {"status", "numberAvailable"});
  const std::int64_t ready_count = number(object, {"status", "numberReady"});
  if (auto missing = first_short({{current, desired, "nodes scheduled"},
                                  {updated, desired, "nodes updated"},
                                  {available, desired, "nodes available"},
                                  {ready_count, desired, "nodes ready"}})) {
    return progress(*std::move(missing));
  }
  return ready(fmt::format("{}/{} nodes ready", ready_count, desired));
}

}  // namespace cococtl::kube::wait::detail
