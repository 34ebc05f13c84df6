#include "print.hpp"

#include <cococtl/manifest/yaml_io.hpp>
#include <cococtl/util/log.hpp>

#include <fmt/format.h>

namespace cococtl::cli {

void print_problems(const std::vector<values::Problem>& problems, bool quiet) {
  for (const auto& p : problems) {
    if (quiet && p.warning) continue;
    fmt::print(stderr, "cococtl: {}: {}\n", p.warning ? "warning" : "error", util::redact(p.to_string()));
  }
}

void print_document(const nlohmann::json& doc, OutputFormat format) {
  if (format == OutputFormat::yaml) return fmt::print("{}", manifest::to_yaml(doc));
  fmt::print("{}\n", doc.dump(2));
}

}  // namespace cococtl::cli
