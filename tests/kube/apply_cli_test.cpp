#include "fake_apiserver.hpp"
#include "support/files.hpp"
#include "support/kube_client.hpp"
#include "support/temp_dir.hpp"
#include "support/test_pki.hpp"

#include <cococtl/crypto/encoding.hpp>
#include <cococtl/render/render.hpp>
#include <cococtl/render/unfilled.hpp>

#include <catch2/catch.hpp>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>

using namespace cococtl::test;
using nlohmann::json;

namespace {

struct Run {
  int code;
  std::string out;
};

// Runs the built cococtl with `args` (stderr folded into the output).
Run run_cococtl(const std::string& args) {
  const std::string command = std::string(COCOCTL_BINARY_DIR) + "/bin/cococtl " + args + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe);
  std::string out;
  char buffer[4096];
  while (const size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
  const int status = ::pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

const char* k_manifests = R"(apiVersion: v1
kind: Namespace
metadata:
  name: app
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: app
data:
  key: value
---
# comments and empty documents are fine
---
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: from-list}
)";

// The PEM armour (first and last line) of a key generated at test time around `body`: a
// malformed key without committing key-shaped text.
std::string armour_around(const std::string& pem, const std::string& body) {
  const auto first_end = pem.find('\n') + 1;
  const auto last_start = pem.rfind('\n', pem.size() - 2) + 1;
  return pem.substr(0, first_end) + body + "\n" + pem.substr(last_start);
}

}  // namespace

TEST_CASE("cococtl apply: results per object, re-apply unchanged, -o json, dry run") {
  FakeApiServer server;
  TempDir dir;
  write_text(dir.file("kubeconfig"), kubeconfig_for(server.url(), "    token: t\n"));
  write_text(dir.file("manifests/all.yaml"), k_manifests);
  write_text(dir.file("manifests/ignored.txt"), "not yaml: [");
  const std::string base = "apply -f " + dir.file("manifests") + " --kubeconfig " + dir.file("kubeconfig");
  auto first = run_cococtl(base);
  INFO(first.out);
  CHECK(first.code == 0);
  CHECK_THAT(first.out, Catch::Contains("Namespace app created") && Catch::Contains("ConfigMap app/settings created") &&
                            Catch::Contains("ConfigMap ns1/from-list created"));
  auto again = run_cococtl("-o json " + base);  // global flags go before the subcommand
  INFO(again.out);
  REQUIRE(again.code == 0);
  const json out = json::parse(again.out);
  REQUIRE(out["results"].size() == 3);
  CHECK(out["results"][1]["name"] == "settings");
  CHECK(out["results"][1]["result"] == "unchanged");
  CHECK(out["summary"]["unchanged"] == 3);
  CHECK(out["dryRun"] == false);

  write_text(dir.file("changed.yaml"),
             "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: app}\ndata: {key: other}\n");
  auto dry = run_cococtl("apply --dry-run -f " + dir.file("changed.yaml") + " --kubeconfig " + dir.file("kubeconfig"));
  CHECK(dry.code == 0);
  CHECK_THAT(dry.out, Catch::Contains("ConfigMap app/settings configured (dry run)"));
  CHECK(server.object("", "configmaps", "app", "settings")->at("data").at("key") == "value");
}

TEST_CASE("cococtl apply: exit 3 for bad manifests and kubeconfigs, 1 for apply failures") {
  FakeApiServer server;
  TempDir dir;
  write_text(dir.file("kubeconfig"), kubeconfig_for(server.url(), "    token: t\n"));
  write_text(dir.file("bad.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n");
  auto bad = run_cococtl("apply -f " + dir.file("bad.yaml") + " --kubeconfig " + dir.file("kubeconfig"));
  CHECK(bad.code == 3);
  CHECK_THAT(bad.out, Catch::Contains(dir.file("bad.yaml")) && Catch::Contains("metadata.name is missing"));
  CHECK(server.requests().empty());

  write_text(dir.file("good.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: taken}\ndata: {key: mine}\n");
  write_text(dir.file("broken-kubeconfig"), "users:\n- name: u\n  user: {client-key-data: '%%%'}\n");
  auto kc = run_cococtl("apply -f " + dir.file("good.yaml") + " --kubeconfig " + dir.file("broken-kubeconfig"));
  CHECK(kc.code == 3);
  CHECK_THAT(kc.out, Catch::Contains(dir.file("broken-kubeconfig")) && Catch::Contains("users[0] \"u\""));

  server.conflict_on("taken");
  auto conflict = run_cococtl("apply -f " + dir.file("good.yaml") + " --kubeconfig " + dir.file("kubeconfig"));
  CHECK(conflict.code == 1);
  CHECK_THAT(conflict.out, Catch::Contains("ConfigMap ns1/taken failed") && Catch::Contains(".data.key") &&
                               Catch::Contains("1 of 1 objects failed"));
  auto forced = run_cococtl("apply --force-conflicts -f - --kubeconfig " + dir.file("kubeconfig") + " < " +
                            dir.file("good.yaml"));
  CHECK(forced.code == 0);
  CHECK_THAT(forced.out, Catch::Contains("ConfigMap ns1/taken created"));
}

TEST_CASE("cococtl apply refuses redacted values and key-material placeholders before any request") {
  FakeApiServer server;
  TempDir dir;
  write_text(dir.file("kubeconfig"), kubeconfig_for(server.url(), "    token: t\n"));
  // What `cococtl render` writes without --show-secrets and without generated key material.
  const std::string render = std::string(COCOCTL_BINARY_DIR) + "/bin/cococtl --secrets-dir " + dir.file("no-keys") +
                             " --topology simple render --out-dir " + dir.file("rendered") + " 2>&1";
  REQUIRE(std::system(render.c_str()) == 0);
  auto rendered = run_cococtl("apply -f " + dir.file("rendered") + " --kubeconfig " + dir.file("kubeconfig"));
  INFO(rendered.out);
  CHECK(rendered.code == 3);
  CHECK_THAT(rendered.out, Catch::Contains("Secret trustee-operator-system/kbs-https-key (") &&
                               Catch::Contains(".data.tls.key holds a redacted value") &&
                               Catch::Contains("cococtl render --show-secrets --out-dir DIR"));
  CHECK(server.requests().empty());

  // A placeholder inside base64 Secret data, and one in plain text elsewhere.
  write_text(dir.file("placeholders.yaml"),
             "apiVersion: v1\nkind: Secret\nmetadata: {name: tls, namespace: app}\n"
             "data: {tls.key: " +
                 cococtl::crypto::base64_encode(cococtl::render::placeholder_for("kbs-tls-key")) +
                 "}\n"
                 "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: init, namespace: app, annotations: {a: '" +
                 cococtl::render::placeholder_for("kbs-ca-cert") + "'}}\n");
  auto placeholders =
      run_cococtl("apply -f " + dir.file("placeholders.yaml") + " --kubeconfig " + dir.file("kubeconfig"));
  INFO(placeholders.out);
  CHECK(placeholders.code == 3);
  CHECK_THAT(placeholders.out, Catch::Contains("refusing to apply 2 value(s)") &&
                                   Catch::Contains("Secret app/tls (" + dir.file("placeholders.yaml") +
                                                   ":1): .data.tls.key holds a placeholder for kbs-tls-key") &&
                                   Catch::Contains(".metadata.annotations.a holds a placeholder for kbs-ca-cert"));
  CHECK(server.requests().empty());
}

TEST_CASE("cococtl apply refuses an object given twice, naming both sources") {
  FakeApiServer server;
  TempDir dir;
  write_text(dir.file("kubeconfig"), kubeconfig_for(server.url(), "    token: t\n"));
  write_text(dir.file("m/a.yaml"),
             "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, namespace: app}\ndata: {k: a}\n");
  write_text(dir.file("m/b.yaml"),
             "# the same object again\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, namespace: app}\n"
             "data: {k: b}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, namespace: other}\n");
  auto twice = run_cococtl("apply -f " + dir.file("m") + " --kubeconfig " + dir.file("kubeconfig"));
  INFO(twice.out);
  CHECK(twice.code == 3);
  CHECK_THAT(twice.out,
             Catch::Contains("ConfigMap app/x: " + dir.file("m/a.yaml") + ":1 and " + dir.file("m/b.yaml") + ":2"));
  CHECK_THAT(twice.out, !Catch::Contains("other/x"));
  CHECK(server.requests().empty());
}

TEST_CASE("cococtl -q apply prints only failures") {
  FakeApiServer server;
  TempDir dir;
  write_text(dir.file("kubeconfig"), kubeconfig_for(server.url(), "    token: t\n"));
  write_text(dir.file("ok.yaml"), k_manifests);
  auto quiet = run_cococtl("-q apply -f " + dir.file("ok.yaml") + " --kubeconfig " + dir.file("kubeconfig"));
  CHECK(quiet.code == 0);
  CHECK(quiet.out.empty());
  write_text(dir.file("taken.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: taken}\ndata: {key: mine}\n");
  server.conflict_on("taken");
  auto failed = run_cococtl("apply -q -f " + dir.file("taken.yaml") + " --kubeconfig " + dir.file("kubeconfig"));
  CHECK(failed.code == 1);
  CHECK_THAT(failed.out, Catch::Contains("ConfigMap ns1/taken failed") && Catch::Contains("1 of 1 objects failed"));
  CHECK_THAT(failed.out, !Catch::Contains("created"));
}

TEST_CASE("cococtl apply: an unusable client key in the kubeconfig is bad input (exit 3) before any request") {
  FakeApiServer server;
  TempDir dir;
  write_text(dir.file("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
  const auto& pki = test_pki();
  const std::string cert = cococtl::crypto::base64_encode(slurp(pki.client_cert));
  const std::vector<std::pair<std::string, std::string>> keys{
      {slurp(pki.server_key), "the client key does not belong to the client certificate"},
      {armour_around(slurp(pki.client_key), "AAAA"), "the client key is not a PEM private key"}};
  for (const auto& [key, message] : keys) {
    write_text(dir.file("kubeconfig"),
               kubeconfig_for(server.url(), "    client-certificate-data: " + cert + "\n    client-key-data: " +
                                                cococtl::crypto::base64_encode(key) + "\n"));
    auto bad = run_cococtl("apply -f " + dir.file("cm.yaml") + " --kubeconfig " + dir.file("kubeconfig"));
    INFO(bad.out);
    CHECK(bad.code == 3);
    CHECK_THAT(bad.out, Catch::Contains("kubeconfig " + dir.file("kubeconfig") + ": user \"u\": " + message));
    CHECK_THAT(bad.out, !Catch::Contains("PRIVATE KEY"));
  }
  CHECK(server.requests().empty());
}

TEST_CASE("cococtl -vvv apply logs the files read and every HTTP exchange, never a secret or a query") {
  FakeApiServer server;
  TempDir dir;
  write_text(dir.file("kubeconfig"), kubeconfig_for(server.url(), "    token: t0ps3cr3t-t0ken\n"));
  write_text(dir.file("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: app}\n");
  auto verbose = run_cococtl("-vvv apply -f " + dir.file("cm.yaml") + " --kubeconfig " + dir.file("kubeconfig"));
  INFO(verbose.out);
  CHECK(verbose.code == 0);
  CHECK_THAT(verbose.out,
             Catch::Contains("read " + dir.file("kubeconfig") + " (") &&
                 Catch::Contains("read " + dir.file("cm.yaml") + " (") &&
                 Catch::Contains("HTTP GET " + server.url() + "/api -> 200 in ") &&
                 Catch::Contains("HTTP PATCH " + server.url() + "/api/v1/namespaces/app/configmaps/a?… -> 20"));
  CHECK_THAT(verbose.out, !Catch::Contains("t0ps3cr3t") && !Catch::Contains("fieldManager="));
}
