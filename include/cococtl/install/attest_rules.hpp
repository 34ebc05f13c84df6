#pragma once
// The decisions of `cococtl attest check`, one pure function per check, separate from the I/O
// that gathers their inputs (install/attest.hpp) so each pass/warn/fail/skip can be tested.

#include <cococtl/util/result.hpp>

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cococtl::install::attest {

enum class Verdict { pass, warn, fail, skip };

// "pass", "warn", "fail", "skip".
std::string_view verdict_name(Verdict verdict);

struct CheckResult {
  std::string name;  // "kbs-tls", "policy", "negative-probe", "reference-values", "workload", "initdata"
  Verdict verdict = Verdict::skip;
  std::string message;                                // the reason, for people; never a secret
  nlohmann::json details = nlohmann::json::object();  // stable keys for -o json
};

// A skip of check `name` for `reason`.
CheckResult skipped(std::string name, std::string reason);

// kbs-tls, the handshake verified: the KBS certificate `subject` expires in `days_left` days
// (< 0 fail: expired, < 30 warn, else pass).
CheckResult tls_rule(const std::string& url, const std::string& subject, long days_left);

// kbs-tls, the request failed: a TLS error fails (wrong CA or host name); anything else means the
// KBS is unreachable, a fail, or a warning when `unreachable_is_warning` (install) with how to
// check later. Sets details.reachable.
CheckResult tls_error_rule(const std::string& url, const util::Error& error, bool unreachable_is_warning);

struct PolicyPosture {
  std::string flavour;                 // global.coco.securityPolicyFlavour
  bool cosign_keys = false;            // the cosign-keys Secret is rendered with real keys
  std::string resource_policy;         // the Rego the KBS uses
  std::string resource_policy_source;  // "cluster" or "render": where resource_policy was read
  bool differs_from_render = false;    // the cluster's policy is not the one cococtl renders
};

// True when a resource policy releases resources to any attested client (Trustee's allow_all,
// `allow := true`, `allow if { data.plugin == "resource" }`), comments and layout ignored.
bool is_permissive_resource_policy(std::string_view rego);

// policy: `signed` without cosign keys fails; the `insecure` flavour, a permissive resource
// policy, or a cluster policy that differs from the render warn; otherwise pass.
CheckResult policy_rule(const PolicyPosture& posture);

// negative-probe: the sample attester asked for `path`; `released` is the secret (never
// printed: only its size) or why the KBS refused. Released fails, refused passes.
CheckResult probe_rule(const std::string& path, const util::Result<std::string>& released);

// reference-values: every expected entry ({"name", "value"} items of the rendered RVPS JSON)
// against `actual` (name -> value as `source` holds them). A missing or different value fails
// naming it; nothing expected is a skip.
CheckResult reference_values_rule(const nlohmann::json& expected, const std::map<std::string, nlohmann::json>& actual,
                                  const std::string& source);

struct ProxyAnswer {
  int status = 0;
  std::string body;  // the served bytes (never printed)
};

// workload: what the kbs-access sample serves through the API server's service proxy against
// the expected resource `expected` (compared by SHA-256, never printed). 200 with the same bytes
// (or a page containing them) passes; 404 (not deployed) skips; 503 (no ready endpoint) and
// anything else fails.
CheckResult workload_rule(const ProxyAnswer& answer, std::string_view expected, const std::string& resource);

struct PodInitdata {
  std::string pod;                        // "namespace/name"
  std::string runtime_class;              // spec.runtimeClassName
  std::optional<std::string> annotation;  // io.katacontainers.config.hypervisor.cc_init_data
};

struct KnownInitdata {
  std::string name;        // "initdata", "debug-initdata", or the workload whose template carries it
  std::string algorithm;   // "sha256" | "sha384" | "sha512"
  std::string digest_hex;  // of the TOML document
};

// initdata: each pod's annotation (base64 of gzip of the TOML) must be one of `known` by
// digest. No pods, or nothing known, skips; a pod without the annotation or with another document
// fails naming it.
CheckResult initdata_rule(const std::vector<PodInitdata>& pods, const std::vector<KnownInitdata>& known);

}  // namespace cococtl::install::attest
