#pragma once
// Each attest check with its I/O: gathers the inputs, then asks attest_rules for the verdict.
// Private to install; run.cpp calls them in order.

#include "expected.hpp"

#include <cococtl/install/attest_rules.hpp>
#include <cococtl/kbs/endpoint.hpp>
#include <cococtl/kube/cluster.hpp>

#include <string>

namespace cococtl::install::attest::detail {

// kbs-tls: a GET on a fresh connection verified against endpoint.ca_pem; the served leaf's expiry.
CheckResult check_kbs_tls(const kbs::Endpoint& endpoint, bool unreachable_is_warning);

// negative-probe: attests as the sample attester and asks for `resource`.
CheckResult check_negative_probe(const kbs::Endpoint& endpoint, const std::string& token_ca_pem,
                                 const std::string& resource);

// policy: values and render, plus the cluster's resource-policy ConfigMap when `cluster` is set.
CheckResult check_policy(const Expected& expected, kube::Cluster* cluster);

// reference-values from the cluster's rvps-reference-values ConfigMap.
CheckResult check_reference_values_in_cluster(const Expected& expected, kube::Cluster& cluster);

// reference-values from the KBS admin API (GET /kbs/v0/reference-value/<name>), signed with `admin_key_pem`.
CheckResult check_reference_values_in_kbs(const Expected& expected, const kbs::Endpoint& endpoint,
                                          const std::string& admin_key_pem);

// workload: the kbs-access sample through the service proxy.
CheckResult check_workload(const Expected& expected, kube::Cluster& cluster, std::chrono::milliseconds timeout);

// initdata: every pod with a kata runtime class.
CheckResult check_initdata(const Expected& expected, kube::Cluster& cluster);

}  // namespace cococtl::install::attest::detail
