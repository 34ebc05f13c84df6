#include "base64.hpp"
#include "fake_apiserver.hpp"
#include "support/files.hpp"
#include "support/kube_client.hpp"
#include "support/test_pki.hpp"

#include <cococtl/util/log.hpp>

#include <catch2/catch.hpp>
#include <sys/stat.h>

using namespace cococtl;
using namespace cococtl::test;
using nlohmann::json;

namespace {

bool can_list(kube::Cluster& cluster) {
  auto r = cluster.list("v1", "ConfigMap", "ns1");
  if (!r.ok()) UNSCOPED_INFO(r.error().message);
  return r.ok();
}

std::string last_authorization(FakeApiServer& server) { return server.requests().back().authorization; }

// An exec plugin that counts its runs, records its input and prints token "exec-token-<run>".
void write_plugin(const std::string& path, const std::string& expiry) {
  write_text(path, "#!/bin/sh\n"
                   "dir=$(dirname \"$0\")\n"
                   "n=$(($(cat \"$dir/runs\" 2>/dev/null || echo 0) + 1))\n"
                   "echo $n > \"$dir/runs\"\n"
                   "printf '%s' \"$KUBERNETES_EXEC_INFO\" > \"$dir/info.json\"\n"
                   "echo \"$GREETING\" > \"$dir/env\"\n"
                   "echo '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\","
                   "\"status\":{\"token\":\"exec-token-'$n'\"" + expiry + "}}'\n");
  ::chmod(path.c_str(), 0755);
}

const std::string k_exec_user =
    "    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: ./plugin.sh\n      args: [get-token]\n"
    "      interactiveMode: Never\n      provideClusterInfo: true\n      env:\n      - {name: GREETING, value: hello}\n";

}  // namespace

TEST_CASE("auth: bearer token, and tokens never reach the logs") {
  FakeApiServer server;
  server.accept_authorization("Bearer static-token-123");
  TempDir dir;
  write_text(dir.file("config"), kubeconfig_for(server.url(), "    token: static-token-123\n"));
  auto cluster = connect(dir.file("config"));
  CHECK(can_list(*cluster));
  CHECK(last_authorization(server) == "Bearer static-token-123");
  CHECK(util::redact("token static-token-123 leaked") == "token [REDACTED] leaked");
}

TEST_CASE("auth: tokenFile (relative path) wins over token") {
  FakeApiServer server;
  server.accept_authorization("Bearer from-file");
  TempDir dir;
  write_text(dir.file("secret/token"), "from-file\n");
  write_text(dir.file("config"), kubeconfig_for(server.url(), "    token: from-config\n    tokenFile: secret/token\n"));
  auto cluster = connect(dir.file("config"));
  CHECK(can_list(*cluster));
  CHECK(last_authorization(server) == "Bearer from-file");
}

TEST_CASE("auth: basic auth and impersonation headers") {
  FakeApiServer server;
  const std::string basic = "Basic " + kube::detail::base64_encode("admin:pa55word");
  server.accept_authorization(basic);
  TempDir dir;
  write_text(dir.file("config"), kubeconfig_for(server.url(), "    username: admin\n    password: pa55word\n    as: jane\n"
                                                          "    as-groups: [devs, ops]\n    as-user-extra: {scopes: [view]}\n"));
  auto cluster = connect(dir.file("config"));
  CHECK(can_list(*cluster));
  const auto last = server.requests().back();
  CHECK(last.authorization == basic);
  CHECK(last.headers.find("Impersonate-User")->second == "jane");
  CHECK(last.headers.count("Impersonate-Group") == 2);
  CHECK(last.headers.find("Impersonate-Extra-scopes")->second == "view");
}

TEST_CASE("auth: client certificate from files (relative) and from -data") {
  FakeApiServer server({.require_client_cert = true});
  const auto& pki = test_pki();
  TempDir dir;
  write_text(dir.file("pki/client.crt"), slurp(pki.client_cert));
  write_text(dir.file("pki/client.key"), slurp(pki.client_key));
  write_text(dir.file("files"), kubeconfig_for(server.url(), "    client-certificate: pki/client.crt\n    client-key: pki/client.key\n"));
  auto by_file = connect(dir.file("files"));
  CHECK(can_list(*by_file));
  CHECK(server.requests().back().client_cn == "test-client");

  write_text(dir.file("data"), kubeconfig_for(server.url(), "    client-certificate-data: " + kube::detail::base64_encode(slurp(pki.client_cert)) +
                                                        "\n    client-key-data: " + kube::detail::base64_encode(slurp(pki.client_key)) + "\n"));
  CHECK(can_list(*connect(dir.file("data"))));

  write_text(dir.file("missing"), kubeconfig_for(server.url(), "    client-certificate: nope.crt\n    client-key: nope.key\n"));
  auto bad = kube::Cluster::connect(options_for(dir.file("missing")));
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().code == util::ExitCode::invalid_input);
  CHECK_THAT(bad.error().message, Catch::Contains(dir.file("nope.crt")));
}

TEST_CASE("auth: exec plugin gets KUBERNETES_EXEC_INFO, is cached, and re-runs after a 401") {
  FakeApiServer server;
  server.accept_authorization("Bearer exec-token-1");
  TempDir dir;
  write_plugin(dir.file("plugin.sh"), ",\"expirationTimestamp\":\"2999-01-01T00:00:00Z\"");
  write_text(dir.file("config"), kubeconfig_for(server.url(), k_exec_user));
  auto cluster = connect(dir.file("config"));
  for (int i = 0; i < 3; ++i) CHECK(can_list(*cluster));
  CHECK(slurp(dir.file("runs")) == "1\n");
  CHECK(slurp(dir.file("env")) == "hello\n");
  const json info = json::parse(slurp(dir.file("info.json")));
  CHECK(info["apiVersion"] == "client.authentication.k8s.io/v1");
  CHECK(info["kind"] == "ExecCredential");
  CHECK(info["spec"]["interactive"] == false);
  CHECK(info["spec"]["cluster"]["server"] == server.url());
  CHECK(info["spec"]["cluster"]["certificate-authority-data"] == kube::detail::base64_encode(slurp(test_pki().ca_cert)));

  server.revoke_authorization("Bearer exec-token-1");
  server.accept_authorization("Bearer exec-token-2");
  CHECK(can_list(*cluster));
  CHECK(slurp(dir.file("runs")) == "2\n");
  CHECK(last_authorization(server) == "Bearer exec-token-2");
  CHECK(util::redact("x exec-token-2 y") == "x [REDACTED] y");
}

TEST_CASE("auth: expired exec credentials are renewed before use") {
  FakeApiServer server;
  TempDir dir;
  write_plugin(dir.file("plugin.sh"), ",\"expirationTimestamp\":\"2001-01-01T00:00:00Z\"");
  write_text(dir.file("config"), kubeconfig_for(server.url(), k_exec_user));
  auto cluster = connect(dir.file("config"));
  CHECK(can_list(*cluster));
  CHECK(can_list(*cluster));
  // Expired on arrival: every request (discovery included) needs a fresh run.
  CHECK(slurp(dir.file("runs")) == std::to_string(server.requests().size()) + "\n");
  CHECK(server.requests().size() >= 4);
}

TEST_CASE("auth: a missing exec plugin fails with its install hint") {
  FakeApiServer server;
  TempDir dir;
  write_text(dir.file("config"), kubeconfig_for(server.url(), "    exec:\n      apiVersion: client.authentication.k8s.io/v1\n"
                                                          "      command: no-such-plugin-xyz\n      interactiveMode: Never\n"
                                                          "      installHint: install it with 'dnf install xyz'\n"));
  auto cluster = connect(dir.file("config"));
  auto r = cluster->list("v1", "ConfigMap", "ns1");
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(r.error().message, Catch::Contains("no-such-plugin-xyz") && Catch::Contains("dnf install xyz"));
}

TEST_CASE("auth: oidc id-token is sent as a bearer token") {
  FakeApiServer server;
  server.accept_authorization("Bearer oidc-id-token");
  TempDir dir;
  write_text(dir.file("config"), kubeconfig_for(server.url(), "    auth-provider:\n      name: oidc\n      config: {id-token: oidc-id-token, client-id: x}\n"));
  CHECK(can_list(*connect(dir.file("config"))));
}

TEST_CASE("auth: in-cluster service account") {
  FakeApiServer server;
  server.accept_authorization("Bearer sa-token");
  TempDir dir;
  write_text(dir.file("sa/token"), "sa-token\n");
  write_text(dir.file("sa/ca.crt"), slurp(test_pki().ca_cert));
  write_text(dir.file("sa/namespace"), "ns1\n");
  kube::ConnectOptions options;
  options.kubeconfig.kubeconfig_env = "";
  options.kubeconfig.home = dir.path().string();
  options.kubeconfig.service_host = "127.0.0.1";
  options.kubeconfig.service_port = std::to_string(std::stoi(server.url().substr(server.url().rfind(':') + 1)));
  options.kubeconfig.in_cluster_dir = dir.file("sa");
  auto cluster = kube::Cluster::connect(options);
  REQUIRE(cluster.ok());
  CHECK((*cluster)->default_namespace() == "ns1");
  CHECK(can_list(**cluster));
}

TEST_CASE("unauthenticated requests surface the 401 Status") {
  FakeApiServer server;
  server.accept_authorization("Bearer right");
  TempDir dir;
  write_text(dir.file("config"), kubeconfig_for(server.url(), "    token: wrong\n"));
  auto r = connect(dir.file("config"))->list("v1", "ConfigMap", "ns1");
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(r.error().message, Catch::Contains("HTTP 401 Unauthorized"));
  CHECK(r.error().message.find("wrong") == std::string::npos);
}
