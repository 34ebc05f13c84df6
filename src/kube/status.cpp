#include <cococtl/kube/status.hpp>
#include <cococtl/util/strings.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace cococtl::kube {
namespace {

std::string reason_for_code(int code) {
  switch (code) {
    case 400: return "BadRequest";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "NotFound";
    case 405: return "MethodNotAllowed";
    case 406: return "NotAcceptable";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 413: return "RequestEntityTooLarge";
    case 415: return "UnsupportedMediaType";
    case 422: return "Invalid";
    case 429: return "TooManyRequests";
    case 500: return "InternalError";
    case 503: return "ServiceUnavailable";
    case 504: return "Timeout";
    default: return code >= 500 ? "InternalError" : "Unknown";
  }
}

std::string text_of(const nlohmann::json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

bool fill_from_status(const std::string& body, ApiStatus& out) {
  const auto json = nlohmann::json::parse(body, nullptr, false);
  if (!json.is_object() || text_of(json, "kind") != "Status") return false;
  out.is_status_body = true;
  out.message = text_of(json, "message");
  if (auto reason = text_of(json, "reason"); !reason.empty()) out.reason = reason;
  const auto details = json.find("details");
  if (details == json.end() || !details->is_object()) return true;
  const auto causes = details->find("causes");
  if (causes == details->end() || !causes->is_array()) return true;
  for (const auto& cause : *causes) {
    if (cause.is_object()) out.causes.push_back({text_of(cause, "reason"), text_of(cause, "message"), text_of(cause, "field")});
  }
  return true;
}

// The start of a non-Status body on one line, control characters replaced.
std::string body_excerpt(std::string_view body) {
  constexpr std::size_t k_max = 200;
  const auto text = util::trim(body);
  if (text.empty()) return "(empty response body)";
  std::string out;
  for (char c : text.substr(0, k_max)) out.push_back(static_cast<unsigned char>(c) < 0x20 ? ' ' : c);
  if (text.size() > k_max) out += "...";
  return out;
}

}  // namespace

ApiStatus parse_status(const net::Response& response) {
  ApiStatus out;
  out.code = response.status;
  out.reason = reason_for_code(response.status);
  if (!fill_from_status(response.body, out)) {
    out.message = body_excerpt(response.body);
  }
  return out;
}

bool is_field_manager_conflict(const ApiStatus& status) {
  if (status.code != 409) return false;
  for (const auto& cause : status.causes) {
    if (cause.reason == "FieldManagerConflict") return true;
  }
  return false;
}

util::Error api_error(const ApiStatus& status) {
  std::string message = fmt::format("HTTP {} {}: {}", status.code, status.reason, status.message);
  if (is_field_manager_conflict(status)) {
    message += "\n  conflicting fields:";
    for (const auto& cause : status.causes) {
      if (cause.reason == "FieldManagerConflict") message += fmt::format("\n    {} ({})", cause.field, cause.message);
    }
    message += "\n  re-run with --force-conflicts to take ownership, or stop setting these fields";
  } else if (!status.causes.empty() && status.code != 409) {
    for (const auto& cause : status.causes) {
      if (!cause.field.empty() && status.message.find(cause.field) == std::string::npos) message += fmt::format("\n    {}: {}", cause.field, cause.message);
    }
  }
  return util::failure(message);
}

}  // namespace cococtl::kube
