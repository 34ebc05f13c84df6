#include "sim/api/api_error.hpp"

#include <fmt/format.h>

namespace cococtl::sim {
namespace {

json resource_details(const std::string& group, const std::string& plural, const std::string& name) {
  json details = {{"kind", plural}};
  if (!name.empty()) details["name"] = name;
  if (!group.empty()) details["group"] = group;
  return details;
}

}  // namespace

json ApiError::to_status() const {
  json status = {{"kind", "Status"},   {"apiVersion", "v1"}, {"metadata", json::object()},
                 {"status", "Failure"}, {"message", message}, {"reason", reason},
                 {"code", code}};
  json d = details.is_object() ? details : json::object();
  if (retry_after_seconds > 0) d["retryAfterSeconds"] = retry_after_seconds;
  if (!d.empty()) status["details"] = d;
  return status;
}

std::string qualified_resource(const std::string& group, const std::string& plural) {
  return group.empty() ? plural : plural + "." + group;
}

ApiError not_found(const std::string& group, const std::string& plural, const std::string& name) {
  return {404, "NotFound", fmt::format("{} \"{}\" not found", qualified_resource(group, plural), name),
          resource_details(group, plural, name)};
}

ApiError already_exists(const std::string& group, const std::string& plural, const std::string& name) {
  return {409, "AlreadyExists", fmt::format("{} \"{}\" already exists", qualified_resource(group, plural), name),
          resource_details(group, plural, name)};
}

ApiError conflict(const std::string& group, const std::string& plural, const std::string& name, const std::string& why) {
  return {409, "Conflict",
          fmt::format("Operation cannot be fulfilled on {} \"{}\": {}", qualified_resource(group, plural), name, why),
          resource_details(group, plural, name)};
}

ApiError invalid(const std::string& group, const std::string& kind, const std::string& name,
                 const std::vector<StatusCause>& causes) {
  std::string text;
  json cause_list = json::array();
  for (const auto& cause : causes) {
    if (!text.empty()) text += ", ";
    text += cause.field.empty() ? cause.message : cause.field + ": " + cause.message;
    cause_list.push_back({{"reason", cause.reason}, {"message", cause.message}, {"field", cause.field}});
  }
  const std::string what = group.empty() ? kind : kind + "." + group;
  const std::string message = causes.size() == 1 ? fmt::format("{} \"{}\" is invalid: {}", what, name, text)
                                                  : fmt::format("{} \"{}\" is invalid: [{}]", what, name, text);
  json details = {{"name", name}, {"kind", kind}, {"causes", cause_list}};
  if (!group.empty()) details["group"] = group;
  return {422, "Invalid", message, details};
}

ApiError bad_request(std::string message) { return {400, "BadRequest", std::move(message)}; }

ApiError forbidden(std::string message, const std::string& group, const std::string& plural, const std::string& name) {
  return {403, "Forbidden", std::move(message), resource_details(group, plural, name)};
}

ApiError unauthorized() { return {401, "Unauthorized", "Unauthorized"}; }
ApiError method_not_allowed(std::string message) { return {405, "MethodNotAllowed", std::move(message)}; }
ApiError unsupported_media_type(std::string message) { return {415, "UnsupportedMediaType", std::move(message)}; }
ApiError gone(std::string message) { return {410, "Expired", std::move(message)}; }
ApiError internal_error(std::string message) { return {500, "InternalError", std::move(message)}; }

}  // namespace cococtl::sim
