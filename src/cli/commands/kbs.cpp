// `cococtl kbs ...`: the Trustee KBS admin API (resources, policies, reference values) and a
// sample-attester probe, against the KBS found in the cluster's `kbs` Route or given by flags.
#include "../inputs.hpp"
#include "commands.hpp"

#include <cococtl/crypto/digest.hpp>
#include <cococtl/kbs/admin.hpp>
#include <cococtl/kbs/attestation.hpp>
#include <cococtl/kbs/policies.hpp>
#include <cococtl/kube/cluster.hpp>
#include <cococtl/secrets/spec.hpp>
#include <cococtl/util/fs.hpp>
#include <cococtl/util/log.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <iostream>
#include <iterator>
#include <memory>

namespace cococtl::cli {
namespace {

struct KbsFlags {
  std::string url, ca, admin_key, token_ca, kubeconfig, context;
  std::vector<std::string> connect_to;
  int timeout_seconds = 30;
  std::string path, file, policy_id = "default_cpu", name, tee_key = "ec-p256", init_data;
  std::vector<std::string> values;
  bool json_values = false, single = false, affirming = false, allow_all = false, deny_all = false;
};

std::filesystem::path in_secrets(const GlobalOptions& global, std::string_view name) {
  return util::expand_user(global.secrets_dir) / name;
}

util::Result<std::string> read_input(const std::string& file) {
  if (file != "-") return util::read_file(file);
  std::string text((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  if (std::cin.bad()) return util::invalid_input("cannot read standard input");
  return text;
}

// The host of the `kbs` Route cococtl deploys, or "" when there is no cluster or no Route.
std::string route_url(const KbsFlags& f) {
  kube::ConnectOptions options{.kubeconfig = {.kubeconfig = f.kubeconfig, .context = f.context}, .retry = {.max_attempts = 1}};
  auto cluster = kube::Cluster::connect(options);
  auto route = cluster ? (*cluster)->get("route.openshift.io/v1", "Route", "trustee-operator-system", "kbs")
                       : util::Result<std::optional<nlohmann::json>>(std::move(cluster).error());
  if (!route || !*route) {
    spdlog::debug("no kbs Route: {}", route ? "not found" : util::redact(route.error().message));
    return {};
  }
  const nlohmann::json::json_pointer host("/spec/host");
  if (!(**route).contains(host) || !(**route).at(host).is_string()) return {};
  return "https://" + (**route).at(host).get<std::string>();
}

util::Result<kbs::Endpoint> endpoint(const KbsFlags& f, const GlobalOptions& global) {
  kbs::Endpoint out{.url = f.url, .connect_to = f.connect_to, .timeout = std::chrono::seconds(f.timeout_seconds)};
  if (out.url.empty()) out.url = route_url(f);
  if (out.url.empty()) {
    COCO_TRY_ASSIGN(const auto values, load_values(global));
    const auto domain = values.string_at("global.hubClusterDomain");
    if (domain.empty()) return util::invalid_input("no KBS URL: no kbs Route in the cluster and no global.hubClusterDomain; pass --kbs-url");
    out.url = "https://kbs." + domain;
  }
  const auto ca = f.ca.empty() ? in_secrets(global, secrets::file::kbs_tls_ca_cert) : std::filesystem::path(f.ca);
  COCO_TRY_ASSIGN(out.ca_pem, std::move(util::read_file(ca)).context("the KBS CA (--kbs-ca)"));
  spdlog::info("KBS {}", out.url);
  return out;
}

util::Result<std::unique_ptr<kbs::AdminClient>> admin_client(const KbsFlags& f, const GlobalOptions& global) {
  COCO_TRY_ASSIGN(const auto where, endpoint(f, global));
  const auto file = f.admin_key.empty() ? in_secrets(global, secrets::file::kbs_private_key) : std::filesystem::path(f.admin_key);
  COCO_TRY_ASSIGN(const auto pem, std::move(util::read_file(file)).context("the KBS admin key (--admin-key)"));
  util::register_secret(pem);
  COCO_TRY_ASSIGN(auto key, std::move(crypto::PrivateKey::from_pem(pem)).context(file.string()));
  return kbs::AdminClient::create(where, std::move(key));
}

void print_result(const GlobalOptions& global, nlohmann::json doc, const std::string& text) {
  if (global.output == OutputFormat::text) {
    fmt::print("{}\n", text);
  } else {
    fmt::print("{}\n", doc.dump(2));  // -o yaml prints the same: JSON is YAML
  }
}

util::Result<std::string> resource_policy(const KbsFlags& f) {
  if (f.affirming + f.allow_all + f.deny_all + !f.file.empty() != 1) {
    return util::usage_error("set-resource-policy needs exactly one of --file, --affirming, --allow-all, --deny-all");
  }
  if (f.affirming) return std::string(kbs::affirming_resource_policy());
  if (f.deny_all) return std::string(kbs::deny_all_resource_policy());
  if (f.allow_all) {
    spdlog::warn("allow-all releases every resource to any client, including ones that are not in a TEE");
    return std::string(kbs::allow_all_resource_policy());
  }
  return read_input(f.file);
}

util::Result<nlohmann::json> reference_value(const KbsFlags& f) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& text : f.values) {
    auto value = f.json_values ? nlohmann::json::parse(text, nullptr, false) : nlohmann::json(text);
    if (value.is_discarded()) return util::invalid_input(fmt::format("reference value {}: {} is not JSON", f.name, text));
    list.push_back(std::move(value));
  }
  if (!f.single) return list;
  if (list.size() != 1) return util::usage_error("--single takes exactly one VALUE");
  return list[0];
}

util::Result<void> run_admin(const std::string& action, const KbsFlags& f, const GlobalOptions& global) {
  COCO_TRY_ASSIGN(auto client, admin_client(f, global));
  nlohmann::json doc{{"action", action}};
  std::string text;
  if (action == "set-resource" || action == "delete-resource") {
    COCO_TRY_ASSIGN(const auto path, kbs::parse_resource_path(f.path));
    doc["path"] = path.str();
    if (action == "delete-resource") {
      COCO_TRY(client->delete_resource(path));
      text = "deleted resource " + path.str();
    } else {
      COCO_TRY_ASSIGN(const auto bytes, read_input(f.file));
      COCO_TRY(client->set_resource(path, bytes));
      doc["bytes"] = bytes.size();
      text = fmt::format("set resource {} ({} bytes)", path.str(), bytes.size());
    }
  } else if (action == "set-attestation-policy") {
    COCO_TRY_ASSIGN(const auto rego, read_input(f.file));
    COCO_TRY(client->set_attestation_policy(rego, f.policy_id));
    doc["id"] = f.policy_id;
    text = "set attestation policy " + f.policy_id;
  } else if (action == "set-resource-policy") {
    COCO_TRY_ASSIGN(const auto rego, resource_policy(f));
    COCO_TRY(client->set_resource_policy(rego));
    text = "set resource policy";
  } else if (action == "set-reference-value") {
    COCO_TRY_ASSIGN(const auto value, reference_value(f));
    COCO_TRY(client->set_reference_value(f.name, value));
    doc["name"] = f.name;
    doc["value"] = value;
    text = fmt::format("set reference value {} = {}", f.name, value.dump());
  } else {
    COCO_TRY_ASSIGN(const auto value, client->get_reference_value(f.name));
    doc["name"] = f.name;
    doc["value"] = value;
    text = value.dump();
  }
  print_result(global, doc, text);
  return {};
}

// The sample (non-TEE) attester against the KBS: the statuses it gets and, with --resource,
// whether the KBS releases that resource to it (size and sha256 only, never the content).
util::Result<void> run_attest(const KbsFlags& f, const GlobalOptions& global) {
  COCO_TRY_ASSIGN(const auto where, endpoint(f, global));
  kbs::AttestOptions options;
  COCO_TRY_ASSIGN(options.key_type, kbs::parse_tee_key_type(f.tee_key));
  if (!f.init_data.empty()) {
    COCO_TRY_ASSIGN(options.init_data_toml, read_input(f.init_data));
  }
  const auto ca_file = f.token_ca.empty() ? in_secrets(global, secrets::file::token_ca_cert) : std::filesystem::path(f.token_ca);
  COCO_TRY_ASSIGN(const auto ca_pem, std::move(util::read_file(ca_file)).context("the token-signing CA (--token-ca)"));
  COCO_TRY_ASSIGN(options.token_trust, std::move(crypto::Certificate::chain_from_pem(ca_pem)).context(ca_file.string()));
  COCO_TRY_ASSIGN(auto client, kbs::AttestationClient::create(where, std::make_shared<kbs::SampleAttester>(), options));
  COCO_TRY_ASSIGN(const auto attestation, client->attest());
  nlohmann::json doc{{"tee", attestation.tee}, {"protocol", attestation.protocol_version}, {"status", attestation.statuses}};
  std::string text = fmt::format("attested as {} (protocol {}):", attestation.tee, attestation.protocol_version);
  for (const auto& [submod, status] : attestation.statuses) text += fmt::format(" {}={}", submod, status);
  util::Result<void> outcome;
  if (!f.path.empty()) {
    COCO_TRY_ASSIGN(const auto path, kbs::parse_resource_path(f.path));
    auto secret = client->get_resource(path);
    doc["resource"] = {{"path", path.str()}, {"released", secret.ok()}};
    if (secret.ok()) {
      COCO_TRY_ASSIGN(const auto digest, crypto::digest_hex(crypto::DigestAlgorithm::sha256, *secret));
      doc["resource"]["bytes"] = secret->size();
      doc["resource"]["sha256"] = digest;
      text += fmt::format("\nresource {} released: {} bytes, sha256 {}", path.str(), secret->size(), digest);
    } else {
      doc["resource"]["error"] = util::redact(secret.error().message);
      text += fmt::format("\nresource {} not released", path.str());
      outcome = std::move(secret).error();
    }
  }
  print_result(global, doc, text);
  return outcome;
}

void add_connection_flags(CLI::App* kbs, KbsFlags& f) {
  kbs->add_option("--kbs-url", f.url, "KBS base URL (default: the kbs Route's host in the cluster, else https://kbs.<hubClusterDomain>)");
  kbs->add_option("--kbs-ca", f.ca, "CA certificate (PEM) of the KBS HTTPS certificate (default: kbs-tls-ca.crt in the secrets dir)");
  kbs->add_option("--connect-to", f.connect_to, "HOST:PORT:ADDR:PORT: connect there instead, still verifying HOST (repeatable)")
      ->allow_extra_args(false);
  kbs->add_option("--admin-key", f.admin_key, "Ed25519 admin private key (default: kbsPrivateKey in the secrets dir)");
  kbs->add_option("--kubeconfig", f.kubeconfig, "kubeconfig to find the kbs Route with");
  kbs->add_option("--context", f.context, "kubeconfig context");
  kbs->add_option("--timeout", f.timeout_seconds, "seconds per request")->capture_default_str()->check(CLI::Range(1, 3600));
}

}  // namespace

void add_kbs_command(CLI::App& app, GlobalOptions& global, CommandSlot& slot) {
  auto f = std::make_shared<KbsFlags>();
  auto* kbs = app.add_subcommand("kbs", "Manage the Trustee KBS: resources, policies, reference values; probe it as a non-TEE client");
  kbs->require_subcommand(1);
  add_connection_flags(kbs, *f);
  const auto admin = [&, f](const std::string& name, const std::string& help) {
    auto* cmd = kbs->add_subcommand(name, help);
    cmd->callback([f, name, &global, &slot] { slot.action = [f, name, &global] { return run_admin(name, *f, global); }; });
    return cmd;
  };
  auto* set_resource = admin("set-resource", "Store a secret as REPOSITORY/TYPE/TAG");
  set_resource->add_option("path", f->path, "REPOSITORY/TYPE/TAG")->required();
  set_resource->add_option("-f,--file", f->file, "the secret's bytes (- for stdin)")->required();
  admin("delete-resource", "Delete REPOSITORY/TYPE/TAG")->add_option("path", f->path, "REPOSITORY/TYPE/TAG")->required();
  auto* attestation_policy = admin("set-attestation-policy", "Set an attestation-service policy (Rego)");
  attestation_policy->add_option("-f,--file", f->file, "Rego file (- for stdin)")->required();
  attestation_policy->add_option("--id", f->policy_id, "policy id")->capture_default_str();
  auto* resource = admin("set-resource-policy", "Set the resource policy (Rego)");
  resource->add_option("-f,--file", f->file, "Rego file (- for stdin)");
  resource->add_flag("--affirming", f->affirming, "release only to clients whose every device is affirming (production)");
  resource->add_flag("--allow-all", f->allow_all, "release to every client, even non-TEE ones (development only)");
  resource->add_flag("--deny-all", f->deny_all, "release nothing");
  auto* set_rv = admin("set-reference-value", "Register an RVPS reference value NAME = [VALUE...]");
  set_rv->add_option("name", f->name, "reference value name")->required();
  set_rv->add_option("values", f->values, "values (strings unless --json)")->required();
  set_rv->add_flag("--json", f->json_values, "parse each VALUE as JSON (numbers, booleans...)");
  set_rv->add_flag("--single", f->single, "store the one VALUE itself, not a list");
  admin("get-reference-value", "Print a reference value as JSON")->add_option("name", f->name, "reference value name")->required();
  auto* attest = kbs->add_subcommand("attest", "Attest as the sample (non-TEE) attester; with --resource, try to fetch one");
  attest->add_option("--resource", f->path, "REPOSITORY/TYPE/TAG to request (exit 1 when refused)");
  attest->add_option("--token-ca", f->token_ca, "CA of the token signer (default: token-signing-ca.crt in the secrets dir)");
  attest->add_option("--tee-key", f->tee_key, "ec-p256|rsa")->capture_default_str();
  attest->add_option("--init-data", f->init_data, "init-data TOML to send (- for stdin)");
  attest->callback([f, &global, &slot] { slot.action = [f, &global] { return run_attest(*f, global); }; });
}

}  // namespace cococtl::cli
