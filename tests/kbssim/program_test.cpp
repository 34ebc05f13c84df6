// The coco-kbs-sim program: ready line, serving, exit codes, SIGTERM.
#include "kbssim/fixture.hpp"
#include "support/files.hpp"

#include <catch2/catch.hpp>

#include <csignal>
#include <regex>
#include <thread>

using namespace cococtl::test;
using namespace cococtl::test::kbssim;

namespace {

std::vector<std::string> program_args(const TempDir& dir, const Material& m) {
  dir.write("kbs-config.toml", m.inputs.kbs_config_toml);
  dir.write("admin.pub", m.inputs.admin_public_key_pem);
  dir.write("tls.crt", m.inputs.https_cert_pem);
  dir.write("tls.key", m.inputs.https_key_pem);
  dir.write("token.key", m.inputs.token_key_pem);
  dir.write("token.crt", m.inputs.token_cert_chain_pem);
  dir.write("default_cpu.rego", m.inputs.attestation_policy_rego);
  dir.write("resources/default/kbsres1/key1", k_secret);
  return {COCOCTL_KBS_SIM_BINARY,       "--config",
          dir.file("kbs-config.toml"),  "--admin-public-key",
          dir.file("admin.pub"),        "--https-cert",
          dir.file("tls.crt"),          "--https-key",
          dir.file("tls.key"),          "--token-key",
          dir.file("token.key"),        "--token-cert",
          dir.file("token.crt"),        "--attestation-policy",
          dir.file("default_cpu.rego"), "--resources-dir",
          dir.file("resources")};
}

}  // namespace

TEST_CASE("coco-kbs-sim prints its address when ready, serves HTTPS and stops on SIGTERM") {
  TempDir dir("kbssim-program");
  const Material m = make_material();
  dir.write("ca.pem", m.ca_pem);
  ChildProcess kbs(program_args(dir, m), dir.path() / "out", dir.path() / "err");
  const std::regex ready(R"(kbs listening on https://127\.0\.0\.1:(\d+) for kbs\.example\.test\n)");
  std::smatch match;
  std::string out;
  for (int i = 0; i < 1000 && !std::regex_search(out, match, ready); ++i) {  // at most 10 s
    REQUIRE(kbs.running());
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    out = slurp(dir.file("out"));
  }
  REQUIRE(std::regex_search(out, match, ready));
  const std::string port = match[1];
  const auto auth = run_command(
      {"curl", "-sS", "--cacert", dir.file("ca.pem"), "--resolve", std::string(k_host) + ":" + port + ":127.0.0.1",
       "-d", R"({"version":"0.4.0","tee":"sample","extra-params":""})",
       "https://" + std::string(k_host) + ":" + port + "/kbs/v0/auth"},
      std::chrono::seconds(20));
  CHECK(auth.exit_code == 0);
  CHECK(auth.out.find("\"nonce\":") != std::string::npos);
  ::kill(kbs.pid(), SIGTERM);
  CHECK(kbs.wait_for(std::chrono::seconds(10)) == 0);
  CHECK(slurp(dir.file("out")) == out);  // nothing but the ready line on stdout
}

TEST_CASE("coco-kbs-sim exits 2 on bad flags and 3 on unusable inputs") {
  TempDir dir("kbssim-program");
  Material m = make_material();
  auto args = program_args(dir, m);
  args.insert(args.end(), {"--listen", "nowhere"});
  const auto usage = run_command(args, std::chrono::seconds(10));
  CHECK(usage.exit_code == 2);
  CHECK(usage.err.find("--listen wants HOST:PORT") != std::string::npos);
  CHECK(run_command({COCOCTL_KBS_SIM_BINARY, "--no-such-flag"}, std::chrono::seconds(10)).exit_code == 2);
  const auto missing = run_command({COCOCTL_KBS_SIM_BINARY, "--config", dir.file("absent")}, std::chrono::seconds(10));
  CHECK(missing.exit_code == 3);
  CHECK(missing.err.find("--config: cannot read") != std::string::npos);
  m.inputs.kbs_config_toml = "[admin]\ntype = \"Fancy\"\n";
  const auto bad = run_command(program_args(dir, m), std::chrono::seconds(10));
  CHECK(bad.exit_code == 3);
  CHECK(bad.err.find("kbs-config.toml: admin.type \"Fancy\"") != std::string::npos);
}
