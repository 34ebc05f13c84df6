// AES-GCM decryption and AES key unwrap through OpenSSL's EVP cipher interface.
#include "ossl.hpp"

#include <cococtl/crypto/symmetric.hpp>

#include <fmt/format.h>

namespace cococtl::crypto {
namespace {

using CipherPtr = std::unique_ptr<EVP_CIPHER, detail::Deleter<EVP_CIPHER_free>>;
using CipherCtxPtr = std::unique_ptr<EVP_CIPHER_CTX, detail::Deleter<EVP_CIPHER_CTX_free>>;

constexpr std::size_t k_gcm_tag_size = 16;

bool aes_key_size(std::size_t size) { return size == 16 || size == 24 || size == 32; }

const unsigned char* bytes(std::string_view data) { return reinterpret_cast<const unsigned char*>(data.data()); }

// The cipher and a context initialised for decryption with `key` ("GCM" or "WRAP" mode).
util::Result<CipherCtxPtr> decrypt_context(std::string_view mode, std::string_view key) {
  const std::string name = fmt::format("AES-{}-{}", key.size() * 8, mode);
  CipherPtr cipher(EVP_CIPHER_fetch(nullptr, name.c_str(), nullptr));
  CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  if (!cipher || !ctx || EVP_DecryptInit_ex2(ctx.get(), cipher.get(), nullptr, nullptr, nullptr) != 1) {
    return detail::openssl_failure(name);
  }
  return ctx;
}

}  // namespace

util::Result<std::string> aes_gcm_decrypt(std::string_view key, std::string_view iv, std::string_view ciphertext,
                                          std::string_view aad, std::string_view tag) {
  if (!aes_key_size(key.size())) return util::invalid_input("AES-GCM key must be 16, 24 or 32 bytes");
  if (iv.empty()) return util::invalid_input("AES-GCM IV is empty");
  if (tag.size() != k_gcm_tag_size) return util::invalid_input("AES-GCM tag must be 16 bytes");
  COCO_TRY_ASSIGN(auto ctx, decrypt_context("GCM", key));
  if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(iv.size()), nullptr) != 1 ||
      EVP_DecryptInit_ex2(ctx.get(), nullptr, bytes(key), bytes(iv), nullptr) != 1) {
    return detail::openssl_failure("AES-GCM");
  }
  int len = 0;
  if (!aad.empty() && EVP_DecryptUpdate(ctx.get(), nullptr, &len, bytes(aad), static_cast<int>(aad.size())) != 1) {
    return detail::openssl_failure("AES-GCM");
  }
  std::string plain(ciphertext.size(), '\0');
  auto* out = reinterpret_cast<unsigned char*>(plain.data());
  if (EVP_DecryptUpdate(ctx.get(), out, &len, bytes(ciphertext), static_cast<int>(ciphertext.size())) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(tag.size()),
                          const_cast<unsigned char*>(bytes(tag))) != 1) {
    return detail::openssl_failure("AES-GCM");
  }
  int final_len = 0;
  if (EVP_DecryptFinal_ex(ctx.get(), out + len, &final_len) != 1) {
    detail::last_error();
    return util::invalid_input("AES-GCM authentication tag does not match (altered data or wrong key)");
  }
  plain.resize(static_cast<std::size_t>(len + final_len));
  return plain;
}

util::Result<std::string> aes_key_unwrap(std::string_view kek, std::string_view wrapped) {
  if (!aes_key_size(kek.size())) return util::invalid_input("AES key-wrap key must be 16, 24 or 32 bytes");
  if (wrapped.size() < 24 || wrapped.size() % 8 != 0) {
    return util::invalid_input("AES-wrapped key must be a multiple of 8 bytes and at least 24");
  }
  COCO_TRY_ASSIGN(auto ctx, decrypt_context("WRAP", kek));
  if (EVP_DecryptInit_ex2(ctx.get(), nullptr, bytes(kek), nullptr, nullptr) != 1)
    return detail::openssl_failure("AES key unwrap");
  std::string key(wrapped.size(), '\0');
  int len = 0;
  int final_len = 0;
  auto* out = reinterpret_cast<unsigned char*>(key.data());
  if (EVP_DecryptUpdate(ctx.get(), out, &len, bytes(wrapped), static_cast<int>(wrapped.size())) != 1 || len <= 0 ||
      EVP_DecryptFinal_ex(ctx.get(), out + len, &final_len) != 1) {
    detail::last_error();
    return util::invalid_input("AES key unwrap integrity check failed (wrong key or altered data)");
  }
  key.resize(static_cast<std::size_t>(len + final_len));
  return key;
}

}  // namespace cococtl::crypto
