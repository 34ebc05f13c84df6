// Error bodies, the messages built from them, resource paths, URLs and the offered policies.
#include <cococtl/kbs/endpoint.hpp>
#include <cococtl/kbs/errors.hpp>
#include <cococtl/kbs/policies.hpp>
#include <cococtl/kbs/resource_path.hpp>

#include <catch2/catch.hpp>

#include <fstream>

using namespace cococtl;

namespace {

net::Response answer(int status, std::string body) { return net::Response{.status = status, .body = std::move(body)}; }

std::string body(const std::string& variant, const std::string& detail) {
  return R"({"type":"https://github.com/confidential-containers/kbs/errors/)" + variant + R"(","detail":")" + detail +
         "\"}";
}

}  // namespace

TEST_CASE("error bodies: type, variant and detail, anything else is not one") {
  const auto parsed = kbs::parse_error_body(body("PolicyDeny", "Access denied by policy")).value();
  CHECK(parsed.variant == "PolicyDeny");
  CHECK(parsed.detail == "Access denied by policy");
  CHECK(kbs::parse_error_body(R"({"type":"X"})")->variant == "X");
  CHECK_FALSE(kbs::parse_error_body("<html>").has_value());
  CHECK_FALSE(kbs::parse_error_body(R"({"detail":"no type"})").has_value());
  CHECK_FALSE(kbs::parse_error_body(R"(["type"])").has_value());
}

TEST_CASE("response errors name what failed, what it means and what the KBS said") {
  const auto deny =
      kbs::response_error(answer(401, body("PolicyDeny", "Access denied by policy")), "get resource a/b/c", false);
  CHECK(deny.code == util::ExitCode::failure);
  CHECK(deny.message ==
        "get resource a/b/c: refused by the KBS resource policy (KBS answered HTTP 401 PolicyDeny: Access denied by "
        "policy)");
  const auto admin =
      kbs::response_error(answer(401, body("AdminAuthAccess", "Admin auth error")), "set resource policy", true);
  CHECK_THAT(admin.message, Catch::StartsWith("set resource policy: admin authentication failed"));
  CHECK_THAT(admin.message, Catch::EndsWith("(KBS answered HTTP 401 AdminAuthAccess: Admin auth error)"));
  CHECK_THAT(kbs::response_error(answer(403, ""), "delete resource a/b/c", true).message,
             Catch::Contains("admin authentication failed"));
  CHECK_THAT(kbs::response_error(answer(403, ""), "get resource a/b/c", false).message,
             Catch::Contains(": forbidden (KBS answered HTTP 403)"));
  CHECK_THAT(kbs::response_error(answer(404, body("PluginNotFound", "Plugin x not found")), "attest", false).message,
             Catch::Contains("not a KBS endpoint"));
  CHECK_THAT(kbs::response_error(answer(502, "<html>bad gateway</html>"), "attest", false).message,
             Catch::EndsWith("(KBS answered HTTP 502: \"<html>bad gateway</html>\")"));
}

TEST_CASE("resource paths: three segments of Trustee's characters") {
  CHECK(kbs::parse_resource_path("default/kbsres1/key1").value().str() == "default/kbsres1/key1");
  CHECK(kbs::parse_resource_path("kbs:///default/cosign-keys/key-0").value().tag == "key-0");
  CHECK(kbs::parse_resource_path("a_b/c.d/e-f").ok());
  for (const char* bad : {"a/b", "a/b/c/d", "a//c", "a/.b/c", "a/b c/d", "a/b/c?x=1", ""}) {
    INFO(bad);
    const auto r = kbs::parse_resource_path(bad);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == util::ExitCode::invalid_input);
  }
}

TEST_CASE("KBS URLs: https only, with a host, no query, trailing slashes dropped") {
  CHECK(kbs::normalize_url("https://kbs.apps.example.com/").value() == "https://kbs.apps.example.com");
  CHECK(kbs::normalize_url("https://127.0.0.1:8080/prefix").value() == "https://127.0.0.1:8080/prefix");
  for (const char* bad : {"http://kbs.example.com", "kbs.example.com", "https://", "https:///x", "https://h/?q=1",
                          "https://u:p@h", "https://h x"}) {
    INFO(bad);
    CHECK(kbs::normalize_url(bad).error().code == util::ExitCode::invalid_input);
  }
}

TEST_CASE("resource policies: affirming is the rendered ConfigMap policy, allow-all and deny-all are what they say") {
  std::ifstream in(std::string(COCOCTL_SOURCE_DIR) + "/templates/trustee/files/resource-policy.rego");
  const std::string rendered((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  REQUIRE_FALSE(rendered.empty());
  CHECK(kbs::affirming_resource_policy() == rendered);
  CHECK_THAT(std::string(kbs::allow_all_resource_policy()), Catch::Contains("data.plugin == \"resource\""));
  CHECK_THAT(std::string(kbs::deny_all_resource_policy()), Catch::Contains("default allow := false"));
  CHECK(std::string(kbs::deny_all_resource_policy()).find("allow if") == std::string::npos);
}
