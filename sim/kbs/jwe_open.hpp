#pragma once
// Opening a KBS JWE as the attestation agent's kbs_protocol client does (flattened JSON,
// ECDH-ES+A256KW with P-256/P-521 or RSA-OAEP-256, A256GCM with the `protected` string as AAD).
// The simulated TEEs of release.hpp use it; it doubles as a check of the server's JWE.

#include <cococtl/crypto/key.hpp>
#include <cococtl/util/result.hpp>

#include <string>
#include <string_view>

namespace cococtl::sim::kbs {

// The plaintext of flattened-JSON JWE `text` for the TEE key `key`. Fails (invalid_input) on a
// malformed JWE, an unsupported alg/enc, or when the key or tag does not match.
util::Result<std::string> open_jwe(std::string_view text, const crypto::PrivateKey& key);

}  // namespace cococtl::sim::kbs
