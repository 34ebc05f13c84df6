// The replicaset controller (kubernetes v1.32 pkg/controller/replicaset): a ReplicaSet keeps
// spec.replicas Pods from its template, named <replicaset>-<5 random characters> and owned by it.
// Pods go through admission like any client's (RuntimeClass, the simulated Kyverno webhook); a
// refused Pod shows as ReplicaFailure=True reason FailedCreate with the API server's message.
#include "sim/controllers/workloads.hpp"

namespace cococtl::sim {
namespace {

constexpr const char* k_manager = "kube-controller-manager";

json pod_for(const json& rs) {
  const json tmpl = rs["spec"].value("template", json::object());
  json meta = tmpl.value("metadata", json::object());
  meta.erase("name");
  meta["generateName"] = string_at(rs, {"metadata", "name"}) + "-";
  meta["namespace"] = string_at(rs, {"metadata", "namespace"});
  meta["ownerReferences"] = json::array({controller_ref(rs)});
  return {{"apiVersion", "v1"}, {"kind", "Pod"}, {"metadata", meta}, {"spec", tmpl.value("spec", json::object())}};
}

bool terminating(const json& o) { return find_path(o, {"metadata", "deletionTimestamp"}) != nullptr; }

class ReplicaSetController : public Controller {
 public:
  const char* name() const override { return "replicaset"; }

  void reconcile(ControllerContext& ctx) override {
    const auto pods = ctx.list("v1", "Pod");
    for (const auto& rs : ctx.list("apps/v1", "ReplicaSet")) {
      if (!terminating(rs)) sync(ctx, rs, owned_by(pods, rs));
    }
  }

 private:
  void sync(ControllerContext& ctx, const json& rs, std::vector<json> pods) {
    pods.erase(std::remove_if(pods.begin(), pods.end(), terminating), pods.end());
    const long long want = int_at(rs, {"spec", "replicas"}, 1);
    std::string failure;
    while (static_cast<long long>(pods.size()) < want) {
      auto created = ctx.create(pod_for(rs), k_manager);
      if (!created.ok()) {
        failure = created.error().message;
        break;
      }
      pods.push_back(std::move(created).value());
    }
    while (static_cast<long long>(pods.size()) > want) {  // the newest go first
      ctx.remove(pods.back());
      pods.pop_back();
    }
    write_status(ctx, rs, pods, failure);
  }

  static void write_status(ControllerContext& ctx, const json& rs, const std::vector<json>& pods,
                           const std::string& failure) {
    const long long ready =
        std::count_if(pods.begin(), pods.end(), [](const json& p) { return condition_true(p, "Ready"); });
    json updated = rs;
    json& status = object_member(updated, "status");
    status["replicas"] = pods.size();
    status["fullyLabeledReplicas"] = pods.size();
    status["readyReplicas"] = ready;
    status["availableReplicas"] = ready;
    status["observedGeneration"] = int_at(rs, {"metadata", "generation"}, 1);
    for (const char* key : {"fullyLabeledReplicas", "readyReplicas", "availableReplicas"}) {
      if (status[key] == 0) status.erase(key);
    }
    if (!failure.empty()) {
      set_condition(updated, "ReplicaFailure", "True", "FailedCreate", failure);
    } else if (static_cast<long long>(pods.size()) == int_at(rs, {"spec", "replicas"}, 1)) {
      remove_condition(updated, "ReplicaFailure");
    }
    if (updated != rs) ctx.write_status(updated, k_manager);
  }
};

}  // namespace

std::unique_ptr<Controller> make_replica_set_controller() { return std::make_unique<ReplicaSetController>(); }

}  // namespace cococtl::sim
