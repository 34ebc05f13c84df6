#pragma once
// Hashes a blob and hands it to its sink on a worker thread, so the thread receiving from the
// network only copies bytes (hashing 1 GiB costs about as much CPU as the TLS decryption).

#include "byte_channel.hpp"

#include <cococtl/crypto/digest_stream.hpp>
#include <cococtl/oci/client.hpp>

#include <atomic>
#include <string>
#include <string_view>
#include <thread>

namespace cococtl::oci {

class HashingPipe {
 public:
  HashingPipe(crypto::DigestStream hash, const BlobSink& sink);
  ~HashingPipe();
  HashingPipe(const HashingPipe&) = delete;
  HashingPipe& operator=(const HashingPipe&) = delete;

  // Queues bytes (blocks while the worker is behind by more than a few MiB).
  void feed(std::string_view bytes);
  // True once the sink returned false (it wants no more bytes; hashing goes on).
  bool sink_done() const { return m_sink_done; }
  // Waits for the worker and returns the lower-case hex digest of everything fed.
  util::Result<std::string> finish_hex();

 private:
  void run();

  crypto::DigestStream m_hash;
  const BlobSink& m_sink;
  ByteChannel m_channel;
  std::string m_staging;
  std::atomic<bool> m_sink_done{false};
  std::thread m_worker;
};

}  // namespace cococtl::oci
