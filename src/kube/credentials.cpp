#include "credentials.hpp"

#include "base64.hpp"

#include <cococtl/net/http.hpp>
#include <cococtl/util/fs.hpp>
#include <cococtl/util/log.hpp>
#include <cococtl/util/strings.hpp>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace cococtl::kube::detail {
namespace {

constexpr auto k_token_file_period = std::chrono::minutes(1);

util::Result<std::string> pem_from(const std::string& data, const std::string& file, const char* what) {
  if (!data.empty() || file.empty()) return data;
  return util::read_file(file, 1024 * 1024).context(fmt::format("kubeconfig {}", what));
}

void add_impersonation(const UserEntry& user, Identity& id) {
  if (!user.impersonate.empty()) id.headers.emplace_back("Impersonate-User", user.impersonate);
  if (!user.impersonate_uid.empty()) id.headers.emplace_back("Impersonate-Uid", user.impersonate_uid);
  for (const auto& group : user.impersonate_groups) id.headers.emplace_back("Impersonate-Group", group);
  for (const auto& [key, values] : user.impersonate_extra) {
    for (const auto& value : values) id.headers.emplace_back("Impersonate-Extra-" + key, value);
  }
}

}  // namespace

util::Result<std::unique_ptr<Credentials>> Credentials::create(const RestConfig& config) {
  std::unique_ptr<Credentials> creds(new Credentials(config));
  const auto& user = config.user;
  COCO_TRY_ASSIGN(creds->m_static_cert, pem_from(user.client_certificate_data, user.client_certificate, "client-certificate"));
  COCO_TRY_ASSIGN(creds->m_static_key, pem_from(user.client_key_data, user.client_key, "client-key"));
  util::register_secret(creds->m_static_key);
  if (!creds->m_static_cert.empty()) {
    COCO_TRY(net::check_client_certificate(creds->m_static_cert, creds->m_static_key)
                 .context(fmt::format("kubeconfig {}: user \"{}\"", config.source, config.user_name)));
  }
  util::register_secret(user.token);
  util::register_secret(user.password);
  if (const auto it = user.auth_provider_config.find("id-token"); it != user.auth_provider_config.end()) util::register_secret(it->second);
  return creds;
}

// tokenFile wins over token and is re-read about once a minute (projected tokens rotate);
// the last good value survives a failed read.
std::string Credentials::bearer_token() {
  const auto& user = m_config.user;
  if (!user.token_file.empty()) {
    const auto now = std::chrono::steady_clock::now();
    if (m_file_token.empty() || now - m_file_read > k_token_file_period) {
      if (auto text = util::read_file(user.token_file, 1024 * 1024); text.ok()) {
        m_file_token = std::string(util::trim(*text));
        m_file_read = now;
        util::register_secret(m_file_token);
      } else {
        spdlog::warn("cannot read tokenFile: {}", text.error().message);
      }
    }
    if (!m_file_token.empty()) return m_file_token;
  }
  if (!user.token.empty()) return user.token;
  if (user.auth_provider == "oidc") return user.auth_provider_config.at("id-token");
  return {};
}

util::Result<void> Credentials::refresh_exec_locked() {
  const bool valid = m_exec && (!m_exec->expiry || *m_exec->expiry > std::chrono::system_clock::now());
  if (valid) return {};
  COCO_TRY_ASSIGN(auto fresh, run_exec_plugin(*m_config.user.exec, m_config.cluster));
  util::register_secret(fresh.token);
  util::register_secret(fresh.client_key_pem);
  m_exec = std::move(fresh);
  ++m_generation;
  return {};
}

util::Result<Identity> Credentials::current() {
  std::lock_guard lock(m_mutex);
  Identity id;
  id.client_cert_pem = m_static_cert;
  id.client_key_pem = m_static_key;
  std::string token = bearer_token();
  // A token in the kubeconfig beats the plugin, as a preset Authorization header does in client-go.
  if (token.empty() && m_config.user.exec) {
    COCO_TRY(refresh_exec_locked());
    token = m_exec->token;
    if (!m_exec->client_cert_pem.empty()) {
      id.client_cert_pem = m_exec->client_cert_pem;
      id.client_key_pem = m_exec->client_key_pem;
    }
  }
  if (!token.empty()) {
    id.headers.emplace_back("Authorization", "Bearer " + token);
  } else if (!m_config.user.username.empty()) {
    const std::string basic = base64_encode(m_config.user.username + ":" + m_config.user.password);
    util::register_secret(basic);
    id.headers.emplace_back("Authorization", "Basic " + basic);
  }
  add_impersonation(m_config.user, id);
  id.generation = m_generation;
  return id;
}

bool Credentials::invalidate(std::uint64_t generation) {
  std::lock_guard lock(m_mutex);
  if (!m_config.user.exec) return false;
  if (generation != m_generation) return true;  // someone else already rotated them
  m_exec.reset();
  return true;
}

}  // namespace cococtl::kube::detail
