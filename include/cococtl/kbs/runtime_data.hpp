#pragma once
// What the attestation binds to the TEE evidence: the challenge nonce and the ephemeral TEE
// public key, hashed over RFC 8785 (JCS) canonical JSON exactly as Trustee computes it.

#include <cococtl/crypto/digest.hpp>
#include <cococtl/crypto/key.hpp>
#include <cococtl/util/result.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace cococtl::kbs {

// RFC 8785 canonical JSON of documents made of objects, arrays, strings, integers, booleans and
// null (what the protocol hashes): sorted keys, no whitespace, minimal escapes. Fails
// (invalid_input) on a non-integer number or a non-ASCII key, whose canonical forms need rules
// the protocol never exercises.
util::Result<std::string> canonical_json(const nlohmann::json& value);

// Protocol 0.4.0 report data: H(JCS({"additional-evidence": additional_evidence, "nonce": nonce,
// "tee-pubkey": tee_pubkey})). Fails like canonical_json.
util::Result<std::string> runtime_data_digest(std::string_view nonce, const nlohmann::json& tee_pubkey,
                                              std::string_view additional_evidence,
                                              crypto::DigestAlgorithm algorithm = crypto::DigestAlgorithm::sha384);

// Protocol <= 0.2.0 report data: sha384 of {"nonce": nonce, "tee-pubkey": tee_pubkey} (sorted,
// compact). Fails like canonical_json.
util::Result<std::string> legacy_runtime_data_digest(std::string_view nonce, const nlohmann::json& tee_pubkey);

enum class TeeKeyType { ec_p256, rsa };

// "ec-p256" / "rsa".
std::string_view tee_key_type_name(TeeKeyType type);
// Parses tee_key_type_name() output (also "ec", "p256", "rsa-oaep-256"). Fails (invalid_input).
util::Result<TeeKeyType> parse_tee_key_type(std::string_view name);

struct TeeKey {
  crypto::PrivateKey key;
  // The runtime-data "tee-pubkey": {"alg":"ECDH-ES+A256KW","crv":"P-256","kty":"EC","x","y"} or
  // {"alg":"RSA-OAEP-256","e","kty":"RSA","n"} (RSA-2048).
  nlohmann::json jwk;
};

// A fresh ephemeral key for one attestation. Fails only if OpenSSL fails.
util::Result<TeeKey> generate_tee_key(TeeKeyType type);

}  // namespace cococtl::kbs
