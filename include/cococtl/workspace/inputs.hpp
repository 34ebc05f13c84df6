#pragma once
// Loading what most commands need: merged values, the values-secret file, validation problems,
// key material from the secrets folder and the stored measurements.

#include <cococtl/render/render.hpp>
#include <cococtl/util/result.hpp>
#include <cococtl/values/secret_file.hpp>
#include <cococtl/values/validate.hpp>
#include <cococtl/values/values.hpp>
#include <cococtl/workspace/options.hpp>
#include <optional>
#include <string>
#include <vector>

namespace cococtl::workspace {

struct Inputs {
  values::Values values;
  std::optional<values::SecretFile> secrets;
  std::vector<values::Problem> problems;  // schema, values-secret and cross-field, in that order
};

// The merged values with the options applied (values_global, topology, cluster, sets), not
// validated. Fails like values::load.
util::Result<values::Values> load_values(const Options& options);

// The merged values, failing (invalid_input) with every schema error listed when they do not
// validate. For commands that need only a few well-formed keys (secrets, initdata, pcr).
util::Result<values::Values> load_checked_values(const Options& options);

// Loads values and the values-secret file, and validates both. Fails only when a file cannot be
// used at all (unreadable, not YAML, --topology unknown) or asking for a value was interrupted;
// every other problem is returned in Inputs::problems. Also: values-secret `onMissingValue:
// prompt` fields that render reads are asked for on a terminal (no echo) and are errors
// otherwise; `path:` entries reading generated key material from another folder than the secrets
// folder are errors (check_key_folders); a KBS certificate not for kbs.<domain> is a warning.
util::Result<Inputs> load_inputs(const Options& options);

// Errors for `path:` entries of `secrets` that read files `cococtl secrets generate` writes
// from a folder other than `secrets_dir`: rendering would mix two key sets. One problem per
// foreign folder, naming both folders. Never fails.
std::vector<values::Problem> check_key_folders(const values::SecretFile& secrets,
                                               const std::filesystem::path& secrets_dir);

// invalid_input summarising the errors among `problems` ("2 problems in values (see above)"), or
// ok when there are none. The caller prints the problems themselves.
util::Result<void> fail_on_errors(const std::vector<values::Problem>& problems);

// Key material present in the secrets folder, by render::material_names() name. Missing files
// are simply absent; unreadable ones, and private files others can read, fail. Private material
// is registered for redaction.
util::Result<render::Material> load_material(const Options& options);

// <secrets-dir>/measurements.json when it exists. Fails when it exists but cannot be read.
util::Result<std::optional<std::string>> load_measurements(const Options& options);

// Everything render needs, from disk: the checked inputs, key material and measurements.
// `inputs.values` must outlive the returned RenderInputs' use.
util::Result<render::RenderInputs> render_inputs(const Options& options, const Inputs& inputs);

}  // namespace cococtl::workspace
