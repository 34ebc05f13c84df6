#pragma once
// Schema-aware operations on JSON values that server-side apply is built from: the field set
// of a value, merging an applied configuration into a live object, comparing two versions,
// and removing one path.

#include "sim/ssa/fieldset.hpp"
#include "sim/schema/schema_node.hpp"

#include <optional>
#include <string>

namespace cococtl::sim {

// The path element naming `item` inside a list at `list_node` (kind list_map or list_set):
// `k:{"name":"c"}` or `v:"x"`; `i:<index>` when a map item lacks every key field.
std::string list_item_element(const json& item, const SchemaNode& list_node, NodeKind kind, std::size_t index);

// The set of fields `value` specifies (structured-merge-diff's ToFieldSet rules).
FieldSet field_set_of(const json& value, const SchemaNode& node);

// `config` merged into `live`: structs and maps key by key, map/set lists item by item,
// atomic values replaced.
json merge_values(const json& live, const json& config, const SchemaNode& node);

// A strategic merge patch applied to `live` (list keys from the schema; $patch,
// $deleteFromPrimitiveList honoured, ordering directives ignored).
json strategic_merge(const json& live, const json& patch, const SchemaNode& node);

struct Comparison {
  FieldSet modified;
  FieldSet added;
  FieldSet removed;
};
Comparison compare_values(const json& before, const json& after, const SchemaNode& node);

// Removes the value at `path` from `root`. Returns false when it is not there.
bool remove_path(json& root, const FieldPath& path);

// The first map-typed list item that lacks its key fields or repeats a key, as
// "<path>: <what>"; nullopt when every list is well formed.
std::optional<std::string> check_list_keys(const json& value, const SchemaNode& node, const std::string& path = "");

}  // namespace cococtl::sim
