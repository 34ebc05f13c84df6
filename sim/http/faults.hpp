#pragma once
// Deterministic fault injection (--fault-rate R --faults 429,500,503,reset,slow --seed N): the
// n-th request gets the same fault on every run with the same seed.

#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace cococtl::sim {

enum class Fault { none, too_many_requests, internal_error, unavailable, reset, slow };

struct FaultConfig {
  double rate = 0.0;
  std::vector<Fault> kinds;
  unsigned long long seed = 1;
  int slow_ms = 1500;
  long limit = 0;  // at most this many faults in total (0 = no limit): "fail N times, then work"
};

// Parses "429,500,503,reset,slow". nullopt (and `error`) on an unknown name.
std::optional<std::vector<Fault>> parse_faults(const std::string& list, std::string& error);

class FaultInjector {
 public:
  explicit FaultInjector(FaultConfig config);
  // The fault for the next request (Fault::none most of the time).
  Fault next();
  int slow_ms() const { return m_config.slow_ms; }

 private:
  FaultConfig m_config;
  std::mutex m_mutex;
  std::mt19937_64 m_random;
  long m_injected = 0;
};

}  // namespace cococtl::sim
