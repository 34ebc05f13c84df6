// NVIDIA GPU operator (NVIDIA/gpu-operator v26.3.0, controllers/clusterpolicy_controller.go and
// internal/conditions), once its CSV has Succeeded: a ClusterPolicy labels the nodes NFD found
// NVIDIA PCI devices on (nvidia.com/gpu.present, nvidia.com/gpu.workload.config from
// sandboxWorkloads, the cc-manager's nvidia.com/cc.mode.state/cc.ready.state when ccManager is
// enabled) and walks its states; status.state is notReady with Ready=False/Error=True
// (OperandNotReady "ClusterPolicy is not ready, states not ready: [...]") until they are all
// ready, then ready with Ready=True reason Reconciled (NoGPUNodes / NFDLabelsMissing when
// there is nothing to manage).
#include "sim/controllers/controller.hpp"

#include <fmt/format.h>

namespace cococtl::sim {
namespace {

constexpr const char* k_manager = "gpu-operator";
const std::vector<std::string> k_sandbox_states = {"state-sandbox-validation", "state-vfio-manager",
                                                   "state-sandbox-device-plugin", "state-kata-manager",
                                                   "state-cc-manager"};

void set_ready(json& policy, const std::string& reason, const std::string& message) {
  set_condition(policy, "Ready", "True", reason, message);
  set_condition(policy, "Error", "False", "Ready", "");
}

void set_error(json& policy, const std::string& reason, const std::string& message) {
  set_condition(policy, "Ready", "False", "Error", "");
  set_condition(policy, "Error", "True", reason, message);
}

class GpuController : public Controller {
 public:
  const char* name() const override { return "gpu"; }

  void reconcile(ControllerContext& ctx) override {
    const auto ns = ctx.operator_namespace("gpu-operator-certified");
    if (!ns || !ctx.served("nvidia.com/v1", "ClusterPolicy")) return;
    for (auto& policy : ctx.list("nvidia.com/v1", "ClusterPolicy")) {
      if (find_path(policy, {"metadata", "deletionTimestamp"}) == nullptr) sync(ctx, policy, *ns);
    }
  }

 private:
  void sync(ControllerContext& ctx, const json& policy, const std::string& ns) {
    bool nfd = false, gpus = false;
    for (const auto& node : ctx.list("v1", "Node")) {
      const json labels = node["metadata"].value("labels", json::object());
      for (const auto& [key, value] : labels.items()) nfd |= key.rfind("feature.node.kubernetes.io/", 0) == 0;
      if (labels.value("feature.node.kubernetes.io/pci-10de.present", "") != "true") continue;
      gpus = true;
      label(ctx, policy, string_at(node, {"metadata", "name"}));
    }
    const int ready_states = m_ticks.progress(string_at(policy, {"metadata", "uid"}), "reconciling") - 1;
    std::vector<std::string> not_ready;
    for (std::size_t i = static_cast<std::size_t>(std::max(0, ready_states)); gpus && i < k_sandbox_states.size();
         ++i) {
      not_ready.push_back(k_sandbox_states[i]);
    }
    json updated = policy;
    updated["status"]["namespace"] = ns;
    if (!not_ready.empty()) {
      std::string list;
      for (const auto& s : not_ready) list += (list.empty() ? "" : " ") + s;
      updated["status"]["state"] = "notReady";
      set_error(updated, "OperandNotReady", fmt::format("ClusterPolicy is not ready, states not ready: [{}]", list));
    } else {
      updated["status"]["state"] = "ready";
      if (!nfd)
        set_ready(updated, "NFDLabelsMissing", "No NFD labels found");
      else if (!gpus)
        set_ready(updated, "NoGPUNodes", "No GPU node found, watching for new nodes to join the cluster.");
      else
        set_ready(updated, "Reconciled", "ClusterPolicy is ready as all resources have been successfully reconciled");
    }
    if (updated != policy) ctx.write_status(updated, k_manager);
  }

  static void label(ControllerContext& ctx, const json& policy, const std::string& node) {
    json labels = {{"nvidia.com/gpu.present", "true"},
                   {"nvidia.com/gpu.workload.config",
                    string_at(policy, {"spec", "sandboxWorkloads", "defaultWorkload"}, "container")}};
    if (bool_at(policy, {"spec", "ccManager", "enabled"})) {
      const bool on = string_at(policy, {"spec", "ccManager", "defaultMode"}, "off") == "on";
      labels["nvidia.com/cc.mode.state"] = on ? "on" : "off";
      labels["nvidia.com/cc.ready.state"] = on ? "true" : "false";
    }
    ctx.apply({{"apiVersion", "v1"}, {"kind", "Node"}, {"metadata", {{"name", node}, {"labels", labels}}}}, k_manager);
  }

  TickCounter m_ticks;
};

}  // namespace

std::unique_ptr<Controller> make_gpu_controller() { return std::make_unique<GpuController>(); }

}  // namespace cococtl::sim
