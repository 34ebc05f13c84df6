// Server-side apply semantics on the in-process Api: field sets per manager, conflicts,
// forced takeover, shared ownership, removal of fields a manager stops applying, no-op applies,
// dry runs and Update operations.
#include "sim_test_util.hpp"

#include "sim/ssa/managed_fields.hpp"
#include "sim/common/sim_clock.hpp"
#include "sim/ssa/typed_ops.hpp"

#include <catch2/catch.hpp>

using namespace cococtl::sim;
using namespace cococtl::sim::testing;

namespace {

const char* k_deploy = R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d","namespace":"default",
  "labels":{"app":"d"}},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"d"}},"template":{"metadata":{"labels":{"app":"d"}},
  "spec":{"containers":[{"name":"c","image":"img:1","ports":[{"containerPort":80}]}]}}}})";

WriteOptions as(const std::string& manager, bool force = false) {
  WriteOptions o;
  o.manager = manager;
  o.force = force;
  return o;
}

ApiResult<Outcome> apply_as(TestCluster& c, const json& object, const std::string& manager, bool force = false) {
  return c.api().apply(*c.type(object), string_at(object, {"metadata", "namespace"}), string_at(object, {"metadata", "name"}),
                       "", object, as(manager, force));
}

json entry(const json& object, const std::string& manager, const std::string& operation = "Apply") {
  for (const auto& e : object["metadata"]["managedFields"]) {
    if (e["manager"] == manager && e["operation"] == operation) return e;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("SSA records each manager's fields in fieldsV1 format with list keys") {
  TestCluster c;
  const auto created = apply_as(c, json::parse(k_deploy), "alice");
  REQUIRE(created.ok());
  CHECK(created.value().code == 201);
  const json mine = entry(created.value().object, "alice");
  REQUIRE(mine.is_object());
  CHECK(mine["fieldsV1"] == json::parse(R"({"f:metadata":{"f:labels":{"f:app":{}}},"f:spec":{"f:replicas":{},
      "f:selector":{},"f:template":{"f:metadata":{"f:labels":{"f:app":{}}},"f:spec":{"f:containers":{
      "k:{\"name\":\"c\"}":{".":{},"f:image":{},"f:name":{},"f:ports":{
      "k:{\"containerPort\":80,\"protocol\":\"TCP\"}":{".":{},"f:containerPort":{}}}}}}}}})"));
  // Server defaults are not owned by anyone but are present.
  CHECK(created.value().object["spec"]["template"]["spec"]["containers"][0]["ports"][0]["protocol"] == "TCP");
  CHECK(created.value().object["spec"]["strategy"]["type"] == "RollingUpdate");
}

TEST_CASE("SSA conflicts name the field and the manager unless forced - equal values are shared") {
  TestCluster c;
  REQUIRE(apply_as(c, json::parse(k_deploy), "alice").ok());
  json bob = json::parse(R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d","namespace":"default"},
                             "spec":{"replicas":5}})");
  const auto refused = apply_as(c, bob, "bob");
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == 409);
  CHECK(refused.error().reason == "Conflict");
  CHECK(refused.error().message == "Apply failed with 1 conflict: conflict with \"alice\": .spec.replicas");
  const json cause = refused.error().details["causes"][0];
  CHECK(cause["reason"] == "FieldManagerConflict");
  CHECK(cause["field"] == ".spec.replicas");
  CHECK(cause["message"] == "conflict with \"alice\"");
  CHECK(c.get("apps/v1", "Deployment", "default", "d")["spec"]["replicas"] == 2);

  const auto forced = apply_as(c, bob, "bob", true);
  REQUIRE(forced.ok());
  CHECK(forced.value().object["spec"]["replicas"] == 5);
  CHECK(entry(forced.value().object, "bob")["fieldsV1"] == json::parse(R"({"f:spec":{"f:replicas":{}}})"));
  CHECK_FALSE(entry(forced.value().object, "alice")["fieldsV1"]["f:spec"].contains("f:replicas"));

  // Same value: no conflict, both own it.
  json carol = bob;
  REQUIRE(apply_as(c, carol, "carol").ok());
  const json live = c.get("apps/v1", "Deployment", "default", "d");
  CHECK(entry(live, "carol")["fieldsV1"] == json::parse(R"({"f:spec":{"f:replicas":{}}})"));
  CHECK(entry(live, "bob")["fieldsV1"] == json::parse(R"({"f:spec":{"f:replicas":{}}})"));
}

TEST_CASE("SSA removes what a manager stops applying unless someone else owns it") {
  TestCluster c;
  json cm = json::parse(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"m","namespace":"default",
                           "labels":{"a":"1","b":"2"}},"data":{"x":"1","y":"2"}})");
  REQUIRE(apply_as(c, cm, "alice").ok());
  REQUIRE(apply_as(c, json::parse(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"m","namespace":"default"},
                                      "data":{"y":"2"}})"), "bob").ok());
  cm["data"].erase("x");
  cm["data"].erase("y");
  cm["metadata"]["labels"].erase("b");
  const auto result = apply_as(c, cm, "alice");
  REQUIRE(result.ok());
  const json& live = result.value().object;
  CHECK_FALSE(live["data"].contains("x"));  // only alice had it: removed
  CHECK(live["data"]["y"] == "2");          // bob still owns it: kept
  CHECK(live["metadata"]["labels"] == json{{"a", "1"}});
}

TEST_CASE("SSA re-apply without changes keeps resourceVersion and managedFields - dry run stores nothing") {
  TestCluster c;
  const auto first = apply_as(c, json::parse(k_deploy), "alice");
  REQUIRE(first.ok());
  const auto again = apply_as(c, json::parse(k_deploy), "alice");
  REQUIRE(again.ok());
  CHECK(again.value().code == 200);
  CHECK(again.value().object == first.value().object);
  CHECK(again.value().object["metadata"]["generation"] == 1);

  json changed = json::parse(k_deploy);
  changed["spec"]["replicas"] = 3;
  WriteOptions dry = as("alice");
  dry.dry_run = true;
  const auto preview = c.api().apply(*c.type(changed), "default", "d", "", changed, dry);
  REQUIRE(preview.ok());
  CHECK(preview.value().object["spec"]["replicas"] == 3);
  CHECK(c.get("apps/v1", "Deployment", "default", "d") == first.value().object);

  const auto real = apply_as(c, changed, "alice");
  REQUIRE(real.ok());
  CHECK(real.value().object["metadata"]["generation"] == 2);
  CHECK(real.value().object["metadata"]["resourceVersion"] != first.value().object["metadata"]["resourceVersion"]);
}

TEST_CASE("SSA re-apply of an unchanged object is a no-op after the clock moved: stringData folded, times ignored") {
  TestCluster c;
  ManualClock clock;
  const json secret = json::parse(R"({"apiVersion":"v1","kind":"Secret","metadata":{"name":"s","namespace":"default"},
    "type":"Opaque","stringData":{"password":"hunter2"}})");
  const json cm = json::parse(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"m","namespace":"default"},
    "data":{"k":"v"}})");
  // Objects the server defaults (ports[].protocol, clusterIP, the namespace name label) as well.
  const json svc = json::parse(R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"v","namespace":"default"},
    "spec":{"selector":{"app":"d"},"ports":[{"port":80,"targetPort":8080}]}})");
  const json ns = json::parse(R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"n","labels":{"a":"b"}}})");
  const std::vector<json> objects = {secret, cm, json::parse(k_deploy), svc, ns};
  std::vector<json> first;
  for (const auto& object : objects) {
    const auto created = apply_as(c, object, "cococtl");
    REQUIRE(created.ok());
    first.push_back(created.value().object);
  }
  CHECK(first[0]["data"]["password"] == "aHVudGVyMg==");
  CHECK_FALSE(first[0].contains("stringData"));
  clock.advance(std::chrono::hours(1));
  std::size_t i = 0;
  for (const auto& object : objects) {
    const auto again = apply_as(c, object, "cococtl");
    REQUIRE(again.ok());
    INFO(object["kind"]);
    CHECK(again.value().object["metadata"]["resourceVersion"] == first[i]["metadata"]["resourceVersion"]);
    CHECK(again.value().object["metadata"]["managedFields"] == first[i]["metadata"]["managedFields"]);
    CHECK(c.get(object["apiVersion"], object["kind"], string_at(object, {"metadata", "namespace"}),
                object["metadata"]["name"]) == first[i]);
    ++i;
  }

  // A PUT of the stored Secret with stringData repeating data is a no-op too.
  json put = first[0];
  put["stringData"] = {{"password", "hunter2"}};
  clock.advance(std::chrono::hours(1));
  CHECK(c.update(put, "editor").object == first[0]);

  // A real change still moves resourceVersion and the applier's time.
  json changed = secret;
  changed["stringData"]["password"] = "hunter3";
  clock.advance(std::chrono::hours(1));
  const auto real = apply_as(c, changed, "cococtl");
  REQUIRE(real.ok());
  CHECK(real.value().object["metadata"]["resourceVersion"] != first[0]["metadata"]["resourceVersion"]);
  CHECK(entry(real.value().object, "cococtl")["time"] == format_time(clock.now()));
  CHECK(entry(real.value().object, "cococtl")["time"] != entry(first[0], "cococtl")["time"]);
}

TEST_CASE("SSA merges associative lists by key and replaces atomic lists") {
  TestCluster c;
  REQUIRE(apply_as(c, json::parse(k_deploy), "alice").ok());
  json sidecar = json::parse(R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d","namespace":"default"},
      "spec":{"template":{"spec":{"containers":[{"name":"side","image":"side:1","args":["a","b"]}]}}}})");
  const auto merged = apply_as(c, sidecar, "bob");
  REQUIRE(merged.ok());
  const json containers = merged.value().object["spec"]["template"]["spec"]["containers"];
  REQUIRE(containers.size() == 2);
  CHECK(containers[0]["name"] == "c");
  CHECK(containers[1]["name"] == "side");
  sidecar["spec"]["template"]["spec"]["containers"][0]["args"] = json::array({"z"});
  const auto replaced = apply_as(c, sidecar, "bob");
  REQUIRE(replaced.ok());
  CHECK(replaced.value().object["spec"]["template"]["spec"]["containers"][1]["args"] == json::array({"z"}));
}

TEST_CASE("SSA refuses bad applies: no field manager, managedFields, wrong name, unknown fields under Strict") {
  TestCluster c;
  json cm = json::parse(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"m","namespace":"default"},"data":{"a":"b"}})");
  CHECK(apply_as(c, cm, "").error().code == 400);
  json with_managed = cm;
  with_managed["metadata"]["managedFields"] = json::array({json::object()});
  CHECK(apply_as(c, with_managed, "x").error().message == "metadata.managedFields must be nil");
  CHECK(c.api().apply(*c.type(cm), "default", "other", "", cm, as("x")).error().code == 400);
  json unknown = cm;
  unknown["spec"] = {{"x", 1}};
  WriteOptions strict = as("x");
  strict.validation = FieldValidation::strict;
  const auto refused = c.api().apply(*c.type(unknown), "default", "m", "", unknown, strict);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().message.find(".spec: field not declared in schema") != std::string::npos);
  const auto warned = c.api().apply(*c.type(unknown), "default", "m", "", unknown, as("x"));
  REQUIRE(warned.ok());
  CHECK(warned.value().warnings == std::vector<std::string>{"unknown field \"spec\""});
  CHECK_FALSE(warned.value().object.contains("spec"));
}

TEST_CASE("strict validation reaches into containers: security context, resources, probes") {
  TestCluster c;
  WriteOptions strict = as("x");
  strict.validation = FieldValidation::strict;
  json typo = json::parse(k_deploy);
  typo["spec"]["template"]["spec"]["containers"][0]["securityContext"] = {{"runAsNonroot", true}};
  typo["spec"]["template"]["spec"]["containers"][0]["ports"][0]["hostPot"] = 1;
  const auto refused = c.api().apply(*c.type(typo), "default", "d", "", typo, strict);
  REQUIRE_FALSE(refused.ok());
  // As server-side apply prints paths: list-map items by their keys.
  CHECK(refused.error().message.find(
            ".spec.template.spec.containers[name=\"c\"].securityContext.runAsNonroot: field not declared in schema") !=
        std::string::npos);
  CHECK(refused.error().message.find(
            ".spec.template.spec.containers[name=\"c\"].ports[containerPort=80].hostPot: field not declared in schema") !=
        std::string::npos);
  // A create (not an apply) names the field as strict decoding does.
  const auto created = c.api().create(*c.type(typo), "default", typo, strict);
  REQUIRE_FALSE(created.ok());
  CHECK(created.error().message.find("unknown field \"spec.template.spec.containers[0].securityContext.runAsNonroot\"") !=
        std::string::npos);

  json good = json::parse(k_deploy);
  json& container = good["spec"]["template"]["spec"]["containers"][0];
  container["securityContext"] = json::parse(R"({"allowPrivilegeEscalation":false,"capabilities":{"drop":["ALL"]},
      "runAsNonRoot":true,"seccompProfile":{"type":"RuntimeDefault"},"readOnlyRootFilesystem":true})");
  container["resources"] = json::parse(R"({"limits":{"sgx.intel.com/epc":"512Ki","nvidia.com/pgpu":1},"requests":{"cpu":"100m"}})");
  container["readinessProbe"] = json::parse(R"({"httpGet":{"path":"/healthz","port":8080,"scheme":"HTTPS"},"periodSeconds":5})");
  good["spec"]["template"]["spec"]["securityContext"] = json::parse(R"({"runAsNonRoot":true,"fsGroup":1000,
      "seccompProfile":{"type":"RuntimeDefault"}})");
  REQUIRE(c.api().apply(*c.type(good), "default", "d", "", good, strict).ok());
}

TEST_CASE("Update operations take fields over without conflicts and are recorded as Update") {
  TestCluster c;
  REQUIRE(apply_as(c, json::parse(k_deploy), "alice").ok());
  json live = c.get("apps/v1", "Deployment", "default", "d");
  live["spec"]["replicas"] = 7;
  c.update(live, "kubectl-edit");
  live = c.get("apps/v1", "Deployment", "default", "d");
  CHECK(live["spec"]["replicas"] == 7);
  CHECK(entry(live, "kubectl-edit", "Update")["fieldsV1"] == json::parse(R"({"f:spec":{"f:replicas":{}}})"));
  CHECK_FALSE(entry(live, "alice")["fieldsV1"]["f:spec"].contains("f:replicas"));
  // alice re-applies her (old) value: the edit manager owns it now, so alice conflicts.
  const auto refused = apply_as(c, json::parse(k_deploy), "alice");
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().message == "Apply failed with 1 conflict: conflict with \"kubectl-edit\" using apps/v1: .spec.replicas");
}

TEST_CASE("Status writes do not change generation and are owned under the status subresource") {
  TestCluster c;
  REQUIRE(apply_as(c, json::parse(k_deploy), "alice").ok());
  json live = c.get("apps/v1", "Deployment", "default", "d");
  live["status"] = {{"replicas", 2}};
  WriteOptions o = as("controller");
  auto result = c.api().update(*c.type(live), "default", "d", "status", live, o);
  REQUIRE(result.ok());
  CHECK(result.value().object["metadata"]["generation"] == 1);
  const json e = entry(result.value().object, "controller", "Update");
  CHECK(e["subresource"] == "status");
  // The main resource ignores status in its body.
  live = result.value().object;
  live["status"]["replicas"] = 99;
  live["spec"]["replicas"] = 4;
  const auto main = c.update(live);
  CHECK(main.object["status"]["replicas"] == 2);
  CHECK(main.object["metadata"]["generation"] == 2);
}
