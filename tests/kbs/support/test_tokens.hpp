#pragma once
// Attestation-token material for tests: a token-signing CA with an ES256 signer (as an
// attestation service has), an unrelated CA with its own signer, and EAR tokens minted from them.

#include <cococtl/crypto/certificate.hpp>
#include <cococtl/crypto/key.hpp>

#include <nlohmann/json.hpp>

#include <string>

namespace cococtl::kbs_test {

struct Signer {
  crypto::PrivateKey ca_key;
  crypto::Certificate ca;
  crypto::PrivateKey key;  // EC P-256
  crypto::Certificate cert;
};

// Made once per process: the trusted token CA + signer, and an untrusted pair.
const Signer& trusted_signer();
const Signer& untrusted_signer();

struct EarOptions {
  std::string status = "affirming";
  long exp_offset = 300;     // exp = now + this (negative: expired)
  bool x5c_in_jwk = true;    // Trustee's layout; false puts x5c at the header's top level
  bool foreign_jwk = false;  // a header jwk that is not the signer's key
};

// EAR claims as Trustee's attestation service issues them for the sample TEE, binding `nonce`
// and `tee_pubkey` in submods.cpu0's runtime_data_claims.
nlohmann::json ear_claims(const std::string& nonce, const nlohmann::json& tee_pubkey, const EarOptions& options = {});

// Signs `claims` ES256 with `signer`; the header carries the signer's jwk and x5c [cert, CA].
std::string mint_ear(const nlohmann::json& claims, const Signer& signer, const EarOptions& options = {});

}  // namespace cococtl::kbs_test
