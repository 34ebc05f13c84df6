#pragma once
// Maps curl result codes to TransportError kinds and user-facing messages.

#include "libcurl.hpp"

#include <cococtl/net/http.hpp>

#include <string>
#include <string_view>

namespace cococtl::net::detail {

// The limit that ran out when curl says CURLE_OPERATION_TIMEDOUT.
struct TimeoutPhase {
  long limit_ms = 0;
  std::string_view during;  // "" (waiting for the response) or " connecting" (TCP and TLS)
};

// "timed out after <limit> ms<during> for <METHOD> <URL>: <detail>", ExitCode::timed_out.
util::Error timeout_failure(const Request& request, const TimeoutPhase& phase, const std::string& detail);

// The error for a failed exchange: "<phrase> for <METHOD> <URL>: <detail>". `detail` is curl's
// error buffer (or its generic text when empty). Interrupts give ExitCode::interrupted.
util::Error transport_failure(CURLcode code, const Request& request, const std::string& detail,
                              bool aborted_by_caller);

}  // namespace cococtl::net::detail
