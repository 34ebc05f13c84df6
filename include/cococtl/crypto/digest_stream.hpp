#pragma once
// Incremental digests for data that arrives in pieces (downloads hashed while streaming).

#include <cococtl/crypto/digest.hpp>
#include <cococtl/util/result.hpp>

#include <memory>
#include <string>
#include <string_view>

namespace cococtl::crypto {

class DigestStream {
 public:
  // Starts a digest. Fails only if OpenSSL cannot provide the algorithm.
  static util::Result<DigestStream> create(DigestAlgorithm algorithm);
  ~DigestStream();
  DigestStream(DigestStream&&) noexcept;
  DigestStream& operator=(DigestStream&&) noexcept;

  // Adds bytes. Never fails (OpenSSL update on an initialised context cannot fail in practice;
  // a failure is remembered and reported by finish()).
  void update(std::string_view bytes);
  // The raw digest of everything added; the stream cannot be used afterwards. Fails if an
  // update or the finalisation failed inside OpenSSL.
  util::Result<std::string> finish();
  // finish() as lower-case hex.
  util::Result<std::string> finish_hex();

 private:
  struct Impl;
  explicit DigestStream(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

}  // namespace cococtl::crypto
