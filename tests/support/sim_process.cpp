#include "support/sim_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace cococtl::test {
namespace {

int status_code(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : -1;
}

}  // namespace

std::unique_ptr<SimProcess> SimProcess::start(const SimOptions& options) {
  std::unique_ptr<SimProcess> sim(new SimProcess());
  sim->m_kubeconfig = sim->dir() / "kubeconfig";
  std::vector<std::string> args = {COCOCTL_SIM_BINARY, "--profile", options.profile, "--listen", "127.0.0.1:0",
                                   "--write-kubeconfig", sim->m_kubeconfig.string(), "--tick-ms",
                                   std::to_string(options.tick_ms), "-v"};
  if (options.state_dir) args.insert(args.end(), {"--state-dir", options.state_dir->string()});
  if (!options.name.empty()) args.insert(args.end(), {"--name", options.name});
  if (!options.domain.empty()) args.insert(args.end(), {"--domain", options.domain});
  for (const auto& fault : options.operator_faults) args.insert(args.end(), {"--operator-fault", fault});
  args.insert(args.end(), options.extra_args.begin(), options.extra_args.end());
  std::vector<char*> c_args;
  for (auto& a : args) c_args.push_back(a.data());
  c_args.push_back(nullptr);
  const std::string log_path = (sim->dir() / "sim.log").string();
  int out_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  const int log_fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  sim->m_pid = ::fork();
  if (sim->m_pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);  // a crashed test must not leave the simulator running
    ::dup2(out_pipe[1], 1);
    ::dup2(log_fd, 2);
    ::execv(c_args[0], c_args.data());
    ::_exit(127);
  }
  ::close(out_pipe[1]);
  ::close(log_fd);
  sim->m_stdout = out_pipe[0];

  static const std::regex k_ready(R"(listening on https://127\.0\.0\.1:([0-9]+))");
  const auto deadline = std::chrono::steady_clock::now() + options.ready_timeout;
  std::string seen;
  std::smatch match;
  while (!std::regex_search(seen, match, k_ready)) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    pollfd fd{sim->m_stdout, POLLIN, 0};
    if (left.count() <= 0 || ::poll(&fd, 1, static_cast<int>(left.count())) <= 0) {
      throw std::runtime_error("coco-cluster-sim did not report ready in time:\n" + sim->log());
    }
    char buffer[4096];
    const ssize_t n = ::read(sim->m_stdout, buffer, sizeof buffer);
    if (n <= 0) throw std::runtime_error("coco-cluster-sim exited before it was ready:\n" + sim->log());
    seen.append(buffer, static_cast<std::size_t>(n));
  }
  sim->m_port = std::stoi(match[1].str());
  return sim;
}

SimProcess::~SimProcess() {
  stop();
  if (m_stdout >= 0) ::close(m_stdout);
}

std::string SimProcess::log() const {
  std::ifstream in(dir() / "sim.log");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

int SimProcess::stop(std::chrono::milliseconds timeout) {
  if (m_pid <= 0) return m_exit_status;
  ::kill(m_pid, SIGTERM);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  while (::waitpid(m_pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() >= deadline) {
      ::kill(m_pid, SIGKILL);
      ::waitpid(m_pid, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  m_exit_status = status_code(status);
  m_pid = -1;
  return m_exit_status;
}

}  // namespace cococtl::test
