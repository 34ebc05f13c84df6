// YAML to JSON for apply bodies, resolving plain scalars the way the API server's YAML decoder
// (go-yaml v2, YAML 1.1) does: quoted scalars stay strings, plain ones may be null/bool/number.
#include "sim/common/json_util.hpp"

#include <yaml-cpp/yaml.h>

#include <regex>

namespace cococtl::sim {
namespace {

json plain_scalar(const std::string& text) {
  static const std::regex k_int(R"([-+]?(0|[1-9][0-9_]*))");
  static const std::regex k_float(R"([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?)");
  if (text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL") return nullptr;
  static const char* const k_true[] = {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"};
  static const char* const k_false[] = {"n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"};
  for (const char* word : k_true) {
    if (text == word) return true;
  }
  for (const char* word : k_false) {
    if (text == word) return false;
  }
  if (std::regex_match(text, k_int)) {
    std::string digits = text;
    std::erase(digits, '_');
    try {
      return std::stoll(digits);
    } catch (const std::exception&) {
      return text;
    }
  }
  if (std::regex_match(text, k_float)) return std::stod(text);
  if (text == ".inf" || text == ".Inf" || text == "+.inf") return std::numeric_limits<double>::infinity();
  return text;
}

json to_json(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return nullptr;
    case YAML::NodeType::Scalar:
      return node.Tag() == "!" ? json(node.Scalar()) : plain_scalar(node.Scalar());
    case YAML::NodeType::Sequence: {
      json out = json::array();
      for (const auto& item : node) out.push_back(to_json(item));
      return out;
    }
    case YAML::NodeType::Map: {
      json out = json::object();
      for (const auto& entry : node) out[entry.first.Scalar()] = to_json(entry.second);
      return out;
    }
  }
  return nullptr;
}

}  // namespace

std::optional<json> parse_json_or_yaml(std::string_view text, std::string& error) {
  auto parsed = json::parse(text.begin(), text.end(), nullptr, false);
  if (!parsed.is_discarded()) return parsed;
  try {
    const std::string copy(text);
    return to_json(YAML::Load(copy));
  } catch (const std::exception& e) {
    error = e.what();
    return std::nullopt;
  }
}

}  // namespace cococtl::sim
