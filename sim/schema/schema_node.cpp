#include "sim/schema/schema_node.hpp"

namespace cococtl::sim {
namespace {

std::string type_of(const json& schema) { return schema.value("type", ""); }

bool is_object_schema(const json& schema) {
  return type_of(schema) == "object" || schema.contains("properties") || schema.contains("additionalProperties");
}

}  // namespace

NodeKind SchemaNode::kind_for(const json& value) const {
  if (m_schema == nullptr || (!m_schema->contains("type") && !m_schema->contains("properties") &&
                              !m_schema->contains("additionalProperties") && !m_schema->contains("items"))) {
    if (m_schema != nullptr && m_schema->value("x-kubernetes-int-or-string", false)) return NodeKind::scalar;
    if (value.is_object()) return NodeKind::map;
    return value.is_array() ? NodeKind::atomic : NodeKind::scalar;
  }
  const json& s = *m_schema;
  if (type_of(s) == "array") {
    const std::string list_type = s.value("x-kubernetes-list-type", "atomic");
    if (list_type == "map") return NodeKind::list_map;
    return list_type == "set" ? NodeKind::list_set : NodeKind::atomic;
  }
  if (is_object_schema(s)) {
    if (s.value("x-kubernetes-map-type", "") == "atomic") return NodeKind::atomic;
    return s.contains("properties") ? NodeKind::structure : NodeKind::map;
  }
  return NodeKind::scalar;
}

SchemaNode SchemaNode::field(const std::string& name) const {
  if (m_schema == nullptr) return {};
  if (const auto props = m_schema->find("properties"); props != m_schema->end()) {
    if (const auto it = props->find(name); it != props->end()) return SchemaNode(&*it);
  }
  if (const auto extra = m_schema->find("additionalProperties"); extra != m_schema->end() && extra->is_object()) {
    return SchemaNode(&*extra);
  }
  return {};
}

bool SchemaNode::declares(const std::string& name) const {
  if (m_schema == nullptr) return false;
  const auto props = m_schema->find("properties");
  return props != m_schema->end() && props->contains(name);
}

bool SchemaNode::allows_unknown_fields() const {
  if (m_schema == nullptr) return true;
  if (m_schema->value("x-kubernetes-preserve-unknown-fields", false)) return true;
  if (m_schema->value("x-kubernetes-embedded-resource", false)) return true;
  const auto extra = m_schema->find("additionalProperties");
  if (extra != m_schema->end()) return !(extra->is_boolean() && !extra->get<bool>());
  return !m_schema->contains("properties") && !m_schema->contains("type");
}

SchemaNode SchemaNode::items() const {
  if (m_schema == nullptr) return {};
  const auto it = m_schema->find("items");
  return it != m_schema->end() && it->is_object() ? SchemaNode(&*it) : SchemaNode();
}

std::vector<std::string> SchemaNode::list_keys() const {
  if (m_schema == nullptr) return {};
  return m_schema->value("x-kubernetes-list-map-keys", std::vector<std::string>{});
}

}  // namespace cococtl::sim
