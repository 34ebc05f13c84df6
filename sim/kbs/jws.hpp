#pragma once
// JWT validation as Trustee 1.1's KBS does it (the jsonwebtoken crate with Validation::new(alg)),
// shared by admin tokens and attestation tokens.

#include <cococtl/crypto/key.hpp>
#include <cococtl/util/result.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace cococtl::sim::kbs {

struct CompactJws {
  nlohmann::json header;
  std::string signing_input;  // base64url(header) "." base64url(claims)
  std::string claims_json;
  std::string signature;
};

// Splits a compact JWS into its parts and decodes the header. Fails (invalid_input) on a token
// without three base64url parts or a header that is not a JSON object.
util::Result<CompactJws> split_jws(std::string_view token);

// Verifies `jws` with `key` for algorithm `alg` and returns its claims. Checks: header alg ==
// `alg` == the key's JWS algorithm, the signature, claims a JSON object, `exp` present as a
// non-negative integer and not more than 60 s in the past, and no non-empty `aud` (none is
// configured, so jsonwebtoken rejects one). `nbf` is not checked (validate_nbf is off).
// Fails (invalid_input) saying which check failed.
util::Result<nlohmann::json> verify_jws(const CompactJws& jws, const crypto::PublicKey& key, std::string_view alg);

}  // namespace cococtl::sim::kbs
