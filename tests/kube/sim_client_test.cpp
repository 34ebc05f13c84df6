// The kube client against coco-cluster-sim (a simulator written from the API, not from this client).
#include "support/sim_process.hpp"

#include <cococtl/install/apply_order.hpp>
#include <cococtl/kube/cluster.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

using namespace cococtl;
using cococtl::test::SimOptions;
using cococtl::test::SimProcess;
using nlohmann::json;

namespace {

std::unique_ptr<kube::Cluster> connect(const SimProcess& sim, const std::string& context = "") {
  kube::ConnectOptions options;
  options.kubeconfig.kubeconfig = sim.kubeconfig().string();
  options.kubeconfig.context = context;
  options.retry = {.max_attempts = 10, .backoff = {std::chrono::milliseconds(5), std::chrono::milliseconds(200)}};
  auto cluster = kube::Cluster::connect(options);
  if (!cluster.ok()) FAIL(cluster.error().message);
  return std::move(*cluster);
}

json config_map(const std::string& name, const std::string& value, const std::string& ns = "sim-test") {
  return {{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", {{"name", name}, {"namespace", ns}, {"labels", {{"suite", "client"}}}}},
          {"data", {{"key", value}}}};
}

json namespace_object(const std::string& name) { return {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", name}}}}; }

void require_outcomes(const std::vector<kube::ApplyResult>& results, kube::ApplyOutcome expected) {
  for (const auto& r : results) {
    INFO(r.display << ": " << r.message);
    CHECK(r.outcome == expected);
  }
}

// Applies in the one apply order (Namespaces and CRDs first), as cococtl apply does.
std::vector<kube::ApplyResult> apply_all(kube::Cluster& cluster, const std::vector<json>& bodies,
                                         const kube::ApplyOptions& options = {}) {
  std::vector<manifest::Object> objects;
  for (const auto& body : bodies) objects.push_back({body, 0, "test"});
  return install::apply_in_order(cluster, objects, {.apply = options});
}

}  // namespace

TEST_CASE("sim: apply creates, re-apply is unchanged, a change is configured (certificate and token users)") {
  auto sim_process = SimProcess::start();
  const SimProcess& sim = *sim_process;
  for (const std::string context : {"sim", "sim-token"}) {
    auto cluster = connect(sim, context);
    const std::string ns = "apply-" + context;
    std::vector<json> objects{namespace_object(ns), config_map("a", "1", ns), config_map("b", "1", ns)};
    require_outcomes(apply_all(*cluster, objects, {}), kube::ApplyOutcome::created);
    require_outcomes(apply_all(*cluster, objects, {}), kube::ApplyOutcome::unchanged);
    auto changed = apply_all(*cluster, {config_map("a", "2", ns)}, {});
    require_outcomes(changed, kube::ApplyOutcome::configured);
    auto live = cluster->get("v1", "ConfigMap", ns, "a");
    REQUIRE(live.ok());
    REQUIRE(live->has_value());
    CHECK((**live)["data"]["key"] == "2");
    bool managed = false;
    for (const auto& entry : (**live)["metadata"]["managedFields"]) managed = managed || (entry["manager"] == "cococtl" && entry["operation"] == "Apply");
    CHECK(managed);
  }
}

TEST_CASE("sim: skip_unchanged sends nothing for a converged object and re-applies anything else") {
  auto sim_process = SimProcess::start();
  auto cluster = connect(*sim_process);
  const kube::ApplyOptions skip{.force = true, .skip_unchanged = true};
  json cm = config_map("a", "1", "skip");
  cm["metadata"]["labels"]["extra"] = "yes";
  require_outcomes(apply_all(*cluster, {namespace_object("skip"), cm}, skip), kube::ApplyOutcome::created);
  auto live = [&] { return **cluster->get("v1", "ConfigMap", "skip", "a"); };
  CHECK(live()["metadata"]["annotations"]["cococtl.io/applied-digest"].get<std::string>().starts_with("sha256:"));

  auto again = apply_all(*cluster, {cm}, skip);
  require_outcomes(again, kube::ApplyOutcome::unchanged);
  CHECK(again[0].http_status == 0);  // no request was sent

  SECTION("a hand edit of an applied field is taken back") {
    REQUIRE(
        cluster->patch("v1", "ConfigMap", "skip", "a", {{"data", {{"key", "edited"}}}}, kube::PatchType::merge).ok());
    auto r = apply_all(*cluster, {cm}, skip);
    require_outcomes(r, kube::ApplyOutcome::configured);
    CHECK(r[0].http_status == 200);
    CHECK(live()["data"]["key"] == "1");
  }
  SECTION("a field dropped from the body is removed from the cluster") {
    cm["metadata"]["labels"].erase("extra");
    auto r = apply_all(*cluster, {cm}, skip);
    require_outcomes(r, kube::ApplyOutcome::configured);
    CHECK_FALSE(live()["metadata"]["labels"].contains("extra"));
  }
  SECTION("fields another manager added do not force a PATCH") {
    REQUIRE(cluster->patch("v1", "ConfigMap", "skip", "a", {{"data", {{"other", "x"}}}}, kube::PatchType::merge).ok());
    auto r = apply_all(*cluster, {cm}, skip);
    require_outcomes(r, kube::ApplyOutcome::unchanged);
    CHECK(r[0].http_status == 0);
  }
  SECTION("another field manager applying the same body gets its own PATCH") {
    auto r = apply_all(*cluster, {cm}, {.force = true, .field_manager = "someone-else", .skip_unchanged = true});
    CHECK(r[0].http_status == 200);
  }
}

TEST_CASE("sim: dry run changes nothing") {
  auto sim_process = SimProcess::start();
  const SimProcess& sim = *sim_process;
  auto cluster = connect(sim);
  require_outcomes(apply_all(*cluster, {namespace_object("sim-test"), config_map("kept", "1")}, {}), kube::ApplyOutcome::created);
  auto dry = apply_all(*cluster, {config_map("kept", "2"), config_map("new", "1")}, {.dry_run = true});
  CHECK(dry[0].outcome == kube::ApplyOutcome::configured);
  CHECK(dry[1].outcome == kube::ApplyOutcome::created);
  CHECK((**cluster->get("v1", "ConfigMap", "sim-test", "kept"))["data"]["key"] == "1");
  CHECK_FALSE(cluster->get("v1", "ConfigMap", "sim-test", "new")->has_value());
}

TEST_CASE("sim: conflicts with another field manager are reported, force takes over") {
  auto sim_process = SimProcess::start();
  const SimProcess& sim = *sim_process;
  auto cluster = connect(sim);
  require_outcomes(apply_all(*cluster, {namespace_object("sim-test")}, {}), kube::ApplyOutcome::created);
  auto other = cluster->raw({.method = "PATCH",
                             .url = "/api/v1/namespaces/sim-test/configmaps/shared?fieldManager=other-tool",
                             .headers = {{"Content-Type", "application/apply-patch+yaml"}},
                             .body = config_map("shared", "theirs").dump()},
                            true);
  REQUIRE(other.ok());
  REQUIRE(other->status == 201);
  auto conflict = cluster->apply_one(config_map("shared", "mine"), {});
  CHECK(conflict.outcome == kube::ApplyOutcome::error);
  REQUIRE_FALSE(conflict.conflicts.empty());
  CHECK(conflict.conflicts[0].field == ".data.key");
  CHECK_THAT(conflict.message, Catch::Contains("other-tool"));
  auto forced = cluster->apply_one(config_map("shared", "mine"), {.force = true});
  CHECK(forced.outcome == kube::ApplyOutcome::configured);
  CHECK((**cluster->get("v1", "ConfigMap", "sim-test", "shared"))["data"]["key"] == "mine");
}

TEST_CASE("sim: read-only token gets 403 on writes") {
  auto sim_process = SimProcess::start();
  const SimProcess& sim = *sim_process;
  auto cluster = connect(sim, "sim-readonly");
  auto r = cluster->apply_one(config_map("x", "1", "default"), {});
  CHECK(r.outcome == kube::ApplyOutcome::error);
  CHECK_THAT(r.message, Catch::Contains("HTTP 403"));
  CHECK(cluster->list("v1", "Namespace", "").ok());
}

TEST_CASE("sim: list pagination and label selectors") {
  auto sim_process = SimProcess::start();
  const SimProcess& sim = *sim_process;
  auto cluster = connect(sim);
  std::vector<json> objects{namespace_object("sim-test")};
  for (int i = 0; i < 25; ++i) objects.push_back(config_map("cm-" + std::to_string(i), "v"));
  require_outcomes(apply_all(*cluster, objects, {}), kube::ApplyOutcome::created);
  auto paged = cluster->list("v1", "ConfigMap", "sim-test", {.label_selector = "suite=client", .limit = 10});
  REQUIRE(paged.ok());
  CHECK(paged->items.size() == 25);
  CHECK_FALSE(paged->resource_version.empty());
}

TEST_CASE("sim: watch sees changes made after it started") {
  auto sim_process = SimProcess::start();
  const SimProcess& sim = *sim_process;
  auto cluster = connect(sim);
  require_outcomes(apply_all(*cluster, {namespace_object("sim-test"), config_map("w", "1")}, {}), kube::ApplyOutcome::created);
  std::atomic<bool> listed{false};
  std::vector<std::string> seen;
  std::thread writer([&] {
    for (int i = 0; i < 200 && !listed; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    auto other = connect(sim);
    apply_all(*other, {config_map("w", "2")}, {});
  });
  auto r = cluster->watch("v1", "ConfigMap", "sim-test", {.timeout = std::chrono::seconds(20)}, [&](const kube::WatchEvent& e) {
    if (e.type == kube::WatchEventType::synced) {
      listed = true;  // the initial list was delivered: now the writer may change the object
      return true;
    }
    seen.push_back(std::string(e.type == kube::WatchEventType::added ? "ADDED " : e.type == kube::WatchEventType::modified ? "MODIFIED " : "DELETED ") +
                   e.object["data"].value("key", ""));
    return e.type == kube::WatchEventType::added;
  });
  writer.join();
  REQUIRE(r.ok());
  CHECK(seen == std::vector<std::string>{"ADDED 1", "MODIFIED 2"});
}

TEST_CASE("sim: CRD then its custom resources in one apply") {
  auto sim_process = SimProcess::start();
  const SimProcess& sim = *sim_process;
  auto cluster = connect(sim);
  const json crd = json::parse(R"({"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
    "metadata":{"name":"widgets.test.example"},
    "spec":{"group":"test.example","scope":"Namespaced","names":{"kind":"Widget","plural":"widgets","singular":"widget","listKind":"WidgetList"},
      "versions":[{"name":"v1","served":true,"storage":true,"schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}]}})");
  const json widget{{"apiVersion", "test.example/v1"}, {"kind", "Widget"}, {"metadata", {{"name", "w1"}, {"namespace", "sim-test"}}}, {"spec", {{"size", 3}}}};
  auto results = apply_all(*cluster, {widget, crd, namespace_object("sim-test")}, {});
  require_outcomes(results, kube::ApplyOutcome::created);
  auto info = cluster->resource_for("test.example/v1", "Widget");
  REQUIRE(info.ok());
  CHECK(info->plural == "widgets");
}

TEST_CASE("sim: injected faults (429, 500, 503, resets) are retried") {
  SimOptions options;
  options.extra_args = {"--fault-rate", "0.3", "--faults", "429,500,503,reset", "--seed", "7"};
  auto sim = SimProcess::start(options);
  auto cluster = connect(*sim);
  std::vector<json> objects{namespace_object("sim-test")};
  for (int i = 0; i < 40; ++i) objects.push_back(config_map("f-" + std::to_string(i), "v"));
  require_outcomes(apply_all(*cluster, objects, {}), kube::ApplyOutcome::created);
  auto listed = cluster->list("v1", "ConfigMap", "sim-test", {.limit = 7});
  REQUIRE(listed.ok());
  CHECK(listed->items.size() >= 40);
}
