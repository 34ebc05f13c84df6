// OpenShift sandboxed containers: a KataConfig installs the sandboxed-containers extension
// (a MachineConfig, so the pool updates) on bare metal, or the peer-pods components on Azure;
// once that is done it reports the installed nodes and creates the RuntimeClasses: kata,
// kata-cc (handler kata-tdx / kata-snp, when osc-feature-gates sets confidential: "true"),
// kata-remote (Azure) and kata-cc-nvidia-gpu (when nodes carry nvidia.com/gpu.present).
#include "sim/controllers/controller.hpp"

namespace cococtl::sim {
namespace {

constexpr const char* k_kata_api = "kataconfiguration.openshift.io/v1";
constexpr const char* k_osc_namespace = "openshift-sandboxed-containers-operator";
constexpr const char* k_finalizer = "kataconfiguration.openshift.io/finalizer";
constexpr const char* k_manager = "sandboxed-containers-operator";
constexpr const char* k_extension_mc = "50-enable-sandboxed-containers-extension";

json runtime_class(const std::string& name, const std::string& handler, const std::string& pool_role) {
  return {{"apiVersion", "node.k8s.io/v1"},
          {"kind", "RuntimeClass"},
          {"metadata", {{"name", name}, {"labels", {{"app.kubernetes.io/managed-by", "sandboxed-containers-operator"}}}}},
          {"handler", handler},
          {"overhead", {{"podFixed", {{"cpu", "250m"}, {"memory", "350Mi"}}}}},
          {"scheduling", {{"nodeSelector", {{"node-role.kubernetes.io/" + pool_role, ""}}}}}};
}

bool gpu_nodes(ControllerContext& ctx) {
  for (const auto& node : ctx.list("v1", "Node")) {
    if (string_at(node, {"metadata", "labels", "nvidia.com/gpu.present"}) == "true") return true;
  }
  return false;
}

class KataController : public Controller {
 public:
  const char* name() const override { return "kata"; }

  void reconcile(ControllerContext& ctx) override {
    if (!ctx.served(k_kata_api, "KataConfig")) return;
    for (auto& kata : ctx.list(k_kata_api, "KataConfig")) {
      if (find_path(kata, {"metadata", "deletionTimestamp"}) != nullptr) {
        uninstall(ctx, kata);
      } else {
        install(ctx, kata);
      }
    }
  }

 private:
  std::string pool_role(const ControllerContext& ctx) const { return ctx.profile().single_node ? "master" : "worker"; }

  std::vector<json> wanted_classes(ControllerContext& ctx) {
    const Profile& p = ctx.profile();
    std::vector<json> out = {runtime_class("kata", "kata", pool_role(ctx))};
    const auto gates = ctx.get("v1", "ConfigMap", k_osc_namespace, "osc-feature-gates");
    const bool confidential = gates && string_at(*gates, {"data", "confidential"}) == "true";
    if (p.platform == "Azure") out.push_back(runtime_class("kata-remote", "kata-remote", "worker"));
    if (confidential && !p.tee.empty()) out.push_back(runtime_class("kata-cc", "kata-" + p.tee, pool_role(ctx)));
    if (p.gpu && gpu_nodes(ctx)) out.push_back(runtime_class("kata-cc-nvidia-gpu", "kata-cc-nvidia-gpu", "worker"));
    return out;
  }

  bool extension_installed(ControllerContext& ctx) {
    if (ctx.profile().platform == "Azure") return m_ticks.progress("peer-pods", "installing") > 2;
    const std::string role = pool_role(ctx);
    ctx.apply({{"apiVersion", "machineconfiguration.openshift.io/v1"}, {"kind", "MachineConfig"},
               {"metadata", {{"name", k_extension_mc}, {"labels", {{"machineconfiguration.openshift.io/role", role}}}}},
               {"spec", {{"extensions", {"sandboxed-containers"}}}}},
              k_manager);
    const auto pool = ctx.get("machineconfiguration.openshift.io/v1", "MachineConfigPool", "", role);
    if (!pool || !condition_true(*pool, "Updated")) return false;
    for (const auto& source : pool->value("status", json::object()).value("configuration", json::object())
                                  .value("source", json::array())) {
      if (source.value("name", "") == k_extension_mc) return true;
    }
    return false;
  }

  void install(ControllerContext& ctx, json& kata) {
    json finalizers = kata["metadata"].value("finalizers", json::array());
    if (std::find(finalizers.begin(), finalizers.end(), k_finalizer) == finalizers.end()) {
      finalizers.push_back(k_finalizer);
      kata["metadata"]["finalizers"] = finalizers;
      auto stored = ctx.update(kata, k_manager);
      if (!stored) return;
      kata = std::move(*stored);  // and report InProgress in this same tick
    }
    const bool done = extension_installed(ctx);
    json classes = json::array();
    if (done) {
      for (const auto& rc : wanted_classes(ctx)) {
        ctx.apply(rc, k_manager);
        classes.push_back(rc["metadata"]["name"]);
      }
    }
    json installed = json::array();
    long long count = 0;
    for (const auto& node : ctx.list("v1", "Node")) {
      if (!node["metadata"].value("labels", json::object()).contains("node-role.kubernetes.io/" + pool_role(ctx))) continue;
      ++count;
      if (done) installed.push_back(node["metadata"]["name"]);
    }
    json updated = kata;
    updated["status"]["runtimeClasses"] = classes;
    updated["status"]["kataNodes"] = {{"nodeCount", count}, {"readyNodeCount", done ? count : 0},
                                      {"installed", installed}};
    updated["status"]["waitingForMcoToStart"] = false;
    set_condition(updated, "InProgress", done ? "False" : "True", done ? "" : "Installing",
                  done ? "" : "Performing initial installation of kata on cluster");
    if (updated != kata) ctx.write_status(updated, k_manager);
  }

  void uninstall(ControllerContext& ctx, json& kata) {
    for (const auto& name : {"kata", "kata-cc", "kata-remote", "kata-cc-nvidia-gpu"}) {
      if (auto rc = ctx.get("node.k8s.io/v1", "RuntimeClass", "", name)) ctx.remove(*rc);
    }
    if (auto mc = ctx.get("machineconfiguration.openshift.io/v1", "MachineConfig", "", k_extension_mc)) ctx.remove(*mc);
    m_ticks.forget("peer-pods");
    json kept = json::array();
    for (const auto& f : kata["metadata"].value("finalizers", json::array())) {
      if (f != k_finalizer) kept.push_back(f);
    }
    kata["metadata"]["finalizers"] = kept;
    ctx.update(kata, k_manager);
  }

  TickCounter m_ticks;
};

}  // namespace

std::unique_ptr<Controller> make_kata_controller() { return std::make_unique<KataController>(); }

}  // namespace cococtl::sim
