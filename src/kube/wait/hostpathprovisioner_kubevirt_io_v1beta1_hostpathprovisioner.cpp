// kubevirt/hostpath-provisioner-operator v0.25.2 pkg/apis/hostpathprovisioner/v1beta1/types.go (status.conditions
// from openshift/custom-resource-status) and pkg/controller/hostpathprovisioner/cr.go (MarkCr*, IsCrHealthy).
#include "rules.hpp"

namespace cococtl::kube::wait::detail {

// The operator's own states: healthy = Available, not Progressing, not Degraded; "failed,
// requiring human intervention" = Degraded while neither Available nor Progressing (MarkCrFailed).
// Degraded while Progressing is it healing or upgrading.
State host_path_provisioner(const json& object, const Expectation&) {
  const auto available = condition(object, "Available");
  const auto progressing = condition(object, "Progressing");
  const auto degraded = condition(object, "Degraded");
  const bool is_available = available && available->is_true();
  const bool is_progressing = progressing && progressing->is_true();
  const bool is_degraded = degraded && degraded->is_true();
  if (is_available && !is_progressing && !is_degraded) return ready(with_detail("Available", available->message));
  if (is_degraded && !is_available && !is_progressing) return failed(with_detail("degraded", degraded->detail()));
  if (is_degraded) return progress(with_detail("healing", degraded->detail()));
  return progress(with_detail("deploying the provisioner", is_progressing ? progressing->detail() : ""));
}

}  // namespace cococtl::kube::wait::detail
