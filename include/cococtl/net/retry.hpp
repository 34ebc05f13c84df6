#pragma once
// Retries with exponential backoff and full jitter, the way client-go retries API calls.

#include <cococtl/net/http.hpp>

#include <chrono>

namespace cococtl::net {

struct RetryPolicy {
  int max_attempts = 10;  // total attempts, the first included
  std::chrono::milliseconds base_delay{100};
  std::chrono::milliseconds max_delay{5000};
};

// True for the statuses worth retrying: 429, 500, 502, 503, 504.
bool retryable_status(int status);

// Sends `request`, retrying on 429/500/502/503/504 and on connection resets, waiting
// `Retry-After` seconds when the server says so (capped at 60 s), else a random delay in
// [0, min(max_delay, base_delay * 2^attempt)]. Only call it for idempotent requests.
// Returns the last response (possibly still a 503) or the last transport error; stops
// early with ExitCode::interrupted after SIGINT. Other transport errors are not retried.
util::Result<Response> send_with_retry(HttpClient& client, const Request& request, const RetryPolicy& policy = {});

}  // namespace cococtl::net
