#include "sim/http/openapi.hpp"

#include <cococtl/util/strings.hpp>

#include <fmt/format.h>

#include <functional>

namespace cococtl::sim {
namespace {

std::string gv_path(const ResourceType& t) { return t.group.empty() ? "api/v1" : "apis/" + t.group + "/" + t.version; }

// io.k8s.api.apps.v1.Deployment for Kubernetes groups, reversed domain for the others.
std::string definition_name(const ResourceType& t) {
  if (t.group.empty()) return "io.k8s.api.core." + t.version + "." + t.kind;
  if (t.group == "apiextensions.k8s.io") return "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions." + t.version + "." + t.kind;
  if (t.group.ends_with(".k8s.io") || t.group.find('.') == std::string::npos) {
    return "io.k8s.api." + t.group.substr(0, t.group.find('.')) + "." + t.version + "." + t.kind;
  }
  auto labels = util::split(t.group, '.');
  std::reverse(labels.begin(), labels.end());
  return util::join(labels, ".") + "." + t.version + "." + t.kind;
}

json query_param(const char* name, const char* type = "string") {
  return {{"name", name}, {"in", "query"}, {"schema", {{"type", type}, {"uniqueItems", true}}}};
}

json path_param(const char* name) {
  return {{"name", name}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}, {"uniqueItems", true}}}};
}

json gvk(const ResourceType& t) { return {{"group", t.group}, {"version", t.version}, {"kind", t.kind}}; }

json response(const std::string& ref) {
  return {{"200", {{"description", "OK"},
                   {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/" + ref}}}}}}}}},
          {"401", {{"description", "Unauthorized"}}}};
}

json operation(const ResourceType& t, const std::string& action, const std::string& verb_id, json parameters) {
  return {{"operationId", verb_id}, {"tags", {gv_path(t)}}, {"parameters", std::move(parameters)},
          {"responses", response(definition_name(t))}, {"x-kubernetes-action", action},
          {"x-kubernetes-group-version-kind", gvk(t)}};
}

json write_params() {
  return json::array({query_param("dryRun"), query_param("fieldManager"), query_param("fieldValidation")});
}

json item_path(const ResourceType& t, const std::string& op_suffix) {
  json patch_params = write_params();
  patch_params.push_back(query_param("force", "boolean"));
  json patch = operation(t, "patch", "patch" + op_suffix, patch_params);
  json body_schema = {{"schema", {{"type", "object"}}}};
  patch["requestBody"] = {{"content", {{"application/apply-patch+yaml", body_schema},
                                       {"application/json-patch+json", body_schema},
                                       {"application/merge-patch+json", body_schema},
                                       {"application/strategic-merge-patch+json", body_schema}}},
                          {"required", true}};
  json put = operation(t, "put", "replace" + op_suffix, write_params());
  put["requestBody"] = {{"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/" + definition_name(t)}}}}}}},
                        {"required", true}};
  json parameters = json::array({path_param("name"), query_param("pretty")});
  if (t.namespaced) parameters.push_back(path_param("namespace"));
  return {{"get", operation(t, "get", "read" + op_suffix, json::array())},
          {"put", put},
          {"patch", patch},
          {"delete", operation(t, "delete", "delete" + op_suffix, json::array({query_param("dryRun")}))},
          {"parameters", parameters}};
}

json collection_path(const ResourceType& t, const std::string& op_suffix) {
  json list_params = json::array({query_param("labelSelector"), query_param("fieldSelector"),
                                  query_param("limit", "integer"), query_param("continue"),
                                  query_param("resourceVersion"), query_param("watch", "boolean"),
                                  query_param("allowWatchBookmarks", "boolean"), query_param("timeoutSeconds", "integer")});
  json post = operation(t, "post", "create" + op_suffix, write_params());
  post["requestBody"] = {{"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/" + definition_name(t)}}}}}}},
                         {"required", true}};
  json out = {{"get", operation(t, "list", "list" + op_suffix, list_params)}, {"post", post}};
  if (t.namespaced) out["parameters"] = json::array({path_param("namespace")});
  return out;
}

std::string operation_suffix(const ResourceType& t) {
  std::string group = t.group.empty() ? "Core" : util::split(t.group, '.')[0];
  group[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(group[0])));
  std::string version = t.version;
  version[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(version[0])));
  return group + version + (t.namespaced ? "Namespaced" : "") + t.kind;
}

void add_type(json& doc, const ResourceType& t) {
  const std::string base = "/" + gv_path(t) + (t.namespaced ? "/namespaces/{namespace}/" : "/") + t.plural;
  const std::string suffix = operation_suffix(t);
  if (!t.stored) {
    json post = operation(t, "post", "create" + suffix, write_params());
    post["requestBody"] = {{"content", {{"application/json", {{"schema", {{"type", "object"}}}}}}}};
    doc["paths"][base] = {{"post", post}};
  } else {
    doc["paths"][base] = collection_path(t, suffix);
    doc["paths"][base + "/{name}"] = item_path(t, suffix);
    if (t.status_subresource) doc["paths"][base + "/{name}/status"] = item_path(t, suffix + "Status");
  }
  json schema = t.schema ? *t.schema : json{{"type", "object"}, {"x-kubernetes-preserve-unknown-fields", true}};
  schema["x-kubernetes-group-version-kind"] = json::array({gvk(t)});
  doc["components"]["schemas"][definition_name(t)] = schema;
}

}  // namespace

json openapi_index(const Registry& registry) {
  std::map<std::string, bool> seen;
  json paths = json::object();
  for (const auto& t : registry.all()) {
    const std::string path = gv_path(*t);
    if (seen[path]) continue;
    seen[path] = true;
    const auto doc = openapi_document(registry, path);
    const std::string hash = fmt::format("{:016X}", std::hash<std::string>{}(doc ? doc->dump() : ""));
    paths[path] = {{"serverRelativeURL", "/openapi/v3/" + path + "?hash=" + hash}};
  }
  return {{"paths", paths}};
}

std::optional<json> openapi_document(const Registry& registry, const std::string& group_version_path) {
  json doc = {{"openapi", "3.0.0"},
              {"info", {{"title", "Kubernetes"}, {"version", "v1.32.5"}}},
              {"paths", json::object()},
              {"components", {{"schemas", json::object()}}}};
  bool any = false;
  for (const auto& t : registry.all()) {
    if (gv_path(*t) != group_version_path) continue;
    add_type(doc, *t);
    any = true;
  }
  if (!any) return std::nullopt;
  return doc;
}

}  // namespace cococtl::sim
