#pragma once
// A test-only JWE encryptor written straight against OpenSSL's EVP API (independent of the
// client's decrypt path): what a Trustee KBS sends for a resource.

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace cococtl::kbs_test {

struct JweFaults {
  bool flip_tag = false;            // change one bit of the tag
  bool wrong_aad = false;           // encrypt with an AAD other than the protected header
  std::string extra_aad{};          // non-empty: an "aad" member (RFC 7516 AAD = protected "." aad)
  std::string epk_curve = "P-256";  // the epk's "crv" (a mismatch test sets another)
};

// A flattened JSON JWE of `plaintext` for `tee_pubkey` (the runtime-data JWK): ECDH-ES+A256KW with
// a fresh P-256 epk for EC keys, RSA-OAEP-256 for RSA keys; enc A256GCM; header members in
// Trustee's order (alg, enc, epk{crv,kty,x,y}). Throws std::runtime_error when OpenSSL fails.
std::string encrypt_jwe(std::string_view plaintext, const nlohmann::json& tee_pubkey, const JweFaults& faults = {});

}  // namespace cococtl::kbs_test
