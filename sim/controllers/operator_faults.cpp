#include "sim/controllers/operator_faults.hpp"

#include <fmt/format.h>

namespace cococtl::sim {
namespace {

std::set<std::string> words(const json& data, const char* key) {
  std::set<std::string> out;
  const auto it = data.find(key);
  if (it == data.end() || !it->is_string()) return out;
  std::string word;
  for (const char c : it->get<std::string>() + ",") {
    if (c == ',' || c == ' ' || c == '\n' || c == '\t') {
      if (!word.empty()) out.insert(word);
      word.clear();
    } else {
      word += c;
    }
  }
  return out;
}

}  // namespace

OperatorFaults OperatorFaults::from_data(const json& data) {
  if (!data.is_object()) return {};
  return {words(data, "csv-failed"), words(data, "installplan-failed"), words(data, "mcp-degraded"),
          words(data, "deployment-progress-deadline"), words(data, "kataconfig-failed")};
}

const std::set<std::string>& operator_fault_keys() {
  static const std::set<std::string> keys = {"csv-failed", "installplan-failed", "mcp-degraded",
                                             "deployment-progress-deadline", "kataconfig-failed"};
  return keys;
}

util::Result<std::pair<std::string, std::string>> parse_operator_fault(const std::string& text) {
  const auto eq = text.find('=');
  const std::string key = text.substr(0, eq);
  if (eq == std::string::npos || operator_fault_keys().count(key) == 0) {
    return util::usage_error(
        fmt::format("--operator-fault wants KEY=VALUE with KEY one of csv-failed, "
                    "installplan-failed, mcp-degraded, deployment-progress-deadline, "
                    "kataconfig-failed; got \"{}\"",
                    text));
  }
  return std::pair{key, text.substr(eq + 1)};
}

}  // namespace cococtl::sim
