// openshift/sandboxed-containers-operator api/v1/kataconfig_types.go + controllers/openshift_controller.go
// (devel d0632e5; no 1.12 tag in the stored copy, the status shape is the one documented since OSC 1.6
// "KataConfig status messages"): conditions[type InProgress], kataNodes, runtimeClasses, waitingForMcoToStart.
#include "rules.hpp"

#include <cococtl/util/strings.hpp>

#include <fmt/format.h>

namespace cococtl::kube::wait::detail {
namespace {

// "2/3 nodes ready (installing: worker-1; waiting: worker-2)".
std::string nodes(const json& object) {
  std::string out = fmt::format("{}/{} nodes ready", number(object, {"status", "kataNodes", "readyNodeCount"}),
                                number(object, {"status", "kataNodes", "nodeCount"}));
  std::string lists;
  for (const auto& [field, label] : {std::pair{"installing", "installing"}, std::pair{"waitingToInstall", "waiting"}}) {
    const auto names = strings(object, {"status", "kataNodes", field});
    if (!names.empty()) lists += (lists.empty() ? "" : "; ") + std::string(label) + ": " + util::join(names, ", ");
  }
  return with_detail(out, lists);
}

}  // namespace

// The operator keeps InProgress=True (reason Installing, Updating, PodVMImage*) while the
// MachineConfigPool rolls out, sets reason Failed when a node degrades, and resets it to False
// with an empty reason when done; it then creates the RuntimeClasses. Right after creation
// InProgress may be missing and nodeCount 0, which is not "0/0 done".
State kata_config(const json& object, const Expectation&) {
  const auto in_progress = condition(object, "InProgress");
  const auto failed_nodes = strings(object, {"status", "kataNodes", "failedToInstall"});
  if (in_progress && in_progress->reason == "Failed") {
    return failed(with_detail("kata installation failed", in_progress->message));
  }
  if (!failed_nodes.empty()) return failed("kata installation failed on " + util::join(failed_nodes, ", "));
  if (!in_progress) return progress("waiting for the operator to start the installation");
  if (flag(object, {"status", "waitingForMcoToStart"})) {
    return progress("waiting for the Machine Config Operator to start updating nodes");
  }
  if (!in_progress->is_false()) {
    return progress(with_detail("installing kata", in_progress->reason) + ": " + nodes(object));
  }
  const std::int64_t node_count = number(object, {"status", "kataNodes", "nodeCount"});
  if (node_count == 0) return failed("no node is selected for kata (check spec.kataConfigPoolSelector)");
  if (number(object, {"status", "kataNodes", "readyNodeCount"}) < node_count) {
    return progress("installing kata: " + nodes(object));
  }
  const auto classes = strings(object, {"status", "runtimeClasses"});
  if (classes.empty()) return progress("waiting for the operator to create the RuntimeClasses");
  return ready(fmt::format("kata installed on {} nodes, RuntimeClasses {}", node_count, util::join(classes, ", ")));
}

}  // namespace cococtl::kube::wait::detail
