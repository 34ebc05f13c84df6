// Create, update (PUT) and non-apply patches, and the write path every mutation shares:
// defaulting, validation, generation, managedFields of Update operations, finalizers, no-ops.
#include "sim/api/api.hpp"
#include "sim/api/defaults.hpp"
#include "sim/api/validation.hpp"
#include "sim/ssa/managed_fields.hpp"
#include "sim/ssa/typed_ops.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace cococtl::sim {
namespace {

SchemaNode schema_of(const ResourceType& type) { return SchemaNode(type.schema.get()); }

json content_without_metadata_and_status(json object) {
  object.erase("metadata");
  object.erase("status");
  object.erase("apiVersion");
  object.erase("kind");
  return object;
}

void carry_server_metadata(json& updated, const json& old) {
  json& meta = object_member(updated, "metadata");
  for (const char* key : {"uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation"}) {
    meta.erase(key);
    if (old["metadata"].contains(key)) meta[key] = old["metadata"][key];
  }
  meta["namespace"] = old["metadata"].value("namespace", "");
  if (meta["namespace"] == "") meta.erase("namespace");
  meta["resourceVersion"] = old["metadata"]["resourceVersion"];
}

bool added_finalizer(const json& old, const json& updated) {
  const json before = old["metadata"].value("finalizers", json::array());
  for (const auto& f : updated["metadata"].value("finalizers", json::array())) {
    if (std::find(before.begin(), before.end(), f) == before.end()) return true;
  }
  return false;
}

std::vector<std::string> entries_without_times(const json& managed) {
  std::vector<std::string> out;
  if (!managed.is_array()) return out;
  for (json entry : managed) {
    if (entry.is_object()) entry.erase("time");
    out.push_back(entry.dump());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// kube-apiserver's IgnoreManagedFieldsTimestampsTransformer: a write whose result equals the
// stored object once managedFields timestamps are set aside keeps the stored timestamps, so it
// is a no-op (same resourceVersion). The comparison runs after defaulting and normalisation
// (a Secret's stringData is already folded into data), as the API server compares its internal
// objects.
void keep_times_of_noop(json& updated, const json& old) {
  const json before = old["metadata"].value("managedFields", json::array());
  if (entries_without_times(before) !=
      entries_without_times(updated["metadata"].value("managedFields", json::array()))) {
    return;
  }
  json a = updated;
  json b = old;
  for (json* o : {&a, &b}) {
    (*o)["metadata"].erase("managedFields");
    (*o)["metadata"].erase("resourceVersion");
  }
  if (a != b) return;
  if (before.empty()) updated["metadata"].erase("managedFields"); else updated["metadata"]["managedFields"] = before;
}

}  // namespace

namespace {

ApiStatus check_body_kind(const ResourceType& type, const json& body) {
  const std::string kind = string_at(body, {"kind"});
  const std::string api_version = string_at(body, {"apiVersion"});
  if ((!kind.empty() && kind != type.kind) || (!api_version.empty() && api_version != type.api_version())) {
    return bad_request(fmt::format("the object provided is unrecognized ({}, Kind={}): expected {}, Kind={}", api_version,
                                   kind, type.api_version(), type.kind));
  }
  return Ok{};
}

}  // namespace

ApiStatus check_metadata_shape(const json& object) {
  if (!object.is_object()) return bad_request("the body of the request was in an unknown format");
  const auto meta = object.find("metadata");
  if (meta == object.end()) return Ok{};
  if (!meta->is_object()) return bad_request("metadata: cannot decode: expected an object");
  for (const char* key : {"name", "generateName", "namespace", "resourceVersion", "uid"}) {
    const auto it = meta->find(key);
    if (it != meta->end() && !it->is_string() && !it->is_null()) {
      return bad_request(fmt::format("metadata.{}: cannot decode {} into a string", key, it->type_name()));
    }
  }
  for (const char* key : {"labels", "annotations"}) {
    const auto it = meta->find(key);
    if (it == meta->end() || it->is_null()) continue;
    if (!it->is_object()) return bad_request(fmt::format("metadata.{}: cannot decode {} into a map", key, it->type_name()));
    for (const auto& [k, v] : it->items()) {
      if (!v.is_string()) return bad_request(fmt::format("metadata.{}.{}: cannot decode {} into a string", key, k, v.type_name()));
    }
  }
  return Ok{};
}

Api::Api(Store& store, Registry& registry, unsigned long long seed) : m_store(store), m_registry(registry), m_random(seed) {}

std::string Api::new_uid() {
  std::lock_guard lock(m_random_mutex);
  const auto a = m_random();
  const auto b = m_random();
  return fmt::format("{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}", a >> 32, (a >> 16) & 0xffff, a & 0xfff,
                     ((b >> 48) & 0x3fff) | 0x8000, b & 0xffffffffffffULL);
}

std::string Api::random_suffix(std::size_t length) {
  static const std::string k_chars = "bcdfghjklmnpqrstvwxz2456789";
  std::lock_guard lock(m_random_mutex);
  std::string out;
  for (std::size_t i = 0; i < length; ++i) out += k_chars[m_random() % k_chars.size()];
  return out;
}

ApiStatus Api::check_namespace_open(const ResourceType& type, const std::string& ns, const std::string& name) const {
  if (!type.namespaced) return Ok{};
  if (ns.empty()) return bad_request("the server could not find the requested resource: namespace is required");
  const auto namespace_object = m_store.get("/namespaces", "", ns);
  if (!namespace_object) return not_found("", "namespaces", ns);
  if (find_path(*namespace_object, {"metadata", "deletionTimestamp"}) != nullptr) {
    return forbidden(fmt::format("{} \"{}\" is forbidden: unable to create new content in namespace {} because it is "
                                 "being terminated",
                                 qualified_resource(type.group, type.plural), name, ns),
                     type.group, type.plural, name);
  }
  return Ok{};
}

ApiResult<std::vector<std::string>> Api::validate(const ResourceType& type, json& object, FieldValidation mode,
                                                  bool apply_style, bool partial) const {
  std::vector<std::string> warnings;
  std::vector<std::string> unknown;
  std::vector<StatusCause> causes;
  const std::string name = string_at(object, {"metadata", "name"});
  for (const auto& issue : check_schema(object, schema_of(type))) {
    // An applied configuration is partial: required fields are checked on the merged object.
    if (partial && issue.kind == SchemaIssue::Kind::required) continue;
    if (issue.kind == SchemaIssue::Kind::unknown_field) {
      unknown.push_back(apply_style ? issue.keyed_field : issue.field);
    } else {
      causes.push_back({issue.kind == SchemaIssue::Kind::required ? "FieldValueRequired" : "FieldValueInvalid",
                        issue.message, issue.field});
    }
  }
  if (!unknown.empty() && mode == FieldValidation::strict) {
    std::string text;
    for (const auto& field : unknown) {
      text += text.empty() ? "" : ", ";
      text += apply_style ? fmt::format(".{}: field not declared in schema", field)
                          : fmt::format("unknown field \"{}\"", field);
    }
    if (apply_style) {
      return bad_request(fmt::format("failed to create typed patch object ({}; {}, Kind={}): {}", object_key(object),
                                     type.api_version(), type.kind, text));
    }
    return bad_request(fmt::format("{} in version \"{}\" cannot be handled as a {}: strict decoding error: {}",
                                   type.kind, type.version, type.kind, text));
  }
  if (!unknown.empty()) {
    if (mode == FieldValidation::warn) {
      for (const auto& field : unknown) warnings.push_back(fmt::format("unknown field \"{}\"", field));
    }
    drop_unknown_fields(object, schema_of(type));
  }
  if (!causes.empty()) return invalid(type.group, type.kind, name, causes);
  return warnings;
}

ApiResult<Outcome> Api::create(const ResourceType& type, const std::string& ns, json body, const WriteOptions& options) {
  SIM_TRY(check_metadata_shape(body));
  SIM_TRY(check_body_kind(type, body));
  json& meta = object_member(body, "metadata");
  if (meta.value("name", "").empty() && !meta.value("generateName", "").empty()) {
    meta["name"] = meta["generateName"].get<std::string>() + random_suffix(5);
  }
  if (meta.value("name", "").empty()) {
    return invalid(type.group, type.kind, "", {{"FieldValueRequired", "Required value: name or generateName is required",
                                                "metadata.name"}});
  }
  if (type.namespaced && meta.contains("namespace") && meta["namespace"] != ns) {
    return bad_request("the namespace of the provided object does not match the namespace sent on the request");
  }
  if (type.namespaced) meta["namespace"] = ns;
  return insert_new(type, std::move(body), options, true);
}

ApiResult<Outcome> Api::insert_new(const ResourceType& type, json object, const WriteOptions& options,
                                   bool record_manager) {
  object = present(type, std::move(object));
  json& meta = object_member(object, "metadata");
  const std::string name = meta.value("name", "");
  const std::string ns = type.namespaced ? meta.value("namespace", "") : "";
  if (type.namespaced) meta["namespace"] = ns; else meta.erase("namespace");
  SIM_TRY_ASSIGN(auto warnings, validate(type, object, options.validation, !record_manager, false));
  auto guard = m_store.lock();
  if (m_store.get(type.storage_key(), ns, name)) return already_exists(type.group, type.plural, name);
  SIM_TRY(check_namespace_open(type, ns, name));
  meta.erase("resourceVersion");
  meta.erase("deletionTimestamp");
  meta["uid"] = new_uid();
  meta["creationTimestamp"] = now_time();
  if (type.has_generation) meta["generation"] = 1; else meta.erase("generation");
  if (type.status_subresource && !options.keep_status) object.erase("status");
  apply_defaults(type, object, nullptr, std::hash<std::string>{}(ns + "/" + name));
  for (const auto& admit : m_admission) SIM_TRY(admit(type, object));
  if (auto causes = admission_causes(type, object, nullptr); !causes.empty()) {
    return invalid(type.group, type.kind, name, causes);
  }
  // Mutating admission may have replaced the object's metadata: `meta` can dangle from here on.
  json& admitted = object_member(object, "metadata");
  if (record_manager) {
    const Managers managers = record_update(json::object(), object, {}, options.manager, type.api_version(), "",
                                            type.status_subresource, schema_of(type));
    admitted["managedFields"] = encode_managed_fields(managers);
  }
  if (admitted.contains("managedFields") && admitted["managedFields"].empty()) admitted.erase("managedFields");
  Outcome outcome{object, 201, warnings};
  if (!options.dry_run) outcome.object = m_store.put(type.storage_key(), object);
  return outcome;
}

ApiResult<Outcome> Api::update(const ResourceType& type, const std::string& ns, const std::string& name,
                               const std::string& subresource, json body, const WriteOptions& options) {
  SIM_TRY(check_metadata_shape(body));
  SIM_TRY(check_body_kind(type, body));
  if (string_at(body, {"metadata", "name"}) != name) {
    return bad_request(fmt::format("the name of the object ({}) does not match the name on the URL ({})",
                                   string_at(body, {"metadata", "name"}), name));
  }
  auto guard = m_store.lock();
  SIM_TRY_ASSIGN(const json old, get(type, ns, name));
  const std::string wanted_rv = string_at(body, {"metadata", "resourceVersion"});
  if (!wanted_rv.empty() && wanted_rv != string_at(old, {"metadata", "resourceVersion"})) {
    return conflict(type.group, type.plural, name,
                    "the object has been modified; please apply your changes to the latest version and try again");
  }
  return write_update(type, old, std::move(body), subresource, options, true);
}

ApiResult<Outcome> Api::patch(const ResourceType& type, const std::string& ns, const std::string& name,
                              const std::string& subresource, PatchType patch_type, const json& patch,
                              const WriteOptions& options) {
  if (patch_type == PatchType::apply) return apply(type, ns, name, subresource, patch, options);
  if (options.force) return bad_request("force: Invalid value: true: may not be specified for non-apply patch");
  auto guard = m_store.lock();
  SIM_TRY_ASSIGN(const json old, get(type, ns, name));
  json patched;
  try {
    if (patch_type == PatchType::json_patch) {
      patched = old.patch(patch);
    } else if (patch_type == PatchType::merge) {
      patched = old;
      patched.merge_patch(patch);
    } else {
      patched = strategic_merge(old, patch, schema_of(type));
    }
  } catch (const std::exception& e) {
    return invalid(type.group, type.kind, name, {{"FieldValueInvalid", e.what(), ""}});
  }
  SIM_TRY(check_metadata_shape(patched));
  const std::string wanted_rv = string_at(patched, {"metadata", "resourceVersion"});
  if (!wanted_rv.empty() && wanted_rv != string_at(old, {"metadata", "resourceVersion"})) {
    return conflict(type.group, type.plural, name,
                    "the object has been modified; please apply your changes to the latest version and try again");
  }
  return write_update(type, old, std::move(patched), subresource, options, true);
}

ApiResult<Outcome> Api::write_update(const ResourceType& type, const json& old, json updated,
                                     const std::string& subresource, const WriteOptions& options, bool record_manager) {
  if (subresource == "status") {
    json status = updated.value("status", json(nullptr));
    updated = old;
    if (status.is_null()) updated.erase("status"); else updated["status"] = std::move(status);
  } else if (type.status_subresource) {
    if (old.contains("status")) updated["status"] = old["status"]; else updated.erase("status");
  }
  updated = present(type, std::move(updated));
  carry_server_metadata(updated, old);
  json& meta = updated["metadata"];
  const bool no_managed_fields =
      !meta.contains("managedFields") || !meta["managedFields"].is_array() || meta["managedFields"].empty();
  if (record_manager && no_managed_fields) {
    meta["managedFields"] = old["metadata"].value("managedFields", json::array());
  }
  SIM_TRY_ASSIGN(auto warnings, validate(type, updated, options.validation, !record_manager, false));
  const std::string name = meta.value("name", "");
  apply_defaults(type, updated, old, std::hash<std::string>{}(object_key(old)));
  if (auto causes = admission_causes(type, updated, old); !causes.empty()) {
    return invalid(type.group, type.kind, name, causes);
  }
  if (meta.contains("deletionTimestamp") && added_finalizer(old, updated)) {
    return invalid(type.group, type.kind, name,
                   {{"FieldValueForbidden", "Forbidden: no new finalizers can be added if the object is being deleted",
                    "metadata.finalizers"}});
  }
  if (type.has_generation && content_without_metadata_and_status(old) != content_without_metadata_and_status(updated)) {
    meta["generation"] = old["metadata"].value("generation", 1) + 1;
  }
  if (record_manager) {
    const Managers managers = record_update(old, updated, decode_managed_fields(meta["managedFields"]),
                                            options.manager, type.api_version(), subresource, type.status_subresource,
                                            schema_of(type));
    meta["managedFields"] = encode_managed_fields(managers);
  }
  if (meta["managedFields"].empty()) meta.erase("managedFields");
  keep_times_of_noop(updated, old);
  if (updated == old) return Outcome{old, 200, warnings};
  if (options.dry_run) return Outcome{updated, 200, warnings};
  const bool finalized = meta.contains("deletionTimestamp") && meta.value("finalizers", json::array()).empty() &&
                         !(type.group.empty() && type.kind == "Namespace");
  if (finalized) return Outcome{m_store.erase(type.storage_key(), updated), 200, warnings};
  return Outcome{m_store.put(type.storage_key(), updated), 200, warnings};
}

}  // namespace cococtl::sim
