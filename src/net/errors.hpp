#pragma once
// Maps curl result codes to TransportError kinds and user-facing messages.

#include <cococtl/net/http.hpp>

#include "libcurl.hpp"

#include <string>

namespace cococtl::net::detail {

// The error for a failed exchange: "<phrase> for <METHOD> <URL>: <detail>". `detail` is curl's
// error buffer (or its generic text when empty). Interrupts give ExitCode::interrupted.
util::Error transport_failure(CURLcode code, const Request& request, const std::string& detail,
                              bool aborted_by_caller);

}  // namespace cococtl::net::detail
