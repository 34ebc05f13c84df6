// The pieces of the HTTP layer that can be checked without a socket: content negotiation,
// tables and their JSONPath, protobuf envelopes, YAML bodies.
#include "sim_test_util.hpp"

#include "sim/http/media.hpp"
#include "sim/http/protobuf.hpp"
#include "sim/api/registry.hpp"
#include "sim/http/table.hpp"

#include <catch2/catch.hpp>

using namespace cococtl::sim;
using cococtl::sim::testing::TestCluster;

TEST_CASE("negotiation picks what kubectl asks for, in its order") {
  CHECK(negotiate("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
                  "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json",
                  true) == Representation::aggregated_discovery);
  CHECK(negotiate("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json", false) ==
        Representation::plain);
  CHECK(negotiate("application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,"
                  "application/json", false) == Representation::table);
  CHECK(negotiate("application/vnd.kubernetes.protobuf, */*", false) == Representation::plain);
  CHECK(negotiate("application/vnd.kubernetes.protobuf", false) == Representation::unsupported);
  CHECK(negotiate("", false) == Representation::plain);
}

TEST_CASE("tables carry the kind's columns and the object's metadata") {
  Registry registry;
  const TypePtr deployments = registry.find("apps", "v1", "deployments");
  REQUIRE(deployments);
  const json d = {{"metadata", {{"name", "web"}, {"creationTimestamp", now_time()}}},
                  {"spec", {{"replicas", 3}}}, {"status", {{"readyReplicas", 2}, {"availableReplicas", 2}}}};
  const json table = to_table(*deployments, json::array({d}), {{"resourceVersion", "7"}}, "", "meta.k8s.io/v1");
  CHECK(table["kind"] == "Table");
  CHECK(table["columnDefinitions"][0]["name"] == "Name");
  CHECK(table["columnDefinitions"][1]["name"] == "Ready");
  CHECK(table["rows"][0]["cells"][0] == "web");
  CHECK(table["rows"][0]["cells"][1] == "2/3");
  CHECK(table["rows"][0]["object"]["kind"] == "PartialObjectMetadata");
  CHECK_FALSE(to_table(*deployments, json::array({d}), nullptr, "None", "meta.k8s.io/v1")["rows"][0].contains("object"));
}

TEST_CASE("printer-column JSONPath: fields, indexes, wildcards and filters") {
  const json o = json::parse(R"({"spec":{"size":3,"items":[{"n":"a"},{"n":"b"}]},
      "status":{"conditions":[{"type":"Ready","status":"True"},{"type":"Other","status":"False"}]}})");
  CHECK(evaluate_json_path(o, ".spec.size") == 3);
  CHECK(evaluate_json_path(o, ".spec.items[1].n") == "b");
  CHECK(evaluate_json_path(o, ".spec.items[*].n") == json::array({"a", "b"}));
  CHECK(evaluate_json_path(o, R"(.status.conditions[?(@.type=="Ready")].status)") == "True");
  CHECK(evaluate_json_path(o, "{.spec.size}") == 3);
  CHECK(evaluate_json_path(o, ".spec.missing").is_null());
  const json mc = json::parse(R"({"metadata":{"annotations":{"a.b/c":"v1","a":{"b/c":"wrong"}}}})");
  CHECK(evaluate_json_path(mc, R"(.metadata.annotations.a\.b/c)") == "v1");
}

TEST_CASE("tables of SCCs, MachineConfigs and RBAC show the real columns") {
  TestCluster c("baremetal-tdx");
  const auto table_of = [&](const std::string& api_version, const std::string& kind) {
    const auto type = c.api().registry().find_kind(api_version, kind);
    REQUIRE(type);
    return to_table(*type, json::array({c.list(api_version, kind)[0]}), json::object(), "None", "meta.k8s.io/v1");
  };
  const auto headers = [](const json& table) {
    std::vector<std::string> out;
    for (const auto& d : table["columnDefinitions"]) out.push_back(d["name"]);
    return out;
  };
  const json scc = table_of("security.openshift.io/v1", "SecurityContextConstraints");
  CHECK(headers(scc) == std::vector<std::string>{"Name", "Priv", "Caps", "SELinux", "RunAsUser", "FSGroup", "SupGroup",
                                                 "Priority", "ReadOnlyRootFS", "Volumes"});
  CHECK(scc["rows"][0]["cells"][9].get<std::string>().front() == '[');  // volumes print as JSON
  CHECK(scc["rows"][0]["cells"][2] == "<no value>");                     // anyuid: allowedCapabilities null
  CHECK(headers(table_of("machineconfiguration.openshift.io/v1", "MachineConfig")) ==
        std::vector<std::string>{"Name", "GeneratedByController", "IgnitionVersion", "Age"});
  CHECK(headers(table_of("rbac.authorization.k8s.io/v1", "ClusterRole")) == std::vector<std::string>{"Name", "Created At"});
  const json binding = table_of("rbac.authorization.k8s.io/v1", "ClusterRoleBinding");
  CHECK(headers(binding) ==
        std::vector<std::string>{"Name", "Role", "Age", "Users", "Groups", "ServiceAccounts"});
  CHECK(binding["rows"][0]["cells"][1].get<std::string>().rfind("ClusterRole/", 0) == 0);
}

namespace {
std::string varint(std::uint64_t v) {
  std::string out;
  do {
    unsigned char byte = v & 0x7f;
    v >>= 7;
    if (v != 0) byte |= 0x80;
    out += static_cast<char>(byte);
  } while (v != 0);
  return out;
}
std::string field(int number, const std::string& payload) {
  return varint(static_cast<std::uint64_t>(number) << 3 | 2) + varint(payload.size()) + payload;
}
}  // namespace

TEST_CASE("protobuf envelopes decode the kinds kubectl sends that way") {
  const std::string meta = field(1, "cm") + field(3, "default") + field(11, field(1, "app") + field(2, "x"));
  const std::string config_map = field(1, meta) + field(2, field(1, "k") + field(2, "v")) + field(3, field(1, "b") + field(2, "hi"));
  const std::string body = std::string("k8s\0", 4) + field(1, field(1, "v1") + field(2, "ConfigMap")) + field(2, config_map);
  std::string error;
  const auto decoded = decode_protobuf_object(body, error);
  INFO(error);
  REQUIRE(decoded);
  CHECK((*decoded)["kind"] == "ConfigMap");
  CHECK((*decoded)["metadata"]["name"] == "cm");
  CHECK((*decoded)["metadata"]["labels"]["app"] == "x");
  CHECK((*decoded)["data"]["k"] == "v");
  CHECK((*decoded)["binaryData"]["b"] == "aGk=");
  const std::string deployment = std::string("k8s\0", 4) + field(1, field(1, "apps/v1") + field(2, "Deployment"));
  CHECK_FALSE(decode_protobuf_object(deployment, error));
  CHECK(error.find("Deployment") != std::string::npos);
  CHECK_FALSE(decode_protobuf_object("{}", error));
}

TEST_CASE("YAML bodies resolve scalars like the API server's decoder") {
  std::string error;
  const auto y = parse_json_or_yaml("a: 1\nb: \"1\"\nc: yes\nd: ~\ne: 1.5\nf: [x, 'y']\n", error);
  REQUIRE(y);
  CHECK((*y)["a"] == 1);
  CHECK((*y)["b"] == "1");
  CHECK((*y)["c"] == true);
  CHECK((*y)["d"].is_null());
  CHECK((*y)["e"] == 1.5);
  CHECK((*y)["f"] == json::array({"x", "y"}));
  CHECK_FALSE(parse_json_or_yaml("a: [unclosed", error));
}
