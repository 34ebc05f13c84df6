#pragma once
// The KBS HTTP API (kbs/src/api_server.rs) over a KbsState, independent of the HTTP library:
// /kbs/v0/<plugin>/... with the built-in auth, attest, attestation-policy, resource-policy and
// reference-value handlers and the resource plugin.

#include <map>
#include <string>

#include "kbs/errors.hpp"
#include "kbs/state.hpp"

namespace cococtl::sim::kbs {

struct ApiRequest {
  std::string method;  // GET, POST, PUT, DELETE
  std::string path;    // the full path, "/kbs/v0/resource/default/key/1"
  std::map<std::string, std::string> query;
  std::string body;
  std::string authorization;  // the Authorization header
  std::string cookie;         // the Cookie header
};

struct ApiResponse {
  int status = 200;
  std::string content_type;  // "" = no Content-Type (an empty 200)
  std::string body;
  std::string set_cookie;  // "" = none

  static ApiResponse error(const KbsError& e) { return {e.status(), "application/json", e.body(), ""}; }
  static ApiResponse json(std::string body) { return {200, "application/json", std::move(body), ""}; }
};

// Answers one request. Never fails: every failure becomes Trustee's error response.
ApiResponse handle_request(KbsState& state, const ApiRequest& request);

// The built-in handlers and the resource plugin (attest.cpp, resource.cpp, admin.cpp).
ApiResponse handle_auth(KbsState& state, const ApiRequest& request);
ApiResponse handle_attest(KbsState& state, const ApiRequest& request);
ApiResponse handle_resource(KbsState& state, const ApiRequest& request, const std::vector<std::string>& path);
ApiResponse handle_admin(KbsState& state, const ApiRequest& request, const std::string& plugin,
                         const std::vector<std::string>& path);
// True when `plugin` names a built-in admin endpoint for `method`.
bool is_admin_endpoint(const std::string& plugin, const std::string& method);

// The attested token of the session named by a Cookie header, if any.
std::optional<std::string> session_token(KbsState& state, const std::string& cookie_header);

}  // namespace cococtl::sim::kbs
