#include "kube_helpers.hpp"

#include "base64.hpp"
#include "test_pki.hpp"

#include <stdexcept>

namespace cococtl::testing {

std::string kubeconfig_for(const std::string& server, const std::string& user_block, const std::string& cluster_extra) {
  const std::string trust = cluster_extra.empty()
                                ? "    certificate-authority-data: " + kube::detail::base64_encode(slurp(test_pki().ca_cert)) + "\n"
                                : cluster_extra;
  return "apiVersion: v1\nkind: Config\nclusters:\n- name: test\n  cluster:\n    server: " + server + "\n" + trust +
         "contexts:\n- name: test\n  context:\n    cluster: test\n    user: u\n    namespace: ns1\n"
         "current-context: test\nusers:\n- name: u\n  user:\n" + user_block;
}

kube::ConnectOptions options_for(const std::string& file) {
  kube::ConnectOptions options;
  options.kubeconfig.kubeconfig = file;
  options.retry = {10, std::chrono::milliseconds(1), std::chrono::milliseconds(10)};
  return options;
}

std::unique_ptr<kube::Cluster> connect(const std::string& kubeconfig_file) {
  auto cluster = kube::Cluster::connect(options_for(kubeconfig_file));
  if (!cluster.ok()) throw std::runtime_error("connect failed: " + cluster.error().message);
  return std::move(*cluster);
}

}  // namespace cococtl::testing
