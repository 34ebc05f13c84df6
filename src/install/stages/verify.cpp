#include "../inventory.hpp"
#include "stages.hpp"

#include <cococtl/install/attest.hpp>
#include <cococtl/install/kbs_endpoint.hpp>
#include <cococtl/install/status.hpp>
#include <cococtl/secrets/spec.hpp>
#include <cococtl/workspace/inputs.hpp>

#include <fmt/format.h>

namespace cococtl::install {
namespace {

// The attest checks' endpoint: the kbs Route's host, the generated KBS CA, --kbs-connect-to.
util::Result<attest::AttestOptions> attest_options(Context& context) {
  const auto& ws = context.options.workspace;
  attest::AttestOptions o;
  COCO_TRY_ASSIGN(o.endpoint.url, attest::default_kbs_url(&context.cluster, ws));
  COCO_TRY_ASSIGN(o.endpoint.ca_pem,
                  attest::read_key_file(ws, "", "--kbs-ca", secrets::file::kbs_tls_ca_cert, "the KBS CA"));
  o.endpoint.connect_to = context.options.kbs_connect_to;
  o.endpoint.timeout = context.options.attest_timeout;
  auto token_ca = attest::read_key_file(ws, "", "--token-ca", secrets::file::token_ca_cert, "the token CA");
  if (token_ca) o.token_ca_pem = *token_ca;
  o.unreachable_is_warning = true;  // DNS for a fresh Route is often not there yet
  return o;
}

// `cococtl attest check` as part of install: one event per check; any fail fails the stage.
util::Result<void> attest_checks(Context& context) {
  auto options = attest_options(context);
  if (!options) {
    context.note("attest checks not run: " + options.error().message, "warning");
    return {};
  }
  // The flavour is the user's choice, never filled from the cluster: the plain values have it.
  auto values = workspace::load_values(context.options.workspace);
  if (!values) {
    context.note("attest checks not run: " + values.error().message, "warning");
    return {};
  }
  const attest::AttestInputs inputs{&context.plan.rendered, &*values, &context.cluster, ""};
  const auto report = attest::run_checks(inputs, *options);
  std::vector<std::string> failed;
  for (const auto& c : report.checks) {
    const bool notable = c.verdict == attest::Verdict::warn || c.verdict == attest::Verdict::fail;
    context.note(fmt::format("attest {}: {}: {}", c.name, attest::verdict_name(c.verdict), c.message),
                 notable ? "warning" : "info");
    if (c.verdict == attest::Verdict::fail) failed.push_back(fmt::format("{}: {}", c.name, c.message));
  }
  if (failed.empty()) return {};
  return util::Error{util::ExitCode::check_failed, fmt::format("attest checks failed: {}", fmt::join(failed, "; "))};
}

// The end of install: everything recorded is ready, read once with the readiness rules, then
// the attest checks (KBS TLS, policy posture, the negative probe, reference values, workload,
// initdata).
class VerifyStage final : public Stage {
 public:
  std::string name() const override { return "verify"; }

  util::Result<void> run(Context& context) override {
    if (context.options.dry_run) return {};
    COCO_TRY_ASSIGN(const auto report, status(context.cluster, context.inventory.name, context.inventory.ns));
    std::vector<std::string> not_ready;
    for (const auto& o : report.operators) {
      if (o.state != "ready") not_ready.push_back(fmt::format("{} {}: {}", o.csv, o.state, o.message));
    }
    for (const auto& o : report.objects) {
      if (o.state != "ready") not_ready.push_back(fmt::format("{} {}: {}", o.object, o.state, o.message));
    }
    context.note(fmt::format("{} objects and {} operators checked, {} not ready", report.objects.size(),
                             report.operators.size(), not_ready.size()));
    if (!not_ready.empty()) {
      return util::Error{util::ExitCode::check_failed, fmt::format("not ready: {}", fmt::join(not_ready, "; "))};
    }
    return attest_checks(context);
  }
};

}  // namespace

std::unique_ptr<Stage> make_verify_stage() { return std::make_unique<VerifyStage>(); }

}  // namespace cococtl::install
