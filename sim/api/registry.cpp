#include "sim/api/registry.hpp"

#include <algorithm>
#include <mutex>
#include <regex>

namespace cococtl::sim {
namespace {

struct VersionRank {
  int stability = 0;  // 3 GA, 2 beta, 1 alpha, 0 other
  long major = 0;
  long minor = 0;
};

VersionRank rank(const std::string& version) {
  static const std::regex k_kube(R"(v([0-9]+)(?:(alpha|beta)([0-9]+))?)");
  std::smatch m;
  if (!std::regex_match(version, m, k_kube)) return {};
  VersionRank r;
  r.major = std::stol(m[1].str());
  r.stability = !m[2].matched ? 3 : (m[2].str() == "beta" ? 2 : 1);
  r.minor = m[3].matched ? std::stol(m[3].str()) : 0;
  return r;
}

}  // namespace

const std::vector<std::string>& standard_verbs() {
  static const std::vector<std::string> verbs = {"create", "delete", "deletecollection", "get",
                                                 "list",   "patch",  "update",           "watch"};
  return verbs;
}

bool version_preferred(const std::string& a, const std::string& b) {
  const VersionRank ra = rank(a);
  const VersionRank rb = rank(b);
  if (ra.stability != rb.stability) return ra.stability > rb.stability;
  if (ra.stability == 0) return a < b;
  if (ra.major != rb.major) return ra.major > rb.major;
  return ra.minor > rb.minor;
}

Registry::Registry() {
  for (auto& type : builtin_types()) add_locked(std::make_shared<const ResourceType>(std::move(type)));
}

void Registry::add_locked(TypePtr type) { m_types.push_back(std::move(type)); }

TypePtr Registry::find(const std::string& group, const std::string& version, const std::string& plural) const {
  std::shared_lock lock(m_mutex);
  for (const auto& type : m_types) {
    if (type->group == group && type->version == version && type->plural == plural) return type;
  }
  return nullptr;
}

TypePtr Registry::find_kind(const std::string& api_version, const std::string& kind) const {
  std::shared_lock lock(m_mutex);
  for (const auto& type : m_types) {
    if (type->kind == kind && type->api_version() == api_version) return type;
  }
  return nullptr;
}

TypePtr Registry::find_resource(const std::string& group, const std::string& plural) const {
  std::shared_lock lock(m_mutex);
  TypePtr best;
  for (const auto& type : m_types) {
    if (type->group != group || type->plural != plural) continue;
    if (!best || version_preferred(type->version, best->version)) best = type;
  }
  return best;
}

std::vector<TypePtr> Registry::all() const {
  std::shared_lock lock(m_mutex);
  return m_types;
}

void Registry::set_crd_types(const std::string& crd_name, std::vector<ResourceType> types) {
  std::unique_lock lock(m_mutex);
  std::erase_if(m_types, [&](const TypePtr& t) { return t->crd_name == crd_name; });
  for (auto& type : types) {
    type.crd_name = crd_name;
    add_locked(std::make_shared<const ResourceType>(std::move(type)));
  }
  ++m_generation;
}

void Registry::remove_crd_types(const std::string& crd_name) {
  std::unique_lock lock(m_mutex);
  const auto removed = std::erase_if(m_types, [&](const TypePtr& t) { return t->crd_name == crd_name; });
  if (removed > 0) ++m_generation;
}

}  // namespace cococtl::sim
