#pragma once
// The HTTPS front of the simulated cluster: TLS with client-certificate or bearer-token
// authentication, RBAC authorization, fault injection, and routing to discovery, OpenAPI,
// resources and watches.

#include "sim/api/api.hpp"
#include "sim/http/auth.hpp"
#include "sim/http/faults.hpp"

#include <cococtl/util/result.hpp>

#include <atomic>
#include <memory>
#include <optional>
#include <string>

namespace cococtl::sim {

class PodPayloads;

struct TlsMaterial {
  std::string server_cert_pem;
  std::string server_key_pem;
  std::string client_ca_pem;  // client certificates must chain to it
};

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 0;
  std::optional<TlsMaterial> tls;    // nullopt: plain HTTP (in-process tests only)
  bool anonymous_is_admin = false;   // plain HTTP tests: requests without credentials act as admin
  int latency_ms = 0;
  FaultConfig faults;
  std::string kubernetes_version = "v1.32.5";
  int bookmark_interval_ms = 1000;
  const PodPayloads* payloads = nullptr;  // what simulated Pods serve (service proxy); null: nothing
};

class ClusterServer {
 public:
  ClusterServer(Api& api, const TokenAuthenticator& tokens, ServerOptions options);
  ~ClusterServer();
  ClusterServer(const ClusterServer&) = delete;
  ClusterServer& operator=(const ClusterServer&) = delete;

  // Binds the listening socket; returns the port. Fails when TLS material is unusable or the
  // address cannot be bound.
  util::Result<int> bind();
  // Serves until stop() (blocking).
  void serve();
  // Stops serving; open watches end. Safe from any thread.
  void stop();

  struct Impl;

 private:
  std::unique_ptr<Impl> m_impl;
};

}  // namespace cococtl::sim
