#include "pki.hpp"

#include "process.hpp"

#include <cococtl/crypto/certificate.hpp>
#include <cococtl/crypto/encoding.hpp>
#include <cococtl/crypto/key.hpp>

#include <stdexcept>

namespace cococtl::oci::test {
namespace {

template <typename T>
T must(util::Result<T> result, const char* what) {
  if (!result.ok()) throw std::runtime_error(std::string(what) + ": " + result.error().message);
  return std::move(result).value();
}

}  // namespace

TestPki make_test_pki(const std::filesystem::path& dir) {
  using namespace cococtl::crypto;
  TestPki pki{dir / "ca.pem", dir / "server.pem", dir / "server-key.pem", dir / "sign.pem", dir / "sign-key.pem", ""};
  const auto ca_key = must(PrivateKey::generate(KeyType::ec_p256), "CA key");
  const auto ca = must(issue_certificate({"cococtl test CA", "cococtl", {}, {}, 2, true, false, false}, ca_key, ca_key, nullptr), "CA");
  const auto server_key = must(PrivateKey::generate(KeyType::ec_p256), "server key");
  const auto server = must(issue_certificate({"127.0.0.1", "cococtl", {"localhost"}, {"127.0.0.1", "::1"}, 2, false, true, false},
                                             server_key, ca_key, &ca), "server certificate");
  const auto sign_key = must(PrivateKey::generate(KeyType::rsa2048), "token signing key");
  const auto sign = must(issue_certificate({"test-issuer", "cococtl", {}, {}, 2, false, false, false}, sign_key, sign_key, nullptr),
                         "token signing certificate");
  spit(pki.ca_cert, must(ca.to_pem(), "pem"));
  spit(pki.server_cert, must(server.to_pem(), "pem"));
  spit(pki.server_key, must(server_key.to_pem(), "pem"));
  spit(pki.sign_cert, must(sign.to_pem(), "pem"));
  spit(pki.sign_key, must(sign_key.to_pem(), "pem"));
  pki.sign_cert_der_base64 = base64_encode(must(sign.to_der(), "der"));
  return pki;
}

}  // namespace cococtl::oci::test
