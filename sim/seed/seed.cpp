#include "sim/seed/seed.hpp"

#include <fmt/format.h>

namespace cococtl::sim {
namespace {

json meta(const std::string& name, const std::string& ns = "", json labels = nullptr) {
  json m = {{"name", name}};
  if (!ns.empty()) m["namespace"] = ns;
  if (!labels.is_null()) m["labels"] = std::move(labels);
  return m;
}

json obj(const std::string& api_version, const std::string& kind, json metadata, json rest = json::object()) {
  json o = {{"apiVersion", api_version}, {"kind", kind}, {"metadata", std::move(metadata)}};
  for (auto& [k, v] : rest.items()) o[k] = v;
  return o;
}

// The default SCCs of OpenShift 4.19/4.20 (the ones the pattern's pods and SCC bindings name).
std::vector<json> default_sccs() {
  const json volumes = {"configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim",
                        "projected", "secret"};
  auto scc = [](const std::string& name, json fields) {
    json base = {{"allowHostDirVolumePlugin", false}, {"allowHostIPC", false}, {"allowHostNetwork", false},
                 {"allowHostPID", false}, {"allowHostPorts", false}, {"allowPrivilegeEscalation", false},
                 {"allowPrivilegedContainer", false}, {"allowedCapabilities", nullptr},
                 {"defaultAddCapabilities", nullptr}, {"priority", nullptr}, {"readOnlyRootFilesystem", false},
                 {"requiredDropCapabilities", {"ALL"}}, {"fsGroup", {{"type", "MustRunAs"}}},
                 {"runAsUser", {{"type", "MustRunAsRange"}}}, {"seLinuxContext", {{"type", "MustRunAs"}}},
                 {"supplementalGroups", {{"type", "RunAsAny"}}}, {"seccompProfiles", {"runtime/default"}},
                 {"users", json::array()}, {"groups", json::array()}};
    base.update(fields);
    return obj("security.openshift.io/v1", "SecurityContextConstraints", meta(name), base);
  };
  const json any = {{"type", "RunAsAny"}};
  return {scc("restricted-v2", {{"allowedCapabilities", {"NET_BIND_SERVICE"}}, {"volumes", volumes}}),
          scc("nonroot-v2", {{"allowedCapabilities", {"NET_BIND_SERVICE"}}, {"fsGroup", any},
                             {"runAsUser", {{"type", "MustRunAsNonRoot"}}}, {"volumes", volumes}}),
          scc("anyuid", {{"priority", 10}, {"allowPrivilegeEscalation", true}, {"requiredDropCapabilities", {"MKNOD"}},
                         {"fsGroup", any}, {"runAsUser", any}, {"seccompProfiles", nullptr},
                         {"groups", {"system:cluster-admins"}}, {"volumes", volumes}}),
          scc("hostnetwork", {{"allowHostNetwork", true}, {"allowHostPorts", true}, {"allowPrivilegeEscalation", true},
                              {"requiredDropCapabilities", {"KILL", "MKNOD", "SETUID", "SETGID"}},
                              {"supplementalGroups", {{"type", "MustRunAs"}}}, {"seccompProfiles", nullptr},
                              {"volumes", volumes}}),
          scc("privileged", {{"allowHostDirVolumePlugin", true}, {"allowHostIPC", true}, {"allowHostNetwork", true},
                             {"allowHostPID", true}, {"allowHostPorts", true}, {"allowPrivilegeEscalation", true},
                             {"allowPrivilegedContainer", true}, {"allowedCapabilities", {"*"}},
                             {"allowedUnsafeSysctls", {"*"}}, {"requiredDropCapabilities", nullptr}, {"fsGroup", any},
                             {"runAsUser", any}, {"seLinuxContext", any}, {"seccompProfiles", {"*"}},
                             {"users", {"system:admin", "system:serviceaccount:openshift-infra:build-controller"}},
                             {"groups", {"system:cluster-admins", "system:nodes", "system:masters"}},
                             {"volumes", {"*"}}})};
}

std::vector<json> rbac_objects() {
  const json read = {"get", "list", "watch"};
  const json reviews = {{{"apiGroups", {"authorization.k8s.io"}},
                         {"resources", {"selfsubjectaccessreviews", "selfsubjectrulesreviews"}}, {"verbs", {"create"}}},
                        {{"apiGroups", {"authentication.k8s.io"}}, {"resources", {"selfsubjectreviews"}},
                         {"verbs", {"create"}}},
                        {{"apiGroups", {"user.openshift.io"}}, {"resources", {"users"}}, {"resourceNames", {"~"}},
                         {"verbs", {"get"}}}};
  const json discovery = {{{"nonResourceURLs", {"/api", "/api/*", "/apis", "/apis/*", "/openapi", "/openapi/*",
                                                "/version", "/version/", "/healthz", "/readyz", "/livez"}},
                           {"verbs", {"get"}}}};
  auto role = [](const std::string& name, json rules) {
    return obj("rbac.authorization.k8s.io/v1", "ClusterRole", meta(name), {{"rules", std::move(rules)}});
  };
  auto bind = [](const std::string& name, const std::string& role_name, const std::string& kind, const std::string& who) {
    return obj("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", meta(name),
               {{"roleRef", {{"apiGroup", "rbac.authorization.k8s.io"}, {"kind", "ClusterRole"}, {"name", role_name}}},
                {"subjects", {{{"apiGroup", "rbac.authorization.k8s.io"}, {"kind", kind}, {"name", who}}}}});
  };
  return {role("cluster-admin", {{{"apiGroups", {"*"}}, {"resources", {"*"}}, {"verbs", {"*"}}},
                                 {{"nonResourceURLs", {"*"}}, {"verbs", {"*"}}}}),
          role("cluster-reader", {{{"apiGroups", {"*"}}, {"resources", {"*"}}, {"verbs", read}}}),
          role("view", {{{"apiGroups", {"", "apps", "batch"}},
                         {"resources", {"configmaps", "pods", "services", "deployments", "daemonsets", "jobs"}},
                         {"verbs", read}}}),
          role("system:basic-user", reviews),
          role("system:discovery", discovery),
          bind("cluster-admins", "cluster-admin", "Group", "system:masters"),
          bind("sim-readonly-cluster-reader", "cluster-reader", "User", "sim-readonly"),
          bind("basic-users", "system:basic-user", "Group", "system:authenticated"),
          bind("system:discovery", "system:discovery", "Group", "system:authenticated")};
}

std::vector<json> config_objects(const Profile& p) {
  const std::string infra = p.cluster_name + "-x7k2p";
  const std::string api_url = fmt::format("https://api.{}.{}:6443", p.cluster_name, p.base_domain);
  const std::string topology = p.single_node ? "SingleReplica" : "HighlyAvailable";
  json platform_status = {{"type", p.platform}};
  if (p.platform == "Azure") {
    platform_status["azure"] = {{"resourceGroupName", infra + "-rg"}, {"networkResourceGroupName", infra + "-rg"},
                                {"cloudName", "AzurePublicCloud"}, {"armEndpoint", ""}};
  } else {
    platform_status["baremetal"] = {{"apiServerInternalIPs", {"192.168.10.5"}}, {"ingressIPs", {"192.168.10.6"}}};
  }
  json desired = {{"version", p.openshift_version},
                  {"image", "quay.io/openshift-release-dev/ocp-release@sha256:" + std::string(64, 'a')},
                  {"channels", {"stable-" + p.openshift_version.substr(0, 4)}}};
  return {
      obj("config.openshift.io/v1", "Infrastructure", meta("cluster"),
          {{"spec", {{"platformSpec", {{"type", p.platform}}}, {"cloudConfig", {{"name", ""}}}}},
           {"status", {{"infrastructureName", infra}, {"platform", p.platform}, {"platformStatus", platform_status},
                       {"apiServerURL", api_url},
                       {"apiServerInternalURI", fmt::format("https://api-int.{}.{}:6443", p.cluster_name, p.base_domain)},
                       {"controlPlaneTopology", topology}, {"infrastructureTopology", topology},
                       {"cpuPartitioning", "None"}, {"etcdDiscoveryDomain", ""}}}}),
      obj("config.openshift.io/v1", "ClusterVersion", meta("version"),
          {{"spec", {{"clusterID", "6f0e8b5c-1d2a-4c3b-9e8f-7a6b5c4d3e2f"}, {"channel", desired["channels"][0]}}},
           {"status", {{"desired", desired},
                       {"history", {{{"state", "Completed"}, {"version", p.openshift_version}, {"image", desired["image"]},
                                     {"startedTime", now_time()}, {"completionTime", now_time()}, {"verified", true}}}},
                       {"observedGeneration", 1}, {"versionHash", "kUb2Qg2Sr3A="},
                       {"conditions", {{{"type", "Available"}, {"status", "True"}, {"lastTransitionTime", now_time()},
                                        {"message", "Done applying " + p.openshift_version}},
                                       {{"type", "Progressing"}, {"status", "False"}, {"lastTransitionTime", now_time()},
                                        {"message", "Cluster version is " + p.openshift_version}},
                                       {{"type", "Failing"}, {"status", "False"}, {"lastTransitionTime", now_time()}}}}}}}),
      obj("config.openshift.io/v1", "Ingress", meta("cluster"),
          {{"spec", {{"domain", ingress_domain(p)}}}, {"status", {{"defaultPlacement", "Workers"}}}}),
      obj("config.openshift.io/v1", "DNS", meta("cluster"),
          {{"spec", {{"baseDomain", p.cluster_name + "." + p.base_domain}}}}),
      obj("config.openshift.io/v1", "Network", meta("cluster"),
          {{"spec", {{"clusterNetwork", {{{"cidr", "10.128.0.0/14"}, {"hostPrefix", 23}}}},
                     {"serviceNetwork", {"172.30.0.0/16"}}, {"networkType", "OVNKubernetes"}}}}),
  };
}

std::vector<json> namespaces(const Profile& p) {
  std::vector<std::string> names = {"default", "kube-system", "kube-public", "kube-node-lease", "openshift",
                                    "openshift-config", "openshift-config-managed", "openshift-marketplace",
                                    "openshift-operators", "openshift-operator-lifecycle-manager",
                                    "openshift-machine-config-operator", "openshift-ingress", "openshift-monitoring",
                                    "openshift-cluster-version", "coco-sim"};
  if (p.platform == "Azure") names.push_back("openshift-cloud-controller-manager");
  std::vector<json> out;
  for (const auto& name : names) out.push_back(obj("v1", "Namespace", meta(name)));
  return out;
}

std::vector<json> platform_objects(const Profile& p) {
  std::vector<json> out;
  out.push_back(obj("v1", "Secret", meta("pull-secret", "openshift-config"),
                    {{"type", "kubernetes.io/dockerconfigjson"},
                     {"stringData", {{".dockerconfigjson", R"({"auths":{"registry.redhat.io":{"auth":"c2ltOnNpbQ=="}}})"}}}}));
  for (const auto& [name, display, publisher] :
       {std::tuple{"redhat-operators", "Red Hat Operators", "Red Hat"},
        std::tuple{"certified-operators", "Certified Operators", "Red Hat"},
        std::tuple{"community-operators", "Community Operators", "Red Hat"},
        std::tuple{"redhat-marketplace", "Red Hat Marketplace", "Red Hat"}}) {
    out.push_back(obj("operators.coreos.com/v1alpha1", "CatalogSource", meta(name, "openshift-marketplace"),
                      {{"spec", {{"sourceType", "grpc"}, {"displayName", display}, {"publisher", publisher},
                                 {"image", fmt::format("registry.redhat.io/redhat/{}-index:v{}", name,
                                                       p.openshift_version.substr(0, 4))}}},
                       {"status", {{"connectionState", {{"lastObservedState", "READY"}, {"address", std::string(name) + ".openshift-marketplace.svc:50051"}}}}}}));
  }
  // Operator-level faults, empty until a test or --operator-fault names some (operator_faults.hpp).
  out.push_back(obj("v1", "ConfigMap", meta("faults", "coco-sim"), {{"data", json::object()}}));
  out.push_back(obj("operators.coreos.com/v1", "OperatorGroup", meta("global-operators", "openshift-operators"),
                    {{"spec", json::object()}}));
  for (auto& scc : default_sccs()) out.push_back(std::move(scc));
  if (p.platform == "Azure") {
    out.push_back(obj("v1", "ConfigMap", meta("cloud-conf", "openshift-cloud-controller-manager"),
                      {{"data", {{"cloud.conf", json{{"cloud", "AzurePublicCloud"}, {"tenantId", "00000000-0000-0000-0000-000000000001"},
                                                     {"subscriptionId", "00000000-0000-0000-0000-000000000002"},
                                                     {"resourceGroup", "coco-x7k2p-rg"}, {"location", "eastus"},
                                                     {"vnetName", "coco-x7k2p-vnet"}, {"vnetResourceGroup", "coco-x7k2p-rg"},
                                                     {"subnetName", "coco-x7k2p-worker-subnet"},
                                                     {"securityGroupName", "coco-x7k2p-nsg"}}.dump(2)}}}}));
    out.push_back(obj("v1", "Secret", meta("azure-cloud-credentials", "openshift-cloud-controller-manager"),
                      {{"stringData", {{"azure_client_id", "00000000-0000-0000-0000-000000000003"},
                                       {"azure_client_secret", "simulated-client-secret"},
                                       {"azure_tenant_id", "00000000-0000-0000-0000-000000000001"},
                                       {"azure_subscription_id", "00000000-0000-0000-0000-000000000002"},
                                       {"azure_region", "eastus"}, {"azure_resourcegroup", "coco-x7k2p-rg"}}}}));
    out.push_back(obj("storage.k8s.io/v1", "StorageClass",
                      meta("managed-csi", "", nullptr), {{"provisioner", "disk.csi.azure.com"},
                                                         {"reclaimPolicy", "Delete"},
                                                         {"volumeBindingMode", "WaitForFirstConsumer"}}));
    out.back()["metadata"]["annotations"] = {{"storageclass.kubernetes.io/is-default-class", "true"}};
  }
  return out;
}

std::vector<json> machine_config_objects(const Profile& p) {
  std::vector<json> out;
  for (const std::string role : {"master", "worker"}) {
    const json labels = {{"machineconfiguration.openshift.io/role", role}};
    out.push_back(obj("machineconfiguration.openshift.io/v1", "MachineConfig", meta("00-" + role, "", labels),
                      {{"spec", {{"config", {{"ignition", {{"version", "3.4.0"}}}}}}}}));
    out.back()["metadata"]["annotations"] = {
        {"machineconfiguration.openshift.io/generated-by-controller-version", "5c1f1c8d2e0a7b3f9d6e4a2c8b0f1e3d5a7c9b1e"}};
    out.push_back(obj("machineconfiguration.openshift.io/v1", "MachineConfigPool",
                      meta(role, "", {{"pools.operator.machineconfiguration.openshift.io/" + role, ""}}),
                      {{"spec", {{"machineConfigSelector", {{"matchLabels", labels}}},
                                 {"nodeSelector", {{"matchLabels", {{"node-role.kubernetes.io/" + role, ""}}}}},
                                 {"paused", false}}}}));
  }
  (void)p;
  return out;
}

}  // namespace

json node_object(const Profile& profile, const NodeSpec& node) {
  json labels = {{"kubernetes.io/hostname", node.name}, {"kubernetes.io/os", "linux"}, {"kubernetes.io/arch", "amd64"},
                 {"beta.kubernetes.io/os", "linux"}, {"beta.kubernetes.io/arch", "amd64"},
                 {"node.kubernetes.io/instance-type", node.instance_type},
                 {"node.openshift.io/os_id", "rhcos"}};
  for (const auto& role : node.roles) labels["node-role.kubernetes.io/" + role] = "";
  if (profile.platform == "Azure") {
    labels["topology.kubernetes.io/region"] = "eastus";
    labels["topology.kubernetes.io/zone"] = "eastus-1";
  }
  json capacity = {{"cpu", std::to_string(node.cpus)}, {"memory", std::to_string(node.memory_gi) + "Gi"},
                   {"pods", "250"}, {"ephemeral-storage", "125293548Ki"}};
  json status = {{"capacity", capacity}, {"allocatable", capacity},
                 {"conditions", {{{"type", "Ready"}, {"status", "True"}, {"reason", "KubeletReady"},
                                  {"message", "kubelet is posting ready status"}, {"lastTransitionTime", now_time()}}}},
                 {"nodeInfo", {{"kubeletVersion", profile.kubernetes_version}, {"osImage", "Red Hat Enterprise Linux CoreOS"},
                               {"kernelVersion", node.features["kernel.version"].value("full", "")},
                               {"containerRuntimeVersion", "cri-o://1.32.6"}, {"architecture", "amd64"},
                               {"operatingSystem", "linux"}}},
                 {"addresses", {{{"type", "Hostname"}, {"address", node.name}}}}};
  return obj("v1", "Node", meta(node.name, "", labels), {{"spec", json::object()}, {"status", status}});
}

util::Result<void> seed_cluster(Api& api, const Profile& profile) {
  std::vector<json> objects = namespaces(profile);
  for (auto group : {rbac_objects(), config_objects(profile), platform_objects(profile), machine_config_objects(profile)}) {
    objects.insert(objects.end(), group.begin(), group.end());
  }
  for (const auto& node : profile.nodes) objects.push_back(node_object(profile, node));
  WriteOptions options;
  options.manager = "cluster-bootstrap";
  options.keep_status = true;
  for (auto& object : objects) {
    const TypePtr type = api.registry().find_kind(object["apiVersion"], object["kind"]);
    if (!type) return util::failure(fmt::format("seed: no type for {} {}", object["apiVersion"].dump(), object["kind"].dump()));
    auto created = api.create(*type, string_at(object, {"metadata", "namespace"}), object, options);
    if (!created.ok()) {
      return util::failure(fmt::format("seed {} {}: {}", object["kind"].get<std::string>(), object_key(object),
                                       created.error().message));
    }
  }
  return {};
}

}  // namespace cococtl::sim
