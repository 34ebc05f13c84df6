#include "kbs/jwe.hpp"

#include <openssl/rsa.h>

#include <cococtl/crypto/digest.hpp>
#include <cococtl/crypto/encoding.hpp>

#include "kbs/jwk.hpp"
#include "kbs/ossl.hpp"

namespace cococtl::sim::kbs {
namespace {

using nlohmann::json;

std::string be32(std::uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8), static_cast<char>(v)};
}

unsigned char* bytes(std::string& s) { return reinterpret_cast<unsigned char*>(s.data()); }
const unsigned char* bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

struct Wrapped {
  std::string header;  // the protected header JSON, serialised as Trustee does
  std::string encrypted_key;
};

// AES-256 key wrap (RFC 3394) of `cek` under `kek`.
util::Result<std::string> aes_key_wrap(const std::string& kek, const std::string& cek) {
  Ossl<EVP_CIPHER_CTX> ctx(EVP_CIPHER_CTX_new());
  EVP_CIPHER_CTX_set_flags(ctx.get(), EVP_CIPHER_CTX_FLAG_WRAP_ALLOW);
  std::string out(cek.size() + 8, '\0');
  int len = 0, tail = 0;
  if (EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_wrap(), nullptr, bytes(std::string_view(kek)), nullptr) != 1 ||
      EVP_EncryptUpdate(ctx.get(), bytes(out), &len, bytes(std::string_view(cek)), static_cast<int>(cek.size())) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), bytes(out) + len, &tail) != 1) {
    return util::failure("AES key wrap failed");
  }
  out.resize(static_cast<std::size_t>(len + tail));
  return out;
}

util::Result<Wrapped> wrap_ecdh(const json& jwk, const std::string& cek) {
  COCO_TRY_ASSIGN(auto peer, public_key_from_jwk(jwk));
  COCO_TRY_ASSIGN(auto ephemeral, generate_on_curve_of(peer.get()));
  COCO_TRY_ASSIGN(const std::string z, ecdh_secret(ephemeral.get(), peer.get()));
  COCO_TRY_ASSIGN(const std::string kek, concat_kdf("ECDH-ES+A256KW", 32, z));
  COCO_TRY_ASSIGN(std::string encrypted_key, aes_key_wrap(kek, cek));
  // The ephemeral key's coordinates, padded to the curve size like the TEE key's.
  const std::size_t size = crypto::base64_decode(jwk.at("x").get<std::string>(), true)->size();
  std::string point(1 + 2 * size, '\0');
  std::size_t point_len = 0;
  if (EVP_PKEY_get_octet_string_param(ephemeral.get(), "encoded-pub-key", bytes(point), point.size(), &point_len) !=
          1 ||
      point_len != point.size()) {
    return util::failure("cannot encode the ephemeral EC key");
  }
  // Keys in the order Trustee's serde_json map writes them: alg, enc, then epk{crv,kty,x,y}.
  const std::string header =
      "{\"alg\":\"ECDH-ES+A256KW\",\"enc\":\"A256GCM\",\"epk\":{\"crv\":" + json(jwk.at("crv")).dump() +
      ",\"kty\":\"EC\",\"x\":\"" + crypto::base64_encode(point.substr(1, size), true) + "\",\"y\":\"" +
      crypto::base64_encode(point.substr(1 + size), true) + "\"}}";
  return Wrapped{header, std::move(encrypted_key)};
}

util::Result<Wrapped> wrap_rsa(const json& jwk, const std::string& cek, bool oaep) {
  COCO_TRY_ASSIGN(auto key, public_key_from_jwk(jwk));
  Ossl<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr));
  if (!ctx || EVP_PKEY_encrypt_init(ctx.get()) <= 0 ||
      EVP_PKEY_CTX_set_rsa_padding(ctx.get(), oaep ? RSA_PKCS1_OAEP_PADDING : RSA_PKCS1_PADDING) <= 0 ||
      (oaep && (EVP_PKEY_CTX_set_rsa_oaep_md(ctx.get(), EVP_sha256()) <= 0 ||
                EVP_PKEY_CTX_set_rsa_mgf1_md(ctx.get(), EVP_sha256()) <= 0))) {
    return util::failure("cannot set up RSA encryption");
  }
  std::size_t size = 0;
  if (EVP_PKEY_encrypt(ctx.get(), nullptr, &size, bytes(std::string_view(cek)), cek.size()) <= 0) {
    return util::failure("RSA encryption failed");
  }
  std::string out(size, '\0');
  if (EVP_PKEY_encrypt(ctx.get(), bytes(out), &size, bytes(std::string_view(cek)), cek.size()) <= 0) {
    return util::failure("RSA encryption failed");
  }
  out.resize(size);
  const std::string alg = oaep ? "RSA-OAEP-256" : "RSA1_5";
  return Wrapped{"{\"alg\":\"" + alg + "\",\"enc\":\"A256GCM\"}", std::move(out)};
}

util::Result<Wrapped> wrap_for(const json& jwk, const std::string& cek) {
  const std::string kty = jwk.value("kty", "");
  const std::string alg = jwk.value("alg", "");
  const std::string crv = jwk.value("crv", "");
  if (kty == "EC" && alg == "ECDH-ES+A256KW" && (crv == "P-256" || crv == "P-521")) return wrap_ecdh(jwk, cek);
  if (kty == "RSA" && alg == "RSA-OAEP-256") return wrap_rsa(jwk, cek, true);
  if (kty == "RSA" && alg == "RSA1_5") return wrap_rsa(jwk, cek, false);
  if (kty == "EC") return util::invalid_input("curve " + crv + " and algorithm " + alg + " is not supported");
  return util::invalid_input("algorithm " + alg + " is not supported");
}

struct Sealed {
  std::string iv, ciphertext, tag;
};

util::Result<Sealed> aes_gcm_seal(const std::string& key, std::string_view aad, std::string_view plaintext) {
  COCO_TRY_ASSIGN(std::string iv, crypto::random_bytes(12));
  Ossl<EVP_CIPHER_CTX> ctx(EVP_CIPHER_CTX_new());
  std::string ciphertext(plaintext.size(), '\0');
  std::string tag(16, '\0');
  int len = 0, tail = 0;
  const bool ok =
      EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, bytes(std::string_view(key)), bytes(iv)) == 1 &&
      EVP_EncryptUpdate(ctx.get(), nullptr, &len, bytes(aad), static_cast<int>(aad.size())) == 1 &&
      EVP_EncryptUpdate(ctx.get(), bytes(ciphertext), &len, bytes(plaintext), static_cast<int>(plaintext.size())) ==
          1 &&
      EVP_EncryptFinal_ex(ctx.get(), bytes(ciphertext) + len, &tail) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, 16, tag.data()) == 1;
  if (!ok) return util::failure("AES-256-GCM encryption failed");
  return Sealed{std::move(iv), std::move(ciphertext), std::move(tag)};
}

}  // namespace

util::Result<std::string> concat_kdf(std::string_view alg, std::size_t length, std::string_view z) {
  std::string out;
  for (std::uint32_t round = 1; out.size() < length; ++round) {
    const std::string input = be32(round) + std::string(z) + be32(static_cast<std::uint32_t>(alg.size())) +
                              std::string(alg) + be32(0) + be32(0) + be32(static_cast<std::uint32_t>(length * 8));
    COCO_TRY_ASSIGN(std::string block, crypto::digest(crypto::DigestAlgorithm::sha256, input));
    out += block;
  }
  out.resize(length);
  return out;
}

util::Result<std::string> encrypt_jwe(const json& tee_pubkey, std::string_view payload) {
  if (!tee_pubkey.is_object()) return util::invalid_input("the TEE public key is not a JWK object");
  COCO_TRY_ASSIGN(const std::string cek, crypto::random_bytes(32));
  COCO_TRY_ASSIGN(const Wrapped wrapped, wrap_for(tee_pubkey, cek));
  const std::string protected_b64 = crypto::base64_encode(wrapped.header, true);
  COCO_TRY_ASSIGN(const Sealed sealed, aes_gcm_seal(cek, protected_b64, payload));
  auto b64 = [](const std::string& s) { return "\"" + crypto::base64_encode(s, true) + "\""; };
  return "{\"protected\":\"" + protected_b64 + "\",\"encrypted_key\":" + b64(wrapped.encrypted_key) +
         ",\"iv\":" + b64(sealed.iv) + ",\"ciphertext\":" + b64(sealed.ciphertext) + ",\"tag\":" + b64(sealed.tag) +
         "}";
}

}  // namespace cococtl::sim::kbs
