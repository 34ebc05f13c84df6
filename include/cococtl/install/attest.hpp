#pragma once
// `cococtl attest check` (also the end of install's verify stage): is this deployment's
// attestation set up so that only confidential workloads get secrets? Six checks, each pass,
// warn, fail or skip with its reason: kbs-tls, policy, negative-probe, reference-values,
// workload, initdata. No secret value ever reaches a result.

#include <cococtl/install/attest_rules.hpp>
#include <cococtl/kbs/endpoint.hpp>
#include <cococtl/kube/cluster.hpp>
#include <cococtl/render/render.hpp>
#include <cococtl/values/values.hpp>
#include <cococtl/workspace/options.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace cococtl::install::attest {

struct AttestOptions {
  kbs::Endpoint endpoint{};     // where the KBS is and the CA its certificate must chain to
  std::string token_ca_pem{};   // the token-signing CA; "" = the negative probe is skipped
  std::string admin_key_pem{};  // optional: reads reference values from the KBS admin API without a cluster
  // install's verify: a KBS that cannot be reached (DNS not ready...) is a warning, not a failure.
  bool unreachable_is_warning = false;
};

struct AttestInputs {
  const render::RenderResult* rendered = nullptr;  // what the deployment should be (required)
  const values::Values* values = nullptr;          // required
  kube::Cluster* cluster = nullptr;                // null: the cluster checks are skipped
  std::string no_cluster_reason{};                 // why cluster is null, for the skips
};

struct AttestReport {
  std::string kbs_url;
  std::vector<CheckResult> checks;  // in the documented order

  // Results with this verdict.
  int count(Verdict verdict) const;
  // True when a check failed (exit 4).
  bool failed() const { return count(Verdict::fail) > 0; }
};

// Runs every check. Never fails: what goes wrong while checking becomes that check's fail (or,
// for a KBS that cannot be reached, a warning with `unreachable_is_warning`) and the checks that
// needed it are skipped.
AttestReport run_checks(const AttestInputs& inputs, const AttestOptions& options);

// The report for -o json: {"ok", "kbs", "summary": {"pass","warn","fail","skip"}, "checks":
// [{"name","result","message","details"}]}. Never fails.
nlohmann::json report_json(const AttestReport& report);

}  // namespace cococtl::install::attest
