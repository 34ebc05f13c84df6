#pragma once
// X.509 certificates: parsing, inspection, issuing (CA and leaf) and chain verification.

#include <cococtl/crypto/key.hpp>
#include <cococtl/util/result.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct x509_st;  // OpenSSL's X509; include <openssl/x509.h> to use native()

namespace cococtl::crypto {

struct CertificateSpec {
  std::string common_name;
  std::string organization;
  std::vector<std::string> dns_names;
  std::vector<std::string> ip_addresses;
  int validity_days = 365;
  bool is_ca = false;
  bool server_auth = false;
  bool client_auth = false;
};

class Certificate {
 public:
  using TimePoint = std::chrono::system_clock::time_point;

  // Parses the first certificate of a PEM text. Fails (invalid_input) when there is none.
  static util::Result<Certificate> from_pem(std::string_view pem);
  // Parses every certificate of a PEM bundle, in order. Fails (invalid_input) when there is none
  // or one is corrupt.
  static util::Result<std::vector<Certificate>> chain_from_pem(std::string_view pem);
  // Parses one DER certificate (as JWS "x5c" carries them) with nothing after it. Fails
  // (invalid_input) when the bytes are not exactly one certificate.
  static util::Result<Certificate> from_der(std::string_view der);

  util::Result<std::string> to_pem() const;
  util::Result<std::string> to_der() const;

  // Distinguished names in RFC 2253 form, e.g. "CN=kbs.example.com,O=cococtl".
  std::string subject() const;
  std::string issuer() const;
  // The subject's CN, or "" when absent.
  std::string common_name() const;
  // subjectAltName entries; IPs as text ("10.0.0.1", "::1").
  std::vector<std::string> dns_names() const;
  std::vector<std::string> ip_addresses() const;
  TimePoint not_before() const;
  TimePoint not_after() const;
  // Whole days from `now` to not_after (negative once expired).
  long days_until_expiry(TimePoint now = std::chrono::system_clock::now()) const;
  bool is_ca() const;
  // Serial number as lower-case hex.
  std::string serial_hex() const;
  // Lower-case hex sha256 of the certificate DER (what `openssl x509 -fingerprint -sha256` shows).
  std::string fingerprint() const;
  // The subject public key. Fails when its algorithm is not a KeyType.
  util::Result<PublicKey> public_key() const;

  // True when `key` is the private half of this certificate's public key.
  bool matches_key(const PrivateKey& key) const;
  // Checks that `issuer`'s name matches this certificate's issuer, its key verifies the
  // signature and (unless self-signed) it is a CA. Fails (check_failed) saying which part failed.
  util::Result<void> verify_signed_by(const Certificate& issuer) const;

  x509_st* native() const { return m_cert.get(); }
  // Wraps an OpenSSL certificate (takes one reference).
  static Certificate adopt(std::shared_ptr<x509_st> cert) { return Certificate(std::move(cert)); }

 private:
  explicit Certificate(std::shared_ptr<x509_st> cert) : m_cert(std::move(cert)) {}
  std::shared_ptr<x509_st> m_cert;
};

// Issues a v3 certificate for `subject_key` signed by `issuer_key`: random positive 128-bit
// serial, validity now-5min .. now+validity_days, SKI/AKI, basicConstraints (critical),
// keyUsage (critical; CA: keyCertSign+cRLSign, leaf: digitalSignature (+keyEncipherment for RSA)),
// extendedKeyUsage per spec, SAN from dns_names/ip_addresses. `issuer` nullptr = self-signed
// (then issuer_key must be subject_key). Fails (invalid_input) on a bad spec (empty CN, bad
// DNS name or IP, validity out of 1..36500, non-CA issuer, issuer_key not matching issuer).
util::Result<Certificate> issue_certificate(const CertificateSpec& spec, const PrivateKey& subject_key,
                                            const PrivateKey& issuer_key, const Certificate* issuer);

// Verifies `leaf` up to one of `trusted` through `intermediates` with OpenSSL's path validation
// at the current time (signatures, CA flags, validity dates). Fails (check_failed) with
// OpenSSL's reason, e.g. "certificate has expired".
util::Result<void> verify_chain(const Certificate& leaf, const std::vector<Certificate>& trusted,
                                const std::vector<Certificate>& intermediates = {});

}  // namespace cococtl::crypto
