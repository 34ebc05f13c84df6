// kyverno/kyverno v1.19.0 pkg/controllers/policystatus/{controller.go,vpol.go} and config/crds/policies.kyverno.io
// (status.conditionStatus{ready, conditions[WebhookConfigured, RBACPermissionsGranted], message}); the
// ConditionStatus type is kyverno/api api/policies.kyverno.io/v1beta1/conditions.go. Also NamespacedValidatingPolicy.
#include "rules.hpp"

#include <array>

namespace cococtl::kube::wait::detail {

// conditionStatus.ready is true when every condition is True. A condition that is False stays
// in progress: the webhook is configured asynchronously, and missing reporting permissions are
// granted by Kyverno's own aggregated roles, so both can still change; its message is shown.
State kyverno_validating_policy(const json& object, const Expectation&) {
  if (flag(object, {"status", "conditionStatus", "ready"})) return ready("configured in Kyverno's webhooks");
  const json* conditions = find(object, {"status", "conditionStatus", "conditions"});
  constexpr std::array k_types = {"WebhookConfigured", "RBACPermissionsGranted", "PolicyCached"};
  for (const char* type : k_types) {
    const auto c = conditions != nullptr ? condition_in(*conditions, type) : std::nullopt;
    if (c && !c->is_true()) return progress(with_detail(std::string("waiting for ") + type, c->message));
  }
  return progress(with_detail("waiting for Kyverno to report the policy ready",
                              text(object, {"status", "conditionStatus", "message"})));
}

}  // namespace cococtl::kube::wait::detail
