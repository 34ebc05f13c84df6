// Crash safety: `cococtl secrets generate --force` is killed with SIGKILL at random moments. After
// every kill each file must be absent, its previous version, or a complete new version; the
// next normal run must leave a folder that `secrets check` passes.
#include <cococtl/crypto/certificate.hpp>

#include "cli.hpp"

#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <map>
#include <random>
#include <regex>
#include <spawn.h>
#include <sys/wait.h>

extern char** environ;

using namespace cococtl;
using namespace cococtl::test;

namespace {

using Files = std::map<std::string, std::string>;

Files read_dir(const std::filesystem::path& dir) {
  Files out;
  if (!std::filesystem::exists(dir)) return out;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(e.path(), std::ios::binary);
    out[e.path().filename().string()] = {(std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>()};
  }
  return out;
}

bool all_of_set(const std::string& s, const char* set) { return s.find_first_not_of(set) == std::string::npos; }

// True when `content` is a whole, valid version of file `name` (a cut-off write never is).
bool complete(const std::string& name, const std::string& content) {
  static const char* k_alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  if (name.ends_with(".crt") || name == "pccs_certificate.pem") {
    return crypto::Certificate::from_pem(content).ok() && content.ends_with("-----END CERTIFICATE-----\n");
  }
  if (name.ends_with(".key") || name == "kbsPrivateKey" || name == "pccs_private.pem") {
    return crypto::PrivateKey::from_pem(content).ok() && content.ends_with("-----END PRIVATE KEY-----\n");
  }
  if (name == "kbsPublicKey") return crypto::PublicKey::from_pem(content).ok() && content.ends_with("-----\n");
  if (name.ends_with("_hash")) return content.size() == 128 && all_of_set(content, "0123456789abcdef");
  return content.size() == 32 && all_of_set(content, k_alnum);
}

pid_t spawn_generate(const ScratchDir& home) {
  static const std::string home_env = "HOME=" + home.path().string();
  std::vector<std::string> args = {k_cococtl, "--topology", "baremetal", "secrets", "generate", "--force"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<char*> envp = {const_cast<char*>(home_env.c_str()), nullptr};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = -1;
  REQUIRE(posix_spawn(&pid, k_cococtl.c_str(), &actions, nullptr, argv.data(), envp.data()) == 0);
  posix_spawn_file_actions_destroy(&actions);
  return pid;
}

// Waits for `pid`; true when it was killed by SIGKILL (false when it finished first).
bool reap(pid_t pid) {
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  if (WIFEXITED(status)) CHECK(WEXITSTATUS(status) == 0);
  return WIFSIGNALED(status);
}

std::chrono::microseconds timed_full_run(const ScratchDir& home) {
  const auto start = std::chrono::steady_clock::now();
  CHECK_FALSE(reap(spawn_generate(home)));
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start);
}

void check_files_after_kill(const Files& before, const Files& after) {
  static const std::regex k_temp(R"(\..+\.tmp-[0-9a-f]{8})");
  for (const auto& [name, content] : after) {
    if (name == ".lock" || std::regex_match(name, k_temp)) continue;  // temp files: cleaned by the next run
    INFO(name);
    const bool old_version = before.count(name) && before.at(name) == content;
    CHECK((old_version || complete(name, content)));
  }
}

}  // namespace

TEST_CASE("kill -9 at random points never leaves a partial file, and the next run repairs everything") {
  ScratchDir home("crash");
  const auto dir = home.path() / ".coco-pattern";
  const auto full = timed_full_run(home);  // also proves a whole run works
  std::random_device rd;
  const unsigned seed = rd();
  INFO("seed " << seed << ", full run " << full.count() << " us");
  std::mt19937 rng(seed);
  std::uniform_int_distribution<long> delay(0, full.count());
  constexpr int k_iterations = 40;
  int killed = 0;
  for (int i = 0; i < k_iterations; ++i) {
    const Files before = read_dir(dir);
    const pid_t pid = spawn_generate(home);
    ::usleep(static_cast<useconds_t>(delay(rng)));
    ::kill(pid, SIGKILL);
    killed += reap(pid) ? 1 : 0;
    check_files_after_kill(before, read_dir(dir));
  }
  INFO(killed << " of " << k_iterations << " runs killed");
  CHECK(killed >= k_iterations / 4);  // many runs really were interrupted (typically ~60%)
  auto repair = run_cococtl(home, "--topology baremetal secrets generate");
  CHECK(repair.rc == 0);
  auto check = run_cococtl(home, "--topology baremetal secrets check");
  CHECK(check.rc == 0);
  INFO(check.out);
  for (const auto& [name, content] : read_dir(dir)) CHECK(name.find(".tmp-") == std::string::npos);
}
