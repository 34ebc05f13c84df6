#pragma once
// The plan install works from - values filled from the cluster, validated and rendered - for
// commands that need it without installing (diff).

#include <cococtl/install/install.hpp>
#include <cococtl/kube/cluster.hpp>
#include <cococtl/workspace/options.hpp>

namespace cococtl::install {

// Reads the cluster's facts, fills the values the user left to defaults, validates and renders.
// Fails (invalid_input) listing every values problem, or when the cluster cannot be read.
util::Result<Plan> make_plan(kube::Cluster& cluster, const workspace::Options& options);

// `options` with the values the user left to defaults (platform, apps domain, TEE) set from the
// cluster's facts, as install fills them, without rendering. Fails when the cluster or the
// values cannot be read.
util::Result<workspace::Options> filled_from_cluster(kube::Cluster& cluster, const workspace::Options& options);

}  // namespace cococtl::install
