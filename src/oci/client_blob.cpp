#include <cococtl/oci/client.hpp>

#include "client_impl.hpp"

#include <cococtl/crypto/digest_stream.hpp>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace cococtl::oci {
namespace {

// The receiving side of one blob download, kept across retries: a restarted transfer skips
// the bytes already hashed, so the digest covers every byte exactly once.
struct BlobReceiver {
  const Descriptor& descriptor;
  const BlobSink& sink;
  BlobOptions options;
  crypto::DigestStream hash;
  std::int64_t received = 0;
  std::int64_t skip = 0;
  bool sink_open = true;
  bool stopped_early = false;
  bool overflow = false;

  bool take(std::string_view chunk) {
    if (skip > 0) {
      const auto dropped = std::min<std::int64_t>(skip, static_cast<std::int64_t>(chunk.size()));
      chunk.remove_prefix(static_cast<std::size_t>(dropped));
      skip -= dropped;
      if (chunk.empty()) return true;
    }
    if (received + static_cast<std::int64_t>(chunk.size()) > descriptor.size) {
      overflow = true;
      return false;
    }
    hash.update(chunk);
    received += static_cast<std::int64_t>(chunk.size());
    if (sink_open) sink_open = sink(chunk);
    if (!sink_open && options.stop_when_sink_done) stopped_early = true;
    return !stopped_early;
  }
};

util::Error corrupt(const Descriptor& d, const Reference& ref, const std::string& why) {
  return util::failure(fmt::format("blob {} of {} is corrupt: {}", d.digest, ref.name(), why));
}

}  // namespace

util::Result<BlobStats> RegistryClient::stream_blob(const Descriptor& descriptor, const BlobSink& sink, BlobOptions options) {
  auto& impl = *m_impl;
  COCO_TRY_ASSIGN(auto hash, crypto::DigestStream::create(crypto::DigestAlgorithm::sha256));
  BlobReceiver receiver{descriptor, sink, options, std::move(hash)};
  BlobStats stats;
  const auto url = impl.api_url("blobs", descriptor.digest);
  auto sent = impl.send_retrying([&] {
    ++stats.requests;
    receiver.skip = receiver.received;
    net::Request request;
    request.url = url;
    request.timeout = impl.options.blob_timeout;
    request.headers.emplace_back("User-Agent", impl.options.user_agent);
    // Blobs are hashed as stored: ask for no transfer encoding, so nothing is decoded on the way.
    request.headers.emplace_back("Accept-Encoding", "identity");
    request.on_body = [&receiver](std::string_view chunk) { return receiver.take(chunk); };
    return request;
  });
  stats.bytes = receiver.received;
  if (receiver.overflow) return corrupt(descriptor, impl.ref, fmt::format("the registry sent more than its {} bytes", descriptor.size));
  if (receiver.stopped_early) {
    spdlog::debug("{}: stopped reading blob {} after {} bytes (not verified)", impl.ref.name(), descriptor.digest, stats.bytes);
    return stats;
  }
  COCO_TRY_ASSIGN(const auto response, std::move(sent));
  if (response.status < 200 || response.status > 299) {
    return impl.registry_failure(response, fmt::format("GET blob {} of {}", descriptor.digest, impl.ref.name()));
  }
  if (receiver.received != descriptor.size) {
    return corrupt(descriptor, impl.ref, fmt::format("received {} bytes, expected {}", receiver.received, descriptor.size));
  }
  COCO_TRY_ASSIGN(const auto hex, receiver.hash.finish_hex());
  if ("sha256:" + hex != descriptor.digest) return corrupt(descriptor, impl.ref, fmt::format("its content hashes to sha256:{}", hex));
  stats.verified = true;
  return stats;
}

util::Result<std::string> RegistryClient::get_blob(const Descriptor& descriptor, std::size_t max_bytes) {
  if (descriptor.size < 0 || static_cast<std::size_t>(descriptor.size) > max_bytes) {
    return util::failure(fmt::format("blob {} of {} is {} bytes, more than the {} allowed", descriptor.digest,
                                     m_impl->ref.name(), descriptor.size, max_bytes));
  }
  std::string content;
  COCO_TRY(stream_blob(descriptor, [&](std::string_view chunk) {
    content.append(chunk);
    return true;
  }));
  return content;
}

}  // namespace cococtl::oci
