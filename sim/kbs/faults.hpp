#pragma once
// Seeded fault injection for the KBS (--fault-rate R --faults 500,503,reset,slow --seed N): the
// n-th request gets the same fault on every run with the same seed, as a flaky route or pod would.

#include <cococtl/util/result.hpp>
#include <mutex>
#include <random>
#include <string_view>
#include <vector>

namespace cococtl::sim::kbs {

enum class Fault { none, internal_error, unavailable, reset, slow };

struct FaultConfig {
  double rate = 0.0;
  std::vector<Fault> kinds{Fault::internal_error, Fault::unavailable, Fault::reset, Fault::slow};
  unsigned long long seed = 1;
  int slow_ms = 1500;
  long limit = 0;  // at most this many faults in total (0 = no limit)
};

// Parses "500,503,reset,slow". Fails (usage) naming an unknown kind.
util::Result<std::vector<Fault>> parse_faults(std::string_view list);

class FaultInjector {
 public:
  explicit FaultInjector(FaultConfig config) : m_config(std::move(config)), m_random(m_config.seed) {}
  // The fault for the next request (Fault::none most of the time).
  Fault next();
  int slow_ms() const { return m_config.slow_ms; }

 private:
  FaultConfig m_config;
  std::mutex m_mutex;
  std::mt19937_64 m_random;
  long m_injected = 0;
};

}  // namespace cococtl::sim::kbs
