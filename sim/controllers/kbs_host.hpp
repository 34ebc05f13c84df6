#pragma once
// The KBS the simulated cluster hosts for the KbsConfig cococtl deployed: a coco_sim_kbs server
// on its own loopback port, built from exactly the objects the Trustee operator mounts
// (kbs_inputs.hpp). The Trustee controller serves, rebuilds and stops it on the tick thread;
// the kubelet asks it for resources as a TEE (cdh_fetch.hpp); the program announces it on stdout.

#include "kbs/inputs.hpp"
#include "kbs/server.hpp"

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace cococtl::sim {

struct HostedKbsInputs {
  kbs::KbsConfigInputs inputs;
  // The KbsConfig's and every object's resourceVersion: a change means the pod restarts.
  std::string fingerprint;
};

class KbsHost {
 public:
  using Sink = std::function<void(const std::string& line)>;
  ~KbsHost();

  // Serves `inputs` for host name `host`: starts the KBS, or rebuilds it when the fingerprint
  // changed (same port; a new one if the rebuild is refused), and announces it. Unusable inputs
  // stop it (see fail()).
  void serve(const HostedKbsInputs& inputs, const std::string& host, const std::string& deployment);
  // Stops the hosted KBS because its inputs are unusable; `deployment` ("ns/name") then counts as
  // crashing, as a KBS pod that cannot start. Logs `why` once per change.
  void fail(const std::string& why, const std::string& deployment);
  // Stops the hosted KBS (KbsConfig gone, shutdown); idempotent.
  void stop(const std::string& why);

  // Where "kbs listening on https://127.0.0.1:PORT for HOST" lines go; the line of a KBS
  // already running is written at once. Until set, announcements wait.
  void announce_to(Sink sink);

  // The running KBS's state and host name (nullptr / "" when none runs).
  std::shared_ptr<kbs::KbsState> state() const;
  std::string host() const;
  int port() const;
  // "ns/name" of the KBS Deployment whose pod cannot start, else "".
  std::string broken_deployment() const;
  // Why no KBS runs ("" when one does).
  std::string failure() const;

 private:
  void announce_locked();
  void stop_locked();

  mutable std::mutex m_mutex;
  std::unique_ptr<kbs::KbsServer> m_server;
  std::string m_fingerprint;
  std::string m_host;
  std::string m_broken;
  std::string m_failure = "no KbsConfig";
  Sink m_sink;
  bool m_pending = false;
};

}  // namespace cococtl::sim
