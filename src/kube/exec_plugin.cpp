#include "exec_plugin.hpp"

#include "base64.hpp"

#include <cococtl/util/interrupt.hpp>

#include <fcntl.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <poll.h>
#include <spawn.h>
#include <spdlog/spdlog.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <ctime>
#include <optional>

extern char** environ;

namespace cococtl::kube::detail {
namespace {

std::string exec_info(const ExecConfig& exec, const ClusterEntry& cluster, bool interactive) {
  nlohmann::json spec{{"interactive", interactive}};
  if (exec.provide_cluster_info) {
    nlohmann::json c{{"server", cluster.server}, {"insecure-skip-tls-verify", cluster.insecure_skip_tls_verify}};
    if (!cluster.tls_server_name.empty()) c["tls-server-name"] = cluster.tls_server_name;
    if (!cluster.proxy_url.empty()) c["proxy-url"] = cluster.proxy_url;
    if (!cluster.certificate_authority_data.empty()) c["certificate-authority-data"] = base64_encode(cluster.certificate_authority_data);
    if (!cluster.exec_extension.is_null()) c["config"] = cluster.exec_extension;
    spec["cluster"] = c;
  }
  return nlohmann::json{{"apiVersion", exec.api_version}, {"kind", "ExecCredential"}, {"spec", spec}}.dump();
}

std::vector<std::string> environment(const ExecConfig& exec, const std::string& info) {
  std::vector<std::string> env;
  for (char** e = environ; e && *e; ++e) env.emplace_back(*e);
  for (const auto& [name, value] : exec.env) env.push_back(name + "=" + value);
  env.push_back("KUBERNETES_EXEC_INFO=" + info);
  return env;
}

struct Spawned {
  pid_t pid = -1;
  int out_fd = -1;
  int error = 0;
};

// A plugin without the terminal gets a process group of its own, so stopping it stops whatever it
// started too. An interactive one stays in ours: in another group, reading the terminal would stop it.
Spawned spawn(const ExecConfig& exec, std::vector<std::string> env, bool interactive) {
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) return {-1, -1, errno};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  if (!interactive) posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  if (!interactive) {
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attributes, 0);
  }
  std::vector<std::string> args{exec.command};
  args.insert(args.end(), exec.args.begin(), exec.args.end());
  std::vector<char*> argv, envp;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);
  Spawned out;
  out.error = ::posix_spawnp(&out.pid, exec.command.c_str(), &actions, &attributes, argv.data(), envp.data());
  posix_spawnattr_destroy(&attributes);
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipe_fds[1]);
  out.out_fd = pipe_fds[0];
  return out;
}

// Runs alongside the plugin: collects its output and exit status, and stops it (SIGTERM, then
// SIGKILL half a second later) on SIGINT or when the deadline passes.
class PluginRun {
 public:
  // `timeout`: nullopt for none.
  PluginRun(const Spawned& child, bool own_group, std::string command, std::optional<std::chrono::milliseconds> timeout)
      : m_pid(child.pid),
        m_fd(child.out_fd),
        m_target(own_group ? -child.pid : child.pid),
        m_command(std::move(command)),
        m_timeout(timeout),
        m_start(std::chrono::steady_clock::now()) {}
  ~PluginRun() {
    if (m_fd >= 0) ::close(m_fd);
    if (!m_reaped) stop();
  }
  PluginRun(const PluginRun&) = delete;
  PluginRun& operator=(const PluginRun&) = delete;

  // The output once the plugin exited (its wait status in `status`).
  util::Result<std::string> wait(int& status) {
    while (!m_reaped) {
      if (util::interrupted()) {
        stop();
        return util::Error{util::ExitCode::interrupted, "interrupted while running exec plugin " + m_command};
      }
      if (m_timeout && std::chrono::steady_clock::now() - m_start > *m_timeout) {
        stop();
        return util::Error{
            util::ExitCode::timed_out,
            fmt::format("exec plugin {} did not answer within {} ms and was stopped", m_command, m_timeout->count())};
      }
      if (m_fd >= 0) {
        read_some();
      } else if (const pid_t done = ::waitpid(m_pid, &status, WNOHANG); done == m_pid) {
        m_reaped = true;
      } else if (done < 0 && errno != EINTR) {
        return util::failure(fmt::format("exec plugin {}: waitpid: {}", m_command, std::strerror(errno)));
      } else {
        ::poll(nullptr, 0, 20);  // it closed its output but has not exited yet
      }
    }
    return m_output;
  }

 private:
  void read_some() {
    pollfd p{m_fd, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) return;  // 100 ms slices: SIGINT and the deadline are noticed quickly
    char buffer[4096];
    const ssize_t n = ::read(m_fd, buffer, sizeof buffer);
    if (n > 0) return m_output.append(buffer, static_cast<std::size_t>(n)), void();
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) return;
    ::close(m_fd);
    m_fd = -1;
  }

  void stop() {
    ::kill(m_target, SIGTERM);
    int status = 0;
    bool exited = false;
    for (int i = 0; i < 25 && !exited; ++i) {
      exited = ::waitpid(m_pid, &status, WNOHANG) == m_pid;
      if (!exited) ::poll(nullptr, 0, 20);
    }
    // A group may outlive its leader (a child ignoring SIGTERM); a lone plugin already reaped is
    // left alone, its pid may belong to someone else by now.
    if (m_target < 0 || !exited) ::kill(m_target, SIGKILL);
    while (!exited && ::waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {
    }
    m_reaped = true;
  }

  pid_t m_pid;
  int m_fd;
  pid_t m_target;  // what signals go to: the plugin's process group, or the plugin alone
  std::string m_command;
  std::optional<std::chrono::milliseconds> m_timeout;
  std::chrono::steady_clock::time_point m_start;
  std::string m_output;
  bool m_reaped = false;
};

util::Result<bool> interactive_for(const ExecConfig& exec) {
  const bool tty = ::isatty(STDIN_FILENO) == 1;
  if (exec.interactive_mode == "Never") return false;
  if (exec.interactive_mode == "Always" && !tty) {
    return util::failure(fmt::format("exec plugin {} needs an interactive terminal (interactiveMode: Always)", exec.command));
  }
  return tty;
}

}  // namespace

util::Result<ExecCredential> run_exec_plugin(const ExecConfig& exec, const ClusterEntry& cluster,
                                             std::chrono::milliseconds timeout) {
  COCO_TRY_ASSIGN(const bool interactive, interactive_for(exec));
  spdlog::debug("running exec credential plugin {}", exec.command);
  Spawned child = spawn(exec, environment(exec, exec_info(exec, cluster, interactive)), interactive);
  if (child.error != 0) {
    if (child.out_fd >= 0) ::close(child.out_fd);
    const std::string hint = exec.install_hint.empty() ? "" : "\n" + exec.install_hint;
    return util::failure(fmt::format("exec plugin {}: cannot run it: {}{}", exec.command, std::strerror(child.error), hint));
  }
  // A person answering a prompt takes the time they need; Ctrl-C still stops it.
  PluginRun run(child, !interactive, exec.command, interactive ? std::nullopt : std::optional(timeout));
  int status = 0;
  COCO_TRY_ASSIGN(const std::string output, run.wait(status));
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return util::failure(fmt::format("exec plugin {} failed with exit code {}", exec.command, code));
  }
  return parse_exec_credential(output, exec.api_version).context("exec plugin " + exec.command);
}

util::Result<ExecCredential> parse_exec_credential(const std::string& json_text, const std::string& api_version) {
  const auto json = nlohmann::json::parse(json_text, nullptr, false);
  if (!json.is_object()) return util::failure("output is not a JSON ExecCredential");
  if (json.value("apiVersion", "") != api_version) {
    return util::failure(fmt::format("answered apiVersion \"{}\", expected \"{}\"", json.value("apiVersion", ""), api_version));
  }
  if (json.value("kind", "") != "ExecCredential") return util::failure("output is not an ExecCredential");
  const auto status = json.find("status");
  if (status == json.end() || !status->is_object()) return util::failure("ExecCredential has no status");
  ExecCredential cred{status->value("token", ""), status->value("clientCertificateData", ""), status->value("clientKeyData", ""), {}};
  if (cred.client_cert_pem.empty() != cred.client_key_pem.empty()) {
    return util::failure("ExecCredential must set both clientCertificateData and clientKeyData, or neither");
  }
  if (cred.token.empty() && cred.client_cert_pem.empty()) return util::failure("ExecCredential carries no token and no client certificate");
  if (const auto expiry = status->value("expirationTimestamp", ""); !expiry.empty()) {
    cred.expiry = parse_rfc3339(expiry);
    if (!cred.expiry) return util::failure(fmt::format("expirationTimestamp \"{}\" is not RFC 3339", expiry));
  }
  return cred;
}

std::optional<std::chrono::system_clock::time_point> parse_rfc3339(const std::string& text) {
  std::tm tm{};
  int consumed = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
                  &tm.tm_sec, &consumed) != 6) {
    return std::nullopt;
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  std::size_t pos = static_cast<std::size_t>(consumed);
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) ++pos;
  }
  long offset = 0;
  const std::string zone = text.substr(pos);
  int oh = 0, om = 0;
  if (zone == "Z" || zone == "z") {
    offset = 0;
  } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && std::sscanf(zone.c_str() + 1, "%2d:%2d", &oh, &om) == 2) {
    offset = (zone[0] == '+' ? 1 : -1) * (oh * 3600L + om * 60L);
  } else {
    return std::nullopt;
  }
  // system_clock counts nanoseconds in 64 bits (up to 2262): later expiries mean "no expiry" anyway.
  constexpr std::time_t k_year_2200 = 7258118400;
  return std::chrono::system_clock::from_time_t(std::min(::timegm(&tm) - offset, k_year_2200));
}

}  // namespace cococtl::kube::detail
