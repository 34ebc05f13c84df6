#include "support/files.hpp"
#include "support/test_pki.hpp"
#include "support/test_server.hpp"

#include <cococtl/net/http.hpp>

#include <catch2/catch.hpp>

using namespace cococtl;
using cococtl::test::ServerTls;
using cococtl::test::slurp;
using cococtl::test::test_pki;
using cococtl::test::TestServer;

namespace {

void ok_route(httplib::Server& s) {
  s.Get("/ok", [](const httplib::Request&, httplib::Response& res) { res.set_content("secure", "text/plain"); });
}

}  // namespace

TEST_CASE("TLS: the configured CA is trusted (file or PEM)") {
  const auto& pki = test_pki();
  TestServer server(ok_route, ServerTls{pki.server_cert, pki.server_key, {}});
  net::HttpClient by_file(net::TlsConfig{.ca_file = pki.ca_cert});
  auto r = by_file.send({.url = server.base_url() + "/ok"});
  REQUIRE(r.ok());
  CHECK(r->body == "secure");
  net::HttpClient by_pem(net::TlsConfig{.ca_pem = slurp(pki.ca_cert)});
  CHECK(by_pem.send({.url = server.base_url() + "/ok"}).ok());
  net::HttpClient extra(net::TlsConfig{.extra_ca_files = {pki.ca_cert}});
  CHECK(extra.send({.url = server.base_url() + "/ok"}).ok());
}

TEST_CASE("TLS: a wrong CA is refused with a clear message") {
  const auto& pki = test_pki();
  TestServer server(ok_route, ServerTls{pki.server_cert, pki.server_key, {}});
  net::HttpClient client(net::TlsConfig{.ca_file = pki.other_ca_cert});
  const std::string url = server.base_url() + "/ok";
  auto r = client.send({.url = url});
  REQUIRE_FALSE(r.ok());
  CHECK(net::transport_error_of(r.error()) == net::TransportError::tls);
  CHECK_THAT(r.error().message, Catch::StartsWith("TLS certificate verification failed for GET " + url + ": "));
  net::HttpClient system_store;
  auto sys = system_store.send({.url = url});
  REQUIRE_FALSE(sys.ok());
  CHECK(net::transport_error_of(sys.error()) == net::TransportError::tls);
}

TEST_CASE("TLS: a certificate for another host name is refused unless server_name says so") {
  const auto& pki = test_pki();
  TestServer server(ok_route, ServerTls{pki.other_host_cert, pki.other_host_key, {}});
  const std::string url = server.base_url() + "/ok";
  net::HttpClient strict(net::TlsConfig{.ca_file = pki.ca_cert});
  auto r = strict.send({.url = url});
  REQUIRE_FALSE(r.ok());
  CHECK(net::transport_error_of(r.error()) == net::TransportError::tls);
  CHECK_THAT(r.error().message, Catch::StartsWith("TLS certificate verification failed for GET " + url));
  CHECK_THAT(r.error().message, Catch::Contains("127.0.0.1"));

  net::HttpClient renamed(net::TlsConfig{.ca_file = pki.ca_cert, .server_name = "other.example"});
  auto ok = renamed.send({.url = url});
  REQUIRE(ok.ok());
  CHECK(ok->body == "secure");

  net::HttpClient insecure(net::TlsConfig{.insecure_skip_verify = true});
  CHECK(insecure.send({.url = url}).ok());
}

TEST_CASE("TLS: client certificates are presented when the server requires them") {
  const auto& pki = test_pki();
  TestServer server(ok_route, ServerTls{pki.server_cert, pki.server_key, pki.ca_cert});
  const std::string url = server.base_url() + "/ok";
  net::HttpClient anonymous(net::TlsConfig{.ca_file = pki.ca_cert});
  auto refused = anonymous.send({.url = url});
  CHECK_FALSE((refused.ok() && refused->status == 200));
  net::HttpClient with_cert(net::TlsConfig{.ca_file = pki.ca_cert, .client_cert_pem = slurp(pki.client_cert),
                                           .client_key_pem = slurp(pki.client_key)});
  auto r = with_cert.send({.url = url});
  REQUIRE(r.ok());
  CHECK(r->body == "secure");
}

TEST_CASE("TLS: unusable configuration is invalid input") {
  net::HttpClient half(net::TlsConfig{.client_cert_pem = "-----BEGIN CERTIFICATE-----\n"});
  auto r = half.send({.url = "https://127.0.0.1:1/"});
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == util::ExitCode::invalid_input);
  net::HttpClient missing(net::TlsConfig{.ca_file = "/nonexistent/ca.crt"});
  auto m = missing.send({.url = "https://127.0.0.1:1/"});
  REQUIRE_FALSE(m.ok());
  CHECK_THAT(m.error().message, Catch::Contains("/nonexistent/ca.crt"));
  net::HttpClient garbage(net::TlsConfig{.ca_pem = "not a certificate"});
  CHECK_FALSE(garbage.send({.url = "https://127.0.0.1:1/"}).ok());
}

TEST_CASE("TLS: a CA bundle with a broken certificate block is an input error naming it") {
  net::HttpClient client(net::TlsConfig{.ca_pem = "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n"});
  auto r = client.send({.url = "https://127.0.0.1:1/x"});
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == util::ExitCode::invalid_input);
  CHECK_THAT(r.error().message, Catch::Contains("CA data: not a PEM certificate bundle (certificate 1 is unreadable)"));
  net::HttpClient empty(net::TlsConfig{.ca_pem = "just text\n"});
  auto none = empty.send({.url = "https://127.0.0.1:1/x"});
  REQUIRE_FALSE(none.ok());
  CHECK_THAT(none.error().message, Catch::Contains("the CA bundle contains no PEM certificate"));
}

TEST_CASE("TLS: connect_to sends the connection elsewhere while the URL's host name is still verified") {
  const auto& pki = test_pki();
  TestServer server(ok_route, ServerTls{pki.other_host_cert, pki.other_host_key, {}});
  const std::string port = std::to_string(server.port());
  net::HttpClient client(net::TlsConfig{.ca_file = pki.ca_cert});

  auto routed = client.send(
      {.url = "https://other.example:" + port + "/ok", .connect_to = {"other.example:" + port + ":127.0.0.1:" + port}});
  REQUIRE(routed.ok());
  CHECK(routed->body == "secure");
  // Empty HOST and PORT match any URL; the default port 443 is routed too.
  auto any = client.send({.url = "https://other.example/ok", .connect_to = {"::127.0.0.1:" + port}});
  REQUIRE(any.ok());
  CHECK(any->status == 200);

  // Same server, but a URL host its certificate does not name: refused.
  const std::string wrong_url = "https://wrong.example:" + port + "/ok";
  auto wrong = client.send({.url = wrong_url, .connect_to = {"wrong.example:" + port + ":127.0.0.1:" + port}});
  REQUIRE_FALSE(wrong.ok());
  CHECK(net::transport_error_of(wrong.error()) == net::TransportError::tls);
  CHECK_THAT(wrong.error().message, Catch::StartsWith("TLS certificate verification failed for GET " + wrong_url));
}

TEST_CASE("TLS: a malformed connect_to entry is refused before connecting") {
  net::HttpClient client;
  for (const std::string entry : {"host:443:addr", "host:port:addr:443", "[::1:443:addr:443", "a:1:b:2:c"}) {
    INFO(entry);
    auto r = client.send({.url = "https://example.invalid/", .connect_to = {entry}});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == util::ExitCode::invalid_input);
    CHECK_THAT(r.error().message, Catch::StartsWith("malformed connect_to entry"));
  }
  auto ipv6 = client.send({.url = "https://example.invalid:1/",
                           .timeout = std::chrono::milliseconds(2000),
                           .connect_to = {"example.invalid:1:[::1]:1"}});
  REQUIRE_FALSE(ipv6.ok());  // well-formed: it fails to connect, not to parse
  CHECK(net::transport_error_of(ipv6.error()) == net::TransportError::connect);
}
