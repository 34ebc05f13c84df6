#include "cluster_flags.hpp"

#include "flags.hpp"

namespace cococtl::cli {

void add_cluster_flags(CLI::App* cmd, ClusterFlags& flags) {
  takes_file(
      cmd->add_option("--kubeconfig", flags.kubeconfig, "kubeconfig file (default: $KUBECONFIG, else ~/.kube/config)"));
  cmd->add_option("--context", flags.context, "kubeconfig context (default: current-context)");
}

util::Result<std::unique_ptr<kube::Cluster>> connect(const ClusterFlags& flags) {
  kube::ConnectOptions options;
  options.kubeconfig.kubeconfig = flags.kubeconfig;
  options.kubeconfig.context = flags.context;
  return kube::Cluster::connect(options);
}

}  // namespace cococtl::cli
