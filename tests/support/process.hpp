#pragma once
// Test helpers that run programs with bounded waits: a scratch folder removed on scope exit,
// a one-shot command runner (kubectl, cococtl) with a deadline, and the environment builder
// they share.

#include "support/temp_dir.hpp"

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cococtl::test {

// Changes to the inherited environment: a value sets the variable, nullopt removes it.
using EnvOverrides = std::map<std::string, std::optional<std::string>>;

struct CommandResult {
  int exit_code = -1;  // the exit status, 128+N when killed by signal N
  bool timed_out = false;
  std::string out;
  std::string err;
};

// Runs `argv` (argv[0] looked up in PATH) with `env_overrides` added to the current environment
// and `input` on stdin; kills its process group when `timeout` passes.
CommandResult run_command(const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
                          const EnvOverrides& env_overrides = {}, const std::string& input = "");

// A long-running child (a registry, a server): output appended to files, killed and reaped by
// the destructor so it never outlives its test.
class ChildProcess {
 public:
  // Starts `argv` with stdout/stderr appended to the given files. Throws std::runtime_error.
  ChildProcess(const std::vector<std::string>& argv, const std::filesystem::path& out, const std::filesystem::path& err,
               const EnvOverrides& env = {});
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return m_pid; }
  // True while the process has not exited.
  bool running();
  // Waits at most `limit`; returns the exit code (128+signal when killed), or nullopt on timeout.
  std::optional<int> wait_for(std::chrono::milliseconds limit);
  // SIGKILL and reap (idempotent).
  void kill();

 private:
  pid_t m_pid = -1;
  std::optional<int> m_status;
};

// The current environment with `overrides` applied, as "KEY=VALUE" strings.
std::vector<std::string> environment_with(const EnvOverrides& overrides);

}  // namespace cococtl::test
