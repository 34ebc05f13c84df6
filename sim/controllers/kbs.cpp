// Trustee operator: a KbsConfig gets the KBS Deployment (trustee-deployment) and Service
// (kbs-service:8080); status.isReady follows the Deployment.
#include "sim/controllers/controller.hpp"

namespace cococtl::sim {
namespace {

json owner_ref(const json& owner) {
  return {{"apiVersion", owner["apiVersion"]}, {"kind", owner["kind"]}, {"name", owner["metadata"]["name"]},
          {"uid", owner["metadata"]["uid"]}, {"controller", true}, {"blockOwnerDeletion", true}};
}

class KbsController : public Controller {
 public:
  const char* name() const override { return "trustee"; }

  void reconcile(ControllerContext& ctx) override {
    constexpr const char* k_api = "confidentialcontainers.org/v1alpha1";
    if (!ctx.served(k_api, "KbsConfig")) return;
    for (auto& kbs : ctx.list(k_api, "KbsConfig")) {
      if (find_path(kbs, {"metadata", "deletionTimestamp"}) != nullptr) continue;
      const std::string ns = string_at(kbs, {"metadata", "namespace"});
      const json labels = {{"app", "kbs"}};
      ctx.apply({{"apiVersion", "apps/v1"}, {"kind", "Deployment"},
                 {"metadata", {{"name", "trustee-deployment"}, {"namespace", ns}, {"labels", labels},
                               {"ownerReferences", {owner_ref(kbs)}}}},
                 {"spec", {{"replicas", 1}, {"selector", {{"matchLabels", labels}}},
                           {"template", {{"metadata", {{"labels", labels}}},
                                         {"spec", {{"containers", {{{"name", "kbs"},
                                                                    {"image", "registry.redhat.io/build-of-trustee/trustee-rhel9:1.1"},
                                                                    {"ports", {{{"containerPort", 8080}, {"name", "kbs"}}}}}}}}}}}}}},
                "trustee-operator");
      ctx.apply({{"apiVersion", "v1"}, {"kind", "Service"},
                 {"metadata", {{"name", "kbs-service"}, {"namespace", ns}, {"ownerReferences", {owner_ref(kbs)}}}},
                 {"spec", {{"selector", labels}, {"ports", {{{"name", "kbs-port"}, {"port", 8080},
                                                             {"targetPort", 8080}}}}}}},
                "trustee-operator");
      const auto deployment = ctx.get("apps/v1", "Deployment", ns, "trustee-deployment");
      const bool ready = deployment && condition_true(*deployment, "Available");
      json updated = kbs;
      updated["status"]["isReady"] = ready;
      if (updated != kbs) ctx.write_status(updated, "trustee-operator");
    }
  }
};

}  // namespace

std::unique_ptr<Controller> make_kbs_controller() { return std::make_unique<KbsController>(); }

}  // namespace cococtl::sim
