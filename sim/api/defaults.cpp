#include "sim/api/defaults.hpp"

#include "sim/api/validation.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace cococtl::sim {
namespace {

std::string base64(std::string_view bytes) {
  static const char* k_alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    unsigned n = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    if (i + 2 < bytes.size()) n |= static_cast<unsigned char>(bytes[i + 2]);
    out += k_alphabet[(n >> 18) & 63];
    out += k_alphabet[(n >> 12) & 63];
    out += i + 1 < bytes.size() ? k_alphabet[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? k_alphabet[n & 63] : '=';
  }
  return out;
}

void set_default(json& object, const char* key, const json& value) {
  if (!object.contains(key) || object[key].is_null()) object[key] = value;
}

void default_ports(json& ports) {
  if (!ports.is_array()) return;
  for (auto& port : ports) {
    if (port.is_object()) set_default(port, "protocol", "TCP");
  }
}

void default_container(json& container) {
  if (!container.is_object()) return;
  const std::string image = container.value("image", "");
  const auto slash = image.rfind('/');
  const bool tagged = image.find('@') != std::string::npos ||
                      image.find(':', slash == std::string::npos ? 0 : slash) != std::string::npos;
  const bool latest = !tagged || image.ends_with(":latest");
  set_default(container, "imagePullPolicy", latest ? "Always" : "IfNotPresent");
  set_default(container, "terminationMessagePath", "/dev/termination-log");
  set_default(container, "terminationMessagePolicy", "File");
  set_default(container, "resources", json::object());
  if (container.contains("ports")) default_ports(container["ports"]);
}

void default_pod_spec(json& spec) {
  if (!spec.is_object()) return;
  set_default(spec, "restartPolicy", "Always");
  set_default(spec, "terminationGracePeriodSeconds", 30);
  set_default(spec, "dnsPolicy", "ClusterFirst");
  set_default(spec, "securityContext", json::object());
  set_default(spec, "schedulerName", "default-scheduler");
  for (const char* list : {"containers", "initContainers"}) {
    if (spec.contains(list) && spec[list].is_array()) {
      for (auto& c : spec[list]) default_container(c);
    }
  }
}

void default_workload(json& object, bool deployment) {
  json& spec = object_member(object, "spec");
  if (deployment) {
    set_default(spec, "replicas", 1);
    set_default(spec, "strategy", {{"type", "RollingUpdate"},
                                   {"rollingUpdate", {{"maxSurge", "25%"}, {"maxUnavailable", "25%"}}}});
    set_default(spec, "progressDeadlineSeconds", 600);
  } else {
    set_default(spec, "updateStrategy", {{"type", "RollingUpdate"},
                                         {"rollingUpdate", {{"maxSurge", 0}, {"maxUnavailable", 1}}}});
  }
  set_default(spec, "revisionHistoryLimit", 10);
  if (spec.contains("template")) default_pod_spec(object_member(spec["template"], "spec"));
}

void default_service(json& object, const json& old, unsigned long long seed_value) {
  json& spec = object_member(object, "spec");
  set_default(spec, "type", "ClusterIP");
  set_default(spec, "sessionAffinity", "None");
  set_default(spec, "internalTrafficPolicy", "Cluster");
  set_default(spec, "ipFamilies", json::array({"IPv4"}));
  set_default(spec, "ipFamilyPolicy", "SingleStack");
  if (spec.contains("ports") && spec["ports"].is_array()) {
    for (auto& port : spec["ports"]) {
      if (!port.is_object()) continue;
      set_default(port, "protocol", "TCP");
      if (port.contains("port")) set_default(port, "targetPort", port["port"]);
    }
  }
  const json* old_ip = old.is_null() ? nullptr : find_path(old, {"spec", "clusterIP"});
  if (spec.value("clusterIP", "") != "None") {
    const std::string ip = old_ip != nullptr && old_ip->is_string()
                               ? old_ip->get<std::string>()
                               : fmt::format("172.30.{}.{}", (seed_value >> 8) % 254 + 1, seed_value % 254 + 1);
    spec["clusterIP"] = ip;
    spec["clusterIPs"] = json::array({ip});
  }
}

void default_secret(json& object) {
  set_default(object, "type", "Opaque");
  if (!object.contains("stringData")) return;
  if (object["stringData"].is_object()) {
    json& data = object_member(object, "data");
    for (const auto& [key, value] : object["stringData"].items()) {
      data[key] = base64(value.is_string() ? value.get<std::string>() : value.dump());
    }
  }
  object.erase("stringData");
}

// ValidateSecretUpdate / ValidateConfigMapUpdate (pkg/apis/core/validation): a Secret's type
// never changes, and an object marked `immutable: true` keeps its data and its mark.
void add_immutability_causes(const std::string& kind, const json& object, const json& old,
                             std::vector<StatusCause>& causes) {
  if (kind == "Secret" && string_at(object, {"type"}) != string_at(old, {"type"})) {
    causes.push_back({"FieldValueInvalid",
                      fmt::format("Invalid value: \"{}\": field is immutable", string_at(object, {"type"})), "type"});
  }
  if (!old.value("immutable", false)) return;
  if (!object.value("immutable", false)) {
    causes.push_back({"FieldValueForbidden", "Forbidden: field is immutable when `immutable` is set", "immutable"});
  }
  for (const char* field : {"data", "binaryData"}) {
    if (object.value(field, json::object()) != old.value(field, json::object())) {
      causes.push_back({"FieldValueForbidden", "Forbidden: field is immutable when `immutable` is set", field});
    }
  }
}

}  // namespace

void apply_defaults(const ResourceType& type, json& object, const json& old, unsigned long long seed_value) {
  const std::string gk = type.group + "/" + type.kind;
  if (gk == "/Namespace") {
    if (old.is_null()) {
      object_member(object, "spec")["finalizers"] = json::array({"kubernetes"});
      object_member(object, "status")["phase"] = "Active";
    }
    auto& labels = object_member(object_member(object, "metadata"), "labels");
    labels["kubernetes.io/metadata.name"] = string_at(object, {"metadata", "name"});
  } else if (gk == "apps/Deployment" || gk == "apps/DaemonSet") {
    default_workload(object, gk == "apps/Deployment");
  } else if (gk == "/Service") {
    default_service(object, old, seed_value);
  } else if (gk == "/Secret") {
    default_secret(object);
  } else if (gk == "/Pod") {
    default_pod_spec(object_member(object, "spec"));
  }
}

std::vector<StatusCause> admission_causes(const ResourceType& type, const json& object, const json& old) {
  std::vector<StatusCause> causes;
  const std::string name = string_at(object, {"metadata", "name"});
  const bool label_named = type.group.empty() && (type.kind == "Namespace" || type.kind == "Service");
  // Core workload groups validate DNS names; RBAC and custom resources only path segments.
  static const std::vector<std::string> k_dns_groups = {"", "apps", "batch", "node.k8s.io", "networking.k8s.io",
                                                        "storage.k8s.io", "policy", "apiextensions.k8s.io"};
  const bool dns_named = std::find(k_dns_groups.begin(), k_dns_groups.end(), type.group) != k_dns_groups.end();
  const bool path_segment_ok = !name.empty() && name != "." && name != ".." &&
                               name.find_first_of("/%") == std::string::npos;
  if (!dns_named && !path_segment_ok) {
    causes.push_back({"FieldValueInvalid",
                      fmt::format("Invalid value: \"{}\": may not contain '/' or '%'", name),
                      "metadata.name"});
  } else if (dns_named && (label_named ? !is_dns_label(name) : !is_dns_subdomain(name))) {
    const char* rule = label_named ? "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or "
                                     "'-', and must start and end with an alphanumeric character"
                                   : "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
                                     "characters, '-' or '.', and must start and end with an alphanumeric character";
    causes.push_back({"FieldValueInvalid", fmt::format("Invalid value: \"{}\": {}", name, rule),
                      "metadata.name"});
  }
  if (type.kind == "CustomResourceDefinition" && type.group == "apiextensions.k8s.io") {
    const std::string expected = string_at(object, {"spec", "names", "plural"}) + "." + string_at(object, {"spec", "group"});
    if (name != expected) {
      causes.push_back({"FieldValueInvalid",
                        fmt::format("Invalid value: \"{}\": must be spec.names.plural+\".\"+spec.group",
                                    name),
                        "metadata.name"});
    }
  }
  if (!old.is_null() && type.group.empty() && (type.kind == "Secret" || type.kind == "ConfigMap")) {
    add_immutability_causes(type.kind, object, old, causes);
  }
  const json* old_selector = old.is_null() ? nullptr : find_path(old, {"spec", "selector"});
  const json* new_selector = find_path(object, {"spec", "selector"});
  if (type.kind == "Deployment" && old_selector != nullptr && new_selector != nullptr &&
      *old_selector != *new_selector) {
    causes.push_back({"FieldValueInvalid", "Invalid value: field is immutable", "spec.selector"});
  }
  return causes;
}

}  // namespace cococtl::sim
