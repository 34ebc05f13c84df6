#pragma once
// Time, backoff and polling for every retry and wait in cococtl (HTTP retries in net and oci,
// readiness waits in kube and install): one implementation, with an injectable clock so tests
// neither sleep nor depend on the machine's speed.

#include <cococtl/util/result.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace cococtl::util {

class Clock {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;
  // Sleeps `duration`, waking early on SIGINT; false when interrupted.
  virtual bool sleep_for(std::chrono::milliseconds duration) = 0;
};

// Real time: std::chrono::steady_clock, sleeps in slices of at most 50 ms so SIGINT is honoured
// within a tenth of a second. Shared, thread-safe.
Clock& system_clock();

// Exponential backoff with full jitter (the delay before retry n is random in
// [0, min(max, base * 2^n)]), the way client-go and the AWS architecture blog recommend.
struct Backoff {
  std::chrono::milliseconds base{100};
  std::chrono::milliseconds max{5000};
  bool jitter = true;  // false: always the ceiling (deterministic, for polls and tests)

  // The delay before retry `attempt` (0 = the first retry). Never negative.
  std::chrono::milliseconds delay(int attempt) const;
};

// An HTTP Retry-After header given in seconds (API servers and registries never use the date
// form), capped at 60 s; nullopt when absent or malformed.
std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value);

// Calls `check` until it returns true, backing off between calls, for at most `timeout`.
// Returns ok when `check` succeeded, its error when it failed, ExitCode::timed_out with
// "timed out after N s waiting for <what>" when time ran out, ExitCode::interrupted on SIGINT.
Result<void> poll_until(const std::function<Result<bool>()>& check, std::chrono::milliseconds timeout,
                        const std::string& what, Backoff backoff = {.base = std::chrono::milliseconds(50),
                                                                   .max = std::chrono::milliseconds(1000),
                                                                   .jitter = false},
                        Clock& clock = system_clock());

}  // namespace cococtl::util
