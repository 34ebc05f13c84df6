#pragma once
// A `sample` TEE attester written for the tests from the protocol reference (not the sim's code):
// it builds the runtime-data binding itself, runs the RCAR handshake through curl, and decrypts
// resource JWEs with its own OpenSSL code.

#include <cococtl/crypto/key.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "kbssim/fixture.hpp"

namespace cococtl::test::kbssim {

class SampleAttester {
 public:
  // An attester with an ephemeral EC P-256 (ECDH-ES+A256KW) or RSA-2048 (RSA-OAEP-256) TEE key.
  explicit SampleAttester(bool rsa = false);

  // The tee-pubkey JWK (only the fields Trustee keeps).
  const nlohmann::json& jwk() const { return m_jwk; }
  // The 0.4.0 Attestation body for `nonce`, with report data bound to `bound_nonce` and
  // `bound_jwk` (default: the same nonce and this attester's key).
  std::string attestation(const std::string& nonce, const std::string& bound_nonce = "",
                          const nlohmann::json& bound_jwk = nullptr, const std::string& init_data_toml = "") const;
  // POST /auth then /attest on `kbs` with cookie jar `jar`; returns the /attest response.
  HttpResult attest(TestKbs& kbs, const std::string& jar, const std::string& init_data_toml = "") const;
  // The plaintext of a flattened JWE for this attester's key. Throws when it does not decrypt.
  std::string decrypt(const std::string& jwe) const;

 private:
  crypto::PrivateKey m_key;
  nlohmann::json m_jwk;
};

// The claims of a compact JWT (not verified).
nlohmann::json jwt_claims(const std::string& token);
nlohmann::json jwt_header(const std::string& token);

}  // namespace cococtl::test::kbssim
