#pragma once
// The parts of kbs-config.toml (Trustee 1.1 / upstream v0.16-v0.20 layout, older keys accepted)
// that change what the KBS does. Keys the simulator has no use for (storage paths, work_dir,
// verifier settings) are ignored, as the real KBS ignores the ones it has no feature for.

#include <cococtl/util/result.hpp>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

namespace cococtl::sim::kbs {

enum class AdminMode { simple, insecure_allow_all, deny_all };

struct AdminPersona {
  std::string id;
  std::string public_key_path;  // as configured; the key itself is KbsConfigInputs::admin_public_key_pem
};

struct AdminRole {
  std::string id;
  std::string allowed_endpoints;  // anchored regex "^/kbs...$"
  std::regex pattern;
};

struct TokenBrokerSettings {
  long duration_min = 5;
  std::string developer_name = "https://confidentialcontainers.org";
  std::string build_name = "attestation-service 0.1.0";
  std::string profile_name = "tag:github.com,2024:confidential-containers/Trustee";
  bool verbose_token = true;
  bool has_signer = false;       // [..attestation_token_broker.signer]: sign with the token key
  bool signer_has_cert = false;  // signer.cert_path: put the chain in the JWK's x5c
  std::optional<std::string> cert_url;
};

struct KbsSettings {
  bool insecure_http = false;
  std::size_t payload_limit = 2 * 1024 * 1024;
  AdminMode admin_mode = AdminMode::simple;
  std::vector<AdminPersona> personas;
  std::vector<AdminRole> roles;
  bool insecure_key = false;   // [attestation_token] insecure_key / insecure_header_jwk
  bool trusted_certs = false;  // trusted_certs_paths is not empty
  std::vector<std::string> extra_teekey_paths;
  long session_timeout_min = 5;  // [attestation_service] timeout
  TokenBrokerSettings broker;
  bool resource_plugin = false;  // a [[plugins]] entry named "resource"
};

// Reads kbs-config.toml. Fails (invalid_input) naming the key on a TOML error, a value of the
// wrong type, an unknown admin type, the v0.21 `authorization_mode` format, or an unanchored or
// invalid admin role regex (the KBS refuses to start on those).
util::Result<KbsSettings> parse_settings(std::string_view toml_text);

}  // namespace cococtl::sim::kbs
