#include "context.hpp"

#include <set>

namespace cococtl::render::detail {
namespace {

// Namespaces that exist on every OpenShift cluster: never created, no OperatorGroup added.
bool is_system_namespace(const std::string& ns) { return ns == "openshift-operators" || ns == "openshift-marketplace"; }

nlohmann::json subscription_entry(const std::string& key, const YAML::Node& sub) {
  const auto get = [&](const char* name, const char* fallback) {
    return sub[name] && sub[name].IsScalar() ? sub[name].Scalar() : std::string(fallback);
  };
  nlohmann::json entry{{"key", key},
                       {"name", get("name", "")},
                       {"namespace", get("namespace", "")},
                       {"channel", get("channel", "")},
                       {"source", get("source", "redhat-operators")},
                       {"sourceNamespace", get("sourceNamespace", "openshift-marketplace")},
                       {"installPlanApproval", get("installPlanApproval", "Automatic")},
                       {"allNamespaces", false}};
  if (sub["csv"]) entry["csv"] = get("csv", "");
  return entry;
}

nlohmann::json kyverno_subscription(const values::Values& values) {
  const auto k = [&](const std::string& key) { return values.string_at("kyverno.subscription." + key); };
  return {{"key", "kyverno"},         {"name", k("name")},     {"namespace", k("namespace")},
          {"channel", k("channel")},  {"source", k("source")}, {"sourceNamespace", k("sourceNamespace")},
          {"installPlanApproval", "Automatic"}, {"allNamespaces", true}};
}

bool wants_kyverno_subscription(const values::Values& values) {
  return values.bool_at("kyverno.enabled") && values.bool_at("clusterGroup.components.kyvernoPolicies") &&
         values.string_at("kyverno.install") == "subscription";
}

}  // namespace

nlohmann::json compute_olm(const values::Values& values) {
  auto subscriptions = nlohmann::json::array();
  const YAML::Node subs = values.at("clusterGroup.subscriptions");
  if (subs.IsMap()) {
    for (const auto& pair : subs) subscriptions.push_back(subscription_entry(pair.first.Scalar(), pair.second));
  }
  if (wants_kyverno_subscription(values)) subscriptions.push_back(kyverno_subscription(values));

  std::set<std::string> namespaces;
  for (const auto& ns : values.strings_at("clusterGroup.namespaces")) namespaces.insert(ns);
  auto groups = nlohmann::json::array();
  std::set<std::string> grouped;
  for (const auto& sub : subscriptions) {
    const std::string ns = sub["namespace"];
    if (is_system_namespace(ns)) continue;
    namespaces.insert(ns);
    if (grouped.insert(ns).second) groups.push_back({{"namespace", ns}, {"allNamespaces", sub["allNamespaces"]}});
  }
  auto ns_list = nlohmann::json::array();
  for (const auto& ns : namespaces) ns_list.push_back({{"name", ns}});
  return {{"namespaces", ns_list}, {"operatorGroups", groups}, {"subscriptions", subscriptions}};
}

}  // namespace cococtl::render::detail
