#include "sim/http/faults.hpp"

#include <cococtl/util/strings.hpp>

namespace cococtl::sim {

std::optional<std::vector<Fault>> parse_faults(const std::string& list, std::string& error) {
  std::vector<Fault> out;
  for (const auto& raw : util::split(list, ',')) {
    const std::string name(util::trim(raw));
    if (name.empty()) continue;
    if (name == "429") out.push_back(Fault::too_many_requests);
    else if (name == "500") out.push_back(Fault::internal_error);
    else if (name == "503") out.push_back(Fault::unavailable);
    else if (name == "reset") out.push_back(Fault::reset);
    else if (name == "slow") out.push_back(Fault::slow);
    else {
      error = "unknown fault \"" + name + "\" (expected 429, 500, 503, reset, slow)";
      return std::nullopt;
    }
  }
  return out;
}

FaultInjector::FaultInjector(FaultConfig config) : m_config(std::move(config)), m_random(m_config.seed) {}

Fault FaultInjector::next() {
  if (m_config.rate <= 0.0 || m_config.kinds.empty()) return Fault::none;
  std::lock_guard lock(m_mutex);
  if (m_config.limit > 0 && m_injected >= m_config.limit) return Fault::none;
  const double draw = std::uniform_real_distribution<double>(0.0, 1.0)(m_random);
  const auto pick = m_random() % m_config.kinds.size();
  if (draw >= m_config.rate) return Fault::none;
  ++m_injected;
  return m_config.kinds[pick];
}

}  // namespace cococtl::sim
