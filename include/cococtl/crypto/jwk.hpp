#pragma once
// Public keys as JSON Web Keys (RFC 7517 / RFC 7518 6): EC (P-256, P-384), RSA and Ed25519
// (RFC 8037 "OKP"). Members are base64url without padding; private members are never written.

#include <cococtl/crypto/key.hpp>
#include <cococtl/util/result.hpp>

#include <nlohmann/json.hpp>

namespace cococtl::crypto {

// {"kty":"EC","crv":"P-256","x","y"} (coordinates padded to the field size),
// {"kty":"RSA","n","e"} (no leading zero bytes) or {"kty":"OKP","crv":"Ed25519","x"}.
// Fails only if OpenSSL cannot export the key.
util::Result<nlohmann::json> public_key_to_jwk(const PublicKey& key);

// Reads the public part of a JWK of the kinds above (other members such as "alg", "kid" or a
// private "d" are ignored). EC points are checked to lie on the curve. Fails (invalid_input)
// naming the member that is missing or malformed, or the unsupported kty/crv.
util::Result<PublicKey> public_key_from_jwk(const nlohmann::json& jwk);

}  // namespace cococtl::crypto
