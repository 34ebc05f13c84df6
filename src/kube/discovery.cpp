#include "discovery.hpp"

#include "parallel.hpp"

#include <cococtl/kube/status.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

namespace cococtl::kube::detail {
namespace {

constexpr const char* k_aggregated_accept =
    "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json";
constexpr auto k_refresh_on_miss_after = std::chrono::seconds(3);

using json = nlohmann::json;

std::vector<std::string> strings_of(const json& object, const char* key) {
  std::vector<std::string> out;
  const auto it = object.find(key);
  if (it == object.end() || !it->is_array()) return out;
  for (const auto& v : *it) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

util::Result<json> get_json(Connection& connection, const std::string& path, const char* accept, std::string* content_type) {
  COCO_TRY_ASSIGN(auto response, connection.call({.url = path, .headers = {{"Accept", accept}}}, true));
  if (response.status != 200) return api_error(parse_status(response)).context("discovery GET " + path);
  if (content_type) *content_type = response.header("content-type");
  auto parsed = json::parse(response.body, nullptr, false);
  if (parsed.is_discarded()) return util::failure(fmt::format("discovery GET {}: response is not JSON", path));
  return parsed;
}

void parse_aggregated(const json& list, std::vector<ResourceInfo>& out) {
  for (const auto& group : list.value("items", json::array())) {
    const std::string name = group.value("metadata", json::object()).value("name", "");
    for (const auto& version : group.value("versions", json::array())) {
      for (const auto& r : version.value("resources", json::array())) {
        const auto kind = r.value("responseKind", json::object()).value("kind", "");
        if (kind.empty()) continue;
        out.push_back({name, version.value("version", ""), kind, r.value("resource", ""), r.value("singularResource", ""),
                       r.value("scope", "") == "Namespaced", strings_of(r, "verbs"), strings_of(r, "shortNames")});
      }
    }
  }
}

void parse_resource_list(const json& list, const std::string& group, const std::string& version, std::vector<ResourceInfo>& out) {
  for (const auto& r : list.value("resources", json::array())) {
    const std::string name = r.value("name", "");
    if (name.empty() || name.find('/') != std::string::npos) continue;  // subresources
    out.push_back({group, version, r.value("kind", ""), name, r.value("singularName", ""), r.value("namespaced", true),
                   strings_of(r, "verbs"), strings_of(r, "shortNames")});
  }
}

bool is_aggregated(const std::string& content_type) {
  return content_type.find("as=APIGroupDiscoveryList") != std::string::npos && content_type.find("v=v2") != std::string::npos;
}

// Legacy discovery: one request per group-version, run concurrently.
util::Result<std::vector<ResourceInfo>> discover_legacy(Connection& connection, const json& core, const json& groups) {
  std::vector<std::pair<std::string, std::string>> gvs;  // group, version
  for (const auto& v : strings_of(core, "versions")) gvs.emplace_back("", v);
  for (const auto& g : groups.value("groups", json::array())) {
    for (const auto& v : g.value("versions", json::array())) gvs.emplace_back(g.value("name", ""), v.value("version", ""));
  }
  std::vector<util::Result<json>> lists(gvs.size(), util::failure("interrupted"));
  parallel_for(gvs.size(), 16, [&](std::size_t i) {
    const auto& [group, version] = gvs[i];
    lists[i] = get_json(connection, group.empty() ? "/api/" + version : "/apis/" + group + "/" + version, "application/json", nullptr);
  });
  std::vector<ResourceInfo> out;
  for (std::size_t i = 0; i < gvs.size(); ++i) {
    // A broken aggregated API (503 from a dead extension server) must not hide the others.
    if (!lists[i].ok()) {
      spdlog::warn("discovery: skipping {}/{}: {}", gvs[i].first, gvs[i].second, lists[i].error().message);
      continue;
    }
    parse_resource_list(*lists[i], gvs[i].first, gvs[i].second, out);
  }
  return out;
}

// Discovery results shared by every Cluster of the process talking to the same server as the
// same user, so a second connection does not repeat it; refreshes replace the entry.
struct ProcessCache {
  std::mutex mutex;
  std::map<std::string, std::vector<ResourceInfo>> by_server;
};

ProcessCache& process_cache() {
  static ProcessCache cache;
  return cache;
}

std::string cache_key(const Connection& connection) {
  return connection.config().cluster.server + "|" + connection.config().user_name;
}

}  // namespace

util::Result<std::vector<ResourceInfo>> discover(Connection& connection) {
  const auto start = std::chrono::steady_clock::now();
  std::string core_type, groups_type;
  COCO_TRY_ASSIGN(const json core, get_json(connection, "/api", k_aggregated_accept, &core_type));
  COCO_TRY_ASSIGN(const json groups, get_json(connection, "/apis", k_aggregated_accept, &groups_type));
  if (is_aggregated(core_type) && is_aggregated(groups_type)) {
    std::vector<ResourceInfo> out;
    parse_aggregated(core, out);
    parse_aggregated(groups, out);
    spdlog::debug("aggregated discovery: {} resources in {} ms", out.size(),
                  std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count());
    return out;
  }
  spdlog::debug("aggregated discovery not offered (Content-Type {}), using legacy discovery", core_type);
  return discover_legacy(connection, core, groups);
}

util::Result<void> Mapper::refresh_locked(bool use_cache) {
  std::vector<ResourceInfo> resources;
  auto& cache = process_cache();
  const std::string key = cache_key(m_connection);
  {
    std::lock_guard lock(cache.mutex);
    if (const auto it = cache.by_server.find(key); use_cache && it != cache.by_server.end()) resources = it->second;
  }
  if (resources.empty()) {
    COCO_TRY_ASSIGN(resources, discover(m_connection));
    std::lock_guard lock(cache.mutex);
    cache.by_server[key] = resources;
  }
  m_by_kind.clear();
  for (auto& r : resources) m_by_kind.try_emplace(Key{r.group, r.version, r.kind}, std::move(r));
  m_loaded = true;
  m_loaded_at = std::chrono::steady_clock::now();
  return {};
}

util::Result<void> Mapper::refresh() {
  std::lock_guard lock(m_mutex);
  return refresh_locked(false);
}

util::Result<ResourceInfo> Mapper::find(const std::string& api_version, const std::string& kind) {
  const auto [group, version] = split_api_version(api_version);
  std::lock_guard lock(m_mutex);
  if (!m_loaded) COCO_TRY(refresh_locked(true));
  auto it = m_by_kind.find(Key{group, version, kind});
  if (it == m_by_kind.end() && std::chrono::steady_clock::now() - m_loaded_at > k_refresh_on_miss_after) {
    COCO_TRY(refresh_locked(false));
    it = m_by_kind.find(Key{group, version, kind});
  }
  if (it == m_by_kind.end()) {
    return util::failure(fmt::format("no matches for kind \"{}\" in version \"{}\" (is its CustomResourceDefinition installed?)",
                                     kind, api_version));
  }
  return it->second;
}

util::Result<std::vector<ResourceInfo>> Mapper::all() {
  std::lock_guard lock(m_mutex);
  if (!m_loaded) COCO_TRY(refresh_locked(true));
  std::vector<ResourceInfo> out;
  for (const auto& [key, info] : m_by_kind) out.push_back(info);
  return out;
}

}  // namespace cococtl::kube::detail
