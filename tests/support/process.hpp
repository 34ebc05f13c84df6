#pragma once
// Test helpers that run programs with bounded waits: a scratch folder removed on scope exit,
// a one-shot command runner (kubectl, cococtl) with a deadline, and the environment builder
// they share.

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace cococtl::test {

// A fresh folder under $TMPDIR (or /tmp), removed with everything in it on destruction.
class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "cococtl-test");
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return m_path; }

 private:
  std::filesystem::path m_path;
};

struct CommandResult {
  int exit_code = -1;  // the exit status, 128+N when killed by signal N
  bool timed_out = false;
  std::string out;
  std::string err;
};

// Runs `argv` (argv[0] looked up in PATH) with `env_overrides` added to the current environment
// and `input` on stdin; kills its process group when `timeout` passes.
CommandResult run_command(const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
                          const std::map<std::string, std::string>& env_overrides = {}, const std::string& input = "");

// The current environment with `overrides` applied, as "KEY=VALUE" strings.
std::vector<std::string> environment_with(const std::map<std::string, std::string>& overrides);

}  // namespace cococtl::test
