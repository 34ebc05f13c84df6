#include "sim/controllers/controller.hpp"

#include <spdlog/spdlog.h>

namespace cococtl::sim {

void ControllerContext::advance() {
  ++m_tick;
  const auto faults = m_api.store().get("/configmaps", k_faults_namespace, k_faults_configmap);
  m_faults = OperatorFaults::from_data(faults ? faults->value("data", json::object()) : json::object());
}

std::optional<std::string> ControllerContext::operator_namespace(const std::string& package) const {
  for (const auto& csv : m_api.store().list("operators.coreos.com/clusterserviceversions")) {
    if (string_at(csv, {"status", "phase"}) != "Succeeded") continue;
    const std::string ns = string_at(csv, {"metadata", "namespace"});
    if (csv["metadata"].value("labels", json::object()).contains("operators.coreos.com/" + package + "." + ns))
      return ns;
  }
  return std::nullopt;
}

ApiResult<json> ControllerContext::create(const json& object, const std::string& manager) {
  const TypePtr type = type_of(object);
  if (!type) return not_found("", "", object.value("kind", ""));
  WriteOptions options;
  options.manager = manager;
  auto result = m_api.create(*type, string_at(object, {"metadata", "namespace"}), object, options);
  if (!result.ok()) {
    spdlog::debug("controller {}: create {} {}: {}", manager, type->kind, object_key(object), result.error().message);
    return std::move(result).error();
  }
  return std::move(result).value().object;
}

TypePtr ControllerContext::type_of(const json& object) const {
  return m_api.registry().find_kind(object.value("apiVersion", ""), object.value("kind", ""));
}

bool ControllerContext::served(const std::string& api_version, const std::string& kind) const {
  return m_api.registry().find_kind(api_version, kind) != nullptr;
}

std::vector<json> ControllerContext::list(const std::string& api_version, const std::string& kind,
                                          const std::string& ns) const {
  const TypePtr type = m_api.registry().find_kind(api_version, kind);
  if (!type) return {};
  std::vector<json> out;
  for (auto& object : m_api.store().list(type->storage_key(), ns)) out.push_back(present(*type, std::move(object)));
  return out;
}

std::optional<json> ControllerContext::get(const std::string& api_version, const std::string& kind,
                                           const std::string& ns, const std::string& name) const {
  const TypePtr type = m_api.registry().find_kind(api_version, kind);
  if (!type) return std::nullopt;
  auto result = m_api.get(*type, ns, name);
  if (!result.ok()) return std::nullopt;
  return std::move(result).value();
}

bool ControllerContext::apply(const json& object, const std::string& manager) {
  const TypePtr type = type_of(object);
  if (!type) return false;
  WriteOptions options;
  options.manager = manager;
  options.force = true;
  json config = object;
  if (config.contains("metadata")) {
    for (const char* key : {"resourceVersion", "managedFields", "uid", "creationTimestamp", "generation"}) {
      config["metadata"].erase(key);
    }
  }
  const std::string ns = string_at(object, {"metadata", "namespace"});
  const std::string name = string_at(object, {"metadata", "name"});
  auto result = m_api.apply(*type, ns, name, "", config, options);
  if (!result.ok()) spdlog::debug("controller {}: apply {} {}: {}", manager, type->kind, name, result.error().message);
  return result.ok();
}

bool ControllerContext::write_status(const json& object, const std::string& manager) {
  const TypePtr type = type_of(object);
  if (!type) return false;
  WriteOptions options;
  options.manager = manager;
  const std::string ns = string_at(object, {"metadata", "namespace"});
  const std::string name = string_at(object, {"metadata", "name"});
  auto result = m_api.update(*type, ns, name, type->status_subresource ? "status" : "", object, options);
  if (!result.ok()) spdlog::debug("controller {}: status {} {}: {}", manager, type->kind, name, result.error().message);
  return result.ok();
}

std::optional<json> ControllerContext::update(const json& object, const std::string& manager) {
  const TypePtr type = type_of(object);
  if (!type) return std::nullopt;
  WriteOptions options;
  options.manager = manager;
  auto result = m_api.update(*type, string_at(object, {"metadata", "namespace"}), string_at(object, {"metadata", "name"}),
                             "", object, options);
  if (!result.ok()) {
    spdlog::debug("controller {}: update {}: {}", manager, type->kind, result.error().message);
    return std::nullopt;
  }
  return std::move(result).value().object;
}

bool ControllerContext::remove(const json& object) {
  const TypePtr type = type_of(object);
  if (!type) return false;
  auto result = m_api.remove(*type, string_at(object, {"metadata", "namespace"}), string_at(object, {"metadata", "name"}),
                             DeleteOptions{});
  return result.ok();
}

bool has_finalizer(const json& object, const std::string& finalizer) {
  const json finalizers = object.value("metadata", json::object()).value("finalizers", json::array());
  return std::find(finalizers.begin(), finalizers.end(), finalizer) != finalizers.end();
}

bool add_finalizer(ControllerContext& ctx, json& object, const std::string& finalizer, const std::string& manager) {
  if (has_finalizer(object, finalizer)) return true;
  json& finalizers = object["metadata"]["finalizers"];
  if (!finalizers.is_array()) finalizers = json::array();
  finalizers.push_back(finalizer);
  auto stored = ctx.update(object, manager);
  if (stored) object = std::move(*stored);
  return stored.has_value();
}

void remove_finalizer(ControllerContext& ctx, json object, const std::string& finalizer, const std::string& manager) {
  json kept = json::array();
  for (const auto& f : object["metadata"].value("finalizers", json::array())) {
    if (f != finalizer) kept.push_back(f);
  }
  object["metadata"]["finalizers"] = kept;
  ctx.update(object, manager);
}

int TickCounter::progress(const std::string& key, const std::string& state) {
  auto& entry = m_entries[key];
  if (entry.first != state) entry = {state, 0};
  return ++entry.second;
}

std::vector<std::unique_ptr<Controller>> make_controllers() {
  std::vector<std::unique_ptr<Controller>> out;
  out.push_back(make_crd_controller());
  out.push_back(make_namespace_controller());
  out.push_back(make_garbage_collector());
  out.push_back(make_deployment_controller());
  out.push_back(make_replica_set_controller());
  out.push_back(make_pod_controller());
  out.push_back(make_workload_controller());
  out.push_back(make_catalog_operator());
  out.push_back(make_olm_operator());
  out.push_back(make_machine_config_controller());
  out.push_back(make_kata_controller());
  out.push_back(make_kbs_controller());
  out.push_back(make_nfd_controller());
  out.push_back(make_gpu_controller());
  out.push_back(make_kyverno_controller());
  out.push_back(make_intel_controller());
  out.push_back(make_storage_controller());
  out.push_back(make_acm_controller());
  out.push_back(make_route_controller());
  out.push_back(make_cert_manager_controller());
  return out;
}

}  // namespace cococtl::sim
