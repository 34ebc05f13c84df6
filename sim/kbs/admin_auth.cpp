#include "kbs/admin_auth.hpp"

#include <spdlog/spdlog.h>

#include <cctype>

#include "kbs/jws.hpp"

namespace cococtl::sim::kbs {

util::Result<AdminAuth> AdminAuth::create(const KbsSettings& settings, std::string_view public_key_pem) {
  AdminAuth auth;
  auth.m_mode = settings.admin_mode;
  auth.m_roles = settings.roles;
  if (settings.admin_mode != AdminMode::simple || settings.personas.empty()) return auth;
  COCO_TRY_ASSIGN(auto key, crypto::PublicKey::from_pem(public_key_pem).context("admin public key"));
  if (key.type() != crypto::KeyType::ed25519) return util::invalid_input("admin public key: not an Ed25519 key");
  for (const auto& persona : settings.personas) auth.m_personas.emplace_back(persona.id, key);
  return auth;
}

util::Result<void> AdminAuth::check(std::string_view authorization, std::string_view uri) const {
  if (m_mode == AdminMode::insecure_allow_all) return {};
  if (m_mode == AdminMode::deny_all) return util::invalid_input("Admin endpoints disabled.");
  const bool bearer = authorization.size() > 7 && std::tolower(static_cast<unsigned char>(authorization[0])) == 'b' &&
                      authorization.substr(1, 6) == "earer ";
  if (!bearer) return util::invalid_input("the Authorization header holds no bearer token");
  COCO_TRY_ASSIGN(const CompactJws jws, split_jws(authorization.substr(7)));
  std::string role;
  for (const auto& [id, key] : m_personas) {
    auto claims = verify_jws(jws, key, "EdDSA");
    if (claims.ok()) {
      role = id;
      break;
    }
    spdlog::info("admin token not validated for persona {}: {}", id, claims.error().message);
  }
  if (role.empty()) return util::invalid_input("Admin Token could not be verified for any admin persona");
  if (m_roles.empty()) return {};
  for (const auto& r : m_roles) {
    if (r.id == role && std::regex_search(std::string(uri), r.pattern)) return {};
  }
  return util::invalid_input("admin role " + role + " may not access " + std::string(uri));
}

}  // namespace cococtl::sim::kbs
