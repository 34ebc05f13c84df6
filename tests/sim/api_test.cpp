// API semantics on the in-process Api: CRUD errors, pagination over a consistent snapshot,
// finalizers, namespace cascade, garbage collection, CRDs, discovery and OpenAPI.
#include "sim/http/discovery.hpp"
#include "sim/http/openapi.hpp"
#include "sim_test_util.hpp"

#include <catch2/catch.hpp>

using namespace cococtl::sim;
using namespace cococtl::sim::testing;

namespace {

json config_map(const std::string& ns, const std::string& name) {
  return {{"apiVersion", "v1"},
          {"kind", "ConfigMap"},
          {"metadata", {{"name", name}, {"namespace", ns}}},
          {"data", {{"k", "v"}}}};
}

WriteOptions writer() {
  WriteOptions o;
  o.manager = "test";
  return o;
}

}  // namespace

TEST_CASE("create returns 201, refuses duplicates, missing namespaces and bad names") {
  TestCluster c;
  const auto cm = c.type(config_map("default", "a"));
  const auto created = c.api().create(*cm, "default", config_map("default", "a"), writer());
  REQUIRE(created.ok());
  CHECK(created.value().code == 201);
  CHECK(created.value().object["metadata"]["uid"].get<std::string>().size() == 36);
  CHECK(created.value().object["metadata"].contains("creationTimestamp"));
  CHECK_FALSE(created.value().object["metadata"].contains("generation"));  // ConfigMaps have none
  CHECK(c.api().create(*cm, "default", config_map("default", "a"), writer()).error().reason == "AlreadyExists");
  const auto missing = c.api().create(*cm, "nowhere", config_map("nowhere", "a"), writer());
  CHECK(missing.error().code == 404);
  CHECK(missing.error().message == "namespaces \"nowhere\" not found");
  const auto bad = c.api().create(*cm, "default", config_map("default", "Bad_Name"), writer());
  CHECK(bad.error().code == 422);
  CHECK(bad.error().details["causes"][0]["field"] == "metadata.name");
  json generated = config_map("default", "");
  generated["metadata"].erase("name");
  generated["metadata"]["generateName"] = "gen-";
  const auto named = c.api().create(*cm, "default", generated, writer());
  REQUIRE(named.ok());
  CHECK(named.value().object["metadata"]["name"].get<std::string>().rfind("gen-", 0) == 0);
  CHECK(c.api().get(*cm, "default", "zzz").error().message == "configmaps \"zzz\" not found");
}

TEST_CASE("update enforces resourceVersion preconditions") {
  TestCluster c;
  const auto cm = c.type(config_map("default", "a"));
  json live = c.api().create(*cm, "default", config_map("default", "a"), writer()).value().object;
  json stale = live;
  live["data"]["k"] = "w";
  REQUIRE(c.api().update(*cm, "default", "a", "", live, writer()).ok());
  stale["data"]["k"] = "x";
  const auto refused = c.api().update(*cm, "default", "a", "", stale, writer());
  CHECK(refused.error().code == 409);
  CHECK(refused.error().message.find("the object has been modified") != std::string::npos);
}

TEST_CASE("lists paginate with continue tokens over one snapshot") {
  TestCluster c;
  const auto cm = c.type(config_map("default", "a"));
  for (const auto* name : {"a", "b", "c", "d", "e"})
    REQUIRE(c.api().create(*cm, "default", config_map("default", name), writer()).ok());
  ListOptions page;
  page.limit = 2;
  const json first = c.api().list(*cm, "default", page).value();
  REQUIRE(first["items"].size() == 2);
  CHECK(first["metadata"]["remainingItemCount"] == 3);
  REQUIRE(c.api().create(*cm, "default", config_map("default", "bb"), writer()).ok());  // after the snapshot
  page.continue_token = first["metadata"]["continue"];
  const json second = c.api().list(*cm, "default", page).value();
  CHECK(second["metadata"]["resourceVersion"] == first["metadata"]["resourceVersion"]);
  REQUIRE(second["items"].size() == 2);
  CHECK(second["items"][0]["metadata"]["name"] == "c");
  page.continue_token = second["metadata"]["continue"];
  const json third = c.api().list(*cm, "default", page).value();
  REQUIRE(third["items"].size() == 1);
  CHECK_FALSE(third["metadata"].contains("continue"));
  ListOptions bad;
  bad.field_selector = "data.k=v";
  CHECK(c.api().list(*cm, "default", bad).error().message == "field label not supported: data.k");
}

TEST_CASE("lists honour resourceVersion and resourceVersionMatch as kube-apiserver does") {
  TestCluster c;
  c.api().set_freshness_wait(std::chrono::milliseconds(50));
  const auto cm = c.type(config_map("default", "a"));
  const json a = c.api().create(*cm, "default", config_map("default", "a"), writer()).value().object;
  const std::string at_a = a["metadata"]["resourceVersion"];
  REQUIRE(c.api().create(*cm, "default", config_map("default", "b"), writer()).ok());
  const auto names = [](const json& list) {
    std::vector<std::string> out;
    for (const auto& item : list["items"]) out.push_back(item["metadata"]["name"]);
    return out;
  };
  ListOptions exact;
  exact.resource_version = at_a;
  exact.resource_version_match = "Exact";
  const json then = c.api().list(*cm, "default", exact).value();
  CHECK(names(then) == std::vector<std::string>{"a"});
  CHECK(then["metadata"]["resourceVersion"] == at_a);
  ListOptions limited;  // a non-zero resourceVersion with a limit and no match is Exact too
  limited.resource_version = at_a;
  limited.limit = 10;
  CHECK(names(c.api().list(*cm, "default", limited).value()) == std::vector<std::string>{"a"});
  ListOptions newer;  // NotOlderThan (also the default without a limit): the latest state
  newer.resource_version = at_a;
  CHECK(names(c.api().list(*cm, "default", newer).value()) == std::vector<std::string>{"a", "b"});
  newer.resource_version_match = "NotOlderThan";
  CHECK(names(c.api().list(*cm, "default", newer).value()) == std::vector<std::string>{"a", "b"});

  ListOptions future = newer;
  future.resource_version = "999999";
  const auto too_large = c.api().list(*cm, "default", future);
  CHECK(too_large.error().code == 504);
  CHECK(too_large.error().message.rfind("Too large resource version: 999999, current: ", 0) == 0);
  CHECK(too_large.error().details["causes"][0]["reason"] == "ResourceVersionTooLarge");

  ListOptions bad;
  bad.resource_version_match = "Exact";
  const auto no_version = c.api().list(*cm, "default", bad);
  CHECK(no_version.error().code == 422);
  CHECK(no_version.error().message ==
        "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden: "
        "resourceVersionMatch is forbidden unless resourceVersion is provided");
  bad.resource_version = "0";
  CHECK(c.api().list(*cm, "default", bad).error().message.find("\"exact\" is forbidden for resourceVersion \"0\"") !=
        std::string::npos);
  bad.resource_version_match = "Newest";
  CHECK(c.api().list(*cm, "default", bad).error().message.find("Unsupported value: \"Newest\"") != std::string::npos);
}

TEST_CASE("an Exact list of a compacted resourceVersion is 410 Expired") {
  ClusterOptions options;
  options.seed = 7;
  options.watch_history = 5;  // five events of history
  auto created = Cluster::create(options);
  REQUIRE(created.ok());
  Api& api = created.value()->api();
  const auto cm = api.registry().find_kind("v1", "ConfigMap");
  const json first = api.create(*cm, "default", config_map("default", "a"), writer()).value().object;
  for (const auto* name : {"b", "c", "d", "e", "f", "g"})
    REQUIRE(api.create(*cm, "default", config_map("default", name), writer()).ok());
  ListOptions exact;
  exact.resource_version = first["metadata"]["resourceVersion"];
  exact.resource_version_match = "Exact";
  const auto expired = api.list(*cm, "default", exact);
  CHECK(expired.error().code == 410);
  CHECK(expired.error().reason == "Expired");
  CHECK(expired.error().message == "The resourceVersion for the provided list is too old.");
}

TEST_CASE("deletion waits for finalizers - namespaces delete their content") {
  TestCluster c;
  json held = config_map("default", "held");
  held["metadata"]["finalizers"] = {"example.com/keep"};
  c.apply(held.dump());
  const auto cm = c.type(held);
  const auto pending = c.api().remove(*cm, "default", "held", {});
  REQUIRE(pending.ok());
  CHECK(pending.value().code == 200);  // 202 only for an explicit orphanDependents: false
  CHECK(pending.value().object["metadata"].contains("deletionTimestamp"));
  json live = c.get("v1", "ConfigMap", "default", "held");
  CHECK(live["metadata"].contains("deletionTimestamp"));
  live["metadata"]["finalizers"] = {"example.com/keep", "example.com/new"};
  CHECK(c.api().update(*cm, "default", "held", "", live, writer()).error().code == 422);
  live["metadata"]["finalizers"] = json::array();
  REQUIRE(c.api().update(*cm, "default", "held", "", live, writer()).ok());
  CHECK(c.find("v1", "ConfigMap", "default", "held") == nullptr);

  c.apply(R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"tmp"}})");
  c.apply(config_map("tmp", "x").dump());
  c.ticks(1);
  CHECK(c.find("v1", "ServiceAccount", "tmp", "default") != nullptr);
  const auto ns_type = c.type({{"apiVersion", "v1"}, {"kind", "Namespace"}});
  REQUIRE(c.api().remove(*ns_type, "", "tmp", {}).ok());
  CHECK(c.get("v1", "Namespace", "", "tmp")["status"]["phase"] == "Terminating");
  CHECK(c.api().create(*cm, "tmp", config_map("tmp", "late"), writer()).error().code == 403);
  c.ticks(3);
  CHECK(c.find("v1", "Namespace", "", "tmp") == nullptr);
  CHECK(c.find("v1", "ConfigMap", "tmp", "x") == nullptr);
}

TEST_CASE("DELETE answers as kube-apiserver: a Status for most kinds, the object for Pods - dryRun changes nothing") {
  TestCluster c;
  const auto cm = c.type({{"apiVersion", "v1"}, {"kind", "ConfigMap"}});
  const json created = c.apply(config_map("default", "a").dump()).object;
  DeleteOptions dry;
  dry.dry_run = true;
  const auto would = c.api().remove(*cm, "default", "a", dry);
  REQUIRE(would.ok());
  CHECK(would.value().object["kind"] == "Status");
  CHECK(c.get("v1", "ConfigMap", "default", "a")["metadata"]["resourceVersion"] ==
        created["metadata"]["resourceVersion"]);
  const auto gone = c.api().remove(*cm, "default", "a", {});
  REQUIRE(gone.ok());
  CHECK(gone.value().object ==
        json{{"kind", "Status"},
             {"apiVersion", "v1"},
             {"metadata", json::object()},
             {"status", "Success"},
             {"details", {{"name", "a"}, {"group", ""}, {"kind", "configmaps"}, {"uid", created["metadata"]["uid"]}}}});
  CHECK(c.find("v1", "ConfigMap", "default", "a") == nullptr);

  json held = config_map("default", "held");
  held["metadata"]["finalizers"] = {"example.com/keep"};
  c.apply(held.dump());
  const auto dry_held = c.api().remove(*cm, "default", "held", dry);
  REQUIRE(dry_held.ok());
  CHECK(dry_held.value().object["metadata"].contains("deletionTimestamp"));  // the answer shows what would happen
  CHECK_FALSE(c.get("v1", "ConfigMap", "default", "held")["metadata"].contains("deletionTimestamp"));
  DeleteOptions foreground_dry = dry;
  foreground_dry.propagation = "Foreground";
  CHECK(c.api().remove(*cm, "default", "held", foreground_dry).value().object["metadata"]["finalizers"] ==
        json::array({"example.com/keep", "foregroundDeletion"}));
  CHECK(c.get("v1", "ConfigMap", "default", "held")["metadata"]["finalizers"] == json::array({"example.com/keep"}));
  ListOptions all;
  REQUIRE(c.api().remove_collection(*cm, "default", all, dry).ok());
  CHECK(c.find("v1", "ConfigMap", "default", "held") != nullptr);

  const auto pod_type = c.type({{"apiVersion", "v1"}, {"kind", "Pod"}});
  c.apply(R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"default"},
      "spec":{"containers":[{"name":"c","image":"x"}]}})");
  const auto pod = c.api().remove(*pod_type, "default", "p", {});
  REQUIRE(pod.ok());
  CHECK(pod.value().object["kind"] == "Pod");
}

TEST_CASE("a terminating namespace reports the content and finalizers that hold it") {
  TestCluster c;
  c.apply(R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"held"}})");
  json cm = config_map("held", "keep");
  cm["metadata"]["finalizers"] = {"example.com/keep"};
  c.apply(cm.dump());
  REQUIRE(c.api().remove(*c.type({{"apiVersion", "v1"}, {"kind", "Namespace"}}), "", "held", {}).ok());
  c.ticks(2);
  const json ns = c.get("v1", "Namespace", "", "held");
  CHECK(find_condition(ns, "NamespaceContentRemaining")->value("message", "") ==
        "Some resources are remaining: configmaps has 1 resource instances");
  CHECK(find_condition(ns, "NamespaceFinalizersRemaining")->value("message", "") ==
        "Some content in the namespace has finalizers remaining: example.com/keep in 1 resource instances");
  json live = c.get("v1", "ConfigMap", "held", "keep");
  live["metadata"]["finalizers"] = json::array();
  c.update(live);
  c.ticks(2);
  CHECK(c.find("v1", "Namespace", "", "held") == nullptr);
}

TEST_CASE("the garbage collector deletes dependents of deleted owners - Orphan keeps them") {
  TestCluster c;
  const json owner = c.apply(config_map("default", "owner").dump()).object;
  json dependent = config_map("default", "dep");
  dependent["metadata"]["ownerReferences"] = {
      {{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"name", "owner"}, {"uid", owner["metadata"]["uid"]}}};
  c.apply(dependent.dump());
  json orphan = config_map("default", "orphan");
  const json owner2 = c.apply(config_map("default", "owner2").dump()).object;
  orphan["metadata"]["ownerReferences"] = {
      {{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"name", "owner2"}, {"uid", owner2["metadata"]["uid"]}}};
  c.apply(orphan.dump());
  const auto cm = c.type(owner);
  REQUIRE(c.api().remove(*cm, "default", "owner", {}).ok());
  DeleteOptions keep;
  keep.propagation = "Orphan";
  REQUIRE(c.api().remove(*cm, "default", "owner2", keep).ok());
  c.ticks(2);
  CHECK(c.find("v1", "ConfigMap", "default", "dep") == nullptr);
  REQUIRE(c.find("v1", "ConfigMap", "default", "orphan") != nullptr);
  CHECK_FALSE(c.get("v1", "ConfigMap", "default", "orphan")["metadata"].contains("ownerReferences"));
}

TEST_CASE("a CRD is served once Established, in discovery and OpenAPI - deleting it deletes its objects") {
  TestCluster c;
  c.apply(R"({"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
      "metadata":{"name":"gadgets.example.com"},
      "spec":{"group":"example.com","scope":"Cluster","names":{"kind":"Gadget","plural":"gadgets","singular":"gadget",
              "shortNames":["gd"]},
              "versions":[{"name":"v1","served":true,"storage":true,"subresources":{"status":{}},
                           "schema":{"openAPIV3Schema":{"type":"object","properties":{"spec":{"type":"object",
                             "properties":{"size":{"type":"integer"}}}}}}}]}})");
  CHECK_FALSE(c.served("example.com/v1", "Gadget"));
  c.ticks(1);
  REQUIRE(c.served("example.com/v1", "Gadget"));
  CHECK(condition_true(c.get("apiextensions.k8s.io/v1", "CustomResourceDefinition", "", "gadgets.example.com"),
                       "Established"));
  const json discovery = aggregated_discovery(c.api().registry(), false, "apidiscovery.k8s.io/v2");
  bool listed = false;
  for (const auto& group : discovery["items"]) {
    if (group["metadata"]["name"] != "example.com") continue;
    const json& r = group["versions"][0]["resources"][0];
    listed = r["resource"] == "gadgets" && r["scope"] == "Cluster" && r["shortNames"] == json::array({"gd"});
  }
  CHECK(listed);
  const auto doc = openapi_document(c.api().registry(), "apis/example.com/v1");
  REQUIRE(doc);
  const json& patch = (*doc)["paths"]["/apis/example.com/v1/gadgets/{name}"]["patch"];
  bool field_validation = false;
  for (const auto& p : patch["parameters"]) field_validation = field_validation || p["name"] == "fieldValidation";
  CHECK(field_validation);
  CHECK(patch["x-kubernetes-group-version-kind"]["kind"] == "Gadget");
  CHECK(openapi_index(c.api().registry())["paths"].contains("apis/example.com/v1"));

  c.apply(R"({"apiVersion":"example.com/v1","kind":"Gadget","metadata":{"name":"g1"},"spec":{"size":1}})");
  const auto crd = c.type({{"apiVersion", "apiextensions.k8s.io/v1"}, {"kind", "CustomResourceDefinition"}});
  REQUIRE(c.api().remove(*crd, "", "gadgets.example.com", {}).ok());
  c.ticks(4);
  CHECK(c.find("apiextensions.k8s.io/v1", "CustomResourceDefinition", "", "gadgets.example.com") == nullptr);
  CHECK_FALSE(c.served("example.com/v1", "Gadget"));
  CHECK(c.api().store().list("example.com/gadgets").empty());
}
