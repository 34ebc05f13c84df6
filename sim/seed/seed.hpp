#pragma once
// Seeds a fresh store with what an installed OpenShift cluster of a profile already has:
// namespaces, RBAC (admin, read-only, discovery), config.openshift.io objects, nodes,
// machine config pools, catalog sources, SCCs and platform secrets.

#include "sim/api/api.hpp"
#include "sim/seed/profiles.hpp"

#include <cococtl/util/result.hpp>

namespace cococtl::sim {

// Creates the profile's objects. Fails (with the object) when one is refused.
util::Result<void> seed_cluster(Api& api, const Profile& profile);

// A Node object for `node` (labels, capacity, Ready condition).
json node_object(const Profile& profile, const NodeSpec& node);

}  // namespace cococtl::sim
