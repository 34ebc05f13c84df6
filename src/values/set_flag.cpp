#include "set_flag.hpp"

#include <cococtl/util/strings.hpp>
#include <cococtl/util/yaml.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace cococtl::values::detail {
namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && s.size() <= 9 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "name[1][2]" -> name, [1], [2].
util::Result<void> parse_segment(std::string_view segment, std::vector<PathStep>& steps) {
  const auto bracket = segment.find('[');
  const auto name = segment.substr(0, bracket);
  if (name.empty()) return util::invalid_input("empty key in path");
  steps.push_back({std::string(name), 0, false});
  for (auto rest = bracket == std::string_view::npos ? std::string_view() : segment.substr(bracket); !rest.empty();) {
    const auto close = rest.find(']');
    if (rest.front() != '[' || close == std::string_view::npos || !all_digits(rest.substr(1, close - 1))) {
      return util::invalid_input(
          fmt::format("{}: expected a list index such as [0]", util::quote_for_message(segment)));
    }
    steps.push_back({"", static_cast<std::size_t>(std::stoul(std::string(rest.substr(1, close - 1)))), true});
    rest.remove_prefix(close + 1);
  }
  return {};
}

std::string path_of(const std::vector<PathStep>& steps, std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i) {
    out += steps[i].is_index ? fmt::format("[{}]", steps[i].index) : (out.empty() ? "" : ".") + steps[i].key;
  }
  return out;
}

std::string describe(const YAML::Node& node) {
  if (node.IsMap()) return "a map";
  if (node.IsSequence()) return "a list";
  return "a single value";
}

// Why step `i` cannot go into `node` (at path `at`); "" when it can.
std::string misfit(const YAML::Node& node, const SetFlag& flag, std::size_t i, const std::string& at) {
  const PathStep& step = flag.steps[i];
  if (!node.IsDefined() || node.IsNull()) return "";
  if (!step.is_index && node.IsSequence()) {
    const std::string hint = all_digits(step.key) ? fmt::format(": to set an item write {}[{}]=...", at, step.key) : "";
    return fmt::format("{} is a list, not a map{}", at, hint);
  }
  if (!step.is_index && !node.IsMap()) return fmt::format("{} is {}, not a map", at, describe(node));
  if (step.is_index && !node.IsSequence()) return fmt::format("{} is {}, not a list", at, describe(node));
  if (step.is_index && step.index > node.size()) {
    return fmt::format("{} has {} item(s): [{}] is past the end ([{}] appends)", at, node.size(), step.index,
                       node.size());
  }
  return "";
}

// The child of `node` for `step`, created (a null node) when missing.
YAML::Node child(YAML::Node& node, const PathStep& step) {
  if (!step.is_index) return node[step.key];
  if (step.index == node.size()) node.push_back(YAML::Node());
  return node[step.index];
}

}  // namespace

util::Result<SetFlag> parse_set_flag(const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos) return util::invalid_input("expected key.path=value");
  SetFlag flag{text, {}, "", {}};
  for (const auto& segment : util::split(text.substr(0, eq), '.')) COCO_TRY(parse_segment(segment, flag.steps));
  flag.path = path_of(flag.steps, flag.steps.size());
  auto value = util::parse_yaml(text.substr(eq + 1), "value");
  if (!value.ok()) return util::invalid_input(value.error().message);
  flag.value = value->IsNull() && eq + 1 == text.size() ? YAML::Node(std::string()) : *value;
  return flag;
}

util::Result<void> apply_set_flag(YAML::Node& root, const SetFlag& flag) {
  YAML::Node trial = YAML::Clone(root);  // all or nothing
  YAML::Node node = trial;
  for (std::size_t i = 0; i < flag.steps.size(); ++i) {
    if (const auto why = misfit(node, flag, i, i == 0 ? "the top level" : path_of(flag.steps, i)); !why.empty()) {
      return util::invalid_input(why);
    }
    if (!node.IsDefined() || node.IsNull()) {
      node = YAML::Node(flag.steps[i].is_index ? YAML::NodeType::Sequence : YAML::NodeType::Map);
    }
    if (i + 1 == flag.steps.size()) {
      child(node, flag.steps[i]) = YAML::Clone(flag.value);
      break;
    }
    YAML::Node next = child(node, flag.steps[i]);
    node.reset(next);
  }
  root.reset(trial);
  return {};
}

}  // namespace cococtl::values::detail
