#pragma once
// API errors: the Kubernetes Status object (reason, message, causes) and non-Status bodies
// (plain-text 429s from priority-and-fairness, HTML from proxies).

#include <cococtl/net/http.hpp>
#include <cococtl/util/result.hpp>

#include <string>
#include <vector>

namespace cococtl::kube {

struct StatusCause {
  std::string reason;  // e.g. FieldManagerConflict, FieldValueInvalid
  std::string message;
  std::string field;   // e.g. .spec.replicas
};

struct ApiStatus {
  int code = 0;              // HTTP status
  std::string reason;        // NotFound, Conflict, Invalid, TooManyRequests, ... (from the code when no Status)
  std::string message;       // the server's message, or the start of a non-Status body
  std::vector<StatusCause> causes;
  bool is_status_body = false;  // false: the body was not a Status (plain text, HTML, empty)
};

// Reads the Status in `response` (any code). Never fails: unparseable bodies become the message.
ApiStatus parse_status(const net::Response& response);

// True for a 409 whose causes are field-manager conflicts (server-side apply).
bool is_field_manager_conflict(const ApiStatus& status);

// The error for a failed API call: "HTTP 409 Conflict: <message>", plus, for apply conflicts,
// each conflicting field and its owner and how to resolve it. Exit code 1.
util::Error api_error(const ApiStatus& status);

}  // namespace cococtl::kube
