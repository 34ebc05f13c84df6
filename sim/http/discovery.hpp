#pragma once
// Discovery documents built from the registry: aggregated (apidiscovery.k8s.io/v2 and
// v2beta1) and legacy (APIVersions, APIGroupList, APIGroup, APIResourceList).

#include "sim/api/registry.hpp"

#include <optional>
#include <string>

namespace cococtl::sim {

// APIGroupDiscoveryList for /api (core = true) or /apis, in `api_version`
// ("apidiscovery.k8s.io/v2" or ".../v2beta1").
json aggregated_discovery(const Registry& registry, bool core, const std::string& api_version);
// APIVersions for /api.
json legacy_core_versions(const std::string& server_address);
// APIGroupList for /apis.
json legacy_group_list(const Registry& registry);
// APIGroup for /apis/<group>, or nullopt when the group is not served.
std::optional<json> legacy_group(const Registry& registry, const std::string& group);
// APIResourceList for /api/v1 or /apis/<group>/<version>, or nullopt when not served.
std::optional<json> legacy_resource_list(const Registry& registry, const std::string& group, const std::string& version);

}  // namespace cococtl::sim
