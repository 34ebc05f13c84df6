#pragma once
// Preflight's checks. Each adds to one of two lists, so install fails early with every problem
// at once: input problems (exit 3) and reasons the cluster is not suitable (exit 4).

#include "plan.hpp"

#include <cococtl/kube/cluster.hpp>

#include <string>
#include <vector>

namespace cococtl::install::preflight {

inline constexpr const char* k_minimum_openshift = "4.19.28";

struct Problems {
  std::vector<std::string> input;
  std::vector<std::string> cluster;
  std::vector<std::string> notes;  // worth telling, not blocking
};

// OpenShift version, platform and hardware against the topology.
void check_cluster(const PlannedInputs& planned, Problems& problems);

// Values problems, the secret store backend, missing key material and placeholders anywhere in
// the rendered objects (a placeholder or redacted value must never reach a cluster), and the KBS
// certificate's names against kbs.<domain>.
void check_inputs(const PlannedInputs& planned, const workspace::Options& options, Problems& problems);

// SelfSubjectAccessReviews: may the current identity create and patch every resource the plan
// writes (kinds served now; operator CRDs are checked when they exist), and approve InstallPlans?
util::Result<void> check_access(kube::Cluster& cluster, const PlannedInputs& planned, Problems& problems);

}  // namespace cococtl::install::preflight
