// The table of wait rules by API group and kind, and the entry points of include/cococtl/kube/wait.hpp.
// The version is not part of the key: every served version of these kinds reports the same status.
#include "rules.hpp"

#include <array>

namespace cococtl::kube::wait {
namespace {

using detail::Rule;

struct Entry {
  std::string_view group;
  std::string_view kind;
  Rule rule;
  bool reports_deletion = false;  // the rule explains a deletion better than "being deleted"
};

constexpr std::array k_rules = {
    Entry{"", "Namespace", detail::core_namespace, true},
    Entry{"", "Pod", detail::core_pod},
    Entry{"", "PersistentVolumeClaim", detail::core_persistent_volume_claim},
    Entry{"", "Service", detail::core_service},
    Entry{"", "Secret", detail::present},
    Entry{"", "ConfigMap", detail::present},
    Entry{"", "ServiceAccount", detail::present},
    Entry{"rbac.authorization.k8s.io", "Role", detail::present},
    Entry{"rbac.authorization.k8s.io", "ClusterRole", detail::present},
    Entry{"rbac.authorization.k8s.io", "RoleBinding", detail::present},
    Entry{"rbac.authorization.k8s.io", "ClusterRoleBinding", detail::present},
    Entry{"apiextensions.k8s.io", "CustomResourceDefinition", detail::custom_resource_definition},
    Entry{"apps", "Deployment", detail::apps_deployment},
    Entry{"apps", "DaemonSet", detail::apps_daemon_set},
    Entry{"apps", "StatefulSet", detail::apps_stateful_set},
    Entry{"apps", "ReplicaSet", detail::apps_replica_set},
    Entry{"batch", "Job", detail::batch_job},
    Entry{"operators.coreos.com", "Subscription", detail::olm_subscription},
    Entry{"operators.coreos.com", "InstallPlan", detail::olm_install_plan},
    Entry{"operators.coreos.com", "ClusterServiceVersion", detail::olm_cluster_service_version},
    Entry{"operators.coreos.com", "OperatorGroup", detail::olm_operator_group},
    Entry{"machineconfiguration.openshift.io", "MachineConfigPool", detail::machine_config_pool},
    Entry{"route.openshift.io", "Route", detail::route},
    Entry{"kataconfiguration.openshift.io", "KataConfig", detail::kata_config},
    Entry{"confidentialcontainers.org", "KbsConfig", detail::kbs_config},
    Entry{"nfd.openshift.io", "NodeFeatureDiscovery", detail::node_feature_discovery},
    Entry{"nvidia.com", "ClusterPolicy", detail::nvidia_cluster_policy},
    Entry{"kyverno.io", "ClusterPolicy", detail::kyverno_policy},
    Entry{"kyverno.io", "Policy", detail::kyverno_policy},
    Entry{"policies.kyverno.io", "ValidatingPolicy", detail::kyverno_validating_policy},
    Entry{"policies.kyverno.io", "NamespacedValidatingPolicy", detail::kyverno_validating_policy},
    Entry{"deviceplugin.intel.com", "SgxDevicePlugin", detail::sgx_device_plugin},
    Entry{"hostpathprovisioner.kubevirt.io", "HostPathProvisioner", detail::host_path_provisioner},
    Entry{"lvm.topolvm.io", "LVMCluster", detail::lvm_cluster},
    Entry{"operator.open-cluster-management.io", "MultiClusterHub", detail::multi_cluster_hub},
    Entry{"cert-manager.io", "Certificate", detail::cert_manager_ready},
    Entry{"cert-manager.io", "Issuer", detail::cert_manager_ready},
    Entry{"cert-manager.io", "ClusterIssuer", detail::cert_manager_ready},
};

// "apps/v1" -> "apps"; "v1" (the core group) -> "".
std::string_view group_of(std::string_view api_version) {
  const auto slash = api_version.find('/');
  return slash == std::string_view::npos ? std::string_view{} : api_version.substr(0, slash);
}

const Entry* find_entry(std::string_view api_version, std::string_view kind) {
  const std::string_view group = group_of(api_version);
  for (const Entry& entry : k_rules) {
    if (entry.group == group && entry.kind == kind) return &entry;
  }
  return nullptr;
}

}  // namespace

State evaluate(const nlohmann::json& object, const Expectation& expect) {
  if (!object.is_object()) return detail::failed("not a Kubernetes object (a JSON object was expected)");
  const Entry* entry = find_entry(detail::text(object, {"apiVersion"}), detail::text(object, {"kind"}));
  const bool deleting = !detail::text(object, {"metadata", "deletionTimestamp"}).empty();
  if (entry != nullptr && entry->reports_deletion && deleting) return entry->rule(object, expect);
  if (auto common = detail::common_checks(object)) return *std::move(common);
  return entry != nullptr ? entry->rule(object, expect) : detail::generic(object, expect);
}

bool has_rule(std::string_view api_version, std::string_view kind) { return find_entry(api_version, kind) != nullptr; }

}  // namespace cococtl::kube::wait
