// OpenSSH public key lines (RFC 4253 6.6, RFC 5656 3.1, RFC 8709 4): a type name and the
// base64 of length-prefixed fields.
#include <cococtl/crypto/encoding.hpp>
#include <cococtl/crypto/key.hpp>

#include "ossl.hpp"

#include <openssl/core_names.h>

#include <cstdint>
#include <vector>

namespace cococtl::crypto {
namespace {

void put_string(std::string& out, std::string_view bytes) {
  const auto n = static_cast<std::uint32_t>(bytes.size());
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((n >> shift) & 0xff);
  out.append(bytes);
}

// BN_bn2mpi writes exactly SSH's mpint: 4-byte length, big-endian, leading 0 when the top bit is set.
util::Result<void> put_mpint(std::string& out, EVP_PKEY* key, const char* param) {
  BIGNUM* bn = nullptr;
  if (EVP_PKEY_get_bn_param(key, param, &bn) != 1) return detail::openssl_failure("export RSA key");
  std::vector<unsigned char> mpi(static_cast<std::size_t>(BN_bn2mpi(bn, nullptr)));
  BN_bn2mpi(bn, mpi.data());
  BN_free(bn);
  out.append(reinterpret_cast<const char*>(mpi.data()), mpi.size());
  return {};
}

util::Result<std::string> ed25519_blob(EVP_PKEY* key) {
  std::string raw(32, '\0');
  std::size_t len = raw.size();
  if (EVP_PKEY_get_raw_public_key(key, reinterpret_cast<unsigned char*>(raw.data()), &len) != 1) {
    return detail::openssl_failure("export Ed25519 key");
  }
  std::string blob;
  put_string(blob, "ssh-ed25519");
  put_string(blob, raw.substr(0, len));
  return blob;
}

util::Result<std::string> ecdsa_blob(EVP_PKEY* key, std::string_view curve) {
  std::string point(133, '\0');
  std::size_t len = 0;
  if (EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY,
                                      reinterpret_cast<unsigned char*>(point.data()), point.size(), &len) != 1) {
    return detail::openssl_failure("export EC key");
  }
  std::string blob;
  put_string(blob, "ecdsa-sha2-" + std::string(curve));
  put_string(blob, curve);
  put_string(blob, point.substr(0, len));
  return blob;
}

util::Result<std::string> rsa_blob(EVP_PKEY* key) {
  std::string blob;
  put_string(blob, "ssh-rsa");
  COCO_TRY(put_mpint(blob, key, OSSL_PKEY_PARAM_RSA_E));
  COCO_TRY(put_mpint(blob, key, OSSL_PKEY_PARAM_RSA_N));
  return blob;
}

}  // namespace

util::Result<std::string> PublicKey::to_openssh(std::string_view comment) const {
  util::Result<std::string> blob = util::failure("unsupported key");
  const char* name = "ssh-rsa";
  switch (m_type) {
    case KeyType::ed25519: blob = ed25519_blob(m_key.get()), name = "ssh-ed25519"; break;
    case KeyType::ec_p256: blob = ecdsa_blob(m_key.get(), "nistp256"), name = "ecdsa-sha2-nistp256"; break;
    case KeyType::ec_p384: blob = ecdsa_blob(m_key.get(), "nistp384"), name = "ecdsa-sha2-nistp384"; break;
    case KeyType::rsa2048:
    case KeyType::rsa3072:
    case KeyType::rsa4096: blob = rsa_blob(m_key.get()); break;
  }
  COCO_TRY(blob);
  std::string line = std::string(name) + " " + base64_encode(*blob);
  if (!comment.empty()) line += " " + std::string(comment);
  return line;
}

}  // namespace cococtl::crypto
