#pragma once
// The API server's semantics, independent of HTTP: CRUD, list with selectors and pagination,
// updates of the status subresource, server-side apply, deletion with finalizers, generation,
// validation and defaulting. The HTTP router and the simulated controllers both call it.

#include "sim/api/api_error.hpp"
#include "sim/api/registry.hpp"
#include "sim/api/store.hpp"

#include <chrono>
#include <functional>
#include <mutex>
#include <random>
#include <string>
#include <vector>

namespace cococtl::sim {

enum class FieldValidation { ignore, warn, strict };
enum class PatchType { json_patch, merge, strategic, apply };

struct WriteOptions {
  std::string manager;  // fieldManager; required for apply
  bool dry_run = false;
  bool force = false;
  FieldValidation validation = FieldValidation::warn;
  bool keep_status = false;  // internal writers (profile seeding) may create objects with status
};

struct Outcome {
  json object;
  int code = 200;  // 201 when created, 202 when a deletion waits for finalizers
  std::vector<std::string> warnings;
};

struct ListOptions {
  std::string label_selector;
  std::string field_selector;
  long limit = 0;
  std::string continue_token;
  // "" = the latest state; "0" = any state (the latest here); N = not older than N, or exactly N
  // with resource_version_match "Exact" (also when a limit is set and no match is given).
  std::string resource_version;
  std::string resource_version_match;  // "", "NotOlderThan" or "Exact"
};

struct DeleteOptions {
  std::string propagation;  // Orphan, Background (default), Foreground
  bool dry_run = false;
  std::string precondition_uid;
  std::string precondition_resource_version;
  bool orphan_dependents_false = false;  // the deprecated orphanDependents: false, which turns 200 into 202
};

// A mutating admission step on CREATE: may change the object or refuse it.
using Admission = std::function<ApiStatus(const ResourceType& type, json& object)>;

class Api {
 public:
  Api(Store& store, Registry& registry, unsigned long long seed);

  ApiResult<json> get(const ResourceType& type, const std::string& ns, const std::string& name) const;
  ApiResult<json> list(const ResourceType& type, const std::string& ns, const ListOptions& options) const;
  ApiResult<Outcome> create(const ResourceType& type, const std::string& ns, json body, const WriteOptions& options);
  ApiResult<Outcome> update(const ResourceType& type, const std::string& ns, const std::string& name,
                            const std::string& subresource, json body, const WriteOptions& options);
  ApiResult<Outcome> patch(const ResourceType& type, const std::string& ns, const std::string& name,
                           const std::string& subresource, PatchType patch_type, const json& patch,
                           const WriteOptions& options);
  ApiResult<Outcome> apply(const ResourceType& type, const std::string& ns, const std::string& name,
                           const std::string& subresource, json config, const WriteOptions& options);
  ApiResult<Outcome> remove(const ResourceType& type, const std::string& ns, const std::string& name,
                            const DeleteOptions& options);
  ApiResult<json> remove_collection(const ResourceType& type, const std::string& ns, const ListOptions& selection,
                                    const DeleteOptions& options);

  // How long a list for a resourceVersion the store has not reached waits before 504 Timeout
  // (kube-apiserver waits 3 s for its cache to catch up).
  void set_freshness_wait(std::chrono::milliseconds wait) { m_freshness_wait = wait; }
  // Adds a mutating admission step, run in order on every CREATE after defaulting.
  void add_admission(Admission admission) { m_admission.push_back(std::move(admission)); }

  Store& store() { return m_store; }
  Registry& registry() { return m_registry; }
  // A random RFC 4122 v4 UID from the seeded generator.
  std::string new_uid();

 private:
  ApiResult<Outcome> insert_new(const ResourceType& type, json object, const WriteOptions& options,
                                bool record_manager);
  ApiResult<Outcome> write_update(const ResourceType& type, const json& old, json updated, const std::string& subresource,
                                  const WriteOptions& options, bool record_manager);
  ApiStatus check_namespace_open(const ResourceType& type, const std::string& ns, const std::string& name) const;
  // Schema checks of `object`; unknown fields per `mode`. `apply_style` words errors as SSA does;
  // `partial` (an applied configuration) skips required fields.
  ApiResult<std::vector<std::string>> validate(const ResourceType& type, json& object, FieldValidation mode,
                                               bool apply_style, bool partial) const;
  std::string random_suffix(std::size_t length);

  Store& m_store;
  Registry& m_registry;
  ApiStatus wait_until_fresh(unsigned long long rv) const;

  std::chrono::milliseconds m_freshness_wait{3000};
  std::vector<Admission> m_admission;
  std::mutex m_random_mutex;
  std::mt19937_64 m_random;
};

// BadRequest unless `object` is an object whose metadata has the field types ObjectMeta has.
ApiStatus check_metadata_shape(const json& object);

// Sets apiVersion/kind to `type`'s (objects of every version share one bucket).
json present(const ResourceType& type, json object);
// The key of an object in messages and tokens: "ns/name" or "name".
std::string object_key(const json& object);

}  // namespace cococtl::sim
