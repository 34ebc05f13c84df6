// `cococtl attest check`: is attestation set up so that only confidential workloads get secrets?
// The checks live in install/attest; this file gathers the inputs and prints the report.
#include "../kbs_endpoint.hpp"
#include "../print.hpp"
#include "commands.hpp"

#include <cococtl/install/attest.hpp>
#include <cococtl/install/kbs_endpoint.hpp>
#include <cococtl/install/plan.hpp>
#include <cococtl/secrets/spec.hpp>
#include <cococtl/util/log.hpp>
#include <cococtl/workspace/inputs.hpp>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <filesystem>

namespace cococtl::cli {
namespace {

struct AttestFlags : KbsEndpointFlags {
  std::string token_ca, admin_key;
};

struct ClusterHandle {
  std::unique_ptr<kube::Cluster> cluster;
  std::string reason;  // why there is none
};

// The cluster when one answers, else why not (its checks are then skipped, not failed).
ClusterHandle reachable_cluster(const AttestFlags& f) {
  kube::ConnectOptions options{.kubeconfig = {.kubeconfig = f.kubeconfig, .context = f.context},
                               .retry = {.max_attempts = 2}};
  auto cluster = kube::Cluster::connect(options);
  if (!cluster) return {nullptr, "no cluster (" + util::redact(cluster.error().message) + ")"};
  auto probe = (*cluster)->get("v1", "Namespace", "", "trustee-operator-system");
  if (!probe) return {nullptr, "no cluster (" + util::redact(probe.error().message) + ")"};
  return {std::move(*cluster), ""};
}

// A key file from its flag, else from the secrets dir when it exists there; "" when neither.
util::Result<std::string> optional_key(const GlobalOptions& global, const std::string& flag_value,
                                       std::string_view flag, std::string_view name, std::string_view what) {
  const auto default_path = workspace::secrets_dir(global.workspace) / name;
  if (flag_value.empty() && !std::filesystem::exists(default_path)) return std::string();
  return install::attest::read_key_file(global.workspace, flag_value, flag, name, what);
}

util::Result<install::attest::AttestOptions> attest_options(AttestFlags f, kube::Cluster* cluster,
                                                            const GlobalOptions& global) {
  if (f.url.empty() && cluster) f.url = install::attest::kbs_route_url(*cluster);
  install::attest::AttestOptions o;
  COCO_TRY_ASSIGN(o.endpoint, kbs_endpoint(f, global));
  COCO_TRY_ASSIGN(o.token_ca_pem,
                  optional_key(global, f.token_ca, "--token-ca", secrets::file::token_ca_cert, "the token-signing CA"));
  COCO_TRY_ASSIGN(o.admin_key_pem, optional_key(global, f.admin_key, "--admin-key", secrets::file::kbs_private_key,
                                                "the KBS admin key"));
  util::register_secret(o.admin_key_pem);
  return o;
}

void print_report(const install::attest::AttestReport& report, const GlobalOptions& global) {
  if (global.output != OutputFormat::text) {
    fmt::print("{}\n", install::attest::report_json(report).dump(2));  // -o yaml: JSON is YAML
    return;
  }
  for (const auto& c : report.checks) {
    if (global.quiet && c.verdict != install::attest::Verdict::fail) continue;
    fmt::print("{:<5} {:<17} {}\n", install::attest::verdict_name(c.verdict), c.name, c.message);
  }
  if (!global.quiet) {
    fmt::print("KBS {}: {} passed, {} warnings, {} failed, {} skipped\n", report.kbs_url,
               report.count(install::attest::Verdict::pass), report.count(install::attest::Verdict::warn),
               report.count(install::attest::Verdict::fail), report.count(install::attest::Verdict::skip));
  }
}

// The workspace as install saw it: values the user left to defaults (domain, platform, TEE)
// filled from the cluster's facts, so the expected initdata and KBS URL are the deployed ones.
util::Result<workspace::Options> as_installed(kube::Cluster* cluster, const workspace::Options& options) {
  if (!cluster) return options;
  return install::filled_from_cluster(*cluster, options);
}

util::Result<void> run_check(const AttestFlags& f, const GlobalOptions& global) {
  auto handle = reachable_cluster(f);
  if (!handle.cluster) spdlog::info("{}: the cluster checks are skipped", handle.reason);
  COCO_TRY_ASSIGN(const auto workspace, as_installed(handle.cluster.get(), global.workspace));
  COCO_TRY_ASSIGN(const auto inputs, workspace::load_inputs(workspace));
  print_problems(inputs.problems, global.quiet);
  COCO_TRY(workspace::fail_on_errors(inputs.problems));
  COCO_TRY_ASSIGN(const auto render_inputs, workspace::render_inputs(workspace, inputs));
  COCO_TRY_ASSIGN(const auto rendered, render::render(render_inputs));
  COCO_TRY_ASSIGN(const auto options, attest_options(f, handle.cluster.get(), global));
  const install::attest::AttestInputs attest_inputs{&rendered, &inputs.values, handle.cluster.get(), handle.reason};
  const auto report = install::attest::run_checks(attest_inputs, options);
  print_report(report, global);
  if (!report.failed()) return {};
  return util::Error{
      util::ExitCode::check_failed,
      fmt::format("{} of {} attest checks failed", report.count(install::attest::Verdict::fail), report.checks.size())};
}

}  // namespace

void add_attest_command(CLI::App& app, GlobalOptions& global, CommandSlot& slot) {
  auto f = std::make_shared<AttestFlags>();
  auto* attest = app.add_subcommand("attest", "Check that attestation protects the secrets");
  attest->require_subcommand(1);
  auto* check = attest->add_subcommand(
      "check", "KBS TLS, policy posture, a non-TEE negative probe, reference values, the kbs-access sample, initdata");
  add_kbs_endpoint_flags(check, *f);
  check->add_option("--token-ca", f->token_ca,
                    "CA of the token signer (default: token-signing-ca.crt in the secrets dir)");
  check->add_option("--admin-key", f->admin_key,
                    "KBS admin key, to read reference values from the KBS without a cluster (default: "
                    "kbsPrivateKey in the secrets dir when present)");
  check->add_option("--timeout", f->timeout_seconds, "seconds per request")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  check->callback([f, &global, &slot] { slot.action = [f, &global] { return run_check(*f, global); }; });
}

}  // namespace cococtl::cli
