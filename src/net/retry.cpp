#include <cococtl/net/retry.hpp>

#include <cococtl/util/interrupt.hpp>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <optional>
#include <random>
#include <thread>

namespace cococtl::net {
namespace {

constexpr std::chrono::milliseconds k_max_retry_after{60000};

// Retry-After in seconds (the HTTP-date form is not used by API servers); nullopt otherwise.
std::optional<std::chrono::milliseconds> retry_after(const Response& response) {
  const std::string value = response.header("retry-after");
  long seconds = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (value.empty() || ec != std::errc() || end != value.data() + value.size() || seconds < 0) return std::nullopt;
  return std::min<std::chrono::milliseconds>(std::chrono::seconds(seconds), k_max_retry_after);
}

std::chrono::milliseconds jittered(const RetryPolicy& policy, int attempt) {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  const auto shift = std::min(attempt, 20);
  const auto ceiling = std::min<long long>(policy.max_delay.count(), policy.base_delay.count() << shift);
  std::uniform_int_distribution<long long> pick(0, std::max<long long>(ceiling, 0));
  return std::chrono::milliseconds(pick(rng));
}

// Sleeps in short slices so SIGINT ends the wait promptly; false when interrupted.
bool interruptible_sleep(std::chrono::milliseconds total) {
  const auto until = std::chrono::steady_clock::now() + total;
  while (std::chrono::steady_clock::now() < until) {
    if (util::interrupted()) return false;
    std::this_thread::sleep_for(std::min<std::chrono::milliseconds>(std::chrono::milliseconds(50),
        std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now())));
  }
  return !util::interrupted();
}

}  // namespace

bool retryable_status(int status) {
  return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
}

util::Result<Response> send_with_retry(HttpClient& client, const Request& request, const RetryPolicy& policy) {
  const int attempts = std::max(1, policy.max_attempts);
  for (int attempt = 0;; ++attempt) {
    auto result = client.send(request);
    const bool last = attempt + 1 >= attempts;
    std::chrono::milliseconds delay{0};
    std::string why;
    if (result.ok()) {
      if (!retryable_status(result->status) || last) return result;
      delay = retry_after(*result).value_or(jittered(policy, attempt));
      why = fmt::format("HTTP {}", result->status);
    } else {
      if (transport_error_of(result.error()) != TransportError::reset || last) return result;
      delay = jittered(policy, attempt);
      why = "connection reset";
    }
    spdlog::debug("{} {}: {}, retry {}/{} in {} ms", request.method, request.url, why, attempt + 1, attempts - 1, delay.count());
    if (!interruptible_sleep(delay)) {
      return util::Error{util::ExitCode::interrupted, fmt::format("interrupted during {} {}", request.method, request.url)};
    }
  }
}

}  // namespace cococtl::net
