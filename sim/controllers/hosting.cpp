#include "sim/controllers/hosting.hpp"

namespace cococtl::sim {

void PodPayloads::set(const std::string& uid, std::string content) {
  std::lock_guard lock(m_mutex);
  m_content[uid] = std::move(content);
}

std::optional<std::string> PodPayloads::get(const std::string& uid) const {
  std::lock_guard lock(m_mutex);
  const auto it = m_content.find(uid);
  if (it == m_content.end()) return std::nullopt;
  return it->second;
}

void PodPayloads::retain(const std::set<std::string>& uids) {
  std::lock_guard lock(m_mutex);
  std::erase_if(m_content, [&uids](const auto& entry) { return uids.count(entry.first) == 0; });
}

}  // namespace cococtl::sim
