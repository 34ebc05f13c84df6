#include "exec_plugin.hpp"
#include "json_stream.hpp"

#include <cococtl/kube/redact.hpp>
#include <cococtl/kube/status.hpp>

#include <catch2/catch.hpp>

using namespace cococtl;
using nlohmann::json;

TEST_CASE("Status bodies: reason, message, causes") {
  net::Response response{.status = 422, .body = R"({"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Invalid",
    "message":"ConfigMap \"x\" is invalid","details":{"causes":[{"reason":"FieldValueInvalid","message":"bad","field":"data.k"}]},"code":422})"};
  auto s = kube::parse_status(response);
  CHECK(s.is_status_body);
  CHECK(s.code == 422);
  CHECK(s.reason == "Invalid");
  REQUIRE(s.causes.size() == 1);
  CHECK(s.causes[0].field == "data.k");
  CHECK_THAT(kube::api_error(s).message, Catch::StartsWith("HTTP 422 Invalid: ConfigMap \"x\" is invalid") && Catch::Contains("data.k: bad"));
  CHECK_FALSE(kube::is_field_manager_conflict(s));
}

TEST_CASE("non-Status bodies: plain text, HTML, empty") {
  auto plain = kube::parse_status({.status = 429, .body = "Too many requests, please try again later.\n"});
  CHECK_FALSE(plain.is_status_body);
  CHECK(plain.reason == "TooManyRequests");
  CHECK(plain.message == "Too many requests, please try again later.");
  auto html = kube::parse_status({.status = 502, .body = "<html><body>Bad Gateway</body></html>"});
  CHECK(html.reason == "InternalError");
  CHECK_THAT(html.message, Catch::Contains("Bad Gateway"));
  CHECK(kube::parse_status({.status = 503, .body = ""}).message == "(empty response body)");
  CHECK(kube::parse_status({.status = 404, .body = "{\"kind\":\"NotStatus\"}"}).reason == "NotFound");
}

TEST_CASE("redact_object hides Secret values and the last-applied annotation") {
  json secret{{"kind", "Secret"}, {"data", {{"password", "aHVudGVyMg=="}}}, {"stringData", {{"token", "abc"}}},
              {"metadata", {{"name", "s"}, {"annotations", {{"kubectl.kubernetes.io/last-applied-configuration", "{...}"}, {"keep", "1"}}}}}};
  auto clean = kube::redact_object(secret);
  CHECK(clean["data"]["password"] == "[REDACTED]");
  CHECK(clean["stringData"]["token"] == "[REDACTED]");
  CHECK_FALSE(clean["metadata"]["annotations"].contains("kubectl.kubernetes.io/last-applied-configuration"));
  CHECK(clean["metadata"]["annotations"]["keep"] == "1");
  auto list = kube::redact_object(json{{"kind", "SecretList"}, {"items", {secret}}});
  CHECK(list["items"][0]["data"]["password"] == "[REDACTED]");
  json cm{{"kind", "ConfigMap"}, {"data", {{"password", "visible"}}}};
  CHECK(kube::redact_object(cm) == cm);
}

TEST_CASE("ExecCredential parsing and RFC 3339 timestamps") {
  using kube::detail::parse_exec_credential;
  const std::string v1 = "client.authentication.k8s.io/v1";
  auto ok = parse_exec_credential(R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential",
    "status":{"token":"t","expirationTimestamp":"2030-01-02T03:04:05.123+01:00"}})", v1);
  REQUIRE(ok.ok());
  CHECK(ok->token == "t");
  REQUIRE(ok->expiry);
  CHECK(std::chrono::system_clock::to_time_t(*ok->expiry) == 1893549845);
  CHECK_FALSE(parse_exec_credential(R"({"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"t"}})", v1).ok());
  CHECK_FALSE(parse_exec_credential(R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{}})", v1).ok());
  CHECK_FALSE(parse_exec_credential(R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential",
    "status":{"clientCertificateData":"x"}})", v1).ok());
  CHECK_FALSE(parse_exec_credential("not json", v1).ok());
  CHECK(kube::detail::parse_rfc3339("2030-01-02T03:04:05Z"));
  CHECK_FALSE(kube::detail::parse_rfc3339("yesterday"));
}

TEST_CASE("JsonStream reassembles events cut anywhere") {
  const std::string text = R"({"type":"ADDED","object":{"s":"a}\"{"}})" "\n" R"({"type":"BOOKMARK","object":{}})" "\n";
  for (std::size_t cut = 1; cut < text.size(); cut += 5) {
    kube::detail::JsonStream stream;
    std::vector<std::string> objects;
    for (std::size_t i = 0; i < text.size(); i += cut) {
      stream.feed(std::string_view(text).substr(i, cut), [&](std::string_view o) {
        objects.emplace_back(o);
        return true;
      });
    }
    REQUIRE(objects.size() == 2);
    CHECK(json::parse(objects[0])["object"]["s"] == "a}\"{");
  }
}
