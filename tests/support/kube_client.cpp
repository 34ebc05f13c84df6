#include "support/kube_client.hpp"

#include "support/files.hpp"
#include "support/test_pki.hpp"

#include <openssl/evp.h>

#include <stdexcept>

namespace cococtl::test {
namespace {

std::string base64(const std::string& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

}  // namespace

std::string kubeconfig_for(const std::string& server, const std::string& user_block, const std::string& cluster_extra) {
  const std::string trust = cluster_extra.empty()
                                ? "    certificate-authority-data: " + base64(slurp(test_pki().ca_cert)) + "\n"
                                : cluster_extra;
  return "apiVersion: v1\nkind: Config\nclusters:\n- name: test\n  cluster:\n    server: " + server + "\n" + trust +
         "contexts:\n- name: test\n  context:\n    cluster: test\n    user: u\n    namespace: ns1\n"
         "current-context: test\nusers:\n- name: u\n  user:\n" +
         user_block;
}

kube::ConnectOptions options_for(const std::string& file) {
  kube::ConnectOptions options;
  options.kubeconfig.kubeconfig = file;
  options.retry = {.max_attempts = 10, .backoff = {std::chrono::milliseconds(1), std::chrono::milliseconds(10)}};
  return options;
}

std::unique_ptr<kube::Cluster> connect(const std::string& kubeconfig_file) {
  auto cluster = kube::Cluster::connect(options_for(kubeconfig_file));
  if (!cluster.ok()) throw std::runtime_error("connect failed: " + cluster.error().message);
  return std::move(*cluster);
}

}  // namespace cococtl::test
