#pragma once
// JSON Web Keys (RFC 7517/7518) as OpenSSL keys: TEE public keys from the Attestation message,
// the token signer's key in the EAR header.

#include <cococtl/util/result.hpp>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

struct evp_pkey_st;

namespace cococtl::sim::kbs {

// The public key of an EC (P-256, P-384, P-521; "x"/"y" of the curve's full length) or RSA
// ("n"/"e") JWK, base64url without padding. Fails (invalid_input) on another kty or curve, bad
// base64, wrong coordinate length or a point not on the curve.
util::Result<std::shared_ptr<evp_pkey_st>> public_key_from_jwk(const nlohmann::json& jwk);

// {"kty":"EC","crv":"P-256","x":..,"y":..} of an EC P-256 key (coordinates padded to 32 bytes).
// Fails (invalid_input) for other keys.
util::Result<nlohmann::json> ec_p256_jwk(evp_pkey_st* key);

// A fresh key pair on the curve of `peer` (an EC key). Fails if OpenSSL refuses.
util::Result<std::shared_ptr<evp_pkey_st>> generate_on_curve_of(evp_pkey_st* peer);

// The raw ECDH shared secret (the x coordinate) of `own` and `peer`. Fails if OpenSSL refuses.
util::Result<std::string> ecdh_secret(evp_pkey_st* own, evp_pkey_st* peer);

}  // namespace cococtl::sim::kbs
