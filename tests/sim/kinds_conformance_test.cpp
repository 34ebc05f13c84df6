// Every built-in kind the issue lists, checked with kubectl against the simulator: served and
// in discovery with its real short names and scope, printed by `kubectl get` with the real
// printer's columns, and described in /openapi/v3 (schema with its GVK, PATCH advertising
// fieldValidation so kubectl validates on the server). The review kinds answer from the
// caller's identity.
#include "support/sim_process.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <map>
#include <sstream>

using cococtl::test::SimProcess;
using nlohmann::json;

namespace {

struct Kind {
  std::string resource;     // plural.group as kubectl names it
  std::string api_version;  // group/version
  std::string kind;
  std::string short_names;  // as `kubectl api-resources` prints them
  bool namespaced;
  std::string column;  // a column only the real printer has ("" = none to check)
};

const std::vector<Kind>& kinds() {
  static const std::vector<Kind> k = {
      {"namespaces", "v1", "Namespace", "ns", false, "STATUS"},
      {"configmaps", "v1", "ConfigMap", "cm", true, "DATA"},
      {"secrets", "v1", "Secret", "", true, "TYPE"},
      {"services", "v1", "Service", "svc", true, "CLUSTER-IP"},
      {"serviceaccounts", "v1", "ServiceAccount", "sa", true, "SECRETS"},
      {"pods", "v1", "Pod", "po", true, "RESTARTS"},
      {"nodes", "v1", "Node", "no", false, "ROLES"},
      {"deployments.apps", "apps/v1", "Deployment", "deploy", true, "UP-TO-DATE"},
      {"daemonsets.apps", "apps/v1", "DaemonSet", "ds", true, "DESIRED"},
      {"roles.rbac.authorization.k8s.io", "rbac.authorization.k8s.io/v1", "Role", "", true, "CREATED AT"},
      {"clusterroles.rbac.authorization.k8s.io", "rbac.authorization.k8s.io/v1", "ClusterRole", "", false, "CREATED AT"},
      {"rolebindings.rbac.authorization.k8s.io", "rbac.authorization.k8s.io/v1", "RoleBinding", "", true, "ROLE"},
      {"clusterrolebindings.rbac.authorization.k8s.io", "rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "", false,
       "ROLE"},
      {"customresourcedefinitions.apiextensions.k8s.io", "apiextensions.k8s.io/v1", "CustomResourceDefinition",
       "crd,crds", false, "CREATED AT"},
      {"clusterversions.config.openshift.io", "config.openshift.io/v1", "ClusterVersion", "", false, "VERSION"},
      {"infrastructures.config.openshift.io", "config.openshift.io/v1", "Infrastructure", "", false, "AGE"},
      {"ingresses.config.openshift.io", "config.openshift.io/v1", "Ingress", "", false, "AGE"},
      {"routes.route.openshift.io", "route.openshift.io/v1", "Route", "", true, "HOST/PORT"},
      {"machineconfigs.machineconfiguration.openshift.io", "machineconfiguration.openshift.io/v1", "MachineConfig", "mc",
       false, "IGNITIONVERSION"},
      {"machineconfigpools.machineconfiguration.openshift.io", "machineconfiguration.openshift.io/v1",
       "MachineConfigPool", "mcp", false, "UPDATEDMACHINECOUNT"},
      {"securitycontextconstraints.security.openshift.io", "security.openshift.io/v1", "SecurityContextConstraints",
       "scc", false, "READONLYROOTFS"},
      {"subscriptions.operators.coreos.com", "operators.coreos.com/v1alpha1", "Subscription", "sub,subs", true,
       "PACKAGE"},
      {"installplans.operators.coreos.com", "operators.coreos.com/v1alpha1", "InstallPlan", "ip", true, "APPROVED"},
      {"clusterserviceversions.operators.coreos.com", "operators.coreos.com/v1alpha1", "ClusterServiceVersion",
       "csv,csvs", true, "PHASE"},
      {"operatorgroups.operators.coreos.com", "operators.coreos.com/v1", "OperatorGroup", "og", true, "AGE"},
      {"catalogsources.operators.coreos.com", "operators.coreos.com/v1alpha1", "CatalogSource", "catsrc", true,
       "PUBLISHER"},
      {"runtimeclasses.node.k8s.io", "node.k8s.io/v1", "RuntimeClass", "", false, "HANDLER"},
      {"selfsubjectaccessreviews.authorization.k8s.io", "authorization.k8s.io/v1", "SelfSubjectAccessReview", "", false,
       ""},
      {"selfsubjectrulesreviews.authorization.k8s.io", "authorization.k8s.io/v1", "SelfSubjectRulesReview", "", false,
       ""},
  };
  return k;
}

// One of each kind that no profile seeds, so that every `kubectl get` has a row to print.
const char* k_objects = R"(apiVersion: v1
kind: ConfigMap
metadata: {name: c, namespace: default}
data: {k: v}
---
apiVersion: v1
kind: Pod
metadata: {name: p, namespace: default}
spec: {containers: [{name: c, image: registry.example.com/c:1}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: d, namespace: default}
spec:
  selector: {matchLabels: {app: d}}
  template:
    metadata: {labels: {app: d}}
    spec: {containers: [{name: c, image: registry.example.com/c:1}]}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: ds, namespace: default}
spec:
  selector: {matchLabels: {app: ds}}
  template:
    metadata: {labels: {app: ds}}
    spec: {containers: [{name: c, image: registry.example.com/c:1}]}
---
apiVersion: v1
kind: Service
metadata: {name: s, namespace: default}
spec: {ports: [{port: 80}], selector: {app: d}}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: r, namespace: default}
rules: [{apiGroups: [""], resources: [configmaps], verbs: [get]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: r, namespace: default}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}
subjects: [{kind: ServiceAccount, name: default, namespace: default}]
---
apiVersion: route.openshift.io/v1
kind: Route
metadata: {name: r, namespace: default}
spec: {to: {kind: Service, name: s}}
---
apiVersion: node.k8s.io/v1
kind: RuntimeClass
metadata: {name: rc}
handler: runc
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  names: {kind: Widget, plural: widgets}
  scope: Namespaced
  versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object}}}]
---
apiVersion: operators.coreos.com/v1alpha1
kind: Subscription
metadata: {name: nfd, namespace: openshift-operators}
spec: {name: nfd, channel: stable, source: redhat-operators, sourceNamespace: openshift-marketplace}
)";

class Kubectl {
 public:
  explicit Kubectl(const SimProcess& sim) : m_sim(sim) {}

  std::string ok(std::vector<std::string> args, const std::string& input = "") const {
    args.insert(args.begin(), {"kubectl", "--cache-dir", (m_sim.dir() / "cache").string()});
    const cococtl::test::EnvOverrides env = {{"KUBECONFIG", m_sim.kubeconfig().string()},
                                                    {"HOME", m_sim.dir().string()}};
    const auto result = cococtl::test::run_command(args, std::chrono::seconds(40), env, input);
    INFO(args[3] << " " << (args.size() > 4 ? args[4] : "") << "\nstdout: " << result.out << "\nstderr: " << result.err);
    REQUIRE_FALSE(result.timed_out);
    REQUIRE(result.exit_code == 0);
    return result.out;
  }

 private:
  const SimProcess& m_sim;
};

std::unique_ptr<SimProcess> start(const std::string& profile) {
  cococtl::test::SimOptions options;
  options.profile = profile;
  return SimProcess::start(options);
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::string trim(std::string s) {
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

// `kubectl api-resources` rows by NAME.APIGROUP, cut at the header's column starts.
std::map<std::string, std::map<std::string, std::string>> api_resources(const std::string& table) {
  const auto rows = lines(table);
  REQUIRE_FALSE(rows.empty());
  const std::string& header = rows[0];
  const std::vector<std::string> names = {"NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"};
  std::vector<std::size_t> starts;
  for (const auto& n : names) starts.push_back(header.find(n));
  std::map<std::string, std::map<std::string, std::string>> out;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    std::map<std::string, std::string> cells;
    for (std::size_t i = 0; i < names.size(); ++i) {
      const std::size_t end = i + 1 < names.size() ? starts[i + 1] : std::string::npos;
      cells[names[i]] = rows[r].size() > starts[i] ? trim(rows[r].substr(starts[i], end - starts[i])) : "";
    }
    const std::string& api_version = cells["APIVERSION"];
    const auto slash = api_version.find('/');
    out[cells["NAME"] + (slash == std::string::npos ? "" : "." + api_version.substr(0, slash))] = cells;
  }
  return out;
}

}  // namespace

TEST_CASE("every built-in kind is in discovery with its short names and scope, and kubectl get prints its columns") {
  auto sim = start("baremetal-tdx");
  Kubectl kubectl(*sim);
  kubectl.ok({"apply", "--server-side", "-f", "-"}, k_objects);
  kubectl.ok({"wait", "--for=jsonpath={.status.installedCSV}=nfd.v4.20.1", "subscription/nfd", "-n",
              "openshift-operators", "--timeout=30s"});
  const auto resources = api_resources(kubectl.ok({"api-resources"}));
  for (const auto& k : kinds()) {
    INFO(k.resource);
    const auto it = resources.find(k.resource);
    REQUIRE(it != resources.end());
    CHECK(it->second.at("SHORTNAMES") == k.short_names);
    CHECK(it->second.at("APIVERSION") == k.api_version);
    CHECK(it->second.at("NAMESPACED") == (k.namespaced ? "true" : "false"));
    CHECK(it->second.at("KIND") == k.kind);
    if (k.column.empty()) continue;
    const std::string name = k.short_names.empty() ? k.resource : k.short_names.substr(0, k.short_names.find(','));
    const auto table = lines(kubectl.ok({"get", name, k.namespaced ? "-A" : "--show-kind=false"}));
    REQUIRE(table.size() >= 2);  // a header and at least one row
    CHECK(table[0].find(k.column) != std::string::npos);
  }
}

TEST_CASE("every built-in kind has an OpenAPI v3 schema and a PATCH that advertises fieldValidation") {
  auto sim = start("azure");
  Kubectl kubectl(*sim);
  const json index = json::parse(kubectl.ok({"get", "--raw", "/openapi/v3"}));
  std::map<std::string, json> documents;
  for (const auto& k : kinds()) {
    INFO(k.resource);
    const std::string key = k.api_version.find('/') == std::string::npos ? "api/" + k.api_version : "apis/" + k.api_version;
    REQUIRE(index["paths"].contains(key));
    if (!documents.count(key)) {
      documents[key] = json::parse(kubectl.ok({"get", "--raw", index["paths"][key]["serverRelativeURL"]}));
    }
    const json& doc = documents[key];
    const auto slash = k.api_version.find('/');
    const std::string group = slash == std::string::npos ? "" : k.api_version.substr(0, slash);
    const std::string version = k.api_version.substr(slash == std::string::npos ? 0 : slash + 1);
    bool described = false;
    for (const auto& [name, schema] : doc["components"]["schemas"].items()) {
      for (const auto& gvk : schema.value("x-kubernetes-group-version-kind", json::array())) {
        described |= gvk == json{{"group", group}, {"version", version}, {"kind", k.kind}};
      }
    }
    CHECK(described);
    const std::string plural = k.resource.substr(0, k.resource.find('.'));
    std::string path = "/" + key + (k.namespaced ? "/namespaces/{namespace}/" : "/") + plural;
    if (k.kind.rfind("SelfSubject", 0) == 0) {
      CHECK(doc["paths"].contains(path));  // create-only
      continue;
    }
    path += "/{name}";
    REQUIRE(doc["paths"].contains(path));
    bool field_validation = false;
    for (const auto& p : doc["paths"][path]["patch"]["parameters"]) field_validation |= p["name"] == "fieldValidation";
    CHECK(field_validation);
  }
  CHECK(kubectl.ok({"explain", "routes.spec.tls"}).find("termination") != std::string::npos);
  CHECK(kubectl.ok({"explain", "scc"}).find("allowPrivilegedContainer") != std::string::npos);
}

TEST_CASE("self subject access and rules reviews answer from the caller's identity") {
  auto sim = start("azure");
  Kubectl kubectl(*sim);
  CHECK(kubectl.ok({"auth", "can-i", "delete", "nodes"}) == "yes\n");
  // SelfSubjectRulesReview: the admin may do everything, the reader only read (and review itself).
  const auto all_resources = [](const std::string& table) {
    for (const auto& line : lines(table)) {
      if (line.rfind("*.*", 0) == 0) return line.substr(line.rfind('['));
    }
    return std::string();
  };
  CHECK(all_resources(kubectl.ok({"auth", "can-i", "--list"})) == "[*]");
  const std::string reader_rules = kubectl.ok({"--context", "sim-readonly", "auth", "can-i", "--list"});
  CHECK(all_resources(reader_rules) == "[get list watch]");
  CHECK(reader_rules.find("selfsubjectaccessreviews.authorization.k8s.io") != std::string::npos);
  CHECK(kubectl.ok({"--context", "sim-readonly", "auth", "whoami", "-o", "jsonpath={.status.userInfo.username}"}) ==
        "sim-readonly");
}
