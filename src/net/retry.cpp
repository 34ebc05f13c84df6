#include <cococtl/net/retry.hpp>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>

namespace cococtl::net {

bool retryable_status(int status) {
  return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
}

util::Result<Response> retry(const std::function<util::Result<Response>()>& send, const std::string& method,
                             const std::string& url, const RetryPolicy& policy) {
  util::Clock& clock = policy.clock ? *policy.clock : util::system_clock();
  const int attempts = std::max(1, policy.max_attempts);
  for (int attempt = 0;; ++attempt) {
    auto result = send();
    const bool last = attempt + 1 >= attempts;
    std::chrono::milliseconds delay{0};
    std::string why;
    if (result.ok()) {
      if (!retryable_status(result->status) || last) return result;
      delay = util::parse_retry_after(result->header("retry-after")).value_or(policy.backoff.delay(attempt));
      why = fmt::format("HTTP {}", result->status);
    } else {
      if (transport_error_of(result.error()) != TransportError::reset || last) return result;
      delay = policy.backoff.delay(attempt);
      why = "connection reset";
    }
    spdlog::debug("{} {}: {}, retry {}/{} in {} ms", method, url_for_message(url), why, attempt + 1, attempts - 1,
                  delay.count());
    if (!clock.sleep_for(delay)) {
      return util::Error{util::ExitCode::interrupted, fmt::format("interrupted during {} {}", method, url_for_message(url))};
    }
  }
}

util::Result<Response> send_with_retry(HttpClient& client, const Request& request, const RetryPolicy& policy) {
  return retry([&] { return client.send(request); }, request.method, request.url, policy);
}

}  // namespace cococtl::net
