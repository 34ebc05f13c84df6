#include "sim/http/discovery.hpp"

#include <map>
#include <vector>

namespace cococtl::sim {
namespace {

struct GroupVersions {
  std::string group;
  std::vector<std::string> versions;  // most preferred first
};

std::vector<GroupVersions> group_order(const Registry& registry) {
  std::vector<GroupVersions> out;
  for (const auto& type : registry.all()) {
    if (type->group.empty()) continue;
    auto it = std::find_if(out.begin(), out.end(), [&](const auto& g) { return g.group == type->group; });
    if (it == out.end()) it = out.insert(out.end(), GroupVersions{type->group, {}});
    if (std::find(it->versions.begin(), it->versions.end(), type->version) == it->versions.end()) {
      it->versions.push_back(type->version);
    }
  }
  for (auto& g : out) std::sort(g.versions.begin(), g.versions.end(), version_preferred);
  return out;
}

json gvk(const ResourceType& t) { return {{"group", t.group}, {"version", t.version}, {"kind", t.kind}}; }

json aggregated_resource(const ResourceType& t) {
  json r = {{"resource", t.plural}, {"responseKind", gvk(t)}, {"scope", t.namespaced ? "Namespaced" : "Cluster"},
            {"singularResource", t.singular}, {"verbs", t.verbs}};
  if (!t.short_names.empty()) r["shortNames"] = t.short_names;
  if (!t.categories.empty()) r["categories"] = t.categories;
  if (t.status_subresource) {
    r["subresources"] = json::array({{{"subresource", "status"}, {"responseKind", gvk(t)},
                                      {"verbs", {"get", "patch", "update"}}}});
  }
  return r;
}

json aggregated_version(const Registry& registry, const std::string& group, const std::string& version) {
  json resources = json::array();
  for (const auto& t : registry.all()) {
    if (t->group == group && t->version == version) resources.push_back(aggregated_resource(*t));
  }
  return {{"version", version}, {"resources", resources}, {"freshness", "Current"}};
}

json group_version_ref(const std::string& group, const std::string& version) {
  return {{"groupVersion", group + "/" + version}, {"version", version}};
}

json legacy_group_json(const GroupVersions& g) {
  json versions = json::array();
  for (const auto& v : g.versions) versions.push_back(group_version_ref(g.group, v));
  return {{"name", g.group}, {"versions", versions}, {"preferredVersion", group_version_ref(g.group, g.versions[0])}};
}

}  // namespace

json aggregated_discovery(const Registry& registry, bool core, const std::string& api_version) {
  json items = json::array();
  if (core) {
    items.push_back({{"metadata", {{"name", ""}, {"creationTimestamp", nullptr}}},
                     {"versions", json::array({aggregated_version(registry, "", "v1")})}});
  } else {
    for (const auto& g : group_order(registry)) {
      json versions = json::array();
      for (const auto& v : g.versions) versions.push_back(aggregated_version(registry, g.group, v));
      items.push_back({{"metadata", {{"name", g.group}, {"creationTimestamp", nullptr}}}, {"versions", versions}});
    }
  }
  return {{"kind", "APIGroupDiscoveryList"}, {"apiVersion", api_version}, {"metadata", json::object()}, {"items", items}};
}

json legacy_core_versions(const std::string& server_address) {
  return {{"kind", "APIVersions"},
          {"versions", {"v1"}},
          {"serverAddressByClientCIDRs", json::array({{{"clientCIDR", "0.0.0.0/0"}, {"serverAddress", server_address}}})}};
}

json legacy_group_list(const Registry& registry) {
  json groups = json::array();
  for (const auto& g : group_order(registry)) groups.push_back(legacy_group_json(g));
  return {{"kind", "APIGroupList"}, {"apiVersion", "v1"}, {"groups", groups}};
}

std::optional<json> legacy_group(const Registry& registry, const std::string& group) {
  for (const auto& g : group_order(registry)) {
    if (g.group != group) continue;
    json out = legacy_group_json(g);
    out["kind"] = "APIGroup";
    out["apiVersion"] = "v1";
    return out;
  }
  return std::nullopt;
}

std::optional<json> legacy_resource_list(const Registry& registry, const std::string& group,
                                         const std::string& version) {
  json resources = json::array();
  for (const auto& t : registry.all()) {
    if (t->group != group || t->version != version) continue;
    json r = {{"name", t->plural}, {"singularName", t->singular}, {"namespaced", t->namespaced},
              {"kind", t->kind},   {"verbs", t->verbs}};
    if (!t->short_names.empty()) r["shortNames"] = t->short_names;
    if (!t->categories.empty()) r["categories"] = t->categories;
    resources.push_back(r);
    if (t->status_subresource) {
      resources.push_back({{"name", t->plural + "/status"}, {"singularName", ""}, {"namespaced", t->namespaced},
                           {"kind", t->kind}, {"verbs", {"get", "patch", "update"}}});
    }
  }
  if (resources.empty()) return std::nullopt;
  const std::string gv = group.empty() ? version : group + "/" + version;
  return json{{"kind", "APIResourceList"}, {"apiVersion", "v1"}, {"groupVersion", gv}, {"resources", resources}};
}

}  // namespace cococtl::sim
