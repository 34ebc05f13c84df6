// kstatus: sigs.k8s.io/cli-utils v0.37.2 pkg/kstatus/status/core.go (replicasetConditions); fields from
// k8s.io/api v0.32.0 apps/v1/types.go (ReplicaSetStatus, condition ReplicaFailure).
#include "rules.hpp"

#include <fmt/format.h>

namespace cococtl::kube::wait::detail {

State apps_replica_set(const json& object, const Expectation&) {
  if (const auto failure = condition(object, "ReplicaFailure"); failure && failure->is_true()) {
    // Quota or admission refusing pods can clear up, so this stays in progress (as in kstatus).
    return progress(with_detail("pods cannot be created", failure->detail()));
  }
  const std::int64_t spec = number(object, {"spec", "replicas"}, 1);
  const std::int64_t replicas = number(object, {"status", "replicas"});
  const std::int64_t labeled = number(object, {"status", "fullyLabeledReplicas"});
  const std::int64_t available = number(object, {"status", "availableReplicas"});
  const std::int64_t ready_count = number(object, {"status", "readyReplicas"});
  if (auto missing = first_short({{labeled, spec, "replicas labelled"},
                                  {available, spec, "replicas available"},
                                  {ready_count, spec, "replicas ready"}})) {
    return progress(*std::move(missing));
  }
  if (replicas > spec) return progress(fmt::format("extra replicas terminating: {}", replicas - spec));
  return ready(fmt::format("{}/{} replicas available", available, spec));
}

}  // namespace cococtl::kube::wait::detail
