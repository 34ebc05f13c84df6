#include "kbs/ear.hpp"

#include <array>
#include <chrono>
#include <cococtl/crypto/encoding.hpp>
#include <cococtl/crypto/jwt.hpp>

#include "kbs/jwk.hpp"
#include "kbs/jws.hpp"

namespace cococtl::sim::kbs {
namespace {

using nlohmann::json;

// AR4SI trust claims in the order the ear crate serialises them.
constexpr std::array<std::string_view, 8> k_trust_claims{"instance-identity", "configuration", "executables",
                                                         "file-system",       "hardware",      "runtime-opaque",
                                                         "storage-opaque",    "sourced-data"};
constexpr std::array<std::string_view, 4> k_tiers{"none", "affirming", "warning", "contraindicated"};

std::size_t tier(int v) {
  if (v >= -1 && v <= 1) return 0;
  if (v >= -32 && v <= 31) return 1;
  if (v >= -96 && v <= 95) return 2;
  return 3;
}

long long now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

util::Result<crypto::Certificate> decode_x5c(const json& entry) {
  if (!entry.is_string()) return util::invalid_input("Illegal x5c cert");
  std::string text;
  for (char c : entry.get<std::string>()) {
    if (c != '\n') text += c;
  }
  auto der = crypto::base64_decode(text);
  if (!der.ok()) der = crypto::base64_decode(text, true);  // Trustee v0.20 wrote URL-safe x5c
  if (!der.ok()) return util::invalid_input("Illegal x5c cert");
  const std::string pem =
      "-----BEGIN CERTIFICATE-----\n" + crypto::base64_encode(*der) + "\n-----END CERTIFICATE-----\n";
  return crypto::Certificate::from_pem(pem).context("Invalid x509 in x5c");
}

// A JSON pointer nlohmann accepts without throwing: empty, or "/" segments with "~" only as ~0/~1.
bool valid_pointer(const std::string& path) {
  if (!path.empty() && path[0] != '/') return false;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '~' && (i + 1 == path.size() || (path[i + 1] != '0' && path[i + 1] != '1'))) return false;
  }
  return true;
}

}  // namespace

util::Result<TokenSigner> make_token_signer(const KbsSettings& settings, std::string_view key_pem,
                                            std::string_view chain_pem) {
  if (!settings.broker.has_signer) {
    COCO_TRY_ASSIGN(auto key, crypto::PrivateKey::generate(crypto::KeyType::ec_p256));
    return TokenSigner{std::move(key), {}, std::nullopt};
  }
  COCO_TRY_ASSIGN(auto key, crypto::PrivateKey::from_pem(key_pem).context("token signing key"));
  if (key.type() != crypto::KeyType::ec_p256) return util::invalid_input("token signing key: not an EC P-256 key");
  TokenSigner signer{std::move(key), {}, settings.broker.cert_url};
  if (!settings.broker.signer_has_cert) return signer;
  COCO_TRY_ASSIGN(auto chain, crypto::Certificate::chain_from_pem(chain_pem).context("token certificate chain"));
  if (!chain.front().matches_key(signer.key)) return util::invalid_input("token certificate: not for the token key");
  for (const auto& cert : chain) {
    COCO_TRY_ASSIGN(const std::string der, cert.to_der());
    signer.x5c.push_back(crypto::base64_encode(der));
  }
  return signer;
}

util::Result<json> appraisal(const json& trust_claims, const json& annotated_evidence) {
  json vector = json::object();
  for (auto name : k_trust_claims) {
    if (trust_claims.is_null()) vector[std::string(name)] = 0;
  }
  const json claims = trust_claims.is_object() ? trust_claims : json::object();
  for (const auto& [name, value] : claims.items()) {
    if (std::find(k_trust_claims.begin(), k_trust_claims.end(), name) == k_trust_claims.end()) {
      return util::failure("trust claim \"" + name + "\" is not an AR4SI claim");
    }
    if (!value.is_number_integer()) return util::failure("Trust claim value not number");
    vector[name] = static_cast<int>(static_cast<std::int8_t>(value.get<std::int64_t>()));  // the AS stores an i8
  }
  if (vector.empty()) return util::failure("At least one policy claim must be set.");
  std::size_t worst = 0;
  for (const auto& v : vector) worst = std::max(worst, tier(v.get<int>()));
  return json{{"ear.status", k_tiers[worst]},
              {"ear.trustworthiness-vector", vector},
              {"ear.appraisal-policy-id", "default"},
              {"ear.veraison.annotated-evidence", annotated_evidence}};
}

util::Result<std::string> issue_ear(const TokenSigner& signer, const TokenBrokerSettings& broker, const json& submods) {
  const long long now = now_seconds();
  const json claims{{"eat_profile", broker.profile_name},
                    {"iat", now},
                    {"ear.verifier-id", {{"developer", broker.developer_name}, {"build", broker.build_name}}},
                    {"submods", submods},
                    {"exp", now + broker.duration_min * 60}};
  COCO_TRY_ASSIGN(json jwk, ec_p256_jwk(signer.key.native()));
  jwk["alg"] = "ES256";
  if (!signer.x5c.empty()) jwk["x5c"] = signer.x5c;
  if (signer.x5u) jwk["x5u"] = *signer.x5u;
  const json header{{"typ", "JWT"}, {"alg", "ES256"}, {"jwk", jwk}};
  return crypto::sign_jwt(header, claims, signer.key);
}

TokenVerifier::TokenVerifier(const KbsSettings& settings, std::vector<crypto::Certificate> trusted)
    : m_insecure_key(settings.insecure_key), m_trusted(std::move(trusted)) {
  for (const auto& path : settings.extra_teekey_paths) {
    if (valid_pointer(path)) m_key_paths.push_back(path);  // serde_json's pointer() finds nothing for others
  }
  for (const char* path :
       {"/tdx/attester_runtime_data/tee-pubkey", "/tdx/attester_user_data/tee-pubkey",
        "/customized_claims/runtime_data/tee-pubkey",
        "/submods/cpu0/ear.veraison.annotated-evidence/runtime_data_claims/tee-pubkey", "/tee-pubkey"}) {
    m_key_paths.emplace_back(path);
  }
}

util::Result<void> TokenVerifier::check_endorsement(const json& jwk, const crypto::PublicKey& key) const {
  if (m_trusted.empty()) return util::invalid_input("Cannot verify token since trusted cert is empty");
  if (!jwk.contains("x5c") || !jwk["x5c"].is_array() || jwk["x5c"].empty()) {
    return util::invalid_input("No x5c extension inside JWK. Invalid public key.");
  }
  COCO_TRY_ASSIGN(const auto leaf, decode_x5c(jwk["x5c"][0]));
  COCO_TRY_ASSIGN(const auto leaf_key, leaf.public_key());
  if (!(leaf_key == key)) return util::invalid_input("jwk does not match x5c");
  std::vector<crypto::Certificate> intermediates;
  for (std::size_t i = 1; i < jwk["x5c"].size(); ++i) {
    COCO_TRY_ASSIGN(auto cert, decode_x5c(jwk["x5c"][i]));
    intermediates.push_back(std::move(cert));
  }
  return crypto::verify_chain(leaf, m_trusted, intermediates).context("JWK cannot be validated by trust anchor");
}

util::Result<json> TokenVerifier::verify(std::string_view token) const {
  COCO_TRY_ASSIGN(const CompactJws jws, split_jws(token).context("Failed to decode attestation token header"));
  if (!jws.header.contains("jwk")) return util::invalid_input("Cannot verify token since trusted JWK Set is empty");
  const json& jwk = jws.header["jwk"];
  COCO_TRY_ASSIGN(auto native, public_key_from_jwk(jwk));
  COCO_TRY_ASSIGN(const auto key, crypto::PublicKey::adopt(native));
  if (!m_insecure_key) COCO_TRY(check_endorsement(jwk, key));
  if (!jwk.contains("alg") || !jwk["alg"].is_string())
    return util::invalid_input("Failed to find key_algorithm in Jwk");
  return verify_jws(jws, key, jwk["alg"].get<std::string>()).context("Failed to decode attestation token");
}

util::Result<json> TokenVerifier::tee_public_key(const json& claims) const {
  for (const auto& path : m_key_paths) {
    const json::json_pointer pointer(path);
    if (!claims.contains(pointer)) continue;
    return tee_pubkey_fields(claims.at(pointer)).context("Failed to parse Tee public key");
  }
  return util::invalid_input("Tee public key not found in Attestation Token");
}

util::Result<json> tee_pubkey_fields(const json& jwk) {
  if (!jwk.is_object()) return util::invalid_input("tee-pubkey is not an object");
  const std::string kty = jwk.value("kty", "");
  const std::vector<const char*> fields = kty == "EC"    ? std::vector<const char*>{"crv", "alg", "x", "y"}
                                          : kty == "RSA" ? std::vector<const char*>{"alg", "n", "e"}
                                                         : std::vector<const char*>{};
  if (fields.empty()) return util::invalid_input("tee-pubkey kty is not EC or RSA");
  json out{{"kty", kty}};
  for (const char* field : fields) {
    if (!jwk.contains(field) || !jwk[field].is_string()) {
      return util::invalid_input(std::string("tee-pubkey has no string \"") + field + "\"");
    }
    out[field] = jwk[field];
  }
  return out;
}

}  // namespace cococtl::sim::kbs
