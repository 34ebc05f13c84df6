// Runtime-data binding (Trustee kbs/src/attestation/backend.rs, guest-components kbs_protocol):
// both sides hash the JCS form of the same JSON, so the bytes here must match serde_json_canonicalizer.
#include <cococtl/crypto/jwk.hpp>
#include <cococtl/kbs/runtime_data.hpp>
#include <cococtl/util/strings.hpp>

#include <fmt/format.h>

namespace cococtl::kbs {
namespace {

// nlohmann sorts object keys by bytes, and escapes strings as RFC 8785 asks (\b \t \n \f \r, other
// controls as lower-case \u00xx, everything else literal UTF-8). What it cannot promise is checked here.
util::Result<void> check_canonicalizable(const nlohmann::json& value) {
  if (value.is_number_float()) return util::invalid_input("canonical JSON: non-integer numbers are not supported");
  if (value.is_object()) {
    for (const auto& [key, item] : value.items()) {
      for (const char c : key) {
        if (static_cast<unsigned char>(c) >= 0x80)
          return util::invalid_input("canonical JSON: non-ASCII keys are not supported");
      }
      COCO_TRY(check_canonicalizable(item));
    }
  }
  if (value.is_array()) {
    for (const auto& item : value) COCO_TRY(check_canonicalizable(item));
  }
  return {};
}

}  // namespace

util::Result<std::string> canonical_json(const nlohmann::json& value) {
  COCO_TRY(check_canonicalizable(value));
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

util::Result<std::string> runtime_data_digest(std::string_view nonce, const nlohmann::json& tee_pubkey,
                                              std::string_view additional_evidence, crypto::DigestAlgorithm algorithm) {
  const nlohmann::json bound{
      {"additional-evidence", additional_evidence}, {"nonce", nonce}, {"tee-pubkey", tee_pubkey}};
  COCO_TRY_ASSIGN(const auto text, canonical_json(bound));
  return crypto::digest(algorithm, text);
}

util::Result<std::string> legacy_runtime_data_digest(std::string_view nonce, const nlohmann::json& tee_pubkey) {
  COCO_TRY_ASSIGN(const auto text, canonical_json(nlohmann::json{{"nonce", nonce}, {"tee-pubkey", tee_pubkey}}));
  return crypto::digest(crypto::DigestAlgorithm::sha384, text);
}

std::string_view tee_key_type_name(TeeKeyType type) { return type == TeeKeyType::rsa ? "rsa" : "ec-p256"; }

util::Result<TeeKeyType> parse_tee_key_type(std::string_view name) {
  if (name == "ec-p256" || name == "ec" || name == "p256" || name == "ecdh-es+a256kw") return TeeKeyType::ec_p256;
  if (name == "rsa" || name == "rsa-oaep-256") return TeeKeyType::rsa;
  return util::invalid_input(fmt::format("unknown TEE key type {} (ec-p256 or rsa)", util::quote_for_message(name)));
}

util::Result<TeeKey> generate_tee_key(TeeKeyType type) {
  const bool rsa = type == TeeKeyType::rsa;
  COCO_TRY_ASSIGN(auto key, crypto::PrivateKey::generate(rsa ? crypto::KeyType::rsa2048 : crypto::KeyType::ec_p256));
  COCO_TRY_ASSIGN(auto jwk, crypto::public_key_to_jwk(key.public_key()));
  jwk["alg"] = rsa ? "RSA-OAEP-256" : "ECDH-ES+A256KW";
  return TeeKey{std::move(key), std::move(jwk)};
}

}  // namespace cococtl::kbs
