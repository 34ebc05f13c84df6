#pragma once
// Retries with exponential backoff and full jitter, the way client-go retries API calls. The
// one retry loop for HTTP in cococtl: kube and oci both go through retry().

#include <cococtl/net/http.hpp>
#include <cococtl/util/backoff.hpp>

#include <chrono>
#include <functional>

namespace cococtl::net {

struct RetryPolicy {
  int max_attempts = 10;  // total attempts, the first included
  util::Backoff backoff{};
  util::Clock* clock = nullptr;  // nullptr: util::system_clock()
};

// True for the statuses worth retrying: 429, 500, 502, 503, 504.
bool retryable_status(int status);

// Calls `send` (one attempt of `method url`) again on 429/500/502/503/504 and on connection
// resets, waiting `Retry-After` when the server says so (capped at 60 s), else the policy's
// backoff. Only for idempotent requests. Returns the last response (possibly still a 503) or
// the last transport error; stops early with ExitCode::interrupted after SIGINT. Other
// transport errors are not retried. `url` is shown without its query string.
util::Result<Response> retry(const std::function<util::Result<Response>()>& send, const std::string& method,
                             const std::string& url, const RetryPolicy& policy = {});

// retry() of client.send(request).
util::Result<Response> send_with_retry(HttpClient& client, const Request& request, const RetryPolicy& policy = {});

}  // namespace cococtl::net
