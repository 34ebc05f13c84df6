#include "inputs.hpp"

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

// File names in the secrets directory for each material name (what `cococtl secrets generate` writes).
const std::vector<std::pair<std::string, std::string>>& material_files() {
  static const std::vector<std::pair<std::string, std::string>> k_files{
      {"kbs-admin-public-key", "kbsPublicKey"},     {"kbs-ca-cert", "kbs-ca.crt"},
      {"kbs-tls-cert", "kbs-tls.crt"},              {"kbs-tls-key", "kbs-tls.key"},
      {"attestation-cert", "attestation-token.crt"}, {"attestation-key", "attestation-token.key"},
      {"pccs-tls-cert", "pccs_certificate.pem"},    {"pccs-tls-key", "pccs_private.pem"},
      {"pccs-user-token", "pccs_user_token"},       {"pccs-user-token-hash", "pccs_user_token_hash"},
      {"pccs-admin-token-hash", "pccs_admin_token_hash"}, {"ssh-public-key", "id_rsa.pub"}};
  return k_files;
}

}  // namespace

util::Result<Inputs> load_inputs(const GlobalOptions& global) {
  COCO_TRY_ASSIGN(auto merged, values::load(load_options(global)));
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
  std::error_code ec;
  for (const auto& [name, file] : material_files()) {
    if (!std::filesystem::exists(dir / file, ec)) continue;
    COCO_TRY_ASSIGN(auto content, util::read_file(dir / file, 1024 * 1024));
    util::register_secret(content);
    material.emplace(name, std::move(content));
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
