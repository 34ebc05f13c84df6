// The resource plugin: GET releases a secret as a JWE to an attested client whose token the
// resource policy allows; POST and DELETE (admin) change the repository.
#include <spdlog/spdlog.h>

#include <cococtl/util/strings.hpp>
#include <regex>

#include "kbs/api.hpp"
#include "kbs/jwe.hpp"

namespace cococtl::sim::kbs {
namespace {

using nlohmann::json;

// repo/type/tag, each segment [A-Za-z0-9_-]+[A-Za-z0-9_.-]* (kbs/src/plugins/.../backend.rs).
bool valid_resource_path(const std::string& path) {
  static const std::regex k_pattern(
      R"(^[A-Za-z0-9_\-]+[A-Za-z0-9_\-.]*/[A-Za-z0-9_\-]+[A-Za-z0-9_\-.]*/[A-Za-z0-9_\-]+[A-Za-z0-9_\-.]*$)");
  return std::regex_match(path, k_pattern);
}

std::optional<std::string> bearer_token(const std::string& authorization) {
  if (authorization.size() <= 7 || authorization.substr(0, 7) != "Bearer ") return std::nullopt;
  return authorization.substr(7);
}

ApiResponse change_resource(KbsState& state, const ApiRequest& request, const std::string& path) {
  auto allowed = state.admin.check(request.authorization, request.path);
  if (!allowed.ok()) {
    spdlog::info("admin access to {} refused: {}", request.path, allowed.error().message);
    return ApiResponse::error(admin_denied());
  }
  if (!valid_resource_path(path)) {
    spdlog::info("resource plugin: illegal ResourceDesc format: {}", path);
    return ApiResponse::error(plugin_internal_error());
  }
  std::lock_guard lock(state.mutex);
  if (request.method == "POST") {
    state.resources[path] = request.body;
  } else if (state.resources.erase(path) == 0) {
    spdlog::info("resource plugin: resource not found: {}", path);
    return ApiResponse::error(plugin_internal_error());
  }
  return {200, "text/xml", "", ""};
}

// The resource bytes for an allowed request, or the error Trustee gives at that step.
std::variant<std::string, KbsError> read_resource(KbsState& state, const ApiRequest& request, const json& claims,
                                                  const std::vector<std::string>& path) {
  json query = json::object();
  for (const auto& [key, value] : request.query) query[key] = value;
  const json data{{"plugin", "resource"}, {"resource-path", path}, {"query", query}};
  std::lock_guard lock(state.mutex);
  auto allowed = state.resource_policy.allows(claims, data);
  if (!allowed.ok()) return policy_engine_error(allowed.error().message);
  if (!*allowed) return policy_deny();
  const std::string joined = util::join(path, "/");
  if (request.method != "GET" || !valid_resource_path(joined)) return plugin_internal_error();
  auto it = state.resources.find(joined);
  if (it == state.resources.end()) {
    spdlog::info("resource plugin: resource not found: {}", joined);
    return plugin_internal_error();
  }
  return it->second;
}

}  // namespace

ApiResponse handle_resource(KbsState& state, const ApiRequest& request, const std::vector<std::string>& path) {
  if (request.method == "POST" || request.method == "DELETE")
    return change_resource(state, request, util::join(path, "/"));
  auto token = session_token(state, request.cookie);
  if (!token) token = bearer_token(request.authorization);
  if (!token) return ApiResponse::error(token_not_found());
  auto claims = state.verifier.verify(*token);
  if (!claims.ok()) {
    spdlog::info("attestation token refused: {}", claims.error().message);
    return ApiResponse::error(token_verifier_error());
  }
  auto resource = read_resource(state, request, *claims, path);
  if (auto* error = std::get_if<KbsError>(&resource)) return ApiResponse::error(*error);
  auto tee_key = state.verifier.tee_public_key(*claims);
  if (!tee_key.ok()) {
    spdlog::info("attestation token: {}", tee_key.error().message);
    return ApiResponse::error(token_verifier_error());
  }
  auto jwe = encrypt_jwe(*tee_key, std::get<std::string>(resource));
  if (!jwe.ok()) {
    spdlog::info("JWE failed: {}", jwe.error().message);
    return ApiResponse::error(jwe_error());
  }
  spdlog::info("released resource {}", util::join(path, "/"));
  return ApiResponse::json(std::move(jwe).value());
}

}  // namespace cococtl::sim::kbs
