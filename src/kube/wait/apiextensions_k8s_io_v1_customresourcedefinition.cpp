// kstatus: sigs.k8s.io/cli-utils v0.37.2 pkg/kstatus/status/core.go (crdConditions); conditions from
// k8s.io/apiextensions-apiserver v0.32.0 pkg/apis/apiextensions/types.go (Established, NamesAccepted).
#include "rules.hpp"

namespace cococtl::kube::wait::detail {

State custom_resource_definition(const json& object, const Expectation&) {
  if (const auto names = condition(object, "NamesAccepted"); names && names->is_false()) {
    return failed(with_detail("names not accepted", names->detail()));
  }
  const auto established = condition(object, "Established");
  if (established && established->is_true()) return ready("Established");
  if (established && established->is_false() && established->reason != "Installing") {
    return failed(with_detail("not established", established->detail()));
  }
  return progress("waiting for the CRD to be Established");
}

}  // namespace cococtl::kube::wait::detail
