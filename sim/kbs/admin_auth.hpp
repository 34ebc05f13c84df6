#pragma once
// Admin authentication of Trustee 1.1 (`[admin] type = "Simple"` with personas): a bearer JWT
// signed EdDSA by one persona's Ed25519 key, validated as the jsonwebtoken crate does (exp
// required, 60 s leeway, no aud), then the optional [[admin.roles]] regex on the request path.

#include <cococtl/crypto/key.hpp>
#include <cococtl/util/result.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "kbs/config.hpp"

namespace cococtl::sim::kbs {

class AdminAuth {
 public:
  // Every persona verifies with `public_key_pem` (the KbsConfig's auth Secret holds one key).
  // Fails (invalid_input) when the key is not an Ed25519 public key while personas need it.
  static util::Result<AdminAuth> create(const KbsSettings& settings, std::string_view public_key_pem);

  // Checks the Authorization header of an admin request to `uri` (path and query, as the role
  // regexes see it, e.g. "/kbs/v0/resource-policy").
  // Fails (invalid_input) with the reason, which is only logged: clients see AdminAuth 401.
  util::Result<void> check(std::string_view authorization, std::string_view uri) const;

 private:
  AdminMode m_mode = AdminMode::deny_all;
  std::vector<std::pair<std::string, crypto::PublicKey>> m_personas;
  std::vector<AdminRole> m_roles;
};

}  // namespace cococtl::sim::kbs
