// Kyverno: ClusterPolicies and Policies become Ready, with their rule counts.
#include "sim/controllers/controller.hpp"

namespace cococtl::sim {
namespace {

class KyvernoController : public Controller {
 public:
  const char* name() const override { return "kyverno"; }

  void reconcile(ControllerContext& ctx) override {
    for (const char* kind : {"ClusterPolicy", "Policy"}) {
      if (!ctx.served("kyverno.io/v1", kind)) continue;
      for (auto& policy : ctx.list("kyverno.io/v1", kind)) {
        json updated = policy;
        set_condition(updated, "Ready", "True", "Succeeded", "Ready");
        updated["status"]["ready"] = true;
        const json rules = policy["spec"].value("rules", json::array());
        updated["status"]["rulecount"] = {{"validate", 0}, {"generate", 0}, {"mutate", 0}, {"verifyimages", 0}};
        for (const auto& rule : rules) {
          for (const char* action : {"validate", "generate", "mutate"}) {
            if (rule.contains(action)) updated["status"]["rulecount"][action] = updated["status"]["rulecount"][action].get<int>() + 1;
          }
        }
        if (updated != policy) ctx.write_status(updated, "kyverno");
      }
    }
  }
};

}  // namespace

std::unique_ptr<Controller> make_kyverno_controller() { return std::make_unique<KyvernoController>(); }

}  // namespace cococtl::sim
