#include <cococtl/values/location.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace cococtl::values {

std::string Location::to_string() const {
  if (line <= 0) return source;
  return fmt::format("{}:{}:{}", source, line, column);
}

std::string Problem::to_string() const {
  if (path.empty()) return fmt::format("{}: {}", where.to_string(), message);
  return fmt::format("{}: {}: {}", where.to_string(), path, message);
}

bool has_errors(const std::vector<Problem>& problems) {
  return std::any_of(problems.begin(), problems.end(), [](const Problem& p) { return !p.warning; });
}

}  // namespace cococtl::values
