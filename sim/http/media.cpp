#include "sim/http/media.hpp"

#include <cococtl/util/strings.hpp>

#include <map>

namespace cococtl::sim {
namespace {

struct MediaType {
  std::string type;
  std::map<std::string, std::string> params;
};

MediaType parse_media_type(std::string_view text) {
  MediaType out;
  const auto parts = util::split(text, ';');
  out.type = std::string(util::trim(parts.empty() ? "" : parts[0]));
  for (std::size_t i = 1; i < parts.size(); ++i) {
    const auto eq = parts[i].find('=');
    if (eq == std::string::npos) continue;
    out.params[std::string(util::trim(parts[i].substr(0, eq)))] = std::string(util::trim(parts[i].substr(eq + 1)));
  }
  return out;
}

Representation classify(const MediaType& m, bool discovery) {
  const bool json_like = m.type == "application/json" || m.type == "*/*" || m.type == "application/*";
  if (!json_like) return Representation::unsupported;
  const auto as = m.params.find("as");
  if (as == m.params.end()) return Representation::plain;
  const std::string g = m.params.count("g") ? m.params.at("g") : "";
  const std::string v = m.params.count("v") ? m.params.at("v") : "";
  if (as->second == "Table" && g == "meta.k8s.io") {
    if (v == "v1") return Representation::table;
    if (v == "v1beta1") return Representation::table_v1beta1;
  }
  if (discovery && as->second == "APIGroupDiscoveryList" && g == "apidiscovery.k8s.io" &&
      m.params.count("profile") == 0) {
    if (v == "v2") return Representation::aggregated_discovery;
    if (v == "v2beta1") return Representation::aggregated_discovery_v2beta1;
  }
  return Representation::unsupported;
}

}  // namespace

Representation negotiate(std::string_view accept, bool discovery) {
  if (util::trim(accept).empty()) return Representation::plain;
  for (const auto& entry : util::split(accept, ',')) {
    const Representation r = classify(parse_media_type(entry), discovery);
    if (r != Representation::unsupported) return r;
  }
  return Representation::unsupported;
}

std::string content_type(Representation representation) {
  switch (representation) {
    case Representation::table: return "application/json;as=Table;v=v1;g=meta.k8s.io";
    case Representation::table_v1beta1: return "application/json;as=Table;v=v1beta1;g=meta.k8s.io";
    case Representation::aggregated_discovery: return "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
    case Representation::aggregated_discovery_v2beta1:
      return "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList";
    default: return "application/json";
  }
}

}  // namespace cococtl::sim
