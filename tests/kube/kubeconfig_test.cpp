#include "support/files.hpp"
#include "support/temp_dir.hpp"

#include <cococtl/kube/kubeconfig.hpp>

#include <catch2/catch.hpp>

using namespace cococtl;
using cococtl::test::TempDir;
using cococtl::test::write_text;

namespace {

const char* k_file_a = R"(apiVersion: v1
kind: Config
current-context: ctx-a
clusters:
- name: shared
  cluster:
    server: https://a.example:6443
- name: only-a
  cluster:
    server: https://only-a.example
    certificate-authority: certs/ca.crt
contexts:
- name: ctx-a
  context: {cluster: shared, user: alice, namespace: team-a}
- name: ctx-rel
  context: {cluster: only-a, user: alice}
users:
- name: alice
  user:
    token: token-from-a
)";

const char* k_file_b = R"(apiVersion: v1
kind: Config
current-context: ctx-b
clusters:
- name: shared
  cluster:
    server: https://b.example:6443
    tls-server-name: from-b
- name: only-b
  cluster:
    server: https://only-b.example
contexts:
- name: ctx-b
  context: {cluster: only-b, user: bob}
- name: ctx-a
  context: {cluster: only-b, user: bob}
users:
- name: alice
  user:
    token: token-from-b
- name: bob
  user:
    username: bob
    password: pw
)";

kube::LoadOptions env_options(const std::string& kubeconfig_env, const std::string& home) {
  kube::LoadOptions o;
  o.kubeconfig_env = kubeconfig_env;
  o.home = home;
  o.service_host = "";
  o.service_port = "";
  return o;
}

}  // namespace

TEST_CASE("KUBECONFIG merge: first file wins per name (whole entry) and for current-context") {
  TempDir dir;
  write_text(dir.file("a"), k_file_a);
  write_text(dir.file("b"), k_file_b);
  auto options = env_options(dir.file("a") + ":" + dir.file("missing") + ":" + dir.file("b") + ":" + dir.file("a"), dir.path().string());
  auto merged = kube::load_kubeconfig(options);
  REQUIRE(merged.ok());
  CHECK(merged->files.size() == 2);
  CHECK(merged->current_context == "ctx-a");
  CHECK(merged->clusters.at("shared").value.server == "https://a.example:6443");
  CHECK(merged->clusters.at("shared").value.tls_server_name.empty());  // not merged field by field
  CHECK(merged->clusters.count("only-b") == 1);
  CHECK(merged->users.at("alice").value.token == "token-from-a");

  auto rest = kube::load_rest_config(options);
  REQUIRE(rest.ok());
  CHECK(rest->context_name == "ctx-a");
  CHECK(rest->cluster.server == "https://a.example:6443");
  CHECK(rest->namespace_name == "team-a");
  CHECK(rest->user.token == "token-from-a");

  options.context = "ctx-b";
  auto b = kube::load_rest_config(options);
  REQUIRE(b.ok());
  CHECK(b->cluster.server == "https://only-b.example");
  CHECK(b->user.username == "bob");
  CHECK(b->namespace_name == "default");
}

TEST_CASE("KUBECONFIG order decides, --kubeconfig reads one file only") {
  TempDir dir;
  write_text(dir.file("a"), k_file_a);
  write_text(dir.file("b"), k_file_b);
  auto reversed = kube::load_rest_config(env_options(dir.file("b") + ":" + dir.file("a"), dir.path().string()));
  REQUIRE(reversed.ok());
  CHECK(reversed->context_name == "ctx-b");

  auto options = env_options(dir.file("a"), dir.path().string());
  options.kubeconfig = dir.file("b");
  options.context = "ctx-a";  // b's own ctx-a, not a's
  auto single = kube::load_rest_config(options);
  REQUIRE(single.ok());
  CHECK(single->cluster.server == "https://only-b.example");

  options.kubeconfig = dir.file("nope");
  auto missing = kube::load_rest_config(options);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == util::ExitCode::invalid_input);
  CHECK_THAT(missing.error().message, Catch::Contains(dir.file("nope")));
}

TEST_CASE("the default kubeconfig is ~/.kube/config, relative paths resolve against the file's folder") {
  TempDir dir;
  write_text(dir.file(".kube/config"), k_file_a);
  auto options = env_options("", dir.path().string());
  options.context = "ctx-rel";
  auto rest = kube::load_rest_config(options);
  REQUIRE(rest.ok());
  CHECK(rest->cluster.certificate_authority == dir.file(".kube/certs/ca.crt"));
}

TEST_CASE("broken kubeconfigs are invalid input naming the file and the entry") {
  TempDir dir;
  auto load = [&](const std::string& text, const std::string& context = "") {
    write_text(dir.file("config"), text);
    auto o = env_options("", dir.path().string());
    o.kubeconfig = dir.file("config");
    o.context = context;
    return kube::load_rest_config(o);
  };
  auto yaml = load("clusters: [\n  - name: x\n    cluster: {server: a\n");
  REQUIRE_FALSE(yaml.ok());
  CHECK(yaml.error().code == util::ExitCode::invalid_input);
  CHECK_THAT(yaml.error().message, Catch::Contains(dir.file("config:")));

  const std::string base = "clusters:\n- name: c\n  cluster: {server: https://x}\ncontexts:\n- name: ctx\n  context: {cluster: c, user: u}\ncurrent-context: ctx\n";
  auto b64 = load(base + "users:\n- name: ok\n  user: {token: t}\n- name: u\n  user:\n    client-key-data: '!!notbase64'\n");
  REQUIRE_FALSE(b64.ok());
  CHECK(b64.error().code == util::ExitCode::invalid_input);
  CHECK_THAT(b64.error().message, Catch::Contains("users[1] \"u\": client-key-data is not valid base64"));

  auto unknown = load(base + "users:\n- name: u\n  user: {token: t}\n", "ctxx");
  REQUIRE_FALSE(unknown.ok());
  CHECK_THAT(unknown.error().message, Catch::Contains("context \"ctxx\" not found") && Catch::Contains("did you mean \"ctx\""));

  auto dangling = load(base);
  REQUIRE_FALSE(dangling.ok());
  CHECK_THAT(dangling.error().message, Catch::Contains("refers to user \"u\", which is not defined"));

  auto both = load(base + "users:\n- name: u\n  user: {token: t, username: a, password: b}\n");
  REQUIRE_FALSE(both.ok());
  CHECK_THAT(both.error().message, Catch::Contains("not both"));

  auto insecure = load("clusters:\n- name: c\n  cluster: {server: https://x, insecure-skip-tls-verify: true, certificate-authority: /ca}\n"
                       "contexts:\n- name: ctx\n  context: {cluster: c}\ncurrent-context: ctx\n");
  REQUIRE_FALSE(insecure.ok());
  CHECK_THAT(insecure.error().message, Catch::Contains("insecure flag is not allowed"));

  auto exec = load(base + "users:\n- name: u\n  user:\n    exec: {command: x, apiVersion: client.authentication.k8s.io/v1}\n");
  REQUIRE_FALSE(exec.ok());
  CHECK_THAT(exec.error().message, Catch::Contains("interactiveMode is required"));

  auto provider = load(base + "users:\n- name: u\n  user:\n    auth-provider: {name: gcp}\n");
  REQUIRE_FALSE(provider.ok());
  CHECK_THAT(provider.error().message, Catch::Contains("auth-provider \"gcp\" is not supported"));

  auto noname = load("clusters:\n- cluster: {server: https://x}\n");
  REQUIRE_FALSE(noname.ok());
  CHECK_THAT(noname.error().message, Catch::Contains("clusters[0]: name is missing"));
}

TEST_CASE("in-cluster config is used only when no kubeconfig exists") {
  TempDir dir;
  write_text(dir.file("sa/token"), "sa-token\n");
  write_text(dir.file("sa/ca.crt"), "x");
  write_text(dir.file("sa/namespace"), "pod-ns\n");
  auto options = env_options("", dir.path().string());
  options.service_host = "fd00::1";
  options.service_port = "443";
  options.pod_namespace = "";
  options.in_cluster_dir = dir.file("sa");
  auto rest = kube::load_rest_config(options);
  REQUIRE(rest.ok());
  CHECK(rest->cluster.server == "https://[fd00::1]:443");
  CHECK(rest->user.token_file == dir.file("sa/token"));
  CHECK(rest->cluster.certificate_authority == dir.file("sa/ca.crt"));
  CHECK(rest->namespace_name == "pod-ns");
  options.pod_namespace = "from-env";
  CHECK(kube::load_rest_config(options)->namespace_name == "from-env");

  options.service_host = "";
  auto none = kube::load_rest_config(options);
  REQUIRE_FALSE(none.ok());
  CHECK(none.error().code == util::ExitCode::invalid_input);

  write_text(dir.file(".kube/config"), k_file_a);
  options.service_host = "10.0.0.1";
  CHECK(kube::load_rest_config(options)->context_name == "ctx-a");
}
