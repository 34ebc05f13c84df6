// What the attest checks read over the wire: the kbs-access sample through the API server's
// service proxy (kube::Cluster::proxy_get) and the KBS certificate a handshake saw.
#include "support/files.hpp"
#include "support/kube_client.hpp"
#include "support/temp_dir.hpp"
#include "support/test_pki.hpp"
#include "support/test_server.hpp"

#include <cococtl/crypto/certificate.hpp>
#include <cococtl/install/attest_rules.hpp>
#include <cococtl/net/http.hpp>

#include <catch2/catch.hpp>

#include <atomic>

using namespace cococtl;
using namespace cococtl::test;
using namespace cococtl::install::attest;

namespace {

const std::string k_proxy_path = "/api/v1/namespaces/kbs-access/services/secure:5000/proxy/";
const std::string k_secret = "the kbsres1 key3 bytes";

// An API server whose service proxy answers `status` with `body`; counts the requests.
struct ProxyServer {
  std::atomic<int> status{200};
  std::atomic<int> requests{0};
  std::string body = k_secret;
  TestServer server{
      [this](httplib::Server& s) {
        s.Get(k_proxy_path, [this](const httplib::Request&, httplib::Response& res) {
          ++requests;
          res.status = status;
          res.set_content(
              status == 200 ? body : R"({"kind":"Status","message":"no endpoints available for service \"secure\""})",
              status == 200 ? "text/plain" : "application/json");
        });
      },
      ServerTls{test_pki().server_cert, test_pki().server_key, ""}};
};

ProxyAnswer ask(ProxyServer& api) {
  TempDir dir("attest-proxy");
  write_text(dir.file("config"), kubeconfig_for(api.server.base_url(), "    token: t\n"));
  auto cluster = connect(dir.file("config"));
  auto answer = cluster->proxy_get("kbs-access", "secure:5000", "", std::chrono::seconds(5));
  REQUIRE(answer.ok());
  return {answer->status, answer->body};
}

}  // namespace

TEST_CASE("attest workload: proxy_get reads the service proxy - 200 with the bytes passes") {
  ProxyServer api;
  const auto r = workload_rule(ask(api), k_secret, "default/kbsres1/key3");
  CHECK(r.verdict == Verdict::pass);
  CHECK(r.message.find(k_secret) == std::string::npos);
}

TEST_CASE("attest workload: a 503 from the proxy (pod not Ready) fails once, without retries") {
  ProxyServer api;
  api.status = 503;
  const auto r = workload_rule(ask(api), k_secret, "default/kbsres1/key3");
  CHECK(r.verdict == Verdict::fail);
  CHECK(api.requests == 1);
}

TEST_CASE("attest workload: a 404 from the proxy (no such Service) skips") {
  ProxyServer api;
  api.status = 404;
  CHECK(workload_rule(ask(api), k_secret, "default/kbsres1/key3").verdict == Verdict::skip);
}

TEST_CASE("attest kbs-tls: a new connection reports the server's certificate chain, leaf first") {
  TestServer server([](httplib::Server& s) { s.Get("/kbs/v0/auth", [](const auto&, auto& res) { res.status = 405; }); },
                    ServerTls{test_pki().server_cert, test_pki().server_key, ""});
  net::HttpClient http(net::TlsConfig{.ca_file = test_pki().ca_cert});
  auto response = http.send({.url = server.base_url() + "/kbs/v0/auth", .capture_peer_certificates = true});
  REQUIRE(response.ok());
  CHECK(response->status == 405);
  REQUIRE_FALSE(response->peer_certificates.empty());
  const auto leaf = crypto::Certificate::from_pem(response->peer_certificates.front());
  REQUIRE(leaf.ok());
  CHECK(leaf->fingerprint() == crypto::Certificate::from_pem(slurp(test_pki().server_cert)).value().fingerprint());
  CHECK(leaf->days_until_expiry() > 0);
}
