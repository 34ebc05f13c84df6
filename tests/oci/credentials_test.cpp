#include "support/temp_dir.hpp"

#include <cococtl/oci/credentials.hpp>
#include <cococtl/util/fs.hpp>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <filesystem>

using namespace cococtl::oci;
namespace fs = std::filesystem;

namespace {

// base64("user:pass") etc., written out so the test does not share the code under test.
constexpr const char* k_alice = "YWxpY2U6c2VjcmV0MQ==";      // alice:secret1
constexpr const char* k_bob = "Ym9iOnNlY3JldDI=";            // bob:secret2
constexpr const char* k_carol = "Y2Fyb2w6c2VjcmV0Mw==";      // carol:secret3
constexpr const char* k_nul_padded = "ZGF2ZTpwdwAA";         // dave:pw\0\0
constexpr const char* k_pull_user = "b3JnfHVoYy1wb29sLXg6ZXlKaGJHY2lPaUpTVXpVeE1pSjk6dGFpbA==";  // org|uhc-pool-x:eyJhbGciOiJSUzUxMiJ9:tail

Reference ref(const std::string& text) { return parse_reference(text).value(); }

std::optional<Credential> find(const std::string& json, const std::string& image) {
  auto result = find_credential_in_text(json, "/x/auth.json", ref(image), false);
  REQUIRE(result.ok());
  return *result;
}

}  // namespace

TEST_CASE("the most specific auths key wins") {
  const auto json = fmt::format(R"({{"auths":{{
    "quay.io":{{"auth":"{}"}},
    "quay.io/ns":{{"auth":"{}"}},
    "quay.io/ns/app":{{"auth":"{}"}}}}}})", k_alice, k_bob, k_carol);
  CHECK(find(json, "quay.io/ns/app:1")->username == "carol");
  CHECK(find(json, "quay.io/ns/other")->username == "bob");
  CHECK(find(json, "quay.io/elsewhere/x")->username == "alice");
  CHECK_FALSE(find(json, "registry.redhat.io/ns/app").has_value());
  const auto cred = find(json, "quay.io/ns/app");
  CHECK(cred->password == "secret3");
  CHECK(cred->source == "/x/auth.json (key \"quay.io/ns/app\")");
}

TEST_CASE("URL keys / Docker Hub aliases / NUL padding and colons in passwords") {
  const auto json = fmt::format(R"({{"auths":{{
    "https://index.docker.io/v1/":{{"auth":"{}"}},
    "http://127.0.0.1:5000/v2/":{{"auth":"{}"}},
    "registry.redhat.io":{{"auth":"{}"}},
    "cloud.openshift.com":{{"auth":"{}","email":"x@example.com"}}}}}})", k_alice, k_nul_padded, k_pull_user, k_bob);
  CHECK(find(json, "busybox")->username == "alice");
  const auto local = find(json, "127.0.0.1:5000/podvm");
  CHECK(local->username == "dave");
  CHECK(local->password == "pw");
  const auto redhat = find(json, "registry.redhat.io/openshift-sandboxed-containers/osc-dm-verity-image:1.12.0");
  CHECK(redhat->username == "org|uhc-pool-x");
  CHECK(redhat->password == "eyJhbGciOiJSUzUxMiJ9:tail");
}

TEST_CASE("docker-style username/password / identity tokens and empty helper entries") {
  const auto json = fmt::format(R"({{"auths":{{
    "a.example":{{"username":"u","password":"p"}},
    "b.example":{{"auth":"{}","identitytoken":"refresh-me"}},
    "c.example/ns":{{}},
    "c.example":{{"auth":"{}"}},
    "d.example":{{"auth":"bm9jb2xvbg=="}}}},
    "credHelpers":{{"e.example":"ecr-login"}}}})", k_alice, k_bob);
  CHECK(find(json, "a.example/x")->password == "p");
  const auto token = find(json, "b.example/x");
  CHECK(token->identity_token == "refresh-me");
  CHECK(token->username == "alice");
  CHECK(find(json, "c.example/ns/x")->username == "bob");  // {} is skipped, keep looking
  CHECK_FALSE(find(json, "d.example/x").has_value());      // "nocolon" is not a credential
  CHECK_FALSE(find(json, "e.example/x").has_value());
}

TEST_CASE("malformed auth files fail with exit code 3 naming the file and never the secret") {
  const char* bad[] = {
      "{not json",
      "[]",
      R"({"auths":[]})",
      R"({"auths":{"quay.io":"str"}})",
      R"({"auths":{"quay.io":{"auth":"!!!not-base64-secretvalue"}}})",
  };
  for (const auto* text : bad) {
    INFO(text);
    auto result = find_credential_in_text(text, "/home/u/pull-secret.json", ref("quay.io/a/b"), false);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().code == cococtl::util::ExitCode::invalid_input);
    CHECK(result.error().message.find("/home/u/pull-secret.json") != std::string::npos);
    CHECK(result.error().message.find("secretvalue") == std::string::npos);
  }
}

TEST_CASE("legacy .dockercfg has no auths wrapper") {
  auto result = find_credential_in_text(fmt::format(R"({{"https://quay.io":{{"auth":"{}"}}}})", k_alice), "~/.dockercfg",
                                        ref("quay.io/a/b"), true);
  REQUIRE(result.ok());
  CHECK((*result)->username == "alice");
}

TEST_CASE("candidate files follow podman's order with the pull-secret convention") {
  CredentialEnvironment env;
  env.home = "/h";
  env.registry_auth_file = "/env/auth.json";
  env.pull_secret = "/env/ps.json";
  env.xdg_runtime_dir = "/run/user/1";
  const auto c = auth_file_candidates("/flag.json", env);
  std::vector<std::string> paths;
  for (const auto& x : c) paths.push_back(x.path.string());
  CHECK(paths == std::vector<std::string>{"/flag.json", "/env/auth.json", "/env/ps.json", "/h/pull-secret.json",
                                          "/run/user/1/containers/auth.json", "/h/.config/containers/auth.json",
                                          "/h/.docker/config.json", "/h/.dockercfg"});
  CHECK(c[0].required);
  CHECK(c[2].required);
  CHECK_FALSE(c[3].required);
  CHECK(c.back().legacy_dockercfg);
  env = CredentialEnvironment{};
  env.home = "/h";
  env.xdg_config_home = "/cfg";
  env.docker_config = "/dk";
  paths.clear();
  for (const auto& x : auth_file_candidates("", env)) paths.push_back(x.path.string());
  CHECK(paths == std::vector<std::string>{"/h/pull-secret.json", "/cfg/containers/auth.json", "/dk/config.json",
                                          "/h/.dockercfg"});
}

TEST_CASE("find_credential takes the first file with a match and skips missing optional files") {
  const cococtl::test::TempDir scratch("cococtl-oci-cred");
  const auto& dir = scratch.path();
  CredentialEnvironment env;
  env.home = dir;
  REQUIRE(cococtl::util::write_file_atomic(dir / "pull-secret.json", fmt::format(R"({{"auths":{{"quay.io":{{"auth":"{}"}}}}}})", k_alice)).ok());
  fs::create_directories(dir / ".docker");
  REQUIRE(cococtl::util::write_file_atomic(dir / ".docker/config.json", fmt::format(R"({{"auths":{{"registry.redhat.io":{{"auth":"{}"}}}}}})", k_bob)).ok());
  auto quay = find_credential(ref("quay.io/x/y"), auth_file_candidates("", env));
  REQUIRE(quay.ok());
  CHECK((*quay)->username == "alice");
  auto redhat = find_credential(ref("registry.redhat.io/x/y"), auth_file_candidates("", env));
  REQUIRE(redhat.ok());
  CHECK((*redhat)->username == "bob");
  auto none = find_credential(ref("ghcr.io/x/y"), auth_file_candidates("", env));
  REQUIRE(none.ok());
  CHECK_FALSE(none->has_value());

  auto missing = find_credential(ref("quay.io/x/y"), auth_file_candidates((dir / "nope.json").string(), env));
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == cococtl::util::ExitCode::invalid_input);
  CHECK(missing.error().message.find("nope.json") != std::string::npos);

  REQUIRE(cococtl::util::write_file_atomic(dir / "broken.json", "{\"auths\":").ok());
  auto broken = find_credential(ref("quay.io/x/y"), auth_file_candidates((dir / "broken.json").string(), env));
  REQUIRE_FALSE(broken.ok());
  CHECK(broken.error().code == cococtl::util::ExitCode::invalid_input);
  CHECK(broken.error().message.find("broken.json") != std::string::npos);
  fs::remove_all(dir);
}
