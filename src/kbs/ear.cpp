// EAR token verification as a KBS does it with `insecure_header_jwk = false`: the signing key
// is trusted only through its x5c chain to the token-signing CA.
#include <cococtl/crypto/encoding.hpp>
#include <cococtl/crypto/jwk.hpp>
#include <cococtl/crypto/jwt.hpp>
#include <cococtl/kbs/ear.hpp>

#include <fmt/format.h>

namespace cococtl::kbs {
namespace {

util::Error refused(std::string_view why) { return util::failure(fmt::format("attestation token: {}", why)); }

util::Result<crypto::Certificate> x5c_certificate(const nlohmann::json& entry) {
  if (!entry.is_string()) return util::invalid_input("not a string");
  COCO_TRY_ASSIGN(const auto der, crypto::base64_decode(entry.get<std::string>()));
  return crypto::Certificate::from_der(der);
}

// The x5c certificates, leaf first: inside "jwk" (Trustee) or at the top of the header (RFC 7515).
util::Result<std::vector<crypto::Certificate>> x5c_chain(const nlohmann::json& header) {
  const bool in_jwk = header.contains("jwk") && header["jwk"].is_object() && header["jwk"].contains("x5c");
  const nlohmann::json x5c = in_jwk ? header["jwk"]["x5c"] : header.value("x5c", nlohmann::json());
  if (!x5c.is_array() || x5c.empty()) return refused("no x5c certificate chain in the header");
  std::vector<crypto::Certificate> chain;
  for (const auto& entry : x5c) {
    auto cert = x5c_certificate(entry);
    if (!cert.ok()) return refused(fmt::format("x5c entry {} is not a base64 DER certificate", chain.size()));
    chain.push_back(std::move(*cert));
  }
  return chain;
}

// The leaf's key, after the chain and the header "jwk" (when present) were checked.
util::Result<crypto::PublicKey> signing_key(const nlohmann::json& header,
                                            const std::vector<crypto::Certificate>& trusted) {
  COCO_TRY_ASSIGN(const auto chain, x5c_chain(header));
  const std::vector<crypto::Certificate> intermediates(chain.begin() + 1, chain.end());
  auto verified = crypto::verify_chain(chain.front(), trusted, intermediates);
  if (!verified.ok()) return refused(fmt::format("signer {}: {}", chain.front().subject(), verified.error().message));
  auto key = chain.front().public_key();
  if (!key.ok() || key->type() != crypto::KeyType::ec_p256)
    return refused("the signing certificate's key is not EC P-256");
  if (header.contains("jwk")) {
    auto jwk_key = crypto::public_key_from_jwk(header["jwk"]);
    if (!jwk_key.ok() || !(*jwk_key == *key)) return refused("the header jwk is not the signing certificate's key");
  }
  return std::move(*key);
}

}  // namespace

util::Result<nlohmann::json> verify_ear(std::string_view token, const std::vector<crypto::Certificate>& trusted) {
  if (trusted.empty()) return util::invalid_input("no token-signing CA to verify the attestation token with");
  auto header = crypto::jwt_header(token);
  if (!header.ok()) return refused(header.error().message);
  const auto alg = header->contains("alg") && (*header)["alg"].is_string() ? (*header)["alg"].get<std::string>() : "";
  if (alg != "ES256")
    return refused(fmt::format("signed with \"{}\", not ES256 (an EAR from Trustee >= 0.12 is)", alg));
  COCO_TRY_ASSIGN(const auto key, signing_key(*header, trusted));
  auto claims = crypto::verify_jwt(token, key);
  if (!claims.ok()) return refused(claims.error().message);
  if (!claims->contains("exp") || !(*claims)["exp"].is_number()) return refused("no \"exp\" claim");
  return std::move(*claims);
}

std::map<std::string, std::string> ear_statuses(const nlohmann::json& claims) {
  std::map<std::string, std::string> out;
  if (!claims.contains("submods") || !claims["submods"].is_object()) return out;
  for (const auto& [name, submod] : claims["submods"].items()) {
    if (submod.is_object() && submod.contains("ear.status") && submod["ear.status"].is_string()) {
      out[name] = submod["ear.status"].get<std::string>();
    }
  }
  return out;
}

}  // namespace cococtl::kbs
