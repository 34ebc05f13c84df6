// operator-framework/api v0.45.0 pkg/operators/v1alpha1/subscription_types.go (SubscriptionStatus:
// installedCSV, currentCSV, state UpgradePending|UpgradeAvailable|AtLatestKnown|UpgradeFailed, conditions).
#include "rules.hpp"

#include <array>

namespace cococtl::kube::wait::detail {
namespace {

// Conditions in "abnormal-true" polarity that end the wait: OLM reports them when it cannot
// resolve or install what the Subscription asks for.
std::optional<State> failure(const json& object) {
  constexpr std::array k_failures = {std::pair{"ResolutionFailed", "cannot resolve the subscription"},
                                     std::pair{"InstallPlanFailed", "the InstallPlan failed"},
                                     std::pair{"BundleUnpackFailed", "the bundle could not be unpacked"}};
  for (const auto& [type, what] : k_failures) {
    if (const auto c = condition(object, type); c && c->is_true()) return failed(with_detail(what, c->detail()));
  }
  return std::nullopt;
}

// "waiting for <pin>[, <now>] (installed: <csv|none>, state <state>)".
std::string awaited(const json& object, const std::string& pin, const std::string& now) {
  const std::string installed = text(object, {"status", "installedCSV"});
  const std::string state = text(object, {"status", "state"});
  std::string out = "waiting for " + (pin.empty() ? std::string("an installed CSV") : pin);
  if (!now.empty()) out += ", " + now;
  out += " (installed: " + (installed.empty() ? std::string("none") : installed);
  if (!state.empty()) out += ", state " + state;
  return out + ")";
}

}  // namespace

// With a pin, only installedCSV == pin counts; the state is not awaited. With Manual approval
// OLM moves currentCSV and installPlanRef to the next, unapproved version and reports
// UpgradePending for as long as it exists, so "AtLatestKnown" may never come (the trap of issue 10).
State olm_subscription(const json& object, const Expectation& expect) {
  const std::string installed = text(object, {"status", "installedCSV"});
  const std::string current = text(object, {"status", "currentCSV"});
  const std::string& pin = expect.installed_csv;
  if (!installed.empty() && (pin.empty() || installed == pin)) {
    if (text(object, {"status", "state"}) != "UpgradePending" || current.empty() || current == installed) {
      return ready("installed " + installed);
    }
    const bool manual = text(object, {"spec", "installPlanApproval"}) == "Manual";
    return ready("installed " + installed +
                 (manual ? " (newer " + current + " awaits approval)" : " (upgrade to " + current + " pending)"));
  }
  if (auto f = failure(object)) return *std::move(f);
  if (find(object, {"status", "state"}) == nullptr && current.empty()) {
    return progress("waiting for OLM to resolve package " + text(object, {"spec", "name"}));
  }
  if (const auto pending = condition(object, "InstallPlanPending"); pending && pending->is_true()) {
    const std::string plan = text(object, {"status", "installPlanRef", "name"});
    std::string now = plan.empty() ? "InstallPlan" : "InstallPlan " + plan;
    now += pending->reason.empty() ? " is pending" : " is " + pending->reason;  // the reason is the plan's phase
    return progress(awaited(object, pin, now));
  }
  return progress(awaited(object, pin, ""));
}

}  // namespace cococtl::kube::wait::detail
