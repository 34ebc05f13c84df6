#pragma once
// Asymmetric keys over OpenSSL 3 EVP_PKEY: generation, PEM (PKCS#8 / SPKI) and fingerprints.
// Keys are immutable once made, so copies share one reference-counted OpenSSL handle.

#include <cococtl/util/result.hpp>

#include <memory>
#include <string>
#include <string_view>

struct evp_pkey_st;  // OpenSSL's EVP_PKEY; include <openssl/evp.h> to use native()

namespace cococtl::crypto {

// rsa3072 comes last so the original five keep their values.
enum class KeyType { ed25519, ec_p256, ec_p384, rsa2048, rsa4096, rsa3072 };

// True for the RSA sizes.
inline bool is_rsa(KeyType type) {
  return type == KeyType::rsa2048 || type == KeyType::rsa3072 || type == KeyType::rsa4096;
}

// "ed25519", "ec-p256", "ec-p384", "rsa2048", "rsa3072", "rsa4096".
std::string_view key_type_name(KeyType type);

// Parses key_type_name() output (also accepts "ecdsa-p256", "p256", "rsa", "ec"). Fails (invalid_input)
// listing the accepted names.
util::Result<KeyType> parse_key_type(std::string_view name);

class PublicKey {
 public:
  // Parses an SPKI PEM ("-----BEGIN PUBLIC KEY-----"). Fails (invalid_input) on bad PEM or an
  // algorithm outside KeyType (the message never quotes the input).
  static util::Result<PublicKey> from_pem(std::string_view pem);

  // SPKI PEM. Fails only when OpenSSL cannot encode (out of memory).
  util::Result<std::string> to_pem() const;
  // SPKI DER bytes.
  util::Result<std::string> to_der() const;
  // One OpenSSH authorized_keys line ("ssh-ed25519 AAAA... comment", "ssh-rsa ...",
  // "ecdsa-sha2-nistp256 ..."), no trailing newline. Fails only if OpenSSL cannot export the key.
  util::Result<std::string> to_openssh(std::string_view comment = "") const;
  KeyType type() const { return m_type; }
  // Lower-case hex sha256 of the SPKI DER (safe to print).
  std::string fingerprint() const;
  // True when both hold the same public key.
  bool operator==(const PublicKey& other) const;
  evp_pkey_st* native() const { return m_key.get(); }

  // Wraps an OpenSSL key (takes one reference). Fails when its algorithm is not a KeyType.
  static util::Result<PublicKey> adopt(std::shared_ptr<evp_pkey_st> key);

 private:
  friend class PrivateKey;
  PublicKey(std::shared_ptr<evp_pkey_st> key, KeyType type) : m_key(std::move(key)), m_type(type) {}
  std::shared_ptr<evp_pkey_st> m_key;
  KeyType m_type;
};

class PrivateKey {
 public:
  // Generates a fresh key from OpenSSL's CSPRNG. Fails (failure) if OpenSSL refuses.
  static util::Result<PrivateKey> generate(KeyType type);

  // Parses an unencrypted private key PEM (PKCS#8, or traditional RSA/EC). Encrypted keys are
  // refused without prompting. Fails (invalid_input); the message never quotes key material.
  static util::Result<PrivateKey> from_pem(std::string_view pem);

  // PKCS#8 PEM (the unencrypted "PRIVATE KEY" block).
  util::Result<std::string> to_pem() const;
  // SPKI PEM of the public half.
  util::Result<std::string> public_pem() const;
  // The public half as its own object.
  PublicKey public_key() const;
  KeyType type() const { return m_type; }
  // Lower-case hex sha256 of the public key's SPKI DER (safe to print).
  std::string fingerprint() const;
  evp_pkey_st* native() const { return m_key.get(); }

 private:
  PrivateKey(std::shared_ptr<evp_pkey_st> key, KeyType type) : m_key(std::move(key)), m_type(type) {}
  std::shared_ptr<evp_pkey_st> m_key;
  KeyType m_type;
};

}  // namespace cococtl::crypto
