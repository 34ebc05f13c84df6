// The machine-config daemon's side of a rollout, as the node controller drives it
// (openshift/machine-config-operator release-4.20, pkg/controller/node): one machine of a pool
// at a time gets desiredConfig = the pool's target and goes Working; after its update it reports
// currentConfig = desiredConfig and Done. A machine updated while an operator fault names its
// pool reports Degraded with the reason the MCD would give, and retries once the fault clears.
#include "sim/api/selectors.hpp"
#include "sim/controllers/machine_config.hpp"

#include <fmt/format.h>

namespace cococtl::sim::mco {
namespace {

constexpr const char* k_manager = "machine-config-daemon";
constexpr const char* k_extension_mc = "50-enable-sandboxed-containers-extension";

bool matches(const json& selector, const json& labels) {
  std::string error;
  const auto parsed = LabelSelector::from_object(selector, error);
  return parsed && !parsed->empty() && parsed->matches(labels);
}

bool custom_pool(const std::string& name) { return name != "master" && name != "worker"; }

// Sets the daemon's annotations on the node (an update: the daemon writes them one at a time).
void annotate(ControllerContext& ctx, const std::string& node, const json& annotations) {
  auto live = ctx.get("v1", "Node", "", node);
  if (!live) return;
  json& current = object_member((*live)["metadata"], "annotations");
  for (const auto& [key, value] : annotations.items()) current[key] = value;
  ctx.update(*live, k_manager);
}

bool uses_extension_of_failed_kataconfig(ControllerContext& ctx, const json& pool) {
  const auto mc = ctx.get(k_api, "MachineConfig", "", k_extension_mc);
  if (!mc) return false;
  const std::string owner = string_at(*mc, {"metadata", "labels", "app"});
  if (ctx.faults().kataconfig_failed.count(owner) == 0) return false;
  for (const auto& source : pool["spec"].value("configuration", json::object()).value("source", json::array())) {
    if (source.value("name", "") == k_extension_mc) return true;
  }
  return false;
}

}  // namespace

std::string annotation(const json& node, const char* key) { return string_at(node, {"metadata", "annotations", key}); }

std::vector<json> pool_members(const json& pool, const std::vector<json>& pools, const std::vector<json>& nodes) {
  const std::string name = string_at(pool, {"metadata", "name"});
  std::vector<json> out;
  for (const auto& node : nodes) {
    const json labels = node["metadata"].value("labels", json::object());
    std::string owner = labels.contains("node-role.kubernetes.io/master") ? "master" : "";
    for (const auto& other : pools) {
      const std::string other_name = string_at(other, {"metadata", "name"});
      if (owner.empty() && custom_pool(other_name) &&
          matches(other["spec"].value("nodeSelector", json::object()), labels)) {
        owner = other_name;
      }
    }
    if (owner.empty() && labels.contains("node-role.kubernetes.io/worker")) owner = "worker";
    if (owner == name) out.push_back(node);
  }
  return out;
}

std::string fault_reason(ControllerContext& ctx, const json& pool) {
  if (ctx.faults().mcp_degraded.count(string_at(pool, {"metadata", "name"})) != 0) {
    return "failed to drain node: {} after 1 hour. Please see machine-config-controller logs for more information";
  }
  if (uses_extension_of_failed_kataconfig(ctx, pool)) {
    return "error running rpm-ostree update --install sandboxed-containers: error: Could not depsolve transaction; "
           "1 problem detected: exit status 1";
  }
  return "";
}

void NodeRollout::step(ControllerContext& ctx, const json& pool, const std::vector<json>& members) {
  const std::string target = string_at(pool, {"spec", "configuration", "name"});
  if (target.empty()) return;
  const std::string fault = fault_reason(ctx, pool);
  bool busy = false;
  for (const auto& node : members) {
    const std::string name = string_at(node, {"metadata", "name"});
    if (annotation(node, k_current).empty()) {  // bootstrap: the node was installed with this config
      annotate(ctx, name, {{k_current, target}, {k_desired, target}, {k_state, k_done}, {k_reason, ""}});
      busy = true;
    } else if (annotation(node, k_state) != k_done) {
      busy = true;
      advance(ctx, node, fault);
    }
  }
  if (busy || bool_at(pool, {"spec", "paused"})) return;
  for (const auto& node : members) {  // maxUnavailable 1: the next machine not at the target
    if (annotation(node, k_desired) == target && annotation(node, k_current) == target) continue;
    annotate(ctx, string_at(node, {"metadata", "name"}), {{k_desired, target}, {k_state, k_working}, {k_reason, ""}});
    return;
  }
}

void NodeRollout::advance(ControllerContext& ctx, const json& node, const std::string& fault) {
  const std::string name = string_at(node, {"metadata", "name"});
  const std::string state = annotation(node, k_state);
  if (!fault.empty()) {
    if (state != k_degraded)
      annotate(ctx, name, {{k_state, k_degraded}, {k_reason, fmt::format(fmt::runtime(fault), name)}});
    m_ticks.forget(name);
    return;
  }
  if (state == k_degraded) {  // the fault cleared: the daemon retries the update
    annotate(ctx, name, {{k_state, k_working}, {k_reason, ""}});
    return;
  }
  if (m_ticks.progress(name, annotation(node, k_desired)) <= k_ticks_per_machine) return;
  annotate(ctx, name, {{k_current, annotation(node, k_desired)}, {k_state, k_done}, {k_reason, ""}});
  m_ticks.forget(name);
}

}  // namespace cococtl::sim::mco
