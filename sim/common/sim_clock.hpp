#pragma once
// The simulator's notion of "now" for every timestamp it writes (creationTimestamp,
// managedFields[].time, conditions) and the ages it prints. It is the system clock unless a
// test replaces it, or --clock-rate makes it run faster, so that "the wall-clock second changed
// between two requests" can be tested without sleeping.

#include <atomic>
#include <chrono>
#include <functional>

namespace cococtl::sim {

using Clock = std::chrono::system_clock;

// The current simulated time.
Clock::time_point sim_now();

// Replaces the time source; an empty function restores the system clock. Call before the
// controllers and the server run (tests, main), not concurrently with sim_now().
void set_time_source(std::function<Clock::time_point()> source);

// Simulated time runs `rate` times as fast as real time from now on (rate 1 = system clock).
void set_clock_rate(double rate);

// A hand-driven clock for in-process tests: installs itself on construction, restores the
// system clock on destruction.
class ManualClock {
 public:
  explicit ManualClock(Clock::time_point start = Clock::now());
  ~ManualClock();
  ManualClock(const ManualClock&) = delete;
  ManualClock& operator=(const ManualClock&) = delete;
  void advance(Clock::duration step) { m_now.store(m_now.load() + step); }
  Clock::time_point now() const { return m_now.load(); }

 private:
  std::atomic<Clock::time_point> m_now;
};

}  // namespace cococtl::sim
