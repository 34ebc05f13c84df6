#include "sim/ssa/managed_fields.hpp"

#include "sim/ssa/typed_ops.hpp"

#include <algorithm>

namespace cococtl::sim {
namespace {

std::string quoted(const std::string& text) { return json(text).dump(); }

std::string describe_manager(const ManagedEntry& entry) {
  std::string out = quoted(entry.manager);
  if (!entry.subresource.empty()) out += " with subresource " + quoted(entry.subresource);
  if (entry.operation == "Update") out += " using " + entry.api_version;
  return out;
}

void drop_empty(Managers& managers) {
  std::erase_if(managers, [](const ManagedEntry& e) { return e.fields.empty(); });
}

bool has_prefix(const FieldPath& path, const FieldPath& prefix) {
  return prefix.size() <= path.size() && std::equal(prefix.begin(), prefix.end(), path.begin());
}

// Removes fields the applier no longer specifies and nobody else owns. Parents come first, so
// a list item goes as a whole (its key fields are still there to find it by); a node that
// still holds someone's fields stays and only its unowned children go.
void prune(json& object, const FieldSet& last, const FieldSet& owned) {
  std::vector<FieldPath> removed;
  for (const auto& path : last.minus(owned).members()) {
    const bool inside_removed = std::any_of(removed.begin(), removed.end(),
                                            [&](const FieldPath& r) { return has_prefix(path, r); });
    if (inside_removed || owned.has_members_below(path)) continue;
    remove_path(object, path);
    removed.push_back(path);
  }
  // Go omits empty label/annotation maps; do not leave `labels: {}` behind.
  if (auto meta = object.find("metadata"); meta != object.end() && meta->is_object()) {
    for (const char* key : {"labels", "annotations", "finalizers", "ownerReferences"}) {
      const auto it = meta->find(key);
      if (it != meta->end() && it->empty()) meta->erase(it);
    }
  }
}

ManagedEntry* find_owner(Managers& managers, const ManagedEntry& who) {
  for (auto& entry : managers) {
    if (entry.same_owner(who)) return &entry;
  }
  return nullptr;
}

}  // namespace

Managers decode_managed_fields(const json& list) {
  Managers out;
  if (!list.is_array()) return out;
  for (const auto& item : list) {
    if (!item.is_object()) continue;
    out.push_back({item.value("manager", ""), item.value("operation", "Update"), item.value("apiVersion", ""),
                   item.value("time", ""), item.value("subresource", ""),
                   FieldSet::from_fields_v1(item.value("fieldsV1", json::object()))});
  }
  return out;
}

json encode_managed_fields(const Managers& managers) {
  Managers sorted = managers;
  std::stable_sort(sorted.begin(), sorted.end(), [](const ManagedEntry& a, const ManagedEntry& b) {
    if (a.operation != b.operation) return a.operation < b.operation;
    if (a.time != b.time) return a.time < b.time;
    return a.manager < b.manager;
  });
  json out = json::array();
  for (const auto& e : sorted) {
    json item = {{"manager", e.manager}, {"operation", e.operation}, {"apiVersion", e.api_version},
                 {"time", e.time},       {"fieldsType", "FieldsV1"}, {"fieldsV1", e.fields.to_fields_v1()}};
    if (!e.subresource.empty()) item["subresource"] = e.subresource;
    out.push_back(std::move(item));
  }
  return out;
}

json tracked_part(const json& object, bool status_subresource_type, const std::string& subresource) {
  if (!object.is_object()) return json::object();
  json out = object;
  out.erase("apiVersion");
  out.erase("kind");
  if (auto meta = out.find("metadata"); meta != out.end() && meta->is_object()) {
    for (const char* key : {"name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp",
                            "deletionTimestamp", "deletionGracePeriodSeconds", "managedFields", "selfLink"}) {
      meta->erase(key);
    }
    if (meta->empty()) out.erase("metadata");
  }
  if (status_subresource_type && subresource.empty()) out.erase("status");
  if (subresource == "status") {
    json status_only = json::object();
    if (out.contains("status")) status_only["status"] = out["status"];
    return status_only;
  }
  return out;
}

ApplyResult apply_configuration(const ApplyRequest& r) {
  ApplyResult result;
  result.managers = r.managers;
  const json config = tracked_part(r.config, r.status_subresource_type, r.subresource);
  json merged = merge_values(r.live, config, r.schema);
  const FieldSet applied = field_set_of(config, r.schema);

  const ManagedEntry self{r.manager, "Apply", r.api_version, now_time(), r.subresource, applied};
  const ManagedEntry* previous = find_owner(result.managers, self);
  const FieldSet last = previous != nullptr ? previous->fields : FieldSet{};
  FieldSet others;
  for (const auto& entry : result.managers) {
    if (!entry.same_owner(self)) others = others.united(entry.fields);
  }
  prune(merged, last, others.united(applied));

  const Comparison changes = compare_values(tracked_part(r.live, r.status_subresource_type, r.subresource),
                                            tracked_part(merged, r.status_subresource_type, r.subresource), r.schema);
  const FieldSet changed = changes.modified.united(changes.added);
  for (auto& entry : result.managers) {
    if (entry.same_owner(self)) continue;
    const FieldSet clash = entry.fields.intersected(changed);
    for (const auto& path : clash.members()) result.conflicts.push_back({describe_manager(entry), path});
    if (r.force) entry.fields = entry.fields.minus(clash);
  }
  if (!result.conflicts.empty() && !r.force) return result;
  if (r.force) result.conflicts.clear();

  const bool object_changed = !changed.empty() || !changes.removed.empty();
  if (ManagedEntry* mine = find_owner(result.managers, self)) {
    if (object_changed || !(mine->fields == applied) || mine->api_version != r.api_version) {
      mine->time = self.time;
    }
    mine->fields = applied;
    mine->api_version = r.api_version;
  } else {
    result.managers.push_back(self);
  }
  drop_empty(result.managers);
  result.object = std::move(merged);
  return result;
}

Managers record_update(const json& before, const json& after, Managers managers, const std::string& manager,
                       const std::string& api_version, const std::string& subresource,
                       bool status_subresource_type, const SchemaNode& schema) {
  const Comparison changes = compare_values(tracked_part(before, status_subresource_type, subresource),
                                            tracked_part(after, status_subresource_type, subresource), schema);
  const FieldSet changed = changes.modified.united(changes.added);
  if (changed.empty() && changes.removed.empty()) return managers;
  const ManagedEntry self{manager, "Update", api_version, now_time(), subresource, {}};
  for (auto& entry : managers) {
    if (!entry.same_owner(self)) entry.fields = entry.fields.minus(changed);
  }
  if (ManagedEntry* mine = find_owner(managers, self)) {
    mine->fields = mine->fields.minus(changes.removed).united(changed);
    mine->time = self.time;
    mine->api_version = api_version;
  } else {
    ManagedEntry entry = self;
    entry.fields = changed;
    managers.push_back(std::move(entry));
  }
  drop_empty(managers);
  return managers;
}

}  // namespace cococtl::sim
