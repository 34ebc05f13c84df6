#pragma once
// The KBS resource response: an RFC 7516 flattened JSON JWE {"protected","encrypted_key","iv",
// "ciphertext","tag"} with enc A256GCM, addressed to the attestation's TEE key.

#include <cococtl/crypto/key.hpp>
#include <cococtl/util/result.hpp>

#include <string>
#include <string_view>

namespace cococtl::kbs {

// Decrypts `body` with `key`: alg "ECDH-ES+A256KW" for an EC key (ECDH with the header's "epk",
// Concat KDF, AES key unwrap) or "RSA-OAEP-256" for an RSA key; then A256GCM with the ASCII of
// "protected" (plus "." + "aad" when present) as the AAD. Returns the plaintext only when the
// tag verifies. Fails (invalid_input) naming the malformed member, an unsupported or mismatched
// alg/enc/curve, or a tag that does not verify.
util::Result<std::string> decrypt_jwe(std::string_view body, const crypto::PrivateKey& key);

}  // namespace cococtl::kbs
