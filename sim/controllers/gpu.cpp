// NVIDIA GPU operator: a ClusterPolicy labels the nodes with NVIDIA PCI devices
// nvidia.com/gpu.present=true and becomes ready.
#include "sim/controllers/controller.hpp"

namespace cococtl::sim {
namespace {

class GpuController : public Controller {
 public:
  const char* name() const override { return "gpu"; }

  void reconcile(ControllerContext& ctx) override {
    if (!ctx.served("nvidia.com/v1", "ClusterPolicy")) return;
    for (auto& policy : ctx.list("nvidia.com/v1", "ClusterPolicy")) {
      for (const auto& node : ctx.list("v1", "Node")) {
        if (string_at(node, {"metadata", "labels", "feature.node.kubernetes.io/pci-10de.present"}) != "true") continue;
        ctx.apply({{"apiVersion", "v1"}, {"kind", "Node"},
                   {"metadata", {{"name", node["metadata"]["name"]},
                                 {"labels", {{"nvidia.com/gpu.present", "true"}, {"nvidia.com/gpu.workload.config", "vm-passthrough"}}}}}},
                  "gpu-operator");
      }
      const bool ready = m_ticks.progress(string_at(policy, {"metadata", "uid"}), "deploying") > 3;
      json updated = policy;
      updated["status"]["state"] = ready ? "ready" : "notReady";
      updated["status"]["namespace"] = "nvidia-gpu-operator";
      set_condition(updated, "Ready", ready ? "True" : "False", ready ? "Reconciled" : "OperandNotReady", "");
      if (updated != policy) ctx.write_status(updated, "gpu-operator");
    }
  }

 private:
  TickCounter m_ticks;
};

}  // namespace

std::unique_ptr<Controller> make_gpu_controller() { return std::make_unique<GpuController>(); }

}  // namespace cococtl::sim
