#pragma once
// A position in an OpenAPI v3 structural schema, as server-side apply and field validation see
// it: scalar, struct (declared properties), map (additionalProperties), list (atomic, set or
// map-keyed) or "deduced" (no schema: objects are granular maps, lists atomic).

#include "sim/common/json_util.hpp"

#include <string>
#include <vector>

namespace cococtl::sim {

enum class NodeKind { scalar, atomic, structure, map, list_set, list_map };

class SchemaNode {
 public:
  SchemaNode() = default;  // deduced
  explicit SchemaNode(const json* schema) : m_schema(schema) {}

  // How a value at this position merges; deduced positions decide by the value's JSON type.
  NodeKind kind_for(const json& value) const;
  // The schema of member `name` of an object here (deduced when unknown).
  SchemaNode field(const std::string& name) const;
  // True when `name` is a declared property (a struct field rather than a map key).
  bool declares(const std::string& name) const;
  // True when members outside the declared properties are allowed (maps, preserve-unknown, deduced).
  bool allows_unknown_fields() const;
  SchemaNode items() const;
  // The key fields of a map-typed list.
  std::vector<std::string> list_keys() const;
  bool known() const { return m_schema != nullptr; }
  const json* raw() const { return m_schema; }

 private:
  const json* m_schema = nullptr;
};

}  // namespace cococtl::sim
