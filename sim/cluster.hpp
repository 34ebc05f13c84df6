#pragma once
// One simulated cluster: store, registry, API semantics, the profile's seed, the controllers
// ticking on their own thread, and the optional --state-dir persistence.

#include "sim/api/api.hpp"
#include "sim/controllers/controller.hpp"
#include "sim/seed/profiles.hpp"

#include <cococtl/util/result.hpp>

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace cococtl::sim {

struct ClusterOptions {
  std::string profile = "azure";
  std::optional<std::filesystem::path> state_dir;
  int tick_ms = 200;
  unsigned long long seed = 1;
  std::size_t watch_history = 10000;
  std::string name;    // the cluster's name (DNS, Infrastructure, apps domain); "" = the profile's
  std::string domain;  // the base domain; "" = the profile's
  std::map<std::string, std::string> operator_faults;  // written into coco-sim/faults at start
  std::vector<std::string> external_kbs;               // KBS hosts that live outside this simulator (--external-kbs)
};

class Cluster {
 public:
  // Builds the cluster: loads <state_dir>/store.json when present, else seeds the profile.
  // Fails on an unknown profile or an unreadable state file.
  static util::Result<std::unique_ptr<Cluster>> create(const ClusterOptions& options);
  ~Cluster();

  Api& api() { return m_api; }
  Store& store() { return m_store; }
  Registry& registry() { return m_registry; }
  const Profile& profile() const { return m_profile; }
  // The hosted KBS and what simulated applications serve (the service proxy reads it).
  Hosting& hosting() { return m_hosting; }

  // Runs every controller once (tests drive ticks by hand with this).
  void tick();
  // Starts the controller thread (and the persister when a state folder is set).
  void start();
  // Stops the threads and writes the state one last time.
  void stop();
  // Writes <state_dir>/store.json now (atomic); no-op without a state folder.
  util::Result<void> persist();

 private:
  Cluster(ClusterOptions options, Profile profile);
  void run();
  util::Result<void> apply_operator_faults();

  ClusterOptions m_options;
  Profile m_profile;
  Store m_store;
  Registry m_registry;
  Api m_api;
  Hosting m_hosting;
  ControllerContext m_context;
  std::vector<std::unique_ptr<Controller>> m_controllers;
  std::mutex m_tick_mutex;
  std::mutex m_stop_mutex;
  std::condition_variable m_stop_cv;
  bool m_stopping = false;
  std::thread m_thread;
};

}  // namespace cococtl::sim
