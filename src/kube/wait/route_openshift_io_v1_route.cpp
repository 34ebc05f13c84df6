// openshift/api (vendored in openshift/machine-config-operator release-4.20) route/v1/types.go
// (status.ingress[]: host, routerName, conditions[type Admitted]); openshift/router admits or rejects.
#include "rules.hpp"

#include <fmt/format.h>

namespace cococtl::kube::wait::detail {

// A rejection by any router (HostAlreadyClaimed, ExtendedValidationFailed, ...) is final until
// the Route changes; an admission by one router is enough to serve the host.
State route(const json& object, const Expectation&) {
  const json* ingresses = find(object, {"status", "ingress"});
  if (ingresses == nullptr || !ingresses->is_array()) return progress("waiting for a router to admit the route");
  std::string admitted_by;
  for (const auto& ingress : *ingresses) {
    const auto* conditions = find(ingress, {"conditions"});
    const auto admitted = conditions != nullptr ? condition_in(*conditions, "Admitted") : std::nullopt;
    if (!admitted) continue;
    const std::string router = text(ingress, {"routerName"});
    if (admitted->is_false()) return failed(with_detail("rejected by router " + router, admitted->detail()));
    if (admitted->is_true() && admitted_by.empty()) {
      admitted_by = fmt::format("admitted by router {} as {}", router, text(ingress, {"host"}));
    }
  }
  if (!admitted_by.empty()) return ready(admitted_by);
  return progress("waiting for a router to admit the route");
}

}  // namespace cococtl::kube::wait::detail
