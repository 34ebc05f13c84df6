// Schemas of the OpenShift, OLM and storage kinds cococtl renders, field by field as their
// CRDs (or the openshift-apiserver types) declare them, so that strict field validation catches
// a misspelt field in a rendered Route, SCC, MachineConfig, StorageClass, Subscription or
// OperatorGroup the way a real cluster would. Nested parts nobody renders stay open.
#include "sim/schema/builtin_schemas.hpp"

#include "sim/schema/schema_builder.hpp"

namespace cococtl::sim::schema {
namespace {

json enum_of(std::initializer_list<const char*> values) {
  json s = string_type();
  s["enum"] = json::array();
  for (const char* v : values) s["enum"].push_back(v);
  return s;
}

json strings() { return list_atomic(string_type()); }

json route_target() { return object({{"kind", string_type()}, {"name", string_type()}, {"weight", integer_type()}}, {"kind", "name"}); }

}  // namespace

json route() {
  const json tls = object({{"termination", enum_of({"edge", "passthrough", "reencrypt"})},
                           {"certificate", string_type()}, {"key", string_type()}, {"caCertificate", string_type()},
                           {"destinationCACertificate", string_type()},
                           {"insecureEdgeTerminationPolicy", enum_of({"Allow", "None", "Redirect", ""})},
                           {"externalCertificate", object({{"name", string_type()}})}},
                          {"termination"});
  const json spec = object({{"host", string_type()}, {"subdomain", string_type()}, {"path", string_type()},
                            {"to", route_target()}, {"alternateBackends", list_atomic(route_target())},
                            {"port", object({{"targetPort", int_or_string()}}, {"targetPort"})}, {"tls", tls},
                            {"wildcardPolicy", enum_of({"None", "Subdomain", ""})}, {"httpHeaders", open_object()}},
                           {"to"});
  return kind_schema({{"spec", spec}, {"status", status_with_conditions()}});
}

// Required-but-nullable fields of the real CRD are not marked required here: OpenShift's SCC
// admission defaults them (to null) before validation, so manifests may omit them.
json security_context_constraints() {
  const json ranges = list_atomic(object({{"min", integer_type()}, {"max", integer_type()}}));
  const json strategy = object({{"type", string_type()}, {"ranges", ranges}});
  const json run_as_user = object({{"type", string_type()}, {"uid", integer_type()}, {"uidRangeMin", integer_type()},
                                   {"uidRangeMax", integer_type()}});
  const json se_linux = object({{"type", string_type()}, {"seLinuxOptions", open_object()}});
  Properties fields;
  for (const char* flag : {"allowHostDirVolumePlugin", "allowHostIPC", "allowHostNetwork", "allowHostPID",
                           "allowHostPorts", "allowPrivilegeEscalation", "allowPrivilegedContainer",
                           "defaultAllowPrivilegeEscalation", "readOnlyRootFilesystem"}) {
    fields.emplace_back(flag, boolean_type());
  }
  for (const char* list : {"allowedCapabilities", "allowedUnsafeSysctls", "defaultAddCapabilities", "forbiddenSysctls",
                           "groups", "requiredDropCapabilities", "seccompProfiles", "users", "volumes"}) {
    fields.emplace_back(list, strings());
  }
  fields.insert(fields.end(), {{"allowedFlexVolumes", list_atomic(object({{"driver", string_type()}}, {"driver"}))},
                               {"fsGroup", strategy}, {"supplementalGroups", strategy}, {"runAsUser", run_as_user},
                               {"seLinuxContext", se_linux}, {"priority", integer_type()},
                               {"userNamespaceLevel", string_type()}});
  return kind_schema(fields);
}

json machine_config() {
  const json spec = object({{"config", any_value()}, {"kernelArguments", strings()}, {"extensions", strings()},
                            {"fips", boolean_type()}, {"kernelType", string_type()}, {"osImageURL", string_type()},
                            {"baseOSExtensionsContainerImage", string_type()}});
  return kind_schema({{"spec", spec}});
}

json storage_class() {
  return kind_schema({{"provisioner", string_type()}, {"parameters", map_of(string_type())},
                      {"reclaimPolicy", string_type()}, {"mountOptions", strings()},
                      {"allowVolumeExpansion", boolean_type()}, {"volumeBindingMode", string_type()},
                      {"allowedTopologies", list_atomic(open_object())}});
}

json subscription() {
  const json spec = object({{"name", string_type()}, {"channel", string_type()}, {"source", string_type()},
                            {"sourceNamespace", string_type()}, {"startingCSV", string_type()},
                            {"installPlanApproval", string_type()}, {"config", open_object()}},
                           {"name", "source", "sourceNamespace"});
  return kind_schema({{"spec", spec}, {"status", status_with_conditions()}});
}

json operator_group() {
  const json spec = object({{"selector", open_object()}, {"targetNamespaces", list_set(string_type())},
                            {"serviceAccountName", string_type()}, {"staticProvidedAPIs", boolean_type()},
                            {"upgradeStrategy", object({{"name", string_type()}})}});
  return kind_schema({{"spec", spec}, {"status", status_with_conditions()}});
}

json install_plan() {
  const json spec = object({{"approval", string_type()}, {"approved", boolean_type()},
                            {"clusterServiceVersionNames", list_atomic(string_type())},
                            {"generation", integer_type()}, {"source", string_type()},
                            {"sourceNamespace", string_type()}},
                           {"approval", "approved", "clusterServiceVersionNames"});
  return kind_schema({{"spec", spec}, {"status", status_with_conditions()}});
}

}  // namespace cococtl::sim::schema
