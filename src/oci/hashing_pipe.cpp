#include "hashing_pipe.hpp"

namespace cococtl::oci {
namespace {
constexpr std::size_t k_chunk_bytes = 256 * 1024;
constexpr std::size_t k_channel_bytes = 4 * 1024 * 1024;
}  // namespace

HashingPipe::HashingPipe(crypto::DigestStream hash, const BlobSink& sink)
    : m_hash(std::move(hash)), m_sink(sink), m_channel(k_channel_bytes) {
  m_staging.reserve(k_chunk_bytes);
  m_worker = std::thread([this] { run(); });
}

HashingPipe::~HashingPipe() {
  if (m_worker.joinable()) {
    m_channel.stop();
    m_worker.join();
  }
}

void HashingPipe::run() {
  bool open = true;
  while (auto chunk = m_channel.pop()) {
    m_hash.update(*chunk);
    if (open) open = m_sink(*chunk);
    if (!open) m_sink_done = true;
  }
}

void HashingPipe::feed(std::string_view bytes) {
  m_staging.append(bytes);
  if (m_staging.size() < k_chunk_bytes) return;
  std::string chunk;
  chunk.reserve(k_chunk_bytes);
  std::swap(chunk, m_staging);
  m_channel.push(std::move(chunk));
}

util::Result<std::string> HashingPipe::finish_hex() {
  if (!m_staging.empty()) m_channel.push(std::move(m_staging));
  m_staging.clear();
  m_channel.close();
  if (m_worker.joinable()) m_worker.join();
  return m_hash.finish_hex();
}

}  // namespace cococtl::oci
