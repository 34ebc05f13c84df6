#pragma once
// --kbs-url, --kbs-ca, --connect-to, --kubeconfig, --context: where the KBS is and how its TLS
// certificate is trusted, for every command that talks to it.

#include "global_options.hpp"

#include <cococtl/kbs/endpoint.hpp>
#include <cococtl/util/result.hpp>

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace cococtl::cli {

struct KbsEndpointFlags {
  std::string url, ca, kubeconfig, context;
  std::vector<std::string> connect_to;
  int timeout_seconds = 30;
};

// Declares --kbs-url, --kbs-ca, --connect-to, --kubeconfig and --context on `cmd`.
void add_kbs_endpoint_flags(CLI::App* cmd, KbsEndpointFlags& flags);

// The endpoint: --kbs-url, else the cluster's kbs Route (one attempt), else
// https://kbs.<hubClusterDomain>; the CA from --kbs-ca, else kbs-tls-ca.crt in the secrets dir.
// Fails (invalid_input) when no URL can be found or the CA cannot be read.
util::Result<kbs::Endpoint> kbs_endpoint(const KbsEndpointFlags& flags, const GlobalOptions& global);

}  // namespace cococtl::cli
