// Workloads become ready after a few ticks: Deployments (Progressing, then Available),
// DaemonSets (one pod per matching node), StatefulSets, Pods (Running and Ready) and Jobs
// (Complete). A spec change (new generation) starts the rollout over.
#include "sim/controllers/controller.hpp"
#include "sim/api/selectors.hpp"

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
    for (auto& d : ctx.list("apps/v1", "Deployment")) deployment(ctx, d);
    for (auto& d : ctx.list("apps/v1", "StatefulSet")) stateful_set(ctx, d);
    const auto nodes = ctx.list("v1", "Node");
    for (auto& d : ctx.list("apps/v1", "DaemonSet")) daemon_set(ctx, d, nodes);
    for (auto& p : ctx.list("v1", "Pod")) pod(ctx, p);
    for (auto& j : ctx.list("batch/v1", "Job")) job(ctx, j);
  }

 private:
  bool ready_now(const json& o) { return m_ticks.progress(string_at(o, {"metadata", "uid"}), rollout_key(o)) > k_rollout_ticks; }

  void deployment(ControllerContext& ctx, json& d) {
    if (find_path(d, {"metadata", "deletionTimestamp"}) != nullptr) return;
    const long long generation = int_at(d, {"metadata", "generation"}, 1);
    const long long replicas = int_at(d, {"spec", "replicas"}, 1);
    const bool ready = replicas == 0 || ready_now(d);
    json status = d.value("status", json::object());
    const long long ready_count = ready ? replicas : 0;
    json updated = d;
    updated["status"] = status;
    updated["status"]["observedGeneration"] = generation;
    updated["status"]["replicas"] = replicas;
    updated["status"]["updatedReplicas"] = replicas;
    updated["status"]["readyReplicas"] = ready_count;
    updated["status"]["availableReplicas"] = ready_count;
    if (ready) updated["status"].erase("unavailableReplicas"); else updated["status"]["unavailableReplicas"] = replicas;
    if (ready_count == 0) updated["status"].erase("readyReplicas");
    set_condition(updated, "Available", ready ? "True" : "False",
                  ready ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
                  ready ? "Deployment has minimum availability." : "Deployment does not have minimum availability.");
    const std::string rs = string_at(d, {"metadata", "name"}) + "-" + rollout_key(d).substr(0, 8);
    set_condition(updated, "Progressing", "True", ready ? "NewReplicaSetAvailable" : "ReplicaSetUpdated",
                  ready ? "ReplicaSet \"" + rs + "\" has successfully progressed."
                        : "ReplicaSet \"" + rs + "\" is progressing.");
    if (updated != d) ctx.write_status(updated, k_manager);
  }

  void stateful_set(ControllerContext& ctx, json& s) {
    const long long replicas = int_at(s, {"spec", "replicas"}, 1);
    const long long ready = replicas == 0 || ready_now(s) ? replicas : 0;
    json status = {{"observedGeneration", int_at(s, {"metadata", "generation"}, 1)}, {"replicas", replicas},
                   {"readyReplicas", ready}, {"currentReplicas", replicas}, {"updatedReplicas", replicas},
                   {"availableReplicas", ready}, {"currentRevision", s["metadata"]["name"].get<std::string>() + "-1"},
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
                   {"desiredNumberScheduled", desired}, {"currentNumberScheduled", desired},
                   {"updatedNumberScheduled", desired}, {"numberReady", ready}, {"numberAvailable", ready},
                   {"numberMisscheduled", 0}};
    if (ready < desired) status["numberUnavailable"] = desired - ready;
    if (ds.value("status", json::object()) != status) ctx.write_status(with_status(ds, status), k_manager);
  }

  void pod(ControllerContext& ctx, json& p) {
    if (find_path(p, {"metadata", "deletionTimestamp"}) != nullptr) return;
    const bool ready = ready_now(p);
    json updated = p;
    updated["status"]["phase"] = ready ? "Running" : "Pending";
    set_condition(updated, "PodScheduled", "True", "", "");
    set_condition(updated, "Ready", ready ? "True" : "False", ready ? "" : "ContainersNotReady", "");
    set_condition(updated, "ContainersReady", ready ? "True" : "False", ready ? "" : "ContainersNotReady", "");
    if (updated != p) ctx.write_status(updated, "kubelet");
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
      set_condition(updated, "SuccessCriteriaMet", "True", "CompletionsReached", "Reached expected number of succeeded pods");
      set_condition(updated, "Complete", "True", "CompletionsReached", "Reached expected number of succeeded pods");
    }
    if (updated != j) ctx.write_status(updated, k_manager);
  }

  TickCounter m_ticks;
};

}  // namespace

std::unique_ptr<Controller> make_workload_controller() { return std::make_unique<WorkloadController>(); }

}  // namespace cococtl::sim
