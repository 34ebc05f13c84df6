// operator-framework/api v0.45.0 pkg/operators/v1/operatorgroup_types.go (status.namespaces,
// conditions MultipleOperatorGroup / OperatorGroupServiceAccount in abnormal-true polarity).
#include "rules.hpp"

#include <cococtl/util/strings.hpp>

namespace cococtl::kube::wait::detail {

// OLM resolves the target namespaces quickly and CSVs wait for that anyway; what matters here
// are the two conditions that stop every CSV in the namespace.
State olm_operator_group(const json& object, const Expectation&) {
  if (const auto multiple = condition(object, "MultipleOperatorGroup"); multiple && multiple->is_true()) {
    return failed(with_detail("more than one OperatorGroup in the namespace", multiple->detail()));
  }
  if (const auto account = condition(object, "OperatorGroupServiceAccount"); account && account->is_true()) {
    return failed(with_detail("service account problem", account->detail()));
  }
  const auto targets = strings(object, {"status", "namespaces"});
  if (targets.empty()) return ready("present");
  const bool all = targets.size() == 1 && targets.front().empty();  // OLM writes [""] for all namespaces
  return ready(all ? "targets all namespaces" : "targets " + util::join(targets, ", "));
}

}  // namespace cococtl::kube::wait::detail
