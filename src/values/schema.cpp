#include "schema.hpp"

#include "embedded_values.hpp"

#include <cococtl/util/yaml.hpp>

#include <fmt/format.h>

#include <cstdlib>

namespace cococtl::values::detail {
namespace {

SchemaEntry parse_entry(const YAML::Node& node) {
  SchemaEntry entry;
  entry.type = node["type"].as<std::string>();
  if (node["values"]) entry.values = node["values"].as<std::vector<std::string>>();
  entry.required = node["required"] && node["required"].as<bool>();
  entry.allow_empty = node["allowEmpty"] && node["allowEmpty"].as<bool>();
  if (node["min"]) entry.min = node["min"].as<long long>();
  if (node["max"]) entry.max = node["max"].as<long long>();
  if (node["pattern"]) entry.pattern = node["pattern"].as<std::string>();
  if (node["doc"]) entry.doc = node["doc"].as<std::string>();
  return entry;
}

std::map<std::string, SchemaEntry> load_schema() {
  auto text = embedded::file("schema.yaml");
  auto root = text.ok() ? util::parse_yaml(*text, "embedded:schema.yaml") : util::Result<YAML::Node>(text.error());
  if (!root.ok()) {
    fmt::print(stderr, "cococtl: internal error: {}\n", root.error().message);
    std::abort();
  }
  std::map<std::string, SchemaEntry> entries;
  for (const auto& pair : *root) entries.emplace(pair.first.Scalar(), parse_entry(pair.second));
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

std::vector<std::string> known_children(const std::string& parent) {
  std::vector<std::string> names;
  const std::string prefix = parent.empty() ? "" : parent + ".";
  for (const auto& [path, entry] : schema()) {
    if (path.rfind(prefix, 0) != 0) continue;
    const std::string rest = path.substr(prefix.size());
    if (rest.find_first_of(".[") == std::string::npos && rest != "*") names.push_back(rest);
  }
  return names;
}

}  // namespace cococtl::values::detail
