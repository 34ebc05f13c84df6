#include "kbs/config.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "kbs/toml.hpp"

namespace cococtl::sim::kbs {
namespace {

using nlohmann::json;

// Reads an optional typed key; fails naming `where.key` when the type is wrong.
template <typename T>
util::Result<void> read(const json& table, const std::string& where, const std::string& key, T& out) {
  if (!table.is_object() || !table.contains(key)) return {};
  const json& v = table.at(key);
  bool ok = false;
  if constexpr (std::is_same_v<T, bool>) {
    ok = v.is_boolean();
  } else if constexpr (std::is_integral_v<T>) {
    ok = v.is_number_integer();
  } else if constexpr (std::is_same_v<T, std::string>) {
    ok = v.is_string();
  } else {
    ok = v.is_array() && std::all_of(v.begin(), v.end(), [](const json& e) { return e.is_string(); });
  }
  if (!ok) return util::invalid_input(fmt::format("kbs-config.toml: {}{} has the wrong type", where, key));
  out = v.get<T>();
  return {};
}

util::Result<void> read_roles(const json& admin, KbsSettings& s) {
  if (!admin.contains("roles")) return {};
  for (const json& r : admin.at("roles")) {
    AdminRole role;
    COCO_TRY(read(r, "admin.roles.", "id", role.id));
    COCO_TRY(read(r, "admin.roles.", "allowed_endpoints", role.allowed_endpoints));
    const std::string& re = role.allowed_endpoints;
    if (re.rfind("^/kbs", 0) != 0 || re.empty() || re.back() != '$') {
      return util::invalid_input("kbs-config.toml: admin role " + role.id + ": Admin Role regex must be anchored.");
    }
    try {  // std::regex reports a bad pattern only by throwing
      role.pattern = std::regex(re, std::regex::ECMAScript);
    } catch (const std::regex_error&) {
      return util::invalid_input("kbs-config.toml: admin role " + role.id + ": Invalid Regular Expression in Role");
    }
    for (const auto& other : s.roles) {
      if (other.id == role.id) return util::invalid_input("kbs-config.toml: Duplicate Admin Role " + role.id);
    }
    s.roles.push_back(std::move(role));
  }
  return {};
}

util::Result<void> read_admin(const json& admin, KbsSettings& s) {
  if (admin.contains("authorization_mode")) {
    return util::invalid_input(
        "kbs-config.toml: [admin] authorization_mode is the Trustee v0.21 format; Trustee 1.1 uses type = \"Simple\"");
  }
  std::string type;
  COCO_TRY(read(admin, "admin.", "type", type));
  if (type.empty() && (admin.contains("auth_public_key") || admin.contains("insecure_api"))) {
    // The Trustee 1.0 (v0.15) format: one key, or no checks at all with insecure_api.
    bool insecure = false;
    std::string path;
    COCO_TRY(read(admin, "admin.", "insecure_api", insecure));
    COCO_TRY(read(admin, "admin.", "auth_public_key", path));
    s.admin_mode = insecure ? AdminMode::insecure_allow_all : AdminMode::simple;
    if (!path.empty()) s.personas.push_back({"admin", path});
    return {};
  }
  if (type == "InsecureAllowAll") {
    s.admin_mode = AdminMode::insecure_allow_all;
  } else if (type == "DenyAll") {
    s.admin_mode = AdminMode::deny_all;
  } else if (type == "Simple" || type.empty()) {  // an absent type is Simple without personas
    s.admin_mode = AdminMode::simple;
    for (const json& p : admin.value("personas", json::array())) {
      AdminPersona persona;
      COCO_TRY(read(p, "admin.personas.", "id", persona.id));
      COCO_TRY(read(p, "admin.personas.", "public_key_path", persona.public_key_path));
      if (persona.id.empty()) return util::invalid_input("kbs-config.toml: admin.personas entry without id");
      s.personas.push_back(std::move(persona));
    }
  } else {
    return util::invalid_input("kbs-config.toml: admin.type \"" + type +
                               "\" is not one of Simple, InsecureAllowAll, DenyAll");
  }
  return read_roles(admin, s);
}

util::Result<void> read_broker(const json& as, KbsSettings& s) {
  const json broker = as.value("attestation_token_broker", json::object());
  TokenBrokerSettings& b = s.broker;
  const std::string where = "attestation_service.attestation_token_broker.";
  COCO_TRY(read(broker, where, "duration_min", b.duration_min));
  COCO_TRY(read(broker, where, "developer_name", b.developer_name));
  COCO_TRY(read(broker, where, "build_name", b.build_name));
  COCO_TRY(read(broker, where, "profile_name", b.profile_name));
  COCO_TRY(read(broker, where, "verbose_token", b.verbose_token));
  if (!broker.contains("signer")) return {};
  const json& signer = broker.at("signer");
  std::string key_path, cert_path, cert_url;
  COCO_TRY(read(signer, where + "signer.", "key_path", key_path));
  COCO_TRY(read(signer, where + "signer.", "cert_path", cert_path));
  COCO_TRY(read(signer, where + "signer.", "cert_url", cert_url));
  if (key_path.empty()) return util::invalid_input("kbs-config.toml: " + where + "signer.key_path is missing");
  b.has_signer = true;
  b.signer_has_cert = !cert_path.empty();
  if (!cert_url.empty()) b.cert_url = cert_url;
  return {};
}

util::Result<void> read_token_verifier(const json& token, KbsSettings& s) {
  bool insecure_header_jwk = false;
  std::vector<std::string> trusted;
  COCO_TRY(read(token, "attestation_token.", "insecure_key", s.insecure_key));
  COCO_TRY(read(token, "attestation_token.", "insecure_header_jwk", insecure_header_jwk));
  COCO_TRY(read(token, "attestation_token.", "trusted_certs_paths", trusted));
  COCO_TRY(read(token, "attestation_token.", "extra_teekey_paths", s.extra_teekey_paths));
  s.insecure_key = s.insecure_key || insecure_header_jwk;
  s.trusted_certs = !trusted.empty();
  return {};
}

}  // namespace

util::Result<KbsSettings> parse_settings(std::string_view toml_text) {
  COCO_TRY_ASSIGN(json doc, parse_toml(toml_text).context("kbs-config.toml"));
  KbsSettings s;
  const json http = doc.value("http_server", json::object());
  long payload_mib = 2;
  COCO_TRY(read(http, "http_server.", "insecure_http", s.insecure_http));
  COCO_TRY(read(http, "http_server.", "payload_request_size", payload_mib));
  s.payload_limit = static_cast<std::size_t>(std::max(1L, payload_mib)) * 1024 * 1024;
  COCO_TRY(read_admin(doc.value("admin", json::object()), s));
  COCO_TRY(read_token_verifier(doc.value("attestation_token", json::object()), s));
  const json as = doc.value("attestation_service", json::object());
  COCO_TRY(read(as, "attestation_service.", "timeout", s.session_timeout_min));
  COCO_TRY(read_broker(as, s));
  for (const json& plugin : doc.value("plugins", json::array())) {
    if (plugin.is_object() && plugin.value("name", "") == "resource") s.resource_plugin = true;
  }
  return s;
}

}  // namespace cococtl::sim::kbs
