// The kinds served without any CRD: Kubernetes built-ins plus the OpenShift and OLM kinds a
// real OpenShift cluster serves out of the box (they are CRDs there, but always present).
#include "sim/schema/builtin_schemas.hpp"
#include "sim/schema/printers.hpp"
#include "sim/api/registry.hpp"
#include "sim/schema/schema_builder.hpp"

namespace cococtl::sim {
namespace {

enum Flags : unsigned { k_cluster = 1, k_status = 2, k_generation = 4, k_review = 8 };

struct Def {
  const char* group;
  const char* version;
  const char* kind;
  const char* plural;
  unsigned flags;
  std::vector<std::string> short_names;
  std::vector<std::string> categories;
  json schema;
  std::vector<Column> columns;
};

std::string lower(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

ResourceType to_type(Def def) {
  ResourceType t;
  t.group = def.group;
  t.version = def.version;
  t.kind = def.kind;
  t.plural = def.plural;
  t.singular = lower(def.kind);
  t.namespaced = (def.flags & k_cluster) == 0;
  t.status_subresource = (def.flags & k_status) != 0;
  t.has_generation = (def.flags & k_generation) != 0;
  t.stored = (def.flags & k_review) == 0;
  t.verbs = t.stored ? standard_verbs() : std::vector<std::string>{"create"};
  t.short_names = std::move(def.short_names);
  t.categories = std::move(def.categories);
  if (!def.schema.is_null()) t.schema = std::make_shared<const json>(std::move(def.schema));
  t.columns = std::move(def.columns);
  return t;
}

// OLM's CSV status.conditions is a phase history without "type" keys: not a keyed list.
json plain_status(json kind) {
  kind["properties"]["status"] = schema::any_value();
  return kind;
}

json open_top_level() {
  json s = schema::open_kind({});
  s["x-kubernetes-preserve-unknown-fields"] = true;
  return s;
}

std::vector<Def> core_defs() {
  using namespace schema;
  const std::vector<std::string> all = {"all"};
  return {
      {"", "v1", "Namespace", "namespaces", k_cluster | k_status, {"ns"}, {}, namespace_kind(), printers::namespaces()},
      {"", "v1", "ConfigMap", "configmaps", 0, {"cm"}, {}, config_map(), printers::config_maps()},
      {"", "v1", "Secret", "secrets", 0, {}, {}, secret(), printers::secrets()},
      {"", "v1", "Service", "services", k_status, {"svc"}, all, service(), printers::services()},
      {"", "v1", "ServiceAccount", "serviceaccounts", 0, {"sa"}, {}, service_account(), printers::service_accounts()},
      {"", "v1", "Pod", "pods", k_status, {"po"}, all, pod(), printers::pods()},
      {"", "v1", "Node", "nodes", k_cluster | k_status, {"no"}, {}, open_kind({"spec", "status"}), printers::nodes()},
      {"", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", k_status, {"pvc"}, {},
       open_kind({"spec", "status"}), printers::age_only()},
      {"", "v1", "PersistentVolume", "persistentvolumes", k_cluster | k_status, {"pv"}, {},
       open_kind({"spec", "status"}), printers::age_only()},
      {"", "v1", "Event", "events", 0, {"ev"}, {}, open_top_level(), {}},
      {"", "v1", "Endpoints", "endpoints", 0, {"ep"}, {}, open_kind({"subsets"}), printers::age_only()},
      {"apps", "v1", "Deployment", "deployments", k_status | k_generation, {"deploy"}, all, deployment(),
       printers::deployments()},
      {"apps", "v1", "DaemonSet", "daemonsets", k_status | k_generation, {"ds"}, all, daemon_set(),
       printers::daemon_sets()},
      {"apps", "v1", "StatefulSet", "statefulsets", k_status | k_generation, {"sts"}, all, stateful_set(),
       printers::age_only()},
      {"apps", "v1", "ReplicaSet", "replicasets", k_status | k_generation, {"rs"}, all, open_kind({"spec", "status"}),
       printers::age_only()},
      {"batch", "v1", "Job", "jobs", k_status | k_generation, {}, all, job(), printers::age_only()},
      {"batch", "v1", "CronJob", "cronjobs", k_status | k_generation, {"cj"}, all, cron_job(), printers::age_only()},
  };
}

std::vector<Def> platform_defs() {
  using namespace schema;
  return {
      {"rbac.authorization.k8s.io", "v1", "Role", "roles", 0, {}, {}, role(), printers::roles()},
      {"rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", k_cluster, {}, {}, role(), printers::roles()},
      {"rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", 0, {}, {}, role_binding(), printers::role_bindings()},
      {"rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", k_cluster, {}, {},
       role_binding(), printers::role_bindings()},
      {"apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions",
       k_cluster | k_status | k_generation, {"crd", "crds"}, {"api-extensions"}, custom_resource_definition(),
       printers::crds()},
      {"node.k8s.io", "v1", "RuntimeClass", "runtimeclasses", k_cluster, {}, {}, runtime_class(),
       printers::runtime_classes()},
      {"networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", k_generation, {"netpol"}, {},
       open_kind({"spec"}), printers::age_only()},
      {"networking.k8s.io", "v1", "Ingress", "ingresses", k_status | k_generation, {"ing"}, {},
       open_kind({"spec", "status"}), printers::age_only()},
      {"storage.k8s.io", "v1", "StorageClass", "storageclasses", k_cluster, {"sc"}, {}, storage_class(),
       printers::age_only()},
      {"policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", k_status | k_generation, {"pdb"}, {},
       open_kind({"spec", "status"}), printers::age_only()},
      {"scheduling.k8s.io", "v1", "PriorityClass", "priorityclasses", k_cluster, {"pc"}, {}, open_top_level(),
       printers::age_only()},
      {"admissionregistration.k8s.io", "v1", "ValidatingWebhookConfiguration", "validatingwebhookconfigurations",
       k_cluster | k_generation, {}, {}, open_kind({"webhooks"}), printers::age_only()},
      {"admissionregistration.k8s.io", "v1", "MutatingWebhookConfiguration", "mutatingwebhookconfigurations",
       k_cluster | k_generation, {}, {}, open_kind({"webhooks"}), printers::age_only()},
      {"authorization.k8s.io", "v1", "SelfSubjectAccessReview", "selfsubjectaccessreviews", k_cluster | k_review, {},
       {}, open_kind({"spec", "status"}), {}},
      {"authorization.k8s.io", "v1", "SelfSubjectRulesReview", "selfsubjectrulesreviews", k_cluster | k_review, {}, {},
       open_kind({"spec", "status"}), {}},
      {"authentication.k8s.io", "v1", "SelfSubjectReview", "selfsubjectreviews", k_cluster | k_review, {}, {},
       open_kind({"status"}), {}},
  };
}

std::vector<Def> openshift_defs() {
  using namespace schema;
  const unsigned crd_like = k_status | k_generation;
  const std::vector<std::string> olm = {"olm"};
  return {
      {"config.openshift.io", "v1", "ClusterVersion", "clusterversions", k_cluster | crd_like, {}, {},
       open_kind({"spec", "status"}), printers::cluster_versions()},
      {"config.openshift.io", "v1", "Infrastructure", "infrastructures", k_cluster | crd_like, {}, {},
       open_kind({"spec", "status"}), printers::age_only()},
      {"config.openshift.io", "v1", "Ingress", "ingresses", k_cluster | crd_like, {}, {}, open_kind({"spec", "status"}),
       printers::age_only()},
      {"config.openshift.io", "v1", "DNS", "dnses", k_cluster | crd_like, {}, {}, open_kind({"spec", "status"}),
       printers::age_only()},
      {"config.openshift.io", "v1", "Network", "networks", k_cluster | crd_like, {}, {}, open_kind({"spec", "status"}),
       printers::age_only()},
      {"config.openshift.io", "v1", "ClusterOperator", "clusteroperators", k_cluster | crd_like, {"co"}, {},
       open_kind({"spec", "status"}), printers::age_only()},
      {"route.openshift.io", "v1", "Route", "routes", crd_like, {}, {}, route(),
       printers::routes()},
      {"machineconfiguration.openshift.io", "v1", "MachineConfig", "machineconfigs", k_cluster | k_generation, {"mc"},
       {}, machine_config(), printers::machine_configs()},
      {"machineconfiguration.openshift.io", "v1", "MachineConfigPool", "machineconfigpools", k_cluster | crd_like,
       {"mcp"}, {}, open_kind({"spec", "status"}), printers::machine_config_pools()},
      {"machineconfiguration.openshift.io", "v1", "KubeletConfig", "kubeletconfigs", k_cluster | crd_like, {}, {},
       open_kind({"spec", "status"}), printers::age_only()},
      {"security.openshift.io", "v1", "SecurityContextConstraints", "securitycontextconstraints",
       k_cluster | k_generation, {"scc"}, {}, security_context_constraints(), printers::security_context_constraints()},
      {"operators.coreos.com", "v1alpha1", "Subscription", "subscriptions", crd_like, {"sub", "subs"}, olm,
       subscription(), printers::subscriptions()},
      {"operators.coreos.com", "v1alpha1", "InstallPlan", "installplans", crd_like, {"ip"}, olm,
       install_plan(), printers::install_plans()},
      {"operators.coreos.com", "v1alpha1", "ClusterServiceVersion", "clusterserviceversions", crd_like,
       {"csv", "csvs"}, olm, plain_status(open_kind({"spec", "status"})), printers::cluster_service_versions()},
      {"operators.coreos.com", "v1alpha1", "CatalogSource", "catalogsources", crd_like, {"catsrc"}, olm,
       open_kind({"spec", "status"}), printers::catalog_sources()},
      {"operators.coreos.com", "v1", "OperatorGroup", "operatorgroups", crd_like, {"og"}, olm,
       operator_group(), printers::age_only()},
  };
}

}  // namespace

std::vector<ResourceType> builtin_types() {
  std::vector<ResourceType> out;
  for (auto defs : {core_defs(), platform_defs(), openshift_defs()}) {
    for (auto& def : defs) out.push_back(to_type(std::move(def)));
  }
  return out;
}

}  // namespace cococtl::sim
