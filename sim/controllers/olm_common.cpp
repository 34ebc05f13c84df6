#include "sim/controllers/olm_common.hpp"

#include <functional>

namespace cococtl::sim::olm {

std::optional<CsvInCatalog> locate_csv(const std::vector<Package>& catalog, const std::string& csv) {
  for (const auto& package : catalog) {
    for (const auto& channel : package.channels) {
      for (std::size_t i = 0; i < channel.entries.size(); ++i) {
        if (channel.entries[i].csv == csv) return CsvInCatalog{&package, &channel, i};
      }
    }
  }
  return std::nullopt;
}

std::string package_label(const std::string& package, const std::string& ns) {
  return "operators.coreos.com/" + package + "." + ns;
}

std::string name_suffix(const std::string& seed) {
  static const std::string k_chars = "bcdfghjklmnpqrstvwxz2456789";
  std::size_t h = std::hash<std::string>{}(seed);
  std::string out;
  for (int i = 0; i < 5; ++i, h /= k_chars.size()) out += k_chars[h % k_chars.size()];
  return out;
}

json csv_object(const CsvInCatalog& where, const std::string& ns) {
  const CatalogEntry& entry = where.channel->entries[where.index];
  json owned = json::array();
  for (const auto& crd : where.package->crds) {
    owned.push_back({{"name", crd.plural + "." + crd.group}, {"kind", crd.kind}, {"version", crd.versions.back()},
                     {"displayName", crd.kind}});
  }
  const std::string& name = where.package->deployment;
  const json labels = {{"control-plane", name}};
  const std::string image = "registry.redhat.io/" + where.package->name + "/operator@sha256:" + std::string(64, '0');
  const json pod_template = {{"metadata", {{"labels", labels}}},
                             {"spec", {{"containers", json::array({{{"name", "manager"}, {"image", image}}})}}}};
  const json deployment = {{"name", name},
                           {"spec", {{"replicas", 1}, {"selector", {{"matchLabels", labels}}}, {"template", pod_template}}}};
  json spec = {{"displayName", where.package->display_name},
               {"version", entry.version},
               {"install", {{"strategy", "deployment"}, {"spec", {{"deployments", json::array({deployment})}}}}},
               {"customresourcedefinitions", {{"owned", owned}}},
               {"installModes", {{{"type", "OwnNamespace"}, {"supported", true}},
                                 {{"type", "SingleNamespace"}, {"supported", true}},
                                 {{"type", "MultiNamespace"}, {"supported", false}},
                                 {{"type", "AllNamespaces"}, {"supported", true}}}},
               {"provider", {{"name", "Red Hat"}}}};
  if (where.index > 0) spec["replaces"] = where.channel->entries[where.index - 1].csv;
  return {{"apiVersion", k_v1alpha1},
          {"kind", "ClusterServiceVersion"},
          {"metadata", {{"name", entry.csv}, {"namespace", ns},
                        {"labels", {{package_label(where.package->name, ns), ""}}},
                        {"annotations", {{"olm.skipRange", ""}, {"operatorframework.io/properties",
                                          json{{"properties", {{{"type", "olm.package"},
                                                                {"value", {{"packageName", where.package->name},
                                                                           {"version", entry.version}}}}}}}.dump()}}}}},
          {"spec", spec}};
}

}  // namespace cococtl::sim::olm
