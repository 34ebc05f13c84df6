// Machine Config Operator (openshift/machine-config-operator release-4.20): the render
// controller renders the MachineConfigs a pool's selector matches into spec.configuration one
// tick after they change (so right after a MachineConfig is applied the pool still reports the
// old configuration as Updated, as on a real cluster); the node controller rolls machines over
// (machine_config_nodes.cpp) and computes the pool status from them (node/status.go
// calculateStatus): machine counts, Updated/Updating/NodeDegraded/RenderDegraded/Degraded, and
// status.configuration = spec.configuration only once every machine is updated.
#include "sim/controllers/machine_config.hpp"
#include "sim/api/selectors.hpp"

#include <cococtl/crypto/digest.hpp>

#include <fmt/format.h>

namespace cococtl::sim {
namespace {

using namespace mco;

bool selects(const json& selector, const json& labels) {
  std::string error;
  const auto parsed = LabelSelector::from_object(selector, error);
  return parsed && !parsed->empty() && parsed->matches(labels);
}

// spec.configuration for the MachineConfigs `pool` selects today.
json render(const json& pool, const std::vector<json>& configs) {
  const std::string name = string_at(pool, {"metadata", "name"});
  json sources = json::array();
  std::string content;
  for (const auto& mc : configs) {
    if (find_path(mc, {"metadata", "deletionTimestamp"}) != nullptr) continue;
    if (!selects(pool["spec"].value("machineConfigSelector", json::object()),
                 mc["metadata"].value("labels", json::object()))) {
      continue;
    }
    sources.push_back({{"apiVersion", k_api}, {"kind", "MachineConfig"}, {"name", mc["metadata"]["name"]}});
    content += mc["metadata"]["name"].get<std::string>() + mc.value("spec", json::object()).dump();
  }
  const auto digest = crypto::digest_hex(crypto::DigestAlgorithm::sha256, content);
  const std::string hash = digest.ok() ? digest.value().substr(0, 32) : std::string(32, '0');
  return {{"name", fmt::format("rendered-{}-{}", name, hash)}, {"source", sources}};
}

struct Counts {
  long long machines = 0, updated = 0, ready = 0, unavailable = 0, degraded = 0;
  std::vector<std::string> degraded_reasons;
};

bool node_ready(const json& node) { return condition_true(node, "Ready") && !bool_at(node, {"spec", "unschedulable"}); }

Counts count(const std::string& target, const std::vector<json>& members) {
  Counts c;
  for (const auto& node : members) {
    const std::string current = annotation(node, k_current), desired = annotation(node, k_desired);
    const std::string state = annotation(node, k_state);
    const bool done = !current.empty() && current == desired && state == k_done;
    const bool failing = current != desired && state == k_degraded;
    ++c.machines;
    c.updated += done && desired == target;
    c.ready += done && desired == target && node_ready(node);
    c.unavailable += !node_ready(node) || (!done && !failing);
    if (!desired.empty() && state == k_degraded) {
      ++c.degraded;
      const std::string reason = annotation(node, k_reason);
      if (!reason.empty()) {
        c.degraded_reasons.push_back(
            fmt::format("Node {} is reporting: \"{}\"", string_at(node, {"metadata", "name"}), reason));
      }
    }
  }
  return c;
}

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out;
}

json pool_status(const json& pool, const std::vector<json>& members) {
  json updated = pool;
  json& status = object_member(updated, "status");
  const json spec_config = pool["spec"].value("configuration", json::object());
  const std::string target = spec_config.value("name", "");
  const Counts c = count(target, members);
  status["observedGeneration"] = int_at(pool, {"metadata", "generation"}, 1);
  status["machineCount"] = c.machines;
  status["updatedMachineCount"] = c.updated;
  status["readyMachineCount"] = c.ready;
  status["unavailableMachineCount"] = c.unavailable;
  status["degradedMachineCount"] = c.degraded;
  const std::string line = "MachineConfig " + target;
  if (c.updated == c.machines && c.ready == c.machines && c.unavailable == 0) {
    set_condition(updated, "Updated", "True", "", "All nodes are updated with " + line);
    set_condition(updated, "Updating", "False", "", "");
    status["configuration"] = spec_config;
  } else {
    set_condition(updated, "Updated", "False", "", "");
    const bool paused = bool_at(pool, {"spec", "paused"});
    set_condition(updated, "Updating", paused ? "False" : "True", "",
                  paused ? "Pool is paused; will not update to " + line : "All nodes are updating to " + line);
  }
  const std::string degraded_message = join(c.degraded_reasons);
  if (c.degraded > 0) {
    set_condition(updated, "NodeDegraded", "True",
                  fmt::format("{} nodes are reporting degraded status on sync", c.degraded), degraded_message);
  } else {
    set_condition(updated, "NodeDegraded", "False", "", "");
  }
  set_condition(updated, "RenderDegraded", "False", "", "");
  set_condition(updated, "Degraded", c.degraded > 0 ? "True" : "False", "", c.degraded > 0 ? degraded_message : "");
  return updated;
}

class MachineConfigController : public Controller {
 public:
  const char* name() const override { return "machine-config"; }

  void reconcile(ControllerContext& ctx) override {
    const auto configs = ctx.list(k_api, "MachineConfig");
    const auto pools = ctx.list(k_api, "MachineConfigPool");
    for (const auto& pool : pools) render_pool(ctx, pool, configs);
    const auto nodes = ctx.list("v1", "Node");
    for (const auto& pool : ctx.list(k_api, "MachineConfigPool")) {
      m_rollout.step(ctx, pool, pool_members(pool, pools, nodes));
    }
    const auto rolled = ctx.list("v1", "Node");
    for (const auto& pool : ctx.list(k_api, "MachineConfigPool")) {
      if (find_path(pool, {"metadata", "deletionTimestamp"}) != nullptr) continue;
      const json updated = pool_status(pool, pool_members(pool, pools, rolled));
      if (updated != pool) ctx.write_status(updated, "machine-config-controller");
    }
  }

 private:
  // The render controller waits a tick after a change before it writes the new configuration.
  void render_pool(ControllerContext& ctx, const json& pool, const std::vector<json>& configs) {
    const std::string pool_name = string_at(pool, {"metadata", "name"});
    const json desired = render(pool, configs);
    const bool first = !find_path(pool, {"spec", "configuration", "name"});
    if (string_at(pool, {"spec", "configuration", "name"}) == desired["name"]) return;
    if (!first && m_render.progress(pool_name, desired["name"]) < 2) return;
    ctx.apply({{"apiVersion", k_api},
               {"kind", "MachineConfigPool"},
               {"metadata", {{"name", pool_name}}},
               {"spec", {{"configuration", desired}}}},
              "machine-config-controller");
  }

  TickCounter m_render;
  NodeRollout m_rollout;
};

}  // namespace

std::unique_ptr<Controller> make_machine_config_controller() { return std::make_unique<MachineConfigController>(); }

}  // namespace cococtl::sim
