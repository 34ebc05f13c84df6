// Advanced Cluster Management: a MultiClusterHub goes Installing, then Running.
#include "sim/controllers/controller.hpp"

namespace cococtl::sim {
namespace {

class AcmController : public Controller {
 public:
  const char* name() const override { return "acm"; }

  void reconcile(ControllerContext& ctx) override {
    constexpr const char* k_api = "operator.open-cluster-management.io/v1";
    if (!ctx.operator_namespace("advanced-cluster-management") || !ctx.served(k_api, "MultiClusterHub")) return;
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

}  // namespace

std::unique_ptr<Controller> make_acm_controller() { return std::make_unique<AcmController>(); }

}  // namespace cococtl::sim
