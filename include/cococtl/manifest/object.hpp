#pragma once
// A Kubernetes object as cococtl handles it: the JSON body plus the apply wave it belongs to.

#include <cococtl/util/result.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace cococtl::manifest {

struct Object {
  nlohmann::json body;
  int wave = 0;        // apply stage: lower waves are applied (and ready) before higher ones
  std::string source;  // where it came from: template path or file, for messages

  std::string api_version() const;
  std::string kind() const;
  std::string name() const;
  std::string namespace_name() const;  // "" for cluster-scoped objects
  std::string group() const;           // "" for the core group
  // "Kind namespace/name" or "Kind name", for messages.
  std::string display() const;
};

// True for kinds cococtl knows to be cluster-scoped (Namespace, CRD, ClusterRole, MachineConfig,
// KataConfig, RuntimeClass, SCC, ...). Unknown kinds are treated as namespaced.
bool is_cluster_scoped_kind(const std::string& kind);

// Checks that an object has apiVersion, kind, metadata.name (a valid DNS-1123 name) and, for
// namespaced kinds, metadata.namespace. Fails with invalid_input naming `object.source`.
util::Result<void> check_object(const Object& object);

// Sorts objects for apply: by wave, then kind (Namespaces, CRDs, RBAC, Secrets, ConfigMaps,
// OperatorGroups, Subscriptions first), then namespace and name. Stable and deterministic.
void sort_for_apply(std::vector<Object>& objects);

}  // namespace cococtl::manifest
