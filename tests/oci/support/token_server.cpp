#include "token_server.hpp"

#include "process.hpp"

#include <cococtl/crypto/encoding.hpp>
#include <cococtl/crypto/jwt.hpp>
#include <cococtl/crypto/key.hpp>

#include <fmt/format.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <stdexcept>

namespace cococtl::oci::test {
namespace {

using nlohmann::json;

// "repository:podvm:pull,push" → {"type":"repository","name":"podvm","actions":["pull","push"]}.
json access_entry(const std::string& scope) {
  const auto first = scope.find(':');
  const auto last = scope.rfind(':');
  if (first == std::string::npos || first == last) return nullptr;
  json actions = json::array();
  std::string list = scope.substr(last + 1);
  for (std::size_t start = 0; start <= list.size();) {
    const auto comma = list.find(',', start);
    actions.push_back(list.substr(start, comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return {{"type", scope.substr(0, first)}, {"name", scope.substr(first + 1, last - first - 1)}, {"actions", actions}};
}

std::string expected_basic(const TokenServerSetup& s) {
  return "Basic " + crypto::base64_encode(s.user + ":" + s.password);
}

void refuse(httplib::Response& res) {
  res.status = 401;
  res.set_content(R"({"errors":[{"code":"UNAUTHORIZED","message":"invalid username or password"}]})", "application/json");
}

}  // namespace

TokenServer::TokenServer(const TestPki& pki, TokenServerSetup setup) : m_setup(std::move(setup)), m_pki(pki) {
  auto key = crypto::PrivateKey::from_pem(slurp(pki.sign_key));
  if (!key.ok()) throw std::runtime_error("token server: " + key.error().message);
  m_sign_key = std::move(key).value();
  m_server = std::make_unique<httplib::SSLServer>(pki.server_cert.c_str(), pki.server_key.c_str());
  if (!m_server->is_valid()) throw std::runtime_error("token server: bad TLS material");
  const auto issue = [this](const std::vector<std::string>& scopes, httplib::Response& res) {
    json access = json::array();
    for (const auto& s : scopes) {
      std::lock_guard lock(m_mutex);
      m_scopes.push_back(s);
      if (auto entry = access_entry(s); !entry.is_null()) access.push_back(entry);
    }
    const auto token = mint_claims(access);
    json body{{m_setup.access_token_only ? "access_token" : "token", token}};
    if (m_setup.expires_in >= 0) body["expires_in"] = m_setup.expires_in;
    res.set_content(body.dump(), "application/json");
  };
  m_server->Get("/token", [this, issue](const httplib::Request& req, httplib::Response& res) {
    ++m_requests;
    const auto auth = req.get_header_value("Authorization");
    if (!auth.empty() && auth != expected_basic(m_setup)) {
      ++m_refused;
      return refuse(res);
    }
    std::vector<std::string> scopes;
    for (std::size_t i = 0; i < req.get_param_value_count("scope"); ++i) scopes.push_back(req.get_param_value("scope", i));
    // Anonymous callers get a token without access, as real token servers do.
    issue(auth.empty() ? std::vector<std::string>{} : scopes, res);
  });
  m_server->Post("/token", [this, issue](const httplib::Request& req, httplib::Response& res) {
    ++m_requests;
    if (m_setup.identity_token.empty() || req.get_param_value("grant_type") != "refresh_token" ||
        req.get_param_value("refresh_token") != m_setup.identity_token) {
      ++m_refused;
      return refuse(res);
    }
    issue({req.get_param_value("scope")}, res);
  });
  m_port = m_server->bind_to_any_port("127.0.0.1");
  if (m_port <= 0) throw std::runtime_error("token server: cannot bind");
  m_thread = std::thread([this] { m_server->listen_after_bind(); });
  // The socket already listens (connections queue in the backlog); still wait for the loop, bounded.
  for (int i = 0; i < 500 && !m_server->is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
}

TokenServer::~TokenServer() {
  m_server->stop();
  if (m_thread.joinable()) m_thread.join();
}

std::string TokenServer::realm() const { return fmt::format("https://127.0.0.1:{}/token", m_port); }

std::vector<std::string> TokenServer::scopes() const {
  std::lock_guard lock(m_mutex);
  return m_scopes;
}

std::string TokenServer::mint_claims(const json& access) const {
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  static std::atomic<int> serial{0};
  const json header{{"alg", "RS256"}, {"typ", "JWT"}, {"x5c", {m_pki.sign_cert_der_base64}}};
  const json claims{{"iss", m_setup.issuer}, {"sub", m_setup.user}, {"aud", m_setup.service}, {"exp", now + 600},
                    {"nbf", now - 30}, {"iat", now}, {"jti", fmt::format("jti-{}", ++serial)}, {"access", access}};
  auto token = crypto::sign_jwt(header, claims, *m_sign_key);
  if (!token.ok()) throw std::runtime_error("token server: " + token.error().message);
  return *token;
}

std::string TokenServer::mint(const std::string& repository, const std::vector<std::string>& actions) const {
  return mint_claims(json::array({{{"type", "repository"}, {"name", repository}, {"actions", actions}}}));
}

}  // namespace cococtl::oci::test
