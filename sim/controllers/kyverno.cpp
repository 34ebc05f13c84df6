// Kyverno (kyverno/kyverno v1.17.1, the engine behind the 3.7 chart the catalog offers), once its
// CSV has Succeeded: ClusterPolicies and Policies become Ready the tick after they are seen, as
// the webhook controller reports them (pkg/controllers/webhook/controller.go updatePolicyStatuses:
// conditions[Ready] reason Succeeded message "Ready", rulecount, autogen, validatingadmissionpolicy);
// ValidatingPolicies get the policystatus controller's conditionStatus (WebhookConfigured and
// RBACPermissionsGranted, ready). The mutation itself is admission/kyverno.cpp; cloneList
// generate rules are kyverno_generate.cpp.
#include "sim/controllers/controller.hpp"
#include "sim/controllers/kyverno_generate.hpp"

namespace cococtl::sim {
namespace {

constexpr const char* k_manager = "kyverno";

json rule_count(const json& policy) {
  json count = {{"validate", 0}, {"generate", 0}, {"mutate", 0}, {"verifyimages", 0}};
  for (const auto& rule : policy["spec"].value("rules", json::array())) {
    for (const auto& [field, key] : {std::pair{"validate", "validate"}, std::pair{"generate", "generate"},
                                     std::pair{"mutate", "mutate"}, std::pair{"verifyImages", "verifyimages"}}) {
      if (rule.contains(field)) count[key] = count[key].get<int>() + 1;
    }
  }
  return count;
}

class KyvernoController : public Controller {
 public:
  const char* name() const override { return "kyverno"; }

  void reconcile(ControllerContext& ctx) override {
    if (!ctx.operator_namespace("kyverno")) return;
    for (const char* kind : {"ClusterPolicy", "Policy"}) {
      if (!ctx.served("kyverno.io/v1", kind)) continue;
      for (auto& policy : ctx.list("kyverno.io/v1", kind)) {
        policy_status(ctx, policy);
        // The background controller acts on policies the webhook controller reported Ready.
        if (condition_true(policy, "Ready")) run_generate_rules(ctx, policy);
      }
    }
    for (const char* version : {"policies.kyverno.io/v1", "policies.kyverno.io/v1beta1"}) {
      if (!ctx.served(version, "ValidatingPolicy")) continue;
      for (auto& policy : ctx.list(version, "ValidatingPolicy")) validating_policy_status(ctx, policy);
      break;
    }
  }

 private:
  // The webhook configuration picks a policy up on the next sync: Ready one tick after it is seen.
  bool configured(const json& policy) { return m_ticks.progress(string_at(policy, {"metadata", "uid"}), "seen") > 1; }

  void policy_status(ControllerContext& ctx, const json& policy) {
    if (find_path(policy, {"metadata", "deletionTimestamp"}) != nullptr) return;
    json updated = policy;
    json& status = object_member(updated, "status");
    const bool ready = configured(policy);
    set_condition(updated, "Ready", ready ? "True" : "False", ready ? "Succeeded" : "Failed",
                  ready ? "Ready" : "Not Ready");
    status.erase("ready");
    status["rulecount"] = rule_count(policy);
    status["autogen"] = json::object();  // autogen rules are not generated (README)
    status["validatingadmissionpolicy"] = {{"generated", false}, {"message", ""}};
    if (updated != policy) ctx.write_status(updated, k_manager);
  }

  void validating_policy_status(ControllerContext& ctx, const json& policy) {
    if (find_path(policy, {"metadata", "deletionTimestamp"}) != nullptr) return;
    json updated = policy;
    const bool ready = configured(policy);
    json holder = {{"status", updated.value("status", json::object()).value("conditionStatus", json::object())}};
    set_condition(holder, "WebhookConfigured", ready ? "True" : "False", ready ? "Succeeded" : "Failed",
                  ready ? "Webhook configured." : "Policy is not configured in the webhook.");
    set_condition(holder, "RBACPermissionsGranted", "True", "Succeeded", "Policy is ready for reporting.");
    holder["status"]["ready"] = ready;
    json& status = object_member(updated, "status");
    status["conditionStatus"] = holder["status"];
    status["autogen"] = json::object();
    status["generated"] = status.value("generated", false);
    if (updated != policy) ctx.write_status(updated, k_manager);
  }

  TickCounter m_ticks;
};

}  // namespace

std::unique_ptr<Controller> make_kyverno_controller() { return std::make_unique<KyvernoController>(); }

}  // namespace cococtl::sim
