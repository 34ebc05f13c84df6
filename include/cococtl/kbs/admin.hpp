#pragma once
// The KBS admin API (Trustee `type = "Simple"` personas and later): resources, attestation and
// resource policies, RVPS reference values. Every request carries a fresh EdDSA bearer token.

#include <cococtl/crypto/key.hpp>
#include <cococtl/kbs/endpoint.hpp>
#include <cococtl/kbs/resource_path.hpp>
#include <cococtl/util/result.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

namespace cococtl::kbs {

struct AdminTokenOptions {
  // Trustee >= 0.21 requires "role" (matched by its ACLs); older servers ignore it.
  std::string role = "admin";
  // "iss" / "aud" only when the KBS's identity provider is configured to expect them: Trustee
  // 0.18-0.20 (jsonwebtoken) rejects a token whose "aud" it was not told to expect.
  std::string issuer{};
  std::string audience{};
  std::chrono::seconds lifetime{300};  // "exp" = "iat" + lifetime
};

// Signs an admin JWT with the Ed25519 admin key: header {"alg":"EdDSA","typ":"JWT"}, claims
// "iat", "exp", "role" (+ "iss", "aud" when set). The token is registered as a secret so it never
// reaches logs or errors. Fails (invalid_input) when the key is not Ed25519 or lifetime <= 0.
util::Result<std::string> make_admin_token(
    const crypto::PrivateKey& key, const AdminTokenOptions& options,
    std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

class AdminClient {
 public:
  // A client for `endpoint` (see normalize_url) signing with `admin_key` (Ed25519). Fails
  // (invalid_input) on a bad URL or key; nothing is sent yet.
  static util::Result<std::unique_ptr<AdminClient>> create(const Endpoint& endpoint, crypto::PrivateKey admin_key,
                                                           AdminTokenOptions options = {});
  ~AdminClient();
  AdminClient(const AdminClient&) = delete;
  AdminClient& operator=(const AdminClient&) = delete;

  // Each call fails with response_error() when the KBS refuses (exit 1), ExitCode::timed_out on
  // a timeout, ExitCode::failure on other transport errors, invalid_input on bad arguments.

  // POST /kbs/v0/resource/<path>, the bytes as the body.
  util::Result<void> set_resource(const ResourcePath& path, std::string_view bytes);
  // DELETE /kbs/v0/resource/<path> (Trustee >= 0.20).
  util::Result<void> delete_resource(const ResourcePath& path);
  // POST /kbs/v0/attestation-policy {"type":"rego","policy_id":id,"policy":base64url-nopad(rego)}.
  // `policy_id` must be [A-Za-z0-9_-]+ ("default_cpu" is what the KBS evaluates for CPUs).
  util::Result<void> set_attestation_policy(std::string_view rego, std::string_view policy_id = "default_cpu");
  // POST /kbs/v0/resource-policy {"policy":base64url-nopad(rego)}.
  util::Result<void> set_resource_policy(std::string_view rego);
  // POST /kbs/v0/reference-value with the RVPS "sample" message registering `name` = `value`.
  // `name` must be [A-Za-z0-9_.-]+.
  util::Result<void> set_reference_value(std::string_view name, const nlohmann::json& value);
  // GET /kbs/v0/reference-value/<name>: the stored value as JSON.
  util::Result<nlohmann::json> get_reference_value(std::string_view name);

  class Impl;

 private:
  explicit AdminClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

// The RVPS registration message for one sample reference value: {"version":"0.1.0","type":
// "sample","payload":base64(JSON {name: value})} (standard base64, as the sample extractor reads).
nlohmann::json reference_value_message(std::string_view name, const nlohmann::json& value);

}  // namespace cococtl::kbs
