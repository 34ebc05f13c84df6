// DELETE: preconditions, finalizers (deletionTimestamp first, removal once they are gone),
// namespaces (always finalized by the namespace controller), orphan/foreground propagation.
#include "sim/api/api.hpp"

#include <fmt/format.h>

namespace cococtl::sim {
namespace {

bool is_namespace(const ResourceType& type) { return type.group.empty() && type.kind == "Namespace"; }

// Orphan propagation: dependents lose their ownerReference to `uid` right away.
void orphan_dependents(Store& store, const std::string& uid) {
  for (const auto& bucket : store.buckets()) {
    for (auto object : store.list(bucket)) {
      json* refs = object["metadata"].contains("ownerReferences") ? &object["metadata"]["ownerReferences"] : nullptr;
      if (refs == nullptr || !refs->is_array()) continue;
      json kept = json::array();
      for (const auto& ref : *refs) {
        if (ref.value("uid", "") != uid) kept.push_back(ref);
      }
      if (kept.size() == refs->size()) continue;
      *refs = kept;
      if (refs->empty()) object["metadata"].erase("ownerReferences");
      store.put(bucket, object);
    }
  }
}

}  // namespace

ApiResult<Outcome> Api::remove(const ResourceType& type, const std::string& ns, const std::string& name,
                               const DeleteOptions& options) {
  auto guard = m_store.lock();
  SIM_TRY_ASSIGN(json object, get(type, ns, name));
  json& meta = object["metadata"];
  if (!options.precondition_uid.empty() && options.precondition_uid != meta.value("uid", "")) {
    return conflict(type.group, type.plural, name,
                    fmt::format("Precondition failed: UID in precondition: {}, UID in object meta: {}",
                                options.precondition_uid, meta.value("uid", "")));
  }
  if (!options.precondition_resource_version.empty() &&
      options.precondition_resource_version != meta.value("resourceVersion", "")) {
    return conflict(type.group, type.plural, name,
                    "the object has been modified; please apply your changes to the latest version and try again");
  }
  if (options.dry_run) return Outcome{object, 200, {}};
  if (options.propagation == "Orphan") orphan_dependents(m_store, meta.value("uid", ""));
  json finalizers = meta.value("finalizers", json::array());
  if (options.propagation == "Foreground" && !meta.contains("deletionTimestamp")) {
    finalizers.push_back("foregroundDeletion");
    meta["finalizers"] = finalizers;
  }
  if (finalizers.empty() && !is_namespace(type)) return Outcome{m_store.erase(type.storage_key(), object), 200, {}};
  if (meta.contains("deletionTimestamp")) return Outcome{object, 202, {}};
  meta["deletionTimestamp"] = now_time();
  meta["deletionGracePeriodSeconds"] = 0;
  if (type.has_generation) meta["generation"] = meta.value("generation", 1) + 1;
  if (is_namespace(type)) object_member(object, "status")["phase"] = "Terminating";
  return Outcome{m_store.put(type.storage_key(), object), is_namespace(type) ? 200 : 202, {}};
}

ApiResult<json> Api::remove_collection(const ResourceType& type, const std::string& ns, const ListOptions& selection,
                                       const DeleteOptions& options) {
  auto guard = m_store.lock();
  SIM_TRY_ASSIGN(json listed, list(type, ns, selection));
  json deleted = json::array();
  for (const auto& item : listed["items"]) {
    SIM_TRY_ASSIGN(Outcome outcome, remove(type, string_at(item, {"metadata", "namespace"}),
                                           string_at(item, {"metadata", "name"}), options));
    deleted.push_back(std::move(outcome.object));
  }
  listed["items"] = deleted;
  return listed;
}

}  // namespace cococtl::sim
