#pragma once
// Starts coco-cluster-sim as a child process on 127.0.0.1:0, waits (bounded) for its
// "listening on https://..." line, and stops it with SIGTERM in the destructor.

#include <string>
#include <vector>

namespace cococtl::testing {

class SimLauncher {
 public:
  // Extra flags (e.g. {"--fault-rate", "0.3"}) are appended. Throws when it does not start.
  explicit SimLauncher(const std::vector<std::string>& extra = {}, const std::string& profile = "azure");
  ~SimLauncher();
  SimLauncher(const SimLauncher&) = delete;
  SimLauncher& operator=(const SimLauncher&) = delete;

  const std::string& kubeconfig() const { return m_kubeconfig; }
  const std::string& url() const { return m_url; }

 private:
  void stop();
  int m_pid = -1;
  std::string m_dir;
  std::string m_kubeconfig;
  std::string m_url;
};

}  // namespace cococtl::testing
