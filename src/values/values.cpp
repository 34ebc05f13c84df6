#include "embedded_values.hpp"

#include <cococtl/util/strings.hpp>
#include <cococtl/values/values.hpp>

#include <fmt/format.h>

namespace cococtl::values {

const std::vector<std::string>& topology_names() {
  static const std::vector<std::string> k_names{"simple", "trusted-hub", "spoke", "baremetal", "baremetal-gpu"};
  return k_names;
}

namespace embedded {

util::Result<std::string_view> file(std::string_view name) {
  const auto* found = util::find_embedded(embedded_files(), name);
  if (!found) return util::failure(fmt::format("embedded values file {} is missing (build bug)", name));
  return found->bytes;
}

}  // namespace embedded

Values::Values(const YAML::Node& root, std::map<std::string, Location> origins, std::vector<Problem> load_problems)
    : m_root(root), m_origins(std::move(origins)), m_load_problems(std::move(load_problems)) {}

YAML::Node Values::at(const std::string& path) const {
  YAML::Node node = m_root;
  for (const auto& key : util::split(path, '.')) {
    if (!node.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
    // The const operator[] looks up without inserting the key.
    const YAML::Node child = static_cast<const YAML::Node&>(node)[key];
    if (!child) return YAML::Node(YAML::NodeType::Undefined);
    node.reset(child);
  }
  return node;
}

std::string Values::string_at(const std::string& path, const std::string& fallback) const {
  const auto node = at(path);
  return node.IsScalar() ? node.Scalar() : fallback;
}

bool Values::bool_at(const std::string& path, bool fallback) const {
  const auto node = at(path);
  if (!node.IsScalar()) return fallback;
  bool value = fallback;
  return YAML::convert<bool>::decode(node, value) ? value : fallback;
}

long long Values::int_at(const std::string& path, long long fallback) const {
  const auto node = at(path);
  if (!node.IsScalar()) return fallback;
  long long value = fallback;
  return YAML::convert<long long>::decode(node, value) ? value : fallback;
}

std::vector<std::string> Values::strings_at(const std::string& path) const {
  std::vector<std::string> out;
  const auto node = at(path);
  if (!node.IsSequence()) return out;
  for (const auto& item : node) {
    if (item.IsScalar()) out.push_back(item.Scalar());
  }
  return out;
}

Location Values::location_of(const std::string& path) const {
  for (std::string p = path; !p.empty();) {
    if (const auto it = m_origins.find(p); it != m_origins.end()) return it->second;
    const auto cut = p.find_last_of(".[");
    p = cut == std::string::npos ? "" : p.substr(0, cut);
  }
  return {"values"};
}

}  // namespace cococtl::values
