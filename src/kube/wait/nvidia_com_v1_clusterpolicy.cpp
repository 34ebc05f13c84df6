// NVIDIA/gpu-operator v26.3.0 api/nvidia/v1/clusterpolicy_types.go (status.state ready|notReady|ignored,
// conditions Ready/Error) and controllers/clusterpolicy_controller.go, internal/conditions/.
#include "rules.hpp"

namespace cococtl::kube::wait::detail {

// notReady is what the operator reports while operands roll out and while a reconcile fails
// (it retries), so it stays in progress with the Error condition's message. "ignored" means
// another ClusterPolicy is the active one: this one will never be reconciled.
State nvidia_cluster_policy(const json& object, const Expectation&) {
  const std::string state = text(object, {"status", "state"});
  if (state == "ready") {
    const auto ready_condition = condition(object, "Ready");
    const bool no_gpu = ready_condition && ready_condition->reason == "NoGPUNodes";
    return ready(no_gpu ? "GPU operands ready, but no GPU node was found" : "GPU operands ready");
  }
  if (state == "ignored") return failed("ignored: another ClusterPolicy is the active one");
  const auto error = condition(object, "Error");
  const std::string detail = error && error->is_true() ? error->detail() : "";
  if (state == "notReady") return progress(with_detail("waiting for the GPU operands", detail));
  return progress("waiting for the GPU operator to report status.state");
}

}  // namespace cococtl::kube::wait::detail
