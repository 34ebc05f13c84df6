// OpenShift sandboxed containers: the KataConfig controller (processKataConfigInstallRequest and
// processKataConfigDeleteRequest of controllers/openshift_controller.go), acting once the
// operator's CSV has Succeeded. Install: the finalizer, the extension MachineConfig (role
// "master" on a converged cluster, else the kata-oc pool the operator creates for the worker
// nodes it labels), wait for the MCO to start and finish the rollout (waitingForMcoToStart,
// InProgress Installing/Updating/Failed, status.kataNodes), then the runtime classes, the
// operator's SCC and the monitor DaemonSet. Delete: refused while Pods use the runtime classes
// (BlockedByExistingKataPods), nodes unlabelled, the MachineConfig deleted and the rollout waited
// for, kata-oc and the monitor removed, then the finalizer goes; the runtime classes follow by
// garbage collection and lose their finalizer once no Pod runs with them.
#include "sim/controllers/kata.hpp"
#include "sim/controllers/machine_config.hpp"
#include "sim/controllers/workloads.hpp"

#include <fmt/format.h>

namespace cococtl::sim::kata {
namespace {

constexpr const char* k_monitor = "openshift-sandboxed-containers-monitor";
constexpr const char* k_scc = "sandboxed-containers-operator-scc";

bool pool_updating(ControllerContext& ctx, const std::string& pool) {
  const auto mcp = ctx.get(mco::k_api, "MachineConfigPool", "", pool);
  return mcp && condition_true(*mcp, "Updating");
}

json machine_config(const json& kata, const std::string& pool, const std::string& name, json spec) {
  return {{"apiVersion", mco::k_api},
          {"kind", "MachineConfig"},
          {"metadata",
           {{"name", name},
            {"labels", {{"machineconfiguration.openshift.io/role", pool}, {"app", kata["metadata"]["name"]}}}}},
          {"spec", std::move(spec)}};
}

// Creates the MachineConfigs kata needs; true when the extension one was just created.
bool create_machine_configs(ControllerContext& ctx, const json& kata, const Setup& s) {
  if (bool_at(kata, {"spec", "enablePeerPods"}) && !ctx.get(mco::k_api, "MachineConfig", "", "50-kata-remote")) {
    json files = {{{"path", "/etc/crio/crio.conf.d/50-kata-remote"},
                   {"mode", 420},
                   {"overwrite", true},
                   {"contents",
                    {{"source",
                      "data:text/plain;charset=utf-8;base64,"
                      "W2NyaW8ucnVudGltZS5ydW50aW1lcy5rYXRhLXJlbW90ZV0K"}}}}};
    (void)ctx.create(
        machine_config(kata, s.pool, "50-kata-remote",
                       {{"config", {{"ignition", {{"version", "3.2.0"}}}, {"storage", {{"files", files}}}}}}),
        k_manager);
  }
  if (ctx.get(mco::k_api, "MachineConfig", "", k_extension_mc)) return false;
  return ctx
      .create(machine_config(
                  kata, s.pool, k_extension_mc,
                  {{"extensions", {"sandboxed-containers"}}, {"config", {{"ignition", {{"version", "3.2.0"}}}}}}),
              k_manager)
      .ok();
}

// Labels (or, with `on` false, unlabels) the worker nodes for the kata-oc pool; true when any changed.
bool label_nodes(ControllerContext& ctx, bool on) {
  bool changed = false;
  for (auto& node : ctx.list("v1", "Node")) {
    json& labels = object_member(node["metadata"], "labels");
    if (!labels.contains("node-role.kubernetes.io/worker") || labels.contains(k_kata_oc_label) == on) continue;
    if (on)
      labels[k_kata_oc_label] = "";
    else
      labels.erase(k_kata_oc_label);
    changed = ctx.update(node, k_manager).has_value() || changed;
  }
  return changed;
}

void create_kata_oc_pool(ControllerContext& ctx) {
  if (ctx.get(mco::k_api, "MachineConfigPool", "", "kata-oc")) return;
  (void)ctx.create(
      {{"apiVersion", mco::k_api},
       {"kind", "MachineConfigPool"},
       {"metadata",
        {{"name", "kata-oc"}, {"labels", {{"pools.operator.machineconfiguration.openshift.io/kata-oc", ""}}}}},
       {"spec",
        {{"machineConfigSelector",
          {{"matchExpressions",
            {{{"key", "machineconfiguration.openshift.io/role"},
              {"operator", "In"},
              {"values", {"kata-oc", "worker"}}}}}}},
         {"nodeSelector", {{"matchLabels", {{k_kata_oc_label, ""}}}}}}}},
      k_manager);
}

void create_operands(ControllerContext& ctx, const json& kata, const Setup& s) {
  if (!ctx.get("security.openshift.io/v1", "SecurityContextConstraints", "", k_scc)) {
    (void)ctx.create({{"apiVersion", "security.openshift.io/v1"},
                      {"kind", "SecurityContextConstraints"},
                      {"metadata", {{"name", k_scc}, {"ownerReferences", {controller_ref(kata)}}}},
                      {"allowHostDirVolumePlugin", true},
                      {"allowHostIPC", false},
                      {"allowHostNetwork", false},
                      {"allowHostPID", false},
                      {"allowHostPorts", false},
                      {"allowPrivilegeEscalation", true},
                      {"allowPrivilegedContainer", false},
                      {"readOnlyRootFilesystem", false},
                      {"requiredDropCapabilities", {"MKNOD", "FSETID", "KILL", "FOWNER"}},
                      {"runAsUser", {{"type", "MustRunAsNonRoot"}}},
                      {"seLinuxContext", {{"type", "MustRunAs"}, {"seLinuxOptions", {{"type", "spc_t"}}}}},
                      {"fsGroup", {{"type", "RunAsAny"}}},
                      {"supplementalGroups", {{"type", "RunAsAny"}}},
                      {"volumes", {"configMap", "downwardAPI", "emptyDir", "hostPath", "secret"}}},
                     k_manager);
  }
  const json labels = {{"name", k_monitor}};
  const json selector = s.converged ? json{{"node-role.kubernetes.io/master", ""}} : json{{k_kata_oc_label, ""}};
  ctx.apply({{"apiVersion", "apps/v1"},
             {"kind", "DaemonSet"},
             {"metadata",
              {{"name", k_monitor}, {"namespace", s.operator_namespace}, {"ownerReferences", {controller_ref(kata)}}}},
             {"spec",
              {{"selector", {{"matchLabels", labels}}},
               {"template",
                {{"metadata", {{"labels", labels}}},
                 {"spec",
                  {{"serviceAccountName", "monitor"},
                   {"nodeSelector", selector},
                   {"containers",
                    {{{"name", "kata-monitor"},
                      {"image",
                       "registry.redhat.io/openshift-sandboxed-containers/"
                       "osc-monitor-rhel9:1.12.0"}}}}}}}}}}},
            k_manager);
}

void install(ControllerContext& ctx, json& kata, const Setup& s) {
  if (!add_finalizer(ctx, kata, k_finalizer, k_manager)) return;
  json updated = kata;
  json& status = object_member(updated, "status");
  bool waiting = bool_at(kata, {"status", "waitingForMcoToStart"});
  const bool mc_created = create_machine_configs(ctx, kata, s);
  if (mc_created) set_in_progress(updated, "True", "Installing", "Performing initial installation of kata on cluster");
  if (!s.converged) {
    if (label_nodes(ctx, true) && !pool_updating(ctx, s.pool)) waiting = true;
    create_kata_oc_pool(ctx);
  } else if (mc_created) {
    waiting = true;
  }
  const bool updating = pool_updating(ctx, s.pool);
  if (updating && in_progress(updated) == "False") {
    set_in_progress(updated, "True", "Updating", "Adding and/or removing kata-enabled nodes");
  }
  status["waitingForMcoToStart"] = waiting && !updating;
  if (!(waiting && !updating)) {
    update_node_status(ctx, updated, s);
    if (!updating) {
      set_in_progress(updated, "False", "", "");
      create_runtime_classes(ctx, updated, s);
      create_operands(ctx, updated, s);
    }
  }
  if (updated != kata) ctx.write_status(updated, k_manager);
}

// Pods using one of the KataConfig's runtime classes (listKataPods), as the message upstream gives.
std::string blocking_pods(ControllerContext& ctx, const json& kata) {
  const json classes = kata.value("status", json::object()).value("runtimeClasses", json::array());
  for (const auto& pod : ctx.list("v1", "Pod")) {
    const std::string rc = string_at(pod, {"spec", "runtimeClassName"});
    if (!rc.empty() && std::find(classes.begin(), classes.end(), rc) != classes.end()) {
      return fmt::format(
          "existing pods using \"{}\" RuntimeClass found. Please delete the pods manually for "
          "KataConfig deletion to proceed",
          rc);
    }
  }
  return "";
}

void uninstall(ControllerContext& ctx, json& kata, const Setup& s) {
  json updated = kata;
  if (const std::string blocked = blocking_pods(ctx, kata); !blocked.empty()) {
    set_in_progress(updated, "False", "BlockedByExistingKataPods", blocked);
    if (updated != kata) ctx.write_status(updated, k_manager);
    return;
  }
  const bool labeling_changed = !s.converged && label_nodes(ctx, false);
  set_in_progress(updated, "True", "Uninstalling", "Removing kata from cluster");
  bool mc_deleted = true;
  for (const char* name : {k_extension_mc, "50-kata-remote"}) {
    if (auto mc = ctx.get(mco::k_api, "MachineConfig", "", name)) {
      mc_deleted = mc_deleted && std::string(name) != k_extension_mc;
      ctx.remove(*mc);
    }
  }
  bool waiting = bool_at(kata, {"status", "waitingForMcoToStart"}) || (s.converged && !mc_deleted) || labeling_changed;
  const bool updating = pool_updating(ctx, s.converged ? "master" : "worker");
  updated["status"]["waitingForMcoToStart"] = waiting && !updating;
  if (waiting && !updating) {
    if (updated != kata) ctx.write_status(updated, k_manager);
    return;
  }
  update_node_status(ctx, updated, s);
  if (updating) {
    if (updated != kata) ctx.write_status(updated, k_manager);
    return;
  }
  set_in_progress(updated, "False", "", "");
  if (!s.converged) {
    if (auto pool = ctx.get(mco::k_api, "MachineConfigPool", "", "kata-oc")) ctx.remove(*pool);
  }
  for (const auto& [api, kind, ns, name] :
       {std::tuple{"apps/v1", "DaemonSet", s.operator_namespace, k_monitor},
        std::tuple{"security.openshift.io/v1", "SecurityContextConstraints", std::string(), k_scc}}) {
    if (auto object = ctx.get(api, kind, ns, name)) ctx.remove(*object);
  }
  ctx.write_status(updated, k_manager);
  if (auto latest = ctx.get(k_api, "KataConfig", "", string_at(kata, {"metadata", "name"}))) {
    remove_finalizer(ctx, *latest, k_finalizer, k_manager);
  }
}

class KataController : public Controller {
 public:
  const char* name() const override { return "kata"; }

  void reconcile(ControllerContext& ctx) override {
    const auto ns = ctx.operator_namespace(k_package);
    if (!ns || !ctx.served(k_api, "KataConfig")) return;
    release_runtime_classes(ctx);
    for (auto& kata : ctx.list(k_api, "KataConfig")) {
      const Setup s = setup_for(ctx, *ns);
      // Uninstallation waits for an installation or update under way (upstream's isInstalling/isUpdating).
      if (find_path(kata, {"metadata", "deletionTimestamp"}) != nullptr && !busy(kata)) {
        if (has_finalizer(kata, k_finalizer)) uninstall(ctx, kata, s);
      } else {
        install(ctx, kata, s);
      }
    }
  }

 private:
  static bool busy(const json& kata) {
    const json* c = find_condition(kata, "InProgress");
    return c != nullptr && c->value("status", "") == "True" &&
           (c->value("reason", "") == "Installing" || c->value("reason", "") == "Updating");
  }
};

}  // namespace

Setup setup_for(ControllerContext& ctx, const std::string& operator_namespace) {
  const auto pools = ctx.list(mco::k_api, "MachineConfigPool");
  bool converged = pools.size() == 2;
  for (const auto& pool : pools) {
    if (string_at(pool, {"metadata", "name"}) == "worker")
      converged = converged && int_at(pool, {"status", "machineCount"}) == 0;
  }
  return {converged, converged ? "master" : "kata-oc", operator_namespace};
}

}  // namespace cococtl::sim::kata

namespace cococtl::sim {
std::unique_ptr<Controller> make_kata_controller() { return std::make_unique<kata::KataController>(); }
}  // namespace cococtl::sim
