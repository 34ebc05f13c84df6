#pragma once
// Attestation results as Trustee issues and checks them: EAR tokens (IETF RATS EAR, profile
// tag:github.com,2024:confidential-containers/Trustee) signed ES256 with the token key, the
// signer's certificate chain in the header JWK's x5c; and their verification on resource requests.

#include <cococtl/crypto/certificate.hpp>
#include <cococtl/crypto/key.hpp>
#include <cococtl/util/result.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "kbs/config.hpp"

namespace cococtl::sim::kbs {

struct TokenSigner {
  crypto::PrivateKey key;        // EC P-256
  std::vector<std::string> x5c;  // standard base64 DER, leaf first
  std::optional<std::string> x5u;
};

// The signer configured by `settings`: the token key (it must be EC P-256) and, with a cert_path,
// the chain `chain_pem`; without a [..signer] section an ephemeral key and no chain, as Trustee
// does. Fails (invalid_input) on unusable PEM or a key of another type.
util::Result<TokenSigner> make_token_signer(const KbsSettings& settings, std::string_view key_pem,
                                            std::string_view chain_pem);

// One EAR submod (appraisal) from the policy's trust claims (null = undefined: every claim 0) and
// the annotated evidence. ear.status is the worst tier of the vector. Fails (failure) on an
// unknown claim name or a non-integer value, as the attestation service does.
util::Result<nlohmann::json> appraisal(const nlohmann::json& trust_claims, const nlohmann::json& annotated_evidence);

// The signed EAR for `submods` ({"cpu0": appraisal, ...}). Fails only if signing fails.
util::Result<std::string> issue_ear(const TokenSigner& signer, const TokenBrokerSettings& broker,
                                    const nlohmann::json& submods);

class TokenVerifier {
 public:
  // `trusted` are the trust anchors for x5c chains (used unless settings.insecure_key).
  TokenVerifier(const KbsSettings& settings, std::vector<crypto::Certificate> trusted);

  // The claims of an attestation token whose header JWK is endorsed by a trusted certificate
  // (leaf key == JWK, chain valid) and whose signature and exp hold. Fails (invalid_input) with
  // the reason (only logged; the client sees TokenVerifierError).
  util::Result<nlohmann::json> verify(std::string_view token) const;

  // The TEE public key (a TeePubKey JWK) at the first configured or built-in path of `claims`.
  // Fails (invalid_input) when none holds an RSA or EC key object.
  util::Result<nlohmann::json> tee_public_key(const nlohmann::json& claims) const;

 private:
  util::Result<void> check_endorsement(const nlohmann::json& jwk, const crypto::PublicKey& key) const;
  bool m_insecure_key;
  std::vector<crypto::Certificate> m_trusted;
  std::vector<std::string> m_key_paths;
};

// The TeePubKey fields Trustee keeps (and hashes): EC {kty,crv,alg,x,y} or RSA {kty,alg,n,e}.
// Fails (invalid_input) when a required field is missing or not a string.
util::Result<nlohmann::json> tee_pubkey_fields(const nlohmann::json& jwk);

}  // namespace cococtl::sim::kbs
