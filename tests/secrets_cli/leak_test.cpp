// Leak test: every command that touches key material runs at -vvv and with -o json, on success
// and error paths; no secret value and no line of a private key may appear on stdout or stderr.
#include "cli.hpp"

#include <optional>
#include <set>
#include <sstream>

using namespace cococtl;
using namespace cococtl::test;

namespace {

const char* k_private_files[] = {"kbsPrivateKey",    "kbs-tls-ca.key",   "kbs-tls.key",       "token-signing-ca.key",
                                 "token-signing.key", "pccs_private.pem", "pccs_user_token",   "pccs_admin_token",
                                 "kbsres1-key1",      "kbsres1-key2",     "kbsres1-key3",      "passphrase",
                                 "attestation-status-random", "id_rsa"};

// Every secret string currently on disk: whole values, and each base64 line of each private key.
void collect_secrets(const std::filesystem::path& dir, std::set<std::string>& secrets) {
  for (const char* name : k_private_files) {
    std::ifstream in(dir / name);
    REQUIRE(in);
    const std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (content.find("-----BEGIN") == std::string::npos) {
      secrets.insert(content);
      continue;
    }
    std::istringstream lines(content);
    for (std::string line; std::getline(lines, line);) {
      if (line.find("-----") == std::string::npos && line.size() >= 16) secrets.insert(line);
    }
  }
}

std::vector<std::string> leaks(const std::string& output, const std::set<std::string>& secrets) {
  std::vector<std::string> found;
  for (const auto& s : secrets) {
    if (output.find(s) != std::string::npos) found.push_back(s.substr(0, 6) + "...");
  }
  return found;
}

}  // namespace

TEST_CASE("no command prints secret material, at -vvv or as JSON, on success or failure") {
  ScratchDir home("leak");
  const auto dir = home.path() / ".coco-pattern";
  const std::string values = "--topology baremetal --set global.coco.enableSSHDebug=true ";
  std::set<std::string> secrets;
  std::string output;
  // `json_rc`: what -o json exits with (2 where the command has no JSON form).
  const auto run = [&](const std::string& args, int expected_rc, std::optional<int> json_rc = std::nullopt) {
    for (const char* mode : {"-vvv ", "-vvv -o json "}) {
      const auto r = run_cococtl(home, std::string(mode) + values + args);
      INFO(mode << args << "\n" << r.err);
      CHECK(r.rc ==
            (std::string(mode).find("json") != std::string::npos ? json_rc.value_or(expected_rc) : expected_rc));
      output += r.out + r.err;
      if (std::filesystem::exists(dir / "kbsPrivateKey")) collect_secrets(dir, secrets);
    }
  };
  run("secrets generate", 0);
  run("secrets generate --rotate kbsres1 --rotate pccs-tokens --rotate kbs-admin", 0);
  run("secrets check", 0);
  run("initdata", 0);
  run("initdata --print toml", 0, 2);
  run("initdata --print annotation", 0, 2);
  run("initdata --flavour debug --print digests", 0, 2);
  std::filesystem::permissions(dir / "kbs-tls.key", std::filesystem::perms(0644));
  std::filesystem::permissions(dir / "passphrase", std::filesystem::perms(0644));
  run("secrets check", 4);
  run("secrets generate", 3);
  std::filesystem::permissions(dir / "kbs-tls.key", std::filesystem::perms(0600));
  std::filesystem::permissions(dir / "passphrase", std::filesystem::perms(0600));
  std::ofstream(dir / "kbsPrivateKey", std::ios::trunc) << "-----BEGIN " "PRIVATE KEY-----\nMC4CAQAw\n";  // cut off
  run("secrets generate", 3);
  run("secrets check", 4);

  REQUIRE(secrets.size() > 40);  // the collection itself worked
  CHECK(leaks(output, secrets).empty());
  // Positive controls: the outputs are real, and the detector finds a secret when there is one.
  CHECK(output.find("sha256:") != std::string::npos);
  CHECK(output.find("debug") != std::string::npos);  // -vvv really logged
  CHECK(leaks("x" + *secrets.begin() + "y", secrets).size() == 1);
}
