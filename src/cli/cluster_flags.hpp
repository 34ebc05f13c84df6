#pragma once
// --kubeconfig and --context, shared by every command that talks to a cluster.

#include <cococtl/kube/cluster.hpp>
#include <cococtl/util/result.hpp>

#include <CLI/CLI.hpp>

#include <memory>
#include <string>

namespace cococtl::cli {

struct ClusterFlags {
  std::string kubeconfig;
  std::string context;
};

// Declares --kubeconfig and --context on `cmd`.
void add_cluster_flags(CLI::App* cmd, ClusterFlags& flags);

// Connects (kubeconfig rules as kubectl; exit 3 for bad kubeconfigs). No request is made yet.
util::Result<std::unique_ptr<kube::Cluster>> connect(const ClusterFlags& flags);

}  // namespace cococtl::cli
