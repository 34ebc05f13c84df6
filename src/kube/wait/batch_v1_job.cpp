// kstatus: sigs.k8s.io/cli-utils v0.37.2 pkg/kstatus/status/core.go (jobConditions); conditions from
// k8s.io/api v0.32.0 batch/v1/types.go (Complete, Failed; SuccessCriteriaMet/FailureTarget precede them).
#include "rules.hpp"

#include <fmt/format.h>

namespace cococtl::kube::wait::detail {

// Unlike kstatus (a started Job counts as current), a Job is waited for until it finishes, as
// kapp does: install runs Jobs for their result.
State batch_job(const json& object, const Expectation&) {
  const std::int64_t parallelism = number(object, {"spec", "parallelism"}, 1);
  const std::int64_t completions = number(object, {"spec", "completions"}, parallelism);
  const std::int64_t succeeded = number(object, {"status", "succeeded"});
  if (const auto complete = condition(object, "Complete"); complete && complete->is_true()) {
    return ready(fmt::format("complete, {}/{} succeeded", succeeded, completions));
  }
  if (const auto job_failed = condition(object, "Failed"); job_failed && job_failed->is_true()) {
    return failed(with_detail(fmt::format("job failed, {} pods failed", number(object, {"status", "failed"})),
                              job_failed->detail()));
  }
  if (text(object, {"status", "startTime"}).empty()) return progress("waiting for the job to start");
  return progress(fmt::format("running: {}/{} succeeded, {} active, {} failed", succeeded, completions,
                              number(object, {"status", "active"}), number(object, {"status", "failed"})));
}

}  // namespace cococtl::kube::wait::detail
