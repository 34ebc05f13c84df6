#pragma once
// meta.k8s.io Table responses (what `kubectl get` prints): the kind's columns, one row per
// object, each row carrying the object's metadata (includeObject=Metadata by default).

#include "sim/api/resource_type.hpp"

#include <string>

namespace cococtl::sim {

// A Table of `objects` (a list's items, or one object). `include_object` is None, Metadata
// (default) or Object. `api_version` is "meta.k8s.io/v1" or "meta.k8s.io/v1beta1".
json to_table(const ResourceType& type, const json& objects, const json& list_metadata,
              const std::string& include_object, const std::string& api_version);

// Evaluates the JSONPath subset CRD printer columns use: `.a.b`, `.a[0]`, `.a[*].b`,
// `.a[?(@.type=="Ready")].status`, `\.` inside a key. Returns null when nothing matches.
json evaluate_json_path(const json& object, const std::string& path);

}  // namespace cococtl::sim
