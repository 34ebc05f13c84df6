// openshift/machine-config-operator release-4.20 pkg/controller/node/status.go (calculateStatus) and its
// vendored openshift/api machineconfiguration/v1/types.go (MachineConfigPoolStatus, *Degraded conditions).
#include "rules.hpp"

#include <cococtl/util/strings.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace cococtl::kube::wait::detail {
namespace {

// The pool's own degraded conditions, most specific first; their message is the pool's account.
std::optional<State> degraded(const json& object, const std::string& pool) {
  constexpr std::array k_types = {"RenderDegraded",           "NodeDegraded",
                                  "ImageBuildDegraded",       "PinnedImageSetsDegraded",
                                  "PoolSynchronizerDegraded", "Degraded"};
  for (const char* type : k_types) {
    if (const auto c = condition(object, type); c && c->is_true()) {
      return failed(fmt::format("{}: {}: {}", pool, type, c->message.empty() ? c->reason : c->message));
    }
  }
  return std::nullopt;
}

std::vector<std::string> source_names(const json& object, Path configuration) {
  std::vector<std::string> names;
  const json* sources = find(object, configuration);
  if (sources == nullptr || !sources->is_array()) return names;
  for (const auto& source : *sources) names.push_back(text(source, {"name"}));
  return names;
}

std::vector<std::string> missing(const std::vector<std::string>& wanted, const std::vector<std::string>& have) {
  std::vector<std::string> out;
  for (const auto& name : wanted) {
    if (std::find(have.begin(), have.end(), name) == have.end()) out.push_back(name);
  }
  return out;
}

std::vector<std::string> still_listed(const std::vector<std::string>& removed, const std::vector<std::string>& have) {
  std::vector<std::string> out;
  for (const auto& name : removed) {
    if (std::find(have.begin(), have.end(), name) != have.end()) out.push_back(name);
  }
  return out;
}

}  // namespace

// Updated=True is stale right after a MachineConfig is applied: the render controller first
// writes the new rendered config to spec.configuration, and status.configuration (with its
// source list) follows only when every node runs it. So the pool is done only when its status
// lists every expected MachineConfig, all machines are updated, and status matches spec.
State machine_config_pool(const json& object, const Expectation& expect) {
  const std::string pool = text(object, {"metadata", "name"});
  if (auto d = degraded(object, pool)) return *std::move(d);
  const std::int64_t machines = number(object, {"status", "machineCount"});
  const std::int64_t updated = number(object, {"status", "updatedMachineCount"});
  std::string message = fmt::format("{}: {}/{} updated", pool, updated, machines);
  if (flag(object, {"spec", "paused"})) message += " (paused: spec.paused is true)";
  const auto not_rendered = missing(expect.machine_configs, source_names(object, {"spec", "configuration", "source"}));
  if (!not_rendered.empty()) {
    return progress(message + ", waiting for the pool to render " + util::join(not_rendered, ", ") +
                    " (does the MachineConfig's role label match the pool's machineConfigSelector?)");
  }
  const auto rolled_out = source_names(object, {"status", "configuration", "source"});
  const auto not_rolled_out = missing(expect.machine_configs, rolled_out);
  if (!not_rolled_out.empty()) return progress(message + ", rolling out " + util::join(not_rolled_out, ", "));
  // After deleting MachineConfigs the pool renders and rolls out a configuration without them.
  const auto not_removed = still_listed(expect.removed_machine_configs, rolled_out);
  if (!not_removed.empty()) return progress(message + ", rolling out the removal of " + util::join(not_removed, ", "));
  const std::string target = text(object, {"spec", "configuration", "name"});
  const bool at_target = target.empty() || target == text(object, {"status", "configuration", "name"});
  const auto updated_condition = condition(object, "Updated");
  if (!at_target || updated < machines || !updated_condition || !updated_condition->is_true()) return progress(message);
  return ready(message);
}

}  // namespace cococtl::kube::wait::detail
