// kstatus: sigs.k8s.io/cli-utils v0.37.2 pkg/kstatus/status/core.go (stsConditions); fields from
// k8s.io/api v0.32.0 apps/v1/types.go (StatefulSetStatus, updateStrategy OnDelete / rollingUpdate.partition).
#include "rules.hpp"

#include <fmt/format.h>

namespace cococtl::kube::wait::detail {

State apps_stateful_set(const json& object, const Expectation&) {
  if (text(object, {"spec", "updateStrategy", "type"}) == "OnDelete") {
    return ready("OnDelete update strategy (pods update when deleted)");
  }
  const std::int64_t spec = number(object, {"spec", "replicas"}, 1);
  const std::int64_t replicas = number(object, {"status", "replicas"});
  const std::int64_t ready_count = number(object, {"status", "readyReplicas"});
  const std::int64_t current = number(object, {"status", "currentReplicas"});
  const std::int64_t updated = number(object, {"status", "updatedReplicas"});
  const std::int64_t partition = number(object, {"spec", "updateStrategy", "rollingUpdate", "partition"}, -1);
  if (auto missing = first_short({{replicas, spec, "replicas created"}, {ready_count, spec, "replicas ready"}})) {
    return progress(*std::move(missing));
  }
  if (replicas > spec) return progress(fmt::format("extra replicas terminating: {}", replicas - spec));
  // The API server defaults rollingUpdate.partition to 0, so this is the usual path (as in kstatus).
  if (partition >= 0) {
    const std::string part = partition > 0 ? fmt::format(" (partition {})", partition) : "";
    if (updated < spec - partition) {
      return progress(fmt::format("{}/{} replicas updated{}", updated, spec - partition, part));
    }
    return ready(fmt::format("{}/{} replicas ready{}", ready_count, spec, part));
  }
  if (spec > current) return progress(fmt::format("{}/{} replicas at the current revision", current, spec));
  if (text(object, {"status", "currentRevision"}) != text(object, {"status", "updateRevision"})) {
    return progress("waiting for the update revision to become current");
  }
  return ready(fmt::format("{}/{} replicas ready", ready_count, spec));
}

}  // namespace cococtl::kube::wait::detail
