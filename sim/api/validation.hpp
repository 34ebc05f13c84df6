#pragma once
// Schema validation of incoming objects: unknown fields (fieldValidation Strict/Warn/Ignore and
// CRD pruning), value types, required fields and enums.

#include "sim/schema/schema_node.hpp"

#include <string>
#include <vector>

namespace cococtl::sim {

struct SchemaIssue {
  enum class Kind { unknown_field, wrong_type, required, not_in_enum };
  Kind kind;
  std::string field;  // "spec.template.spec.containers[0].foo"
  std::string message;
  // The same path as server-side apply prints it: list-map items by key,
  // "spec.template.spec.containers[name=\"c\"].foo".
  std::string keyed_field;
};

// Every problem of `value` against `schema`.
std::vector<SchemaIssue> check_schema(const json& value, const SchemaNode& schema);

// Removes every field the schema does not know (where it is closed).
void drop_unknown_fields(json& value, const SchemaNode& schema);

// Object names: RFC 1123 subdomain (most kinds) or label (namespaces, services).
bool is_dns_subdomain(const std::string& name);
bool is_dns_label(const std::string& name);

}  // namespace cococtl::sim
