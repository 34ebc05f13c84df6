#pragma once
// Turning the workspace and the cluster's facts into the plan: values the user left to
// defaults are filled from the cluster, then everything is validated and rendered.

#include <cococtl/install/install.hpp>
#include <cococtl/values/location.hpp>
#include <cococtl/workspace/inputs.hpp>

#include <string>
#include <vector>

namespace cococtl::install::preflight {

struct PlannedInputs {
  Plan plan;
  std::vector<values::Problem> problems;  // values and values-secret problems (errors and warnings)
  std::string pattern;                    // global.pattern (names the inventory)
  std::string secret_store;               // global.secretStore.backend
  std::string kbs_host;                   // kbs.<global.hubClusterDomain>
};

// The "key=value" --set entries that fill, from `facts`, the values the user did not set
// (keys whose value comes from the embedded defaults): global.clusterPlatform,
// global.hubClusterDomain (except on a spoke, whose hub is another cluster),
// global.localClusterDomain, and baremetal.tee when it is "auto" and NFD has labelled a TEE.
std::vector<std::string> fills(const values::Values& values, const ClusterFacts& facts);

// Loads the workspace with the fills applied, validates it and renders it. Fails only when a
// file cannot be used at all; validation problems are returned, and rendering is skipped when
// there are errors.
util::Result<PlannedInputs> plan(const workspace::Options& options, const ClusterFacts& facts);

}  // namespace cococtl::install::preflight
