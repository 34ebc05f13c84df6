// k8s.io/api v0.32.0 core/v1/types.go (NamespaceStatus: phase Active|Terminating; NamespaceCondition
// types NamespaceDeletion*Failure, NamespaceContentRemaining, NamespaceFinalizersRemaining).
#include "rules.hpp"

#include <array>

namespace cococtl::kube::wait::detail {
namespace {

// What still holds a terminating namespace, from the namespace controller's conditions.
std::string remaining(const json& object) {
  constexpr std::array k_types = {"NamespaceDeletionDiscoveryFailure", "NamespaceDeletionGroupVersionParsingFailure",
                                  "NamespaceDeletionContentFailure", "NamespaceContentRemaining",
                                  "NamespaceFinalizersRemaining"};
  std::string out;
  for (const char* type : k_types) {
    const auto c = condition(object, type);
    if (!c || !c->is_true() || c->message.empty()) continue;
    out += (out.empty() ? "" : "; ") + c->message;
  }
  return out;
}

}  // namespace

// Called for deleting namespaces too (registry.cpp): the namespace controller says what remains.
State core_namespace(const json& object, const Expectation&) {
  const std::string phase = text(object, {"status", "phase"});
  if (phase == "Terminating" || !text(object, {"metadata", "deletionTimestamp"}).empty()) {
    return progress(with_detail("terminating", remaining(object)));
  }
  if (phase == "Active") return ready("Active");
  return progress("waiting for the namespace to become Active");
}

}  // namespace cococtl::kube::wait::detail
