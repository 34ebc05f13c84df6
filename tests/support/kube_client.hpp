#pragma once
// Connecting cococtl's kube client to a test API server (the fake one in tests/kube or the
// simulator). Library cococtl_test_kube: only tests of client code link it.

#include <cococtl/kube/cluster.hpp>

#include <memory>
#include <string>

namespace cococtl::test {

// A kubeconfig with one cluster "test" at `server` (the test CA inlined unless `cluster_extra`
// sets its own trust), one user "u" with `user_block` (indented 4 spaces), one context "test" in ns1.
std::string kubeconfig_for(const std::string& server, const std::string& user_block,
                           const std::string& cluster_extra = "");

// Options reading only `file` (and no environment), with fast retries.
kube::ConnectOptions options_for(const std::string& file);

// Connects, or throws std::runtime_error with the client's message.
std::unique_ptr<kube::Cluster> connect(const std::string& kubeconfig_file);

}  // namespace cococtl::test
