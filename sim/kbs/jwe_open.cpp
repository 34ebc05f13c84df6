#include "kbs/jwe_open.hpp"

#include "kbs/jwk.hpp"

#include <cococtl/crypto/encoding.hpp>
#include <cococtl/crypto/key_establishment.hpp>
#include <cococtl/crypto/symmetric.hpp>

#include <nlohmann/json.hpp>

namespace cococtl::sim::kbs {
namespace {

using nlohmann::json;

util::Result<std::string> member(const json& jwe, const char* name) {
  if (!jwe.value(name, json()).is_string()) return util::invalid_input(std::string("JWE: no ") + name);
  return crypto::base64_decode(jwe[name].get<std::string>(), true).context(std::string("JWE ") + name);
}

// The content-encryption key the sender wrapped for `key` as `header` describes.
util::Result<std::string> unwrap_cek(const json& header, const std::string& encrypted_key,
                                     const crypto::PrivateKey& key) {
  const std::string alg = header.value("alg", "");
  if (alg == "RSA-OAEP-256") return crypto::rsa_oaep_sha256_decrypt(key, encrypted_key);
  if (alg != "ECDH-ES+A256KW") return util::invalid_input("JWE: unsupported alg " + alg);
  COCO_TRY_ASSIGN(auto epk, public_key_from_jwk(header.value("epk", json())));
  COCO_TRY_ASSIGN(const auto peer, crypto::PublicKey::adopt(std::move(epk)));
  COCO_TRY_ASSIGN(const std::string z, crypto::ecdh_shared_secret(key, peer));
  COCO_TRY_ASSIGN(const std::string kek, crypto::concat_kdf_sha256(z, alg, "", "", 256));
  return crypto::aes_key_unwrap(kek, encrypted_key);
}

}  // namespace

util::Result<std::string> open_jwe(std::string_view text, const crypto::PrivateKey& key) {
  const json jwe = json::parse(text, nullptr, false);
  if (!jwe.is_object() || !jwe.value("protected", json()).is_string()) return util::invalid_input("JWE: not JSON");
  const std::string protected_text = jwe["protected"].get<std::string>();
  COCO_TRY_ASSIGN(const std::string header_text, member(jwe, "protected"));
  const json header = json::parse(header_text, nullptr, false);
  if (!header.is_object() || header.value("enc", "") != "A256GCM")
    return util::invalid_input("JWE: enc is not A256GCM");
  COCO_TRY_ASSIGN(const std::string encrypted_key, member(jwe, "encrypted_key"));
  COCO_TRY_ASSIGN(const std::string iv, member(jwe, "iv"));
  COCO_TRY_ASSIGN(const std::string ciphertext, member(jwe, "ciphertext"));
  COCO_TRY_ASSIGN(const std::string tag, member(jwe, "tag"));
  COCO_TRY_ASSIGN(const std::string cek, unwrap_cek(header, encrypted_key, key));
  return crypto::aes_gcm_decrypt(cek, iv, ciphertext, protected_text, tag);
}

}  // namespace cococtl::sim::kbs
