// Where the KBS is when no --kbs-url is given, and the key files the checks read; shared by
// `cococtl kbs`, `cococtl attest check` and install's verify stage.
#include <cococtl/install/kbs_endpoint.hpp>
#include <cococtl/util/fs.hpp>
#include <cococtl/util/log.hpp>
#include <cococtl/workspace/inputs.hpp>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace cococtl::install::attest {

std::string kbs_route_url(kube::Cluster& cluster) {
  auto route = cluster.get("route.openshift.io/v1", "Route", "trustee-operator-system", "kbs");
  if (!route || !*route) {
    spdlog::debug("no kbs Route: {}", route ? "not found" : util::redact(route.error().message));
    return {};
  }
  // spec.host as cococtl renders it, else the host the router admitted.
  for (const char* path : {"/spec/host", "/status/ingress/0/host"}) {
    const nlohmann::json::json_pointer host(path);
    if ((**route).contains(host) && (**route).at(host).is_string()) {
      return "https://" + (**route).at(host).get<std::string>();
    }
  }
  return {};
}

util::Result<std::string> default_kbs_url(kube::Cluster* cluster, const workspace::Options& workspace) {
  if (cluster) {
    if (auto url = kbs_route_url(*cluster); !url.empty()) return url;
  }
  COCO_TRY_ASSIGN(const auto values, workspace::load_values(workspace));
  const auto domain = values.string_at("global.hubClusterDomain");
  if (domain.empty()) {
    return util::invalid_input(
        "no KBS URL: no kbs Route in the cluster and no global.hubClusterDomain; pass --kbs-url");
  }
  return "https://kbs." + domain;
}

util::Result<std::string> read_key_file(const workspace::Options& workspace, const std::string& flag_value,
                                        std::string_view flag, std::string_view default_name, std::string_view what) {
  if (!flag_value.empty()) return std::move(util::read_file(flag_value)).context(fmt::format("{} ({})", what, flag));
  const auto path = workspace::secrets_dir(workspace) / default_name;
  return std::move(util::read_file(path))
      .context(fmt::format("{} (run 'cococtl secrets generate', or pass {})", what, flag));
}

}  // namespace cococtl::install::attest
