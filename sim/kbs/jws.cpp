#include "kbs/jws.hpp"

#include <chrono>
#include <cococtl/crypto/encoding.hpp>
#include <cococtl/crypto/jwt.hpp>

namespace cococtl::sim::kbs {

using nlohmann::json;

util::Result<CompactJws> split_jws(std::string_view token) {
  const auto first = token.find('.');
  const auto second = first == std::string_view::npos ? first : token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) {
    return util::invalid_input("the token is not a compact JWS (three parts)");
  }
  CompactJws jws;
  jws.signing_input = std::string(token.substr(0, second));
  COCO_TRY_ASSIGN(const std::string header,
                  crypto::base64_decode(token.substr(0, first), true).context("token header"));
  COCO_TRY_ASSIGN(jws.claims_json,
                  crypto::base64_decode(token.substr(first + 1, second - first - 1), true).context("token claims"));
  COCO_TRY_ASSIGN(jws.signature, crypto::base64_decode(token.substr(second + 1), true).context("token signature"));
  jws.header = json::parse(header, nullptr, false);
  if (jws.header.is_discarded() || !jws.header.is_object())
    return util::invalid_input("the token header is not a JSON object");
  return jws;
}

util::Result<json> verify_jws(const CompactJws& jws, const crypto::PublicKey& key, std::string_view alg) {
  if (jws.header.value("alg", "") != alg || crypto::jws_algorithm(key.type()) != alg) {
    return util::invalid_input("InvalidAlgorithm: the token is not " + std::string(alg) + " for this key");
  }
  COCO_TRY_ASSIGN(const bool valid, crypto::verify_message(key, jws.signing_input, jws.signature));
  if (!valid) return util::invalid_input("InvalidSignature");
  const json claims = json::parse(jws.claims_json, nullptr, false);
  if (claims.is_discarded() || !claims.is_object())
    return util::invalid_input("the token claims are not a JSON object");
  if (!claims.contains("exp") || !claims["exp"].is_number_unsigned()) {
    return util::invalid_input("MissingRequiredClaim: exp");
  }
  const auto now =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  if (claims["exp"].get<std::uint64_t>() + 60 < static_cast<std::uint64_t>(now))
    return util::invalid_input("ExpiredSignature");
  if (claims.contains("aud") && !(claims["aud"].is_array() && claims["aud"].empty())) {
    return util::invalid_input("InvalidAudience: the token has an aud claim and the KBS expects none");
  }
  return claims;
}

}  // namespace cococtl::sim::kbs
