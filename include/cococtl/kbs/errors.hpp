#pragma once
// The KBS's error answers. Trustee replies {"type":"https://github.com/confidential-containers/
// kbs/errors/<Variant>","detail":"<text>"} with 404 for unknown paths and 401 for everything
// else (bad token, policy deny, missing resource...), so the variant says what happened.

#include <cococtl/net/http.hpp>
#include <cococtl/util/result.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace cococtl::kbs {

struct ErrorBody {
  std::string type;     // the full type URI
  std::string variant;  // its last path segment, e.g. "PolicyDeny"
  std::string detail;   // e.g. "Access denied by policy"
};

// Parses an error body; nullopt when `body` is not a JSON object with a string "type".
std::optional<ErrorBody> parse_error_body(std::string_view body);

// The error for a KBS answer that is not 2xx: "<what>: KBS answered HTTP 401 PolicyDeny: Access
// denied by policy (the resource policy refused this client)". Admin authentication failures
// (401/403 with an Admin* variant, or without a body on an admin call) are named as such.
// Always ExitCode::failure (the server refused).
util::Error response_error(const net::Response& response, std::string_view what, bool admin_call);

}  // namespace cococtl::kbs
