#include "kbs/api.hpp"

#include <cococtl/util/strings.hpp>

namespace cococtl::sim::kbs {

ApiResponse handle_request(KbsState& state, const ApiRequest& request) {
  static constexpr std::string_view k_prefix = "/kbs/v0/";
  if (request.path.rfind(k_prefix, 0) != 0) return {404, "", "", ""};  // no route: actix's empty 404
  const auto parts = util::split(std::string_view(request.path).substr(k_prefix.size()), '/');
  const std::string& plugin = parts.front();
  const std::vector<std::string> rest(parts.begin() + 1, parts.end());
  if (plugin == "auth" && request.method == "POST") return handle_auth(state, request);
  if (plugin == "attest" && request.method == "POST") return handle_attest(state, request);
  if (is_admin_endpoint(plugin, request.method)) return handle_admin(state, request, plugin, rest);
  if (plugin == "resource" && state.settings.resource_plugin) return handle_resource(state, request, rest);
  return ApiResponse::error(plugin_not_found(plugin));
}

}  // namespace cococtl::sim::kbs
