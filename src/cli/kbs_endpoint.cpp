// The KBS endpoint flags and defaults shared by `cococtl kbs` and `cococtl attest check`.
#include "kbs_endpoint.hpp"

#include <cococtl/install/kbs_endpoint.hpp>
#include <cococtl/secrets/spec.hpp>

#include <spdlog/spdlog.h>

namespace cococtl::cli {

util::Result<kbs::Endpoint> kbs_endpoint(const KbsEndpointFlags& f, const GlobalOptions& global) {
  kbs::Endpoint out{.url = f.url, .connect_to = f.connect_to, .timeout = std::chrono::seconds(f.timeout_seconds)};
  if (out.url.empty()) {
    // One attempt: without a reachable cluster the URL comes from values.
    kube::ConnectOptions options{.kubeconfig = {.kubeconfig = f.kubeconfig, .context = f.context},
                                 .retry = {.max_attempts = 1}};
    auto cluster = kube::Cluster::connect(options);
    COCO_TRY_ASSIGN(out.url, install::attest::default_kbs_url(cluster ? cluster->get() : nullptr, global.workspace));
  }
  COCO_TRY_ASSIGN(out.ca_pem, install::attest::read_key_file(global.workspace, f.ca, "--kbs-ca",
                                                             secrets::file::kbs_tls_ca_cert, "the KBS CA"));
  spdlog::info("KBS {}", out.url);
  return out;
}

void add_kbs_endpoint_flags(CLI::App* cmd, KbsEndpointFlags& f) {
  cmd->add_option("--kbs-url", f.url,
                  "KBS base URL (default: the kbs Route's host in the cluster, else https://kbs.<hubClusterDomain>)");
  cmd->add_option("--kbs-ca", f.ca,
                  "CA certificate (PEM) of the KBS HTTPS certificate (default: kbs-tls-ca.crt in the secrets dir)");
  cmd->add_option("--connect-to", f.connect_to,
                  "HOST:PORT:ADDR:PORT: connect there instead, still verifying HOST (repeatable)")
      ->allow_extra_args(false);
  cmd->add_option("--kubeconfig", f.kubeconfig, "kubeconfig to find the kbs Route with");
  cmd->add_option("--context", f.context, "kubeconfig context");
}

}  // namespace cococtl::cli
