// OLM's catalog operator (operator-framework/operator-lifecycle-manager v0.46,
// pkg/controller/operators/catalog: operator.go, subscription/state.go): resolves a Subscription
// against the catalog, creates an InstallPlan for the target CSV (startingCSV or the channel
// head) that waits in RequiresApproval when approval is Manual, executes approved plans (the
// CRDs and the CSV together), and once the CSV exists offers the next CSV of the channel in a
// new InstallPlan (currentCSV and installPlanRef move to it, state UpgradePending), which a
// pinned installation must not approve. A plan that fails (operator fault installplan-failed)
// is Failed with Installed=False reason InstallComponentFailed and the Subscription reports
// InstallPlanFailed; once the failed plan is deleted the Subscription gets a new one.
#include "sim/controllers/olm_common.hpp"
#include "sim/controllers/operator_faults.hpp"

#include <fmt/format.h>

namespace cococtl::sim {
namespace {

using namespace olm;
constexpr const char* k_manager = "catalog-operator";

json plan_ref(const json& plan) {
  return {{"apiVersion", k_v1alpha1},
          {"kind", "InstallPlan"},
          {"name", string_at(plan, {"metadata", "name"})},
          {"namespace", string_at(plan, {"metadata", "namespace"})},
          {"uid", string_at(plan, {"metadata", "uid"})},
          {"resourceVersion", string_at(plan, {"metadata", "resourceVersion"})}};
}

class CatalogOperator : public Controller {
 public:
  const char* name() const override { return "olm-catalog"; }

  void reconcile(ControllerContext& ctx) override {
    for (auto& source : ctx.list(k_v1alpha1, "CatalogSource")) {
      if (string_at(source, {"status", "connectionState", "lastObservedState"}) == "READY") continue;
      source["status"]["connectionState"] = {{"lastObservedState", "READY"}, {"lastConnect", now_time()}};
      ctx.write_status(source, k_manager);
    }
    for (auto& sub : ctx.list(k_v1alpha1, "Subscription")) subscription(ctx, sub);
    for (auto& plan : ctx.list(k_v1alpha1, "InstallPlan")) install_plan(ctx, plan);
  }

 private:
  void fail(ControllerContext& ctx, json& sub, const std::string& message) {
    json updated = sub;
    set_condition(updated, "ResolutionFailed", "True", "ConstraintsNotSatisfiable", message);
    if (updated != sub) ctx.write_status(updated, k_manager);
  }

  void subscription(ControllerContext& ctx, json& sub) {
    const std::string ns = string_at(sub, {"metadata", "namespace"});
    const std::string package_name = string_at(sub, {"spec", "name"});
    const std::string source = string_at(sub, {"spec", "source"});
    const std::string source_ns = string_at(sub, {"spec", "sourceNamespace"}, "openshift-marketplace");
    const Package* package = find_package(ctx.profile().catalog, package_name);
    if (!ctx.get(k_v1alpha1, "CatalogSource", source_ns, source) || package == nullptr || package->source != source) {
      return fail(ctx, sub,
                  fmt::format("no operators found in package {} in the catalog referenced by subscription {}",
                              package_name, string_at(sub, {"metadata", "name"})));
    }
    const std::string channel_name = string_at(sub, {"spec", "channel"}, package->default_channel);
    const auto channel = std::find_if(package->channels.begin(), package->channels.end(),
                                      [&](const Channel& c) { return c.name == channel_name; });
    if (channel == package->channels.end()) {
      return fail(ctx, sub, fmt::format("no operators found in channel {} of package {}", channel_name, package_name));
    }
    json updated = sub;
    remove_condition(updated, "ResolutionFailed");
    set_condition(updated, "CatalogSourcesUnhealthy", "False", "AllCatalogSourcesHealthy",
                  "all available catalogsources are healthy");
    updated["status"]["catalogHealth"] = {
        {{"catalogSourceRef",
          {{"apiVersion", k_v1alpha1}, {"kind", "CatalogSource"}, {"name", source}, {"namespace", source_ns}}},
         {"healthy", true}}};
    track_plans(ctx, updated, ns);
    const auto target = next_csv(updated, *channel);
    if (!target) {
      return fail(ctx, sub,
                  fmt::format("startingCSV {} is not in channel {} of package {}",
                              string_at(sub, {"spec", "startingCSV"}), channel_name, package_name));
    }
    if (!target->empty() && string_at(updated, {"status", "currentCSV"}) != *target) {
      offer(ctx, updated, *target, ns, *package);
    }
    const bool pending = string_at(updated, {"status", "currentCSV"}) != string_at(updated, {"status", "installedCSV"});
    updated["status"]["state"] = pending ? "UpgradePending" : "AtLatestKnown";
    if (!pending) remove_condition(updated, "InstallPlanPending");
    if (updated != sub) {
      updated["status"]["lastUpdated"] = now_time();
      ctx.write_status(updated, k_manager);
    }
  }

  // The CSV the subscription should move to next: "" when up to date, nullopt when the
  // startingCSV is not in the channel.
  std::optional<std::string> next_csv(const json& sub, const Channel& channel) {
    const std::string installed = string_at(sub, {"status", "installedCSV"});
    if (installed.empty()) {
      const std::string starting = string_at(sub, {"spec", "startingCSV"});
      if (starting.empty()) return channel.entries.back().csv;
      for (const auto& e : channel.entries) {
        if (e.csv == starting) return starting;
      }
      return std::nullopt;
    }
    for (std::size_t i = 0; i + 1 < channel.entries.size(); ++i) {
      if (channel.entries[i].csv == installed) return channel.entries[i + 1].csv;
    }
    return std::string();
  }

  // Follows the subscription's current plan: installedCSV moves to its CSV once that exists
  // (ensureSubscriptionCSVState); a pending plan shows as InstallPlanPending, a failed one as
  // InstallPlanFailed (CheckInstallPlanStatus); a deleted one is offered again.
  void track_plans(ControllerContext& ctx, json& sub, const std::string& ns) {
    const std::string plan_name = string_at(sub, {"status", "installPlanRef", "name"});
    if (plan_name.empty()) return;
    const std::string csv = string_at(sub, {"status", "currentCSV"});
    if (ctx.get(k_v1alpha1, "ClusterServiceVersion", ns, csv) && string_at(sub, {"status", "installedCSV"}) != csv) {
      sub["status"]["installedCSV"] = csv;
    }
    const auto plan = ctx.get(k_v1alpha1, "InstallPlan", ns, plan_name);
    std::string kind, reason, message;
    if (!plan) {
      if (string_at(sub, {"status", "installedCSV"}) != csv) sub["status"].erase("currentCSV");  // resolve again
      kind = "InstallPlanMissing";
      reason = "ReferencedInstallPlanNotFound";
      message = "Referenced InstallPlan " + ns + "/" + plan_name + " not found";
    } else if (const std::string phase = string_at(*plan, {"status", "phase"}); phase == "Failed") {
      const json* installed = find_condition(*plan, "Installed");
      kind = "InstallPlanFailed";
      reason = installed != nullptr ? installed->value("reason", "InstallPlanFailed") : "InstallPlanFailed";
      message = installed != nullptr ? installed->value("message", "") : "";
    } else if (phase != "Complete") {
      kind = "InstallPlanPending";
      reason = phase.empty() ? "InstallPlanNotYetReconciled" : phase;
    }
    for (const char* type : {"InstallPlanPending", "InstallPlanFailed", "InstallPlanMissing"}) {
      if (kind != type) remove_condition(sub, type);
    }
    if (!kind.empty()) set_condition(sub, kind, "True", reason, message);
  }

  void offer(ControllerContext& ctx, json& sub, const std::string& csv, const std::string& ns, const Package& package) {
    const std::string sub_name = string_at(sub, {"metadata", "name"});
    const std::string approval = string_at(sub, {"spec", "installPlanApproval"}, "Automatic");
    const long long generation = int_at(sub, {"status", "installPlanGeneration"}, 0) + 1;
    const std::string plan_name =
        "install-" + name_suffix(ns + "/" + sub_name + "/" + csv + "/" + std::to_string(generation));
    json plan = {{"apiVersion", k_v1alpha1},
                 {"kind", "InstallPlan"},
                 {"metadata",
                  {{"name", plan_name},
                   {"namespace", ns},
                   {"labels", {{package_label(package.name, ns), ""}}},
                   {"ownerReferences",
                    {{{"apiVersion", k_v1alpha1},
                      {"kind", "Subscription"},
                      {"name", sub_name},
                      {"uid", string_at(sub, {"metadata", "uid"})},
                      {"blockOwnerDeletion", false},
                      {"controller", false}}}}}},
                 {"spec",
                  {{"approval", approval},
                   {"approved", approval == "Automatic"},
                   {"clusterServiceVersionNames", {csv}},
                   {"generation", generation}}}};
    if (!ctx.apply(plan, k_manager)) return;
    const auto created = ctx.get(k_v1alpha1, "InstallPlan", ns, plan_name);
    if (!created) return;
    sub["status"]["currentCSV"] = csv;
    sub["status"]["installPlanRef"] = plan_ref(*created);
    sub["status"]["installplan"] = {{"apiVersion", k_v1alpha1},
                                    {"kind", "InstallPlan"},
                                    {"name", plan_name},
                                    {"uuid", string_at(*created, {"metadata", "uid"})}};
    sub["status"]["installPlanGeneration"] = generation;
    remove_condition(sub, "InstallPlanMissing");
    remove_condition(sub, "InstallPlanFailed");
    set_condition(sub, "InstallPlanPending", "True", "InstallPlanNotYetReconciled", "");
  }

  void install_plan(ControllerContext& ctx, json& plan) {
    const std::string phase = string_at(plan, {"status", "phase"});
    const bool approved = bool_at(plan, {"spec", "approved"});
    json updated = plan;
    if (phase.empty()) {
      updated["status"]["phase"] = approved ? "Installing" : "RequiresApproval";
      updated["status"]["catalogSources"] = json::array();
      updated["status"]["plan"] = plan_steps(ctx, plan, "Unknown");
      set_condition(updated, "Installed", "Unknown", "", "");
    } else if (phase == "RequiresApproval" && approved) {
      updated["status"]["phase"] = "Installing";
    } else if (phase == "Installing" && m_ticks.progress(string_at(plan, {"metadata", "uid"}), phase) > 1) {
      if (const std::string failure = injected_failure(ctx, plan); !failure.empty()) {
        updated["status"]["phase"] = "Failed";
        updated["status"]["message"] = failure;
        set_condition(updated, "Installed", "False", "InstallComponentFailed", failure);
      } else {
        if (!execute(ctx, plan)) return;
        updated["status"]["phase"] = "Complete";
        updated["status"]["plan"] = plan_steps(ctx, plan, "Created");
        set_condition(updated, "Installed", "True", "", "");
      }
    }
    if (updated != plan) ctx.write_status(updated, k_manager);
  }

  json plan_steps(ControllerContext& ctx, const json& plan, const std::string& status) {
    json steps = json::array();
    for (const auto& csv : plan["spec"].value("clusterServiceVersionNames", json::array())) {
      const auto where = locate_csv(ctx.profile().catalog, csv.get<std::string>());
      if (!where) continue;
      for (const auto& crd : where->package->crds) {
        steps.push_back({{"resolving", csv},
                         {"status", status},
                         {"resource",
                          {{"group", "apiextensions.k8s.io"},
                           {"version", "v1"},
                           {"kind", "CustomResourceDefinition"},
                           {"name", crd.plural + "." + crd.group}}}});
      }
      steps.push_back({{"resolving", csv},
                       {"status", status},
                       {"resource",
                        {{"group", "operators.coreos.com"},
                         {"version", "v1alpha1"},
                         {"kind", "ClusterServiceVersion"},
                         {"name", csv}}}});
    }
    return steps;
  }

  // The error an installplan-failed operator fault makes the plan's execution end with.
  static std::string injected_failure(ControllerContext& ctx, const json& plan) {
    for (const auto& csv : plan["spec"].value("clusterServiceVersionNames", json::array())) {
      if (ctx.faults().installplan_failed.count(csv.get<std::string>()) != 0) {
        return "error creating csv " + csv.get<std::string>() +
               ": Internal error occurred: simulated operator fault (installplan-failed in ConfigMap coco-sim/faults)";
      }
    }
    return "";
  }

  bool execute(ControllerContext& ctx, const json& plan) {
    const std::string ns = string_at(plan, {"metadata", "namespace"});
    for (const auto& csv : plan["spec"].value("clusterServiceVersionNames", json::array())) {
      const auto where = locate_csv(ctx.profile().catalog, csv.get<std::string>());
      if (!where) return false;
      for (const auto& crd : where->package->crds) {
        if (!ctx.apply(operator_crd(crd), k_manager)) return false;
      }
      if (!ctx.get(k_v1alpha1, "ClusterServiceVersion", ns, csv.get<std::string>()) &&
          !ctx.apply(csv_object(*where, ns), k_manager)) {
        return false;
      }
    }
    return true;
  }

  TickCounter m_ticks;
};

}  // namespace

std::unique_ptr<Controller> make_catalog_operator() { return std::make_unique<CatalogOperator>(); }

}  // namespace cococtl::sim
