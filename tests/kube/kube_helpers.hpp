#pragma once
// Shared helpers for the kube tests: kubeconfig text for the fake server, connecting.

#include "fake_apiserver.hpp"

#include <cococtl/kube/cluster.hpp>

#include <string>

namespace cococtl::testing {

// A kubeconfig with one cluster "test" (the test CA inlined unless `cluster_extra` sets its
// own trust), one user "u" with `user_block` (indented 4 spaces), one context "test" in ns1.
std::string kubeconfig_for(const std::string& server, const std::string& user_block, const std::string& cluster_extra = "");

// Options reading only `file` (and no environment).
kube::ConnectOptions options_for(const std::string& file);

// Connects or fails the test.
std::unique_ptr<kube::Cluster> connect(const std::string& kubeconfig_file);

}  // namespace cococtl::testing
