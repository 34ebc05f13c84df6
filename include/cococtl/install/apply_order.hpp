#pragma once
// Applying a set of objects in the one apply order (manifest::apply_groups): wave by wave, each
// wave's Namespaces and CRDs before the rest, new CRDs Established before anything after them.
// Used by `cococtl apply` and by every install stage that writes objects.

#include <cococtl/kube/cluster.hpp>
#include <cococtl/manifest/object.hpp>

#include <chrono>
#include <vector>

namespace cococtl::install {

struct OrderOptions {
  kube::ApplyOptions apply{};
  std::chrono::milliseconds crd_timeout{60000};  // per group of new CRDs
};

// Applies `objects` group by group. A dry run marks objects whose CRD or namespace the set
// itself creates as "created, not validated" (nothing exists yet to validate them against).
// A CRD that does not become Established in time turns its result into a failure naming why;
// later groups still go out (their own failures tell the rest). Results are in input order;
// `on_result` sees each as it completes. Stops handing out work after SIGINT.
std::vector<kube::ApplyResult> apply_in_order(kube::Cluster& cluster, const std::vector<manifest::Object>& objects,
                                              const OrderOptions& options, const kube::ApplyCallback& on_result = {});

}  // namespace cococtl::install
