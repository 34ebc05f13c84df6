// Raw message signatures in the JWS encodings: EdDSA as is, ECDSA as fixed-width r||s
// (RFC 7518 3.4), RSA as PKCS#1 v1.5 with SHA-256.
#include <cococtl/crypto/jwt.hpp>

#include "ossl.hpp"

#include <openssl/ecdsa.h>

namespace cococtl::crypto {
namespace {

using EcdsaSigPtr = std::unique_ptr<ECDSA_SIG, detail::Deleter<ECDSA_SIG_free>>;

const EVP_MD* message_digest(KeyType type) {
  switch (type) {
    case KeyType::ed25519: return nullptr;
    case KeyType::ec_p384: return EVP_sha384();
    default: return EVP_sha256();
  }
}

std::size_t ec_field_bytes(KeyType type) { return type == KeyType::ec_p384 ? 48 : 32; }
bool is_ec(KeyType type) { return type == KeyType::ec_p256 || type == KeyType::ec_p384; }

util::Result<std::string> der_to_raw(std::string_view der, std::size_t width) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  EcdsaSigPtr sig(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size())));
  if (!sig) return detail::openssl_failure("decode ECDSA signature");
  std::string raw(width * 2, '\0');
  auto* out = reinterpret_cast<unsigned char*>(raw.data());
  if (BN_bn2binpad(ECDSA_SIG_get0_r(sig.get()), out, static_cast<int>(width)) < 0 ||
      BN_bn2binpad(ECDSA_SIG_get0_s(sig.get()), out + width, static_cast<int>(width)) < 0) {
    return detail::openssl_failure("encode ECDSA signature");
  }
  return raw;
}

// Empty result = not a well-formed raw signature (verification then simply fails).
std::string raw_to_der(std::string_view raw, std::size_t width) {
  if (raw.size() != width * 2) return {};
  const auto* p = reinterpret_cast<const unsigned char*>(raw.data());
  EcdsaSigPtr sig(ECDSA_SIG_new());
  BIGNUM* r = BN_bin2bn(p, static_cast<int>(width), nullptr);
  BIGNUM* s = BN_bin2bn(p + width, static_cast<int>(width), nullptr);
  if (!sig || !r || !s || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
    BN_free(r);
    BN_free(s);
    return {};
  }
  unsigned char* der = nullptr;
  const int len = i2d_ECDSA_SIG(sig.get(), &der);
  if (len <= 0) return {};
  std::string out(reinterpret_cast<char*>(der), static_cast<std::size_t>(len));
  OPENSSL_free(der);
  return out;
}

}  // namespace

util::Result<std::string> sign_message(const PrivateKey& key, std::string_view message) {
  detail::MdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, message_digest(key.type()), nullptr, key.native()) != 1) {
    return detail::openssl_failure("sign");
  }
  const auto* data = reinterpret_cast<const unsigned char*>(message.data());
  std::size_t len = 0;
  if (EVP_DigestSign(ctx.get(), nullptr, &len, data, message.size()) != 1) return detail::openssl_failure("sign");
  std::string sig(len, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len, data, message.size()) != 1) {
    return detail::openssl_failure("sign");
  }
  sig.resize(len);
  if (is_ec(key.type())) return der_to_raw(sig, ec_field_bytes(key.type()));
  return sig;
}

util::Result<bool> verify_message(const PublicKey& key, std::string_view message, std::string_view signature) {
  std::string der;
  if (is_ec(key.type())) {
    der = raw_to_der(signature, ec_field_bytes(key.type()));
    if (der.empty()) return false;
    signature = der;
  }
  detail::MdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, message_digest(key.type()), nullptr, key.native()) != 1) {
    return detail::openssl_failure("verify");
  }
  const int rc = EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                                  reinterpret_cast<const unsigned char*>(message.data()), message.size());
  detail::last_error();
  return rc == 1;
}

}  // namespace cococtl::crypto
