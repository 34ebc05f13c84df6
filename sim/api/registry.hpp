#pragma once
// The set of served resource types: the built-in kinds plus those of Established CRDs.
// Thread-safe; discovery, OpenAPI and the router read it on every request.

#include "sim/api/resource_type.hpp"

#include <atomic>
#include <map>
#include <shared_mutex>
#include <string>
#include <vector>

namespace cococtl::sim {

class Registry {
 public:
  Registry();  // serves the built-in kinds

  // The type served at /apis/group/version/plural, or nullptr.
  TypePtr find(const std::string& group, const std::string& version, const std::string& plural) const;
  // The type of `kind` in `api_version` ("v1", "apps/v1"), or nullptr.
  TypePtr find_kind(const std::string& api_version, const std::string& kind) const;
  // The preferred version of group/plural, or nullptr.
  TypePtr find_resource(const std::string& group, const std::string& plural) const;
  // Every served type, groups and versions in discovery order.
  std::vector<TypePtr> all() const;

  // Serves `types` on behalf of CRD `crd_name` (replacing what it served before).
  void set_crd_types(const std::string& crd_name, std::vector<ResourceType> types);
  // Stops serving the types of CRD `crd_name`.
  void remove_crd_types(const std::string& crd_name);
  // Changes whenever the served set changes (discovery/OpenAPI hashes).
  unsigned long generation() const { return m_generation.load(); }

 private:
  void add_locked(TypePtr type);

  mutable std::shared_mutex m_mutex;
  std::vector<TypePtr> m_types;
  std::atomic<unsigned long> m_generation{1};
};

// The built-in kinds (core, apps, batch, rbac, apiextensions, node, OpenShift, OLM, reviews).
std::vector<ResourceType> builtin_types();

}  // namespace cococtl::sim
