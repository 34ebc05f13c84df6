#pragma once
// The embedded schema, parsed once (private to the values module).

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cococtl::values::detail {

struct SchemaEntry {
  std::string type;  // string | bool | int | enum | domain | list | map
  std::vector<std::string> values;
  bool required = false;
  bool allow_empty = false;
  std::optional<long long> min;
  std::optional<long long> max;
  std::string format;  // ocp-minor | rfc3339-utc | https-url
  std::string doc;
};

// Schema paths ("a.*.b", "a.b[]") to entries. Aborts on a malformed embedded schema (a build
// bug that the schema unit test catches).
const std::map<std::string, SchemaEntry>& schema();

// The entry for the child `key` of schema path `parent`: exact name first, then "*".
// Returns the schema path chosen, or nullopt for an unknown key.
std::optional<std::string> child_schema_path(const std::string& parent, const std::string& key);

// Names of the known (non-wildcard) children of schema path `parent`, for suggestions.
const std::vector<std::string>& known_children(const std::string& parent);

}  // namespace cococtl::values::detail
