#include "fake_apiserver.hpp"
#include "support/files.hpp"
#include "support/kube_client.hpp"
#include "support/test_pki.hpp"

#include <cococtl/install/apply_order.hpp>

#include <catch2/catch.hpp>

using namespace cococtl;
using namespace cococtl::test;
using nlohmann::json;

namespace {

struct Fixture {
  explicit Fixture(FakeApiServer::Options options = {}) : server(options) {
    write_text(dir.file("config"), kubeconfig_for(server.url(), "    token: t\n"));
    cluster = connect(dir.file("config"));
  }
  TempDir dir;
  FakeApiServer server;
  std::unique_ptr<kube::Cluster> cluster;
};

json config_map(const std::string& name, const std::string& value, const std::string& ns = "ns1") {
  json o{{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", {{"name", name}}}, {"data", {{"key", value}}}};
  if (!ns.empty()) o["metadata"]["namespace"] = ns;
  return o;
}

json crd() {
  return json::parse(R"({"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
    "metadata":{"name":"mice.zoo.example"},
    "spec":{"group":"zoo.example","scope":"Namespaced","names":{"kind":"Mouse","plural":"mice","singular":"mouse"},
            "versions":[{"name":"v1","served":true,"storage":true}]}})");
}

std::vector<manifest::Object> objects(const std::vector<json>& bodies) {
  std::vector<manifest::Object> out;
  for (const auto& body : bodies) out.push_back({body, 0, "test"});
  return out;
}

}  // namespace

TEST_CASE("discovery maps kinds to the served plural, aggregated or legacy, never guessing") {
  for (bool aggregated : {true, false}) {
    Fixture f({.aggregated = aggregated});
    auto mouse = f.cluster->resource_for("example.com/v1", "Mouse");
    REQUIRE(mouse.ok());
    CHECK(mouse->plural == "mice");
    CHECK(mouse->namespaced);
    auto ns = f.cluster->resource_for("v1", "Namespace");
    REQUIRE(ns.ok());
    CHECK_FALSE(ns->namespaced);
    CHECK(f.cluster->resource_for("v1", "Endpoints")->plural == "endpoints");
    auto missing = f.cluster->resource_for("example.com/v1", "Rat");
    REQUIRE_FALSE(missing.ok());
    CHECK_THAT(missing.error().message, Catch::Contains("no matches for kind \"Rat\" in version \"example.com/v1\""));
    const auto requests = f.server.requests();
    CHECK(requests.front().accept.find("as=APIGroupDiscoveryList") != std::string::npos);
    // Aggregated: /api and /apis only. Legacy: one more request per group-version.
    CHECK((f.server.count("GET", "/api") <= 2) == aggregated);
  }
}

TEST_CASE("apply: created, then unchanged, then configured, SSA request shape") {
  Fixture f;
  auto first = f.cluster->apply_one(config_map("cm", "1"), {});
  CHECK(first.outcome == kube::ApplyOutcome::created);
  CHECK(first.display == "ConfigMap ns1/cm");
  auto again = f.cluster->apply_one(config_map("cm", "1"), {});
  CHECK(again.outcome == kube::ApplyOutcome::unchanged);
  auto changed = f.cluster->apply_one(config_map("cm", "2"), {});
  CHECK(changed.outcome == kube::ApplyOutcome::configured);
  CHECK(f.server.object("", "configmaps", "ns1", "cm")->at("data").at("key") == "2");

  auto patch = f.server.requests().back();
  CHECK(patch.method == "PATCH");
  CHECK(patch.path == "/api/v1/namespaces/ns1/configmaps/cm");
  CHECK(patch.content_type == "application/apply-patch+yaml");
  CHECK(patch.param("fieldManager") == "cococtl");
  CHECK(patch.param("force").empty());
  CHECK(patch.param("dryRun").empty());

  auto defaulted = f.cluster->apply_one(config_map("no-ns", "x", ""), {});
  CHECK(defaulted.outcome == kube::ApplyOutcome::created);
  CHECK(f.server.object("", "configmaps", "ns1", "no-ns"));  // the context's namespace

  auto invalid = f.cluster->apply_one(json{{"kind", "ConfigMap"}}, {});
  CHECK(invalid.outcome == kube::ApplyOutcome::error);
}

TEST_CASE("apply: dry run stores nothing and still classifies") {
  Fixture f;
  f.cluster->apply_one(config_map("existing", "1"), {});
  auto results = f.cluster->apply(objects({config_map("new", "1"), config_map("existing", "1"), config_map("existing2", "x")}),
                                  {.dry_run = true});
  CHECK(results[0].outcome == kube::ApplyOutcome::created);
  CHECK(results[1].outcome == kube::ApplyOutcome::unchanged);
  CHECK_FALSE(f.server.object("", "configmaps", "ns1", "new"));
  CHECK(f.server.requests().back().param("dryRun") == "All");
  auto changed = f.cluster->apply(objects({config_map("existing", "2")}), {.dry_run = true});
  CHECK(changed[0].outcome == kube::ApplyOutcome::configured);
  CHECK(f.server.object("", "configmaps", "ns1", "existing")->at("data").at("key") == "1");
}

TEST_CASE("apply: 409 conflicts name the fields, force takes them over") {
  Fixture f;
  f.server.conflict_on("owned");
  auto r = f.cluster->apply_one(config_map("owned", "mine"), {});
  CHECK(r.outcome == kube::ApplyOutcome::error);
  REQUIRE(r.conflicts.size() == 1);
  CHECK(r.conflicts[0].field == ".data.key");
  CHECK_THAT(r.message, Catch::Contains("HTTP 409 Conflict") && Catch::Contains(".data.key") &&
                            Catch::Contains("kubectl-edit") && Catch::Contains("--force-conflicts"));
  auto forced = f.cluster->apply_one(config_map("owned", "mine"), {.force = true});
  CHECK(forced.outcome == kube::ApplyOutcome::created);
  CHECK(f.server.requests().back().param("force") == "true");
}

TEST_CASE("apply: Namespaces and CRDs first, CRs after their CRD is Established") {
  Fixture f({.crd_polls_until_established = 3});
  json mouse{{"apiVersion", "zoo.example/v1"}, {"kind", "Mouse"}, {"metadata", {{"name", "jerry"}, {"namespace", "zoo"}}}};
  json ns{{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", "zoo"}}}};
  install::OrderOptions options;
  options.apply.concurrency = 4;
  auto results = install::apply_in_order(*f.cluster, objects({mouse, config_map("cm", "1", "zoo"), crd(), ns}), options);
  for (const auto& r : results) {
    INFO(r.display << ": " << r.message);
    CHECK(r.outcome == kube::ApplyOutcome::created);
  }
  std::vector<std::string> patches;
  for (const auto& r : f.server.requests()) {
    if (r.method == "PATCH") patches.push_back(r.path);
  }
  REQUIRE(patches.size() == 4);
  CHECK(std::set<std::string>(patches.begin(), patches.begin() + 2) ==
        std::set<std::string>{"/api/v1/namespaces/zoo", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/mice.zoo.example"});
  CHECK(std::find(patches.begin(), patches.end(), "/apis/zoo.example/v1/namespaces/zoo/mice/jerry") != patches.end());
  CHECK(f.server.count("GET", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions") >= 1);  // watched, not polled
  CHECK(f.server.object("zoo.example", "mice", "zoo", "jerry"));
}

TEST_CASE("apply: many objects concurrently, results in input order") {
  Fixture f;
  std::vector<json> maps;
  for (int i = 0; i < 40; ++i) maps.push_back(config_map("cm-" + std::to_string(i), "v"));
  std::vector<std::size_t> reported;
  auto results = f.cluster->apply(objects(maps), {.concurrency = 8},
                                  [&](std::size_t i, const kube::ApplyResult&) { reported.push_back(i); });
  CHECK(reported.size() == 40);
  REQUIRE(results.size() == 40);
  for (int i = 0; i < 40; ++i) {
    CHECK(results[i].display == "ConfigMap ns1/cm-" + std::to_string(i));
    CHECK(results[i].outcome == kube::ApplyOutcome::created);
  }
  auto again = f.cluster->apply(objects(maps), {.concurrency = 8});
  for (const auto& r : again) {
    CHECK(r.outcome == kube::ApplyOutcome::unchanged);
    CHECK(r.live.at("data").at("key") == "v");  // the object before the apply, for diffs
  }
}

TEST_CASE("retries: 5xx and plain-text 429 with Retry-After are retried for idempotent calls") {
  Fixture f;
  f.server.fail_next(3, 503);
  auto r = f.cluster->apply_one(config_map("cm", "1"), {});
  CHECK(r.outcome == kube::ApplyOutcome::created);
  f.server.fail_next(2, 429, "0", true);
  auto got = f.cluster->get("v1", "ConfigMap", "ns1", "cm");
  REQUIRE(got.ok());
  CHECK(got->has_value());
  f.server.fail_next(100, 500);
  auto exhausted = f.cluster->get("v1", "ConfigMap", "ns1", "cm");
  REQUIRE_FALSE(exhausted.ok());
  CHECK_THAT(exhausted.error().message, Catch::Contains("HTTP 500 InternalError: injected fault"));
  f.server.fail_next(1, 429, "0", true);
  auto plain = f.cluster->raw({.method = "POST", .url = "/api/v1/namespaces/ns1/configmaps"}, false);
  REQUIRE(plain.ok());
  CHECK(plain->status == 429);  // not idempotent: no retry
  auto status = kube::parse_status(*plain);
  CHECK_FALSE(status.is_status_body);
  CHECK(status.reason == "TooManyRequests");
  CHECK_THAT(status.message, Catch::Contains("Too many requests"));
}

TEST_CASE("get, get_status, remove") {
  Fixture f;
  CHECK_FALSE(f.cluster->get("v1", "ConfigMap", "ns1", "absent")->has_value());
  f.cluster->apply_one(config_map("cm", "1"), {});
  auto got = f.cluster->get("v1", "ConfigMap", "", "cm");
  REQUIRE(got.ok());
  CHECK((**got)["data"]["key"] == "1");
  CHECK(f.cluster->get_status("v1", "ConfigMap", "ns1", "cm").ok());
  auto removed = f.cluster->remove("v1", "ConfigMap", "ns1", "cm", {.propagation_policy = "Foreground"});
  REQUIRE(removed.ok());
  CHECK(*removed);
  CHECK(json::parse(f.server.requests().back().body)["propagationPolicy"] == "Foreground");
  CHECK_FALSE(*f.cluster->remove("v1", "ConfigMap", "ns1", "cm"));
}

TEST_CASE("list follows continue tokens and passes selectors") {
  Fixture f;
  for (int i = 0; i < 7; ++i) {
    auto cm = config_map("cm-" + std::to_string(i), "v");
    cm["metadata"]["labels"]["app"] = i % 2 ? "odd" : "even";
    f.server.put("", "configmaps", cm);
  }
  auto all = f.cluster->list("v1", "ConfigMap", "ns1", {.limit = 3});
  REQUIRE(all.ok());
  CHECK(all->items.size() == 7);
  CHECK(f.server.count("GET", "/api/v1/namespaces/ns1/configmaps") == 3);
  CHECK(f.server.requests().back().param("continue") == "6");
  auto even = f.cluster->list("v1", "ConfigMap", "ns1", {.label_selector = "app=even"});
  REQUIRE(even.ok());
  CHECK(even->items.size() == 4);
  CHECK(f.server.requests().back().param("labelSelector") == "app=even");
}

TEST_CASE("watch: list, 410 relist, resume from the relist, bookmarks skipped") {
  for (bool as_http : {false, true}) {
    Fixture f;
    f.server.put("", "configmaps", config_map("a", "1"));
    f.server.put("", "configmaps", config_map("b", "1"));
    f.server.expire_next_watch(as_http);
    auto modified = config_map("a", "2");
    modified["metadata"]["resourceVersion"] = "999";
    f.server.queue_watch_event("MODIFIED", modified);
    std::vector<std::string> seen;
    auto r = f.cluster->watch("v1", "ConfigMap", "ns1", {.timeout = std::chrono::seconds(20)}, [&](const kube::WatchEvent& e) {
      if (e.type == kube::WatchEventType::synced) {
        seen.push_back("SYNCED");
        return true;
      }
      const std::string name = e.object["metadata"]["name"];
      seen.push_back((e.type == kube::WatchEventType::added ? "ADDED " : "MODIFIED ") + name + (e.relisted ? " relisted" : ""));
      return e.type != kube::WatchEventType::modified;
    });
    REQUIRE(r.ok());
    CHECK(seen == std::vector<std::string>{"ADDED a", "ADDED b", "SYNCED", "ADDED a relisted", "ADDED b relisted", "MODIFIED a"});
    int watch_requests = 0;
    for (const auto& req : f.server.requests()) watch_requests += req.param("watch") == "1";
    CHECK(watch_requests == 2);
    CHECK(f.server.requests().back().param("allowWatchBookmarks") == "true");
  }
}

TEST_CASE("watch: 429 and 503 answers to a watch request are waited out and the watch resumes") {
  Fixture f;
  f.server.put("", "configmaps", config_map("a", "1"));
  auto modified = config_map("a", "2");
  modified["metadata"]["resourceVersion"] = "999";
  f.server.queue_watch_event("MODIFIED", modified);
  bool saw_modified = false;
  auto r =
      f.cluster->watch("v1", "ConfigMap", "ns1", {.timeout = std::chrono::seconds(20)}, [&](const kube::WatchEvent& e) {
        // After the list: the next watch requests are refused, as an API server under load refuses them.
        if (e.type == kube::WatchEventType::synced) f.server.fail_next(2, 429, "0", true);
        saw_modified = saw_modified || e.type == kube::WatchEventType::modified;
        return !saw_modified;
      });
  REQUIRE(r.ok());
  CHECK(saw_modified);
  int watch_requests = 0;
  for (const auto& req : f.server.requests()) watch_requests += req.param("watch") == "1";
  CHECK(watch_requests == 3);
}

TEST_CASE("watch: a watch refused every time ends with the server's error, not a hang") {
  Fixture f;
  auto r =
      f.cluster->watch("v1", "ConfigMap", "ns1", {.timeout = std::chrono::seconds(60)}, [&](const kube::WatchEvent& e) {
        if (e.type == kube::WatchEventType::synced) f.server.fail_next(1000, 503, "0");
        return true;
      });
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message.find("503") != std::string::npos);
}

TEST_CASE("watch: ends cleanly at its timeout and resumes after stream ends") {
  Fixture f;
  int events = 0;
  const auto start = std::chrono::steady_clock::now();
  auto r = f.cluster->watch("v1", "ConfigMap", "ns1", {.timeout = std::chrono::milliseconds(1500)}, [&](const kube::WatchEvent& e) {
    events += e.type != kube::WatchEventType::synced;
    return true;
  });
  REQUIRE(r.ok());
  CHECK(events == 0);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(10));
  int watch_requests = 0;
  for (const auto& req : f.server.requests()) watch_requests += req.param("watch") == "1";
  CHECK(watch_requests >= 2);  // the fake ends each stream at once; the client resumed
}

TEST_CASE("TLS failures through the kube client are clear") {
  FakeApiServer server;
  TempDir dir;
  write_text(dir.file("wrong-ca"), kubeconfig_for(server.url(), "    token: t\n", "    certificate-authority: " + test_pki().other_ca_cert + "\n"));
  auto r = connect(dir.file("wrong-ca"))->list("v1", "ConfigMap", "ns1");
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(r.error().message, Catch::Contains("TLS certificate verification failed for GET " + server.url() + "/api"));

  FakeApiServer renamed({.wrong_host_cert = true});
  const std::string ca = "    certificate-authority: " + test_pki().ca_cert + "\n";
  write_text(dir.file("wrong-host"), kubeconfig_for(renamed.url(), "    token: t\n", ca));
  auto host = connect(dir.file("wrong-host"))->list("v1", "ConfigMap", "ns1");
  REQUIRE_FALSE(host.ok());
  CHECK_THAT(host.error().message, Catch::Contains("TLS certificate verification failed") && Catch::Contains("127.0.0.1"));
  write_text(dir.file("server-name"), kubeconfig_for(renamed.url(), "    token: t\n", ca + "    tls-server-name: other.example\n"));
  CHECK(connect(dir.file("server-name"))->list("v1", "ConfigMap", "ns1").ok());
  write_text(dir.file("insecure"), kubeconfig_for(renamed.url(), "    token: t\n", "    insecure-skip-tls-verify: true\n"));
  CHECK(connect(dir.file("insecure"))->list("v1", "ConfigMap", "ns1").ok());
}
