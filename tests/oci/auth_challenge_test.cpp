#include <cococtl/oci/auth_challenge.hpp>
#include <cococtl/oci/registry_error.hpp>

#include <catch2/catch.hpp>

using namespace cococtl::oci;

TEST_CASE("Bearer challenges give realm / service and scope") {
  auto challenges = parse_www_authenticate(
      R"(Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a/b:pull")");
  REQUIRE(challenges.size() == 1);
  CHECK(challenges[0].scheme == "bearer");
  CHECK(challenges[0].param("realm") == "https://auth.example/token");
  CHECK(challenges[0].param("service") == "registry.example");
  CHECK(challenges[0].param("scope") == "repository:a/b:pull");
  CHECK(challenges[0].param("error").empty());
}

TEST_CASE("several challenges / odd spacing / escapes and insufficient_scope are read") {
  auto challenges = parse_www_authenticate(
      R"(Basic realm="test \"realm\"" , BEARER Realm="https://x/t", scope="repository:r:pull,push",error="insufficient_scope", Negotiate)");
  REQUIRE(challenges.size() == 3);
  CHECK(challenges[0].scheme == "basic");
  CHECK(challenges[0].param("realm") == "test \"realm\"");
  CHECK(challenges[1].scheme == "bearer");
  CHECK(challenges[1].param("realm") == "https://x/t");
  CHECK(challenges[1].param("scope") == "repository:r:pull,push");
  CHECK(challenges[1].param("error") == "insufficient_scope");
  CHECK(challenges[2].scheme == "negotiate");
}

TEST_CASE("garbage challenges give nothing usable rather than hanging") {
  CHECK(parse_www_authenticate("").empty());
  CHECK(parse_www_authenticate(",,, ").empty());
  auto odd = parse_www_authenticate("Basic dXNlcjpwYXNz==");
  REQUIRE(odd.size() == 1);
  CHECK(odd[0].scheme == "basic");
  CHECK(parse_www_authenticate("=\"x\"").empty());
}

TEST_CASE("registry error bodies become CODE: message") {
  CHECK(describe_registry_error(404, R"({"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown","detail":{"Tag":"1.12.0"}}]})") ==
        "MANIFEST_UNKNOWN: manifest unknown");
  CHECK(describe_registry_error(401, R"({"errors":[{"code":"UNAUTHORIZED","message":"authentication required"},{"code":"DENIED","message":"no"}]})") ==
        "UNAUTHORIZED: authentication required; DENIED: no");
  CHECK(describe_registry_error(502, "<html>Bad Gateway</html>\nmore") == "HTTP 502: <html>Bad Gateway</html>");
  CHECK(describe_registry_error(500, "") == "HTTP 500");
  CHECK(describe_registry_error(400, "{\"errors\":[{\"code\":\"X\",\"message\":\"line\\nbreak\\u001b[31m\"}]}") == "X: line?break?[31m");
  const auto errors = parse_registry_errors(R"({"errors":[{"code":"MANIFEST_UNKNOWN","message":"m","detail":{"Tag":"t"}}]})");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].detail == R"({"Tag":"t"})");
}
