#pragma once
// One API server connection: the HttpClient (rebuilt only when exec credentials change the
// client certificate), identity headers, retries for idempotent calls, re-auth on 401.

#include "credentials.hpp"

#include <cococtl/kube/kubeconfig.hpp>
#include <cococtl/net/http.hpp>
#include <cococtl/net/retry.hpp>

#include <memory>
#include <mutex>

namespace cococtl::kube::detail {

class Connection {
 public:
  // Fails with invalid_input for unreadable certificate/key files.
  static util::Result<std::unique_ptr<Connection>> create(const RestConfig& config, net::RetryPolicy retry);

  // Sends `request` whose url is a path ("/api/v1/..."); adds the server, identity and default
  // headers. Idempotent calls are retried (429/5xx/resets). A 401 with exec credentials re-runs
  // the plugin and tries once more. Transport failures are errors; any HTTP status is a value.
  util::Result<net::Response> call(net::Request request, bool idempotent);

  const RestConfig& config() const { return m_config; }

 private:
  Connection(const RestConfig& config, net::RetryPolicy retry) : m_config(config), m_retry(retry) {}
  std::shared_ptr<net::HttpClient> client_for(const Identity& id);
  util::Result<net::Response> attempt(const net::Request& request, bool idempotent, Identity& id);

  RestConfig m_config;
  net::RetryPolicy m_retry;
  std::unique_ptr<Credentials> m_credentials;
  std::mutex m_mutex;
  std::shared_ptr<net::HttpClient> m_client;
  std::string m_client_cert;  // the certificate m_client was built with
  bool m_send_credentials = true;
};

}  // namespace cococtl::kube::detail
