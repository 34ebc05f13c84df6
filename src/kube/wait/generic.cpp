// kstatus: sigs.k8s.io/cli-utils v0.37.2 pkg/kstatus/status/{generic.go,status.go} (checkGenericProperties,
// checkReadyCondition).
#include "rules.hpp"

#include <cococtl/util/strings.hpp>

#include <fmt/format.h>

namespace cococtl::kube::wait::detail {

std::optional<State> common_checks(const json& object) {
  if (!text(object, {"metadata", "deletionTimestamp"}).empty()) {
    const auto finalizers = strings(object, {"metadata", "finalizers"});
    if (finalizers.empty()) return progress("being deleted");
    return progress("being deleted, waiting for finalizers: " + util::join(finalizers, ", "));
  }
  const std::int64_t generation = number(object, {"metadata", "generation"}, -1);
  const std::int64_t observed = number(object, {"status", "observedGeneration"}, -1);
  if (generation >= 0 && observed >= 0 && observed != generation) {
    return progress(
        fmt::format("waiting for the controller to observe generation {} (observed {})", generation, observed));
  }
  if (const auto reconciling = condition(object, "Reconciling"); reconciling && reconciling->is_true()) {
    return progress(with_detail("reconciling", reconciling->detail()));
  }
  if (const auto stalled = condition(object, "Stalled"); stalled && stalled->is_true()) {
    return failed(with_detail("stalled", stalled->detail()));
  }
  return std::nullopt;
}

// Unknown kinds: a Ready condition decides when there is one (widely used, though not an API
// convention); otherwise there is nothing to wait for, as in kstatus.
State generic(const json& object, const Expectation&) {
  const auto condition_ready = condition(object, "Ready");
  if (!condition_ready) return ready("present (no readiness rule for this kind)");
  if (stale(object, *condition_ready)) return progress("waiting for the controller to observe the current generation");
  if (condition_ready->is_true()) return ready(with_detail("Ready", condition_ready->detail()));
  return progress(with_detail("waiting for Ready=True, now " + condition_ready->status, condition_ready->detail()));
}

}  // namespace cococtl::kube::wait::detail
