// operator-framework/api v0.45.0 pkg/operators/v1alpha1/installplan_types.go (phase Planning|
// RequiresApproval|Installing|Complete|Failed; conditions Resolved, Installed; status.message).
#include "rules.hpp"

#include <cococtl/util/strings.hpp>

namespace cococtl::kube::wait::detail {
namespace {

// Why the plan failed: the failed condition's message, else status.message.
std::string failure_detail(const json& object) {
  for (const char* type : {"Installed", "Resolved"}) {
    if (const auto c = condition(object, type); c && c->is_false() && !c->detail().empty()) return c->detail();
  }
  return text(object, {"status", "message"});
}

}  // namespace

// Approval is the caller's business (it approves only the plan for its pin): a plan awaiting
// approval is in progress here.
State olm_install_plan(const json& object, const Expectation&) {
  const std::string phase = text(object, {"status", "phase"});
  const std::string csvs = util::join(strings(object, {"spec", "clusterServiceVersionNames"}), ", ");
  if (phase == "Complete") return ready("installed " + csvs);
  if (phase == "Failed") return failed(with_detail("installing " + csvs + " failed", failure_detail(object)));
  if (phase == "RequiresApproval") return progress(csvs + " requires approval");
  return progress(with_detail(csvs + " is " + (phase.empty() ? std::string("being planned") : phase),
                              text(object, {"status", "message"})));
}

}  // namespace cococtl::kube::wait::detail
