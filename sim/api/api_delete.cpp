// DELETE as kube-apiserver's generic registry does it (staging/src/k8s.io/apiserver/pkg/registry/
// generic/registry/store.go Delete, finalizeDelete; endpoints/handlers/delete.go):
// preconditions; an object without finalizers is removed at once and the answer is a Status
// naming it (the object itself for the kinds whose registry returns deleted objects: Pods,
// ServiceAccounts, StorageClasses, SCCs); an object with finalizers gets deletionTimestamp and is
// answered as it now is, 200 (202 only for an explicit orphanDependents=false); Foreground adds
// the foregroundDeletion finalizer, Orphan releases the dependents; a namespace is always
// finalized by the namespace controller. dryRun=All answers the same without changing anything.
#include "sim/api/api.hpp"

#include <fmt/format.h>

#include <set>

namespace cococtl::sim {
namespace {

bool is_namespace(const ResourceType& type) { return type.group.empty() && type.kind == "Namespace"; }

bool returns_deleted_object(const ResourceType& type) {
  static const std::set<std::string> k_keys = {"/pods", "/serviceaccounts", "storage.k8s.io/storageclasses",
                                               "security.openshift.io/securitycontextconstraints"};
  return k_keys.count(type.storage_key()) != 0;
}

json deleted_status(const ResourceType& type, const json& object) {
  return {{"kind", "Status"},
          {"apiVersion", "v1"},
          {"metadata", json::object()},
          {"status", "Success"},
          {"details",
           {{"name", string_at(object, {"metadata", "name"})},
            {"group", type.group},
            {"kind", type.plural},
            {"uid", string_at(object, {"metadata", "uid"})}}}};
}

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
  const int pending_code = options.orphan_dependents_false ? 202 : 200;
  if (meta.contains("deletionTimestamp")) return Outcome{object, pending_code, {}};
  json finalizers = meta.value("finalizers", json::array());
  if (options.propagation == "Foreground") finalizers.push_back("foregroundDeletion");
  if (finalizers.empty() && !is_namespace(type)) {
    const json deleted = options.dry_run ? object : m_store.erase(type.storage_key(), object);
    if (!options.dry_run && options.propagation == "Orphan") orphan_dependents(m_store, meta.value("uid", ""));
    return Outcome{returns_deleted_object(type) ? deleted : deleted_status(type, deleted), 200, {}};
  }
  if (!finalizers.empty()) meta["finalizers"] = finalizers;
  meta["deletionTimestamp"] = now_time();
  meta["deletionGracePeriodSeconds"] = 0;
  if (type.has_generation) meta["generation"] = meta.value("generation", 1) + 1;
  if (is_namespace(type)) object_member(object, "status")["phase"] = "Terminating";
  if (options.dry_run) return Outcome{object, pending_code, {}};
  if (options.propagation == "Orphan") orphan_dependents(m_store, meta.value("uid", ""));
  return Outcome{m_store.put(type.storage_key(), object), pending_code, {}};
}

ApiResult<json> Api::remove_collection(const ResourceType& type, const std::string& ns, const ListOptions& selection,
                                       const DeleteOptions& options) {
  auto guard = m_store.lock();
  SIM_TRY_ASSIGN(json listed, list(type, ns, selection));
  for (const auto& item : listed["items"]) {
    SIM_TRY(remove(type, string_at(item, {"metadata", "namespace"}), string_at(item, {"metadata", "name"}), options));
  }
  return listed;  // the objects as they were listed, as DeleteCollection answers
}

}  // namespace cococtl::sim
