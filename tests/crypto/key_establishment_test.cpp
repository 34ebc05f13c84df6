// ECDH and the Concat KDF against RFC 7518 Appendix C; RSA-OAEP-256 against ciphertexts made by
// the openssl CLI (an independent encryptor).
#include "support/shell.hpp"

#include <cococtl/crypto/digest.hpp>
#include <cococtl/crypto/encoding.hpp>
#include <cococtl/crypto/jwk.hpp>
#include <cococtl/crypto/key_establishment.hpp>

#include <openssl/core_names.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>

using namespace cococtl::crypto;
using cococtl::test::ScratchDir;
using cococtl::test::shell;
using nlohmann::json;

namespace {

// RFC 7518 Appendix C: Alice's ephemeral key and Bob's key (both P-256, with "d").
const json k_alice = {{"kty", "EC"},
                      {"crv", "P-256"},
                      {"x", "gI0GAILBdu7T53akrFmMyGcsF3n5dO7MmwNBHKW5SV0"},
                      {"y", "SLW_xSffzlPWrHEVI30DHM_4egVwt3NQqeUD7nMFpps"},
                      {"d", "0_NxaRPUMQoAJt50Gz8YiTr8gRTwyEaCumd-MToTmIo"}};
const json k_bob = {{"kty", "EC"},
                    {"crv", "P-256"},
                    {"x", "weNJy2HscCSM6AEDTDg04biOvhFhyyWvOHQfeF_PxMQ"},
                    {"y", "e8lnCO-AlStT-NJVX-crhB7QRYhiix03illJOVAOyck"},
                    {"d", "VEmDZpDXXK8p8N0Cndsxs924q6nS1RXFASRl6BfUqdw"}};
// The shared secret Z the appendix lists.
const unsigned char k_z[] = {158, 86, 217, 29,  129, 113, 53,  211, 114, 131, 66,  131, 191, 132, 38,  156,
                             251, 49, 110, 163, 218, 128, 106, 72,  246, 218, 167, 121, 140, 254, 144, 196};

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string b64u(const json& jwk, const char* name) {
  return base64_decode(jwk[name].get<std::string>(), true).value();
}

// Test-only import of a private EC JWK through OpenSSL directly (crypto has no private-JWK import).
PrivateKey private_from_jwk(const json& jwk) {
  const std::string d = b64u(jwk, "d");
  const std::string point = '\x04' + b64u(jwk, "x") + b64u(jwk, "y");
  BIGNUM* priv = BN_bin2bn(reinterpret_cast<const unsigned char*>(d.data()), static_cast<int>(d.size()), nullptr);
  OSSL_PARAM_BLD* bld = OSSL_PARAM_BLD_new();
  OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0);
  OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PRIV_KEY, priv);
  OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size());
  OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(bld);
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr);
  EVP_PKEY* key = nullptr;
  REQUIRE(EVP_PKEY_fromdata_init(ctx) == 1);
  REQUIRE(EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_KEYPAIR, params) == 1);
  BIO* bio = BIO_new(BIO_s_mem());
  REQUIRE(PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr) == 1);
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<std::size_t>(len));
  BIO_free(bio);
  EVP_PKEY_free(key);
  EVP_PKEY_CTX_free(ctx);
  OSSL_PARAM_free(params);
  OSSL_PARAM_BLD_free(bld);
  BN_free(priv);
  return PrivateKey::from_pem(pem).value();
}

}  // namespace

TEST_CASE("Concat KDF reproduces RFC 7518 Appendix C (A128GCM, apu Alice, apv Bob)") {
  const std::string z(reinterpret_cast<const char*>(k_z), sizeof k_z);
  const auto key = concat_kdf_sha256(z, "A128GCM", "Alice", "Bob", 128).value();
  CHECK(base64_encode(key, true) == "VqqN6vgjbSBcIijNcacQGg");
  // key_bits is part of OtherInfo: a longer key is a different key, not an extension.
  const auto longer = concat_kdf_sha256(z, "A128GCM", "Alice", "Bob", 384).value();
  CHECK(longer.size() == 48);
  CHECK(longer.substr(0, 16) != key);
  CHECK_FALSE(concat_kdf_sha256(z, "A128GCM", "", "", 0).ok());
  CHECK_FALSE(concat_kdf_sha256(z, "A128GCM", "", "", 100).ok());
}

TEST_CASE("ECDH of the RFC 7518 Appendix C keys gives the published Z, from either side") {
  const std::string z(reinterpret_cast<const char*>(k_z), sizeof k_z);
  const auto alice_public = public_key_from_jwk(k_alice).value();
  const auto bob_public = public_key_from_jwk(k_bob).value();
  CHECK(ecdh_shared_secret(private_from_jwk(k_bob), alice_public).value() == z);
  CHECK(ecdh_shared_secret(private_from_jwk(k_alice), bob_public).value() == z);
}

TEST_CASE("ECDH refuses keys of different curves or kinds") {
  const auto p256 = PrivateKey::generate(KeyType::ec_p256).value();
  const auto p384 = PrivateKey::generate(KeyType::ec_p384).value();
  const auto ed = PrivateKey::generate(KeyType::ed25519).value();
  CHECK(ecdh_shared_secret(p384, PrivateKey::generate(KeyType::ec_p384).value().public_key()).value().size() == 48);
  CHECK(ecdh_shared_secret(p256, p384.public_key()).error().code == cococtl::util::ExitCode::invalid_input);
  CHECK_FALSE(ecdh_shared_secret(ed, ed.public_key()).ok());
}

TEST_CASE("RSA-OAEP-256 decrypts what openssl pkeyutl encrypts with SHA-256 and MGF1-SHA-256 only") {
  ScratchDir dir("rsa-oaep");
  const auto key = PrivateKey::generate(KeyType::rsa2048).value();
  const auto pub = dir.write("pub.pem", key.public_pem().value());
  const std::string cek = random_bytes(32).value();
  const auto in = dir.write("cek", cek);
  const std::string encrypt =
      "openssl pkeyutl -encrypt -pubin -inkey " + pub + " -in " + in + " -pkeyopt rsa_padding_mode:oaep ";
  REQUIRE(shell(encrypt + "-pkeyopt rsa_oaep_md:sha256 -pkeyopt rsa_mgf1_md:sha256 -out " + dir.file("ct256")).rc == 0);
  REQUIRE(shell(encrypt + "-out " + dir.file("ct1")).rc == 0);  // OAEP with SHA-1 (JWE "RSA-OAEP")
  const std::string c256 = read_bytes(dir.file("ct256"));
  const std::string c1 = read_bytes(dir.file("ct1"));
  CHECK(rsa_oaep_sha256_decrypt(key, c256).value() == cek);
  CHECK_FALSE(rsa_oaep_sha256_decrypt(key, c1).ok());
  CHECK_FALSE(rsa_oaep_sha256_decrypt(PrivateKey::generate(KeyType::rsa2048).value(), c256).ok());
  CHECK_FALSE(rsa_oaep_sha256_decrypt(PrivateKey::generate(KeyType::ec_p256).value(), c256).ok());
}
