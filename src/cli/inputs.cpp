#include "inputs.hpp"

#include <cococtl/secrets/files.hpp>
#include <cococtl/secrets/spec.hpp>
#include <cococtl/util/fs.hpp>
#include <cococtl/util/log.hpp>
#include <cococtl/values/validate.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace cococtl::cli {
namespace {

values::LoadOptions load_options(const GlobalOptions& global) {
  values::LoadOptions options;
  options.values_global = global.values_global.empty() ? values::default_values_global_path()
                                                        : std::optional(util::expand_user(global.values_global));
  options.topology = global.topology;
  options.cluster = global.cluster;
  options.sets = global.sets;
  return options;
}

// Files in the secrets directory for each material name (the names `cococtl secrets generate`
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

util::Result<values::Values> load_values(const GlobalOptions& global) { return values::load(load_options(global)); }

util::Result<Inputs> load_inputs(const GlobalOptions& global) {
  COCO_TRY_ASSIGN(auto merged, load_values(global));
  Inputs inputs{std::move(merged), std::nullopt, {}};
  inputs.problems = values::validate_schema(inputs.values);
  COCO_TRY_ASSIGN(const auto secret_path, values::locate_secret_file(global.values_secret));
  if (secret_path) {
    COCO_TRY_ASSIGN(inputs.secrets, values::load_secret_file(*secret_path, inputs.problems));
  }
  if (!values::has_errors(inputs.problems)) {
    auto rules = values::validate_rules(inputs.values, inputs.secrets ? &*inputs.secrets : nullptr);
    inputs.problems.insert(inputs.problems.end(), rules.begin(), rules.end());
  }
  return inputs;
}

void print_problems(const std::vector<values::Problem>& problems, bool quiet) {
  for (const auto& p : problems) {
    if (quiet && p.warning) continue;
    fmt::print(stderr, "cococtl: {}: {}\n", p.warning ? "warning" : "error", util::redact(p.to_string()));
  }
}

util::Result<void> fail_on_errors(const std::vector<values::Problem>& problems) {
  const auto errors = std::count_if(problems.begin(), problems.end(), [](const auto& p) { return !p.warning; });
  if (errors == 0) return {};
  return util::invalid_input(fmt::format("{} problem{} in values (see above)", errors, errors == 1 ? "" : "s"));
}

util::Result<render::Material> load_material(const GlobalOptions& global) {
  const auto dir = util::expand_user(global.secrets_dir);
  render::Material material;
  for (const auto& m : material_files()) {
    COCO_TRY_ASSIGN(auto content, read_material(dir, m));
    if (!content) continue;
    if (m.is_private) util::register_secret(*content);  // certificates and public keys are not secret
    material.emplace(m.name, std::move(*content));
  }
  return material;
}

util::Result<std::optional<std::string>> load_measurements(const GlobalOptions& global) {
  const auto path = util::expand_user(global.secrets_dir) / "measurements.json";
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return std::optional<std::string>();
  COCO_TRY_ASSIGN(auto text, util::read_file(path, 1024 * 1024));
  return std::optional(std::move(text));
}

}  // namespace cococtl::cli
