#pragma once
// A bounded single-producer/single-consumer queue of byte chunks between the HTTP transfer
// (producer) and the libarchive decoder thread (consumer). Either side can end it early.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <string>

namespace cococtl::oci {

class ByteChannel {
 public:
  explicit ByteChannel(std::size_t capacity_bytes) : m_capacity(capacity_bytes) {}

  // Blocks while the queue is full. Returns false (chunk dropped) once the consumer stopped.
  bool push(std::string chunk);
  // No more chunks will come.
  void close();
  // The next chunk; nullopt at the end of input (closed and drained) or once stopped.
  std::optional<std::string> pop();
  // The consumer needs no more input; wakes a blocked producer.
  void stop();
  bool stopped() const;

 private:
  mutable std::mutex m_mutex;
  std::condition_variable m_changed;
  std::deque<std::string> m_chunks;
  std::size_t m_bytes = 0;
  std::size_t m_capacity;
  bool m_closed = false;
  bool m_stopped = false;
};

}  // namespace cococtl::oci
