// OLM's operator for ClusterServiceVersions (operator-framework/operator-lifecycle-manager
// v0.46, pkg/controller/operators/olm/operator.go transitionCSVState; phases and reasons from
// operator-framework/api v0.45): Pending (RequirementsUnknown, then RequirementsNotMet until
// the owned CRDs are Established) -> InstallReady -> Installing (the operator Deployment is
// created; InstallWaiting while it is not Available) -> Succeeded. Failed with
// NoOperatorGroup/TooManyOperatorGroups until exactly one OperatorGroup exists; Failed
// InstallCheckFailed when the Deployment exceeds its progress deadline; Failed
// ComponentUnhealthy when a Succeeded operator's Deployment goes away (then reinstalled). A CSV
// that a newer Succeeded CSV replaces goes Replacing, Deleting, and is deleted.
#include "sim/controllers/olm_common.hpp"
#include "sim/controllers/operator_faults.hpp"

#include <fmt/format.h>

namespace cococtl::sim {
namespace {

using namespace olm;
constexpr const char* k_manager = "olm-operator";

bool crds_established(ControllerContext& ctx, const json& csv) {
  const json* owned = find_path(csv, {"spec", "customresourcedefinitions", "owned"});
  if (owned == nullptr || !owned->is_array()) return true;
  for (const auto& crd : *owned) {
    const auto object = ctx.get("apiextensions.k8s.io/v1", "CustomResourceDefinition", "", crd.value("name", ""));
    if (!object || !condition_true(*object, "Established")) return false;
  }
  return true;
}

void set_phase(json& csv, const std::string& phase, const std::string& reason, const std::string& message) {
  json& status = object_member(csv, "status");
  if (status.value("phase", "") == phase && status.value("reason", "") == reason &&
      status.value("message", "") == message) {
    return;
  }
  const std::string now = now_time();
  const bool transition = status.value("phase", "") != phase || status.value("reason", "") != reason;
  status["phase"] = phase;
  status["reason"] = reason;
  status["message"] = message;
  status["lastUpdateTime"] = now;
  if (!transition) return;
  status["lastTransitionTime"] = now;
  if (!status.contains("conditions") || !status["conditions"].is_array()) status["conditions"] = json::array();
  status["conditions"].push_back({{"phase", phase},
                                  {"reason", reason},
                                  {"message", message},
                                  {"lastUpdateTime", now},
                                  {"lastTransitionTime", now}});
}

json deployment_for(const json& csv) {
  const json* deployments = find_path(csv, {"spec", "install", "spec", "deployments"});
  if (deployments == nullptr || !deployments->is_array() || deployments->empty()) return nullptr;
  const json& d = (*deployments)[0];
  const std::string ns = string_at(csv, {"metadata", "namespace"});
  const std::string csv_name = string_at(csv, {"metadata", "name"});
  json labels = {{"olm.managed", "true"},
                 {"olm.owner", csv_name},
                 {"olm.owner.kind", "ClusterServiceVersion"},
                 {"olm.owner.namespace", ns},
                 {"olm.deployment-spec-hash", name_suffix(d.dump())}};
  const json csv_labels = csv["metadata"].value("labels", json::object());
  for (const auto& [key, value] : csv_labels.items()) labels[key] = value;
  return {{"apiVersion", "apps/v1"},
          {"kind", "Deployment"},
          {"metadata",
           {{"name", d.value("name", "")},
            {"namespace", ns},
            {"labels", labels},
            {"ownerReferences",
             {{{"apiVersion", k_v1alpha1},
               {"kind", "ClusterServiceVersion"},
               {"name", csv_name},
               {"uid", string_at(csv, {"metadata", "uid"})},
               {"blockOwnerDeletion", false},
               {"controller", false}}}}}},
          {"spec", d.value("spec", json::object())}};
}

// The install strategy check (pkg/controller/install/deployment.go, status_viewer.go).
struct Health {
  enum class Kind { healthy, waiting, timeout } kind = Kind::waiting;
  std::string message;
};

Health check_deployment(ControllerContext& ctx, const json& csv) {
  const json wanted = deployment_for(csv);
  if (wanted.is_null()) return {Health::Kind::healthy, ""};
  const std::string name = string_at(wanted, {"metadata", "name"});
  const auto live = ctx.get("apps/v1", "Deployment", string_at(csv, {"metadata", "namespace"}), name);
  if (!live) return {Health::Kind::waiting, "missing deployment with name=" + name};
  const json* progressing = find_condition(*live, "Progressing");
  if (progressing != nullptr && progressing->value("reason", "") == "ProgressDeadlineExceeded") {
    return {Health::Kind::timeout, fmt::format("deployment {} not ready before timeout: deployment \"{}\" exceeded its "
                                               "progress deadline",
                                               name, name)};
  }
  if (condition_true(*live, "Available")) return {Health::Kind::healthy, ""};
  const json* available = find_condition(*live, "Available");
  const std::string why = available != nullptr ? available->value("message", "") : "missing condition \"Available\"";
  return {Health::Kind::waiting, fmt::format("waiting for deployment {} to become ready: deployment \"{}\" not "
                                             "available: {}",
                                             name, name, why)};
}

// updateInstallStatus: Succeeded when healthy, Failed on a timeout, else `phase`/`reason`.
void install_status(ControllerContext& ctx, json& csv, const std::string& phase, const std::string& reason) {
  const Health health = check_deployment(ctx, csv);
  if (health.kind == Health::Kind::healthy) {
    set_phase(csv, "Succeeded", "InstallSucceeded", "install strategy completed with no errors");
  } else if (health.kind == Health::Kind::timeout) {
    set_phase(csv, "Failed", "InstallCheckFailed", "install failed: " + health.message);
  } else {
    set_phase(csv, phase, reason, "installing: " + health.message);
  }
}

bool operator_group_failure(const std::string& reason) {
  return reason == "NoOperatorGroup" || reason == "TooManyOperatorGroups";
}

class OlmOperator : public Controller {
 public:
  const char* name() const override { return "olm-csv"; }

  void reconcile(ControllerContext& ctx) override {
    const auto csvs = ctx.list(k_v1alpha1, "ClusterServiceVersion");
    for (const auto& csv : csvs) {
      if (find_path(csv, {"metadata", "deletionTimestamp"}) == nullptr) step(ctx, csv, csvs);
    }
  }

 private:
  void step(ControllerContext& ctx, const json& csv, const std::vector<json>& all) {
    json updated = csv;
    const std::string phase = string_at(csv, {"status", "phase"});
    if (phase == "Deleting") {
      ctx.remove(csv);
      return;
    }
    if (phase != "Replacing" && !check_operator_groups(ctx, updated)) {
      if (updated != csv) ctx.write_status(updated, k_manager);
      return;
    }
    const bool fault = ctx.faults().csv_failed.count(string_at(csv, {"metadata", "name"})) != 0;
    if (fault && phase != "" && phase != "Pending" && phase != "Replacing") {
      set_phase(updated, "Failed", "InstallComponentFailed",
                "install strategy failed: simulated operator fault (csv-failed in ConfigMap coco-sim/faults)");
    } else {
      transition(ctx, updated, phase, all);
    }
    if (updated != csv) ctx.write_status(updated, k_manager);
  }

  // Exactly one OperatorGroup in the namespace, else Failed (the check before transitionCSVState).
  static bool check_operator_groups(ControllerContext& ctx, json& csv) {
    const auto groups = ctx.list(k_v1, "OperatorGroup", string_at(csv, {"metadata", "namespace"}));
    if (groups.empty()) {
      set_phase(csv, "Failed", "NoOperatorGroup", "csv in namespace with no operatorgroups");
      return false;
    }
    if (groups.size() > 1) {
      set_phase(csv, "Failed", "TooManyOperatorGroups", "csv created in namespace with multiple operatorgroups");
      return false;
    }
    return true;
  }

  void transition(ControllerContext& ctx, json& csv, const std::string& phase, const std::vector<json>& all) {
    const std::string reason = string_at(csv, {"status", "reason"});
    if (phase.empty()) {
      set_phase(csv, "Pending", "RequirementsUnknown", "requirements not yet checked");
    } else if (phase == "Pending") {
      if (!crds_established(ctx, csv)) {
        set_phase(csv, "Pending", "RequirementsNotMet", "one or more requirements couldn't be found");
      } else {
        set_phase(csv, "InstallReady", "AllRequirementsMet", "all requirements found, attempting install");
      }
    } else if (phase == "InstallReady") {
      const json deployment = deployment_for(csv);
      if (!deployment.is_null() && !ctx.apply(deployment, k_manager)) return;
      set_phase(csv, "Installing", "InstallSucceeded", "waiting for install components to report healthy");
    } else if (phase == "Installing") {
      install_status(ctx, csv, "Installing", "InstallWaiting");
    } else if (phase == "Succeeded") {
      if (replaced(csv, all)) {
        set_phase(csv, "Replacing", "BeingReplaced", "being replaced by a newer version");
      } else {
        install_status(ctx, csv, "Failed", "ComponentUnhealthy");
      }
    } else if (phase == "Failed") {
      if (operator_group_failure(reason)) {
        set_phase(csv, "Pending", "RequirementsUnknown", "InstallModes now support target namespaces");
      } else if (!crds_established(ctx, csv)) {
        set_phase(csv, "Pending", "RequirementsNotMet", "requirements not met");
      } else {
        install_status(ctx, csv, "Pending", "NeedsReinstall");
      }
    } else if (phase == "Replacing") {
      set_phase(csv, "Deleting", "Replaced",
                "has been replaced by a newer ClusterServiceVersion that has successfully "
                "installed.");
    }
  }

  static bool replaced(const json& csv, const std::vector<json>& all) {
    const std::string name = string_at(csv, {"metadata", "name"});
    const std::string ns = string_at(csv, {"metadata", "namespace"});
    for (const auto& other : all) {
      if (string_at(other, {"metadata", "namespace"}) == ns && string_at(other, {"spec", "replaces"}) == name &&
          string_at(other, {"status", "phase"}) == "Succeeded") {
        return true;
      }
    }
    return false;
  }
};

}  // namespace

std::unique_ptr<Controller> make_olm_operator() { return std::make_unique<OlmOperator>(); }

}  // namespace cococtl::sim
