// kstatus: sigs.k8s.io/cli-utils v0.37.2 pkg/kstatus/status/core.go (pvcConditions); phases from
// k8s.io/api v0.32.0 core/v1/types.go (ClaimPending, ClaimBound, ClaimLost).
#include "rules.hpp"

namespace cococtl::kube::wait::detail {

// A claim of a WaitForFirstConsumer storage class stays Pending until a pod uses it: callers
// should not wait for such claims on their own.
State core_persistent_volume_claim(const json& object, const Expectation&) {
  const std::string phase = text(object, {"status", "phase"});
  if (phase == "Bound") return ready(with_detail("Bound", text(object, {"spec", "volumeName"})));
  if (phase == "Lost") return failed("the claim lost its volume (phase Lost)");
  return progress("waiting for the claim to be bound (phase " + (phase.empty() ? std::string("unknown") : phase) + ")");
}

}  // namespace cococtl::kube::wait::detail
