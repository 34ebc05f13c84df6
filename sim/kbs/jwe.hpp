#pragma once
// The resource response: RFC 7516 flattened JSON JWE, content encrypted with A256GCM under a
// random key that is wrapped for the TEE public key from the attestation token.

#include <cococtl/util/result.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace cococtl::sim::kbs {

// The JWE text {"protected","encrypted_key","iv","ciphertext","tag"} (base64url without padding,
// in that order, no "aad") of `payload` for `tee_pubkey` (a TeePubKey JWK). The key wrapping
// follows the key's "alg": ECDH-ES+A256KW on P-256 or P-521 (Concat KDF SHA-256, empty
// apu/apv, epk in the header), RSA-OAEP-256, or the deprecated RSA1_5. The GCM AAD is the
// ASCII of the "protected" member. Fails (invalid_input) on an unsupported kty/crv/alg or a bad
// key; (failure) if OpenSSL fails.
util::Result<std::string> encrypt_jwe(const nlohmann::json& tee_pubkey, std::string_view payload);

// The JWE Concat KDF (NIST SP 800-56A, SHA-256) for `alg` with empty PartyU/PartyV info.
util::Result<std::string> concat_kdf(std::string_view alg, std::size_t length, std::string_view z);

}  // namespace cococtl::sim::kbs
