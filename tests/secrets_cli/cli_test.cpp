#include <cococtl/values/secret_file.hpp>

#include "cli.hpp"

#include <nlohmann/json.hpp>

#include <sstream>

using namespace cococtl;
using namespace cococtl::test;
using nlohmann::json;

namespace {
bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Sets HOME for this process and restores it at scope exit.
class HomeOverride {
 public:
  explicit HomeOverride(const std::filesystem::path& home) {
    if (const char* old = std::getenv("HOME")) m_old = old;
    ::setenv("HOME", home.c_str(), 1);
  }
  ~HomeOverride() { m_old.empty() ? ::unsetenv("HOME") : ::setenv("HOME", m_old.c_str(), 1); }
  HomeOverride(const HomeOverride&) = delete;
  HomeOverride& operator=(const HomeOverride&) = delete;

 private:
  std::string m_old;
};

// The text-output line of item `name` ("  kbs-tls   replaced ...").
std::string line_of(const std::string& text, const std::string& name) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("  " + name + " ", 0) == 0) return line;
  }
  return "";
}
}  // namespace

TEST_CASE("secrets generate, then check: exit 0, JSON lists every item with fingerprints") {
  ScratchDir home("cli-gen");
  auto gen = run_cococtl(home, "-o json secrets generate");
  REQUIRE(gen.rc == 0);
  const auto j = json::parse(gen.out);
  CHECK(j["items"].size() == 8);
  for (const auto& item : j["items"]) CHECK(item["action"] == "created");
  CHECK(j["items"][2]["name"] == "kbs-tls");
  CHECK(j["items"][2]["fingerprint"].get<std::string>().size() == 64);
  CHECK(j["valuesSecret"]["written"] == true);
  CHECK(j["secretsDir"] == (home.path() / ".coco-pattern").string());
  auto check = run_cococtl(home, "-o json secrets check");
  CHECK(check.rc == 0);
  CHECK(json::parse(check.out)["status"] == "ok");
  auto again = run_cococtl(home, "secrets generate");
  CHECK(again.rc == 0);
  CHECK_FALSE(has(again.out, "created"));
  CHECK(has(again.out, "already lists every secret"));
}

TEST_CASE("the generated values-secret file loads cleanly with the values module") {
  ScratchDir home("cli-vs");
  REQUIRE(run_cococtl(home, "--topology baremetal --set global.coco.enableSSHDebug=true secrets generate").rc == 0);
  std::vector<values::Problem> problems;
  const HomeOverride home_env(home.path());  // the file's "~/.coco-pattern/..." paths resolve against HOME
  const auto file = home.path() / "values-secret-coco-pattern.yaml";
  auto loaded = values::load_secret_file(file, problems);
  REQUIRE(loaded.ok());
  std::string all;
  for (const auto& p : problems) all += p.to_string() + "\n";
  INFO(all);
  CHECK(problems.empty());
  const auto* tls = loaded->find("kbsTls");
  REQUIRE(tls != nullptr);
  REQUIRE(tls->field("ca.crt") != nullptr);
  CHECK(tls->field("ca.crt")->value.value().rfind("-----BEGIN CERTIFICATE-----", 0) == 0);
  CHECK(loaded->find("pccs-tls") != nullptr);
  CHECK(loaded->find("sshKey") != nullptr);
}

TEST_CASE("check exits 4 on a problem, generate exits 3 on a too-open key") {
  ScratchDir home("cli-fail");
  REQUIRE(run_cococtl(home, "secrets generate").rc == 0);
  std::filesystem::permissions(home.path() / ".coco-pattern/kbs-tls.key", std::filesystem::perms(0644));
  auto check = run_cococtl(home, "secrets check");
  CHECK(check.rc == 4);
  CHECK(has(check.out, "too open"));
  auto json_check = run_cococtl(home, "-o json secrets check");
  CHECK(json_check.rc == 4);
  CHECK(json::parse(json_check.out)["status"] == "fail");
  auto gen = run_cococtl(home, "secrets generate");
  CHECK(gen.rc == 3);
  CHECK(has(gen.err, "cococtl: error: secrets: kbs-tls:"));
  CHECK(has(gen.err, "chmod 600"));
  CHECK(run_cococtl(home, "secrets generate --rotate kbs-tls").rc == 0);
  CHECK(run_cococtl(home, "secrets check").rc == 0);
}

TEST_CASE("a new hub domain: check fails on the SAN, generate re-issues, check passes") {
  ScratchDir home("cli-domain");
  REQUIRE(run_cococtl(home, "secrets generate").rc == 0);
  const std::string set = "--set global.hubClusterDomain=apps.new.example.com ";
  auto check = run_cococtl(home, set + "secrets check");
  CHECK(check.rc == 4);
  CHECK(has(check.out, "values want [kbs.apps.new.example.com]"));
  auto gen = run_cococtl(home, set + "secrets generate");
  CHECK(gen.rc == 0);
  CHECK(has(line_of(gen.out, "kbs-tls"), " replaced "));
  CHECK(has(line_of(gen.out, "kbs-tls-ca"), " kept "));
  CHECK(run_cococtl(home, set + "secrets check").rc == 0);
}

TEST_CASE("usage errors: unknown --rotate name exits 2, a bad key type in values exits 3") {
  ScratchDir home("cli-usage");
  auto rotate = run_cococtl(home, "secrets generate --rotate kbs-tsl");
  CHECK(rotate.rc == 2);
  CHECK(has(rotate.err, "did you mean \"kbs-tls\""));
  CHECK(run_cococtl(home, "secrets").rc == 2);
  auto bad = run_cococtl(home, "--set kbs.tls.keyType=dsa secrets generate");
  CHECK(bad.rc == 3);
}

TEST_CASE("initdata: needs the CA first, toml, annotation and digests agree with the system tools") {
  ScratchDir home("cli-initdata");
  auto early = run_cococtl(home, "initdata");
  CHECK(early.rc == 3);
  CHECK(has(early.err, "cococtl secrets generate"));
  REQUIRE(run_cococtl(home, "secrets generate").rc == 0);
  const auto toml = run_cococtl(home, "initdata --print toml");
  REQUIRE(toml.rc == 0);
  CHECK(has(toml.out, "url = \"https://kbs.apps.cluster.example.com\""));
  home.write("initdata.toml", toml.out);
  home.write("annotation", run_cococtl(home, "initdata --print annotation").out);
  CHECK(shell("base64 -d " + home.file("annotation") + " | gunzip").out == toml.out);
  const auto digests = run_cococtl(home, "initdata --print digests").out;
  CHECK(has(digests, "digest:     " + shell("sha256sum " + home.file("initdata.toml")).out.substr(0, 64)));
  const auto j = json::parse(run_cococtl(home, "-o json --set global.coco.initdataAlgorithm=sha384 initdata").out);
  home.write("initdata384.toml", j["toml"].get<std::string>());
  CHECK(j["digest"] == shell("sha384sum " + home.file("initdata384.toml")).out.substr(0, 96));
  CHECK(j["annotationKey"] == "io.katacontainers.config.hypervisor.cc_init_data");
  const auto debug = run_cococtl(home, "initdata --flavour debug --print toml").out;
  CHECK(has(debug, "default ExecProcessRequest := true"));
  CHECK(run_cococtl(home, "initdata --flavour nope").rc == 2);
  // Same inputs, same bytes.
  CHECK(run_cococtl(home, "initdata --print annotation").out == run_cococtl(home, "initdata --print annotation").out);
}

TEST_CASE("bare-metal topology adds the PCCS items") {
  ScratchDir home("cli-baremetal");
  auto gen = run_cococtl(home, "--topology baremetal -o json secrets generate");
  REQUIRE(gen.rc == 0);
  std::vector<std::string> names;
  const json parsed = json::parse(gen.out);  // keep it alive: ranging over a temporary's member dangles
  for (const auto& item : parsed["items"]) names.push_back(item["name"].get<std::string>());
  CHECK(std::find(names.begin(), names.end(), "pccs-tls") != names.end());
  CHECK(std::find(names.begin(), names.end(), "pccs-tokens") != names.end());
  auto snp = run_cococtl(home, "--topology baremetal --set baremetal.tee=snp -o json secrets check");
  CHECK(json::parse(snp.out)["items"].size() == 8);
}

TEST_CASE("render picks up the generated material: real initdata, the token chain, no placeholder for the CA") {
  ScratchDir home("cli-render");
  REQUIRE(run_cococtl(home, "secrets generate").rc == 0);
  const auto rendered = run_cococtl(home, "render");
  REQUIRE(rendered.rc == 0);
  CHECK_FALSE(has(rendered.err, "kbs-ca-cert"));
  const auto annotation = run_cococtl(home, "initdata --print annotation").out;
  REQUIRE(annotation.size() > 100);
  CHECK(has(rendered.out, "INITDATA: " + annotation.substr(0, annotation.size() - 1)));
  const auto digest = json::parse(run_cococtl(home, "-o json initdata").out)["pcr8"].get<std::string>();
  CHECK(has(rendered.out, digest));
  // Private keys stay out of the output unless --show-secrets.
  std::ifstream key(home.path() / ".coco-pattern/token-signing.key");
  std::string line;
  for (int i = 0; i < 3; ++i) std::getline(key, line);  // a base64 line unique to this key
  CHECK_FALSE(has(rendered.out, line));
}
