// KataConfig status and runtime classes, as the OSC controller computes them
// (controllers/openshift_controller.go updateStatus, putNodeOnStatusList, the InProgress
// condition setters; confidential_handler.go and peerpods.go for the runtime classes).
#include "sim/controllers/kata.hpp"
#include "sim/controllers/machine_config.hpp"

#include <fmt/format.h>

namespace cococtl::sim::kata {
namespace {

json node_selector(const Setup& s) {
  return s.converged ? json{{"node-role.kubernetes.io/master", ""}} : json{{k_kata_oc_label, ""}};
}

bool has_labels(const json& node, const json& wanted) {
  const json labels = node["metadata"].value("labels", json::object());
  for (const auto& [key, value] : wanted.items()) {
    if (!labels.contains(key) || labels[key] != value) return false;
  }
  return true;
}

bool uses_extension(const json& pool) {
  for (const auto& source : pool["spec"].value("configuration", json::object()).value("source", json::array())) {
    if (source.value("name", "") == k_extension_mc) return true;
  }
  return false;
}

// The list of status.kataNodes a node belongs to ("" when none), per the upstream predicates.
std::string node_list(const std::string& state, const std::string& current, const std::string& target, bool enabled) {
  if (state == mco::k_done && current == target) return enabled ? "installed" : "";
  if (state == mco::k_working) return enabled ? "installing" : "uninstalling";
  if (state == mco::k_done) return enabled ? "waitingToInstall" : "waitingToUninstall";
  if (state == mco::k_degraded) return enabled ? "failedToInstall" : "failedToUninstall";
  return "";
}

json runtime_class(const json& kata, const std::string& name, const std::string& handler, json overhead,
                   json selector) {
  return {{"apiVersion", "node.k8s.io/v1"},
          {"kind", "RuntimeClass"},
          {"metadata",
           {{"name", name},
            {"finalizers", {k_rc_finalizer}},
            {"labels", {{"app.kubernetes.io/managed-by", "sandboxed-containers-operator"}}},
            {"ownerReferences",
             {{{"apiVersion", k_api},
               {"kind", "KataConfig"},
               {"name", kata["metadata"]["name"]},
               {"uid", kata["metadata"]["uid"]},
               {"controller", true},
               {"blockOwnerDeletion", true}}}}}},
          {"handler", handler},
          {"overhead", {{"podFixed", std::move(overhead)}}},
          {"scheduling", {{"nodeSelector", std::move(selector)}}}};
}

void ensure(ControllerContext& ctx, json& kata, const json& rc) {
  const std::string name = rc["metadata"]["name"];
  if (!ctx.get("node.k8s.io/v1", "RuntimeClass", "", name)) {
    if (!ctx.create(rc, k_manager).ok()) return;
  }
  json& classes = object_member(kata, "status")["runtimeClasses"];
  if (!classes.is_array()) classes = json::array();
  if (std::find(classes.begin(), classes.end(), name) == classes.end()) classes.push_back(name);
}

// computeTEE over the kata nodes: "tdx", "snp", or "" (none, or more than one kind).
std::string tee_of(ControllerContext& ctx, const Setup& s) {
  bool tdx = false, snp = false;
  for (const auto& node : ctx.list("v1", "Node")) {
    if (!has_labels(node, node_selector(s))) continue;
    tdx |= has_labels(node, {{"intel.feature.node.kubernetes.io/tdx", "true"}});
    snp |= has_labels(node, {{"amd.feature.node.kubernetes.io/snp", "true"}});
  }
  return tdx == snp ? "" : (tdx ? "tdx" : "snp");
}

bool gpu_nodes(ControllerContext& ctx) {
  for (const auto& node : ctx.list("v1", "Node")) {
    if (has_labels(node, {{"nvidia.com/gpu.present", "true"}})) return true;
  }
  return false;
}

}  // namespace

std::string in_progress(const json& kata) {
  const json* c = find_condition(kata, "InProgress");
  return c == nullptr ? "" : c->value("status", "");
}

void set_in_progress(json& kata, const std::string& status, const std::string& reason, const std::string& message) {
  set_condition(kata, "InProgress", status, reason, message);
}

void update_node_status(ControllerContext& ctx, json& kata, const Setup& s) {
  json nodes_status = {{"nodeCount", 0}, {"readyNodeCount", 0}};
  std::map<std::string, json> lists;
  long long count = 0;
  for (const auto& node : ctx.list("v1", "Node")) {
    count += has_labels(node, node_selector(s));
    if (!has_labels(node, {{"node-role.kubernetes.io/worker", ""}})) continue;
    const bool labelled = has_labels(node, {{k_kata_oc_label, ""}});
    const std::string pool_name = s.converged ? "master" : (labelled ? "kata-oc" : "worker");
    const auto pool = ctx.get(mco::k_api, "MachineConfigPool", "", pool_name);
    const std::string state = mco::annotation(node, mco::k_state);
    if (!pool || state.empty()) continue;
    const bool enabled = s.converged ? uses_extension(*pool) : pool_name == "kata-oc";
    const std::string target = string_at(*pool, {"spec", "configuration", "name"});
    const std::string list = node_list(state, mco::annotation(node, mco::k_current), target, enabled);
    if (list.empty()) continue;
    if (!lists[list].is_array()) lists[list] = json::array();
    lists[list].push_back(node["metadata"]["name"]);
    if (state == mco::k_degraded) {
      set_in_progress(kata, "True", "Failed",
                      fmt::format("Node {} Degraded: {}", string_at(node, {"metadata", "name"}),
                                  mco::annotation(node, mco::k_reason)));
    }
  }
  nodes_status["nodeCount"] = count;
  nodes_status["readyNodeCount"] = lists.count("installed") ? lists["installed"].size() : 0;
  for (auto& [name, values] : lists) nodes_status[name] = std::move(values);
  object_member(kata, "status")["kataNodes"] = nodes_status;
}

void create_runtime_classes(ControllerContext& ctx, json& kata, const Setup& s) {
  const json base = {{"cpu", "250m"}, {"memory", "350Mi"}};
  ensure(ctx, kata, runtime_class(kata, "kata", "kata", base, node_selector(s)));
  if (bool_at(kata, {"spec", "enablePeerPods"})) {
    ensure(ctx, kata,
           runtime_class(kata, "kata-remote", "kata-remote", {{"cpu", "250m"}, {"memory", "120Mi"}}, node_selector(s)));
  }
  const auto gates = ctx.get("v1", "ConfigMap", s.operator_namespace, "osc-feature-gates");
  if (!gates || string_at(*gates, {"data", "confidential"}) != "true") return;
  const std::string tee = tee_of(ctx, s);
  if (tee.empty()) return;  // upstream: "no TEE platform labels found", the reconcile retries
  json overhead = base;
  overhead[tee == "tdx" ? "tdx.intel.com/keys" : "sev-snp.amd.com/esids"] = "1";
  ensure(ctx, kata, runtime_class(kata, "kata-cc", "kata-" + tee, overhead, node_selector(s)));
  if (gpu_nodes(ctx)) {
    ensure(ctx, kata,
           runtime_class(kata, "kata-cc-nvidia-gpu", "kata-" + tee + "-nvidia-gpu", overhead, node_selector(s)));
  }
}

void release_runtime_classes(ControllerContext& ctx) {
  const auto pods = ctx.list("v1", "Pod");
  for (auto& rc : ctx.list("node.k8s.io/v1", "RuntimeClass")) {
    if (find_path(rc, {"metadata", "deletionTimestamp"}) == nullptr || !has_finalizer(rc, k_rc_finalizer)) continue;
    const bool in_use = std::any_of(pods.begin(), pods.end(), [&](const json& p) {
      const std::string phase = string_at(p, {"status", "phase"}, "Pending");
      return string_at(p, {"spec", "runtimeClassName"}) == rc["metadata"]["name"] &&
             (phase == "Running" || phase == "Pending" || phase == "Unknown");
    });
    if (!in_use) remove_finalizer(ctx, rc, k_rc_finalizer, k_manager);
  }
}

}  // namespace cococtl::sim::kata
