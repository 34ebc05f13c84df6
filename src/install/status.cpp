#include <cococtl/install/status.hpp>

#include "apply_stage.hpp"
#include "inventory.hpp"

#include <cococtl/kube/wait.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace cococtl::install {
namespace {

using json = nlohmann::json;

std::string state_name(const kube::wait::State& s) { return !s.done ? "progressing" : s.ok ? "ready" : "failed"; }

manifest::Object member_object(const Member& m) {
  json body{{"apiVersion", m.api_version}, {"kind", m.kind}, {"metadata", {{"name", m.name}}}};
  if (!m.ns.empty()) body["metadata"]["namespace"] = m.ns;
  return {body, 0, "inventory"};
}

ObjectStatus judge(const std::string& stage, const std::string& display, const json& live,
                   const kube::wait::Expectation& expect = {}) {
  if (live.is_null()) return {stage, display, "missing", "not found in the cluster"};
  const auto state = kube::wait::evaluate(live, expect);
  return {stage, display, state_name(state), state.message};
}

// What the members roll out (pools, operator Deployments), judged like members.
util::Result<void> derived(kube::Cluster& cluster, const std::string& stage, const std::vector<manifest::Object>& live,
                           StatusReport& report) {
  for (const auto& item : waits_after(live)) {
    if (item.kind != "MachineConfigPool" && item.kind != "Deployment") continue;
    const bool is_member = std::any_of(live.begin(), live.end(), [&](const auto& o) {
      return o.kind() == item.kind && o.name() == item.name && o.namespace_name() == item.ns;
    });
    if (is_member) continue;
    COCO_TRY_ASSIGN(const auto object, cluster.get(item.api_version, item.kind, item.ns, item.name));
    report.objects.push_back(judge(stage, item.display(), object ? *object : json(), item.expect));
  }
  return {};
}

util::Result<void> members(kube::Cluster& cluster, const Inventory& inventory, StatusReport& report) {
  for (const auto& stage : stage_names()) {
    std::vector<manifest::Object> objects;
    for (const auto& m : inventory.members) {
      if (m.stage == stage) objects.push_back(member_object(m));
    }
    if (objects.empty()) continue;
    COCO_TRY_ASSIGN(const auto live, cluster.read_live(objects));
    std::vector<manifest::Object> present;
    for (std::size_t i = 0; i < objects.size(); ++i) {
      report.objects.push_back(judge(stage, objects[i].display(), live[i]));
      if (!live[i].is_null()) present.push_back({live[i], 0, "cluster"});
    }
    COCO_TRY(derived(cluster, stage, present, report));
  }
  return {};
}

util::Result<void> operators(kube::Cluster& cluster, const Inventory& inventory, StatusReport& report) {
  for (const auto& o : inventory.operators) {
    COCO_TRY_ASSIGN(const auto csv, cluster.get("operators.coreos.com/v1alpha1", "ClusterServiceVersion", o.ns, o.csv));
    const auto s = judge("operators", o.csv, csv ? *csv : json());
    report.operators.push_back({o.package, o.ns, o.csv, s.state, s.message});
  }
  return {};
}

}  // namespace

bool StatusReport::ready() const {
  const auto is_ready = [](const auto& s) { return s.state == "ready"; };
  return installed && std::all_of(objects.begin(), objects.end(), is_ready) &&
         std::all_of(operators.begin(), operators.end(), is_ready);
}

util::Result<StatusReport> status(kube::Cluster& cluster, const std::string& name, const std::string& ns) {
  StatusReport report;
  report.inventory = ns + "/" + name;
  COCO_TRY_ASSIGN(const auto inventory, load_inventory(cluster, name, ns));
  if (!inventory) return report;
  report.installed = true;
  report.topology = inventory->topology;
  report.install_state = inventory->state;
  report.stage = inventory->stage;
  report.tool = inventory->tool;
  report.updated = inventory->updated;
  COCO_TRY(operators(cluster, *inventory, report));
  COCO_TRY(members(cluster, *inventory, report));
  return report;
}

}  // namespace cococtl::install
