#pragma once
// Who the client is: bearer token (static, tokenFile re-read every minute, exec plugin cached
// until expiry), basic auth, client certificate, impersonation headers.

#include "exec_plugin.hpp"

#include <cococtl/kube/kubeconfig.hpp>
#include <cococtl/util/result.hpp>

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace cococtl::kube::detail {

struct Identity {
  std::vector<std::pair<std::string, std::string>> headers;  // Authorization, Impersonate-*
  std::string client_cert_pem;
  std::string client_key_pem;
  std::uint64_t generation = 0;  // changes whenever exec credentials are replaced
};

class Credentials {
 public:
  // Reads static material (cert/key files) eagerly: fails with invalid_input naming the file.
  static util::Result<std::unique_ptr<Credentials>> create(const RestConfig& config);

  // The identity for the next request; runs the exec plugin when nothing valid is cached.
  // Thread-safe: concurrent callers share one plugin run.
  util::Result<Identity> current();

  // After a 401 with credentials of `generation`: forgets exec credentials (unless another
  // request already replaced them). True when a fresh attempt may succeed.
  bool invalidate(std::uint64_t generation);

 private:
  explicit Credentials(const RestConfig& config) : m_config(config) {}
  std::string bearer_token();
  util::Result<void> refresh_exec_locked();

  RestConfig m_config;
  std::string m_static_cert, m_static_key;
  std::mutex m_mutex;
  std::optional<ExecCredential> m_exec;
  std::uint64_t m_generation = 1;
  std::string m_file_token;
  std::chrono::steady_clock::time_point m_file_read{};
};

}  // namespace cococtl::kube::detail
