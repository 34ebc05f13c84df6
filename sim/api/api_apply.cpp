// Server-side apply (PATCH with application/apply-patch+yaml): checks the applied
// configuration, merges it with ownership tracking, reports conflicts as a 409 Status with
// FieldManagerConflict causes, and creates the object when it does not exist.
#include "sim/api/api.hpp"
#include "sim/ssa/managed_fields.hpp"
#include "sim/ssa/typed_ops.hpp"

#include <fmt/format.h>

#include <map>

namespace cococtl::sim {
namespace {

ApiError conflict_error(const ResourceType& type, const std::string& name, const std::vector<ApplyConflict>& conflicts) {
  json causes = json::array();
  for (const auto& c : conflicts) {
    causes.push_back({{"reason", "FieldManagerConflict"}, {"message", "conflict with " + c.manager},
                      {"field", path_to_string(c.path)}});
  }
  std::string message;
  if (conflicts.size() == 1) {
    message = fmt::format("Apply failed with 1 conflict: conflict with {}: {}", conflicts[0].manager,
                          path_to_string(conflicts[0].path));
  } else {
    std::map<std::string, std::vector<std::string>> by_manager;
    for (const auto& c : conflicts) by_manager[c.manager].push_back(path_to_string(c.path));
    std::string lines;
    for (const auto& [manager, paths] : by_manager) {
      lines += (lines.empty() ? "" : "\n") + fmt::format("conflicts with {}:", manager);
      for (const auto& p : paths) lines += "\n- " + p;
    }
    message = fmt::format("Apply failed with {} conflicts: {}", conflicts.size(), lines);
  }
  json details = {{"name", name}, {"kind", type.plural}, {"causes", causes}};
  if (!type.group.empty()) details["group"] = type.group;
  return ApiError{409, "Conflict", message, details};
}

ApiStatus check_config(const ResourceType& type, const std::string& ns, const std::string& name, const json& config) {
  SIM_TRY(check_metadata_shape(config));
  const std::string api_version = string_at(config, {"apiVersion"});
  const std::string kind = string_at(config, {"kind"});
  if (api_version != type.api_version() || kind != type.kind) {
    return bad_request(fmt::format("the API version in the data ({}) does not match the expected API version ({}) or "
                                   "the kind ({}) does not match the expected kind ({})",
                                   api_version, type.api_version(), kind, type.kind));
  }
  if (string_at(config, {"metadata", "name"}) != name) {
    return bad_request(fmt::format("the name of the object ({}) does not match the name on the URL ({})",
                                   string_at(config, {"metadata", "name"}), name));
  }
  const std::string config_ns = string_at(config, {"metadata", "namespace"});
  if (type.namespaced && !config_ns.empty() && config_ns != ns) {
    return bad_request("the namespace of the provided object does not match the namespace sent on the request");
  }
  const json* managed = find_path(config, {"metadata", "managedFields"});
  if (managed != nullptr && !managed->is_null()) return bad_request("metadata.managedFields must be nil");
  return Ok{};
}

json skeleton(const ResourceType& type, const std::string& ns, const std::string& name) {
  json object = {{"apiVersion", type.api_version()}, {"kind", type.kind}, {"metadata", {{"name", name}}}};
  if (type.namespaced) object["metadata"]["namespace"] = ns;
  return object;
}

}  // namespace

ApiResult<Outcome> Api::apply(const ResourceType& type, const std::string& ns, const std::string& name,
                              const std::string& subresource, json config, const WriteOptions& options) {
  if (options.manager.empty()) return bad_request("PATCH: fieldManager is required for apply requests");
  SIM_TRY(check_config(type, ns, name, config));
  const SchemaNode schema(type.schema.get());
  if (auto error = check_list_keys(config, schema)) {
    return invalid(type.group, type.kind, name, {{"FieldValueInvalid", *error, ""}});
  }
  if (type.namespaced) config["metadata"]["namespace"] = ns; else config["metadata"].erase("namespace");
  SIM_TRY_ASSIGN(auto warnings, validate(type, config, options.validation, true, true));
  const std::string wanted_rv = string_at(config, {"metadata", "resourceVersion"});
  config["metadata"].erase("resourceVersion");

  auto guard = m_store.lock();
  const auto stored = m_store.get(type.storage_key(), type.namespaced ? ns : "", name);
  if (!stored && subresource == "status") return not_found(type.group, type.plural, name);
  if (stored && !wanted_rv.empty() && wanted_rv != string_at(*stored, {"metadata", "resourceVersion"})) {
    return conflict(type.group, type.plural, name,
                    "the object has been modified; please apply your changes to the latest version and try again");
  }
  const json live = stored ? present(type, *stored) : skeleton(type, ns, name);
  ApplyRequest request{live, config, decode_managed_fields(live["metadata"].value("managedFields", json::array())),
                       options.manager, type.api_version(), subresource, options.force, type.status_subresource,
                       schema};
  ApplyResult result = apply_configuration(request);
  if (!result.conflicts.empty()) return conflict_error(type, name, result.conflicts);
  result.object["metadata"]["managedFields"] = encode_managed_fields(result.managers);

  ApiResult<Outcome> outcome = stored ? write_update(type, live, std::move(result.object), subresource, options, false)
                                      : insert_new(type, std::move(result.object), options, false);
  if (outcome.ok()) {
    auto& w = outcome.value().warnings;
    w.insert(w.begin(), warnings.begin(), warnings.end());
  }
  return outcome;
}

}  // namespace cococtl::sim
