#pragma once
// What the server knows about one resource type (one group/version/plural): names for
// discovery, scope, verbs, the schema behind SSA and validation, and the Table columns.

#include "sim/common/json_util.hpp"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace cococtl::sim {

struct Column {
  std::string name;
  std::string type = "string";
  std::string format;
  std::string description;
  int priority = 0;
  std::string json_path;                    // CRD additionalPrinterColumns
  std::function<json(const json&)> cell;    // built-in printers; used when set
};

struct ResourceType {
  std::string group;
  std::string version;
  std::string kind;
  std::string plural;
  std::string singular;
  bool namespaced = true;
  std::vector<std::string> short_names;
  std::vector<std::string> categories;
  std::vector<std::string> verbs;
  bool status_subresource = false;
  bool has_generation = false;  // metadata.generation tracks spec changes
  bool stored = true;           // false for review kinds, which are answered and forgotten
  std::string crd_name;         // the CustomResourceDefinition that defines this type, if any
  std::shared_ptr<const json> schema;  // OpenAPI v3 schema of the object; nullptr = anything goes
  std::vector<Column> columns;         // Table columns after Name; empty = "Created At"

  std::string api_version() const { return group.empty() ? version : group + "/" + version; }
  // Objects of every version of a group/resource share one storage bucket.
  std::string storage_key() const { return group + "/" + plural; }
  std::string list_kind() const { return kind + "List"; }
};

using TypePtr = std::shared_ptr<const ResourceType>;

// The verbs of a normal stored resource.
const std::vector<std::string>& standard_verbs();

// Kubernetes version order ("v2" > "v1" > "v1beta2" > "v1beta1" > "v1alpha1" > "foo"): true when
// `a` is preferred over `b`.
bool version_preferred(const std::string& a, const std::string& b);

}  // namespace cococtl::sim
