// openshift/trustee-operator v1.1.0 (Trustee 1.1) api/v1alpha1/kbsconfig_types.go (status.isReady) and
// internal/controller/kbsconfig_controller.go (updateKbsConfigStatus: the trustee Deployment's readyReplicas).
#include "rules.hpp"

namespace cococtl::kube::wait::detail {

// The operator reports only isReady, copied from its trustee Deployment (readyReplicas >= 1 and
// == replicas); it reports no failure. Failures (ProgressDeadlineExceeded, crash loops) show on
// that Deployment and its pods, which the caller waits for as well.
State kbs_config(const json& object, const Expectation&) {
  if (flag(object, {"status", "isReady"})) return ready("KBS deployment ready");
  return progress("waiting for the KBS deployment to be ready (status.isReady)");
}

}  // namespace cococtl::kube::wait::detail
