// apiextensions: a CustomResourceDefinition becomes NamesAccepted and Established on the next
// tick, and its versions are served (discovery, OpenAPI, REST) from then on. Deleting a CRD
// deletes its custom resources, then the CRD, then stops serving it.
#include "sim/controllers/controller.hpp"
#include "sim/schema/schema_builder.hpp"

#include <set>

namespace cococtl::sim {
namespace {

constexpr const char* k_crd_api = "apiextensions.k8s.io/v1";
constexpr const char* k_cleanup_finalizer = "customresourcecleanup.apiextensions.k8s.io";
constexpr const char* k_manager = "kube-apiserver";

json custom_resource_schema(const json& version) {
  const json* found = find_path(version, {"schema", "openAPIV3Schema"});
  json s = found != nullptr && found->is_object() ? *found
                                                  : json{{"type", "object"}, {"x-kubernetes-preserve-unknown-fields", true}};
  s["type"] = "object";
  s["properties"]["apiVersion"] = schema::string_type();
  s["properties"]["kind"] = schema::string_type();
  s["properties"]["metadata"] = schema::object_meta();
  return s;
}

std::vector<Column> printer_columns(const json& version) {
  std::vector<Column> out;
  for (const auto& c : version.value("additionalPrinterColumns", json::array())) {
    Column column;
    column.name = c.value("name", "");
    column.type = c.value("type", "string");
    column.format = c.value("format", "");
    column.description = c.value("description", "");
    column.priority = c.value("priority", 0);
    column.json_path = c.value("jsonPath", "");
    out.push_back(std::move(column));
  }
  if (out.empty()) {
    Column age;
    age.name = "Age";
    age.type = "date";
    age.json_path = ".metadata.creationTimestamp";
    out.push_back(std::move(age));
  }
  return out;
}

std::vector<ResourceType> served_types(const json& crd) {
  const json& spec = crd["spec"];
  const json names = spec.value("names", json::object());
  std::vector<ResourceType> out;
  for (const auto& version : spec.value("versions", json::array())) {
    if (!version.value("served", false)) continue;
    ResourceType t;
    t.group = spec.value("group", "");
    t.version = version.value("name", "");
    t.kind = names.value("kind", "");
    t.plural = names.value("plural", "");
    t.singular = names.value("singular", "");
    t.namespaced = spec.value("scope", "Namespaced") == "Namespaced";
    t.short_names = names.value("shortNames", std::vector<std::string>{});
    t.categories = names.value("categories", std::vector<std::string>{});
    t.verbs = standard_verbs();
    t.status_subresource = find_path(version, {"subresources", "status"}) != nullptr;
    t.has_generation = true;
    t.schema = std::make_shared<const json>(custom_resource_schema(version));
    t.columns = printer_columns(version);
    out.push_back(std::move(t));
  }
  return out;
}

class CrdController : public Controller {
 public:
  const char* name() const override { return "crd"; }

  void reconcile(ControllerContext& ctx) override {
    std::set<std::string> present_names;
    for (auto& crd : ctx.list(k_crd_api, "CustomResourceDefinition")) {
      const std::string crd_name = string_at(crd, {"metadata", "name"});
      present_names.insert(crd_name);
      if (find_path(crd, {"metadata", "deletionTimestamp"}) != nullptr) {
        terminate(ctx, crd);
      } else {
        establish(ctx, crd);
      }
    }
    for (auto it = m_served.begin(); it != m_served.end();) {
      if (present_names.count(it->first) == 0) {
        ctx.api().registry().remove_crd_types(it->first);
        it = m_served.erase(it);
      } else {
        ++it;
      }
    }
  }

 private:
  void establish(ControllerContext& ctx, json& crd) {
    const std::string crd_name = string_at(crd, {"metadata", "name"});
    json finalizers = crd["metadata"].value("finalizers", json::array());
    if (std::find(finalizers.begin(), finalizers.end(), k_cleanup_finalizer) == finalizers.end()) {
      finalizers.push_back(k_cleanup_finalizer);
      crd["metadata"]["finalizers"] = finalizers;
      auto stored = ctx.update(crd, k_manager);
      if (!stored) return;
      crd = std::move(*stored);
    }
    const std::string generation = std::to_string(int_at(crd, {"metadata", "generation"}, 1));
    if (m_served[crd_name] != generation) {
      ctx.api().registry().set_crd_types(crd_name, served_types(crd));
      m_served[crd_name] = generation;
    }
    bool changed = set_condition(crd, "NamesAccepted", "True", "NoConflicts", "no conflicts found");
    changed = set_condition(crd, "Established", "True", "InitialNamesAccepted", "the initial names have been accepted") ||
              changed;
    json& status = object_member(crd, "status");
    if (status.value("acceptedNames", json::object()) != crd["spec"]["names"]) {
      status["acceptedNames"] = crd["spec"]["names"];
      changed = true;
    }
    json stored = json::array();
    for (const auto& v : crd["spec"].value("versions", json::array())) {
      if (v.value("storage", false)) stored.push_back(v.value("name", ""));
    }
    if (status.value("storedVersions", json::array()) != stored) {
      status["storedVersions"] = stored;
      changed = true;
    }
    if (changed) ctx.write_status(crd, k_manager);
  }

  void terminate(ControllerContext& ctx, json& crd) {
    if (set_condition(crd, "Terminating", "True", "InstanceDeletionInProgress", "CustomResource deletion is in progress")) {
      ctx.write_status(crd, k_manager);
      return;
    }
    const std::string bucket = crd["spec"].value("group", "") + "/" + string_at(crd, {"spec", "names", "plural"});
    const auto remaining = ctx.api().store().list(bucket);
    for (const auto& object : remaining) {
      if (find_path(object, {"metadata", "deletionTimestamp"}) != nullptr) continue;
      json typed = object;
      typed["apiVersion"] = crd["spec"].value("group", "") + "/" +
                            crd["spec"]["versions"][0].value("name", "");
      typed["kind"] = string_at(crd, {"spec", "names", "kind"});
      ctx.remove(typed);
    }
    if (!remaining.empty()) return;
    json finalizers = json::array();
    for (const auto& f : crd["metadata"].value("finalizers", json::array())) {
      if (f != k_cleanup_finalizer) finalizers.push_back(f);
    }
    crd["metadata"]["finalizers"] = finalizers;
    ctx.update(crd, k_manager);
  }

  std::map<std::string, std::string> m_served;  // CRD name -> generation being served
};

}  // namespace

std::unique_ptr<Controller> make_crd_controller() { return std::make_unique<CrdController>(); }

}  // namespace cococtl::sim
