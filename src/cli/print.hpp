#pragma once
// Output helpers shared by the commands.

#include "global_options.hpp"

#include <cococtl/values/validate.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace cococtl::cli {

// Prints problems to stderr as "cococtl: error: file:line:col: key: message" (warnings likewise,
// unless `quiet`). Values are redacted.
void print_problems(const std::vector<values::Problem>& problems, bool quiet = false);

// Prints `doc` to stdout as JSON (2-space indented) or as YAML (one document), as -o asks.
// For -o text the caller prints its own report; this prints JSON then.
void print_document(const nlohmann::json& doc, OutputFormat format);

}  // namespace cococtl::cli
