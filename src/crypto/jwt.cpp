#include <cococtl/crypto/encoding.hpp>
#include <cococtl/crypto/jwt.hpp>

#include <fmt/format.h>

#include <chrono>

namespace cococtl::crypto {
namespace {

constexpr long long k_leeway_seconds = 60;

struct Parts {
  std::string_view header, claims, signature, signing_input;
};

util::Result<Parts> split_token(std::string_view token) {
  const auto dot1 = token.find('.');
  const auto dot2 = dot1 == std::string_view::npos ? dot1 : token.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos) {
    return util::invalid_input("malformed JWT: expected three dot-separated parts");
  }
  return Parts{token.substr(0, dot1), token.substr(dot1 + 1, dot2 - dot1 - 1), token.substr(dot2 + 1),
               token.substr(0, dot2)};
}

util::Result<nlohmann::json> decode_json_part(std::string_view part, const char* what) {
  auto raw = base64_decode(part, true);
  if (!raw.ok()) return util::invalid_input(fmt::format("malformed JWT {}: bad base64url", what));
  auto json = nlohmann::json::parse(*raw, nullptr, false);
  if (json.is_discarded() || !json.is_object()) return util::invalid_input(fmt::format("malformed JWT {}: not a JSON object", what));
  return json;
}

util::Result<void> check_times(const nlohmann::json& claims) {
  const long long now =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  if (claims.contains("exp") && claims["exp"].is_number() && claims["exp"].get<double>() + k_leeway_seconds < now) {
    return util::invalid_input("JWT has expired");
  }
  if (claims.contains("nbf") && claims["nbf"].is_number() && claims["nbf"].get<double>() - k_leeway_seconds > now) {
    return util::invalid_input("JWT is not valid yet");
  }
  return {};
}

}  // namespace

std::string_view jws_algorithm(KeyType type) {
  switch (type) {
    case KeyType::ed25519: return "EdDSA";
    case KeyType::ec_p256: return "ES256";
    case KeyType::ec_p384: return "ES384";
    case KeyType::rsa2048:
    case KeyType::rsa3072:
    case KeyType::rsa4096: return "RS256";
  }
  return "none";
}

util::Result<std::string> sign_jwt(const nlohmann::json& header, const nlohmann::json& claims, const PrivateKey& key) {
  if (!(header.is_object() || header.is_null()) || !claims.is_object()) {
    return util::invalid_input("JWT header and claims must be objects");
  }
  nlohmann::json full = header.is_null() ? nlohmann::json::object() : header;
  const std::string alg(jws_algorithm(key.type()));
  if (!full.contains("alg")) full["alg"] = alg;
  if (!full["alg"].is_string() || full["alg"].get<std::string>() != alg) {
    return util::invalid_input(fmt::format("JWT alg does not match the {} key (expected {})", key_type_name(key.type()), alg));
  }
  if (!full.contains("typ")) full["typ"] = "JWT";
  const std::string input = base64_encode(full.dump(), true) + "." + base64_encode(claims.dump(), true);
  COCO_TRY_ASSIGN(const std::string sig, sign_message(key, input));
  return input + "." + base64_encode(sig, true);
}

util::Result<nlohmann::json> jwt_header(std::string_view token) {
  COCO_TRY_ASSIGN(const Parts parts, split_token(token));
  return decode_json_part(parts.header, "header");
}

util::Result<nlohmann::json> verify_jwt(std::string_view token, const PublicKey& key) {
  COCO_TRY_ASSIGN(const Parts parts, split_token(token));
  COCO_TRY_ASSIGN(const auto header, decode_json_part(parts.header, "header"));
  const std::string alg(jws_algorithm(key.type()));
  if (!header.contains("alg") || !header["alg"].is_string() || header["alg"].get<std::string>() != alg) {
    return util::invalid_input(fmt::format("JWT alg is not {} as the verification key requires", alg));
  }
  auto sig = base64_decode(parts.signature, true);
  if (!sig.ok()) return util::invalid_input("malformed JWT signature: bad base64url");
  COCO_TRY_ASSIGN(const bool good, verify_message(key, parts.signing_input, *sig));
  if (!good) return util::invalid_input("JWT signature does not verify");
  COCO_TRY_ASSIGN(auto claims, decode_json_part(parts.claims, "claims"));
  COCO_TRY(check_times(claims));
  return claims;
}

util::Result<nlohmann::json> verify_jwt(std::string_view token, const PrivateKey& key) {
  return verify_jwt(token, key.public_key());
}

util::Result<nlohmann::json> verify_jwt(std::string_view token, std::string_view public_key_pem) {
  COCO_TRY_ASSIGN(const auto key, PublicKey::from_pem(public_key_pem));
  return verify_jwt(token, key);
}

}  // namespace cococtl::crypto
