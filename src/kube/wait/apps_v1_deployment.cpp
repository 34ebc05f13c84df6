// kstatus: sigs.k8s.io/cli-utils v0.37.2 pkg/kstatus/status/core.go (deploymentConditions); fields from
// k8s.io/api v0.32.0 apps/v1/types.go (DeploymentStatus, conditions Progressing/Available).
#include "rules.hpp"

#include <fmt/format.h>

namespace cococtl::kube::wait::detail {
namespace {

constexpr std::int64_t k_no_deadline = 2147483647;  // MaxInt32

}  // namespace

State apps_deployment(const json& object, const Expectation&) {
  const auto progressing = condition(object, "Progressing");
  if (progressing && progressing->reason == "ProgressDeadlineExceeded") {
    return failed(with_detail("rollout failed: progress deadline exceeded", progressing->message));
  }
  const std::int64_t spec = number(object, {"spec", "replicas"}, 1);
  const std::int64_t replicas = number(object, {"status", "replicas"});
  const std::int64_t updated = number(object, {"status", "updatedReplicas"});
  const std::int64_t ready_count = number(object, {"status", "readyReplicas"});
  const std::int64_t available = number(object, {"status", "availableReplicas"});
  if (auto missing = first_short({{replicas, spec, "replicas created"}, {updated, spec, "replicas updated"}})) {
    // A refused Pod (admission, quota) is still progress for kstatus, but the reason is the news.
    const auto failure = condition(object, "ReplicaFailure");
    return progress(failure && failure->is_true() ? with_detail(*missing, failure->detail()) : *std::move(missing));
  }
  if (replicas > spec) return progress(fmt::format("old replicas terminating: {}", replicas - spec));
  if (auto missing = first_short({{available, updated, "replicas available"}, {ready_count, spec, "replicas ready"}})) {
    return progress(*std::move(missing));
  }
  // Without a progress deadline (absent or MaxInt32) the controller reports no progress reason.
  const bool deadline = number(object, {"spec", "progressDeadlineSeconds"}, k_no_deadline) != k_no_deadline;
  const bool rolled_out = progressing && progressing->is_true() && progressing->reason == "NewReplicaSetAvailable";
  if (deadline && !rolled_out) {
    return progress(
        with_detail("waiting for the new ReplicaSet to be available", progressing ? progressing->detail() : ""));
  }
  const auto available_condition = condition(object, "Available");
  if (!available_condition || !available_condition->is_true()) return progress("waiting for Available=True");
  return ready(fmt::format("{}/{} replicas available", available, spec));
}

}  // namespace cococtl::kube::wait::detail
