// Machine Config Operator: a MachineConfigPool renders the MachineConfigs its selector matches.
// When that set changes, the pool goes Updating (one tick per machine, at least two) and then
// Updated; paused pools wait. Nodes carry the current/desired config annotations.
#include "sim/controllers/controller.hpp"
#include "sim/api/selectors.hpp"

#include <fmt/format.h>

#include <functional>

namespace cococtl::sim {
namespace {

constexpr const char* k_mc_api = "machineconfiguration.openshift.io/v1";
constexpr const char* k_manager = "machine-config-controller";

bool matches(const json& selector, const json& labels) {
  std::string error;
  const auto parsed = LabelSelector::from_object(selector, error);
  return parsed && !parsed->empty() && parsed->matches(labels);
}

class MachineConfigController : public Controller {
 public:
  const char* name() const override { return "machine-config"; }

  void reconcile(ControllerContext& ctx) override {
    const auto configs = ctx.list(k_mc_api, "MachineConfig");
    const auto nodes = ctx.list("v1", "Node");
    for (auto& pool : ctx.list(k_mc_api, "MachineConfigPool")) reconcile_pool(ctx, pool, configs, nodes);
  }

 private:
  void reconcile_pool(ControllerContext& ctx, json& pool, const std::vector<json>& configs, const std::vector<json>& nodes) {
    const std::string pool_name = string_at(pool, {"metadata", "name"});
    json sources = json::array();
    std::string content;
    for (const auto& mc : configs) {
      if (!matches(pool["spec"].value("machineConfigSelector", json::object()), mc["metadata"].value("labels", json::object()))) {
        continue;
      }
      sources.push_back({{"apiVersion", k_mc_api}, {"kind", "MachineConfig"}, {"name", mc["metadata"]["name"]}});
      content += mc["metadata"]["name"].get<std::string>() + mc.value("spec", json::object()).dump();
    }
    const std::string rendered = fmt::format("rendered-{}-{:016x}", pool_name, std::hash<std::string>{}(content));
    long long machines = 0;
    for (const auto& node : nodes) {
      const json labels = node["metadata"].value("labels", json::object());
      // A node is in one pool only; control-plane nodes (also "worker" on single-node clusters) go to master.
      const bool taken_by_master = pool_name != "master" && labels.contains("node-role.kubernetes.io/master");
      machines += !taken_by_master && matches(pool["spec"].value("nodeSelector", json::object()), labels);
    }
    const json desired = {{"name", rendered}, {"source", sources}};
    if (string_at(pool, {"spec", "configuration", "name"}) != rendered) {
      json spec_update = {{"apiVersion", k_mc_api}, {"kind", "MachineConfigPool"},
                          {"metadata", {{"name", pool_name}}}, {"spec", {{"configuration", desired}}}};
      ctx.apply(spec_update, k_manager);
      return;
    }
    json updated = pool;
    json& status = updated["status"];
    const bool first = !status.contains("configuration");
    const bool current = string_at(pool, {"status", "configuration", "name"}) == rendered;
    const bool paused = bool_at(pool, {"spec", "paused"});
    const int needed = std::max<int>(2, static_cast<int>(machines));
    const bool done = first || current || (!paused && m_ticks.progress(pool_name, rendered) > needed);
    if (done) status["configuration"] = desired;
    status["machineCount"] = machines;
    status["readyMachineCount"] = done ? machines : 0;
    status["updatedMachineCount"] = done ? machines : 0;
    status["unavailableMachineCount"] = done ? 0 : std::min<long long>(machines, 1);
    status["degradedMachineCount"] = 0;
    status["observedGeneration"] = int_at(pool, {"metadata", "generation"}, 1);
    set_condition(updated, "Updated", done ? "True" : "False", "",
                  done ? "All nodes are updated with " + rendered : "");
    set_condition(updated, "Updating", done ? "False" : "True", "",
                  done ? "" : "All nodes are updating to " + rendered);
    set_condition(updated, "Degraded", "False", "", "");
    if (updated != pool) ctx.write_status(updated, k_manager);
  }

  TickCounter m_ticks;
};

}  // namespace

std::unique_ptr<Controller> make_machine_config_controller() { return std::make_unique<MachineConfigController>(); }

}  // namespace cococtl::sim
