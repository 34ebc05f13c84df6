// The KBS the simulated cluster hosts for a KbsConfig (sim/controllers/kbs_host), and the
// kbs-access workload whose init container fetches a resource from it through the simulated
// CDH, then answers through the API server's service proxy.
#include "kbs_host_fixture.hpp"

#include <catch2/catch.hpp>

#include <regex>

using namespace cococtl::sim;
using namespace cococtl::sim::testing;
namespace kbssim = cococtl::test::kbssim;

namespace {

std::string body_of(const cococtl::test::CommandResult& r) { return r.out.substr(0, r.out.rfind('\n')); }
std::string status_of(const cococtl::test::CommandResult& r) { return r.out.substr(r.out.rfind('\n') + 1); }

}  // namespace

TEST_CASE("hosted KBS: started from the KbsConfig's objects and announced with the Route host") {
  HostedKbsCluster h;
  h.deploy_trustee();
  REQUIRE(h.announced.size() == 1);
  const std::regex line(R"(kbs listening on https://127\.0\.0\.1:(\d+) for kbs\.example\.test)");
  std::smatch m;
  REQUIRE(std::regex_match(h.announced[0], m, line));
  CHECK(std::stoi(m[1]) == h.c.cluster().hosting().kbs.port());
  const auto state = h.c.cluster().hosting().kbs.state();
  CHECK(state->resources.count("default/kbsres1/key3") == 1);
  CHECK(state->resource_policy.name() == "affirming");
  // The admin API takes tokens signed with the key of the auth Secret, and only those.
  const std::string token = kbssim::openssl_admin_token(h.dir, h.material.admin_key, {{"exp", kbssim::now() + 300}});
  const auto set = h.kbs_request("POST", "/kbs/v0/resource/default/added/one", {"Authorization: Bearer " + token}, "x");
  INFO(set.out << set.err);
  CHECK(status_of(set) == "200");
  const auto other_key = cococtl::crypto::PrivateKey::generate(cococtl::crypto::KeyType::ed25519).value();
  const std::string forged = kbssim::openssl_admin_token(h.dir, other_key, {{"exp", kbssim::now() + 300}});
  CHECK(status_of(h.kbs_request("POST", "/kbs/v0/resource/default/added/two", {"Authorization: Bearer " + forged},
                                "x")) == "401");
}

TEST_CASE("hosted KBS: a changed resource policy ConfigMap rebuilds it and a broken config stops it") {
  HostedKbsCluster h;
  h.deploy_trustee();
  const auto before = h.c.cluster().hosting().kbs.state();
  h.set_config_map(
      "resource-policy", "policy.rego",
      "package policy\ndefault allow := false\nplugin := data.plugin\nallow if { plugin == \"resource\" }\n");
  REQUIRE(h.c.tick_until([&] { return h.c.cluster().hosting().kbs.state() != before; }, 5));
  CHECK(h.c.cluster().hosting().kbs.state()->resource_policy.name() == "allow-all");
  CHECK(h.announced.size() == 2);
  h.set_config_map("kbs-config", "kbs-config.toml", "[http_server\n");
  REQUIRE(h.c.tick_until([&] { return h.c.cluster().hosting().kbs.state() == nullptr; }, 5));
  CHECK_THAT(h.c.cluster().hosting().kbs.failure(), Catch::Contains("kbs-config.toml"));
  // The KBS pod cannot start: the Deployment does not stay Available.
  CHECK(h.c.tick_until([&] { return !h.deployment_available(k_trustee_ns, "trustee-deployment"); }, 10));
}

TEST_CASE("kbs-access: a TDX pod with the right init-data gets the resource, served by the service proxy") {
  HostedKbsCluster h;
  h.deploy_trustee();
  h.deploy_kbs_access("kata-cc", initdata_annotation(kbs_access_initdata()));
  REQUIRE(h.c.tick_until([&] { return h.deployment_available("kbs-access", "secure"); }, 30));
  for (const char* id : {"secure", "secure:5000", "secure:http", "http:secure:5000"}) {
    const auto got = h.api_get(std::string("/api/v1/namespaces/kbs-access/services/") + id + "/proxy/");
    INFO(id << ": " << got.out << got.err);
    CHECK(status_of(got) == "200");
    CHECK(body_of(got) == "the kbs-access secret\n");
  }
  const auto wrong_port = h.api_get("/api/v1/namespaces/kbs-access/services/secure:80/proxy/");
  CHECK(status_of(wrong_port) == "503");
  CHECK_THAT(wrong_port.out, Catch::Contains("no service port 80 found for service \\\"secure\\\""));
  const auto unknown = h.api_get("/api/v1/namespaces/kbs-access/services/nope/proxy/");
  CHECK(status_of(unknown) == "404");
  CHECK_THAT(unknown.out, Catch::Contains("services \\\"nope\\\" not found"));
}

TEST_CASE("kbs-access: without init-data, with another document, or under runc the pod never gets Ready") {
  struct Case {
    const char* name;
    std::string runtime_class;
    std::string annotation;
    const char* reason;
  };
  const std::vector<Case> cases{
      {"no annotation", "kata-cc", "", "has no io.katacontainers.config.hypervisor.cc_init_data annotation"},
      {"other digest", "kata-cc", initdata_annotation(kbs_access_initdata() + "# changed\n"),
       "is not in reference value init_data"},
      {"runc", "", initdata_annotation(kbs_access_initdata()), "Connection refused"},
      {"kata without TEE (sample)", "kata", initdata_annotation(kbs_access_initdata()), "PolicyDeny"}};
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      HostedKbsCluster h;
      h.deploy_trustee();
      h.deploy_kbs_access(c.runtime_class, c.annotation);
      REQUIRE(h.c.tick_until(
          [&] {
            return h.c.list("v1", "Pod", "kbs-access").size() == 1 &&
                   find_path(h.kbs_access_pod(), {"status", "initContainerStatuses"});
          },
          20));
      h.c.ticks(5);
      const json pod = h.kbs_access_pod();
      CHECK_FALSE(condition_true(pod, "Ready"));
      CHECK_FALSE(condition_true(pod, "Initialized"));
      const json& terminated = pod["status"]["initContainerStatuses"][0]["state"]["terminated"];
      CHECK(terminated["reason"] == "Error");
      CHECK_THAT(terminated.value("message", ""), Catch::Contains(c.reason));
      CHECK_FALSE(h.deployment_available("kbs-access", "secure"));
      const auto proxied = h.api_get("/api/v1/namespaces/kbs-access/services/secure:5000/proxy/");
      CHECK(status_of(proxied) == "503");
      CHECK_THAT(proxied.out, Catch::Contains("no endpoints available for service \\\"secure\\\""));
    }
  }
}
