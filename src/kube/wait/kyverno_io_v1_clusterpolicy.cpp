// kyverno/kyverno v1.19.0 api/kyverno/v1/policy_status.go (conditions[type Ready], deprecated status.ready)
// and pkg/controllers/webhook/controller.go (updatePolicyStatuses). Used for ClusterPolicy and Policy.
#include "rules.hpp"

namespace cococtl::kube::wait::detail {

// Kyverno sets Ready=True once the policy is in its webhook configuration and Ready=False
// ("Not Ready") until then; invalid policies are refused at admission, so there is no failed
// state to wait for. Releases before the Ready condition wrote only status.ready.
State kyverno_policy(const json& object, const Expectation&) {
  const auto ready_condition = condition(object, "Ready");
  const bool is_ready = ready_condition ? ready_condition->is_true() : flag(object, {"status", "ready"});
  if (is_ready) return ready("loaded into Kyverno's webhooks");
  return progress(with_detail("waiting for Kyverno to load the policy into its webhooks",
                              ready_condition ? ready_condition->detail() : ""));
}

}  // namespace cococtl::kube::wait::detail
