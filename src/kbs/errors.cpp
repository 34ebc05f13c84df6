#include <cococtl/kbs/errors.hpp>
#include <cococtl/util/strings.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace cococtl::kbs {
namespace {

// What a refusal means, from Trustee's error variants (kbs/src/error.rs). Every error but an
// unknown path is a 401, so the status alone says little.
std::string summary(const std::string& variant, int status, bool admin_call) {
  if (variant.starts_with("Admin") || (admin_call && (status == 401 || status == 403) && variant.empty())) {
    return "admin authentication failed: the KBS did not accept the admin token (does the KBS admin persona hold "
           "the public half of this admin key?)";
  }
  if (variant == "PolicyDeny") return "refused by the KBS resource policy";
  if (variant == "TokenNotFound" || variant == "TokenVerifierError")
    return "the KBS did not accept the attestation token";
  if (variant == "AttestationError") return "attestation refused";
  if (variant == "PluginInternalError") return "no such resource, or the KBS storage failed";
  if (variant == "PluginNotFound" || variant == "InvalidRequestPath") return "not a KBS endpoint";
  if (variant == "RvpsError") return "reference value not found or not stored";
  if (status == 401) return "unauthorized";
  if (status == 403) return "forbidden";
  return "the KBS refused the request";
}

}  // namespace

std::optional<ErrorBody> parse_error_body(std::string_view body) {
  const auto json = nlohmann::json::parse(body, nullptr, false);
  if (json.is_discarded() || !json.is_object() || !json.contains("type") || !json["type"].is_string())
    return std::nullopt;
  ErrorBody out;
  out.type = json["type"].get<std::string>();
  out.variant = out.type.substr(out.type.rfind('/') + 1);
  if (json.contains("detail") && json["detail"].is_string()) out.detail = json["detail"].get<std::string>();
  return out;
}

util::Error response_error(const net::Response& response, std::string_view what, bool admin_call) {
  const auto body = parse_error_body(response.body);
  std::string answer = fmt::format("HTTP {}", response.status);
  if (body) {
    answer += " " + body->variant + (body->detail.empty() ? "" : ": " + body->detail);
  } else if (!util::trim(response.body).empty()) {
    answer += ": " + util::quote_for_message(util::trim(response.body), 200);
  }
  return util::failure(fmt::format("{}: {} (KBS answered {})", what,
                                   summary(body ? body->variant : "", response.status, admin_call), answer));
}

}  // namespace cococtl::kbs
