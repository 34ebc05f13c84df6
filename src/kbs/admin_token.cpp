// The admin bearer token: one EdDSA JWT that every Trustee generation accepts (see
// AdminTokenOptions for why "aud" and "iss" are only sent on request).
#include <cococtl/crypto/jwt.hpp>
#include <cococtl/kbs/admin.hpp>
#include <cococtl/util/log.hpp>

#include <fmt/format.h>

namespace cococtl::kbs {

util::Result<std::string> make_admin_token(const crypto::PrivateKey& key, const AdminTokenOptions& options,
                                           std::chrono::system_clock::time_point now) {
  if (key.type() != crypto::KeyType::ed25519) {
    return util::invalid_input(
        fmt::format("the KBS admin key must be Ed25519 (this one is {})", crypto::key_type_name(key.type())));
  }
  if (options.lifetime.count() <= 0) return util::invalid_input("the admin token lifetime must be positive");
  const auto iat = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  nlohmann::json claims{{"iat", iat}, {"exp", iat + options.lifetime.count()}};
  if (!options.role.empty()) claims["role"] = options.role;
  if (!options.issuer.empty()) claims["iss"] = options.issuer;
  if (!options.audience.empty()) claims["aud"] = options.audience;
  COCO_TRY_ASSIGN(auto token, crypto::sign_jwt({{"alg", "EdDSA"}, {"typ", "JWT"}}, claims, key));
  util::register_secret(token);
  return token;
}

}  // namespace cococtl::kbs
