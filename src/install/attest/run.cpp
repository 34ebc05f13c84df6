// The order of the attest checks and what each needs: a reachable KBS for the probe, a cluster
// for the workload and the pods, the cluster or the KBS admin API for the reference values.
#include "checks.hpp"

#include <cococtl/install/attest.hpp>

namespace cococtl::install::attest {
namespace {

using detail::Expected;

CheckResult reference_values(const Expected& expected, const AttestInputs& inputs, const AttestOptions& options,
                             bool kbs_reachable) {
  if (inputs.cluster) return detail::check_reference_values_in_cluster(expected, *inputs.cluster);
  if (options.admin_key_pem.empty() || !kbs_reachable) {
    return skipped("reference-values",
                   inputs.no_cluster_reason +
                       (kbs_reachable ? ", and no KBS admin key" : ", and the KBS is not reachable over verified TLS"));
  }
  return detail::check_reference_values_in_kbs(expected, options.endpoint, options.admin_key_pem);
}

}  // namespace

int AttestReport::count(Verdict verdict) const {
  int n = 0;
  for (const auto& c : checks) n += c.verdict == verdict ? 1 : 0;
  return n;
}

AttestReport run_checks(const AttestInputs& inputs, const AttestOptions& options) {
  const auto expected = detail::expected_from(*inputs.rendered, *inputs.values);
  AttestReport report{options.endpoint.url, {}};
  auto& checks = report.checks;
  checks.push_back(detail::check_kbs_tls(options.endpoint, options.unreachable_is_warning));
  // The probe and the admin API need a KBS that answered over verified TLS.
  const bool reachable = checks.back().details.value("reachable", false) && checks.back().verdict != Verdict::fail;
  checks.push_back(detail::check_policy(expected, inputs.cluster));
  checks.push_back(reachable
                       ? detail::check_negative_probe(options.endpoint, options.token_ca_pem, expected.probe_resource)
                       : skipped("negative-probe", "the KBS is not reachable over verified TLS"));
  checks.push_back(reference_values(expected, inputs, options, reachable));
  if (!inputs.cluster) {
    checks.push_back(skipped("workload", inputs.no_cluster_reason));
    checks.push_back(skipped("initdata", inputs.no_cluster_reason));
    return report;
  }
  checks.push_back(detail::check_workload(expected, *inputs.cluster, options.endpoint.timeout));
  checks.push_back(detail::check_initdata(expected, *inputs.cluster));
  return report;
}

nlohmann::json report_json(const AttestReport& report) {
  auto checks = nlohmann::json::array();
  for (const auto& c : report.checks) {
    checks.push_back({{"name", c.name},
                      {"result", verdict_name(c.verdict)},
                      {"message", c.message},
                      {"details", c.details.is_null() ? nlohmann::json::object() : c.details}});
  }
  nlohmann::json summary = nlohmann::json::object();
  for (const auto v : {Verdict::pass, Verdict::warn, Verdict::fail, Verdict::skip}) {
    summary[std::string(verdict_name(v))] = report.count(v);
  }
  return {{"ok", !report.failed()}, {"kbs", report.kbs_url}, {"summary", summary}, {"checks", checks}};
}

}  // namespace cococtl::install::attest
