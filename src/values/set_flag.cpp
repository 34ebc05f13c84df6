#include "set_flag.hpp"

#include <cococtl/util/strings.hpp>
#include <cococtl/util/yaml.hpp>

#include <fmt/format.h>

namespace cococtl::values::detail {

util::Result<SetFlag> parse_set_flag(const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos) {
    return util::usage_error(fmt::format("--set {}: expected key.path=value", util::quote_for_message(text)));
  }
  SetFlag flag{text, util::split(text.substr(0, eq), '.'), {}};
  for (const auto& key : flag.keys) {
    if (key.empty()) {
      return util::usage_error(fmt::format("--set {}: empty key in path", util::quote_for_message(text)));
    }
  }
  auto value = util::parse_yaml(text.substr(eq + 1), "--set " + text.substr(0, eq));
  if (!value.ok()) return util::usage_error(value.error().message);
  flag.value = value->IsNull() && eq + 1 == text.size() ? YAML::Node(std::string()) : *value;
  return flag;
}

void apply_set_flag(YAML::Node root, const SetFlag& flag) {
  YAML::Node node = root;
  for (std::size_t i = 0; i + 1 < flag.keys.size(); ++i) {
    YAML::Node next = node[flag.keys[i]];
    if (!next.IsMap()) {
      node[flag.keys[i]] = YAML::Node(YAML::NodeType::Map);
      next = node[flag.keys[i]];
    }
    node.reset(next);
  }
  node[flag.keys.back()] = YAML::Clone(flag.value);
}

}  // namespace cococtl::values::detail
