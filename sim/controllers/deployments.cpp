// The deployment controller (kubernetes v1.32 pkg/controller/deployment): a Deployment owns one
// ReplicaSet per pod template, named <deployment>-<pod-template-hash> and labelled with the hash;
// the current one is scaled to spec.replicas, older ones to 0 once it is fully available. The
// status comes from the ReplicaSets; Progressing reports NewReplicaSetCreated, ReplicaSetUpdated,
// NewReplicaSetAvailable or, when the pods make no progress past the deadline (an operator fault,
// see operator_faults.hpp), ProgressDeadlineExceeded.
#include "sim/controllers/workloads.hpp"

#include <fmt/format.h>

namespace cococtl::sim {
namespace {

constexpr const char* k_manager = "kube-controller-manager";
// Ticks without progress after which a stuck rollout reports ProgressDeadlineExceeded.
constexpr int k_progress_deadline_ticks = 4;

json replica_set_for(const json& d, const std::string& hash, long long revision) {
  const json tmpl = d["spec"].value("template", json::object());
  json labels = tmpl.value("metadata", json::object()).value("labels", json::object());
  labels["pod-template-hash"] = hash;
  json selector = d["spec"].value("selector", json::object());
  object_member(selector, "matchLabels")["pod-template-hash"] = hash;
  json pod_template = tmpl;
  object_member(pod_template, "metadata")["labels"] = labels;
  const long long replicas = int_at(d, {"spec", "replicas"}, 1);
  const std::string name = string_at(d, {"metadata", "name"});
  return {{"apiVersion", "apps/v1"},
          {"kind", "ReplicaSet"},
          {"metadata",
           {{"name", name + "-" + hash},
            {"namespace", string_at(d, {"metadata", "namespace"})},
            {"labels", labels},
            {"annotations",
             {{"deployment.kubernetes.io/desired-replicas", std::to_string(replicas)},
              {"deployment.kubernetes.io/max-replicas", std::to_string(replicas + (replicas + 3) / 4)},
              {"deployment.kubernetes.io/revision", std::to_string(revision)}}},
            {"ownerReferences", {controller_ref(d)}}}},
          {"spec", {{"replicas", replicas}, {"selector", selector}, {"template", pod_template}}}};
}

long long next_revision(const std::vector<json>& owned) {
  long long max = 0;
  for (const auto& rs : owned) {
    max =
        std::max(max, std::stoll(string_at(rs, {"metadata", "annotations", "deployment.kubernetes.io/revision"}, "0")));
  }
  return max + 1;
}

void scale(ControllerContext& ctx, const json& rs, long long replicas) {
  if (int_at(rs, {"spec", "replicas"}, 1) == replicas) return;
  json updated = rs;
  updated["spec"]["replicas"] = replicas;
  ctx.update(updated, k_manager);
}

class DeploymentController : public Controller {
 public:
  const char* name() const override { return "deployment"; }

  void reconcile(ControllerContext& ctx) override {
    const auto all_sets = ctx.list("apps/v1", "ReplicaSet");
    for (const auto& d : ctx.list("apps/v1", "Deployment")) {
      if (find_path(d, {"metadata", "deletionTimestamp"}) == nullptr) sync(ctx, d, owned_by(all_sets, d));
    }
  }

 private:
  void sync(ControllerContext& ctx, const json& d, std::vector<json> owned) {
    const std::string hash = pod_template_hash(d["spec"].value("template", json::object()));
    const std::string rs_name = string_at(d, {"metadata", "name"}) + "-" + hash;
    auto current = std::find_if(owned.begin(), owned.end(), [&](const json& rs) {
      return string_at(rs, {"metadata", "name"}) == rs_name;
    });
    bool created = false;
    if (current == owned.end()) {
      auto made = ctx.create(replica_set_for(d, hash, next_revision(owned)), k_manager);
      if (!made.ok()) return;
      owned.push_back(std::move(made).value());
      current = std::prev(owned.end());
      created = true;
    }
    const long long replicas = int_at(d, {"spec", "replicas"}, 1);
    scale(ctx, *current, replicas);
    const bool current_available = int_at(*current, {"status", "availableReplicas"}) >= replicas;
    for (const auto& rs : owned) {
      if (string_at(rs, {"metadata", "name"}) != rs_name && current_available) scale(ctx, rs, 0);
    }
    write_status(ctx, d, owned, *current, created);
  }

  void write_status(ControllerContext& ctx, const json& d, const std::vector<json>& owned, const json& current,
                    bool created) {
    const long long want = int_at(d, {"spec", "replicas"}, 1);
    long long replicas = 0, ready = 0, available = 0;
    for (const auto& rs : owned) {
      replicas += int_at(rs, {"status", "replicas"});
      ready += int_at(rs, {"status", "readyReplicas"});
      available += int_at(rs, {"status", "availableReplicas"});
    }
    const long long updated_count = int_at(current, {"status", "replicas"});
    json updated = d;
    json& status = object_member(updated, "status");
    status["observedGeneration"] = int_at(d, {"metadata", "generation"}, 1);
    status["replicas"] = replicas;
    status["updatedReplicas"] = updated_count;
    status["readyReplicas"] = ready;
    status["availableReplicas"] = available;
    if (want - available > 0)
      status["unavailableReplicas"] = want - available;
    else
      status.erase("unavailableReplicas");
    for (const char* key : {"readyReplicas", "availableReplicas", "updatedReplicas", "replicas"}) {
      if (status[key] == 0) status.erase(key);
    }
    const bool minimum = available >= want - want / 4;
    set_condition(updated, "Available", minimum ? "True" : "False",
                  minimum ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
                  minimum ? "Deployment has minimum availability." : "Deployment does not have minimum availability.");
    progressing(ctx, updated, current, created, updated_count == want && available >= want && replicas == want);
    if (const json* failure = find_condition(current, "ReplicaFailure"); failure != nullptr) {
      set_condition(updated, "ReplicaFailure", "True", failure->value("reason", ""), failure->value("message", ""));
    } else {
      remove_condition(updated, "ReplicaFailure");
    }
    if (updated != d) ctx.write_status(updated, k_manager);
  }

  void progressing(ControllerContext& ctx, json& d, const json& rs, bool created, bool complete) {
    const std::string rs_name = string_at(rs, {"metadata", "name"});
    const std::string key = string_at(d, {"metadata", "namespace"}) + "/" + string_at(d, {"metadata", "name"});
    const bool stuck = ctx.faults().deployment_stuck.count(key) != 0 && !complete;
    const int stalled = stuck ? m_stalled.progress(key, rs_name) : 0;
    if (!stuck) m_stalled.forget(key);
    if (stalled > k_progress_deadline_ticks) {
      set_condition(d, "Progressing", "False", "ProgressDeadlineExceeded",
                    fmt::format("ReplicaSet \"{}\" has timed out progressing.", rs_name));
    } else if (created) {
      set_condition(d, "Progressing", "True", "NewReplicaSetCreated",
                    fmt::format("Created new replica set \"{}\"", rs_name));
    } else if (complete) {
      set_condition(d, "Progressing", "True", "NewReplicaSetAvailable",
                    fmt::format("ReplicaSet \"{}\" has successfully progressed.", rs_name));
    } else {
      set_condition(d, "Progressing", "True", "ReplicaSetUpdated",
                    fmt::format("ReplicaSet \"{}\" is progressing.", rs_name));
    }
  }

  TickCounter m_stalled;
};

}  // namespace

std::unique_ptr<Controller> make_deployment_controller() { return std::make_unique<DeploymentController>(); }

}  // namespace cococtl::sim
