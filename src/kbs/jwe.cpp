// JWE decryption for the KBS resource response (Trustee kbs/src/jwe/mod.rs produces it).
#include <cococtl/crypto/encoding.hpp>
#include <cococtl/crypto/jwk.hpp>
#include <cococtl/crypto/key_establishment.hpp>
#include <cococtl/crypto/symmetric.hpp>
#include <cococtl/kbs/jwe.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace cococtl::kbs {
namespace {

constexpr std::string_view k_ecdh_alg = "ECDH-ES+A256KW";
constexpr std::string_view k_rsa_alg = "RSA-OAEP-256";

util::Error malformed(std::string_view what) { return util::invalid_input(fmt::format("malformed JWE: {}", what)); }

// The string member `name`; "" when it is absent and `optional`.
util::Result<std::string> text_member(const nlohmann::json& object, const char* name, bool optional = false) {
  if (!object.contains(name)) {
    if (optional) return std::string();
    return malformed(fmt::format("no \"{}\" member", name));
  }
  if (!object[name].is_string()) return malformed(fmt::format("\"{}\" is not a string", name));
  return object[name].get<std::string>();
}

// text_member, base64url-decoded.
util::Result<std::string> bytes_member(const nlohmann::json& object, const char* name, bool optional = false) {
  COCO_TRY_ASSIGN(const auto text, text_member(object, name, optional));
  auto bytes = crypto::base64_decode(text, true);
  if (!bytes.ok()) return malformed(fmt::format("\"{}\" is not base64url", name));
  return std::move(*bytes);
}

// The content-encryption key, recovered the way the header's "alg" says.
util::Result<std::string> content_key(const nlohmann::json& header, std::string_view encrypted_key,
                                      const crypto::PrivateKey& key) {
  COCO_TRY_ASSIGN(const auto alg, text_member(header, "alg"));
  if (alg == k_rsa_alg) {
    if (!crypto::is_rsa(key.type())) return util::invalid_input("JWE alg RSA-OAEP-256 does not match the EC TEE key");
    return crypto::rsa_oaep_sha256_decrypt(key, encrypted_key);
  }
  if (alg != k_ecdh_alg) {
    return util::invalid_input(fmt::format("unsupported JWE alg \"{}\" (ECDH-ES+A256KW or RSA-OAEP-256)", alg));
  }
  if (crypto::is_rsa(key.type())) return util::invalid_input("JWE alg ECDH-ES+A256KW does not match the RSA TEE key");
  if (!header.contains("epk")) return malformed("ECDH-ES header has no \"epk\"");
  COCO_TRY_ASSIGN(const auto epk, std::move(crypto::public_key_from_jwk(header["epk"])).context("JWE epk"));
  if (epk.type() != key.type()) return util::invalid_input("JWE epk is not on the TEE key's curve");
  COCO_TRY_ASSIGN(const auto apu, bytes_member(header, "apu", true));
  COCO_TRY_ASSIGN(const auto apv, bytes_member(header, "apv", true));
  COCO_TRY_ASSIGN(const auto z, crypto::ecdh_shared_secret(key, epk));
  COCO_TRY_ASSIGN(const auto kek, crypto::concat_kdf_sha256(z, k_ecdh_alg, apu, apv, 256));
  return crypto::aes_key_unwrap(kek, encrypted_key);
}

}  // namespace

util::Result<std::string> decrypt_jwe(std::string_view body, const crypto::PrivateKey& key) {
  const auto jwe = nlohmann::json::parse(body, nullptr, false);
  if (jwe.is_discarded() || !jwe.is_object())
    return malformed("not a JSON object (flattened JSON serialization expected)");
  COCO_TRY_ASSIGN(const auto protected_b64, text_member(jwe, "protected"));
  COCO_TRY_ASSIGN(const auto protected_json, bytes_member(jwe, "protected"));
  const auto header = nlohmann::json::parse(protected_json, nullptr, false);
  if (header.is_discarded() || !header.is_object()) return malformed("\"protected\" is not a JSON object");
  COCO_TRY_ASSIGN(const auto enc, text_member(header, "enc"));
  if (enc != "A256GCM") return util::invalid_input(fmt::format("unsupported JWE enc \"{}\" (A256GCM)", enc));
  COCO_TRY_ASSIGN(const auto encrypted_key, bytes_member(jwe, "encrypted_key"));
  COCO_TRY_ASSIGN(const auto iv, bytes_member(jwe, "iv"));
  COCO_TRY_ASSIGN(const auto ciphertext, bytes_member(jwe, "ciphertext", true));
  COCO_TRY_ASSIGN(const auto tag, bytes_member(jwe, "tag"));
  COCO_TRY_ASSIGN(const auto aad_b64, text_member(jwe, "aad", true));
  if (iv.size() != 12) return malformed("A256GCM needs a 12-byte \"iv\"");
  COCO_TRY_ASSIGN(const auto cek, content_key(header, encrypted_key, key));
  if (cek.size() != 32) return malformed("the content-encryption key is not 32 bytes");
  // RFC 7516 5.1 step 14: AAD = ASCII(protected), plus "." + aad when an "aad" member exists.
  const std::string aad = jwe.contains("aad") ? protected_b64 + "." + aad_b64 : protected_b64;
  return crypto::aes_gcm_decrypt(cek, iv, ciphertext, aad, tag);
}

}  // namespace cococtl::kbs
