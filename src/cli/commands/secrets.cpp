// `cococtl secrets generate [--rotate NAME...] [--force]` and `cococtl secrets check`: the key
// material in --secrets-dir. Output shows names, actions and fingerprints, never key material.
#include "../print.hpp"
#include "commands.hpp"

#include <cococtl/secrets/check.hpp>
#include <cococtl/secrets/files.hpp>
#include <cococtl/secrets/generate.hpp>
#include <cococtl/secrets/values_secret.hpp>
#include <cococtl/util/fs.hpp>
#include <cococtl/util/strings.hpp>
#include <cococtl/values/secret_file.hpp>
#include <cococtl/workspace/inputs.hpp>
#include <cococtl/workspace/key_material.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace cococtl::cli {
namespace {

using nlohmann::json;

struct GenerateFlags {
  std::vector<std::string> rotate;
  bool force = false;
};

std::string short_fingerprint(const std::string& fp) { return fp.empty() ? "" : "sha256:" + fp.substr(0, 16); }

// The values-secret file to create or complete: --values-secret, else the first existing file
// of the default lookup (./values-secret-coco-pattern.yaml first, where `init` writes it), else
// ~/values-secret-coco-pattern.yaml (where gen-secrets.sh put it).
util::Result<std::filesystem::path> values_secret_target(const GlobalOptions& global) {
  if (!global.workspace.values_secret.empty()) return util::expand_user(global.workspace.values_secret);
  COCO_TRY_ASSIGN(const auto found, values::locate_secret_file(""));
  return found ? *found : util::home_directory() / "values-secret-coco-pattern.yaml";
}

json outcome_json(const secrets::ValuesSecretOutcome& vs) {
  return {{"path", vs.path.string()}, {"written", vs.written}, {"updated", vs.updated},
          {"missing", vs.missing},    {"snippet", vs.snippet}, {"parseError", vs.parse_error}};
}

void print_values_secret_text(const secrets::ValuesSecretOutcome& vs) {
  const std::string path = secrets::display_path(vs.path);
  if (vs.written) return fmt::print("values-secret: wrote {}\n", path);
  if (vs.updated) return fmt::print("values-secret: added {} to {}\n", fmt::join(vs.missing, ", "), path);
  if (vs.missing.empty()) return fmt::print("values-secret: {} already lists every secret\n", path);
  fmt::print("values-secret: {} could not be updated ({}); add these entries under `secrets:`:\n\n{}", path,
             vs.parse_error, vs.snippet);
}

// An existing values-secret file whose path: entries read generated files from another folder
// would make every later render mix two key sets: refuse before creating a third.
util::Result<void> check_target_folder(const std::filesystem::path& target, const std::filesystem::path& secrets_dir) {
  std::error_code ec;
  if (!std::filesystem::exists(target, ec)) return {};
  std::vector<values::Problem> ignored;  // the file's own problems are validate's business
  const auto file = values::load_secret_file(target, ignored);
  if (!file.ok()) return {};  // not YAML: generate reports it and leaves the file alone
  const auto mixed = workspace::check_key_folders(*file, secrets_dir);
  if (mixed.empty()) return {};
  print_problems(mixed);
  return util::invalid_input(fmt::format("{}: refers to key material in another folder (see above)", target.string()));
}

util::Result<void> run_generate(const GlobalOptions& global, const GenerateFlags& flags) {
  COCO_TRY_ASSIGN(const auto in, workspace::key_material_inputs(global.workspace));
  COCO_TRY_ASSIGN(const auto target, values_secret_target(global));
  COCO_TRY(check_target_folder(target, in.secrets_dir));
  COCO_TRY_ASSIGN(const auto report, secrets::generate(in.spec, in.secrets_dir, {flags.rotate, flags.force}));
  COCO_TRY_ASSIGN(const auto vs, secrets::ensure_values_secret(in.spec, target, secrets::display_path(in.secrets_dir)));
  if (global.output != OutputFormat::text) {
    json items = json::array();
    for (const auto& i : report.items) {
      items.push_back({{"name", i.name}, {"action", secrets::action_name(i.action)}, {"reason", i.reason},
                       {"algorithm", i.algorithm}, {"fingerprint", i.fingerprint}});
    }
    print_document(json{{"secretsDir", in.secrets_dir.string()}, {"items", items}, {"valuesSecret", outcome_json(vs)}},
                   global.output);
    return {};
  }
  if (!global.quiet) {
    fmt::print("secrets in {}:\n", secrets::display_path(in.secrets_dir));
    for (const auto& i : report.items) {
      fmt::print("  {:<20} {:<9} {:<8} {}{}\n", i.name, secrets::action_name(i.action), i.algorithm,
                 short_fingerprint(i.fingerprint), i.reason.empty() ? "" : "  (" + i.reason + ")");
    }
    print_values_secret_text(vs);
  }
  return {};
}

json findings_json(const std::vector<secrets::Finding>& findings) {
  json out = json::array();
  for (const auto& f : findings) {
    out.push_back({{"check", f.check}, {"status", secrets::severity_name(f.severity)}, {"message", f.message}});
  }
  return out;
}

json check_json(const secrets::CheckReport& report) {
  json items = json::array();
  for (const auto& i : report.items) {
    items.push_back({{"name", i.name}, {"description", i.description}, {"status", secrets::severity_name(i.status)},
                     {"algorithm", i.algorithm}, {"fingerprint", i.fingerprint},
                     {"daysToExpiry", i.days_to_expiry ? json(*i.days_to_expiry) : json()},
                     {"findings", findings_json(i.findings)}});
  }
  return {{"secretsDir", report.dir.string()}, {"status", secrets::severity_name(report.status)},
          {"folder", findings_json(report.dir_findings)}, {"items", items}};
}

void print_check_text(const secrets::CheckReport& report) {
  fmt::print("secrets in {}: {}\n", secrets::display_path(report.dir), secrets::severity_name(report.status));
  for (const auto& f : report.dir_findings) fmt::print("  {:<20} {:<5} {}\n", "folder", secrets::severity_name(f.severity), f.message);
  for (const auto& i : report.items) {
    const std::string days = i.days_to_expiry ? fmt::format("{} days", *i.days_to_expiry) : "";
    fmt::print("  {:<20} {:<5} {:<8} {:<10} {}\n", i.name, secrets::severity_name(i.status), i.algorithm, days,
               short_fingerprint(i.fingerprint));
    for (const auto& f : i.findings) {
      fmt::print("      {:<17} {:<5} {}\n", f.check, secrets::severity_name(f.severity), f.message);
    }
  }
}

util::Result<void> run_check(const GlobalOptions& global) {
  COCO_TRY_ASSIGN(const auto in, workspace::key_material_inputs(global.workspace));
  COCO_TRY_ASSIGN(const auto report, secrets::check(in.spec, in.secrets_dir));
  if (global.output != OutputFormat::text) {
    print_document(check_json(report), global.output);
  } else if (!global.quiet || report.status == secrets::Severity::fail) {
    print_check_text(report);
  }
  if (report.status != secrets::Severity::fail) return {};
  const auto failed = std::count_if(report.items.begin(), report.items.end(),
                                    [](const auto& i) { return i.status == secrets::Severity::fail; });
  return util::Error{util::ExitCode::check_failed, fmt::format("secrets check: {} item(s) failed", failed)};
}

}  // namespace

void add_secrets_command(CLI::App& app, GlobalOptions& global, CommandSlot& slot) {
  auto* cmd = app.add_subcommand("secrets", "Generate and check keys, certificates and secret values");
  cmd->require_subcommand(1);
  auto flags = std::make_shared<GenerateFlags>();
  auto* gen = cmd->add_subcommand("generate", "Create missing key material in --secrets-dir; keep what is valid");
  gen->add_option("--rotate", flags->rotate, "replace this item with fresh material (repeatable), e.g. kbs-tls")
      ->type_name(util::join(secrets::all_item_names(), "|"));
  gen->add_flag("--force", flags->force, "replace every item");
  gen->callback([&global, &slot, flags] { slot.action = [&global, flags] { return run_generate(global, *flags); }; });
  auto* chk = cmd->add_subcommand("check", "Report per item: present, permissions, key/cert match, chain, SAN, expiry");
  chk->callback([&global, &slot] { slot.action = [&global] { return run_check(global); }; });
}

}  // namespace cococtl::cli
