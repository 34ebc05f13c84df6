#include "sim_launcher.hpp"

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fcntl.h>
#include <fstream>
#include <iterator>
#include <thread>
#include <spawn.h>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace cococtl::testing {
namespace {

constexpr auto k_start_timeout = std::chrono::seconds(20);

std::string slurp_file(const std::string& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Polls the child's log until the ready line; returns the URL or "" on timeout/exit.
std::string wait_ready(int pid, const std::string& log) {
  const auto deadline = std::chrono::steady_clock::now() + k_start_timeout;
  const std::string marker = "listening on ";
  while (std::chrono::steady_clock::now() < deadline) {
    const std::string output = slurp_file(log);
    const auto at = output.find(marker);
    const auto end = at == std::string::npos ? std::string::npos : output.find('\n', at);
    if (end != std::string::npos) return output.substr(at + marker.size(), end - at - marker.size());
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid) return {};
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return {};
}

}  // namespace

SimLauncher::SimLauncher(const std::vector<std::string>& extra, const std::string& profile) {
  char tmpl[] = "/tmp/cococtl-sim-XXXXXX";
  m_dir = ::mkdtemp(tmpl);
  m_kubeconfig = m_dir + "/kubeconfig";
  const std::string log = m_dir + "/sim.log";
  std::vector<std::string> args{std::string(COCOCTL_BINARY_DIR) + "/bin/coco-cluster-sim", "--profile", profile,
                                "--listen", "127.0.0.1:0", "--write-kubeconfig", m_kubeconfig};
  args.insert(args.end(), extra.begin(), extra.end());
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  const int rc = ::posix_spawn(&m_pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc == 0) m_url = wait_ready(m_pid, log);
  if (rc != 0 || m_url.empty()) {
    const std::string output = slurp_file(log);
    stop();
    throw std::runtime_error("coco-cluster-sim did not start: " + output);
  }
}

SimLauncher::~SimLauncher() { stop(); }

void SimLauncher::stop() {
  if (m_pid > 0) {
    ::kill(m_pid, SIGTERM);
    int status = 0;
    for (int i = 0; i < 100 && ::waitpid(m_pid, &status, WNOHANG) == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (::kill(m_pid, 0) == 0 && ::waitpid(m_pid, &status, WNOHANG) == 0) {
      ::kill(m_pid, SIGKILL);
      ::waitpid(m_pid, &status, 0);
    }
    m_pid = -1;
  }
  std::error_code ec;
  if (!m_dir.empty()) std::filesystem::remove_all(m_dir, ec);
  m_dir.clear();
}

}  // namespace cococtl::testing
