// Exec credential plugins that hang: a timeout, and SIGINT stops cococtl and the plugin's whole
// process group within a second.
#include "exec_plugin.hpp"

#include "fake_apiserver.hpp"
#include "support/files.hpp"
#include "support/kube_client.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "support/test_pki.hpp"

#include <catch2/catch.hpp>
#include <sys/stat.h>

#include <csignal>
#include <fstream>
#include <thread>

using namespace cococtl;
using namespace cococtl::test;

namespace {

// A plugin that records its pid and its child's, then waits for the child (30 s).
std::string hanging_plugin(const TempDir& dir) {
  const auto path = dir.write("plugin.sh", "#!/bin/sh\necho $$ > " + dir.file("plugin.pid") +
                                               ".tmp\nsleep 30 &\necho $! > " + dir.file("child.pid") + "\nmv " +
                                               dir.file("plugin.pid") + ".tmp " + dir.file("plugin.pid") + "\nwait\n");
  ::chmod(path.c_str(), 0755);
  return path.string();
}

pid_t read_pid(const std::string& file) {
  std::ifstream in(file);
  pid_t pid = -1;
  in >> pid;
  return pid;
}

// Gone, or a zombie nobody has reaped yet (it runs nothing any more).
bool gone(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return true;
  const auto close = line.rfind(')');
  return close != std::string::npos && line.compare(close + 2, 1, "Z") == 0;
}

bool gone_within(pid_t pid, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!gone(pid)) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

bool wait_for_file(const std::string& file, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!std::filesystem::exists(file)) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

}  // namespace

TEST_CASE("an exec plugin that does not answer in time is stopped with its children, exit code 5") {
  TempDir dir;
  kube::ExecConfig exec;
  exec.command = hanging_plugin(dir);
  exec.api_version = "client.authentication.k8s.io/v1";
  exec.interactive_mode = "Never";
  kube::ClusterEntry cluster;
  cluster.server = "https://127.0.0.1:1";
  const auto start = std::chrono::steady_clock::now();
  const auto result = kube::detail::run_exec_plugin(exec, cluster, std::chrono::milliseconds(500));
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(3));
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().code == util::ExitCode::timed_out);
  CHECK_THAT(result.error().message, Catch::Contains("did not answer within 500 ms and was stopped"));
  REQUIRE(std::filesystem::exists(dir.file("plugin.pid")));
  CHECK(gone_within(read_pid(dir.file("plugin.pid")), std::chrono::seconds(2)));
  CHECK(gone_within(read_pid(dir.file("child.pid")), std::chrono::seconds(2)));
}

TEST_CASE("SIGINT during an exec plugin: cococtl exits 130 within a second and the plugin is gone") {
  FakeApiServer server;
  TempDir dir;
  write_text(dir.file("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
  write_text(
      dir.file("kubeconfig"),
      kubeconfig_for(server.url(), "    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: " +
                                       hanging_plugin(dir) + "\n      interactiveMode: Never\n"));
  cococtl::test::ChildProcess cococtl({std::string(COCOCTL_BINARY_DIR) + "/bin/cococtl", "apply", "-f",
                                       dir.file("cm.yaml"), "--kubeconfig", dir.file("kubeconfig")},
                                      dir.file("out"), dir.file("err"));
  REQUIRE(wait_for_file(dir.file("plugin.pid"), std::chrono::seconds(20)));
  ::kill(cococtl.pid(), SIGINT);
  const auto code = cococtl.wait_for(std::chrono::seconds(1));
  INFO(slurp(dir.file("err")));
  REQUIRE(code.has_value());
  CHECK(*code == 130);
  CHECK_THAT(slurp(dir.file("err")), Catch::Contains("interrupted while running exec plugin"));
  CHECK(gone_within(read_pid(dir.file("plugin.pid")), std::chrono::seconds(1)));
  CHECK(gone_within(read_pid(dir.file("child.pid")), std::chrono::seconds(1)));
  CHECK(server.requests().empty());
}
