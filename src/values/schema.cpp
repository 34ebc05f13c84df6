#include "schema.hpp"

#include "embedded_values.hpp"

#include <cococtl/util/yaml_json.hpp>

#include <fmt/format.h>

#include <cstdlib>

namespace cococtl::values::detail {
namespace {

SchemaEntry parse_entry(const nlohmann::json& node) {
  SchemaEntry entry;
  entry.type = node.at("type").get<std::string>();
  for (const auto& v : node.value("values", nlohmann::json::array())) entry.values.push_back(v.get<std::string>());
  entry.required = node.value("required", false);
  entry.allow_empty = node.value("allowEmpty", false);
  if (node.contains("min")) entry.min = node["min"].get<long long>();
  if (node.contains("max")) entry.max = node["max"].get<long long>();
  entry.format = node.value("format", "");
  entry.doc = node.value("doc", "");
  return entry;
}

std::map<std::string, SchemaEntry> load_schema() {
  auto text = embedded::file("schema.yaml");
  auto docs = text.ok() ? util::parse_yaml_json(*text, "embedded:schema.yaml")
                        : util::Result<std::vector<util::JsonDocument>>(text.error());
  if (!docs.ok() || docs->size() != 1) {
    fmt::print(stderr, "cococtl: internal error: {}\n", docs.ok() ? "schema.yaml must hold one document" : docs.error().message);
    std::abort();
  }
  std::map<std::string, SchemaEntry> entries;
  for (const auto& [path, entry] : docs->front().value.items()) entries.emplace(path, parse_entry(entry));
  return entries;
}

std::string join_path(const std::string& parent, const std::string& key) {
  return parent.empty() ? key : parent + "." + key;
}

}  // namespace

const std::map<std::string, SchemaEntry>& schema() {
  static const auto k_schema = load_schema();
  return k_schema;
}

std::optional<std::string> child_schema_path(const std::string& parent, const std::string& key) {
  for (const auto& candidate : {join_path(parent, key), join_path(parent, "*")}) {
    if (schema().count(candidate)) return candidate;
  }
  return std::nullopt;
}

namespace {

// parent schema path -> names of its non-wildcard children, built once.
std::map<std::string, std::vector<std::string>> index_children() {
  std::map<std::string, std::vector<std::string>> index;
  for (const auto& [path, entry] : schema()) {
    const auto cut = path.find_last_of('.');
    const std::string parent = cut == std::string::npos ? "" : path.substr(0, cut);
    const std::string name = cut == std::string::npos ? path : path.substr(cut + 1);
    if (name != "*" && name.find('[') == std::string::npos) index[parent].push_back(name);
  }
  return index;
}

}  // namespace

const std::vector<std::string>& known_children(const std::string& parent) {
  static const auto k_index = index_children();
  static const std::vector<std::string> k_none;
  const auto it = k_index.find(parent);
  return it == k_index.end() ? k_none : it->second;
}

}  // namespace cococtl::values::detail
