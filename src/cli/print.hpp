#pragma once
// Output helpers shared by the commands.

#include <cococtl/values/validate.hpp>
#include <string>
#include <vector>

namespace cococtl::cli {

// Prints problems to stderr as "cococtl: error: file:line:col: key: message" (warnings likewise,
// unless `quiet`). Values are redacted.
void print_problems(const std::vector<values::Problem>& problems, bool quiet = false);

// Prints `json` (2-space indented text) to stdout. YAML output is the same text: JSON is valid YAML.
void print_json(const std::string& json);

}  // namespace cococtl::cli
