#include "secret_checks.hpp"

#include <cococtl/secrets/files.hpp>
#include <cococtl/secrets/spec.hpp>
#include <cococtl/util/fs.hpp>
#include <cococtl/util/log.hpp>
#include <cococtl/util/strings.hpp>
#include <cococtl/workspace/inputs.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace cococtl::workspace {
namespace {

values::LoadOptions load_options(const Options& options) {
  values::LoadOptions out;
  out.values_global = options.values_global.empty() ? values::default_values_global_path()
                                                    : std::optional(util::expand_user(options.values_global));
  out.topology = options.topology;
  out.cluster = options.cluster;
  out.sets = options.sets;
  return out;
}

// Files in the secrets folder for each material name (the names `cococtl secrets generate`
// writes, secrets/spec.hpp). Several files are concatenated: the token broker wants leaf + CA.
struct MaterialFiles {
  std::string name;
  std::vector<std::string_view> files;
  bool is_private;
};

const std::vector<MaterialFiles>& material_files() {
  namespace f = secrets::file;
  static const std::vector<MaterialFiles> k_files{
      {"kbs-admin-public-key", {f::kbs_public_key}, false},
      {"kbs-ca-cert", {f::kbs_tls_ca_cert}, false},
      {"kbs-tls-cert", {f::kbs_tls_cert}, false},
      {"kbs-tls-key", {f::kbs_tls_key}, true},
      {"attestation-cert", {f::token_cert, f::token_ca_cert}, false},
      {"attestation-key", {f::token_key}, true},
      {"pccs-tls-cert", {f::pccs_cert}, false},
      {"pccs-tls-key", {f::pccs_key}, true},
      {"pccs-user-token", {f::pccs_user_token}, true},
      {"pccs-user-token-hash", {f::pccs_user_token_hash}, false},
      {"pccs-admin-token-hash", {f::pccs_admin_token_hash}, false},
      {"ssh-public-key", {f::ssh_public_key}, false},
      // Generated KBS resource values, used when the values-secret file does not give them.
      {"resource/kbsres1/key1", {f::kbsres1_key1}, true},
      {"resource/kbsres1/key2", {f::kbsres1_key2}, true},
      {"resource/kbsres1/key3", {f::kbsres1_key3}, true},
      {"resource/passphrase/passphrase", {f::passphrase}, true},
      {"resource/attestation-status/random", {f::attestation_random}, true}};
  return k_files;
}

// The concatenated files, or nullopt when any is missing (render then writes a placeholder).
// Private files that others can read are refused, as everywhere else.
util::Result<std::optional<std::string>> read_material(const std::filesystem::path& dir, const MaterialFiles& m) {
  std::string content;
  std::error_code ec;
  for (const auto file : m.files) {
    const auto path = dir / std::string(file);
    if (!std::filesystem::exists(path, ec)) return std::optional<std::string>();
    COCO_TRY_ASSIGN(auto part, m.is_private ? secrets::read_private_file(path) : secrets::read_public_file(path));
    content += part;
  }
  return std::optional(std::move(content));
}

}  // namespace

std::filesystem::path secrets_dir(const Options& options) { return util::expand_user(options.secrets_dir); }

util::Result<values::Values> load_values(const Options& options) { return values::load(load_options(options)); }

util::Result<values::Values> load_checked_values(const Options& options) {
  COCO_TRY_ASSIGN(auto loaded, load_values(options));
  std::vector<std::string> errors;
  for (const auto& problem : values::validate_schema(loaded)) {
    if (!problem.warning) errors.push_back(problem.to_string());
  }
  if (!errors.empty()) return util::invalid_input("invalid values:\n  " + util::join(errors, "\n  "));
  return loaded;
}

util::Result<Inputs> load_inputs(const Options& options) {
  COCO_TRY_ASSIGN(auto merged, load_values(options));
  Inputs inputs{std::move(merged), std::nullopt, {}};
  inputs.problems = values::validate_schema(inputs.values);
  COCO_TRY_ASSIGN(const auto secret_path, values::locate_secret_file(options.values_secret));
  if (secret_path) {
    COCO_TRY_ASSIGN(inputs.secrets, values::load_secret_file(*secret_path, inputs.problems));
  }
  if (values::has_errors(inputs.problems)) return inputs;  // the rules assume well-formed inputs
  if (inputs.secrets) {
    auto mixed = check_key_folders(*inputs.secrets, secrets_dir(options));
    inputs.problems.insert(inputs.problems.end(), mixed.begin(), mixed.end());
    // No questions when the answers could not be used anyway.
    if (mixed.empty()) COCO_TRY(detail::resolve_prompts(inputs.values, *inputs.secrets, inputs.problems));
  }
  auto rules = values::validate_rules(inputs.values, inputs.secrets ? &*inputs.secrets : nullptr);
  inputs.problems.insert(inputs.problems.end(), rules.begin(), rules.end());
  detail::check_kbs_certificate(inputs.values, secrets_dir(options), inputs.problems);
  return inputs;
}

util::Result<void> fail_on_errors(const std::vector<values::Problem>& problems) {
  const auto errors = std::count_if(problems.begin(), problems.end(), [](const auto& p) { return !p.warning; });
  if (errors == 0) return {};
  return util::invalid_input(fmt::format("{} problem{} in values (see above)", errors, errors == 1 ? "" : "s"));
}

util::Result<render::Material> load_material(const Options& options) {
  const auto dir = secrets_dir(options);
  render::Material material;
  for (const auto& m : material_files()) {
    COCO_TRY_ASSIGN(auto content, read_material(dir, m));
    if (!content) continue;
    if (m.is_private) util::register_secret(*content);  // certificates and public keys are not secret
    material.emplace(m.name, std::move(*content));
  }
  return material;
}

util::Result<std::optional<std::string>> load_measurements(const Options& options) {
  const auto path = secrets_dir(options) / "measurements.json";
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return std::optional<std::string>();
  COCO_TRY_ASSIGN(auto text, util::read_file(path, 1024 * 1024));
  return std::optional(std::move(text));
}

util::Result<render::RenderInputs> render_inputs(const Options& options, const Inputs& inputs) {
  render::RenderInputs in;
  in.values = &inputs.values;
  in.secrets = inputs.secrets ? &*inputs.secrets : nullptr;
  COCO_TRY_ASSIGN(in.material, load_material(options));
  COCO_TRY_ASSIGN(in.measurements_json, load_measurements(options));
  return in;
}

}  // namespace cococtl::workspace
