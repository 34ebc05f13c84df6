// openshift/cluster-nfd-operator release-4.20 api/v1/nodefeaturediscovery_types.go (status.conditions)
// and internal/status/status.go (Available / Progressing / Degraded / Upgradeable).
#include "rules.hpp"

namespace cococtl::kube::wait::detail {

// The operator sets Degraded=True whenever nfd-master has no available pod or nfd-worker is not
// scheduled yet, which is every fresh install for a while; so Degraded is reported, not final.
State node_feature_discovery(const json& object, const Expectation&) {
  if (const auto available = condition(object, "Available"); available && available->is_true()) {
    return ready("nfd-master, nfd-worker and nfd-gc available");
  }
  if (const auto degraded = condition(object, "Degraded"); degraded && degraded->is_true()) {
    return progress(with_detail("waiting for the NFD operands", degraded->detail()));
  }
  if (const auto progressing = condition(object, "Progressing"); progressing && progressing->is_true()) {
    return progress(with_detail("waiting for the NFD operands", progressing->detail()));
  }
  return progress("waiting for the NFD operator to report Available");
}

}  // namespace cococtl::kube::wait::detail
