#pragma once
// Child processes for tests: started with posix_spawn, output to files, always killed and
// reaped by the destructor so no registry outlives its test.

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace cococtl::oci::test {

// Changes to the inherited environment: a value sets the variable, nullopt removes it.
using EnvChanges = std::map<std::string, std::optional<std::string>>;

class ChildProcess {
 public:
  // Starts `argv` with stdout/stderr appended to the given files. Throws std::runtime_error.
  ChildProcess(const std::vector<std::string>& argv, const std::filesystem::path& out, const std::filesystem::path& err,
               const EnvChanges& env = {});
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

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs a program to completion (killed after `limit`, then exit_code is -1) and captures its output.
RunResult run_program(const std::vector<std::string>& argv, const EnvChanges& env = {},
                      std::chrono::milliseconds limit = std::chrono::seconds(120));

// A fresh folder under /tmp, removed with everything in it by the destructor.
class TempDir {
 public:
  explicit TempDir(const std::string& prefix);
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return m_path; }
  std::filesystem::path operator/(const std::string& name) const { return m_path / name; }

 private:
  std::filesystem::path m_path;
};

// Whole file as a string ("" when missing); writes a file (throws on failure).
std::string slurp(const std::filesystem::path& path);
void spit(const std::filesystem::path& path, const std::string& content);

}  // namespace cococtl::oci::test
