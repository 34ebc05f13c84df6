// Token auth, blob redirects to another host, retries, and `pcr show --check`, against
// docker-registry on loopback.
#include "fixture/fixture.hpp"
#include "fixture/redirect_proxy.hpp"
#include "fixture/token_server.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

using namespace cococtl::test;
using nlohmann::json;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A token-auth registry plus its token server; fixtures are pushed with a minted push token.
struct TokenSandbox : Sandbox {
  explicit TokenSandbox(TokenServerSetup setup = {}) : tokens(pki(), setup) {
    RegistrySetup rs;
    rs.auth = RegistryAuth::token;
    rs.token_realm = tokens.realm();
    registry = std::make_unique<LocalRegistry>(pki(), rs);
    pusher = std::make_unique<Pusher>(registry->url(), pki(), "Bearer " + tokens.mint("podvm", {"pull", "push"}));
    write_text(path("auth.json"), auth_json(registry->host(), setup.user, setup.password));
  }
  CommandResult update(const std::string& auth_file) const {
    return cococtl({"pcr", "update", "--image", registry->host() + "/podvm:1.12.0", "--auth-file", auth_file,
                    "--registry-ca", pki().ca_cert});
  }
  TokenServer tokens;
  std::unique_ptr<LocalRegistry> registry;
  std::unique_ptr<Pusher> pusher;
};

void push_podvm(Pusher& pusher, const std::string& tag, char seed) {
  const auto file = measurements_file(pcr_value(seed), pcr_value(seed + 1), pcr_value(seed + 2), pcr_value(seed + 3));
  push_image(pusher, "podvm", {{podvm_layer(file), "application/vnd.oci.image.layer.v1.tar+gzip"}}, ManifestKind::oci, tag);
}

std::string stored_pcr03(const Sandbox& s) {
  return json::parse(slurp(s.secrets() / "measurements.json"))["measurements"]["sha256"]["pcr03"];
}

}  // namespace

TEST_CASE("token auth: Basic credentials buy a pull token for the repository") {
  TokenSandbox s;
  push_podvm(*s.pusher, "1.12.0", 'a');
  const auto r = s.update(s.path("auth.json").string());
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(stored_pcr03(s) == pcr_value('a'));
  const auto scopes = s.tokens.scopes();
  CHECK(std::find(scopes.begin(), scopes.end(), "repository:podvm:pull") != scopes.end());
  CHECK(s.tokens.requests() == 1);  // one token, reused for every request (expires_in 300)
  CHECK(s.tokens.refused() == 0);
}

TEST_CASE("token auth: a wrong password is refused by the token server and named plainly") {
  TokenSandbox s;
  push_podvm(*s.pusher, "1.12.0", 'a');
  write_text(s.path("wrong.json"), auth_json(s.registry->host(), "tester", "wrong-token-pass"));
  const auto r = s.update(s.path("wrong.json").string());
  CHECK(r.exit_code == 1);
  CHECK(contains(r.err, "token server " + s.tokens.realm() + " refused credentials from " + s.path("wrong.json").string()));
  CHECK(contains(r.err, "UNAUTHORIZED: invalid username or password"));
  CHECK_FALSE(contains(r.err, "wrong-token-pass"));
  CHECK(s.tokens.refused() >= 1);
}

TEST_CASE("token auth: access_token responses and expires_in are honoured") {
  TokenServerSetup setup;
  setup.access_token_only = true;
  setup.expires_in = 0;  // every token is stale at once: each registry request needs a new one
  TokenSandbox s(setup);
  push_podvm(*s.pusher, "1.12.0", 'b');
  const auto r = s.update(s.path("auth.json").string());
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(stored_pcr03(s) == pcr_value('b'));
  // ping, manifest, config blob, layer blob: a fresh token before each after the first.
  CHECK(s.tokens.requests() >= 4);
}

TEST_CASE("token auth: an identitytoken uses the OAuth2 refresh-token grant") {
  TokenServerSetup setup;
  setup.identity_token = "refresh-token-value";
  TokenSandbox s(setup);
  push_podvm(*s.pusher, "1.12.0", 'c');
  write_text(s.path("idtoken.json"),
             fmt::format(R"({{"auths":{{"{}":{{"identitytoken":"refresh-token-value"}}}}}})", s.registry->host()));
  const auto r = s.update(s.path("idtoken.json").string());
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(stored_pcr03(s) == pcr_value('c'));
}

TEST_CASE("a blob redirect to another host gets no Authorization header") {
  RegistrySandbox s;
  s.push_podvm("1.12.0", '6');
  RedirectProxy proxy(s.pki(), s.registry(), basic_authorization("tester", "s3cret-pass"));
  write_text(s.path("proxy-auth.json"), auth_json(proxy.host(), "tester", "s3cret-pass"));
  const auto r = s.cococtl({"pcr", "update", "--image", proxy.host() + "/podvm:1.12.0", "--auth-file",
                            s.path("proxy-auth.json").string(), "--registry-ca", s.pki().ca_cert});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(stored_pcr03(s) == pcr_value('6'));
  const auto redirected = proxy.redirected_requests();
  const auto cdn = proxy.cdn_requests();
  REQUIRE(redirected.size() == 2);  // config and layer
  REQUIRE(cdn.size() == 2);
  for (const auto& seen : redirected) CHECK(seen.authorization.starts_with("Basic "));  // there was something to leak
  for (const auto& seen : cdn) CHECK(seen.authorization.empty());
}

TEST_CASE("429 and 5xx answers and connections cut mid-blob are retried") {
  RegistrySandbox s;
  s.push_podvm("1.12.0", 'c');
  RedirectProxy proxy(s.pki(), s.registry(), basic_authorization("tester", "s3cret-pass"));
  write_text(s.path("proxy-auth.json"), auth_json(proxy.host(), "tester", "s3cret-pass"));
  proxy.fail_next("/manifests/", 2, 503);
  proxy.fail_next("/cdn/", 1, 429);
  proxy.cut_next_downloads(1, 5000);
  const auto r = s.cococtl({"pcr", "update", "--image", proxy.host() + "/podvm:1.12.0", "--auth-file",
                            s.path("proxy-auth.json").string(), "--registry-ca", s.pki().ca_cert});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(stored_pcr03(s) == pcr_value('c'));
  CHECK(proxy.cdn_requests().size() == 4);  // config: 429 + ok; layer: cut + ok
  proxy.fail_next("/manifests/", 10, 503);
  const auto gave_up = s.cococtl({"pcr", "update", "--image", proxy.host() + "/podvm:1.12.0", "--auth-file",
                                  s.path("proxy-auth.json").string(), "--registry-ca", s.pki().ca_cert});
  CHECK(gave_up.exit_code == 1);
  CHECK(contains(gave_up.err, "HTTP 503"));
}

TEST_CASE("pcr show prints the stored values and --check compares with the registry (exit 4 on drift)") {
  RegistrySandbox s;
  const auto first = s.push_podvm("1.12.0", 'a');
  REQUIRE(s.update(s.image("1.12.0")).exit_code == 0);
  const std::vector<std::string> check{
      "pcr",           "show",         "--check", "--image", s.image("1.12.0"), "--auth-file", s.auth_file().string(),
      "--registry-ca", s.pki().ca_cert};
  auto r = s.cococtl({"pcr", "show"});
  REQUIRE(r.exit_code == 0);
  CHECK(contains(r.out, pcr_value('a')));
  CHECK(contains(r.out, first.digest));
  r = s.cococtl(check);
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(contains(r.out, "unchanged"));
  // A rebuilt image (new digest) with the same measurements is fine.
  const auto same_values = measurements_file(pcr_value('a'), pcr_value('b'), pcr_value('c'), pcr_value('d'));
  push_image(s.pusher(), "podvm", {{podvm_layer(same_values, TarCompression::zstd), "application/vnd.oci.image.layer.v1.tar+zstd"}},
             ManifestKind::oci, "1.12.0");
  std::vector<std::string> json_check{"-o", "json"};
  json_check.insert(json_check.end(), check.begin(), check.end());
  r = s.cococtl(json_check);
  CHECK(r.exit_code == 0);
  CHECK(json::parse(r.out)["check"]["status"] == "same-measurements");
  // New measurements under the pinned tag: drift, exit 4, and the stored file is untouched.
  s.push_podvm("1.12.0", '3');
  r = s.cococtl(check);
  CHECK(r.exit_code == 4);
  CHECK(contains(r.err, "measurements drifted (pcr03, pcr09, pcr11, pcr12)"));
  CHECK(contains(r.out, "drifted"));
  CHECK(stored_pcr03(s) == pcr_value('a'));
  REQUIRE(s.update(s.image("1.12.0")).exit_code == 0);
  CHECK(s.cococtl(check).exit_code == 0);
}

TEST_CASE("pcr show without stored values says what to run") {
  Sandbox s;
  const auto r = s.cococtl({"pcr", "show"});
  CHECK(r.exit_code == 3);
  CHECK(contains(r.err, "cococtl pcr update"));
}
