// OLM's operator for ClusterServiceVersions: Pending until the namespace has exactly one
// OperatorGroup and the owned CRDs are Established, then InstallReady, Installing (the
// operator Deployment is created) and Succeeded once that Deployment is Available. A CSV that
// another Succeeded CSV replaces goes Replacing and is deleted.
#include "sim/controllers/olm_common.hpp"

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
  if (status.value("phase", "") == phase && status.value("reason", "") == reason) return;
  const std::string now = now_time();
  status["phase"] = phase;
  status["reason"] = reason;
  status["message"] = message;
  status["lastUpdateTime"] = now;
  status["lastTransitionTime"] = now;
  if (!status.contains("conditions") || !status["conditions"].is_array()) status["conditions"] = json::array();
  status["conditions"].push_back({{"phase", phase}, {"reason", reason}, {"message", message},
                                  {"lastUpdateTime", now}, {"lastTransitionTime", now}});
}

json deployment_for(const json& csv) {
  const json* deployments = find_path(csv, {"spec", "install", "spec", "deployments"});
  if (deployments == nullptr || !deployments->is_array() || deployments->empty()) return nullptr;
  const json& d = (*deployments)[0];
  const std::string ns = string_at(csv, {"metadata", "namespace"});
  const std::string csv_name = string_at(csv, {"metadata", "name"});
  return {{"apiVersion", "apps/v1"},
          {"kind", "Deployment"},
          {"metadata", {{"name", d.value("name", "")}, {"namespace", ns},
                        {"labels", {{"olm.owner", csv_name}, {"olm.owner.kind", "ClusterServiceVersion"},
                                    {"olm.owner.namespace", ns}}},
                        {"ownerReferences", {{{"apiVersion", k_v1alpha1}, {"kind", "ClusterServiceVersion"},
                                              {"name", csv_name}, {"uid", string_at(csv, {"metadata", "uid"})},
                                              {"blockOwnerDeletion", false}, {"controller", false}}}}}},
          {"spec", d.value("spec", json::object())}};
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
    const std::string ns = string_at(csv, {"metadata", "namespace"});
    const std::string phase = string_at(csv, {"status", "phase"});
    const auto groups = ctx.list(k_v1, "OperatorGroup", ns);
    if (phase.empty() || phase == "Pending" || phase == "Failed") {
      if (groups.empty()) {
        set_phase(updated, "Failed", "NoOperatorGroup", "csv in namespace with no operatorgroups");
      } else if (groups.size() > 1) {
        set_phase(updated, "Failed", "TooManyOperatorGroups", "csv created in namespace with multiple operatorgroups");
      } else if (!crds_established(ctx, csv)) {
        set_phase(updated, "Pending", "RequirementsNotMet", "one or more requirements couldn't be found");
      } else {
        set_phase(updated, "InstallReady", "AllRequirementsMet", "all requirements found, attempting install");
      }
    } else if (phase == "InstallReady") {
      const json deployment = deployment_for(csv);
      if (!deployment.is_null() && !ctx.apply(deployment, k_manager)) return;
      set_phase(updated, "Installing", "InstallWaiting", "installing: waiting for deployment to become ready");
    } else if (phase == "Installing") {
      const json deployment = deployment_for(csv);
      const auto live = deployment.is_null() ? std::nullopt
                                              : ctx.get("apps/v1", "Deployment", ns, string_at(deployment, {"metadata", "name"}));
      if (deployment.is_null() || (live && condition_true(*live, "Available"))) {
        set_phase(updated, "Succeeded", "InstallSucceeded", "install strategy completed with no errors");
      }
    } else if (phase == "Succeeded") {
      if (replaced(csv, all)) set_phase(updated, "Replacing", "BeingReplaced", "being replaced by a newer version");
    } else if (phase == "Replacing") {
      ctx.remove(csv);
      return;
    }
    if (updated != csv) ctx.write_status(updated, k_manager);
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
