#pragma once
// SimProcess: runs build/bin/coco-cluster-sim for a test. start() launches it on
// 127.0.0.1:0 with its own kubeconfig and waits (bounded) for "listening on https://...";
// the destructor sends SIGTERM and reaps it (SIGKILL if it does not stop in time).

#include "support/process.hpp"

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cococtl::test {

struct SimOptions {
  std::string profile = "azure";
  int tick_ms = 20;
  std::optional<std::filesystem::path> state_dir;
  std::string name;                          // --name: kubeconfig names and apps domain unique to this simulator
  std::string domain;                        // --domain: the base domain
  std::vector<std::string> operator_faults;  // --operator-fault KEY=VALUE (sim/README.md)
  std::vector<std::string> extra_args;  // e.g. {"--fault-rate", "0.2", "--seed", "7"}
  std::chrono::milliseconds ready_timeout{30000};
};

class SimProcess {
 public:
  // Starts the simulator and waits for its ready line. Throws std::runtime_error (with the
  // simulator's stderr) when it exits or stays silent past options.ready_timeout.
  static std::unique_ptr<SimProcess> start(const SimOptions& options = {});
  ~SimProcess();
  SimProcess(const SimProcess&) = delete;
  SimProcess& operator=(const SimProcess&) = delete;

  int port() const { return m_port; }
  std::string url() const { return "https://127.0.0.1:" + std::to_string(m_port); }
  const std::filesystem::path& kubeconfig() const { return m_kubeconfig; }
  const std::filesystem::path& dir() const { return m_dir.path(); }
  pid_t pid() const { return m_pid; }
  // What the simulator wrote to stderr so far.
  std::string log() const;
  // SIGTERM, then waits up to `timeout` (SIGKILL after that). Returns the exit status; idempotent.
  int stop(std::chrono::milliseconds timeout = std::chrono::seconds(10));

 private:
  SimProcess() = default;

  TempDir m_dir{"coco-sim"};
  std::filesystem::path m_kubeconfig;
  pid_t m_pid = -1;
  int m_stdout = -1;
  int m_port = 0;
  int m_exit_status = -1;
};

}  // namespace cococtl::test
