#include <cococtl/util/backoff.hpp>
#include <cococtl/util/interrupt.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <random>
#include <thread>

namespace cococtl::util {
namespace {

constexpr std::chrono::milliseconds k_slice{50};
constexpr std::chrono::milliseconds k_max_retry_after{60000};

class SystemClock final : public Clock {
 public:
  TimePoint now() const override { return std::chrono::steady_clock::now(); }

  bool sleep_for(std::chrono::milliseconds duration) override {
    const auto until = now() + duration;
    for (auto left = duration; left.count() > 0 && !interrupted();
         left = std::chrono::duration_cast<std::chrono::milliseconds>(until - now())) {
      std::this_thread::sleep_for(std::min(left, k_slice));
    }
    return !interrupted();
  }
};

std::string seconds_text(std::chrono::milliseconds d) {
  return d.count() % 1000 == 0 ? fmt::format("{} s", d.count() / 1000) : fmt::format("{:.1f} s", d.count() / 1000.0);
}

}  // namespace

Clock& system_clock() {
  static SystemClock clock;
  return clock;
}

std::chrono::milliseconds Backoff::delay(int attempt) const {
  const auto shift = std::clamp(attempt, 0, 20);
  const long long ceiling = std::max<long long>(0, std::min<long long>(max.count(), base.count() << shift));
  if (!jitter) return std::chrono::milliseconds(ceiling);
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  return std::chrono::milliseconds(std::uniform_int_distribution<long long>(0, ceiling)(rng));
}

std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value) {
  long seconds = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (value.empty() || ec != std::errc() || end != value.data() + value.size() || seconds < 0) return std::nullopt;
  return std::min<std::chrono::milliseconds>(std::chrono::seconds(seconds), k_max_retry_after);
}

Result<void> poll_until(const std::function<Result<bool>()>& check, std::chrono::milliseconds timeout,
                        const std::string& what, Backoff backoff, Clock& clock) {
  const auto deadline = clock.now() + timeout;
  for (int attempt = 0;; ++attempt) {
    COCO_TRY_ASSIGN(const bool done, check());
    if (done) return {};
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock.now());
    if (left.count() <= 0) {
      return Error{ExitCode::timed_out, fmt::format("timed out after {} waiting for {}", seconds_text(timeout), what)};
    }
    if (!clock.sleep_for(std::min(left, backoff.delay(attempt)))) {
      return Error{ExitCode::interrupted, "interrupted while waiting for " + what};
    }
  }
}

}  // namespace cococtl::util
