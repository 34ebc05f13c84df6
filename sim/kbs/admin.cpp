// The built-in admin endpoints: attestation policy, resource policy and reference values.
#include <spdlog/spdlog.h>

#include <cococtl/crypto/encoding.hpp>
#include <cococtl/util/strings.hpp>

#include "kbs/api.hpp"

namespace cococtl::sim::kbs {
namespace {

using nlohmann::json;

// Base64url without padding as the Rust base64 crate's URL_SAFE_NO_PAD decodes it: padding is an
// error. On failure returns the crate's message.
util::Result<std::string> decode_policy(const std::string& text) {
  if (text.find('=') != std::string::npos) return util::invalid_input("Invalid padding");
  auto bytes = crypto::base64_decode(text, true);
  if (!bytes.ok()) return util::invalid_input("Invalid symbol or length");
  return bytes;
}

ApiResponse set_attestation_policy(KbsState& state, const ApiRequest& request) {
  const json body = json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object() || !body.value("policy_id", json()).is_string() ||
      !body.value("policy", json()).is_string()) {
    spdlog::info("set attestation policy: parse set policy request failed");
    return ApiResponse::error(set_attestation_policy_failed());
  }
  auto policy = decode_policy(body["policy"].get<std::string>());
  if (!policy.ok()) {
    spdlog::info("set attestation policy: {}", policy.error().message);
    return ApiResponse::error(set_attestation_policy_failed());
  }
  std::lock_guard lock(state.mutex);
  state.attestation_policies[body["policy_id"].get<std::string>()] = *policy;
  return {200, "", "", ""};
}

ApiResponse set_resource_policy(KbsState& state, const ApiRequest& request) {
  const json body = json::parse(request.body, nullptr, false);
  if (body.is_discarded()) return ApiResponse::error(parse_policy_error("Illegal SetPolicy Request Json"));
  if (!body.is_object() || !body.contains("policy")) {
    return ApiResponse::error(parse_policy_error("No `policy` field inside SetPolicy Request Json"));
  }
  if (!body["policy"].is_string()) {
    return ApiResponse::error(parse_policy_error("`policy` field is not a string in SetPolicy Request Json"));
  }
  auto policy = decode_policy(body["policy"].get<std::string>());
  if (!policy.ok()) return ApiResponse::error(parse_policy_error("Failed to decode policy: " + policy.error().message));
  ResourcePolicy recognised = ResourcePolicy::recognise(*policy);
  spdlog::info("resource policy set: {}", recognised.name());
  std::lock_guard lock(state.mutex);
  state.resource_policy_text = *policy;
  state.resource_policy = std::move(recognised);
  return {200, "", "", ""};
}

ApiResponse register_reference_value(KbsState& state, const ApiRequest& request) {
  std::lock_guard lock(state.mutex);
  auto registered = state.reference_values.register_message(request.body);
  if (!registered.ok()) {
    spdlog::info("register reference value: {}", registered.error().message);
    return ApiResponse::error(rvps_error("Failed to register reference value: register reference value"));
  }
  return {200, "application/json", "", ""};
}

ApiResponse get_reference_value(KbsState& state, const std::vector<std::string>& path) {
  const std::string id = util::join(path, "/");
  std::lock_guard lock(state.mutex);
  auto value = state.reference_values.query(id);
  if (!value) {
    return ApiResponse::error(
        rvps_error("Failed to get reference_values: No reference value found for the given id: " + id));
  }
  return ApiResponse::json(value->dump());
}

}  // namespace

bool is_admin_endpoint(const std::string& plugin, const std::string& method) {
  return (plugin == "attestation-policy" && method == "POST") ||
         (plugin == "resource-policy" && (method == "POST" || method == "GET")) ||
         (plugin == "reference-value" && (method == "POST" || method == "GET"));
}

ApiResponse handle_admin(KbsState& state, const ApiRequest& request, const std::string& plugin,
                         const std::vector<std::string>& path) {
  auto allowed = state.admin.check(request.authorization, request.path);
  if (!allowed.ok()) {
    spdlog::info("admin access to {} refused: {}", request.path, allowed.error().message);
    return ApiResponse::error(admin_denied());
  }
  if (plugin == "attestation-policy") return set_attestation_policy(state, request);
  if (plugin == "resource-policy" && request.method == "POST") return set_resource_policy(state, request);
  if (plugin == "resource-policy") return ApiResponse::json("[\"resource-policy\"]");
  if (request.method == "POST") return register_reference_value(state, request);
  return get_reference_value(state, path);
}

}  // namespace cococtl::sim::kbs
