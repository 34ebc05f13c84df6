#include "test_jwe.hpp"

#include <cococtl/crypto/encoding.hpp>
#include <cococtl/crypto/jwk.hpp>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>

#include <stdexcept>

namespace cococtl::kbs_test {
namespace {

using crypto::base64_encode;

void check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("test JWE: OpenSSL failed: ") + what);
}

const unsigned char* u8(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

std::string random(std::size_t n) {
  std::string out(n, '\0');
  check(RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) == 1, "RAND_bytes");
  return out;
}

std::string sha256(std::string_view data) {
  std::string out(32, '\0');
  check(EVP_Digest(data.data(), data.size(), reinterpret_cast<unsigned char*>(out.data()), nullptr, EVP_sha256(),
                   nullptr) == 1,
        "sha256");
  return out;
}

std::string be32(std::size_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8), static_cast<char>(v)};
}

// One SHA-256 round of the JWA Concat KDF is enough for a 256-bit key (empty apu/apv).
std::string kek_for(std::string_view z) {
  const std::string alg = "ECDH-ES+A256KW";
  return sha256(be32(1) + std::string(z) + be32(alg.size()) + alg + be32(0) + be32(0) + be32(256));
}

std::string cipher(const char* name, std::string_view key, std::string_view iv, std::string_view in,
                   std::string_view aad, std::string* tag) {
  EVP_CIPHER* c = EVP_CIPHER_fetch(nullptr, name, nullptr);
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  check(c && ctx && EVP_EncryptInit_ex2(ctx, c, u8(key), iv.empty() ? nullptr : u8(iv), nullptr) == 1, name);
  int len = 0;
  if (!aad.empty()) check(EVP_EncryptUpdate(ctx, nullptr, &len, u8(aad), static_cast<int>(aad.size())) == 1, "aad");
  std::string out(in.size() + 16, '\0');
  int fin = 0;
  check(EVP_EncryptUpdate(ctx, reinterpret_cast<unsigned char*>(out.data()), &len, u8(in),
                          static_cast<int>(in.size())) == 1 &&
            EVP_EncryptFinal_ex(ctx, reinterpret_cast<unsigned char*>(out.data()) + len, &fin) == 1,
        name);
  out.resize(static_cast<std::size_t>(len + fin));
  if (tag) {
    tag->assign(16, '\0');
    check(EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, 16, tag->data()) == 1, "tag");
  }
  EVP_CIPHER_CTX_free(ctx);
  EVP_CIPHER_free(c);
  return out;
}

std::string coordinate(EVP_PKEY* key, const char* name) {
  BIGNUM* bn = nullptr;
  check(EVP_PKEY_get_bn_param(key, name, &bn) == 1, "coordinate");
  std::string out(32, '\0');
  BN_bn2binpad(bn, reinterpret_cast<unsigned char*>(out.data()), 32);
  BN_free(bn);
  return base64_encode(out, true);
}

// ECDH-ES+A256KW: a fresh epk, the wrapped CEK, and the protected header text.
std::pair<std::string, std::string> ecdh_wrap(std::string_view cek, EVP_PKEY* recipient, const std::string& curve) {
  EVP_PKEY* epk = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_pkey(nullptr, epk, nullptr);
  std::size_t len = 32;
  std::string z(32, '\0');
  check(epk && ctx && EVP_PKEY_derive_init(ctx) == 1 && EVP_PKEY_derive_set_peer(ctx, recipient) == 1 &&
            EVP_PKEY_derive(ctx, reinterpret_cast<unsigned char*>(z.data()), &len) == 1,
        "ECDH");
  const std::string header = R"({"alg":"ECDH-ES+A256KW","enc":"A256GCM","epk":{"crv":")" + curve +
                             R"(","kty":"EC","x":")" + coordinate(epk, OSSL_PKEY_PARAM_EC_PUB_X) + R"(","y":")" +
                             coordinate(epk, OSSL_PKEY_PARAM_EC_PUB_Y) + R"("}})";
  EVP_PKEY_CTX_free(ctx);
  EVP_PKEY_free(epk);
  return {cipher("AES-256-WRAP", kek_for(z), "", cek, "", nullptr), header};
}

std::string rsa_wrap(std::string_view cek, EVP_PKEY* recipient) {
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_pkey(nullptr, recipient, nullptr);
  std::size_t len = 0;
  check(ctx && EVP_PKEY_encrypt_init(ctx) == 1 && EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_OAEP_PADDING) == 1 &&
            EVP_PKEY_CTX_set_rsa_oaep_md(ctx, EVP_sha256()) == 1 &&
            EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, EVP_sha256()) == 1 &&
            EVP_PKEY_encrypt(ctx, nullptr, &len, u8(cek), cek.size()) == 1,
        "RSA-OAEP");
  std::string out(len, '\0');
  check(EVP_PKEY_encrypt(ctx, reinterpret_cast<unsigned char*>(out.data()), &len, u8(cek), cek.size()) == 1,
        "RSA-OAEP");
  out.resize(len);
  EVP_PKEY_CTX_free(ctx);
  return out;
}

}  // namespace

std::string encrypt_jwe(std::string_view plaintext, const nlohmann::json& tee_pubkey, const JweFaults& faults) {
  const auto recipient = crypto::public_key_from_jwk(tee_pubkey);
  if (!recipient.ok()) throw std::runtime_error("test JWE: bad tee-pubkey: " + recipient.error().message);
  const std::string cek = random(32);
  const std::string iv = random(12);
  std::string encrypted_key;
  std::string header = R"({"alg":"RSA-OAEP-256","enc":"A256GCM"})";
  if (tee_pubkey.value("kty", "") == "EC") {
    std::tie(encrypted_key, header) = ecdh_wrap(cek, recipient->native(), faults.epk_curve);
  } else {
    encrypted_key = rsa_wrap(cek, recipient->native());
  }
  const std::string protected_b64 = base64_encode(header, true);
  nlohmann::json jwe{{"protected", protected_b64},
                     {"encrypted_key", base64_encode(encrypted_key, true)},
                     {"iv", base64_encode(iv, true)}};
  std::string aad = faults.wrong_aad ? protected_b64 + "x" : protected_b64;
  if (!faults.extra_aad.empty()) {
    jwe["aad"] = base64_encode(faults.extra_aad, true);
    aad += "." + jwe["aad"].get<std::string>();
  }
  std::string tag;
  jwe["ciphertext"] = base64_encode(cipher("AES-256-GCM", cek, iv, plaintext, aad, &tag), true);
  if (faults.flip_tag) tag[0] = static_cast<char>(tag[0] ^ 0x01);
  jwe["tag"] = base64_encode(tag, true);
  return jwe.dump();
}

}  // namespace cococtl::kbs_test
