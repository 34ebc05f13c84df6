#include "kbs/errors.hpp"

#include <nlohmann/json.hpp>

namespace cococtl::sim::kbs {

int KbsError::status() const { return variant == "InvalidRequestPath" || variant == "PluginNotFound" ? 404 : 401; }

std::string KbsError::body() const {
  // Field order as Trustee serialises ErrorInformation: type, then detail.
  return "{\"type\":" + nlohmann::json("https://github.com/confidential-containers/kbs/errors/" + variant).dump() +
         ",\"detail\":" + nlohmann::json(detail).dump() + "}";
}

// Trustee 1.1 (the `type = "Simple"` admin generation) reports every admin failure as AdminAuth
// wrapping AdminAccessDenied; v0.21 renamed it AdminAuthAccess.
KbsError admin_denied() {
  return {"AdminAuth", "Admin auth error: Admin Token could not be verified for any admin persona"};
}
KbsError attestation_error(const std::string& what) { return {"AttestationError", "Attestation error: " + what}; }
KbsError rcar_auth_failed(const std::string& cause) {
  return attestation_error("RCAR handshake Auth failed: " + cause);
}
KbsError rcar_attest_failed() { return attestation_error("RCAR handshake Attest failed"); }
KbsError set_attestation_policy_failed() { return attestation_error("Set Attestation Policy failed"); }
KbsError plugin_not_found(const std::string& plugin) { return {"PluginNotFound", "Plugin " + plugin + " not found"}; }
KbsError plugin_internal_error() { return {"PluginInternalError", "Plugin internal error"}; }
KbsError policy_deny() { return {"PolicyDeny", "Access denied by policy"}; }
KbsError policy_engine_error(const std::string& what) { return {"PolicyEngineError", "Policy engine error: " + what}; }
KbsError parse_policy_error(const std::string& what) { return {"ParsePolicyError", "Failed to parse policy: " + what}; }
KbsError rvps_error(const std::string& message) { return {"RvpsError", "RVPS configuration failed: " + message}; }
KbsError token_not_found() { return {"TokenNotFound", "Attestation Token not found"}; }
KbsError token_verifier_error() { return {"TokenVerifierError", "Token Verifier error"}; }
KbsError jwe_error() { return {"JweError", "JWE failed"}; }
KbsError serde_error() { return {"SerdeError", "Serialize/Deserialize failed"}; }

}  // namespace cococtl::sim::kbs
