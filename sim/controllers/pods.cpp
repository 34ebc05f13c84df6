// The scheduler and the kubelet, as far as Pods need them: an unscheduled Pod is bound to the
// first Ready node that satisfies its nodeSelector (PodScheduled=False reason Unschedulable
// when none does); a bound Pod starts its containers and is Running and Ready two ticks later.
// The containers of a Pod whose Deployment an operator fault names never become ready
// (CrashLoopBackOff). Pods are deleted at once (no graceful termination period).
#include "sim/controllers/workloads.hpp"

#include <fmt/format.h>

#include <functional>

namespace cococtl::sim {
namespace {

constexpr int k_start_ticks = 2;

bool selects(const json& pod, const json& node) {
  const json* selector = find_path(pod, {"spec", "nodeSelector"});
  if (selector == nullptr || !selector->is_object()) return true;
  const json labels = node["metadata"].value("labels", json::object());
  for (const auto& [key, value] : selector->items()) {
    if (!labels.contains(key) || labels[key] != value) return false;
  }
  return true;
}

std::string ip_for(const std::string& seed, int base) {
  const std::size_t h = std::hash<std::string>{}(seed);
  return fmt::format("10.{}.{}.{}", base, (h >> 8) % 256, 2 + h % 250);
}

json container_statuses(const json& pod, bool running, bool crashing) {
  json out = json::array();
  for (const auto& c : pod["spec"].value("containers", json::array())) {
    json state =
        running && !crashing ? json{{"running", {{"startedAt", string_at(pod, {"status", "startTime"})}}}}
        : crashing           ? json{{"waiting",
                                     {{"reason", "CrashLoopBackOff"}, {"message", "back-off 5m0s restarting failed container"}}}}
                             : json{{"waiting", {{"reason", "ContainerCreating"}}}};
    out.push_back({{"name", c.value("name", "")},
                   {"image", c.value("image", "")},
                   {"imageID", ""},
                   {"ready", running && !crashing},
                   {"started", running && !crashing},
                   {"restartCount", crashing ? 3 : 0},
                   {"state", state}});
  }
  return out;
}

class PodController : public Controller {
 public:
  const char* name() const override { return "pods"; }

  void reconcile(ControllerContext& ctx) override {
    const auto nodes = ctx.list("v1", "Node");
    for (auto& pod : ctx.list("v1", "Pod")) {
      if (find_path(pod, {"metadata", "deletionTimestamp"}) != nullptr) continue;
      if (string_at(pod, {"spec", "nodeName"}).empty()) {
        schedule(ctx, pod, nodes);
      } else {
        run(ctx, pod);
      }
    }
  }

 private:
  void schedule(ControllerContext& ctx, json& pod, const std::vector<json>& nodes) {
    for (const auto& node : nodes) {
      if (!condition_true(node, "Ready") || !selects(pod, node)) continue;
      pod["spec"]["nodeName"] = node["metadata"]["name"];
      auto bound = ctx.update(pod, "kube-scheduler");
      if (!bound) return;
      set_condition(*bound, "PodScheduled", "True", "", "");
      (*bound)["status"]["phase"] = "Pending";
      ctx.write_status(*bound, "kube-scheduler");
      return;
    }
    json updated = pod;
    const std::size_t n = nodes.size();
    set_condition(updated, "PodScheduled", "False", "Unschedulable",
                  fmt::format("0/{} nodes are available: {} node(s) didn't match Pod's node affinity/selector. "
                              "preemption: 0/{} nodes are available: {} Preemption is not helpful for scheduling.",
                              n, n, n, n));
    updated["status"]["phase"] = "Pending";
    if (updated != pod) ctx.write_status(updated, "kube-scheduler");
  }

  void run(ControllerContext& ctx, const json& pod) {
    const std::string uid = string_at(pod, {"metadata", "uid"});
    const bool started = m_ticks.progress(uid, "started") > k_start_ticks;
    const std::string deployment = owning_deployment(ctx, pod);
    const bool crashing = started && !deployment.empty() && ctx.faults().deployment_stuck.count(deployment) != 0;
    const bool ready = started && !crashing;
    json updated = pod;
    json& status = object_member(updated, "status");
    status["phase"] = started ? "Running" : "Pending";
    status["hostIP"] = ip_for(string_at(pod, {"spec", "nodeName"}), 0);
    status["podIP"] = ip_for(uid, 128);
    status["podIPs"] = json::array({{{"ip", status["podIP"]}}});
    if (!status.contains("startTime")) status["startTime"] = now_time();
    status["qosClass"] = "BestEffort";
    status["containerStatuses"] = container_statuses(updated, started, crashing);
    const std::string unready = ready ? "" : "ContainersNotReady";
    set_condition(updated, "PodReadyToStartContainers", started ? "True" : "False", "", "");
    set_condition(updated, "Initialized", "True", "", "");
    set_condition(updated, "Ready", ready ? "True" : "False", unready, ready ? "" : "containers with unready status");
    set_condition(updated, "ContainersReady", ready ? "True" : "False", unready,
                  ready ? "" : "containers with unready status");
    if (updated != pod) ctx.write_status(updated, "kubelet");
  }

  TickCounter m_ticks;
};

}  // namespace

std::unique_ptr<Controller> make_pod_controller() { return std::make_unique<PodController>(); }

}  // namespace cococtl::sim
