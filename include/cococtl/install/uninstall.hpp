#pragma once
// `cococtl uninstall`: removes what install created, and nothing else, in reverse stage order.

#include <cococtl/install/install.hpp>
#include <cococtl/install/reporter.hpp>
#include <cococtl/kube/cluster.hpp>

#include <functional>
#include <string>
#include <vector>

namespace cococtl::install {

struct UninstallOptions {
  std::string inventory_name;  // "cococtl-<global.pattern>"
  std::string inventory_namespace = "default";
  bool keep_namespaces = false;  // leave every Namespace cococtl created
  bool keep_operators = false;   // leave Subscriptions, CSVs, CRDs, OperatorGroups and their namespaces
  Timeouts timeouts{};
  std::size_t concurrency = 16;
  std::string cluster_name{};  // tags every event
  // Asked once with what will be deleted ("Deployment ns/name", ...); false stops (exit 1).
  std::function<bool(const std::vector<std::string>&)> confirm{};
};

// Deletes the inventory's members that cococtl created, stage by stage in reverse (workloads
// first, operators last) and wave by wave in reverse, each with a uid precondition (an object
// recreated by someone else is left alone), waiting until each is gone (finalizers removed by
// their operators) and for the MachineConfigPool rollout that deleting MachineConfigs starts.
// Operators cococtl installed go after their custom resources: Subscriptions, then CSVs
// explicitly (deleting a Subscription leaves its CSV), then the CRDs they owned unless
// custom resources cococtl did not create still use them. Finally the inventory itself, unless
// something was kept. No inventory means nothing to do (ok). Fails with the first error, keeping
// the inventory so a second run continues.
util::Result<void> uninstall(kube::Cluster& cluster, const UninstallOptions& options, Reporter& reporter);

}  // namespace cococtl::install
