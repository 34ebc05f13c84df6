#include "olm.hpp"

#include "waiter.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace cococtl::install {
namespace {

using json = nlohmann::json;

constexpr const char* k_olm = "operators.coreos.com/v1alpha1";

std::vector<std::string> strings_at(const json& object, const json::json_pointer& at) {
  if (!object.contains(at) || !object.at(at).is_array()) return {};
  std::vector<std::string> out;
  for (const auto& v : object.at(at)) {
    if (v.is_string()) out.push_back(v);
  }
  return out;
}

std::string text_at(const json& object, const json::json_pointer& at) {
  return object.contains(at) && object.at(at).is_string() ? object.at(at).get<std::string>() : "";
}

bool owned_by_subscription(const json& plan, const std::string& subscription) {
  const auto owners = plan.value("metadata", json::object()).value("ownerReferences", json::array());
  if (owners.empty()) return true;  // OLM always sets them; without any, the CSV list decides
  return std::any_of(owners.begin(), owners.end(), [&](const json& o) {
    return o.value("kind", "") == "Subscription" && o.value("name", "") == subscription;
  });
}

// What to do with one InstallPlan of the namespace.
enum class PlanVerdict { ignore, approve, approved, failed };

PlanVerdict judge(const json& plan, const render::OperatorPin& pin) {
  const auto csvs = strings_at(plan, "/spec/clusterServiceVersionNames"_json_pointer);
  if (std::find(csvs.begin(), csvs.end(), pin.csv) == csvs.end() || !owned_by_subscription(plan, pin.package)) {
    return PlanVerdict::ignore;
  }
  const std::string phase = text_at(plan, "/status/phase"_json_pointer);
  if (phase == "Failed") return PlanVerdict::failed;
  const bool approved = plan.contains("/spec/approved"_json_pointer) && plan.at("/spec/approved"_json_pointer) == true;
  if (approved || phase == "Installing" || phase == "Complete") return PlanVerdict::approved;
  return phase == "RequiresApproval" ? PlanVerdict::approve : PlanVerdict::ignore;
}

util::Result<void> approve(Context& context, const json& plan, const render::OperatorPin& pin) {
  const std::string name = text_at(plan, "/metadata/name"_json_pointer);
  COCO_TRY(context.cluster.patch(k_olm, "InstallPlan", pin.namespace_name, name, {{"spec", {{"approved", true}}}},
                                 kube::PatchType::merge));
  const auto csvs = strings_at(plan, "/spec/clusterServiceVersionNames"_json_pointer);
  context.emit({.type = "object", .object = fmt::format("InstallPlan {}/{}", pin.namespace_name, name), .action = "approved",
                .result = "ok", .message = fmt::format("installs {}", fmt::join(csvs, ", "))});
  return {};
}

std::string plan_failure(const json& plan, const render::OperatorPin& pin) {
  std::string why = "no reason given";
  for (const auto& c : plan.value("status", json::object()).value("conditions", json::array())) {
    if (c.value("type", "") == "Installed" && c.value("status", "") == "False") why = c.value("message", why);
  }
  return fmt::format("InstallPlan {}/{} for {} failed: {}", pin.namespace_name,
                     text_at(plan, "/metadata/name"_json_pointer), pin.csv, why);
}

// A failed plan stays failed; OLM offers the Subscription a new one once it is deleted (the
// documented recovery). Deleted once per run, so a resumed install retries what failed before.
util::Result<void> retry_failed_plan(Context& context, const json& plan, const render::OperatorPin& pin) {
  const std::string name = text_at(plan, "/metadata/name"_json_pointer);
  const std::string uid = text_at(plan, "/metadata/uid"_json_pointer);
  COCO_TRY(context.cluster.remove(k_olm, "InstallPlan", pin.namespace_name, name, {.uid = uid}));
  context.emit({.type = "object",
                .object = fmt::format("InstallPlan {}/{}", pin.namespace_name, name),
                .action = "deleted",
                .result = "ok",
                .message = plan_failure(plan, pin) + "; deleted so that OLM offers a new plan"});
  return {};
}

// Watches the namespace's InstallPlans until the pinned one is approved (by us or before).
util::Result<void> approve_pinned_plan(Context& context, const render::OperatorPin& pin) {
  std::set<std::string> refused;
  std::string failure;
  bool done = false, retried = false;
  util::Result<void> approval;
  COCO_TRY(context.cluster.watch(
      k_olm, "InstallPlan", pin.namespace_name, {.timeout = context.options.timeouts.operator_install},
      [&](const kube::WatchEvent& e) {
        if (e.type != kube::WatchEventType::added && e.type != kube::WatchEventType::modified) return true;
        const std::string name = text_at(e.object, "/metadata/name"_json_pointer);
        switch (judge(e.object, pin)) {
          case PlanVerdict::approve:
            approval = approve(context, e.object, pin);
            done = true;
            return false;
          case PlanVerdict::approved:
            done = true;
            return false;
          case PlanVerdict::failed:
            if (!retried) {
              retried = true;
              approval = retry_failed_plan(context, e.object, pin);
              return approval.ok();
            }
            failure = plan_failure(e.object, pin);
            return false;
          case PlanVerdict::ignore:
            break;
        }
        if (text_at(e.object, "/status/phase"_json_pointer) == "RequiresApproval" && refused.insert(name).second) {
          context.note(fmt::format("not approving InstallPlan {}/{} ({}): it does not install the pinned {}",
                                   pin.namespace_name, name,
                                   fmt::join(strings_at(e.object, "/spec/clusterServiceVersionNames"_json_pointer), ", "),
                                   pin.csv));
        }
        return true;
      }));
  COCO_TRY(std::move(approval));
  if (!failure.empty()) return util::failure(failure);
  if (done) return {};
  return util::Error{util::ExitCode::timed_out,
                     fmt::format("no InstallPlan for {} appeared in {} (is the catalog source healthy?)", pin.csv,
                                 pin.namespace_name)};
}

// The CRDs a CSV owns, by name.
std::vector<std::string> owned_crds(const json& csv) {
  std::vector<std::string> names;
  for (const auto& crd : csv.value("spec", json::object()).value("customresourcedefinitions", json::object()).value("owned", json::array())) {
    names.push_back(crd.value("name", ""));
  }
  return names;
}

util::Result<std::string> installed_csv(Context& context, const render::OperatorPin& pin) {
  COCO_TRY_ASSIGN(const auto sub, context.cluster.get(k_olm, "Subscription", pin.namespace_name, pin.package));
  if (!sub) return util::failure(fmt::format("Subscription {}/{} is missing", pin.namespace_name, pin.package));
  return text_at(*sub, "/status/installedCSV"_json_pointer);
}

// The live object once its readiness rule says ready: read now, or watched until it is. A
// converged cluster answers the first read, so a re-install costs one request per object.
util::Result<nlohmann::json> ready_object(Context& context, const WaitItem& item, std::chrono::milliseconds timeout) {
  COCO_TRY_ASSIGN(auto live, context.cluster.get(item.api_version, item.kind, item.ns, item.name));
  if (live && kube::wait::evaluate(*live, item.expect).ok) return std::move(*live);
  COCO_TRY(wait_for(context, {item}, timeout));
  COCO_TRY_ASSIGN(live, context.cluster.get(item.api_version, item.kind, item.ns, item.name));
  if (!live) return util::failure(item.display() + " disappeared after it became ready");
  return std::move(*live);
}

// `installed`: the Subscription's installedCSV as read before any approval ("" when none yet).
util::Result<OperatorRecord> wait_for_operator(Context& context, const render::OperatorPin& pin,
                                               std::string installed) {
  const auto timeout = context.options.timeouts.operator_install;
  if (installed.empty() || installed != pin.csv) {
    WaitItem subscription{k_olm, "Subscription", pin.namespace_name, pin.package, {.installed_csv = pin.csv}};
    COCO_TRY_ASSIGN(const auto sub, ready_object(context, subscription, timeout));
    installed = text_at(sub, "/status/installedCSV"_json_pointer);
  }
  COCO_TRY_ASSIGN(
      const auto live_csv,
      ready_object(context, WaitItem{k_olm, "ClusterServiceVersion", pin.namespace_name, installed}, timeout));
  const auto crds = owned_crds(live_csv);
  COCO_TRY(context.cluster.wait_established(crds, timeout));
  return OperatorRecord{pin.package, pin.namespace_name, installed, crds};
}

}  // namespace

util::Result<OperatorRecord> install_operator(Context& context, const render::OperatorPin& pin) {
  COCO_TRY_ASSIGN(const std::string installed, installed_csv(context, pin));
  if (!installed.empty() && !pin.csv.empty() && installed != pin.csv) {
    return util::Error{util::ExitCode::check_failed,
                       fmt::format("Subscription {}/{} has {} installed, not the pinned {}: cococtl installs exactly "
                                   "the pinned version and does not change an installed operator",
                                   pin.namespace_name, pin.package, installed, pin.csv)};
  }
  if (installed.empty() && pin.manual && !pin.csv.empty()) COCO_TRY(approve_pinned_plan(context, pin));
  return wait_for_operator(context, pin, installed);
}

}  // namespace cococtl::install
