#include "support/shell.hpp"

#include <cococtl/crypto/certificate.hpp>

#include <openssl/x509.h>

using namespace cococtl::crypto;
using cococtl::test::ScratchDir;
using cococtl::test::shell;

namespace {

struct Pki {
  PrivateKey ca_key;
  Certificate ca;
  PrivateKey leaf_key;
  Certificate leaf;
};

Pki make_pki(KeyType ca_type, KeyType leaf_type) {
  auto ca_key = PrivateKey::generate(ca_type).value();
  CertificateSpec ca_spec;
  ca_spec.common_name = "cococtl test CA";
  ca_spec.organization = "cococtl";
  ca_spec.validity_days = 3650;
  ca_spec.is_ca = true;
  auto ca = issue_certificate(ca_spec, ca_key, ca_key, nullptr).value();
  auto leaf_key = PrivateKey::generate(leaf_type).value();
  CertificateSpec leaf_spec;
  leaf_spec.common_name = "kbs.apps.example.com";
  leaf_spec.organization = "cococtl";
  leaf_spec.dns_names = {"kbs.apps.example.com", "kbs-service"};
  leaf_spec.ip_addresses = {"10.0.0.1", "::1"};
  leaf_spec.validity_days = 90;
  leaf_spec.server_auth = true;
  auto leaf = issue_certificate(leaf_spec, leaf_key, ca_key, &ca).value();
  return {ca_key, ca, leaf_key, leaf};
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("CA and leaf verify with openssl verify and show the promised extensions") {
  ScratchDir dir("cert");
  for (const auto& [ca_type, leaf_type] : {std::pair{KeyType::ec_p256, KeyType::ec_p256},
                                          std::pair{KeyType::rsa2048, KeyType::rsa2048},
                                          std::pair{KeyType::ed25519, KeyType::ec_p384}}) {
    INFO(key_type_name(ca_type) << " CA, " << key_type_name(leaf_type) << " leaf");
    const auto pki = make_pki(ca_type, leaf_type);
    const auto ca_file = dir.write("ca.pem", pki.ca.to_pem().value());
    const auto leaf_file = dir.write("leaf.pem", pki.leaf.to_pem().value());
    const auto verify = shell("openssl verify -purpose sslserver -CAfile " + ca_file + " " + leaf_file);
    CHECK(verify.rc == 0);
    CHECK(has(verify.out, ": OK"));

    const auto ca_text = shell("openssl x509 -text -noout -in " + ca_file).out;
    CHECK(has(ca_text, "X509v3 Basic Constraints: critical\n                CA:TRUE"));
    CHECK(has(ca_text, "X509v3 Key Usage: critical\n                Certificate Sign, CRL Sign"));
    CHECK(has(ca_text, "X509v3 Subject Key Identifier"));

    const auto leaf_text = shell("openssl x509 -text -noout -in " + leaf_file).out;
    CHECK(has(leaf_text, "X509v3 Basic Constraints: critical\n                CA:FALSE"));
    const bool rsa = leaf_type == KeyType::rsa2048;
    CHECK(has(leaf_text, rsa ? "Digital Signature, Key Encipherment" : "critical\n                Digital Signature\n"));
    CHECK(has(leaf_text, "TLS Web Server Authentication"));
    CHECK_FALSE(has(leaf_text, "TLS Web Client Authentication"));
    CHECK(has(leaf_text, "DNS:kbs.apps.example.com, DNS:kbs-service, IP Address:10.0.0.1, IP Address:0:0:0:0:0:0:0:1"));
    CHECK(has(leaf_text, "X509v3 Authority Key Identifier"));
    CHECK(has(leaf_text, "Subject: O = cococtl, CN = kbs.apps.example.com"));
    CHECK(has(leaf_text, "Issuer: O = cococtl, CN = cococtl test CA"));
    // Valid now and for at least 89 days, not for 91.
    CHECK(shell("openssl x509 -checkend " + std::to_string(89 * 86400) + " -noout -in " + leaf_file).rc == 0);
    CHECK(shell("openssl x509 -checkend " + std::to_string(91 * 86400) + " -noout -in " + leaf_file).rc != 0);
    // The private key openssl sees matches the certificate's public key.
    const auto key_file = dir.write("leaf.key", pki.leaf_key.to_pem().value());
    CHECK(shell("openssl pkey -in " + key_file + " -pubout").out ==
          shell("openssl x509 -noout -pubkey -in " + leaf_file).out);
  }
}

TEST_CASE("certificate accessors report what was issued") {
  const auto pki = make_pki(KeyType::ec_p256, KeyType::ec_p256);
  CHECK(pki.leaf.subject() == "CN=kbs.apps.example.com,O=cococtl");
  CHECK(pki.leaf.issuer() == "CN=cococtl test CA,O=cococtl");
  CHECK(pki.leaf.common_name() == "kbs.apps.example.com");
  CHECK(pki.leaf.dns_names() == std::vector<std::string>{"kbs.apps.example.com", "kbs-service"});
  CHECK(pki.leaf.ip_addresses() == std::vector<std::string>{"10.0.0.1", "::1"});
  CHECK(pki.leaf.days_until_expiry() == 89);  // 90 days minus the seconds already elapsed
  CHECK_FALSE(pki.leaf.is_ca());
  CHECK(pki.ca.is_ca());
  CHECK(pki.leaf.serial_hex().size() == 32);
  CHECK(pki.leaf.serial_hex() != pki.ca.serial_hex());
  CHECK(pki.leaf.matches_key(pki.leaf_key));
  CHECK_FALSE(pki.leaf.matches_key(pki.ca_key));
  CHECK(pki.leaf.public_key().value() == pki.leaf_key.public_key());
  CHECK(pki.leaf.verify_signed_by(pki.ca).ok());
  CHECK(pki.ca.verify_signed_by(pki.ca).ok());
  CHECK(verify_chain(pki.leaf, {pki.ca}).ok());
  auto round = Certificate::from_pem(pki.leaf.to_pem().value());
  REQUIRE(round.ok());
  CHECK(round->fingerprint() == pki.leaf.fingerprint());
}

TEST_CASE("fingerprint matches openssl x509 -fingerprint") {
  ScratchDir dir("cert-fp");
  const auto pki = make_pki(KeyType::ec_p256, KeyType::ec_p256);
  const auto file = dir.write("leaf.pem", pki.leaf.to_pem().value());
  std::string out = shell("openssl x509 -noout -fingerprint -sha256 -in " + file).out;
  std::string hex;
  for (const char c : out.substr(out.find('=') + 1)) {
    if (std::isxdigit(static_cast<unsigned char>(c))) hex += static_cast<char>(std::tolower(c));
  }
  CHECK(hex == pki.leaf.fingerprint());
}

TEST_CASE("a certificate from another CA does not verify") {
  const auto a = make_pki(KeyType::ec_p256, KeyType::ec_p256);
  const auto b = make_pki(KeyType::ec_p256, KeyType::ec_p256);
  auto signed_by = a.leaf.verify_signed_by(b.ca);
  REQUIRE_FALSE(signed_by.ok());
  CHECK(signed_by.error().message.find("signature") != std::string::npos);
  auto chain = verify_chain(a.leaf, {b.ca});
  REQUIRE_FALSE(chain.ok());
  CHECK(chain.error().code == cococtl::util::ExitCode::check_failed);
  CHECK(chain.error().message.find("unable to get local issuer") != std::string::npos);
}

TEST_CASE("an expired leaf fails verify_chain with the reason") {
  auto pki = make_pki(KeyType::ec_p256, KeyType::ec_p256);
  X509* x = pki.leaf.native();
  X509_gmtime_adj(X509_getm_notBefore(x), -10 * 86400);
  X509_gmtime_adj(X509_getm_notAfter(x), -86400);
  REQUIRE(X509_sign(x, pki.ca_key.native(), EVP_sha256()) > 0);
  CHECK(pki.leaf.days_until_expiry() == -1);
  auto chain = verify_chain(pki.leaf, {pki.ca});
  REQUIRE_FALSE(chain.ok());
  CHECK(chain.error().message.find("expired") != std::string::npos);
}

TEST_CASE("bad specs are refused") {
  auto key = PrivateKey::generate(KeyType::ec_p256).value();
  auto other = PrivateKey::generate(KeyType::ec_p256).value();
  CertificateSpec spec;
  spec.common_name = "x";
  spec.dns_names = {"ok.example.com"};
  CHECK(issue_certificate(spec, key, key, nullptr).ok());
  CHECK_FALSE(issue_certificate(spec, key, other, nullptr).ok());  // self-signed by a different key

  auto bad_dns = spec;
  bad_dns.dns_names = {"a,DNS:evil.com"};
  auto r = issue_certificate(bad_dns, key, key, nullptr);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message.find("invalid DNS name") != std::string::npos);

  auto bad_ip = spec;
  bad_ip.ip_addresses = {"10.0.0.300"};
  CHECK_FALSE(issue_certificate(bad_ip, key, key, nullptr).ok());

  auto no_cn = spec;
  no_cn.common_name.clear();
  CHECK_FALSE(issue_certificate(no_cn, key, key, nullptr).ok());

  auto leaf = issue_certificate(spec, key, key, nullptr).value();  // not a CA
  CHECK_FALSE(issue_certificate(spec, other, key, &leaf).ok());
}

TEST_CASE("PEM bundles parse in order, junk is refused") {
  const auto pki = make_pki(KeyType::ec_p256, KeyType::ec_p256);
  const auto bundle = pki.leaf.to_pem().value() + pki.ca.to_pem().value();
  auto chain = Certificate::chain_from_pem(bundle);
  REQUIRE(chain.ok());
  REQUIRE(chain->size() == 2);
  CHECK((*chain)[0].fingerprint() == pki.leaf.fingerprint());
  CHECK((*chain)[1].fingerprint() == pki.ca.fingerprint());
  CHECK_FALSE(Certificate::from_pem("hello").ok());
  CHECK_FALSE(Certificate::chain_from_pem("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n").ok());
}

TEST_CASE("a certificate made by the openssl CLI is read correctly") {
  ScratchDir dir("cert-cli");
  const auto made = shell("openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 30 -keyout " + dir.file("k.pem") +
                          " -out " + dir.file("c.pem") +
                          " -subj /CN=kbs -addext subjectAltName=IP:127.0.0.1,DNS:kbs-service");
  REQUIRE(made.rc == 0);
  auto cert = Certificate::from_pem(shell("cat " + dir.file("c.pem")).out).value();
  auto key = PrivateKey::from_pem(shell("cat " + dir.file("k.pem")).out).value();
  CHECK(cert.common_name() == "kbs");
  CHECK(cert.dns_names() == std::vector<std::string>{"kbs-service"});
  CHECK(cert.ip_addresses() == std::vector<std::string>{"127.0.0.1"});
  CHECK(cert.matches_key(key));
  CHECK(cert.days_until_expiry() == 29);
  CHECK(cert.public_key().value().type() == KeyType::rsa2048);
}

TEST_CASE("from_der reads the DER openssl writes and refuses trailing or corrupt bytes") {
  ScratchDir dir("cert-der");
  const auto pki = make_pki(KeyType::ec_p256, KeyType::ec_p256);
  const auto pem = dir.write("leaf.pem", pki.leaf.to_pem().value());
  REQUIRE(shell("openssl x509 -in " + pem + " -outform DER -out " + dir.file("leaf.der")).rc == 0);
  std::ifstream in(dir.file("leaf.der"), std::ios::binary);
  const std::string der((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto cert = Certificate::from_der(der).value();
  CHECK(cert.fingerprint() == pki.leaf.fingerprint());
  CHECK_FALSE(Certificate::from_der(der + "x").ok());
  CHECK_FALSE(Certificate::from_der(der.substr(0, der.size() - 1)).ok());
  CHECK(Certificate::from_der("").error().code == cococtl::util::ExitCode::invalid_input);
}
