#include "kube_helpers.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <sys/wait.h>

using namespace cococtl::testing;
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

  write_text(dir.file("changed.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: app}\ndata: {key: other}\n");
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
  auto forced = run_cococtl("apply --force-conflicts -f - --kubeconfig " + dir.file("kubeconfig") + " < " + dir.file("good.yaml"));
  CHECK(forced.code == 0);
  CHECK_THAT(forced.out, Catch::Contains("ConfigMap ns1/taken created"));
}
