// The workloads that report status without Pods of their own: DaemonSets (one per matching
// node), StatefulSets and Jobs (Complete) become ready a few ticks after each generation.
// Deployments, ReplicaSets and Pods are deployments.cpp, replicasets.cpp and pods.cpp.
#include "sim/api/selectors.hpp"
#include "sim/controllers/controller.hpp"

namespace cococtl::sim {
namespace {

constexpr int k_rollout_ticks = 2;
constexpr const char* k_manager = "kube-controller-manager";

std::string rollout_key(const json& o) {
  return string_at(o, {"metadata", "uid"}) + "@" + std::to_string(int_at(o, {"metadata", "generation"}, 1));
}

json with_status(json object, json status) {
  object["status"] = std::move(status);
  return object;
}

class WorkloadController : public Controller {
 public:
  const char* name() const override { return "workloads"; }

  void reconcile(ControllerContext& ctx) override {
    for (auto& d : ctx.list("apps/v1", "StatefulSet")) stateful_set(ctx, d);
    const auto nodes = ctx.list("v1", "Node");
    for (auto& d : ctx.list("apps/v1", "DaemonSet")) daemon_set(ctx, d, nodes);
    for (auto& j : ctx.list("batch/v1", "Job")) job(ctx, j);
  }

 private:
  bool ready_now(const json& o) {
    return m_ticks.progress(string_at(o, {"metadata", "uid"}), rollout_key(o)) > k_rollout_ticks;
  }

  void stateful_set(ControllerContext& ctx, json& s) {
    const long long replicas = int_at(s, {"spec", "replicas"}, 1);
    const long long ready = replicas == 0 || ready_now(s) ? replicas : 0;
    json status = {{"observedGeneration", int_at(s, {"metadata", "generation"}, 1)},
                   {"replicas", replicas},
                   {"readyReplicas", ready},
                   {"currentReplicas", replicas},
                   {"updatedReplicas", replicas},
                   {"availableReplicas", ready},
                   {"currentRevision", s["metadata"]["name"].get<std::string>() + "-1"},
                   {"updateRevision", s["metadata"]["name"].get<std::string>() + "-1"}};
    if (s.value("status", json::object()) != status) ctx.write_status(with_status(s, status), k_manager);
  }

  void daemon_set(ControllerContext& ctx, json& ds, const std::vector<json>& nodes) {
    std::string error;
    const json* selector = find_path(ds, {"spec", "template", "spec", "nodeSelector"});
    long long desired = 0;
    for (const auto& node : nodes) {
      bool match = true;
      if (selector != nullptr && selector->is_object()) {
        for (const auto& [k, v] : selector->items()) {
          const json* label = find_path(node, {"metadata", "labels"});
          match = match && label != nullptr && label->contains(k) && (*label)[k] == v;
        }
      }
      desired += match ? 1 : 0;
    }
    const long long ready = ready_now(ds) ? desired : 0;
    json status = {{"observedGeneration", int_at(ds, {"metadata", "generation"}, 1)},
                   {"desiredNumberScheduled", desired},
                   {"currentNumberScheduled", desired},
                   {"updatedNumberScheduled", desired},
                   {"numberReady", ready},
                   {"numberAvailable", ready},
                   {"numberMisscheduled", 0}};
    if (ready < desired) status["numberUnavailable"] = desired - ready;
    if (ds.value("status", json::object()) != status) ctx.write_status(with_status(ds, status), k_manager);
  }

  void job(ControllerContext& ctx, json& j) {
    if (condition_true(j, "Complete")) return;
    json updated = j;
    if (!ready_now(j)) {
      updated["status"]["active"] = 1;
      if (!updated["status"].contains("startTime")) updated["status"]["startTime"] = now_time();
    } else {
      updated["status"].erase("active");
      updated["status"]["succeeded"] = 1;
      updated["status"]["completionTime"] = now_time();
      set_condition(updated, "SuccessCriteriaMet", "True", "CompletionsReached",
                    "Reached expected number of succeeded pods");
      set_condition(updated, "Complete", "True", "CompletionsReached", "Reached expected number of succeeded pods");
    }
    if (updated != j) ctx.write_status(updated, k_manager);
  }

  TickCounter m_ticks;
};

}  // namespace

std::unique_ptr<Controller> make_workload_controller() { return std::make_unique<WorkloadController>(); }

}  // namespace cococtl::sim
