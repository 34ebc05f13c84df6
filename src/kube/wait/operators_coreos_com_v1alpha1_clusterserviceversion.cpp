// operator-framework/api v0.45.0 pkg/operators/v1alpha1/clusterserviceversion_types.go (phase Pending|
// InstallReady|Installing|Succeeded|Failed|Unknown|Replacing|Deleting, reason, message).
#include "rules.hpp"

namespace cococtl::kube::wait::detail {

// Replacing and Deleting end the wait as failures: a newer CSV is taking over, so this version
// will not become Succeeded again (with Manual approval and a pin this means someone approved
// another plan).
State olm_cluster_service_version(const json& object, const Expectation&) {
  const std::string name = "CSV " + text(object, {"metadata", "name"});
  const std::string phase = text(object, {"status", "phase"});
  const std::string detail = detail_of(text(object, {"status", "reason"}), text(object, {"status", "message"}));
  if (phase == "Succeeded") return ready(name + " succeeded");
  // OLM fails a CSV whose namespace has no OperatorGroup yet and retries it when one appears
  // (install creates it in the same stage; under API errors it may land later).
  if (phase == "Failed" && text(object, {"status", "reason"}) == "NoOperatorGroup") {
    return progress(with_detail(name + " waits for an OperatorGroup in its namespace", detail));
  }
  if (phase == "Failed") return failed(with_detail(name + " failed", detail));
  if (phase == "Replacing" || phase == "Deleting") {
    return failed(with_detail(name + " is " + phase + ": a newer CSV replaces it", detail));
  }
  if (phase.empty()) return progress("waiting for OLM to process " + name);
  return progress(with_detail(name + " is " + phase, detail));
}

}  // namespace cococtl::kube::wait::detail
