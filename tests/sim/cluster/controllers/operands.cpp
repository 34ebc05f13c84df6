// Small operand controllers: Trustee (KbsConfig -> KBS Deployment + Service), Kyverno
// (ClusterPolicy/Policy -> Ready), ACM (MultiClusterHub -> Running) and the NVIDIA GPU operator
// (ClusterPolicy -> ready, GPU nodes labelled nvidia.com/gpu.present=true).
#include "cluster/controllers/controller.hpp"

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

class AcmController : public Controller {
 public:
  const char* name() const override { return "acm"; }

  void reconcile(ControllerContext& ctx) override {
    constexpr const char* k_api = "operator.open-cluster-management.io/v1";
    if (!ctx.served(k_api, "MultiClusterHub")) return;
    for (auto& hub : ctx.list(k_api, "MultiClusterHub")) {
      const bool running = m_ticks.progress(string_at(hub, {"metadata", "uid"}), "installing") > 4;
      json updated = hub;
      updated["status"]["phase"] = running ? "Running" : "Installing";
      updated["status"]["currentVersion"] = running ? "2.13.4" : "";
      updated["status"]["desiredVersion"] = "2.13.4";
      set_condition(updated, "Complete", running ? "True" : "False", running ? "ComponentsAvailable" : "InstallInProgress",
                    running ? "All hub components ready." : "Waiting for hub components.");
      if (updated != hub) ctx.write_status(updated, "multiclusterhub-operator");
    }
  }

 private:
  TickCounter m_ticks;
};

class GpuController : public Controller {
 public:
  const char* name() const override { return "gpu"; }

  void reconcile(ControllerContext& ctx) override {
    if (!ctx.served("nvidia.com/v1", "ClusterPolicy")) return;
    for (auto& policy : ctx.list("nvidia.com/v1", "ClusterPolicy")) {
      for (const auto& node : ctx.list("v1", "Node")) {
        if (string_at(node, {"metadata", "labels", "feature.node.kubernetes.io/pci-10de.present"}) != "true") continue;
        ctx.apply({{"apiVersion", "v1"}, {"kind", "Node"},
                   {"metadata", {{"name", node["metadata"]["name"]},
                                 {"labels", {{"nvidia.com/gpu.present", "true"}, {"nvidia.com/gpu.workload.config", "vm-passthrough"}}}}}},
                  "gpu-operator");
      }
      const bool ready = m_ticks.progress(string_at(policy, {"metadata", "uid"}), "deploying") > 3;
      json updated = policy;
      updated["status"]["state"] = ready ? "ready" : "notReady";
      updated["status"]["namespace"] = "nvidia-gpu-operator";
      set_condition(updated, "Ready", ready ? "True" : "False", ready ? "Reconciled" : "OperandNotReady", "");
      if (updated != policy) ctx.write_status(updated, "gpu-operator");
    }
  }

 private:
  TickCounter m_ticks;
};

}  // namespace

std::unique_ptr<Controller> make_kbs_controller() { return std::make_unique<KbsController>(); }
std::unique_ptr<Controller> make_kyverno_controller() { return std::make_unique<KyvernoController>(); }
std::unique_ptr<Controller> make_acm_controller() { return std::make_unique<AcmController>(); }
std::unique_ptr<Controller> make_gpu_controller() { return std::make_unique<GpuController>(); }

}  // namespace cococtl::sim
