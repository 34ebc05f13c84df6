#pragma once
// Test helper: rewrites a certificate file with other validity dates, re-signed by the same
// issuer key, to make expired or soon-expiring certificates without waiting.

#include <cococtl/crypto/certificate.hpp>

#include "fixture.hpp"

#include <openssl/x509.h>

namespace cococtl::test {

inline void resign(const std::filesystem::path& cert_file, const std::filesystem::path& issuer_key_file,
                   long not_before_offset_s, long not_after_offset_s) {
  auto cert = crypto::Certificate::from_pem(read_text(cert_file)).value();
  auto key = crypto::PrivateKey::from_pem(read_text(issuer_key_file)).value();
  X509* x = cert.native();
  X509_gmtime_adj(X509_getm_notBefore(x), not_before_offset_s);
  X509_gmtime_adj(X509_getm_notAfter(x), not_after_offset_s);
  REQUIRE(X509_sign(x, key.native(), EVP_sha256()) > 0);
  std::ofstream(cert_file, std::ios::trunc) << cert.to_pem().value();
}

}  // namespace cococtl::test
