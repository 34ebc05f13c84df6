#pragma once
// Simulated controllers: each reconciles on every tick (--tick-ms), reading and writing through
// the same Api the HTTP clients use, as a named field manager. Deterministic: progress is
// counted in ticks, never in wall-clock time.

#include "sim/api/api.hpp"
#include "sim/controllers/hosting.hpp"
#include "sim/controllers/operator_faults.hpp"
#include "sim/seed/profiles.hpp"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cococtl::sim {

class ControllerContext {
 public:
  ControllerContext(Api& api, const Profile& profile, Hosting& hosting)
      : m_api(api), m_profile(profile), m_hosting(hosting) {}

  Api& api() { return m_api; }
  // The hosted KBS and what simulated applications serve.
  Hosting& hosting() { return m_hosting; }
  const Profile& profile() const { return m_profile; }
  unsigned long long tick() const { return m_tick; }
  // Starts the next tick: counts it and reads the operator faults ConfigMap (coco-sim/faults).
  void advance();
  // The operator faults in force during this tick.
  const OperatorFaults& faults() const { return m_faults; }
  // The namespace where a CSV of OLM package `package` has Succeeded (the operator runs), or
  // nullopt: operator controllers act only while their operator is installed.
  std::optional<std::string> operator_namespace(const std::string& package) const;

  bool served(const std::string& api_version, const std::string& kind) const;
  std::vector<json> list(const std::string& api_version, const std::string& kind, const std::string& ns = "") const;
  std::optional<json> get(const std::string& api_version, const std::string& kind, const std::string& ns,
                          const std::string& name) const;
  // Server-side apply (forced) of `object` by `manager`. Logs and returns false on failure.
  bool apply(const json& object, const std::string& manager);
  // Replaces `object`'s status through /status as `manager` (optimistic: fails on a stale RV).
  bool write_status(const json& object, const std::string& manager);
  // Replaces the whole object (PUT) as `manager`; returns the stored object (nullopt on failure).
  std::optional<json> update(const json& object, const std::string& manager);
  bool remove(const json& object);
  // Creates `object` (generateName allowed) as `manager`, through admission like any client.
  ApiResult<json> create(const json& object, const std::string& manager);

 private:
  TypePtr type_of(const json& object) const;

  Api& m_api;
  const Profile& m_profile;
  Hosting& m_hosting;
  unsigned long long m_tick = 0;
  OperatorFaults m_faults;
};

class Controller {
 public:
  virtual ~Controller() = default;
  virtual const char* name() const = 0;
  virtual void reconcile(ControllerContext& ctx) = 0;
};

// True when `object` carries `finalizer`.
bool has_finalizer(const json& object, const std::string& finalizer);
// Adds `finalizer` to `object` with an update as `manager` unless it is there; `object` becomes
// the stored object. False when the update failed (it is logged).
bool add_finalizer(ControllerContext& ctx, json& object, const std::string& finalizer, const std::string& manager);
// Removes `finalizer` from `object` with an update as `manager` (the object goes once its
// deletion has no finalizer left).
void remove_finalizer(ControllerContext& ctx, json object, const std::string& finalizer, const std::string& manager);

// Counts consecutive ticks per key; progress() returns how many ticks `key` has been in `state`.
class TickCounter {
 public:
  int progress(const std::string& key, const std::string& state);
  void forget(const std::string& key) { m_entries.erase(key); }

 private:
  std::map<std::string, std::pair<std::string, int>> m_entries;
};

// Every simulated controller, in reconcile order.
std::vector<std::unique_ptr<Controller>> make_controllers();

std::unique_ptr<Controller> make_crd_controller();
std::unique_ptr<Controller> make_namespace_controller();
std::unique_ptr<Controller> make_garbage_collector();
std::unique_ptr<Controller> make_deployment_controller();
std::unique_ptr<Controller> make_replica_set_controller();
std::unique_ptr<Controller> make_pod_controller();
std::unique_ptr<Controller> make_workload_controller();  // DaemonSets, StatefulSets, Jobs
std::unique_ptr<Controller> make_catalog_operator();  // Subscriptions, InstallPlans
std::unique_ptr<Controller> make_olm_operator();      // ClusterServiceVersions
std::unique_ptr<Controller> make_machine_config_controller();
std::unique_ptr<Controller> make_kata_controller();
std::unique_ptr<Controller> make_kbs_controller();
std::unique_ptr<Controller> make_nfd_controller();
std::unique_ptr<Controller> make_gpu_controller();
std::unique_ptr<Controller> make_kyverno_controller();
std::unique_ptr<Controller> make_acm_controller();
std::unique_ptr<Controller> make_intel_controller();
std::unique_ptr<Controller> make_storage_controller();
std::unique_ptr<Controller> make_route_controller();
std::unique_ptr<Controller> make_cert_manager_controller();

}  // namespace cococtl::sim
