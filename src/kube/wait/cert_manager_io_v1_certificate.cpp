// cert-manager/cert-manager v1.21.1 pkg/apis/certmanager/v1/types_certificate.go, types_issuer.go (conditions
// Ready, Issuing with observedGeneration) and pkg/controller/certificates/issuing/issuing_controller.go.
// Used for Certificate, Issuer and ClusterIssuer.
#include "rules.hpp"

namespace cococtl::kube::wait::detail {

// A failed issuance sets Issuing=False and lastFailureTime; cert-manager retries only after a
// back-off of at least an hour (certificateRequestMinimumBackoffDuration), so the wait ends there.
State cert_manager_ready(const json& object, const Expectation&) {
  const auto issuing = condition(object, "Issuing");
  if (issuing && issuing->is_false() && !text(object, {"status", "lastFailureTime"}).empty()) {
    return failed(with_detail("issuance failed", issuing->detail()));
  }
  const auto ready_condition = condition(object, "Ready");
  if (!ready_condition || stale(object, *ready_condition)) return progress("waiting for cert-manager to report Ready");
  if (ready_condition->is_true()) return ready(with_detail("Ready", ready_condition->message));
  return progress(with_detail("waiting for Ready", ready_condition->detail()));
}

}  // namespace cococtl::kube::wait::detail
