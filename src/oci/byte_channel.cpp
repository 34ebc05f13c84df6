#include "byte_channel.hpp"

namespace cococtl::oci {

bool ByteChannel::push(std::string chunk) {
  std::unique_lock lock(m_mutex);
  // A chunk larger than the capacity still goes through once the queue is empty.
  m_changed.wait(lock, [&] { return m_stopped || m_bytes == 0 || m_bytes + chunk.size() <= m_capacity; });
  if (m_stopped) return false;
  m_bytes += chunk.size();
  m_chunks.push_back(std::move(chunk));
  m_changed.notify_all();
  return true;
}

void ByteChannel::close() {
  std::lock_guard lock(m_mutex);
  m_closed = true;
  m_changed.notify_all();
}

std::optional<std::string> ByteChannel::pop() {
  std::unique_lock lock(m_mutex);
  m_changed.wait(lock, [&] { return m_stopped || m_closed || !m_chunks.empty(); });
  if (m_stopped || m_chunks.empty()) return std::nullopt;
  auto chunk = std::move(m_chunks.front());
  m_chunks.pop_front();
  m_bytes -= chunk.size();
  m_changed.notify_all();
  return chunk;
}

void ByteChannel::stop() {
  std::lock_guard lock(m_mutex);
  m_stopped = true;
  m_chunks.clear();
  m_bytes = 0;
  m_changed.notify_all();
}

bool ByteChannel::stopped() const {
  std::lock_guard lock(m_mutex);
  return m_stopped;
}

}  // namespace cococtl::oci
