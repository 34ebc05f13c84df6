#include "connection.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace cococtl::kube::detail {
namespace {

const std::string k_user_agent = "cococtl/0.1 (linux/amd64) kubernetes-client";

bool has_header(const net::Request& request, std::string_view name) {
  for (const auto& [key, value] : request.headers) {
    if (key.size() == name.size() && std::equal(key.begin(), key.end(), name.begin(), [](char a, char b) { return std::tolower(a) == std::tolower(b); })) return true;
  }
  return false;
}

}  // namespace

util::Result<std::unique_ptr<Connection>> Connection::create(const RestConfig& config, net::RetryPolicy retry) {
  std::unique_ptr<Connection> conn(new Connection(config, retry));
  COCO_TRY_ASSIGN(conn->m_credentials, Credentials::create(config));
  if (config.cluster.insecure_skip_tls_verify) {
    spdlog::warn("!!! TLS verification is DISABLED for cluster \"{}\" (insecure-skip-tls-verify): anyone on the network "
                 "path can impersonate {} and read every credential sent to it !!!", config.cluster_name, config.cluster.server);
  }
  if (config.cluster.server.starts_with("http://")) {
    conn->m_send_credentials = false;
    spdlog::warn("cluster \"{}\" uses plain http ({}): no credentials will be sent", config.cluster_name, config.cluster.server);
  }
  return conn;
}

std::shared_ptr<net::HttpClient> Connection::client_for(const Identity& id) {
  std::lock_guard lock(m_mutex);
  if (m_client && m_client_cert == id.client_cert_pem) return m_client;
  const auto& c = m_config.cluster;
  net::TlsConfig tls;
  tls.ca_file = c.certificate_authority_data.empty() ? c.certificate_authority : "";
  tls.ca_pem = c.certificate_authority_data;
  tls.insecure_skip_verify = c.insecure_skip_tls_verify;
  tls.server_name = c.tls_server_name;
  if (m_send_credentials) {
    tls.client_cert_pem = id.client_cert_pem;
    tls.client_key_pem = id.client_key_pem;
  }
  m_client = std::make_shared<net::HttpClient>(tls, c.proxy_url);  // requests in flight keep the old one alive
  m_client_cert = id.client_cert_pem;
  return m_client;
}

util::Result<net::Response> Connection::attempt(const net::Request& request, bool idempotent, Identity& id) {
  COCO_TRY_ASSIGN(id, m_credentials->current());
  net::Request full = request;
  std::string server = m_config.cluster.server;
  while (server.ends_with('/')) server.pop_back();
  full.url = server + request.url;
  if (m_send_credentials) full.headers.insert(full.headers.end(), id.headers.begin(), id.headers.end());
  if (!has_header(full, "Accept")) full.headers.emplace_back("Accept", "application/json");
  full.headers.emplace_back("User-Agent", k_user_agent);
  full.accept_compressed = !m_config.cluster.disable_compression;
  auto client = client_for(id);
  if (idempotent && !full.on_body) return net::send_with_retry(*client, full, m_retry);
  return client->send(full);
}

util::Result<net::Response> Connection::call(net::Request request, bool idempotent) {
  Identity id;
  auto result = attempt(request, idempotent, id);
  if (result.ok() && result->status == 401 && m_credentials->invalidate(id.generation)) {
    spdlog::debug("{} {}: 401, refreshing exec credentials", request.method, request.url);
    result = attempt(request, idempotent, id);
  }
  return result;
}

}  // namespace cococtl::kube::detail
