#include "test_tokens.hpp"

#include <cococtl/crypto/encoding.hpp>
#include <cococtl/crypto/jwk.hpp>
#include <cococtl/crypto/jwt.hpp>

#include <chrono>
#include <stdexcept>

namespace cococtl::kbs_test {
namespace {

template <typename T>
T need(util::Result<T> r) {
  if (!r.ok()) throw std::runtime_error("test token PKI: " + r.error().message);
  return std::move(*r);
}

Signer make_signer(const std::string& name) {
  auto ca_key = need(crypto::PrivateKey::generate(crypto::KeyType::ec_p256));
  crypto::CertificateSpec ca_spec;
  ca_spec.common_name = name + " root";
  ca_spec.validity_days = 30;
  ca_spec.is_ca = true;
  auto ca = need(crypto::issue_certificate(ca_spec, ca_key, ca_key, nullptr));
  auto key = need(crypto::PrivateKey::generate(crypto::KeyType::ec_p256));
  crypto::CertificateSpec leaf_spec;
  leaf_spec.common_name = name;
  leaf_spec.validity_days = 30;
  auto cert = need(crypto::issue_certificate(leaf_spec, key, ca_key, &ca));
  return {std::move(ca_key), std::move(ca), std::move(key), std::move(cert)};
}

long long now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

const Signer& trusted_signer() {
  static const Signer signer = make_signer("CoCo-AS");
  return signer;
}

const Signer& untrusted_signer() {
  static const Signer signer = make_signer("Impostor-AS");
  return signer;
}

nlohmann::json ear_claims(const std::string& nonce, const nlohmann::json& tee_pubkey, const EarOptions& options) {
  const nlohmann::json evidence{
      {"sample", {{"svn", "1"}, {"launch_digest", "abcde"}, {"debug", false}}},
      {"runtime_data_claims", {{"nonce", nonce}, {"tee-pubkey", tee_pubkey}, {"additional-evidence", ""}}}};
  return {{"eat_profile", "tag:github.com,2024:confidential-containers/Trustee"},
          {"iat", now()},
          {"exp", now() + options.exp_offset},
          {"iss", "CoCo-Attestation-Service"},
          {"ear.verifier-id", {{"developer", "https://confidentialcontainers.org"}, {"build", "test"}}},
          {"submods",
           {{"cpu0",
             {{"ear.status", options.status},
              {"ear.appraisal-policy-id", "default_cpu"},
              {"ear.veraison.annotated-evidence", evidence}}}}}};
}

std::string mint_ear(const nlohmann::json& claims, const Signer& signer, const EarOptions& options) {
  const nlohmann::json x5c{crypto::base64_encode(need(signer.cert.to_der())),
                           crypto::base64_encode(need(signer.ca.to_der()))};
  const auto& jwk_source = options.foreign_jwk ? untrusted_signer().key : signer.key;
  auto jwk = need(crypto::public_key_to_jwk(jwk_source.public_key()));
  jwk["alg"] = "ES256";
  nlohmann::json header{{"alg", "ES256"}, {"typ", "JWT"}};
  if (options.x5c_in_jwk) {
    jwk["x5c"] = x5c;
  } else {
    header["x5c"] = x5c;
  }
  header["jwk"] = jwk;
  return need(crypto::sign_jwt(header, claims, signer.key));
}

}  // namespace cococtl::kbs_test
