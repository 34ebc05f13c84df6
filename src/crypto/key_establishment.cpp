// ECDH, the JWA Concat KDF and RSA-OAEP-256 decryption over OpenSSL's EVP_PKEY interface.
#include "ossl.hpp"

#include <cococtl/crypto/digest.hpp>
#include <cococtl/crypto/key_establishment.hpp>

#include <openssl/rsa.h>

namespace cococtl::crypto {
namespace {

bool is_ec(KeyType type) { return type == KeyType::ec_p256 || type == KeyType::ec_p384; }

void append_be32(std::string& out, std::size_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((value >> shift) & 0xff);
}

void append_with_length(std::string& out, std::string_view data) {
  append_be32(out, data.size());
  out.append(data);
}

}  // namespace

util::Result<std::string> ecdh_shared_secret(const PrivateKey& mine, const PublicKey& peer) {
  if (!is_ec(mine.type()) || mine.type() != peer.type()) {
    return util::invalid_input("ECDH needs two EC keys on the same curve");
  }
  detail::PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, mine.native(), nullptr));
  std::size_t len = 0;
  if (!ctx || EVP_PKEY_derive_init(ctx.get()) != 1 || EVP_PKEY_derive_set_peer(ctx.get(), peer.native()) != 1 ||
      EVP_PKEY_derive(ctx.get(), nullptr, &len) != 1) {
    return detail::openssl_failure("ECDH");
  }
  std::string z(len, '\0');
  if (EVP_PKEY_derive(ctx.get(), reinterpret_cast<unsigned char*>(z.data()), &len) != 1) {
    return detail::openssl_failure("ECDH");
  }
  z.resize(len);
  return z;
}

util::Result<std::string> concat_kdf_sha256(std::string_view z, std::string_view algorithm_id, std::string_view apu,
                                            std::string_view apv, std::size_t key_bits) {
  if (key_bits == 0 || key_bits % 8 != 0)
    return util::invalid_input("Concat KDF key length must be a positive multiple of 8 bits");
  std::string other_info;
  append_with_length(other_info, algorithm_id);
  append_with_length(other_info, apu);
  append_with_length(other_info, apv);
  append_be32(other_info, key_bits);
  std::string out;
  for (std::size_t counter = 1; out.size() < key_bits / 8; ++counter) {
    std::string round;
    append_be32(round, counter);
    round.append(z).append(other_info);
    COCO_TRY_ASSIGN(const auto block, digest(DigestAlgorithm::sha256, round));
    out += block;
  }
  out.resize(key_bits / 8);
  return out;
}

util::Result<std::string> rsa_oaep_sha256_decrypt(const PrivateKey& key, std::string_view ciphertext) {
  if (!is_rsa(key.type())) return util::invalid_input("RSA-OAEP needs an RSA key");
  detail::PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key.native(), nullptr));
  if (!ctx || EVP_PKEY_decrypt_init(ctx.get()) != 1 ||
      EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_OAEP_PADDING) != 1 ||
      EVP_PKEY_CTX_set_rsa_oaep_md(ctx.get(), EVP_sha256()) != 1 ||
      EVP_PKEY_CTX_set_rsa_mgf1_md(ctx.get(), EVP_sha256()) != 1) {
    return detail::openssl_failure("RSA-OAEP");
  }
  const auto* in = reinterpret_cast<const unsigned char*>(ciphertext.data());
  std::size_t len = 0;
  if (EVP_PKEY_decrypt(ctx.get(), nullptr, &len, in, ciphertext.size()) != 1)
    return detail::openssl_failure("RSA-OAEP");
  std::string plain(len, '\0');
  if (EVP_PKEY_decrypt(ctx.get(), reinterpret_cast<unsigned char*>(plain.data()), &len, in, ciphertext.size()) != 1) {
    detail::last_error();
    return util::invalid_input("RSA-OAEP decryption failed (wrong key or altered data)");
  }
  plain.resize(len);
  return plain;
}

}  // namespace cococtl::crypto
