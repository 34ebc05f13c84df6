#include "sim/schema/printers.hpp"

#include <fmt/format.h>

#include <string>

namespace cococtl::sim::printers {
namespace {

Column col(std::string name, std::function<json(const json&)> cell, std::string type = "string", int priority = 0) {
  Column c;
  c.name = std::move(name);
  c.type = std::move(type);
  c.priority = priority;
  c.cell = std::move(cell);
  return c;
}

Column age() {
  return col("Age", [](const json& o) -> json {
    const auto created = parse_time(string_at(o, {"metadata", "creationTimestamp"}));
    return created ? human_duration(sim_now() - *created) : "<unknown>";
  });
}

Column path_string(std::string name, std::initializer_list<std::string_view> path, std::string fallback = "") {
  std::vector<std::string> keys(path.begin(), path.end());
  return col(std::move(name), [keys, fallback](const json& o) -> json {
    const json* current = &o;
    for (const auto& key : keys) {
      if (!current->is_object() || !current->contains(key)) return fallback;
      current = &(*current)[key];
    }
    return current->is_string() ? current->get<std::string>() : (current->is_null() ? fallback : current->dump());
  });
}

Column path_int(std::string name, std::initializer_list<std::string_view> path) {
  std::vector<std::string> keys(path.begin(), path.end());
  return col(std::move(name), [keys](const json& o) -> json {
    const json* current = &o;
    for (const auto& key : keys) {
      if (!current->is_object() || !current->contains(key)) return 0;
      current = &(*current)[key];
    }
    return current->is_number() ? *current : json(0);
  }, "integer");
}

std::string condition_status(const json& o, std::string_view type) {
  const json* c = find_condition(o, type);
  return c == nullptr ? "" : c->value("status", "");
}

std::size_t size_of(const json& o, std::string_view key) {
  const auto it = o.find(key);
  return it != o.end() && it->is_object() ? it->size() : 0;
}

}  // namespace

std::vector<Column> age_only() { return {age()}; }

std::vector<Column> namespaces() { return {path_string("Status", {"status", "phase"}), age()}; }

std::vector<Column> config_maps() {
  return {col("Data", [](const json& o) -> json { return size_of(o, "data") + size_of(o, "binaryData"); }, "integer"),
          age()};
}

std::vector<Column> secrets() {
  return {path_string("Type", {"type"}),
          col("Data", [](const json& o) -> json { return size_of(o, "data"); }, "integer"), age()};
}

std::vector<Column> service_accounts() {
  return {col("Secrets", [](const json& o) -> json { return o.contains("secrets") ? o["secrets"].size() : 0; }, "integer"),
          age()};
}

std::vector<Column> services() {
  auto ports = [](const json& o) -> json {
    std::string out;
    const json* list = find_path(o, {"spec", "ports"});
    if (list == nullptr || !list->is_array() || list->empty()) return "<none>";
    for (const auto& p : *list) {
      if (!out.empty()) out += ",";
      out += fmt::format("{}/{}", p.value("port", 0), p.value("protocol", "TCP"));
    }
    return out;
  };
  return {path_string("Type", {"spec", "type"}, "ClusterIP"), path_string("Cluster-IP", {"spec", "clusterIP"}, "<none>"),
          col("External-IP", [](const json&) -> json { return "<none>"; }), col("Port(s)", ports), age()};
}

std::vector<Column> pods() {
  auto ready = [](const json& o) -> json {
    const json* spec_containers = find_path(o, {"spec", "containers"});
    const std::size_t total = spec_containers != nullptr ? spec_containers->size() : 0;
    return fmt::format("{}/{}", condition_status(o, "Ready") == "True" ? total : 0, total);
  };
  return {col("Ready", ready), path_string("Status", {"status", "phase"}, "Pending"),
          col("Restarts", [](const json&) -> json { return 0; }, "integer"), age()};
}

std::vector<Column> nodes() {
  auto status = [](const json& o) -> json { return condition_status(o, "Ready") == "True" ? "Ready" : "NotReady"; };
  auto roles = [](const json& o) -> json {
    std::string out;
    const json* labels = find_path(o, {"metadata", "labels"});
    if (labels == nullptr) return "<none>";
    for (const auto& [key, value] : labels->items()) {
      const std::string prefix = "node-role.kubernetes.io/";
      if (key.rfind(prefix, 0) != 0) continue;
      if (!out.empty()) out += ",";
      out += key.substr(prefix.size());
    }
    return out.empty() ? "<none>" : out;
  };
  return {col("Status", status), col("Roles", roles), age(),
          path_string("Version", {"status", "nodeInfo", "kubeletVersion"})};
}

std::vector<Column> deployments() {
  auto ready = [](const json& o) -> json {
    return fmt::format("{}/{}", int_at(o, {"status", "readyReplicas"}), int_at(o, {"spec", "replicas"}, 1));
  };
  return {col("Ready", ready), path_int("Up-to-date", {"status", "updatedReplicas"}),
          path_int("Available", {"status", "availableReplicas"}), age()};
}

std::vector<Column> daemon_sets() {
  return {path_int("Desired", {"status", "desiredNumberScheduled"}),
          path_int("Current", {"status", "currentNumberScheduled"}), path_int("Ready", {"status", "numberReady"}),
          path_int("Up-to-date", {"status", "updatedNumberScheduled"}),
          path_int("Available", {"status", "numberAvailable"}), age()};
}

std::vector<Column> runtime_classes() { return {path_string("Handler", {"handler"}), age()}; }

std::vector<Column> crds() {
  return {path_string("Created At", {"metadata", "creationTimestamp"})};
}

std::vector<Column> cluster_versions() {
  return {path_string("Version", {"status", "desired", "version"}),
          col("Available", [](const json& o) -> json { return condition_status(o, "Available"); }),
          col("Progressing", [](const json& o) -> json { return condition_status(o, "Progressing"); }), age(),
          col("Status", [](const json& o) -> json {
            const json* c = find_condition(o, "Progressing");
            return c == nullptr ? "" : c->value("message", "");
          })};
}

std::vector<Column> machine_config_pools() {
  auto cond = [](const char* type) { return [type](const json& o) -> json { return condition_status(o, type); }; };
  return {path_string("Config", {"status", "configuration", "name"}), col("Updated", cond("Updated")),
          col("Updating", cond("Updating")), col("Degraded", cond("Degraded")),
          path_int("MachineCount", {"status", "machineCount"}),
          path_int("ReadyMachineCount", {"status", "readyMachineCount"}),
          path_int("UpdatedMachineCount", {"status", "updatedMachineCount"}), age()};
}

std::vector<Column> subscriptions() {
  return {path_string("Package", {"spec", "name"}), path_string("Source", {"spec", "source"}),
          path_string("Channel", {"spec", "channel"})};
}

std::vector<Column> install_plans() {
  auto csv = [](const json& o) -> json {
    const json* names = find_path(o, {"spec", "clusterServiceVersionNames"});
    return names != nullptr && names->is_array() && !names->empty() ? (*names)[0] : json("");
  };
  return {col("CSV", csv), path_string("Approval", {"spec", "approval"}),
          col("Approved", [](const json& o) -> json { return bool_at(o, {"spec", "approved"}); }, "boolean")};
}

std::vector<Column> cluster_service_versions() {
  return {path_string("Display", {"spec", "displayName"}), path_string("Version", {"spec", "version"}),
          path_string("Replaces", {"spec", "replaces"}), path_string("Phase", {"status", "phase"})};
}

std::vector<Column> catalog_sources() {
  return {path_string("Display", {"spec", "displayName"}), path_string("Type", {"spec", "sourceType"}),
          path_string("Publisher", {"spec", "publisher"}), age()};
}

std::vector<Column> routes() {
  return {path_string("Host/Port", {"spec", "host"}), path_string("Path", {"spec", "path"}),
          path_string("Services", {"spec", "to", "name"}), age()};
}

// CRD-style columns (JSONPath, as the real CRDs declare them): arrays print as JSON.
namespace {

Column json_path(std::string name, std::string path, std::string type = "string") {
  Column c;
  c.name = std::move(name);
  c.type = std::move(type);
  c.json_path = std::move(path);
  return c;
}

}  // namespace

std::vector<Column> security_context_constraints() {
  return {json_path("Priv", ".allowPrivilegedContainer"), json_path("Caps", ".allowedCapabilities"),
          json_path("SELinux", ".seLinuxContext.type"),     json_path("RunAsUser", ".runAsUser.type"),
          json_path("FSGroup", ".fsGroup.type"),            json_path("SupGroup", ".supplementalGroups.type"),
          json_path("Priority", ".priority"),               json_path("ReadOnlyRootFS", ".readOnlyRootFilesystem"),
          json_path("Volumes", ".volumes")};
}

std::vector<Column> machine_configs() {
  return {json_path("GeneratedByController",
                    ".metadata.annotations.machineconfiguration\\.openshift\\.io/generated-by-controller-version"),
          json_path("IgnitionVersion", ".spec.config.ignition.version"),
          json_path("Age", ".metadata.creationTimestamp", "date")};
}

// Roles print their creation time as a timestamp ("CREATED AT"), bindings their role and age.
std::vector<Column> roles() { return {path_string("Created At", {"metadata", "creationTimestamp"})}; }

std::vector<Column> role_bindings() {
  auto role = [](const json& o) -> json {
    return string_at(o, {"roleRef", "kind"}) + "/" + string_at(o, {"roleRef", "name"});
  };
  auto subjects = [](const char* kind) {
    return [kind](const json& o) -> json {
      std::string out;
      for (const auto& s : o.value("subjects", json::array())) {
        if (s.value("kind", "") != kind) continue;
        if (!out.empty()) out += ", ";
        out += std::string(kind) == "ServiceAccount" ? s.value("namespace", "") + "/" + s.value("name", "")
                                                    : s.value("name", "");
      }
      return out;
    };
  };
  return {col("Role", role), age(), col("Users", subjects("User"), "string", 1),
          col("Groups", subjects("Group"), "string", 1),
          col("ServiceAccounts", subjects("ServiceAccount"), "string", 1)};
}

}  // namespace cococtl::sim::printers
