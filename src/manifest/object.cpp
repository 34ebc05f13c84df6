#include <cococtl/manifest/object.hpp>
#include <cococtl/util/strings.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <tuple>

namespace cococtl::manifest {
namespace {

std::string string_field(const nlohmann::json& body, const nlohmann::json::json_pointer& pointer) {
  if (!body.contains(pointer)) return "";
  const auto& value = body.at(pointer);
  return value.is_string() ? value.get<std::string>() : "";
}

int kind_rank(const std::string& kind) {
  static const std::vector<std::string> k_order{
      "Namespace",     "CustomResourceDefinition", "ServiceAccount", "SecurityContextConstraints", "ClusterRole",
      "ClusterRoleBinding", "Role",                "RoleBinding",    "Secret",                     "ConfigMap",
      "OperatorGroup", "CatalogSource",            "Subscription",   "StorageClass",               "MachineConfig",
      "Service",       "Deployment",               "DaemonSet",      "Route"};
  const auto it = std::find(k_order.begin(), k_order.end(), kind);
  return it == k_order.end() ? static_cast<int>(k_order.size()) : static_cast<int>(it - k_order.begin());
}

}  // namespace

std::string Object::api_version() const { return string_field(body, "/apiVersion"_json_pointer); }
std::string Object::kind() const { return string_field(body, "/kind"_json_pointer); }
std::string Object::name() const { return string_field(body, "/metadata/name"_json_pointer); }
std::string Object::namespace_name() const { return string_field(body, "/metadata/namespace"_json_pointer); }

std::string Object::group() const {
  const std::string version = api_version();
  const auto slash = version.find('/');
  return slash == std::string::npos ? "" : version.substr(0, slash);
}

std::string Object::display() const {
  const std::string ns = namespace_name();
  const std::string k = kind().empty() ? "object" : kind();
  return ns.empty() ? fmt::format("{} {}", k, name()) : fmt::format("{} {}/{}", k, ns, name());
}

bool is_cluster_scoped_kind(const std::string& kind) {
  static const std::set<std::string> k_cluster_scoped{
      "Namespace", "CustomResourceDefinition", "ClusterRole", "ClusterRoleBinding", "SecurityContextConstraints",
      "MachineConfig", "MachineConfigPool", "KataConfig", "RuntimeClass", "StorageClass", "Node",
      "PersistentVolume", "ClusterPolicy", "NodeFeatureRule", "HostPathProvisioner", "ClusterVersion",
      "Infrastructure", "Ingress.config", "ValidatingPolicy", "SgxDevicePlugin", "ManagedCluster",
      "ClusterSecretStore", "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration", "APIService"};
  return k_cluster_scoped.count(kind) > 0;
}

util::Result<void> check_object(const Object& object) {
  const auto fail = [&](const std::string& what) {
    return util::invalid_input(fmt::format("{}: {}: {}", object.source, object.display(), what));
  };
  if (!object.body.is_object()) return util::invalid_input(fmt::format("{}: a document is not a map", object.source));
  if (object.api_version().empty()) return fail("apiVersion is missing");
  if (object.kind().empty()) return fail("kind is missing");
  const std::string name = object.name();
  if (name.empty()) return fail("metadata.name is missing");
  if (!util::is_dns_subdomain(name)) return fail(fmt::format("metadata.name \"{}\" is not a valid name", name));
  const bool cluster_scoped = is_cluster_scoped_kind(object.kind());
  if (!cluster_scoped && object.namespace_name().empty()) return fail("metadata.namespace is missing");
  if (cluster_scoped && !object.namespace_name().empty()) return fail("a cluster-scoped kind must not set metadata.namespace");
  return {};
}

void sort_for_apply(std::vector<Object>& objects) {
  std::stable_sort(objects.begin(), objects.end(), [](const Object& a, const Object& b) {
    return std::make_tuple(a.wave, kind_rank(a.kind()), a.kind(), a.namespace_name(), a.name()) <
           std::make_tuple(b.wave, kind_rank(b.kind()), b.kind(), b.namespace_name(), b.name());
  });
}

}  // namespace cococtl::manifest
