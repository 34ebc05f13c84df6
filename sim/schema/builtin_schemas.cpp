#include "sim/schema/builtin_schemas.hpp"

#include "sim/schema/schema_builder.hpp"

namespace cococtl::sim::schema {
namespace {

json label_selector() {
  const json requirement = object({{"key", string_type()}, {"operator", string_type()},
                                   {"values", list_atomic(string_type())}});
  return atomic_object(object({{"matchLabels", map_of(string_type())},
                               {"matchExpressions", list_atomic(requirement)}}));
}

// A list-map key with a default: items that omit it still match by the defaulted key.
json tcp_default() {
  json s = string_type();
  s["default"] = "TCP";
  return s;
}

// SecurityContext, PodSecurityContext, ResourceRequirements and Probe field by field (core/v1),
// so a misspelt field in them is an unknown field as on a real server.
json profile_ref() { return object({{"type", string_type()}, {"localhostProfile", string_type()}}, {"type"}); }

json se_linux_options() {
  return object({{"user", string_type()}, {"role", string_type()}, {"type", string_type()}, {"level", string_type()}});
}

json windows_options() {
  return object({{"gmsaCredentialSpecName", string_type()}, {"gmsaCredentialSpec", string_type()},
                 {"runAsUserName", string_type()}, {"hostProcess", boolean_type()}});
}

json container_security_context() {
  return object({{"capabilities", object({{"add", list_atomic(string_type())}, {"drop", list_atomic(string_type())}})},
                 {"privileged", boolean_type()}, {"seLinuxOptions", se_linux_options()},
                 {"windowsOptions", windows_options()}, {"runAsUser", integer_type()}, {"runAsGroup", integer_type()},
                 {"runAsNonRoot", boolean_type()}, {"readOnlyRootFilesystem", boolean_type()},
                 {"allowPrivilegeEscalation", boolean_type()}, {"procMount", string_type()},
                 {"seccompProfile", profile_ref()}, {"appArmorProfile", profile_ref()}});
}

json pod_security_context() {
  const json sysctl = object({{"name", string_type()}, {"value", string_type()}}, {"name", "value"});
  return object({{"seLinuxOptions", se_linux_options()}, {"windowsOptions", windows_options()},
                 {"runAsUser", integer_type()}, {"runAsGroup", integer_type()}, {"runAsNonRoot", boolean_type()},
                 {"supplementalGroups", list_atomic(integer_type())}, {"supplementalGroupsPolicy", string_type()},
                 {"fsGroup", integer_type()}, {"sysctls", list_atomic(sysctl)}, {"fsGroupChangePolicy", string_type()},
                 {"seccompProfile", profile_ref()}, {"appArmorProfile", profile_ref()},
                 {"seLinuxChangePolicy", string_type()}});
}

json resources() {
  const json claim = object({{"name", string_type()}, {"request", string_type()}}, {"name"});
  return object({{"limits", map_of(int_or_string())}, {"requests", map_of(int_or_string())},
                 {"claims", list_map({"name"}, claim)}});
}

json probe() {
  const json header = object({{"name", string_type()}, {"value", string_type()}}, {"name", "value"});
  return object({{"exec", object({{"command", list_atomic(string_type())}})},
                 {"httpGet", object({{"path", string_type()}, {"port", int_or_string()}, {"host", string_type()},
                                     {"scheme", string_type()}, {"httpHeaders", list_atomic(header)}},
                                    {"port"})},
                 {"tcpSocket", object({{"port", int_or_string()}, {"host", string_type()}}, {"port"})},
                 {"grpc", object({{"port", integer_type()}, {"service", string_type()}}, {"port"})},
                 {"initialDelaySeconds", integer_type()}, {"timeoutSeconds", integer_type()},
                 {"periodSeconds", integer_type()}, {"successThreshold", integer_type()},
                 {"failureThreshold", integer_type()}, {"terminationGracePeriodSeconds", integer_type()}});
}

json container() {
  const json env = object({{"name", string_type()}, {"value", string_type()}, {"valueFrom", open_object()}}, {"name"});
  const json port = object({{"name", string_type()}, {"containerPort", integer_type()}, {"protocol", tcp_default()},
                            {"hostPort", integer_type()}, {"hostIP", string_type()}}, {"containerPort"});
  const json mount = object({{"name", string_type()}, {"mountPath", string_type()}, {"subPath", string_type()},
                             {"readOnly", boolean_type()}, {"mountPropagation", string_type()},
                             {"subPathExpr", string_type()}, {"recursiveReadOnly", string_type()}}, {"name", "mountPath"});
  return object({{"name", string_type()}, {"image", string_type()}, {"imagePullPolicy", string_type()},
                 {"command", list_atomic(string_type())}, {"args", list_atomic(string_type())},
                 {"workingDir", string_type()}, {"env", list_map({"name"}, env)},
                 {"envFrom", list_atomic(open_object())}, {"ports", list_map({"containerPort", "protocol"}, port)},
                 {"volumeMounts", list_map({"mountPath"}, mount)}, {"volumeDevices", list_atomic(open_object())},
                 {"resources", resources()}, {"resizePolicy", list_atomic(open_object())},
                 {"restartPolicy", string_type()}, {"livenessProbe", probe()},
                 {"readinessProbe", probe()}, {"startupProbe", probe()}, {"lifecycle", open_object()},
                 {"terminationMessagePath", string_type()}, {"terminationMessagePolicy", string_type()},
                 {"securityContext", container_security_context()}, {"stdin", boolean_type()},
                 {"stdinOnce", boolean_type()},
                 {"tty", boolean_type()}},
                {"name"});
}

json pod_spec() {
  const json named = open_object({{"name", string_type()}});
  return object({{"containers", list_map({"name"}, container())}, {"initContainers", list_map({"name"}, container())},
                 {"ephemeralContainers", list_map({"name"}, open_object())}, {"volumes", list_map({"name"}, named)},
                 {"restartPolicy", string_type()}, {"terminationGracePeriodSeconds", integer_type()},
                 {"activeDeadlineSeconds", integer_type()}, {"dnsPolicy", string_type()},
                 {"nodeSelector", atomic_object(map_of(string_type()))}, {"serviceAccountName", string_type()},
                 {"serviceAccount", string_type()}, {"automountServiceAccountToken", boolean_type()},
                 {"nodeName", string_type()}, {"hostNetwork", boolean_type()}, {"hostPID", boolean_type()},
                 {"hostIPC", boolean_type()}, {"shareProcessNamespace", boolean_type()},
                 {"securityContext", pod_security_context()}, {"imagePullSecrets", list_map({"name"}, named)},
                 {"hostname", string_type()}, {"subdomain", string_type()}, {"affinity", open_object()},
                 {"schedulerName", string_type()}, {"tolerations", list_atomic(open_object())},
                 {"hostAliases", list_atomic(open_object())}, {"priorityClassName", string_type()},
                 {"priority", integer_type()}, {"dnsConfig", open_object()}, {"readinessGates", list_atomic(open_object())},
                 {"runtimeClassName", string_type()}, {"enableServiceLinks", boolean_type()},
                 {"preemptionPolicy", string_type()}, {"overhead", map_of(int_or_string())},
                 {"topologySpreadConstraints", list_atomic(open_object())}, {"setHostnameAsFQDN", boolean_type()},
                 {"os", open_object()}, {"hostUsers", boolean_type()}, {"schedulingGates", list_atomic(open_object())},
                 {"resourceClaims", list_atomic(open_object())}, {"resources", open_object()}});
}

json pod_template() { return object({{"metadata", object_meta()}, {"spec", pod_spec()}}); }

}  // namespace

json config_map() {
  return kind_schema({{"data", map_of(string_type())}, {"binaryData", map_of(string_type())},
                      {"immutable", boolean_type()}});
}

json secret() {
  return kind_schema({{"data", map_of(string_type())}, {"stringData", map_of(string_type())},
                      {"type", string_type()}, {"immutable", boolean_type()}});
}

json namespace_kind() {
  return kind_schema({{"spec", object({{"finalizers", list_atomic(string_type())}})}, {"status", open_object()}});
}

json service_account() {
  const json named = open_object({{"name", string_type()}});
  return kind_schema({{"secrets", list_map({"name"}, named)}, {"imagePullSecrets", list_atomic(named)},
                      {"automountServiceAccountToken", boolean_type()}});
}

json service() {
  const json port = object({{"name", string_type()}, {"protocol", tcp_default()}, {"appProtocol", string_type()},
                            {"port", integer_type()}, {"targetPort", int_or_string()}, {"nodePort", integer_type()}},
                           {"port"});
  // Every ServiceSpec field (core/v1), so that a misspelt one is an unknown field.
  json spec = object({{"ports", list_map({"port", "protocol"}, port)},
                      {"selector", atomic_object(map_of(string_type()))}, {"type", string_type()},
                      {"clusterIP", string_type()}, {"clusterIPs", list_atomic(string_type())},
                      {"externalIPs", list_atomic(string_type())}, {"sessionAffinity", string_type()},
                      {"loadBalancerIP", string_type()}, {"loadBalancerSourceRanges", list_atomic(string_type())},
                      {"externalName", string_type()}, {"externalTrafficPolicy", string_type()},
                      {"healthCheckNodePort", integer_type()}, {"publishNotReadyAddresses", boolean_type()},
                      {"sessionAffinityConfig", open_object()}, {"ipFamilies", list_atomic(string_type())},
                      {"ipFamilyPolicy", string_type()}, {"allocateLoadBalancerNodePorts", boolean_type()},
                      {"loadBalancerClass", string_type()}, {"internalTrafficPolicy", string_type()},
                      {"trafficDistribution", string_type()}});
  return kind_schema({{"spec", spec}, {"status", open_object()}});
}

json pod() { return kind_schema({{"spec", pod_spec()}, {"status", status_with_conditions()}}); }

json deployment() {
  json spec = object({{"replicas", integer_type()}, {"selector", label_selector()}, {"template", pod_template()},
                      {"strategy", open_object()}, {"minReadySeconds", integer_type()},
                      {"revisionHistoryLimit", integer_type()}, {"paused", boolean_type()},
                      {"progressDeadlineSeconds", integer_type()}},
                     {"selector", "template"});
  return kind_schema({{"spec", spec}, {"status", status_with_conditions()}});
}

json daemon_set() {
  json spec = object({{"selector", label_selector()}, {"template", pod_template()}, {"updateStrategy", open_object()},
                      {"minReadySeconds", integer_type()}, {"revisionHistoryLimit", integer_type()}},
                     {"selector", "template"});
  return kind_schema({{"spec", spec}, {"status", status_with_conditions()}});
}

json stateful_set() {
  json spec = open_object({{"replicas", integer_type()}, {"selector", label_selector()}, {"template", pod_template()},
                           {"serviceName", string_type()}});
  return kind_schema({{"spec", spec}, {"status", status_with_conditions()}});
}

json job() {
  json spec = open_object({{"template", pod_template()}, {"backoffLimit", integer_type()},
                           {"selector", label_selector()}});
  return kind_schema({{"spec", spec}, {"status", status_with_conditions()}});
}

json cron_job() {
  json job_template = object({{"metadata", object_meta()}, {"spec", open_object({{"template", pod_template()}})}});
  json spec = open_object({{"schedule", string_type()}, {"jobTemplate", job_template}});
  return kind_schema({{"spec", spec}, {"status", open_object()}});
}

json runtime_class() {
  return kind_schema({{"handler", string_type()}, {"overhead", open_object()}, {"scheduling", open_object()}});
}

json role() {
  const json rule = open_object({{"verbs", list_atomic(string_type())}});
  return kind_schema({{"rules", list_atomic(rule)}, {"aggregationRule", open_object()}});
}

json role_binding() {
  return kind_schema({{"subjects", list_atomic(open_object())}, {"roleRef", atomic_object(open_object())}});
}

json custom_resource_definition() {
  const json version = open_object({{"name", string_type()}, {"served", boolean_type()}, {"storage", boolean_type()}});
  json spec = open_object({{"group", string_type()}, {"names", open_object()}, {"scope", string_type()},
                           {"versions", list_map({"name"}, version)}});
  return kind_schema({{"spec", spec}, {"status", status_with_conditions()}});
}

json open_kind(const std::vector<std::string>& fields) {
  Properties properties;
  for (const auto& field : fields) {
    properties.emplace_back(field, field == "status" ? status_with_conditions() : any_value());
  }
  return kind_schema(properties);
}

}  // namespace cococtl::sim::schema
