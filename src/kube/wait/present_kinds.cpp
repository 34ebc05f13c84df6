// kstatus: sigs.k8s.io/cli-utils v0.37.2 pkg/kstatus/status/core.go (alwaysReady: Secret, ConfigMap);
// ServiceAccount and RBAC objects have no status at all (k8s.io/api v0.32 core/v1, rbac/v1).
#include "rules.hpp"

namespace cococtl::kube::wait::detail {

// Secrets, ConfigMaps, ServiceAccounts and RBAC objects take effect when stored: present = ready.
State present(const json&, const Expectation&) { return ready("present"); }

}  // namespace cococtl::kube::wait::detail
