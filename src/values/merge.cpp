#include "merge.hpp"

#include <fmt/format.h>

namespace cococtl::values::detail {

std::string child_path(const std::string& parent, const std::string& key) {
  return parent.empty() ? key : parent + "." + key;
}

std::string item_path(const std::string& parent, std::size_t index) { return fmt::format("{}[{}]", parent, index); }

void record_origins(const YAML::Node& node, const YAML::Mark& mark, const std::string& path, const std::string& source,
                    Origins& origins) {
  if (!path.empty()) {
    origins[path] = mark.is_null() ? Location{source} : Location{source, mark.line + 1, mark.column + 1};
  }
  if (node.IsMap()) {
    for (const auto& pair : node) {
      record_origins(pair.second, pair.first.Mark(), child_path(path, pair.first.Scalar()), source, origins);
    }
  } else if (node.IsSequence()) {
    for (std::size_t i = 0; i < node.size(); ++i) {
      record_origins(node[i], node[i].Mark(), item_path(path, i), source, origins);
    }
  }
}

namespace {

// Forgets origins below `path`: a replaced subtree's old keys no longer exist.
void erase_origins_below(const std::string& path, Origins& origins) {
  for (const std::string& prefix : {path + ".", path + "["}) {
    for (auto it = origins.lower_bound(prefix); it != origins.end() && it->first.rfind(prefix, 0) == 0;) {
      it = origins.erase(it);
    }
  }
}

}  // namespace

void merge_into(YAML::Node base, const YAML::Node& overlay, const std::string& path, const std::string& source,
                Origins& origins) {
  for (const auto& pair : overlay) {
    const std::string key = pair.first.Scalar();
    const std::string key_path = child_path(path, key);
    YAML::Node existing = base[key];
    if (existing.IsMap() && pair.second.IsMap()) {
      origins[key_path] = Location{source, pair.first.Mark().line + 1, pair.first.Mark().column + 1};
      merge_into(existing, pair.second, key_path, source, origins);
      continue;
    }
    erase_origins_below(key_path, origins);
    base[key] = YAML::Clone(pair.second);
    record_origins(pair.second, pair.first.Mark(), key_path, source, origins);
  }
}

}  // namespace cococtl::values::detail
