// `cococtl kbs ...`: the Trustee KBS admin API (resources, policies, reference values) and a
// sample-attester probe, against the KBS found in the cluster's `kbs` Route or given by flags.
#include "../kbs_endpoint.hpp"
#include "commands.hpp"

#include <cococtl/crypto/digest.hpp>
#include <cococtl/install/kbs_endpoint.hpp>
#include <cococtl/kbs/admin.hpp>
#include <cococtl/kbs/attestation.hpp>
#include <cococtl/kbs/policies.hpp>
#include <cococtl/kube/cluster.hpp>
#include <cococtl/secrets/spec.hpp>
#include <cococtl/util/fs.hpp>
#include <cococtl/util/log.hpp>
#include <cococtl/util/strings.hpp>
#include <cococtl/workspace/inputs.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <functional>
#include <iostream>
#include <iterator>
#include <memory>

namespace cococtl::cli {
namespace {

struct KbsFlags : KbsEndpointFlags {
  std::string admin_key, token_ca;
  std::string path, file, policy_id = "default_cpu", name, tee_key = "ec-p256", init_data;
  std::vector<std::string> values;
  bool json_values = false, single = false, affirming = false, allow_all = false, deny_all = false;
};

util::Result<std::string> read_material(const GlobalOptions& global, const std::string& flag_value,
                                        std::string_view flag, std::string_view default_name, std::string_view what) {
  return install::attest::read_key_file(global.workspace, flag_value, flag, default_name, what);
}

util::Result<std::string> read_input(const std::string& file) {
  if (file != "-") return util::read_file(file);
  std::string text((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  if (std::cin.bad()) return util::invalid_input("cannot read standard input");
  return text;
}

using AdminConnect = std::function<util::Result<std::unique_ptr<kbs::AdminClient>>()>;

// What an admin command prints: `doc` for -o json|yaml, `text` otherwise.
struct Outcome {
  nlohmann::json doc;
  std::string text;
};

// Each admin command checks its input first, then connects (so bad input fails before any I/O).
using AdminAction = util::Result<Outcome> (*)(const KbsFlags& f, const AdminConnect& connect);

util::Result<Outcome> set_resource(const KbsFlags& f, const AdminConnect& connect) {
  COCO_TRY_ASSIGN(const auto path, kbs::parse_resource_path(f.path));
  COCO_TRY_ASSIGN(const auto bytes, read_input(f.file));
  COCO_TRY_ASSIGN(const auto client, connect());
  COCO_TRY(client->set_resource(path, bytes));
  return Outcome{{{"path", path.str()}, {"bytes", bytes.size()}},
                 fmt::format("set resource {} ({} bytes)", path.str(), bytes.size())};
}

util::Result<Outcome> delete_resource(const KbsFlags& f, const AdminConnect& connect) {
  COCO_TRY_ASSIGN(const auto path, kbs::parse_resource_path(f.path));
  COCO_TRY_ASSIGN(const auto client, connect());
  COCO_TRY(client->delete_resource(path));
  return Outcome{{{"path", path.str()}}, "deleted resource " + path.str()};
}

util::Result<Outcome> set_attestation_policy(const KbsFlags& f, const AdminConnect& connect) {
  COCO_TRY_ASSIGN(const auto rego, read_input(f.file));
  COCO_TRY_ASSIGN(const auto client, connect());
  COCO_TRY(client->set_attestation_policy(rego, f.policy_id));
  return Outcome{{{"id", f.policy_id}}, "set attestation policy " + f.policy_id};
}

util::Result<Outcome> set_resource_policy(const KbsFlags& f, const AdminConnect& connect) {
  if (f.affirming + f.allow_all + f.deny_all + !f.file.empty() != 1) {
    return util::usage_error("set-resource-policy needs exactly one of --file, --affirming, --allow-all, --deny-all");
  }
  std::string rego;
  if (f.affirming) rego = kbs::affirming_resource_policy();
  if (f.deny_all) rego = kbs::deny_all_resource_policy();
  if (f.allow_all) {
    spdlog::warn("allow-all releases every resource to any client, including ones that are not in a TEE");
    rego = kbs::allow_all_resource_policy();
  }
  if (!f.file.empty()) {
    COCO_TRY_ASSIGN(rego, read_input(f.file));
  }
  COCO_TRY_ASSIGN(const auto client, connect());
  COCO_TRY(client->set_resource_policy(rego));
  return Outcome{nlohmann::json::object(), "set resource policy"};
}

util::Result<Outcome> set_reference_value(const KbsFlags& f, const AdminConnect& connect) {
  nlohmann::json value = nlohmann::json::array();
  for (const auto& text : f.values) {
    auto item = f.json_values ? nlohmann::json::parse(text, nullptr, false) : nlohmann::json(text);
    if (item.is_discarded())
      return util::invalid_input(fmt::format("VALUE {} is not JSON", util::quote_for_message(text)));
    value.push_back(std::move(item));
  }
  if (f.single && value.size() != 1) return util::usage_error("--single takes exactly one VALUE");
  if (f.single) value = value[0];
  COCO_TRY_ASSIGN(const auto client, connect());
  COCO_TRY(client->set_reference_value(f.name, value));
  return Outcome{{{"name", f.name}, {"value", value}},
                 fmt::format("set reference value {} = {}", f.name, value.dump())};
}

util::Result<Outcome> get_reference_value(const KbsFlags& f, const AdminConnect& connect) {
  COCO_TRY_ASSIGN(const auto client, connect());
  COCO_TRY_ASSIGN(const auto value, client->get_reference_value(f.name));
  return Outcome{{{"name", f.name}, {"value", value}}, value.dump()};
}

void print_result(const GlobalOptions& global, const std::string& action, Outcome outcome) {
  if (global.output == OutputFormat::text) {
    fmt::print("{}\n", outcome.text);
    return;
  }
  outcome.doc["action"] = action;
  fmt::print("{}\n", outcome.doc.dump(2));  // -o yaml prints the same: JSON is YAML
}

util::Result<void> run_admin(const std::string& action, AdminAction run, const KbsFlags& f,
                             const GlobalOptions& global) {
  const AdminConnect connect = [&]() -> util::Result<std::unique_ptr<kbs::AdminClient>> {
    COCO_TRY_ASSIGN(const auto where, kbs_endpoint(f, global));
    COCO_TRY_ASSIGN(const auto pem, read_material(global, f.admin_key, "--admin-key", secrets::file::kbs_private_key,
                                                  "the KBS admin key"));
    util::register_secret(pem);
    COCO_TRY_ASSIGN(auto key, std::move(crypto::PrivateKey::from_pem(pem)).context("the KBS admin key"));
    return kbs::AdminClient::create(where, std::move(key));
  };
  COCO_TRY_ASSIGN(auto outcome, run(f, connect));
  print_result(global, action, std::move(outcome));
  return {};
}

// Asks for `path` as the attested sample client; records the answer (size and sha256 of what
// was released, never the content) in `outcome`. Fails when the KBS refuses.
util::Result<void> probe_resource(kbs::AttestationClient& client, const std::string& text_path, Outcome& outcome) {
  COCO_TRY_ASSIGN(const auto path, kbs::parse_resource_path(text_path));
  auto secret = client.get_resource(path);
  auto& doc = outcome.doc["resource"] = {{"path", path.str()}, {"released", secret.ok()}};
  if (!secret.ok()) {
    doc["error"] = util::redact(secret.error().message);
    outcome.text += fmt::format("\nresource {} not released", path.str());
    return std::move(secret).error();
  }
  COCO_TRY_ASSIGN(const auto digest, crypto::digest_hex(crypto::DigestAlgorithm::sha256, *secret));
  doc["bytes"] = secret->size();
  doc["sha256"] = digest;
  outcome.text += fmt::format("\nresource {} released: {} bytes, sha256 {}", path.str(), secret->size(), digest);
  return {};
}

// The sample (non-TEE) attester against the KBS: the statuses it gets and, with --resource,
// whether the KBS releases that resource to it.
util::Result<void> run_attest(const KbsFlags& f, const GlobalOptions& global) {
  kbs::AttestOptions options;
  COCO_TRY_ASSIGN(options.key_type, kbs::parse_tee_key_type(f.tee_key));
  if (!f.path.empty()) COCO_TRY(kbs::parse_resource_path(f.path));
  if (!f.init_data.empty()) {
    COCO_TRY_ASSIGN(options.init_data_toml, read_input(f.init_data));
  }
  COCO_TRY_ASSIGN(const auto ca_pem, read_material(global, f.token_ca, "--token-ca", secrets::file::token_ca_cert,
                                                   "the token-signing CA"));
  COCO_TRY_ASSIGN(options.token_trust,
                  std::move(crypto::Certificate::chain_from_pem(ca_pem)).context("the token-signing CA"));
  COCO_TRY_ASSIGN(const auto where, kbs_endpoint(f, global));
  COCO_TRY_ASSIGN(auto client, kbs::AttestationClient::create(where, std::make_shared<kbs::SampleAttester>(), options));
  COCO_TRY_ASSIGN(const auto attestation, client->attest());
  Outcome outcome{
      {{"tee", attestation.tee}, {"protocol", attestation.protocol_version}, {"status", attestation.statuses}},
      fmt::format("attested as {} (protocol {}):", attestation.tee, attestation.protocol_version)};
  for (const auto& [submod, status] : attestation.statuses) outcome.text += fmt::format(" {}={}", submod, status);
  util::Result<void> probed;
  if (!f.path.empty()) probed = probe_resource(*client, f.path, outcome);
  print_result(global, "attest", std::move(outcome));
  return probed;
}

void add_connection_flags(CLI::App* kbs, KbsFlags& f) {
  add_kbs_endpoint_flags(kbs, f);
  kbs->add_option("--admin-key", f.admin_key, "Ed25519 admin private key (default: kbsPrivateKey in the secrets dir)");
  kbs->add_option("--timeout", f.timeout_seconds, "seconds per request")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
}

}  // namespace

void add_kbs_command(CLI::App& app, GlobalOptions& global, CommandSlot& slot) {
  auto f = std::make_shared<KbsFlags>();
  auto* kbs = app.add_subcommand(
      "kbs", "Manage the Trustee KBS: resources, policies, reference values; probe it as a non-TEE client");
  kbs->require_subcommand(1);
  add_connection_flags(kbs, *f);
  const auto admin = [&, f](const std::string& name, AdminAction run, const std::string& help) {
    auto* cmd = kbs->add_subcommand(name, help);
    cmd->callback([f, name, run, &global, &slot] {
      slot.action = [f, name, run, &global] { return run_admin(name, run, *f, global); };
    });
    return cmd;
  };
  auto* set_res = admin("set-resource", &set_resource, "Store a secret as REPOSITORY/TYPE/TAG");
  set_res->add_option("path", f->path, "REPOSITORY/TYPE/TAG")->required();
  set_res->add_option("-f,--file", f->file, "the secret's bytes (- for stdin)")->required();
  admin("delete-resource", &delete_resource, "Delete REPOSITORY/TYPE/TAG")
      ->add_option("path", f->path, "REPOSITORY/TYPE/TAG")
      ->required();
  auto* att_policy =
      admin("set-attestation-policy", &set_attestation_policy, "Set an attestation-service policy (Rego)");
  att_policy->add_option("-f,--file", f->file, "Rego file (- for stdin)")->required();
  att_policy->add_option("--id", f->policy_id, "policy id")->capture_default_str();
  auto* res_policy = admin("set-resource-policy", &set_resource_policy, "Set the resource policy (Rego)");
  res_policy->add_option("-f,--file", f->file, "Rego file (- for stdin)");
  res_policy->add_flag("--affirming", f->affirming,
                       "release only to clients whose every device is affirming (production)");
  res_policy->add_flag("--allow-all", f->allow_all, "release to every client, even non-TEE ones (development only)");
  res_policy->add_flag("--deny-all", f->deny_all, "release nothing");
  auto* set_rv =
      admin("set-reference-value", &set_reference_value, "Register an RVPS reference value NAME = [VALUE...]");
  set_rv->add_option("name", f->name, "reference value name")->required();
  set_rv->add_option("values", f->values, "values (strings unless --json)")->required();
  set_rv->add_flag("--json", f->json_values, "parse each VALUE as JSON (numbers, booleans...)");
  set_rv->add_flag("--single", f->single, "store the one VALUE itself, not a list");
  admin("get-reference-value", &get_reference_value, "Print a reference value as JSON")
      ->add_option("name", f->name, "reference value name")
      ->required();
  auto* attest =
      kbs->add_subcommand("attest", "Attest as the sample (non-TEE) attester; with --resource, try to fetch one");
  attest->add_option("--resource", f->path, "REPOSITORY/TYPE/TAG to request (exit 1 when refused)");
  attest->add_option("--token-ca", f->token_ca,
                     "CA of the token signer (default: token-signing-ca.crt in the secrets dir)");
  attest->add_option("--tee-key", f->tee_key, "ec-p256|rsa")->capture_default_str();
  attest->add_option("--init-data", f->init_data, "init-data TOML to send (- for stdin)");
  attest->callback([f, &global, &slot] { slot.action = [f, &global] { return run_attest(*f, global); }; });
}

}  // namespace cococtl::cli
