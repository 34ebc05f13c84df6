#include "sim/cluster.hpp"
#include "sim/admission/admission.hpp"
#include "sim/controllers/operator_faults.hpp"
#include "sim/seed/seed.hpp"

#include <cococtl/util/fs.hpp>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace cococtl::sim {

Cluster::Cluster(ClusterOptions options, Profile profile)
    : m_options(std::move(options)),
      m_profile(std::move(profile)),
      m_store(m_options.watch_history),
      m_api(m_store, m_registry, m_options.seed),
      m_context(m_api, m_profile, m_hosting),
      m_controllers(make_controllers()) {
  m_hosting.external_kbs = m_options.external_kbs;
  install_admission(m_api);
}

// Writes the start-time operator faults (--operator-fault) into the ConfigMap the controllers read.
util::Result<void> Cluster::apply_operator_faults() {
  if (m_options.operator_faults.empty()) return {};
  const TypePtr type = m_registry.find_kind("v1", "ConfigMap");
  json config = {{"apiVersion", "v1"},
                 {"kind", "ConfigMap"},
                 {"metadata", {{"name", k_faults_configmap}, {"namespace", k_faults_namespace}}},
                 {"data", m_options.operator_faults}};
  WriteOptions options;
  options.manager = "coco-cluster-sim";
  options.force = true;
  auto applied = m_api.apply(*type, k_faults_namespace, k_faults_configmap, "", config, options);
  if (!applied.ok()) return util::failure("--operator-fault: " + applied.error().message);
  return {};
}

util::Result<std::unique_ptr<Cluster>> Cluster::create(const ClusterOptions& options) {
  auto profile = find_profile(options.profile);
  if (profile && !options.name.empty()) profile->cluster_name = options.name;
  if (profile && !options.domain.empty()) profile->base_domain = options.domain;
  if (!profile) {
    return util::usage_error(fmt::format("unknown profile \"{}\" (azure, baremetal-tdx, baremetal-snp, "
                                         "baremetal-tdx-gpu)", options.profile));
  }
  std::unique_ptr<Cluster> cluster(new Cluster(options, std::move(*profile)));
  const auto state_file = options.state_dir ? std::optional(*options.state_dir / "store.json") : std::nullopt;
  if (state_file && std::filesystem::exists(*state_file)) {
    COCO_TRY_ASSIGN(auto text, util::read_file(*state_file, 1024 * 1024 * 1024));
    const auto state = json::parse(text, nullptr, false);
    if (!state.is_object() || state.value("profile", "") != options.profile) {
      return util::invalid_input(fmt::format("{}: not a store of profile {}", state_file->string(), options.profile));
    }
    cluster->m_store.load(state);
    spdlog::info("loaded {} (resourceVersion {})", state_file->string(), cluster->m_store.resource_version());
  } else {
    COCO_TRY(seed_cluster(cluster->m_api, cluster->m_profile));
  }
  COCO_TRY(cluster->apply_operator_faults());
  cluster->tick();  // serve the CRDs of a loaded store before the first request
  return cluster;
}

Cluster::~Cluster() { stop(); }

void Cluster::tick() {
  std::lock_guard lock(m_tick_mutex);
  m_context.advance();
  for (auto& controller : m_controllers) {
    try {
      controller->reconcile(m_context);
    } catch (const std::exception& e) {  // a simulator bug must not take the whole cluster down
      spdlog::error("controller {}: {}", controller->name(), e.what());
    }
  }
}

void Cluster::start() {
  if (m_thread.joinable()) return;
  m_thread = std::thread([this] { run(); });
}

void Cluster::run() {
  auto last_persist = std::chrono::steady_clock::now();
  for (;;) {
    {
      std::unique_lock lock(m_stop_mutex);
      if (m_stop_cv.wait_for(lock, std::chrono::milliseconds(m_options.tick_ms), [this] { return m_stopping; })) return;
    }
    tick();
    if (std::chrono::steady_clock::now() - last_persist > std::chrono::milliseconds(250)) {
      if (auto saved = persist(); !saved.ok()) spdlog::error("persist: {}", saved.error().message);
      last_persist = std::chrono::steady_clock::now();
    }
  }
}

void Cluster::stop() {
  {
    std::lock_guard lock(m_stop_mutex);
    m_stopping = true;
  }
  m_stop_cv.notify_all();
  if (m_thread.joinable()) m_thread.join();
  m_hosting.kbs.stop("shutdown");
  if (auto saved = persist(); !saved.ok()) spdlog::error("persist: {}", saved.error().message);
}

util::Result<void> Cluster::persist() {
  if (!m_options.state_dir || !m_store.take_dirty()) return {};
  json state = m_store.dump();
  state["profile"] = m_options.profile;
  return util::write_file_atomic(*m_options.state_dir / "store.json", state.dump(), 0600);
}

}  // namespace cococtl::sim
