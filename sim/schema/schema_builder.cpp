#include "sim/schema/schema_builder.hpp"

namespace cococtl::sim::schema {
namespace {

json properties_json(const Properties& properties) {
  json out = json::object();
  for (const auto& [name, value] : properties) out[name] = value;
  return out;
}

}  // namespace

json string_type() { return {{"type", "string"}}; }
json integer_type() { return {{"type", "integer"}, {"format", "int64"}}; }
json number_type() { return {{"type", "number"}}; }
json boolean_type() { return {{"type", "boolean"}}; }
json int_or_string() { return {{"x-kubernetes-int-or-string", true}}; }
json any_value() { return {{"x-kubernetes-preserve-unknown-fields", true}}; }

json open_object(const Properties& known) {
  json out = {{"type", "object"}, {"x-kubernetes-preserve-unknown-fields", true}};
  if (!known.empty()) out["properties"] = properties_json(known);
  return out;
}

json object(const Properties& properties, const std::vector<std::string>& required) {
  json out = {{"type", "object"}, {"properties", properties_json(properties)}};
  if (!required.empty()) out["required"] = required;
  return out;
}

json map_of(const json& value) { return {{"type", "object"}, {"additionalProperties", value}}; }

json atomic_object(const json& object_schema) {
  json out = object_schema;
  out["x-kubernetes-map-type"] = "atomic";
  return out;
}

// Built-in keyed lists also carry the strategic-merge markers kubectl's client-side apply reads.
json list_map(const std::vector<std::string>& keys, const json& item) {
  return {{"type", "array"}, {"items", item}, {"x-kubernetes-list-type", "map"}, {"x-kubernetes-list-map-keys", keys},
          {"x-kubernetes-patch-merge-key", keys.front()}, {"x-kubernetes-patch-strategy", "merge"}};
}

json list_set(const json& item) {
  return {{"type", "array"}, {"items", item}, {"x-kubernetes-list-type", "set"}, {"x-kubernetes-patch-strategy", "merge"}};
}

json list_atomic(const json& item) {
  return {{"type", "array"}, {"items", item}, {"x-kubernetes-list-type", "atomic"}};
}

json object_meta() {
  const json owner_reference = object({{"apiVersion", string_type()},
                                       {"kind", string_type()},
                                       {"name", string_type()},
                                       {"uid", string_type()},
                                       {"controller", boolean_type()},
                                       {"blockOwnerDeletion", boolean_type()}},
                                      {"apiVersion", "kind", "name", "uid"});
  return object({{"name", string_type()},
                 {"generateName", string_type()},
                 {"namespace", string_type()},
                 {"selfLink", string_type()},
                 {"uid", string_type()},
                 {"resourceVersion", string_type()},
                 {"generation", integer_type()},
                 {"creationTimestamp", string_type()},
                 {"deletionTimestamp", string_type()},
                 {"deletionGracePeriodSeconds", integer_type()},
                 {"labels", map_of(string_type())},
                 {"annotations", map_of(string_type())},
                 {"ownerReferences", list_map({"uid"}, owner_reference)},
                 {"finalizers", list_set(string_type())},
                 {"managedFields", list_atomic(open_object())}});
}

json kind_schema(const Properties& fields) {
  Properties all = {{"apiVersion", string_type()}, {"kind", string_type()}, {"metadata", object_meta()}};
  all.insert(all.end(), fields.begin(), fields.end());
  return object(all);
}

json status_with_conditions() {
  const json condition = open_object({{"type", string_type()}, {"status", string_type()}});
  return open_object({{"conditions", list_map({"type"}, condition)}});
}

}  // namespace cococtl::sim::schema
