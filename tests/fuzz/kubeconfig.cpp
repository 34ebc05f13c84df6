// Fuzz target: a kubeconfig file, parsed and resolved to a connection (context, cluster, user)
// as `cococtl apply --kubeconfig FILE` does before it connects. Nothing runs: exec plugins are
// only read. The environment is not consulted.

#include "fuzz_support.hpp"

#include <cococtl/kube/kubeconfig.hpp>

using namespace cococtl;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  kube::LoadOptions options;
  options.kubeconfig = test::fuzz::write_input("kubeconfig", data, size).string();
  options.kubeconfig_env = "";
  options.home = test::fuzz::scratch_dir().string();
  options.service_host = "";
  options.service_port = "";
  options.pod_namespace = "";
  options.in_cluster_dir = (test::fuzz::scratch_dir() / "no-service-account").string();
  (void)kube::load_rest_config(options);
  return 0;
}
