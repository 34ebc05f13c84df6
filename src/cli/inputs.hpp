#pragma once
// Loading what most commands need: merged values, the values-secret file, validation problems,
// and key material from the secrets directory.

#include "global_options.hpp"

#include <cococtl/render/render.hpp>
#include <cococtl/util/result.hpp>
#include <cococtl/values/secret_file.hpp>
#include <cococtl/values/values.hpp>

#include <optional>
#include <vector>

namespace cococtl::cli {

struct Inputs {
  values::Values values;
  std::optional<values::SecretFile> secrets;
  std::vector<values::Problem> problems;  // schema, values-secret and cross-field, in that order
};

// The merged values with the global flags applied (--values-global, --topology, --cluster,
// --set), not validated. Fails like values::load.
util::Result<values::Values> load_values(const GlobalOptions& global);

// Loads values (flags applied) and the values-secret file, and validates both. Fails only when
// a file cannot be used at all (unreadable, not YAML, unknown topology); every other problem is
// returned in Inputs::problems.
util::Result<Inputs> load_inputs(const GlobalOptions& global);

// Prints problems to stderr as "cococtl: error: file:line:col: key: message" (warnings likewise).
void print_problems(const std::vector<values::Problem>& problems, bool quiet = false);

// invalid_input summarising the errors among `problems`, or ok when there are none.
util::Result<void> fail_on_errors(const std::vector<values::Problem>& problems);

// Key material present in the secrets directory, by render::material_names() name. Missing
// files are simply absent; unreadable ones fail.
util::Result<render::Material> load_material(const GlobalOptions& global);

// <secrets-dir>/measurements.json when it exists.
util::Result<std::optional<std::string>> load_measurements(const GlobalOptions& global);

}  // namespace cococtl::cli
