#pragma once
// The KBS over HTTPS (or plain HTTP when kbs-config.toml says insecure_http): a server on a
// loopback port that a test or the cluster simulator starts, rebuilds when the KbsConfig's inputs
// change, and stops.

#include <cococtl/util/result.hpp>
#include <memory>
#include <string>

#include "kbs/faults.hpp"
#include "kbs/inputs.hpp"
#include "kbs/state.hpp"

namespace cococtl::sim::kbs {

struct ServerOptions {
  std::string listen_host = "127.0.0.1";
  int port = 0;                            // 0 picks a free port
  std::string protocol_version = "0.4.0";  // what /auth accepts; "0.2.0"/"0.1.1" act as older Trustee
  FaultConfig faults{.rate = 0.0};
};

class KbsServer {
 public:
  // Builds the KBS from `inputs` and listens; connections are accepted once this returns.
  // Fails (invalid_input) on unusable inputs, (failure) when the address cannot be bound.
  static util::Result<std::unique_ptr<KbsServer>> start(const KbsConfigInputs& inputs, ServerOptions options);
  ~KbsServer();
  KbsServer(const KbsServer&) = delete;
  KbsServer& operator=(const KbsServer&) = delete;

  int port() const;
  // True when serving HTTPS (insecure_http is false).
  bool https() const;
  // Replaces the whole state with one built from `inputs`, atomically for new requests (requests
  // in flight finish on the old state); sessions and admin-API changes are dropped, as when the
  // operator restarts the KBS pod. Fails (invalid_input) on unusable inputs or a change of
  // insecure_http, keeping the old state.
  util::Result<void> rebuild(const KbsConfigInputs& inputs);
  // Stops serving (idempotent); idle keep-alive connections may hold it up to 2 s.
  void stop();
  // The current state (tests, hosting).
  std::shared_ptr<KbsState> state() const;

  struct Impl;

 private:
  explicit KbsServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

}  // namespace cococtl::sim::kbs
