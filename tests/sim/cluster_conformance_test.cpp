// kubectl (v1.32, a client nobody here wrote) against coco-cluster-sim: every step asserts
// what kubectl printed and what the server then holds.
#include "support/sim_process.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <iterator>

using cococtl::test::CommandResult;
using cococtl::test::SimProcess;
using nlohmann::json;

namespace {

class Kubectl {
 public:
  explicit Kubectl(const SimProcess& sim) : m_sim(sim) {}

  CommandResult run(std::vector<std::string> args, const std::string& input = "") const {
    args.insert(args.begin(), "kubectl");
    const cococtl::test::EnvOverrides env = {{"KUBECONFIG", m_sim.kubeconfig().string()},
                                                    {"HOME", m_sim.dir().string()}};
    auto result = cococtl::test::run_command(args, std::chrono::seconds(40), env, input);
    INFO("kubectl stderr: " << result.err);
    REQUIRE_FALSE(result.timed_out);
    return result;
  }

  // Runs and requires success.
  std::string ok(std::vector<std::string> args, const std::string& input = "") const {
    const auto result = run(args, input);
    INFO("kubectl " << join(args) << "\nstdout: " << result.out << "\nstderr: " << result.err);
    REQUIRE(result.exit_code == 0);
    return result.out;
  }

  json get_json(std::vector<std::string> args) const {
    args.insert(args.begin(), "get");
    args.insert(args.end(), {"-o", "json", "--show-managed-fields"});
    return json::parse(ok(args));
  }

 private:
  static std::string join(const std::vector<std::string>& args) {
    std::string out;
    for (const auto& a : args) out += a + " ";
    return out;
  }
  const SimProcess& m_sim;
};

std::string write_file(const SimProcess& sim, const std::string& name, const std::string& content) {
  const auto path = sim.dir() / name;
  std::ofstream(path) << content;
  return path.string();
}

std::string slurp_file(const std::string& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

const char* k_config_map = R"(apiVersion: v1
kind: ConfigMap
metadata:
  name: demo
  namespace: default
  labels:
    app: demo
data:
  key: first
)";

const char* k_deployment = R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: default
  labels:
    app: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: registry.example.com/web:1.0
        ports:
        - containerPort: 8080
)";

const json* managed_entry(const json& object, const std::string& manager) {
  for (const auto& entry : object["metadata"]["managedFields"]) {
    if (entry["manager"] == manager) return &entry;
  }
  return nullptr;
}

std::string replace(std::string text, const std::string& from, const std::string& to) {
  const auto pos = text.find(from);
  REQUIRE(pos != std::string::npos);
  return text.replace(pos, from.size(), to);
}

}  // namespace

TEST_CASE("kubectl apply --server-side: create, unchanged re-apply, conflicts, forced conflicts") {
  auto sim = SimProcess::start();
  Kubectl kubectl(*sim);
  const auto file = write_file(*sim, "cm.yaml", k_config_map);

  CHECK(kubectl.ok({"apply", "--server-side", "-f", file}).find("configmap/demo serverside-applied") != std::string::npos);
  const json created = kubectl.get_json({"configmap", "demo"});
  CHECK(created["data"]["key"] == "first");
  const json* mine = managed_entry(created, "kubectl");
  REQUIRE(mine != nullptr);
  CHECK((*mine)["operation"] == "Apply");
  CHECK((*mine)["fieldsV1"] == json::parse(R"({"f:data":{"f:key":{}},"f:metadata":{"f:labels":{"f:app":{}}}})"));
  const std::string rv = created["metadata"]["resourceVersion"];

  CHECK(kubectl.ok({"apply", "--server-side", "-f", file}).find("configmap/demo serverside-applied") != std::string::npos);
  CHECK(kubectl.get_json({"configmap", "demo"})["metadata"]["resourceVersion"] == rv);

  const auto changed = write_file(*sim, "cm2.yaml", replace(k_config_map, "key: first", "key: second"));
  const auto refused = kubectl.run({"apply", "--server-side", "--field-manager=other", "-f", changed});
  CHECK(refused.exit_code != 0);
  CHECK(refused.err.find("Apply failed with 1 conflict: conflict with \"kubectl\": .data.key") != std::string::npos);
  CHECK(refused.err.find("--force-conflicts") != std::string::npos);
  CHECK(kubectl.get_json({"configmap", "demo"})["data"]["key"] == "first");

  kubectl.ok({"apply", "--server-side", "--field-manager=other", "--force-conflicts", "-f", changed});
  const json forced = kubectl.get_json({"configmap", "demo"});
  CHECK(forced["data"]["key"] == "second");
  CHECK(forced["metadata"]["resourceVersion"] != rv);
  REQUIRE(managed_entry(forced, "other") != nullptr);
  CHECK(managed_entry(forced, "other")->at("fieldsV1").contains("f:data"));
  REQUIRE(managed_entry(forced, "kubectl") != nullptr);
  CHECK_FALSE(managed_entry(forced, "kubectl")->at("fieldsV1").contains("f:data"));  // ownership moved
}

TEST_CASE("kubectl apply --server-side of an unchanged stringData Secret keeps resourceVersion as time passes") {
  cococtl::test::SimOptions options;
  options.extra_args = {"--clock-rate", "10000"};  // 10 simulated seconds per real millisecond
  auto sim = SimProcess::start(options);
  Kubectl kubectl(*sim);
  const auto file = write_file(*sim, "secret.yaml", R"(apiVersion: v1
kind: Secret
metadata:
  name: creds
  namespace: default
type: Opaque
stringData:
  password: hunter2
)");
  kubectl.ok({"apply", "--server-side", "-f", file});
  const json created = kubectl.get_json({"secret", "creds"});
  CHECK(created["data"]["password"] == "aHVudGVyMg==");
  REQUIRE(managed_entry(created, "kubectl") != nullptr);
  for (int i = 0; i < 2; ++i) {
    kubectl.ok({"apply", "--server-side", "-f", file});
    const json again = kubectl.get_json({"secret", "creds"});
    CHECK(again["metadata"]["resourceVersion"] == created["metadata"]["resourceVersion"]);
    CHECK(again["metadata"]["managedFields"] == created["metadata"]["managedFields"]);
  }
  kubectl.ok({"apply", "--server-side", "-f", write_file(*sim, "changed.yaml", replace(
      slurp_file(file), "hunter2", "hunter3"))});
  const json changed = kubectl.get_json({"secret", "creds"});
  CHECK(changed["metadata"]["resourceVersion"] != created["metadata"]["resourceVersion"]);
  CHECK(managed_entry(changed, "kubectl")->at("time") != managed_entry(created, "kubectl")->at("time"));
}

TEST_CASE("kubectl apply --server-side validates fields strictly on the server") {
  auto sim = SimProcess::start();
  Kubectl kubectl(*sim);
  const auto file = write_file(*sim, "bad.yaml", std::string(k_config_map) + "bogus: true\n");
  const auto result = kubectl.run({"apply", "--server-side", "-f", file});
  CHECK(result.exit_code != 0);
  CHECK(result.err.find(".bogus: field not declared in schema") != std::string::npos);
  CHECK(kubectl.run({"get", "configmap", "demo"}).exit_code != 0);
}

TEST_CASE("kubectl apply of a kind: List file, server-side and client-side") {
  auto sim = SimProcess::start();
  Kubectl kubectl(*sim);
  const json list = {{"apiVersion", "v1"}, {"kind", "List"},
                     {"items", {{{"apiVersion", "v1"}, {"kind", "ConfigMap"},
                                 {"metadata", {{"name", "a"}, {"namespace", "default"}}}, {"data", {{"k", "v"}}}},
                                {{"apiVersion", "v1"}, {"kind", "ConfigMap"},
                                 {"metadata", {{"name", "b"}, {"namespace", "default"}}}, {"data", {{"k", "v"}}}}}}};
  CHECK(kubectl.ok({"apply", "--server-side", "-f", "-"}, list.dump()).find("configmap/b serverside-applied") !=
        std::string::npos);
  json changed = list;
  changed["items"][1]["data"]["k"] = "w";
  CHECK(kubectl.ok({"apply", "-f", "-"}, changed.dump()).find("configmap/b configured") != std::string::npos);
  CHECK(kubectl.get_json({"configmap", "b"})["data"]["k"] == "w");
  json typo = list;
  typo["items"][0]["bogus"] = 1;
  const auto refused = kubectl.run({"apply", "--server-side", "-f", "-"}, typo.dump());
  CHECK(refused.exit_code != 0);
  CHECK(refused.err.find(".bogus: field not declared in schema") != std::string::npos);
}

TEST_CASE("kubectl get: JSON, label selectors and server-side table columns") {
  auto sim = SimProcess::start();
  Kubectl kubectl(*sim);
  kubectl.ok({"apply", "--server-side", "-f", write_file(*sim, "all.yaml", std::string(k_config_map) + "---\n" + k_deployment)});

  const json selected = kubectl.get_json({"configmaps", "-l", "app=demo"});
  REQUIRE(selected["items"].size() == 1);
  CHECK(selected["items"][0]["metadata"]["name"] == "demo");
  CHECK(kubectl.get_json({"configmaps", "-l", "app=nothing"})["items"].empty());
  CHECK(kubectl.ok({"get", "cm", "-l", "app in (demo,other)", "-o", "name"}) == "configmap/demo\n");

  const std::string deployments = kubectl.ok({"get", "deploy"});
  CHECK(deployments.find("READY") != std::string::npos);
  CHECK(deployments.find("UP-TO-DATE") != std::string::npos);
  CHECK(deployments.find("web") != std::string::npos);
  const std::string nodes = kubectl.ok({"get", "nodes"});
  CHECK(nodes.find("control-plane,master") != std::string::npos);
  CHECK(nodes.find("v1.32.8") != std::string::npos);
  CHECK(kubectl.ok({"get", "clusterversion"}).find("4.19.28") != std::string::npos);
  const json infra = kubectl.get_json({"infrastructure", "cluster"});
  CHECK(infra["status"]["platform"] == "Azure");
}

TEST_CASE("kubectl wait: condition=Available and jsonpath on a Deployment the simulator rolls out") {
  cococtl::test::SimOptions options;
  options.tick_ms = 100;  // slow enough that kubectl has to watch
  auto sim = SimProcess::start(options);
  Kubectl kubectl(*sim);
  kubectl.ok({"apply", "--server-side", "-f", write_file(*sim, "deploy.yaml", k_deployment)});
  const std::string met = kubectl.ok({"wait", "--for=condition=Available", "deployment/web", "--timeout=30s"});
  CHECK(met.find("deployment.apps/web condition met") != std::string::npos);
  kubectl.ok({"wait", "--for=jsonpath={.status.readyReplicas}=2", "deployment/web", "--timeout=30s"});
  const json deployment = kubectl.get_json({"deployment", "web"});
  CHECK(deployment["status"]["observedGeneration"] == deployment["metadata"]["generation"]);
  CHECK(deployment["status"]["availableReplicas"] == 2);
  const auto never = kubectl.run({"wait", "--for=jsonpath={.status.readyReplicas}=7", "deployment/web", "--timeout=1s"});
  CHECK(never.exit_code != 0);
  CHECK(never.err.find("timed out") != std::string::npos);
}

TEST_CASE("kubectl delete: plain objects, finalizers and namespace cascade") {
  auto sim = SimProcess::start();
  Kubectl kubectl(*sim);
  kubectl.ok({"apply", "--server-side", "-f", write_file(*sim, "cm.yaml", k_config_map)});
  CHECK(kubectl.ok({"delete", "configmap", "demo"}).find("configmap \"demo\" deleted") != std::string::npos);
  CHECK(kubectl.run({"get", "configmap", "demo"}).err.find("NotFound") != std::string::npos);

  const std::string held = replace(k_config_map, "  labels:", "  finalizers:\n  - example.com/hold\n  labels:");
  kubectl.ok({"apply", "--server-side", "-f", write_file(*sim, "held.yaml", held)});
  kubectl.ok({"delete", "configmap", "demo", "--wait=false"});
  const json terminating = kubectl.get_json({"configmap", "demo"});
  CHECK(terminating["metadata"].contains("deletionTimestamp"));
  kubectl.ok({"patch", "configmap", "demo", "--type=merge", "-p", R"({"metadata":{"finalizers":null}})"});
  CHECK(kubectl.run({"get", "configmap", "demo"}).exit_code != 0);

  const std::string in_ns = replace(k_config_map, "namespace: default", "namespace: scratch");
  kubectl.ok({"apply", "--server-side", "-f",
              write_file(*sim, "ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: scratch\n---\n" + in_ns)});
  CHECK(kubectl.get_json({"namespace", "scratch"})["status"]["phase"] == "Active");
  kubectl.ok({"delete", "namespace", "scratch", "--timeout=30s"});
  CHECK(kubectl.run({"get", "namespace", "scratch"}).exit_code != 0);
  CHECK(kubectl.run({"get", "configmap", "demo", "-n", "scratch"}).exit_code != 0);
}

TEST_CASE("kubectl api-resources shows a CRD's resource once it is Established") {
  auto sim = SimProcess::start();
  Kubectl kubectl(*sim);
  CHECK(kubectl.ok({"api-resources"}).find("widgets") == std::string::npos);
  const std::string crd = R"(apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  names: {kind: Widget, plural: widgets, singular: widget, shortNames: [wdg]}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    additionalPrinterColumns:
    - {name: Size, type: integer, jsonPath: .spec.size}
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              size: {type: integer}
)";
  const auto widget = write_file(*sim, "widget.yaml",
                                 "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w1\n  namespace: default\n"
                                 "spec:\n  size: 3\n");
  const auto too_early = kubectl.run({"apply", "--server-side", "-f", widget});
  CHECK(too_early.exit_code != 0);
  CHECK(too_early.err.find("no matches for kind \"Widget\" in version \"example.com/v1\"") != std::string::npos);
  CHECK(too_early.err.find("ensure CRDs are installed first") != std::string::npos);
  kubectl.ok({"apply", "--server-side", "-f", write_file(*sim, "crd.yaml", crd)});
  kubectl.ok({"wait", "--for=condition=Established", "crd/widgets.example.com", "--timeout=30s"});
  const std::string resources = kubectl.ok({"api-resources", "--api-group=example.com"});
  CHECK(resources.find("widgets") != std::string::npos);
  CHECK(resources.find("wdg") != std::string::npos);
  CHECK(resources.find("example.com/v1") != std::string::npos);
  kubectl.ok({"apply", "--server-side", "-f", widget});
  const std::string table = kubectl.ok({"get", "wdg"});
  CHECK(table.find("SIZE") != std::string::npos);
  CHECK(table.find("w1") != std::string::npos);
}

TEST_CASE("the read-only context may read but every write is Forbidden") {
  auto sim = SimProcess::start();
  Kubectl kubectl(*sim);
  kubectl.ok({"--context", "sim-readonly", "get", "namespaces"});
  const auto refused = kubectl.run({"--context", "sim-readonly", "apply", "--server-side", "-f",
                                    write_file(*sim, "cm.yaml", k_config_map)});
  CHECK(refused.exit_code != 0);
  CHECK(refused.err.find("Forbidden") != std::string::npos);
  CHECK(refused.err.find("sim-readonly") != std::string::npos);
  CHECK(kubectl.run({"--context", "sim-readonly", "auth", "can-i", "create", "configmaps"}).out == "no\n");
  CHECK(kubectl.run({"--context", "sim-readonly", "auth", "can-i", "list", "pods"}).out == "yes\n");
  CHECK(kubectl.run({"--context", "sim-token", "auth", "can-i", "create", "configmaps"}).out == "yes\n");
  CHECK(kubectl.ok({"auth", "whoami", "-o", "jsonpath={.status.userInfo.username}"}) == "sim-admin");
}
