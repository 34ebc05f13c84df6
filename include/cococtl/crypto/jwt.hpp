#pragma once
// Compact JWS / JWT signing and verification: EdDSA (Ed25519), ES256 / ES384 (raw r||s
// signatures as RFC 7518 requires, not DER) and RS256.

#include <cococtl/crypto/key.hpp>
#include <cococtl/util/result.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace cococtl::crypto {

// The JWS "alg" for a key: "EdDSA", "ES256", "ES384" or "RS256".
std::string_view jws_algorithm(KeyType type);

// Signs header.claims as a compact JWS. `header` (null = {}) gets "alg" (and "typ":"JWT") filled in when
// missing; an "alg" that does not match the key fails (invalid_input).
util::Result<std::string> sign_jwt(const nlohmann::json& header, const nlohmann::json& claims, const PrivateKey& key);

// Verifies a compact JWS against `key` and returns its claims. Fails (invalid_input) on a
// malformed token, "alg" not matching the key type (no "none", no algorithm confusion), a bad
// signature, non-object claims, or numeric "exp"/"nbf" outside now (60 s leeway).
util::Result<nlohmann::json> verify_jwt(std::string_view token, const PublicKey& key);
// Same with the public half of `key`.
util::Result<nlohmann::json> verify_jwt(std::string_view token, const PrivateKey& key);
// Same with an SPKI PEM public key.
util::Result<nlohmann::json> verify_jwt(std::string_view token, std::string_view public_key_pem);

// Decodes a compact JWS's header without verifying anything (to pick a key by "kid").
util::Result<nlohmann::json> jwt_header(std::string_view token);

// Signs `message` with the key's JWS algorithm (raw r||s for EC). Fails if OpenSSL fails.
util::Result<std::string> sign_message(const PrivateKey& key, std::string_view message);

// Verifies a sign_message() signature. Returns false on a bad signature; fails only on OpenSSL errors.
util::Result<bool> verify_message(const PublicKey& key, std::string_view message, std::string_view signature);

}  // namespace cococtl::crypto
