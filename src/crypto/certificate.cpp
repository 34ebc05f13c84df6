#include <cococtl/crypto/certificate.hpp>

#include "ossl.hpp"

#include <arpa/inet.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <array>
#include <ctime>

namespace cococtl::crypto {
namespace {

using detail::X509Ptr;

std::string name_text(const X509_NAME* name) {
  auto bio = detail::output_bio();
  X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
  return detail::bio_contents(bio.get());
}

Certificate::TimePoint to_time_point(const ASN1_TIME* t) {
  std::tm tm{};
  if (ASN1_TIME_to_tm(t, &tm) != 1) return {};
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

std::string ip_text(const ASN1_OCTET_STRING* ip) {
  std::array<char, INET6_ADDRSTRLEN> text{};
  const int family = ip->length == 4 ? AF_INET : ip->length == 16 ? AF_INET6 : -1;
  if (family < 0 || !inet_ntop(family, ip->data, text.data(), text.size())) return "<invalid>";
  return text.data();
}

template <typename F>
void for_each_san(X509* cert, F&& visit) {
  auto* names = static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr));
  if (!names) return;
  for (int i = 0; i < sk_GENERAL_NAME_num(names); ++i) visit(*sk_GENERAL_NAME_value(names, i));
  GENERAL_NAMES_free(names);
}

util::Result<X509Ptr> read_one(BIO* bio) {
  X509Ptr cert(PEM_read_bio_X509(bio, nullptr, nullptr, nullptr));
  if (!cert) return util::invalid_input("corrupt certificate in PEM");
  return cert;
}

}  // namespace

util::Result<Certificate> Certificate::from_pem(std::string_view pem) {
  auto bio = detail::memory_bio(pem);
  X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  if (!cert) {
    detail::last_error();
    return util::invalid_input("not a PEM certificate (expected \"-----BEGIN CERTIFICATE-----\")");
  }
  return Certificate(detail::share(std::move(cert)));
}

util::Result<std::vector<Certificate>> Certificate::chain_from_pem(std::string_view pem) {
  std::vector<Certificate> chain;
  constexpr std::string_view k_begin = "-----BEGIN CERTIFICATE-----";
  for (std::size_t at = pem.find(k_begin); at != std::string_view::npos; at = pem.find(k_begin, at + 1)) {
    auto bio = detail::memory_bio(pem.substr(at));
    COCO_TRY_ASSIGN(auto cert, read_one(bio.get()));
    chain.push_back(Certificate(detail::share(std::move(cert))));
  }
  detail::last_error();
  if (chain.empty()) return util::invalid_input("no PEM certificate found");
  return chain;
}

util::Result<std::string> Certificate::to_pem() const {
  auto bio = detail::output_bio();
  if (!bio || PEM_write_bio_X509(bio.get(), m_cert.get()) != 1) return detail::openssl_failure("encode certificate");
  return detail::bio_contents(bio.get());
}

util::Result<std::string> Certificate::to_der() const {
  unsigned char* der = nullptr;
  const int len = i2d_X509(m_cert.get(), &der);
  if (len <= 0) return detail::openssl_failure("encode certificate");
  std::string out(reinterpret_cast<char*>(der), static_cast<std::size_t>(len));
  OPENSSL_free(der);
  return out;
}

std::string Certificate::subject() const { return name_text(X509_get_subject_name(m_cert.get())); }
std::string Certificate::issuer() const { return name_text(X509_get_issuer_name(m_cert.get())); }

std::string Certificate::common_name() const {
  std::array<char, 256> cn{};
  const int len = X509_NAME_get_text_by_NID(X509_get_subject_name(m_cert.get()), NID_commonName, cn.data(), cn.size());
  return len > 0 ? std::string(cn.data(), static_cast<std::size_t>(len)) : std::string();
}

std::vector<std::string> Certificate::dns_names() const {
  std::vector<std::string> out;
  for_each_san(m_cert.get(), [&](const GENERAL_NAME& n) {
    if (n.type == GEN_DNS) {
      out.emplace_back(reinterpret_cast<const char*>(ASN1_STRING_get0_data(n.d.dNSName)),
                       static_cast<std::size_t>(ASN1_STRING_length(n.d.dNSName)));
    }
  });
  return out;
}

std::vector<std::string> Certificate::ip_addresses() const {
  std::vector<std::string> out;
  for_each_san(m_cert.get(), [&](const GENERAL_NAME& n) {
    if (n.type == GEN_IPADD) out.push_back(ip_text(n.d.iPAddress));
  });
  return out;
}

Certificate::TimePoint Certificate::not_before() const { return to_time_point(X509_get0_notBefore(m_cert.get())); }
Certificate::TimePoint Certificate::not_after() const { return to_time_point(X509_get0_notAfter(m_cert.get())); }

long Certificate::days_until_expiry(TimePoint now) const {
  const auto left = std::chrono::duration_cast<std::chrono::seconds>(not_after() - now).count();
  // Floor division: 1 second past expiry is day -1, not day 0.
  return static_cast<long>(left >= 0 ? left / 86400 : -((-left + 86399) / 86400));
}

bool Certificate::is_ca() const { return X509_check_ca(m_cert.get()) != 0; }

std::string Certificate::serial_hex() const {
  BIGNUM* bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(m_cert.get()), nullptr);
  if (!bn) return "";
  char* hex = BN_bn2hex(bn);
  std::string out = hex ? hex : "";
  OPENSSL_free(hex);
  BN_free(bn);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string Certificate::fingerprint() const {
  auto der = to_der();
  return der.ok() ? detail::sha256_hex(*der) : std::string();
}

util::Result<PublicKey> Certificate::public_key() const {
  EVP_PKEY* key = X509_get_pubkey(m_cert.get());  // counted reference
  if (!key) return detail::openssl_failure("certificate public key");
  return PublicKey::adopt(detail::share(detail::PkeyPtr(key)));
}

bool Certificate::matches_key(const PrivateKey& key) const {
  const bool same = EVP_PKEY_eq(X509_get0_pubkey(m_cert.get()), key.native()) == 1;
  detail::last_error();
  return same;
}

util::Result<void> Certificate::verify_signed_by(const Certificate& issuer_cert) const {
  const auto fail = [](std::string what) { return util::Error{util::ExitCode::check_failed, std::move(what)}; };
  if (X509_NAME_cmp(X509_get_issuer_name(m_cert.get()), X509_get_subject_name(issuer_cert.native())) != 0) {
    return fail("issuer name \"" + issuer() + "\" does not match \"" + issuer_cert.subject() + "\"");
  }
  const int ok = X509_verify(m_cert.get(), X509_get0_pubkey(issuer_cert.native()));
  detail::last_error();
  if (ok != 1) return fail("signature does not verify with the issuer's key");
  const bool self = m_cert.get() == issuer_cert.native() || X509_cmp(m_cert.get(), issuer_cert.native()) == 0;
  if (!self && !issuer_cert.is_ca()) return fail("issuer \"" + issuer_cert.subject() + "\" is not a CA");
  return {};
}

}  // namespace cococtl::crypto
