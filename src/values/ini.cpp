#include "ini.hpp"

#include <cococtl/util/strings.hpp>

namespace cococtl::values::detail {

std::optional<std::string> ini_lookup(std::string_view text, std::string_view section, std::string_view key) {
  std::string current;
  for (const auto& raw : util::split(text, '\n')) {
    const auto line = util::trim(raw);
    if (line.empty() || line.front() == '#' || line.front() == ';') continue;
    if (line.front() == '[' && line.back() == ']') {
      current = std::string(util::trim(line.substr(1, line.size() - 2)));
      continue;
    }
    const auto eq = line.find('=');
    if (current == section && eq != std::string_view::npos && util::trim(line.substr(0, eq)) == key) {
      return std::string(util::trim(line.substr(eq + 1)));
    }
  }
  return std::nullopt;
}

}  // namespace cococtl::values::detail
