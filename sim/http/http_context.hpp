#pragma once
// Private to the HTTP layer: what every request handler gets.

#include "sim/api/api.hpp"
#include "sim/http/auth.hpp"
#include "sim/http/media.hpp"
#include "sim/http/server.hpp"

#include <httplib.h>

#include <atomic>
#include <string>

namespace cococtl::sim {

struct ServerContext {
  Api& api;
  Authorizer authorizer;
  const TokenAuthenticator& tokens;
  const ServerOptions& options;
  std::atomic<bool> stopping{false};
  std::string server_address;  // host:port, for legacy /api discovery
};

struct Call {
  const httplib::Request& req;
  httplib::Response& res;
  Identity who;
};

void send_json(httplib::Response& res, int code, const json& body, const std::string& type = "application/json");
void send_error(httplib::Response& res, const ApiError& error);
void send_warnings(httplib::Response& res, const std::vector<std::string>& warnings);
std::string param(const httplib::Request& req, const char* name);

// Non-resource endpoints (/version, /healthz, discovery, OpenAPI, whoami). False when the path
// is not one of them.
bool handle_meta(ServerContext& ctx, Call& call);
// /api/v1/namespaces/{ns}/services/{name}/proxy/...: the service proxy. False when the path is
// not one.
bool handle_service_proxy(ServerContext& ctx, Call& call);
// /api/v1/... and /apis/<group>/<version>/... resource requests.
void handle_resource(ServerContext& ctx, Call& call);
// SelfSubjectAccessReview, SelfSubjectRulesReview, SelfSubjectReview.
void handle_review(ServerContext& ctx, Call& call, const ResourceType& type, const json& body);

struct WatchRequest {
  TypePtr type;
  std::string ns;
  std::string label_selector;
  std::string field_selector;
  std::string resource_version;
  bool bookmarks = false;
  bool send_initial_events = false;
  int timeout_seconds = 0;
  Representation representation = Representation::plain;
  std::string include_object;
};
// Starts a chunked stream of watch events on `res`.
void start_watch(ServerContext& ctx, httplib::Response& res, WatchRequest request);

}  // namespace cococtl::sim
