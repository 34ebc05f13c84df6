#include "sim/common/sim_clock.hpp"

#include <mutex>

namespace cococtl::sim {
namespace {

std::mutex g_mutex;
std::function<Clock::time_point()> g_source;

}  // namespace

Clock::time_point sim_now() {
  std::lock_guard lock(g_mutex);
  return g_source ? g_source() : Clock::now();
}

void set_time_source(std::function<Clock::time_point()> source) {
  std::lock_guard lock(g_mutex);
  g_source = std::move(source);
}

void set_clock_rate(double rate) {
  if (rate == 1.0) return set_time_source({});
  const auto wall_start = Clock::now();
  const auto steady_start = std::chrono::steady_clock::now();
  set_time_source([=] {
    const std::chrono::duration<double> real = std::chrono::steady_clock::now() - steady_start;
    return wall_start + std::chrono::duration_cast<Clock::duration>(real * rate);
  });
}

ManualClock::ManualClock(Clock::time_point start) : m_now(start) {
  set_time_source([this] { return m_now.load(); });
}

ManualClock::~ManualClock() { set_time_source({}); }

}  // namespace cococtl::sim
