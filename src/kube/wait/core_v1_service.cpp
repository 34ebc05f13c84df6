// kstatus: sigs.k8s.io/cli-utils v0.37.2 pkg/kstatus/status/core.go (serviceConditions).
#include "rules.hpp"

namespace cococtl::kube::wait::detail {

// The API server assigns the cluster IP when it stores the Service; only a LoadBalancer without
// one is waited for. The load balancer's external address is not awaited (bare-metal OpenShift
// often has no load-balancer provider), as in kstatus.
State core_service(const json& object, const Expectation&) {
  const std::string type = text(object, {"spec", "type"});
  const std::string ip = text(object, {"spec", "clusterIP"});
  if (type == "LoadBalancer" && ip.empty()) return progress("waiting for a cluster IP (type LoadBalancer)");
  if (ip.empty()) return ready("present");
  return ready(ip == "None" ? "headless" : "cluster IP " + ip);
}

}  // namespace cococtl::kube::wait::detail
