#include <cococtl/crypto/key.hpp>
#include <cococtl/util/strings.hpp>

#include "ossl.hpp"

#include <fmt/format.h>
#include <openssl/core_names.h>
#include <openssl/pem.h>

#include <array>
#include <cctype>

namespace cococtl::crypto {
namespace {

using detail::PkeyPtr;

// Refuses encrypted PEM without ever prompting on the terminal.
int no_password(char*, int, int, void*) { return -1; }

util::Result<KeyType> classify(EVP_PKEY* key) {
  if (EVP_PKEY_is_a(key, "ED25519")) return KeyType::ed25519;
  if (EVP_PKEY_is_a(key, "EC")) {
    std::array<char, 64> group{};
    std::size_t len = 0;
    if (EVP_PKEY_get_group_name(key, group.data(), group.size(), &len) == 1) {
      const std::string_view name(group.data(), len);
      if (name == "prime256v1" || name == "P-256") return KeyType::ec_p256;
      if (name == "secp384r1" || name == "P-384") return KeyType::ec_p384;
      return util::invalid_input(fmt::format("unsupported EC curve {}", name));
    }
  }
  if (EVP_PKEY_is_a(key, "RSA")) {
    const int bits = EVP_PKEY_get_bits(key);
    if (bits == 2048) return KeyType::rsa2048;
    if (bits == 3072) return KeyType::rsa3072;
    if (bits == 4096) return KeyType::rsa4096;
    return util::invalid_input(fmt::format("unsupported RSA key size {} (use 2048, 3072 or 4096)", bits));
  }
  return util::invalid_input(fmt::format("unsupported key algorithm {}", EVP_PKEY_get0_type_name(key)));
}

PkeyPtr keygen(KeyType type) {
  switch (type) {
    case KeyType::ed25519: return PkeyPtr(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
    case KeyType::ec_p256: return PkeyPtr(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
    case KeyType::ec_p384: return PkeyPtr(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-384"));
    case KeyType::rsa2048: return PkeyPtr(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", std::size_t{2048}));
    case KeyType::rsa3072: return PkeyPtr(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", std::size_t{3072}));
    case KeyType::rsa4096: return PkeyPtr(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", std::size_t{4096}));
  }
  return nullptr;
}

util::Result<std::string> spki_der(EVP_PKEY* key) {
  unsigned char* der = nullptr;
  const int len = i2d_PUBKEY(key, &der);
  if (len <= 0) return detail::openssl_failure("encode public key");
  std::string out(reinterpret_cast<char*>(der), static_cast<std::size_t>(len));
  OPENSSL_free(der);
  return out;
}

util::Result<std::string> spki_pem(EVP_PKEY* key) {
  auto bio = detail::output_bio();
  if (!bio || PEM_write_bio_PUBKEY(bio.get(), key) != 1) return detail::openssl_failure("encode public key");
  return detail::bio_contents(bio.get());
}

std::string spki_fingerprint(EVP_PKEY* key) {
  auto der = spki_der(key);
  return der.ok() ? detail::sha256_hex(*der) : std::string();
}

}  // namespace

std::string_view key_type_name(KeyType type) {
  switch (type) {
    case KeyType::ed25519: return "ed25519";
    case KeyType::ec_p256: return "ec-p256";
    case KeyType::ec_p384: return "ec-p384";
    case KeyType::rsa2048: return "rsa2048";
    case KeyType::rsa3072: return "rsa3072";
    case KeyType::rsa4096: return "rsa4096";
  }
  return "unknown";
}

util::Result<KeyType> parse_key_type(std::string_view name) {
  std::string n;
  for (const char c : name) {
    if (c != '-' && c != '_') n += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (n == "ed25519") return KeyType::ed25519;
  if (n == "ecp256" || n == "ecdsap256" || n == "p256" || n == "ec" || n == "ecdsa") return KeyType::ec_p256;
  if (n == "ecp384" || n == "ecdsap384" || n == "p384") return KeyType::ec_p384;
  if (n == "rsa2048" || n == "rsa") return KeyType::rsa2048;
  if (n == "rsa3072") return KeyType::rsa3072;
  if (n == "rsa4096") return KeyType::rsa4096;
  return util::invalid_input(fmt::format("unknown key type {} (use ed25519, ec-p256, ec-p384, rsa2048, rsa3072 or rsa4096)",
                                         util::quote_for_message(name)));
}

util::Result<PublicKey> PublicKey::adopt(std::shared_ptr<evp_pkey_st> key) {
  if (!key) return util::invalid_input("no public key");
  COCO_TRY_ASSIGN(const KeyType type, classify(key.get()));
  return PublicKey(std::move(key), type);
}

util::Result<PublicKey> PublicKey::from_pem(std::string_view pem) {
  auto bio = detail::memory_bio(pem);
  PkeyPtr key(PEM_read_bio_PUBKEY(bio.get(), nullptr, no_password, nullptr));
  if (!key) {
    detail::last_error();
    return util::invalid_input("not a PEM public key (expected \"-----BEGIN PUBLIC KEY-----\")");
  }
  return adopt(detail::share(std::move(key)));
}

util::Result<std::string> PublicKey::to_pem() const { return spki_pem(m_key.get()); }
util::Result<std::string> PublicKey::to_der() const { return spki_der(m_key.get()); }
std::string PublicKey::fingerprint() const { return spki_fingerprint(m_key.get()); }

bool PublicKey::operator==(const PublicKey& other) const { return EVP_PKEY_eq(m_key.get(), other.m_key.get()) == 1; }

util::Result<PrivateKey> PrivateKey::generate(KeyType type) {
  PkeyPtr key = keygen(type);
  if (!key) return detail::openssl_failure(fmt::format("generate {} key", key_type_name(type)));
  return PrivateKey(detail::share(std::move(key)), type);
}

util::Result<PrivateKey> PrivateKey::from_pem(std::string_view pem) {
  auto bio = detail::memory_bio(pem);
  PkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, no_password, nullptr));
  if (!key) {
    const std::string reason = detail::last_error();
    if (pem.find("ENCRYPTED") != std::string_view::npos) {
      return util::invalid_input("encrypted private keys are not supported (store it unencrypted, mode 0600)");
    }
    return util::invalid_input("not a PEM private key (expected \"-----BEGIN " "PRIVATE KEY-----\")");
  }
  COCO_TRY_ASSIGN(const KeyType type, classify(key.get()));
  return PrivateKey(detail::share(std::move(key)), type);
}

util::Result<std::string> PrivateKey::to_pem() const {
  auto bio = detail::output_bio();
  // PKCS#8 explicitly: PEM_write_bio_PrivateKey's format is a default that could change.
  if (!bio || PEM_write_bio_PKCS8PrivateKey(bio.get(), m_key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return detail::openssl_failure("encode private key");
  }
  return detail::bio_contents(bio.get());
}

util::Result<std::string> PrivateKey::public_pem() const { return spki_pem(m_key.get()); }

PublicKey PrivateKey::public_key() const { return PublicKey(m_key, m_type); }

std::string PrivateKey::fingerprint() const { return spki_fingerprint(m_key.get()); }

}  // namespace cococtl::crypto
