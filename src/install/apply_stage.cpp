#include "apply_stage.hpp"

#include "inventory.hpp"

#include <cococtl/install/apply_order.hpp>
#include <cococtl/util/interrupt.hpp>

#include <fmt/format.h>

#include <map>
#include <set>

namespace cococtl::install {
namespace {

using json = nlohmann::json;

// Kinds whose readiness is their existence, or whose readiness must not be awaited alone (a
// PersistentVolumeClaim on a WaitForFirstConsumer class binds only when a pod uses it).
bool worth_waiting_for(const manifest::Object& object) {
  static const std::set<std::string> k_skip{"Namespace",      "Secret",      "ConfigMap",          "ServiceAccount",
                                            "Role",           "RoleBinding", "ClusterRole",        "ClusterRoleBinding",
                                            "Service",        "StorageClass", "PersistentVolumeClaim", "OperatorGroup",
                                            "NodeFeatureRule", "SecurityContextConstraints", "MachineConfig",
                                            "Subscription"};
  return !k_skip.count(object.kind()) && kube::wait::has_rule(object.api_version(), object.kind());
}

// The Deployment the trustee operator creates for a KbsConfig (trustee-operator
// internal/controller: the KBS Deployment of an AllInOneDeployment).
std::vector<WaitItem> derived_waits(const manifest::Object& object) {
  if (object.kind() == "KbsConfig") {
    return {WaitItem{"apps/v1", "Deployment", object.namespace_name(), "trustee-deployment"}};
  }
  return {};
}

// MachineConfigs roll out through the pool named by their role label; the pool is done only when
// its rendered configuration lists them.
std::vector<WaitItem> pool_waits(const std::vector<manifest::Object>& wave) {
  std::map<std::string, std::vector<std::string>> by_role;
  for (const auto& o : wave) {
    if (o.kind() != "MachineConfig") continue;
    const auto labels = o.body.value("metadata", json::object()).value("labels", json::object());
    by_role[labels.value("machineconfiguration.openshift.io/role", "worker")].push_back(o.name());
  }
  std::vector<WaitItem> out;
  for (auto& [role, names] : by_role) {
    out.push_back({"machineconfiguration.openshift.io/v1", "MachineConfigPool", "", role, {.machine_configs = names}});
  }
  return out;
}

std::chrono::milliseconds timeout_for(const Context& context, const std::vector<WaitItem>& items) {
  for (const auto& item : items) {
    if (item.kind == "MachineConfigPool" || item.kind == "KataConfig") return context.options.timeouts.machine_config_pool;
  }
  return context.options.timeouts.wait;
}

void report(Context& context, const manifest::Object& object, const kube::ApplyResult& r) {
  const bool failed = r.outcome == kube::ApplyOutcome::error;
  context.emit({.type = "object", .object = object.display(), .action = std::string(kube::to_string(r.outcome)),
                .result = failed ? "failed" : "ok", .message = r.message});
}

// Applies one wave; returns the displays of the objects that failed.
std::vector<std::string> apply_wave(Context& context, std::vector<manifest::Object>& wave) {
  OrderOptions options;
  // install owns what it renders, as GitOps tools do: a field someone edited by hand is taken
  // back (force), and `cococtl diff` shows such edits beforehand. Most runs find the cluster
  // converged: an object already holding what would be sent gets no request (skip_unchanged).
  options.apply = {.dry_run = context.options.dry_run,
                   .force = true,
                   .concurrency = context.options.concurrency,
                   .skip_unchanged = true};
  const auto results = apply_in_order(context.cluster, wave, options,
                                      [&](std::size_t i, const kube::ApplyResult& r) { report(context, wave[i], r); });
  std::vector<std::string> failed;
  for (std::size_t i = 0; i < wave.size(); ++i) {
    ++context.summary.objects[std::string(kube::to_string(results[i].outcome))];
    if (results[i].outcome == kube::ApplyOutcome::error) failed.push_back(wave[i].display() + ": " + results[i].message);
    if (auto* member = context.inventory.find(wave[i]); member && results[i].object.is_object()) {
      member->uid = results[i].object.value("metadata", json::object()).value("uid", member->uid);
    }
  }
  return failed;
}

std::map<int, std::vector<manifest::Object>> by_wave(std::vector<manifest::Object> objects) {
  std::map<int, std::vector<manifest::Object>> waves;
  for (auto& o : objects) waves[o.wave].push_back(std::move(o));
  return waves;
}

}  // namespace

std::vector<WaitItem> waits_after(const std::vector<manifest::Object>& wave) {
  std::vector<WaitItem> items = pool_waits(wave);
  for (const auto& o : wave) {
    if (worth_waiting_for(o)) items.push_back(wait_item(o));
    for (auto& derived : derived_waits(o)) items.push_back(std::move(derived));
  }
  return items;
}

util::Result<void> record_members(Context& context, const std::vector<manifest::Object>& objects) {
  std::vector<manifest::Object> unknown;
  for (const auto& o : objects) {
    if (!context.inventory.find(o)) unknown.push_back(o);
  }
  if (unknown.empty() || context.options.dry_run) return {};
  COCO_TRY_ASSIGN(const auto live, context.cluster.read_live(unknown));
  for (std::size_t i = 0; i < unknown.size(); ++i) context.inventory.add(unknown[i], context.stage, live[i].is_null());
  context.inventory.state = "installing " + context.stage;
  return save_inventory(context.cluster, context.inventory, false);
}

util::Result<void> apply_and_wait(Context& context, std::vector<manifest::Object> objects) {
  for (auto& o : objects) label_member(o, context.inventory.id);
  COCO_TRY(record_members(context, objects));
  for (auto& [wave, members] : by_wave(std::move(objects))) {
    if (util::interrupted()) return util::Error{util::ExitCode::interrupted, "interrupted"};
    const auto failed = apply_wave(context, members);
    if (!failed.empty()) {
      return util::failure(fmt::format("{} object{} failed to apply: {}", failed.size(), failed.size() == 1 ? "" : "s",
                                       fmt::join(failed, "; ")));
    }
    if (context.options.dry_run) continue;
    const auto items = waits_after(members);
    COCO_TRY(wait_for(context, items, timeout_for(context, items)));
  }
  return {};
}

}  // namespace cococtl::install
