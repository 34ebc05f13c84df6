// Deployments run Pods through ReplicaSets as kube-controller-manager does; Pods pass the
// RuntimeClass admission plugin and the simulated Kyverno webhook that injects initdata.
#include "sim_test_util.hpp"

#include <cococtl/util/fs.hpp>

#include <catch2/catch.hpp>

#include <regex>

using namespace cococtl::sim;
using namespace cococtl::sim::testing;

namespace {

void deployment(TestCluster& c, const std::string& name, const std::string& runtime_class, const json& annotations) {
  json d = json::parse(R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"namespace":"default"},
      "spec":{"replicas":2,"selector":{"matchLabels":{"app":"x"}},
              "template":{"metadata":{"labels":{"app":"x"}},"spec":{"containers":[{"name":"c","image":"quay.io/x:1"}]}}}})");
  d["metadata"]["name"] = name;
  d["spec"]["selector"]["matchLabels"]["app"] = name;
  d["spec"]["template"]["metadata"]["labels"]["app"] = name;
  if (!annotations.empty()) d["spec"]["template"]["metadata"]["annotations"] = annotations;
  if (!runtime_class.empty()) d["spec"]["template"]["spec"]["runtimeClassName"] = runtime_class;
  c.apply(d.dump());
}

// Condition `type` of Deployment default/`name` ({} when absent).
json condition(TestCluster& c, const std::string& name, const std::string& type) {
  const json deployment = c.get("apps/v1", "Deployment", "default", name);
  const json* found = find_condition(deployment, type);
  return found == nullptr ? json::object() : *found;
}

std::vector<json> pods_of(TestCluster& c, const std::string& app) {
  std::vector<json> out;
  for (const auto& p : c.list("v1", "Pod", "default")) {
    if (string_at(p, {"metadata", "labels", "app"}) == app) out.push_back(p);
  }
  return out;
}

// The cluster policy cococtl renders, read from its template (mustache delimiters and the
// template comment taken out) so the simulated webhook is tested against the real rule.
std::string inject_policy() {
  auto text = cococtl::util::read_file(
      std::string(COCOCTL_SOURCE_DIR) + "/templates/kyvernoPolicies/55-inject-initdata.yaml", 1 << 20);
  REQUIRE(text.ok());
  std::string yaml = std::regex_replace(text.value(), std::regex(R"(\{\{=<% %>=\}\}\n)"), "");
  return std::regex_replace(yaml, std::regex(R"(<%![^%]*%>\n)"), "");
}

// Kyverno installed, RuntimeClass kata-cc, ConfigMap default/debug-initdata holding `initdata`,
// and the rendered inject-coco-initdata policy applied (returned as stored).
json kyverno_with_policy(TestCluster& c, const std::string& initdata) {
  c.install_operator("kyverno", "kyverno");
  c.apply(
      R"({"apiVersion":"node.k8s.io/v1","kind":"RuntimeClass","metadata":{"name":"kata-cc"},"handler":"kata-tdx"})");
  c.apply(json{{"apiVersion", "v1"},
               {"kind", "ConfigMap"},
               {"metadata", {{"name", "debug-initdata"}, {"namespace", "default"}}},
               {"data", {{"INITDATA", initdata}}}}
              .dump());
  return c.apply_yaml(inject_policy());
}

}  // namespace

TEST_CASE("a Deployment creates a ReplicaSet with the pod-template-hash and owned Pods - its status follows them") {
  TestCluster c("baremetal-tdx");
  deployment(c, "web", "", json::object());
  c.ticks(1);
  const auto sets = c.list("apps/v1", "ReplicaSet", "default");
  REQUIRE(sets.size() == 1);
  const std::string hash = sets[0]["metadata"]["labels"]["pod-template-hash"];
  CHECK(sets[0]["metadata"]["name"] == "web-" + hash);
  CHECK(sets[0]["spec"]["selector"]["matchLabels"]["pod-template-hash"] == hash);
  CHECK(sets[0]["metadata"]["ownerReferences"][0]["kind"] == "Deployment");
  CHECK(sets[0]["metadata"]["ownerReferences"][0]["controller"] == true);
  CHECK(sets[0]["metadata"]["annotations"]["deployment.kubernetes.io/revision"] == "1");
  auto pods = pods_of(c, "web");
  REQUIRE(pods.size() == 2);
  CHECK(pods[0]["metadata"]["name"].get<std::string>().rfind("web-" + hash + "-", 0) == 0);
  CHECK(pods[0]["metadata"]["labels"]["pod-template-hash"] == hash);
  CHECK(pods[0]["metadata"]["ownerReferences"][0]["name"] == sets[0]["metadata"]["name"]);
  CHECK(find_condition(c.get("apps/v1", "Deployment", "default", "web"), "Progressing")->value("reason", "") ==
        "NewReplicaSetCreated");
  REQUIRE(
      c.tick_until([&] { return condition_true(c.get("apps/v1", "Deployment", "default", "web"), "Available"); }, 10));
  const auto d = c.get("apps/v1", "Deployment", "default", "web");
  CHECK(d["status"]["readyReplicas"] == 2);
  CHECK(find_condition(d, "Progressing")->value("reason", "") == "NewReplicaSetAvailable");
  pods = pods_of(c, "web");
  CHECK(pods[0]["status"]["phase"] == "Running");
  CHECK(pods[0]["spec"]["nodeName"] == "sno-tdx-0");
  CHECK(condition_true(pods[0], "Ready"));

  // A template change rolls out a second ReplicaSet and scales the first to zero.
  json changed = d;
  changed["spec"]["template"]["spec"]["containers"][0]["image"] = "quay.io/x:2";
  c.update(changed);
  REQUIRE(c.tick_until(
      [&] {
        const auto dd = c.get("apps/v1", "Deployment", "default", "web");
        return dd["status"]["observedGeneration"] == 2 &&
               find_condition(dd, "Progressing")->value("reason", "") == "NewReplicaSetAvailable";
      },
      15));
  REQUIRE(c.tick_until([&] { return pods_of(c, "web").size() == 2; }, 5));
  CHECK(c.list("apps/v1", "ReplicaSet", "default").size() == 2);

  // Deleting the Deployment takes its ReplicaSets and Pods (garbage collection).
  REQUIRE(c.api().remove(*c.type({{"apiVersion", "apps/v1"}, {"kind", "Deployment"}}), "default", "web", {}).ok());
  REQUIRE(
      c.tick_until([&] { return pods_of(c, "web").empty() && c.list("apps/v1", "ReplicaSet", "default").empty(); }, 6));
}

TEST_CASE("Pods get the RuntimeClass's overhead and node selector, and are refused while it does not exist") {
  TestCluster c("baremetal-tdx");
  deployment(c, "conf", "kata-cc", json::object());
  c.ticks(2);
  CHECK(pods_of(c, "conf").empty());
  const json failure = condition(c, "conf", "ReplicaFailure");
  REQUIRE_FALSE(failure.empty());
  CHECK(failure["reason"] == "FailedCreate");
  CHECK(failure["message"].get<std::string>().find("pod rejected: RuntimeClass \"kata-cc\" not found") !=
        std::string::npos);
  c.apply(R"({"apiVersion":"node.k8s.io/v1","kind":"RuntimeClass","metadata":{"name":"kata-cc"},"handler":"kata-tdx",
      "overhead":{"podFixed":{"cpu":"250m","memory":"350Mi"}},"scheduling":{"nodeSelector":{"node-role.kubernetes.io/master":""}}})");
  REQUIRE(c.tick_until([&] { return pods_of(c, "conf").size() == 2; }, 5));
  const auto pod = pods_of(c, "conf")[0];
  CHECK(pod["spec"]["runtimeClassName"] == "kata-cc");
  CHECK(pod["spec"]["overhead"] == json{{"cpu", "250m"}, {"memory", "350Mi"}});
  CHECK(pod["spec"]["nodeSelector"] == json{{"node-role.kubernetes.io/master", ""}});
  REQUIRE(c.tick_until([&] { return condition(c, "conf", "ReplicaFailure").empty(); }, 5));
}

TEST_CASE(
    "a deployment-progress-deadline fault: pods never become ready and the Deployment reports "
    "ProgressDeadlineExceeded") {
  TestCluster c("baremetal-tdx");
  c.set_operator_faults({{"deployment-progress-deadline", "default/stuck"}});
  deployment(c, "stuck", "", json::object());
  REQUIRE(c.tick_until(
      [&] { return condition(c, "stuck", "Progressing").value("reason", "") == "ProgressDeadlineExceeded"; }, 15));
  const auto d = c.get("apps/v1", "Deployment", "default", "stuck");
  CHECK(find_condition(d, "Progressing")->value("status", "") == "False");
  CHECK(find_condition(d, "Progressing")->value("message", "").find("has timed out progressing.") != std::string::npos);
  CHECK_FALSE(condition_true(d, "Available"));
  CHECK(pods_of(c, "stuck")[0]["status"]["containerStatuses"][0]["state"]["waiting"]["reason"] == "CrashLoopBackOff");
  c.set_operator_faults(json::object());
  REQUIRE(c.tick_until([&] { return condition_true(c.get("apps/v1", "Deployment", "default", "stuck"), "Available"); },
                       10));
}

TEST_CASE("Kyverno: the inject-coco-initdata ClusterPolicy cococtl renders sets cc_init_data on Pods of Deployments") {
  TestCluster c("baremetal-tdx");
  const json policy = kyverno_with_policy(c, "H4sIAAAAAAAA/6pWSkksSVSyUlAqS8wpTgUEAAD//w==");
  CHECK(policy["metadata"]["name"] == "inject-coco-initdata");
  REQUIRE(c.tick_until(
      [&] { return condition_true(c.get("kyverno.io/v1", "ClusterPolicy", "", "inject-coco-initdata"), "Ready"); }, 5));
  const auto ready = c.get("kyverno.io/v1", "ClusterPolicy", "", "inject-coco-initdata");
  CHECK(find_condition(ready, "Ready")->value("reason", "") == "Succeeded");
  CHECK(ready["status"]["rulecount"]["mutate"] == 1);

  deployment(c, "cc", "kata-cc", {{"coco.io/initdata-configmap", "debug-initdata"}});
  deployment(c, "plain", "", {{"coco.io/initdata-configmap", "debug-initdata"}});
  deployment(
      c, "preset", "kata-cc",
      {{"coco.io/initdata-configmap", "debug-initdata"}, {"io.katacontainers.config.hypervisor.cc_init_data", "mine"}});
  deployment(c, "missing", "kata-cc", {{"coco.io/initdata-configmap", "nope"}});
  c.ticks(2);
  const std::string key = "io.katacontainers.config.hypervisor.cc_init_data";
  REQUIRE(pods_of(c, "cc").size() == 2);
  CHECK(pods_of(c, "cc")[0]["metadata"]["annotations"][key] == "H4sIAAAAAAAA/6pWSkksSVSyUlAqS8wpTgUEAAD//w==");
  CHECK_FALSE(pods_of(c, "plain")[0]["metadata"]["annotations"].contains(key));  // no confidential runtime class
  CHECK(pods_of(c, "preset")[0]["metadata"]["annotations"][key] == "mine");      // already set: left alone
  CHECK(pods_of(c, "missing").empty());
  const std::string failure = condition(c, "missing", "ReplicaFailure").value("message", "");
  CHECK(failure.find("admission webhook \"mutate.kyverno.svc-fail\" denied the request") != std::string::npos);
  CHECK(failure.find("configmaps \"nope\" not found") != std::string::npos);
}

TEST_CASE("Kyverno: no mutation before the policy is Ready, nor for Pods that opt out") {
  TestCluster c("baremetal-tdx");
  kyverno_with_policy(c, "abc");
  deployment(c, "early", "kata-cc", {{"coco.io/initdata-configmap", "debug-initdata"}});  // created in the same tick
  c.ticks(1);
  REQUIRE_FALSE(pods_of(c, "early").empty());
  CHECK_FALSE(pods_of(c, "early")[0]["metadata"]
                  .value("annotations", json::object())
                  .contains("io.katacontainers.config.hypervisor.cc_init_data"));
  json pod = json::parse(R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"skip","namespace":"default",
      "labels":{"coco.io/skip-initdata":"true"},"annotations":{"coco.io/initdata-configmap":"debug-initdata"}},
      "spec":{"runtimeClassName":"kata-cc","containers":[{"name":"c","image":"x"}]}})");
  c.ticks(2);
  c.apply(pod.dump());
  CHECK_FALSE(c.get("v1", "Pod", "default", "skip")["metadata"]["annotations"].contains(
      "io.katacontainers.config.hypervisor.cc_init_data"));
}
