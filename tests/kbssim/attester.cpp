#include "kbssim/attester.hpp"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>

#include <cococtl/crypto/digest.hpp>
#include <cococtl/crypto/encoding.hpp>
#include <stdexcept>

namespace cococtl::test::kbssim {
namespace {

using nlohmann::json;

template <typename T>
T must(util::Result<T> r) {
  if (!r.ok()) throw std::runtime_error(r.error().message);
  return std::move(r).value();
}

unsigned char* u(std::string& s) { return reinterpret_cast<unsigned char*>(s.data()); }
const unsigned char* u(const std::string& s) { return reinterpret_cast<const unsigned char*>(s.data()); }

std::string bn_param(EVP_PKEY* key, const char* name, std::size_t pad) {
  BIGNUM* bn = nullptr;
  if (EVP_PKEY_get_bn_param(key, name, &bn) != 1) throw std::runtime_error("no key parameter");
  std::string out(pad != 0 ? pad : static_cast<std::size_t>(BN_num_bytes(bn)), '\0');
  BN_bn2binpad(bn, u(out), static_cast<int>(out.size()));
  BN_free(bn);
  return out;
}

EVP_PKEY* ec_public(const std::string& x, const std::string& y) {
  const std::string point = '\x04' + x + y;
  OSSL_PARAM_BLD* bld = OSSL_PARAM_BLD_new();
  OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0);
  OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size());
  OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(bld);
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr);
  EVP_PKEY* key = nullptr;
  EVP_PKEY_fromdata_init(ctx);
  EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params);
  EVP_PKEY_CTX_free(ctx);
  OSSL_PARAM_free(params);
  OSSL_PARAM_BLD_free(bld);
  if (key == nullptr) throw std::runtime_error("bad epk");
  return key;
}

std::string be32(std::uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8), static_cast<char>(v)};
}

// RFC 7518 4.6: ECDH-ES key agreement, Concat KDF (one SHA-256 round), then AES key unwrap.
std::string unwrap_ecdh(EVP_PKEY* own, const json& epk, const std::string& wrapped) {
  EVP_PKEY* peer = ec_public(must(crypto::base64_decode(epk.at("x").get<std::string>(), true)),
                             must(crypto::base64_decode(epk.at("y").get<std::string>(), true)));
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_pkey(nullptr, own, nullptr);
  std::string z(32, '\0');
  std::size_t z_len = z.size();
  EVP_PKEY_derive_init(ctx);
  EVP_PKEY_derive_set_peer(ctx, peer);
  const bool derived = EVP_PKEY_derive(ctx, u(z), &z_len) == 1;
  EVP_PKEY_CTX_free(ctx);
  EVP_PKEY_free(peer);
  if (!derived) throw std::runtime_error("ECDH failed");
  const std::string alg = "ECDH-ES+A256KW";
  const std::string kek = must(crypto::digest(crypto::DigestAlgorithm::sha256,
                                              be32(1) + z + be32(alg.size()) + alg + be32(0) + be32(0) + be32(256)));
  EVP_CIPHER_CTX* c = EVP_CIPHER_CTX_new();
  EVP_CIPHER_CTX_set_flags(c, EVP_CIPHER_CTX_FLAG_WRAP_ALLOW);
  std::string cek(wrapped.size(), '\0');
  int len = 0, tail = 0;
  const bool ok = EVP_DecryptInit_ex(c, EVP_aes_256_wrap(), nullptr, u(kek), nullptr) == 1 &&
                  EVP_DecryptUpdate(c, u(cek), &len, u(wrapped), static_cast<int>(wrapped.size())) == 1 &&
                  EVP_DecryptFinal_ex(c, u(cek) + len, &tail) == 1;
  EVP_CIPHER_CTX_free(c);
  if (!ok) throw std::runtime_error("AES key unwrap failed");
  cek.resize(static_cast<std::size_t>(len + tail));
  return cek;
}

std::string unwrap_rsa(EVP_PKEY* own, const std::string& wrapped) {
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_pkey(nullptr, own, nullptr);
  std::string cek(512, '\0');
  std::size_t len = cek.size();
  const bool ok = EVP_PKEY_decrypt_init(ctx) == 1 && EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_OAEP_PADDING) == 1 &&
                  EVP_PKEY_CTX_set_rsa_oaep_md(ctx, EVP_sha256()) == 1 &&
                  EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, EVP_sha256()) == 1 &&
                  EVP_PKEY_decrypt(ctx, u(cek), &len, u(wrapped), wrapped.size()) == 1;
  EVP_PKEY_CTX_free(ctx);
  if (!ok) throw std::runtime_error("RSA-OAEP-256 decryption failed");
  cek.resize(len);
  return cek;
}

std::string gcm_open(const std::string& key, const std::string& iv, const std::string& aad,
                     const std::string& ciphertext, std::string tag) {
  EVP_CIPHER_CTX* c = EVP_CIPHER_CTX_new();
  std::string plain(ciphertext.size(), '\0');
  int len = 0, tail = 0;
  const bool ok = EVP_DecryptInit_ex(c, EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1 &&
                  EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(iv.size()), nullptr) == 1 &&
                  EVP_DecryptInit_ex(c, nullptr, nullptr, u(key), u(iv)) == 1 &&
                  EVP_DecryptUpdate(c, nullptr, &len, u(aad), static_cast<int>(aad.size())) == 1 &&
                  EVP_DecryptUpdate(c, u(plain), &len, u(ciphertext), static_cast<int>(ciphertext.size())) == 1 &&
                  EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_TAG, static_cast<int>(tag.size()), tag.data()) == 1 &&
                  EVP_DecryptFinal_ex(c, u(plain) + len, &tail) == 1;
  EVP_CIPHER_CTX_free(c);
  if (!ok) throw std::runtime_error("AES-256-GCM decryption failed (tag or AAD mismatch)");
  plain.resize(static_cast<std::size_t>(len + tail));
  return plain;
}

json decode_part(const std::string& token, int index) {
  std::size_t start = 0;
  for (int i = 0; i < index; ++i) start = token.find('.', start) + 1;
  const auto end = token.find('.', start);
  return json::parse(must(crypto::base64_decode(token.substr(start, end - start), true)));
}

}  // namespace

SampleAttester::SampleAttester(bool rsa)
    : m_key(must(crypto::PrivateKey::generate(rsa ? crypto::KeyType::rsa2048 : crypto::KeyType::ec_p256))) {
  EVP_PKEY* key = m_key.native();
  if (rsa) {
    m_jwk = {{"kty", "RSA"},
             {"alg", "RSA-OAEP-256"},
             {"n", b64url(bn_param(key, OSSL_PKEY_PARAM_RSA_N, 0))},
             {"e", b64url(bn_param(key, OSSL_PKEY_PARAM_RSA_E, 0))}};
  } else {
    m_jwk = {{"kty", "EC"},
             {"crv", "P-256"},
             {"alg", "ECDH-ES+A256KW"},
             {"x", b64url(bn_param(key, OSSL_PKEY_PARAM_EC_PUB_X, 32))},
             {"y", b64url(bn_param(key, OSSL_PKEY_PARAM_EC_PUB_Y, 32))}};
  }
}

std::string SampleAttester::attestation(const std::string& nonce, const std::string& bound_nonce, const json& bound_jwk,
                                        const std::string& init_data_toml) const {
  // nlohmann's dump sorts keys and adds no whitespace: RFC 8785 for these ASCII values.
  const json runtime{{"additional-evidence", ""},
                     {"nonce", bound_nonce.empty() ? nonce : bound_nonce},
                     {"tee-pubkey", bound_jwk.is_null() ? m_jwk : bound_jwk}};
  const std::string digest = must(crypto::digest(crypto::DigestAlgorithm::sha384, runtime.dump()));
  json body{{"runtime-data", {{"nonce", nonce}, {"tee-pubkey", m_jwk}}},
            {"tee-evidence",
             {{"primary_evidence", {{"svn", "1"}, {"report_data", crypto::base64_encode(digest)}}},
              {"additional_evidence", ""}}}};
  if (!init_data_toml.empty()) body["init-data"] = {{"format", "toml"}, {"body", init_data_toml}};
  return body.dump();
}

HttpResult SampleAttester::attest(TestKbs& kbs, const std::string& jar, const std::string& init_data_toml) const {
  const auto challenge = kbs.request("POST", "/kbs/v0/auth", R"({"version":"0.4.0","tee":"sample","extra-params":""})",
                                     {"Content-Type: application/json"}, jar);
  if (challenge.status != 200) throw std::runtime_error("auth failed: " + challenge.body);
  const std::string nonce = json::parse(challenge.body).at("nonce");
  return kbs.request("POST", "/kbs/v0/attest", attestation(nonce, "", nullptr, init_data_toml),
                     {"Content-Type: application/json"}, jar);
}

std::string SampleAttester::decrypt(const std::string& jwe_text) const {
  const json jwe = json::parse(jwe_text);
  const std::string protected_b64 = jwe.at("protected");
  const json header = json::parse(must(crypto::base64_decode(protected_b64, true)));
  const std::string wrapped = must(crypto::base64_decode(jwe.at("encrypted_key").get<std::string>(), true));
  if (header.at("enc") != "A256GCM") throw std::runtime_error("enc is not A256GCM");
  const std::string cek = header.at("alg") == "ECDH-ES+A256KW" ? unwrap_ecdh(m_key.native(), header.at("epk"), wrapped)
                                                               : unwrap_rsa(m_key.native(), wrapped);
  return gcm_open(cek, must(crypto::base64_decode(jwe.at("iv").get<std::string>(), true)), protected_b64,
                  must(crypto::base64_decode(jwe.at("ciphertext").get<std::string>(), true)),
                  must(crypto::base64_decode(jwe.at("tag").get<std::string>(), true)));
}

json jwt_claims(const std::string& token) { return decode_part(token, 1); }
json jwt_header(const std::string& token) { return decode_part(token, 0); }

}  // namespace cococtl::test::kbssim
