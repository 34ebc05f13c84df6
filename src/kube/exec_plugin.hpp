#pragma once
// Exec credential plugins (client.authentication.k8s.io/v1 and v1beta1).

#include <cococtl/kube/kubeconfig.hpp>
#include <cococtl/util/result.hpp>

#include <chrono>
#include <optional>
#include <string>

namespace cococtl::kube::detail {

struct ExecCredential {
  std::string token;
  std::string client_cert_pem;
  std::string client_key_pem;
  std::optional<std::chrono::system_clock::time_point> expiry;  // nullopt: valid for the process lifetime
};

// Runs the plugin with KUBERNETES_EXEC_INFO (and the cluster info when asked), its env added
// to ours, stderr passed through and stdin only when interactive. Fails (exit 1) when the
// command is missing (with its installHint), exits non-zero, or prints an invalid credential;
// stops the plugin (and, when not interactive, its whole process group) and fails with
// ExitCode::interrupted on SIGINT, and with ExitCode::timed_out when a non-interactive plugin
// takes longer than `timeout`.
util::Result<ExecCredential> run_exec_plugin(const ExecConfig& exec, const ClusterEntry& cluster,
                                             std::chrono::milliseconds timeout = std::chrono::seconds(60));

// Parses an ExecCredential document; `api_version` must match the one requested.
util::Result<ExecCredential> parse_exec_credential(const std::string& json_text, const std::string& api_version);

// Parses an RFC 3339 timestamp ("2030-01-02T03:04:05Z", fractions and offsets allowed).
std::optional<std::chrono::system_clock::time_point> parse_rfc3339(const std::string& text);

}  // namespace cococtl::kube::detail
