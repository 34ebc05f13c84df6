#pragma once
// Compact builders for the OpenAPI v3 schemas of built-in kinds. The schemas carry the
// structural markers server-side apply needs (x-kubernetes-list-type, list-map-keys, map-type)
// and let strict field validation reject unknown fields where a kind is fully described.

#include "sim/common/json_util.hpp"

#include <string>
#include <utility>
#include <vector>

namespace cococtl::sim::schema {

using Properties = std::vector<std::pair<std::string, json>>;

json string_type();
json integer_type();
json number_type();
json boolean_type();
json int_or_string();
// Any value at all: unknown content is kept and never rejected.
json any_value();
// An object whose unknown fields are kept (for parts of a kind not described here).
json open_object(const Properties& known = {});
// A closed object: fields outside `properties` are unknown fields.
json object(const Properties& properties, const std::vector<std::string>& required = {});
// map[string]value, merged key by key.
json map_of(const json& value);
// An object owned as one field (x-kubernetes-map-type: atomic).
json atomic_object(const json& object_schema);
// Lists: associative by `keys`, set of scalars, or atomic.
json list_map(const std::vector<std::string>& keys, const json& item);
json list_set(const json& item);
json list_atomic(const json& item);

// metadata (ObjectMeta) with its markers: finalizers a set, ownerReferences keyed by uid.
json object_meta();
// A whole kind: apiVersion, kind, metadata plus `fields`.
json kind_schema(const Properties& fields);
// status with conditions keyed by type, other status fields kept as they come.
json status_with_conditions();

}  // namespace cococtl::sim::schema
