// Issuing X.509 v3 certificates. Extensions are built from OpenSSL's config strings only for
// fixed texts; names from the spec (CN, O, SANs) go in as typed values so no input can inject
// extra extension syntax.
#include <cococtl/crypto/certificate.hpp>
#include <cococtl/util/strings.hpp>

#include "ossl.hpp"

#include <fmt/format.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

#include <array>
#include <cctype>

namespace cococtl::crypto {
namespace {

using detail::X509Ptr;

constexpr long k_backdate_seconds = 300;  // tolerate small clock skew between machines

bool valid_dns_name(std::string_view name) {
  if (name.empty() || name.size() > 253 || name.front() == '.' || name.back() == '.') return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool wildcard = c == '*' && i == 0 && name.size() > 2 && name[1] == '.';
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.' && !wildcard) return false;
  }
  return name.find("..") == std::string_view::npos;
}

util::Result<void> check_spec(const CertificateSpec& spec) {
  if (spec.common_name.empty()) return util::invalid_input("certificate common name is empty");
  if (spec.validity_days < 1 || spec.validity_days > 36500) {
    return util::invalid_input(fmt::format("certificate validity {} days is outside 1..36500", spec.validity_days));
  }
  for (const auto& dns : spec.dns_names) {
    if (!valid_dns_name(dns)) return util::invalid_input("invalid DNS name " + util::quote_for_message(dns));
  }
  return {};
}

util::Result<void> set_serial(X509* cert) {
  std::array<unsigned char, 16> bytes{};
  if (RAND_bytes(bytes.data(), bytes.size()) != 1) return detail::openssl_failure("serial number");
  bytes[0] = static_cast<unsigned char>((bytes[0] & 0x7f) | 0x40);  // positive, and a full 16 bytes
  BIGNUM* bn = BN_bin2bn(bytes.data(), bytes.size(), nullptr);
  const bool ok = bn && BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert)) != nullptr;
  BN_free(bn);
  if (!ok) return detail::openssl_failure("serial number");
  return {};
}

util::Result<void> set_subject(X509* cert, const CertificateSpec& spec) {
  X509_NAME* name = X509_get_subject_name(cert);
  const auto add = [name](const char* field, const std::string& value) {
    return X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(value.c_str()),
                                      static_cast<int>(value.size()), -1, 0) == 1;
  };
  if (!spec.organization.empty() && !add("O", spec.organization)) return detail::openssl_failure("subject O");
  if (!add("CN", spec.common_name)) return detail::openssl_failure("subject CN (at most 64 characters)");
  return {};
}

util::Result<void> add_ext(X509* cert, X509V3_CTX* ctx, int nid, const std::string& value) {
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, ctx, nid, value.c_str());
  const bool ok = ext && X509_add_ext(cert, ext, -1) == 1;
  X509_EXTENSION_free(ext);
  if (!ok) return detail::openssl_failure(fmt::format("certificate extension {}", OBJ_nid2sn(nid)));
  return {};
}

util::Result<GENERAL_NAME*> general_name(int type, const std::string& value) {
  if (type == GEN_IPADD) {
    ASN1_OCTET_STRING* ip = a2i_IPADDRESS(value.c_str());
    if (!ip) return util::invalid_input("invalid IP address " + util::quote_for_message(value));
    GENERAL_NAME* gn = GENERAL_NAME_new();
    GENERAL_NAME_set0_value(gn, GEN_IPADD, ip);
    return gn;
  }
  ASN1_IA5STRING* dns = ASN1_IA5STRING_new();
  ASN1_STRING_set(dns, value.data(), static_cast<int>(value.size()));
  GENERAL_NAME* gn = GENERAL_NAME_new();
  GENERAL_NAME_set0_value(gn, GEN_DNS, dns);
  return gn;
}

util::Result<void> add_san(X509* cert, const CertificateSpec& spec) {
  if (spec.dns_names.empty() && spec.ip_addresses.empty()) return {};
  std::unique_ptr<GENERAL_NAMES, decltype(&GENERAL_NAMES_free)> names(sk_GENERAL_NAME_new_null(), GENERAL_NAMES_free);
  for (const auto& dns : spec.dns_names) {
    COCO_TRY_ASSIGN(GENERAL_NAME * gn, general_name(GEN_DNS, dns));
    sk_GENERAL_NAME_push(names.get(), gn);
  }
  for (const auto& ip : spec.ip_addresses) {
    COCO_TRY_ASSIGN(GENERAL_NAME * gn, general_name(GEN_IPADD, ip));
    sk_GENERAL_NAME_push(names.get(), gn);
  }
  // Critical when the subject is empty (RFC 5280 4.2.1.6); ours always has a CN, so not critical.
  if (X509_add1_ext_i2d(cert, NID_subject_alt_name, names.get(), 0, X509V3_ADD_DEFAULT) != 1) {
    return detail::openssl_failure("subjectAltName");
  }
  return {};
}

std::string key_usage(const CertificateSpec& spec, KeyType type) {
  if (spec.is_ca) return "critical,keyCertSign,cRLSign";
  return is_rsa(type) ? "critical,digitalSignature,keyEncipherment" : "critical,digitalSignature";
}

std::string extended_key_usage(const CertificateSpec& spec) {
  std::string eku;
  if (spec.server_auth) eku = "serverAuth";
  if (spec.client_auth) eku += eku.empty() ? "clientAuth" : ",clientAuth";
  return eku;
}

util::Result<void> add_extensions(X509* cert, X509* issuer, const CertificateSpec& spec, KeyType subject_type,
                                  EVP_PKEY* issuer_key) {
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  if (X509V3_set_issuer_pkey(&ctx, issuer_key) != 1) return detail::openssl_failure("issuer key");
  COCO_TRY(add_ext(cert, &ctx, NID_basic_constraints, spec.is_ca ? "critical,CA:TRUE" : "critical,CA:FALSE"));
  COCO_TRY(add_ext(cert, &ctx, NID_key_usage, key_usage(spec, subject_type)));
  if (const auto eku = extended_key_usage(spec); !eku.empty()) COCO_TRY(add_ext(cert, &ctx, NID_ext_key_usage, eku));
  COCO_TRY(add_ext(cert, &ctx, NID_subject_key_identifier, "hash"));
  COCO_TRY(add_ext(cert, &ctx, NID_authority_key_identifier, "keyid:always"));
  return add_san(cert, spec);
}

const EVP_MD* signing_digest(KeyType issuer_type) {
  switch (issuer_type) {
    case KeyType::ed25519: return nullptr;  // EdDSA signs the message itself
    case KeyType::ec_p384: return EVP_sha384();
    default: return EVP_sha256();
  }
}

util::Result<void> check_issuer(const PrivateKey& subject_key, const PrivateKey& issuer_key, const Certificate* issuer) {
  if (!issuer) {
    if (EVP_PKEY_eq(subject_key.native(), issuer_key.native()) != 1) {
      return util::invalid_input("a self-signed certificate must be signed by its own key");
    }
    return {};
  }
  if (!issuer->is_ca()) return util::invalid_input("issuer certificate \"" + issuer->subject() + "\" is not a CA");
  if (!issuer->matches_key(issuer_key)) return util::invalid_input("issuer key does not match the issuer certificate");
  return {};
}

util::Result<void> set_validity(X509* cert, int days) {
  if (!X509_gmtime_adj(X509_getm_notBefore(cert), -k_backdate_seconds) ||
      !X509_time_adj_ex(X509_getm_notAfter(cert), days, 0, nullptr)) {
    return detail::openssl_failure("validity");
  }
  return {};
}

}  // namespace

util::Result<Certificate> issue_certificate(const CertificateSpec& spec, const PrivateKey& subject_key,
                                            const PrivateKey& issuer_key, const Certificate* issuer) {
  COCO_TRY(check_spec(spec));
  COCO_TRY(check_issuer(subject_key, issuer_key, issuer));
  X509Ptr cert(X509_new());
  if (!cert || X509_set_version(cert.get(), X509_VERSION_3) != 1) return detail::openssl_failure("new certificate");
  COCO_TRY(set_serial(cert.get()));
  COCO_TRY(set_validity(cert.get(), spec.validity_days));
  COCO_TRY(set_subject(cert.get(), spec));
  X509* issuer_x509 = issuer ? issuer->native() : cert.get();
  if (X509_set_issuer_name(cert.get(), X509_get_subject_name(issuer_x509)) != 1 ||
      X509_set_pubkey(cert.get(), subject_key.native()) != 1) {
    return detail::openssl_failure("certificate names");
  }
  COCO_TRY(add_extensions(cert.get(), issuer_x509, spec, subject_key.type(), issuer_key.native()));
  if (X509_sign(cert.get(), issuer_key.native(), signing_digest(issuer_key.type())) <= 0) {
    return detail::openssl_failure("sign certificate");
  }
  return Certificate::adopt(detail::share(std::move(cert)));
}

}  // namespace cococtl::crypto
