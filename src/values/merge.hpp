#pragma once
// Deep merge of YAML trees with origin tracking (private to the values module).

#include <cococtl/values/location.hpp>

#include <yaml-cpp/yaml.h>

#include <map>
#include <string>

namespace cococtl::values::detail {

using Origins = std::map<std::string, Location>;

// "a.b" + "c" -> "a.b.c"; "" + "c" -> "c".
std::string child_path(const std::string& parent, const std::string& key);

// "a.b" + 3 -> "a.b[3]".
std::string item_path(const std::string& parent, std::size_t index);

// Records the position of every key and list item under `node` (at `path`) as coming from `source`.
void record_origins(const YAML::Node& node, const YAML::Mark& mark, const std::string& path, const std::string& source,
                    Origins& origins);

// Merges `overlay` into `base`: maps merge key by key, anything else (lists included) replaces.
void merge_into(YAML::Node base, const YAML::Node& overlay, const std::string& path, const std::string& source,
                Origins& origins);

}  // namespace cococtl::values::detail
