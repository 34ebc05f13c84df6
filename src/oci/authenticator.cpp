#include "authenticator.hpp"

#include "url.hpp"

#include <cococtl/crypto/encoding.hpp>
#include <cococtl/oci/registry_error.hpp>
#include <cococtl/util/log.hpp>
#include <cococtl/util/strings.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

namespace cococtl::oci {
namespace {

constexpr std::chrono::seconds k_default_token_lifetime{60};
constexpr std::chrono::milliseconds k_max_expiry_margin{10000};

std::string basic_header(const Credential& c) {
  return "Basic " + crypto::base64_encode(c.username + ":" + c.password);
}

const Challenge* pick(const std::vector<Challenge>& challenges, std::string_view scheme) {
  for (const auto& c : challenges) {
    if (c.scheme == scheme) return &c;
  }
  return nullptr;
}

}  // namespace

Authenticator::Authenticator(net::HttpClient& http, AuthSettings settings, std::optional<Credential> credential)
    : m_http(http), m_settings(std::move(settings)), m_credential(std::move(credential)) {
  if (m_credential) {
    util::register_secret(m_credential->password);
    util::register_secret(m_credential->identity_token);
  }
}

std::string Authenticator::describe_credentials() const {
  return m_credential ? "credentials from " + m_credential->source : "no credentials (anonymous access)";
}

util::Result<std::string> Authenticator::authorization() {
  if (m_token) {
    if (std::chrono::steady_clock::now() < m_token->expires || !m_bearer) return "Bearer " + m_token->value;
    spdlog::debug("registry {}: token expired, fetching a new one", m_settings.registry);
    COCO_TRY(fetch_token(*m_bearer));
    return "Bearer " + m_token->value;
  }
  if (m_basic && m_credential) return basic_header(*m_credential);
  return std::string();
}

util::Result<void> Authenticator::on_unauthorized(const net::Response& response) {
  const auto challenges = parse_www_authenticate(response.header("www-authenticate"));
  if (const auto* bearer = pick(challenges, "bearer")) return fetch_token(*bearer);
  if (pick(challenges, "basic")) {
    if (!m_credential || m_credential->username.empty()) {
      return util::failure(fmt::format("registry {} requires a login and no credentials were found for it "
                                       "(use --auth-file, REGISTRY_AUTH_FILE or ~/pull-secret.json)", m_settings.registry));
    }
    m_basic = true;
    return {};
  }
  return util::failure(fmt::format("registry {} answered 401 without a usable WWW-Authenticate challenge: {}",
                                   m_settings.registry, describe_registry_error(response.status, response.body)));
}

util::Result<void> Authenticator::fetch_token(const Challenge& challenge) {
  const auto realm = challenge.param("realm");
  if (realm.empty()) return util::failure(fmt::format("registry {} sent a Bearer challenge without a realm", m_settings.registry));
  if (!realm.starts_with("https://") && !(m_settings.allow_http_realm && is_loopback_http_url(realm))) {
    return util::failure(fmt::format("registry {} wants tokens from {}, which is not HTTPS; refusing to send credentials there",
                                     m_settings.registry, realm));
  }
  const auto challenged = challenge.param("scope");
  const auto scope = challenged.empty() ? m_settings.default_scope : challenged;
  m_bearer = challenge;
  COCO_TRY_ASSIGN(const auto response, request_token(challenge, scope));
  if (response.status != 200) {
    return util::failure(fmt::format("token server {} refused {}: {}", realm, describe_credentials(),
                                     describe_registry_error(response.status, response.body)));
  }
  return accept_token(response, realm, scope);
}

util::Result<net::Response> Authenticator::request_token(const Challenge& challenge, const std::string& scope) {
  const auto realm = challenge.param("realm");
  const auto service = challenge.param("service");
  std::string query;
  const auto add = [&](std::string_view k, std::string_view v) { query += fmt::format("{}{}={}", query.empty() ? "" : "&", k, url_encode(v)); };
  net::Request request;
  request.timeout = m_settings.timeout;
  request.headers.emplace_back("User-Agent", m_settings.user_agent);
  if (m_credential && !m_credential->identity_token.empty()) {
    // OAuth2 refresh-token grant (distribution's oauth.md).
    add("grant_type", "refresh_token");
    add("refresh_token", m_credential->identity_token);
    if (!service.empty()) add("service", service);
    add("scope", scope);
    add("client_id", "cococtl");
    request.method = "POST";
    request.url = realm;
    request.body = query;
    request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    return m_http.send(request);
  }
  if (!service.empty()) add("service", service);
  for (const auto& s : util::split(scope, ' ')) {
    if (!s.empty()) add("scope", s);
  }
  add("client_id", "cococtl");
  request.url = append_query(realm, query);
  if (m_credential && !m_credential->username.empty()) request.headers.emplace_back("Authorization", basic_header(*m_credential));
  return m_http.send(request);
}

util::Result<void> Authenticator::accept_token(const net::Response& response, const std::string& realm,
                                               const std::string& scope) {
  const auto doc = nlohmann::json::parse(response.body, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return util::failure(fmt::format("token server {} did not answer JSON", realm));
  std::string token;
  for (const char* key : {"token", "access_token"}) {
    if (token.empty() && doc.contains(key) && doc[key].is_string()) token = doc[key].get<std::string>();
  }
  if (token.empty()) return util::failure(fmt::format("token server {} answered without a token", realm));
  util::register_secret(token);
  std::chrono::milliseconds lifetime = k_default_token_lifetime;
  if (doc.contains("expires_in") && doc["expires_in"].is_number_integer()) {
    lifetime = std::chrono::seconds(std::max<long>(doc["expires_in"].get<long>(), 0));
  }
  // Renew a little early (a tenth of the lifetime, at most 10 s) so a token never expires in flight.
  const auto margin = std::min(lifetime / 10, k_max_expiry_margin);
  m_token = Token{token, std::chrono::steady_clock::now() + lifetime - margin};
  m_scope = scope;
  spdlog::debug("registry {}: got a token for {} valid {} ms", m_settings.registry, scope, lifetime.count());
  return {};
}

}  // namespace cococtl::oci
