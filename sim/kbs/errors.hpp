#pragma once
// Trustee's error responses (kbs/src/error.rs): a JSON body {"type": <prefix>/<Variant>,
// "detail": <Display text>}, status 404 for an unknown path or plugin and 401 for everything else.

#include <string>

namespace cococtl::sim::kbs {

struct KbsError {
  std::string variant;  // e.g. "PolicyDeny"
  std::string detail;   // e.g. "Access denied by policy"

  // 404 for InvalidRequestPath and PluginNotFound, else 401 (as Trustee answers).
  int status() const;
  // {"type":"https://github.com/confidential-containers/kbs/errors/<variant>","detail":...}
  std::string body() const;
};

KbsError admin_denied();
KbsError attestation_error(const std::string& what);  // "Attestation error: <what>"
KbsError rcar_auth_failed(const std::string& cause);
KbsError rcar_attest_failed();
KbsError set_attestation_policy_failed();
KbsError plugin_not_found(const std::string& plugin);
KbsError plugin_internal_error();
KbsError policy_deny();
KbsError policy_engine_error(const std::string& what);
KbsError parse_policy_error(const std::string& what);
KbsError rvps_error(const std::string& message);
KbsError token_not_found();
KbsError token_verifier_error();
KbsError jwe_error();
KbsError serde_error();

}  // namespace cococtl::sim::kbs
