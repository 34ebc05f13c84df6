#include "print.hpp"

#include <fmt/format.h>

#include <cococtl/util/log.hpp>

namespace cococtl::cli {

void print_problems(const std::vector<values::Problem>& problems, bool quiet) {
  for (const auto& p : problems) {
    if (quiet && p.warning) continue;
    fmt::print(stderr, "cococtl: {}: {}\n", p.warning ? "warning" : "error", util::redact(p.to_string()));
  }
}

void print_json(const std::string& json) { fmt::print("{}\n", json); }

}  // namespace cococtl::cli
