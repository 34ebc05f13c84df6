// kstatus: sigs.k8s.io/cli-utils v0.37.2 pkg/kstatus/status/core.go (podConditions); fields from
// k8s.io/api v0.32.0 core/v1/types.go (PodStatus.phase, conditions, containerStatuses[].state.waiting).
#include "rules.hpp"

#include <fmt/format.h>

namespace cococtl::kube::wait::detail {
namespace {

struct Waiting {
  std::string container;
  std::string reason;
  std::string message;
};

// The first container (init containers first) that is waiting with a reason, e.g. ImagePullBackOff.
std::optional<Waiting> waiting_container(const json& object) {
  for (const char* list : {"initContainerStatuses", "containerStatuses"}) {
    const json* statuses = find(object, {"status", list});
    if (statuses == nullptr || !statuses->is_array()) continue;
    for (const auto& cs : *statuses) {
      const std::string reason = text(cs, {"state", "waiting", "reason"});
      if (!reason.empty()) return Waiting{text(cs, {"name"}), reason, text(cs, {"state", "waiting", "message"})};
    }
  }
  return std::nullopt;
}

}  // namespace

// Differs from kstatus in two places: a Failed pod is a failure here (cococtl waits for
// long-running workloads, not for pods of Jobs), and "unschedulable for more than 15s" is not
// judged, since a pure rule has no clock; an unschedulable pod stays in progress with the
// scheduler's message and the caller's timeout ends the wait.
State core_pod(const json& object, const Expectation&) {
  const std::string phase = text(object, {"status", "phase"});
  if (phase == "Succeeded") return ready("completed");
  if (phase == "Failed") {
    return failed(
        with_detail("pod failed", detail_of(text(object, {"status", "reason"}), text(object, {"status", "message"}))));
  }
  const auto ready_condition = condition(object, "Ready");
  if (phase == "Running" && ready_condition && ready_condition->is_true()) return ready("Running and Ready");
  if (const auto waiting = waiting_container(object)) {
    const std::string what = fmt::format("container {} is waiting: {}", waiting->container, waiting->reason);
    if (waiting->reason == "CrashLoopBackOff") return failed(with_detail(what, waiting->message));
    return progress(with_detail(what, waiting->message));
  }
  if (const auto scheduled = condition(object, "PodScheduled"); scheduled && scheduled->is_false()) {
    return progress(with_detail("not scheduled", scheduled->detail()));
  }
  if (phase == "Running") return progress("Running, waiting for Ready");
  return progress(phase.empty() ? "waiting for the pod to be scheduled" : "pod is " + phase);
}

}  // namespace cococtl::kube::wait::detail
