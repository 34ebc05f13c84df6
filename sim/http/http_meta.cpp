// Non-resource endpoints: health, /version, discovery (aggregated and legacy), OpenAPI v3,
// and OpenShift's "who am I" (/apis/user.openshift.io/v1/users/~).
#include "sim/http/discovery.hpp"
#include "sim/http/http_context.hpp"
#include "sim/http/openapi.hpp"

#include <cococtl/util/strings.hpp>

#include <fmt/format.h>

namespace cococtl::sim {

void send_json(httplib::Response& res, int code, const json& body, const std::string& type) {
  res.status = code;
  res.set_content(body.dump(), type);
}

void send_error(httplib::Response& res, const ApiError& error) {
  if (error.retry_after_seconds > 0) res.set_header("Retry-After", std::to_string(error.retry_after_seconds));
  send_json(res, error.code, error.to_status());
}

void send_warnings(httplib::Response& res, const std::vector<std::string>& warnings) {
  for (const auto& w : warnings) res.set_header("Warning", "299 - " + json(w).dump());
}

std::string param(const httplib::Request& req, const char* name) {
  return req.has_param(name) ? req.get_param_value(name) : "";
}

namespace {

json version_info(const std::string& git_version) {
  const auto parts = util::split(git_version.substr(1), '.');
  return {{"major", parts.size() > 0 ? parts[0] : "1"}, {"minor", parts.size() > 1 ? parts[1] : "32"},
          {"gitVersion", git_version}, {"gitCommit", "0000000000000000000000000000000000000000"},
          {"gitTreeState", "clean"}, {"buildDate", "2026-01-01T00:00:00Z"}, {"goVersion", "go1.23.6"},
          {"compiler", "gc"}, {"platform", "linux/amd64"}};
}

bool non_resource_allowed(Call& call) {
  RequestAttributes what{"get", "", "", "", "", "", call.req.path, false};
  if (call.req.path == "/version" || call.req.path.rfind("/healthz", 0) == 0 || call.req.path == "/readyz" ||
      call.req.path == "/livez" || call.who.authenticated) {
    return true;  // system:public-info-viewer and system:discovery
  }
  send_error(call.res, forbidden(forbidden_message(call.who, what), "", "", ""));
  return false;
}

void discovery_root(ServerContext& ctx, Call& call, bool core) {
  const Representation r = negotiate(call.req.get_header_value("Accept"), true);
  call.res.set_header("Vary", "Accept");
  if (r == Representation::aggregated_discovery || r == Representation::aggregated_discovery_v2beta1) {
    const std::string version = r == Representation::aggregated_discovery ? "apidiscovery.k8s.io/v2"
                                                                          : "apidiscovery.k8s.io/v2beta1";
    send_json(call.res, 200, aggregated_discovery(ctx.api.registry(), core, version), content_type(r));
  } else if (core) {
    send_json(call.res, 200, legacy_core_versions(ctx.server_address));
  } else {
    send_json(call.res, 200, legacy_group_list(ctx.api.registry()));
  }
}

bool discovery_path(ServerContext& ctx, Call& call, const std::vector<std::string>& s) {
  if (s.size() == 1 && s[0] == "api") return discovery_root(ctx, call, true), true;
  if (s.size() == 1 && s[0] == "apis") return discovery_root(ctx, call, false), true;
  std::optional<json> doc;
  if (s.size() == 2 && s[0] == "api") {
    doc = legacy_resource_list(ctx.api.registry(), "", s[1]);
  } else if (s.size() == 2 && s[0] == "apis") {
    doc = legacy_group(ctx.api.registry(), s[1]);
  } else if (s.size() == 3 && s[0] == "apis") {
    doc = legacy_resource_list(ctx.api.registry(), s[1], s[2]);
  } else {
    return false;
  }
  if (doc) {
    send_json(call.res, 200, *doc);
  } else {
    send_error(call.res, ApiError{404, "NotFound", "the server could not find the requested resource"});
  }
  return true;
}

void openapi(ServerContext& ctx, Call& call) {
  const std::string path = call.req.path;
  if (path == "/openapi/v3" || path == "/openapi/v3/") return send_json(call.res, 200, openapi_index(ctx.api.registry()));
  const auto doc = openapi_document(ctx.api.registry(), path.substr(std::string("/openapi/v3/").size()));
  if (!doc) return send_error(call.res, ApiError{404, "NotFound", "the server could not find the requested resource"});
  call.res.set_header("Cache-Control", "public, immutable");
  send_json(call.res, 200, *doc);
}

// /openapi/v2 without definitions: kubectl's client-side validation (used for `kind: List` files
// and for kinds the server does not serve) finds no schema and leaves the checks to the server,
// which validates every object (fieldValidation) as kubectl learns from /openapi/v3.
void openapi_v2(ServerContext& ctx, Call& call) {
  const std::string& version = ctx.options.kubernetes_version;
  if (call.req.get_header_value("Accept").find("protobuf") == std::string::npos) {
    return send_json(call.res, 200, {{"swagger", "2.0"}, {"info", {{"title", "Kubernetes"}, {"version", version}}},
                                     {"paths", json::object()}, {"definitions", json::object()}});
  }
  // gnostic openapi_v2.Document: swagger (1), info (2: title 1, version 2), paths (8), definitions (9).
  const auto field = [](int number, const std::string& payload) {
    return std::string(1, static_cast<char>(number << 3 | 2)) + static_cast<char>(payload.size()) + payload;
  };
  const std::string body = field(1, "2.0") + field(2, field(1, "Kubernetes") + field(2, version)) + field(8, "") +
                           field(9, "");
  call.res.set_content(body, "application/com.github.proto-openapi.spec.v2.v1.0+protobuf");
}

}  // namespace

bool handle_meta(ServerContext& ctx, Call& call) {
  const std::string& path = call.req.path;
  std::vector<std::string> segments;
  for (auto& s : util::split(path, '/')) {
    if (!s.empty()) segments.push_back(s);
  }
  const bool meta = path == "/version" || path == "/healthz" || path == "/readyz" || path == "/livez" ||
                    path.rfind("/openapi/", 0) == 0 || path == "/apis/user.openshift.io/v1/users/~" ||
                    (!segments.empty() && segments.size() <= 3 && (segments[0] == "api" || segments[0] == "apis") &&
                     !(segments[0] == "api" && segments.size() == 3));
  if (!meta) return false;
  if (call.req.method != "GET") {
    send_error(call.res, method_not_allowed("the server does not allow this method on the requested resource"));
    return true;
  }
  if (!non_resource_allowed(call)) return true;
  if (path == "/version") return send_json(call.res, 200, version_info(ctx.options.kubernetes_version)), true;
  if (path == "/healthz" || path == "/readyz" || path == "/livez") return call.res.set_content("ok", "text/plain"), true;
  if (path == "/openapi/v2") return openapi_v2(ctx, call), true;
  if (path.rfind("/openapi/", 0) == 0) {
    if (path.rfind("/openapi/v3", 0) != 0) {
      send_error(call.res, ApiError{404, "NotFound", "the server could not find the requested resource"});
    } else {
      openapi(ctx, call);
    }
    return true;
  }
  if (path == "/apis/user.openshift.io/v1/users/~") {
    send_json(call.res, 200, {{"kind", "User"}, {"apiVersion", "user.openshift.io/v1"},
                              {"metadata", {{"name", call.who.user}}}, {"groups", call.who.groups}});
    return true;
  }
  return discovery_path(ctx, call, segments);
}

}  // namespace cococtl::sim
