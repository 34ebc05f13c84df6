#pragma once
// The simulator's own PKI and credentials: a CA, a server certificate for 127.0.0.1/localhost,
// an admin client certificate (CN=sim-admin, O=system:masters) and two bearer tokens (admin
// and read-only). Persisted under --state-dir so a restarted simulator keeps its kubeconfig
// valid; and the kubeconfig that exposes all of it to kubectl and cococtl.

#include <cococtl/util/result.hpp>

#include <filesystem>
#include <optional>
#include <string>

namespace cococtl::sim {

struct Pki {
  std::string ca_cert_pem;
  std::string ca_key_pem;
  std::string server_cert_pem;
  std::string server_key_pem;
  std::string admin_cert_pem;
  std::string admin_key_pem;
  std::string admin_token;
  std::string readonly_token;
};

inline constexpr const char* k_admin_user = "sim-admin";
inline constexpr const char* k_readonly_user = "sim-readonly";

// Loads <state_dir>/pki.json, or creates fresh material (and saves it there, mode 0600, when a
// state folder is given). Fails when the saved file is unreadable or OpenSSL fails.
util::Result<Pki> load_or_create_pki(const std::optional<std::filesystem::path>& state_dir);

// Writes a kubeconfig (mode 0600): cluster "coco-cluster-sim" at `server_url` with the CA,
// contexts "sim" (client certificate, current), "sim-token" (admin token) and "sim-readonly"
// (read-only token), users "sim-admin", "sim-admin-token", "sim-readonly". With a `name` N
// every one of them is named after N instead (cluster and context N, N-token, N-readonly; users
// N-admin, N-admin-token, N-readonly), so several simulators' kubeconfigs merge as kubectl merges
// KUBECONFIG=a:b without collisions.
util::Result<void> write_kubeconfig(const std::filesystem::path& path, const std::string& server_url, const Pki& pki,
                                    const std::string& name = "");

}  // namespace cococtl::sim
